"""A local SMTP server (aiosmtpd) that counts what arrives, by Message-ID, for the outbox's tests."""

import collections
import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller

PORTS = range(8130, 8140)  # this project's spare loopback ports for SMTP sinks


def free_port(ports) -> int:
    for port in ports:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports}")


class Sink:
    """aiosmtpd handler: accepts every message (refusing addresses that contain "refused") and keeps it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[tuple[str, str, str]] = []  # (Message-ID, recipient, subject)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "refused" in address:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received.append((str(parsed["Message-ID"]), rcpt, str(parsed["Subject"])))
        return "250 Message accepted for delivery"

    def by_message_id(self) -> collections.Counter:
        with self.lock:
            return collections.Counter(message_id for message_id, _rcpt, _subject in self.received)


class SmtpSink:
    """Start with `SmtpSink().start()`; `port`, `sink`, `stop()`."""

    def __init__(self, ports=PORTS):
        self.port = free_port(ports)
        self.sink = Sink()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def email_settings(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
        }
