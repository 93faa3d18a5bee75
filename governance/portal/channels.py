"""The portal's own outbox senders: e-mail through Django's mail backend (SMTP in production), and text
messages through the SMS backend (governance.lib.sms)."""

import contextlib
import smtplib

from django.core.mail import EmailMessage, get_connection

from governance.lib import crypto, sms
from governance.lib.channels import PermanentFailure, Sender, register_sender
from governance.lib.validators import normalise_phone, validate_phone
from governance.portal.choices import Channel


@register_sender(Channel.EMAIL)
class EmailSender(Sender):
    """Sends a batch over one SMTP connection; QUIT waits until the outbox has recorded the acceptances,
    so that the window in which a killed sender leaves an accepted message unrecorded stays small."""

    def __init__(self):
        self.connection = None

    def send(self, message) -> None:
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
            self.connection.open()
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.address],
            # Derived from the outbox row: a resend after an ambiguous failure is recognisably the same message.
            headers={"Message-ID": message.message_id},
            connection=self.connection,
        )
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure(f"the server refused the address: {exc.recipients}") from exc
        except Exception:
            self.close()  # the connection may be broken: the next message opens a fresh one
            raise

    def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            # A server that went away after accepting: nothing left to tell it.
            with contextlib.suppress(Exception):
                connection.close()


@register_sender(Channel.SMS)
class SmsSender(Sender):
    """Sends a batch through one connection of the configured SMS backend (`JIEDAO_SMS_BACKEND`).

    An SMS row's address is the phone number encrypted like every stored phone (governance.lib.crypto): the
    outbox keeps no plain number. A number that is not a phone fails at once; so does a provider's refusal.
    """

    def __init__(self):
        self.backend = None

    def send(self, message) -> None:
        phone = _phone_of(message.address)
        if self.backend is None:
            self.backend = sms.get_backend()
            self.backend.open()
        try:
            self.backend.send_messages(
                [sms.SmsMessage(to=phone, body=message.body, message_id=message.message_id)]
            )
        except PermanentFailure:
            raise
        except Exception:
            self.close()  # the connection may be broken: the next message opens a fresh one
            raise

    def close(self) -> None:
        backend, self.backend = self.backend, None
        if backend is not None:
            with contextlib.suppress(Exception):
                backend.close()


def _phone_of(address: str) -> str:
    try:
        phone = normalise_phone(
            crypto.decrypt(address) if address.startswith(f"{crypto.PREFIX}:") else address
        )
        validate_phone(phone)
    except Exception as exc:  # not decryptable, or not a phone: no retry can mend the row
        raise PermanentFailure(f"not a phone number: {type(exc).__name__}") from exc
    return phone
