"""Text messages: the pluggable backends, and the outbox's "sms" channel that delivers through them."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from governance.lib import sms
from governance.lib.channels import SENDERS, PermanentFailure
from governance.models import OutboxMessage
from governance.portal import services
from governance.portal.channels import SmsSender

PHONE = "13800138000"


class _Gateway(BaseHTTPRequestHandler):
    """A local SMS gateway: records each request, answers with the status the test chose."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.headers.get("Authorization"), json.loads(body)))
        self.send_response(self.server.status)
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    server.received, server.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}/send"
    yield server
    server.shutdown()
    server.server_close()


def test_the_sms_channel_has_its_sender():
    assert SENDERS["sms"] is SmsSender


def test_console_file_and_locmem_backends(tmp_path, _sms_outbox):
    message = sms.SmsMessage(to=PHONE, body="您的确认码 123456", message_id="<outbox-1>")
    stream = io.StringIO()
    assert sms.get_backend("governance.lib.sms.ConsoleBackend", stream=stream).send_messages([message]) == 1
    assert "SMS to 13800138000 [<outbox-1>]\n您的确认码 123456\n" in stream.getvalue()

    with sms.get_backend("governance.lib.sms.FileBackend", file_path=tmp_path) as backend:
        backend.send_messages([message, message])
    lines = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["body"] for line in lines] == ["您的确认码 123456", "您的确认码 123456"]

    assert sms.get_backend().send_messages([message]) == 1  # the tests' setting: locmem
    assert _sms_outbox == [message]


def test_a_backend_that_cannot_be_imported_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        sms.get_backend("governance.lib.sms.NoSuchBackend")
    with pytest.raises(ImproperlyConfigured):
        sms.get_backend("governance.lib.sms.HttpProviderBackend", url="")


def test_the_provider_adapter_posts_each_message_and_tells_refusals_from_outages(gateway):
    backend = sms.HttpProviderBackend(url=gateway.url, key="k-1", sign="【梁家屯路街道】", timeout=2)
    backend.send_messages([sms.SmsMessage(to=PHONE, body="您的需求已办结", message_id="<m1>")])
    assert gateway.received == [
        ("Bearer k-1", {"to": PHONE, "text": "您的需求已办结", "sign": "【梁家屯路街道】", "id": "<m1>"})
    ]
    gateway.status = 400  # the number or the text refused: no retry helps
    with pytest.raises(PermanentFailure):
        backend.send_messages([sms.SmsMessage(to=PHONE, body="x")])
    gateway.status = 503  # the gateway is down for now: the outbox tries again later
    with pytest.raises(RuntimeError):
        backend.send_messages([sms.SmsMessage(to=PHONE, body="x")])


def test_an_sms_leaves_through_the_outbox_with_the_phone_encrypted_in_its_row(
    db, _sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [row] = services.sms_queue(phones=[PHONE, PHONE, ""], subject="确认码", body="您的确认码 246810")
    row.refresh_from_db()
    assert (row.channel, row.state, row.attempts, row.subject) == ("sms", "sent", 1, "确认码")
    assert PHONE not in row.address
    with connection.cursor() as cursor:  # nor anywhere in the stored row
        cursor.execute("SELECT address, subject, body FROM governance_outboxmessage WHERE id = %s", [row.pk])
        assert PHONE not in " ".join(cursor.fetchone())
    assert _sms_outbox == [sms.SmsMessage(to=PHONE, body="您的确认码 246810", message_id=row.message_id)]
    assert services.outbox_sweep() == 0  # sent once
    assert len(_sms_outbox) == 1


def test_through_the_provider_adapter_a_refusal_fails_at_once_and_an_outage_is_retried(
    db, settings, gateway, street_admin
):
    settings.JIEDAO_SMS_BACKEND = "governance.lib.sms.HttpProviderBackend"
    settings.JIEDAO_SMS_PROVIDER_URL = gateway.url
    services.sms_queue(phones=[PHONE], subject="评价邀请", body="请评价")
    gateway.status = 503
    assert services.outbox_sweep() == 0
    row = OutboxMessage.objects.get()
    assert (row.state, row.attempts) == ("pending", 1)
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    gateway.status = 200
    assert services.outbox_sweep() == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, len(gateway.received)) == ("sent", 2, 2)

    services.sms_queue(phones=["13900139000"], subject="评价邀请", body="请评价")
    gateway.status = 400
    assert services.outbox_sweep() == 0
    refused = OutboxMessage.objects.get(state="failed")
    assert refused.attempts == 1 and "refused" in refused.last_error


def test_a_row_whose_address_is_no_phone_fails_at_once(db, _sms_outbox, street_admin):
    OutboxMessage.objects.create(channel="sms", address="not-a-phone", subject="确认码", body="x")
    assert services.outbox_sweep() == 0
    row = OutboxMessage.objects.get()
    assert (row.state, row.attempts) == ("failed", 1)
    assert "not a phone number" in row.last_error
    assert _sms_outbox == []
