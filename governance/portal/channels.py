"""The portal's own outbox sender: e-mail through Django's mail backend (SMTP in production)."""

import contextlib
import smtplib

from django.core.mail import EmailMessage, get_connection

from governance.lib.channels import PermanentFailure, Sender, register_sender
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
