"""Creating notifications and e-mailing them once the transaction that created them has committed."""

from django.db import transaction


def notifications_create(*, recipients, title: str, body: str = "", url: str = "") -> list:
    from governance.models import Notification

    created = Notification.objects.bulk_create(
        [Notification(recipient=user, title=title[:200], body=body, url=url) for user in recipients]
    )
    ids = [n.pk for n in created if n.pk is not None]
    if ids:
        from governance.tasks import notifications_email

        transaction.on_commit(lambda: notifications_email.delay(ids))
    return created


def emails_send_on_commit(*, addresses: list[str], title: str, body: str = "", url: str = "") -> None:
    """E-mail people who have no account, once the transaction that decided to write has committed."""
    from django.conf import settings
    from django.core.mail import send_mail

    text = f"{body}\n\n{settings.JIEDAO_SITE_URL}{url}" if url else body
    transaction.on_commit(lambda: send_mail(title[:200], text, None, list(addresses), fail_silently=True))
