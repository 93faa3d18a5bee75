"""Celery tasks: take ids or dates, call a service, safe to run twice."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task
def notifications_email(notification_ids: list[int]) -> int:
    """E-mail notifications not yet e-mailed; a conditional UPDATE claims each, so none goes out twice."""
    from governance.models import Notification

    sent = 0
    for notification in Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient"):
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed or not notification.recipient.email:
            continue
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{settings.JIEDAO_SITE_URL}{notification.url}"
        send_mail(notification.title, body, None, [notification.recipient.email], fail_silently=True)
        sent += 1
    return sent


@shared_task
def reminders_run_daily(date: str | None = None) -> dict:
    """The one daily beat entry: run every app's reminder rules for today (or the given ISO date)."""
    from governance.lib.reminders import reminders_run

    today = datetime.date.fromisoformat(date) if date else timezone.localdate()
    report = reminders_run(today=today)
    return report.sent


@shared_task
def ping(value: str) -> str:
    """Round trip used by the real-worker test and by operators checking the broker."""
    from governance.models import Area

    return f"{value}:{Area.objects.count()}"
