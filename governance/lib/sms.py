"""Text messages to phones through a pluggable backend, in the manner of Django's e-mail backends.

`JIEDAO_SMS_BACKEND` names the class (a dotted path). Nothing in the portal calls a backend directly: every
message is an outbox row (channel "sms"), and the outbox's SMS sender hands it to the backend. A backend
opens whatever connection it needs in `open()`, sends with `send_messages()` (returning once the provider
accepted every message, raising otherwise) and releases it in `close()`.

Backends shipped here:

- `ConsoleBackend` prints each message (development; the default with DEBUG on);
- `FileBackend` appends each message as one JSON line to a file under `JIEDAO_SMS_FILE_PATH`;
- `LocmemBackend` keeps them in `governance.lib.sms.outbox` (tests);
- `HttpProviderBackend` is the adapter for a real provider: it posts one JSON request per message to
  `JIEDAO_SMS_PROVIDER_URL`. Providers differ in the shape of that request (Aliyun, Tencent Cloud and most
  domestic gateways want a signature name, a template code and template parameters): subclass it and override
  `build_request()` and `check_response()`; the rest (timeouts, what counts as permanent) stays.
"""

import json
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

from governance.lib.channels import PermanentFailure


@dataclass(frozen=True)
class SmsMessage:
    """One text to one phone; `message_id` is the outbox row's, so a resend is recognisably the same."""

    to: str
    body: str
    message_id: str = ""


class BaseSmsBackend:
    """The shape of a backend; usable as a context manager like Django's mail connections."""

    def __init__(self, fail_silently: bool = False, **kwargs):
        self.fail_silently = fail_silently

    def open(self) -> None:
        """Open a connection to the provider if the backend keeps one."""

    def close(self) -> None:
        """Release the connection."""

    def __enter__(self):
        self.open()
        return self

    def __exit__(self, *exc):
        self.close()

    def send_messages(self, messages: list[SmsMessage]) -> int:
        raise NotImplementedError


class ConsoleBackend(BaseSmsBackend):
    """Writes each message to standard output (or the given stream)."""

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, messages):
        with self._lock:
            for message in messages:
                self.stream.write(f"SMS to {message.to} [{message.message_id}]\n{message.body}\n{'-' * 40}\n")
            self.stream.flush()
        return len(messages)


class FileBackend(BaseSmsBackend):
    """Appends each message as a JSON line to `<JIEDAO_SMS_FILE_PATH>/sms.jsonl` (development)."""

    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        directory = file_path or getattr(settings, "JIEDAO_SMS_FILE_PATH", "")
        if not directory:
            raise ImproperlyConfigured("The file SMS backend needs JIEDAO_SMS_FILE_PATH (a directory).")
        self.path = Path(directory) / "sms.jsonl"

    def send_messages(self, messages):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            for message in messages:
                line = {**asdict(message), "at": timezone.now().isoformat()}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return len(messages)


# The messages the locmem backend accepted, oldest first (tests empty it between tests).
outbox: list[SmsMessage] = []


class LocmemBackend(BaseSmsBackend):
    """Keeps the messages in `governance.lib.sms.outbox`, like Django's locmem mail backend."""

    def send_messages(self, messages):
        outbox.extend(messages)
        return len(messages)


class HttpProviderBackend(BaseSmsBackend):
    """Posts each message to an HTTP SMS gateway; the skeleton every real provider's adapter starts from.

    Settings: `JIEDAO_SMS_PROVIDER_URL` (the gateway's send endpoint), `JIEDAO_SMS_PROVIDER_KEY` (sent as a
    bearer token), `JIEDAO_SMS_SIGN` (the registered signature, e.g. 【梁家屯路街道】) and
    `JIEDAO_SMS_TIMEOUT` (seconds, shorter than the outbox's lease). The generic request is
    `{"to", "text", "sign", "id"}`; the gateway answers 2xx when it accepted the message. A 4xx answer means
    the number or the text was refused, which trying again cannot mend (`PermanentFailure`); anything else
    (5xx, a timeout, no answer) is left to the outbox to retry.
    """

    def __init__(self, *args, url=None, key=None, sign=None, timeout=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.url = url or getattr(settings, "JIEDAO_SMS_PROVIDER_URL", "")
        self.key = key or getattr(settings, "JIEDAO_SMS_PROVIDER_KEY", "")
        self.sign = sign if sign is not None else getattr(settings, "JIEDAO_SMS_SIGN", "")
        self.timeout = timeout or getattr(settings, "JIEDAO_SMS_TIMEOUT", 10)
        if not self.url:
            raise ImproperlyConfigured("The HTTP SMS backend needs JIEDAO_SMS_PROVIDER_URL.")

    def build_request(self, message: SmsMessage) -> urllib.request.Request:
        """The provider's request for one message (override for a provider's own shape and signing)."""
        payload = {"to": message.to, "text": message.body, "sign": self.sign, "id": message.message_id}
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        return urllib.request.Request(
            self.url, data=json.dumps(payload, ensure_ascii=False).encode(), headers=headers, method="POST"
        )

    def check_response(self, status: int, body: bytes) -> None:
        """Raise unless the provider accepted the message (override where a 200 can still say "refused")."""
        if 400 <= status < 500:
            raise PermanentFailure(f"the SMS gateway refused the message ({status}): {body[:200]!r}")
        if not 200 <= status < 300:
            raise RuntimeError(f"the SMS gateway answered {status}: {body[:200]!r}")

    def send_messages(self, messages):
        for message in messages:
            request = self.build_request(message)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    self.check_response(response.status, response.read())
            except urllib.error.HTTPError as exc:
                self.check_response(exc.code, exc.read())
        return len(messages)


def get_backend(backend: str | None = None, **kwargs) -> BaseSmsBackend:
    """An instance of the configured backend (or of the one named)."""
    path = backend or settings.JIEDAO_SMS_BACKEND
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"JIEDAO_SMS_BACKEND names {path!r}, which cannot be imported.") from exc
    return cls(**kwargs)
