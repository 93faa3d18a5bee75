"""The outbox's senders for WeCom (企业微信) and DingTalk (钉钉) group robots: one JSON POST per message.

WeCom: ``POST <webhook>`` with ``{"msgtype": "text", "text": {"content": …}}``; DingTalk the same body, and
with a signing secret ``&timestamp=<ms>&sign=<base64 of HMAC-SHA256("<ms>\\n<secret>", key=secret)>`` on the
URL (DingTalk refuses a timestamp more than an hour old, so it is taken at each try). Both answer
``{"errcode": 0, "errmsg": "ok"}``. A 5xx, a 429, a broken connection or an unknown nonzero errcode is tried
again later; any other 4xx, a redirect, or an errcode that says the robot's own settings are wrong (its key,
its signature, its keywords) fails at once: no retry can mend it, an administrator must.

The webhook is read from the message's channel settings when it is sent, never copied into the outbox, and
the errors recorded on a row never contain it (the key in it is the robot's password).
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from governance.lib.channels import PermanentFailure, Sender, register_sender
from governance.portal.choices import Channel

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
# Bytes of the answer read at most: a robot answers with a few dozen.
ANSWER_LIMIT = 64 * 1024


def validate_robot_webhook(value: str) -> None:
    """A robot's webhook: HTTPS on one of the hosts in `JIEDAO_ROBOT_HOSTS` (plain HTTP only on loopback).

    The portal posts to whatever address is stored here, so only the robots' own hosts are accepted: a
    mistyped or malicious address cannot make the server call into the office's network.
    """
    if not value:
        return
    parts = urllib.parse.urlsplit(value)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise ValidationError(_("Enter the robot's webhook address as the group settings show it."))
    if host not in settings.JIEDAO_ROBOT_HOSTS:
        raise ValidationError(
            _("Robots are reached only at %(hosts)s.") % {"hosts": "、".join(settings.JIEDAO_ROBOT_HOSTS)}
        )
    if parts.scheme == "http" and host not in LOOPBACK:
        raise ValidationError(_("A robot's webhook starts with https://."))


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature of a request: base64 of HMAC-SHA256 over "<timestamp>\\n<secret>", keyed by the secret."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _with_query(url: str, **params) -> str:
    parts = urllib.parse.urlsplit(url)
    extra = urllib.parse.urlencode(params)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit(parts._replace(query=query))


def _clip(text: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, cut on a character boundary."""
    return text.encode()[:limit].decode(errors="ignore")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a robot never redirects; following one would post the message somewhere else


_opener = urllib.request.build_opener(_NoRedirect)


class RobotError(Exception):
    """The robot did not take the message this time (tried again later)."""


class RobotSender(Sender):
    """One POST per message to the robot named by the message's channel settings."""

    channel = ""
    text_limit = 2048
    # Answers that mean the robot's settings are wrong, not that it is busy.
    permanent_errcodes: frozenset[int] = frozenset()

    def send(self, message) -> None:
        preference = message.preference
        webhook = preference.webhook(self.channel) if preference is not None else ""
        if not webhook:
            raise PermanentFailure("the robot's settings were removed or have no webhook")
        try:
            validate_robot_webhook(webhook)
        except ValidationError as exc:
            raise PermanentFailure(f"the webhook is not allowed: {'; '.join(exc.messages)}") from exc
        status, answer = self.post(self.url(webhook, preference), self.payload(message))
        self.check(status, answer)

    def url(self, webhook: str, preference) -> str:
        return webhook

    def payload(self, message) -> dict:
        text = f"{message.subject}\n{message.body}" if message.body else message.subject
        return {"msgtype": "text", "text": {"content": _clip(text, self.text_limit)}}

    def post(self, url: str, payload: dict) -> tuple[int, bytes]:
        data = json.dumps(payload, ensure_ascii=False).encode()
        request = urllib.request.Request(
            url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        try:
            with _opener.open(request, timeout=settings.JIEDAO_ROBOT_TIMEOUT) as response:
                return response.status, response.read(ANSWER_LIMIT)
        except urllib.error.HTTPError as exc:  # a 3xx, 4xx or 5xx: the status decides
            try:
                return exc.code, exc.read(ANSWER_LIMIT)
            finally:
                exc.close()
        except (urllib.error.URLError, OSError) as exc:
            # Only the reason: the URL carries the robot's key and must not reach the row's error.
            reason = getattr(exc, "reason", exc)
            raise RobotError(f"{type(reason).__name__}: {reason}") from None

    def check(self, status: int, answer: bytes) -> None:
        if status == 429 or status >= 500:
            raise RobotError(f"HTTP {status}")
        if not 200 <= status < 300:
            raise PermanentFailure(f"HTTP {status}: the robot refuses this webhook")
        try:
            result = json.loads(answer or b"{}")
            errcode = int(result.get("errcode", 0))
        except (ValueError, TypeError, AttributeError):
            raise RobotError(f"HTTP {status} with an answer that is not the robot's JSON") from None
        if errcode == 0:
            return
        detail = f"errcode {errcode}: {str(result.get('errmsg', ''))[:200]}"
        if errcode in self.permanent_errcodes:
            raise PermanentFailure(detail)
        raise RobotError(detail)


@register_sender(Channel.WECOM)
class WeComSender(RobotSender):
    """企业微信群机器人: text of at most 2048 bytes."""

    channel = Channel.WECOM
    text_limit = 2048
    # 93000: invalid webhook (wrong or deleted key); 40008 / 44004: a message WeCom cannot take.
    permanent_errcodes = frozenset({93000, 40008, 44004})


@register_sender(Channel.DINGTALK)
class DingTalkSender(RobotSender):
    """钉钉自定义机器人: text, signed with the robot's secret when it has one (加签)."""

    channel = Channel.DINGTALK
    text_limit = 18000
    # 310000: signature, keyword or address check failed; 300001 / 300005: the access token is not valid.
    permanent_errcodes = frozenset({310000, 300001, 300005})

    def url(self, webhook: str, preference) -> str:
        secret = preference.dingtalk_secret
        if not secret:
            return webhook
        timestamp = int(time.time() * 1000)
        return _with_query(webhook, timestamp=timestamp, sign=dingtalk_sign(secret, timestamp))
