"""The portal's own outbox sender: e-mail through Django's mail backend (SMTP in production)."""

import smtplib

from django.core.mail import EmailMessage

from governance.lib.channels import PermanentFailure, register_sender
from governance.portal.choices import Channel


@register_sender(Channel.EMAIL)
def email_send(message) -> None:
    """Hand one outbox message to the mail server; returns only once the server has accepted it."""
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[message.address],
        # Derived from the outbox row: a resend after an ambiguous failure is recognisably the same message.
        headers={"Message-ID": message.message_id},
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentFailure(f"the server refused the address: {exc.recipients}") from exc
