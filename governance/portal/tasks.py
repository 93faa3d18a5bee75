"""Celery tasks: take ids or dates, call a service, safe to run twice."""

import datetime

from celery import shared_task
from django.utils import timezone

from governance.portal import services
from governance.territory.models import Area


@shared_task
def notifications_email(notification_ids: list[int]) -> int:
    """E-mail notifications not yet e-mailed (each at most once)."""
    return services.notifications_email(notification_ids=notification_ids)


@shared_task
def reminders_run_daily(date: str | None = None) -> dict:
    """The one daily beat entry: run every app's reminder rules for today (or the given ISO date)."""
    today = datetime.date.fromisoformat(date) if date else timezone.localdate()
    report = services.reminders_run(today=today)
    return report.sent


@shared_task
def ping(value: str) -> str:
    """Round trip used by the real-worker test and by operators checking the broker."""
    return f"{value}:{Area.objects.count()}"


@shared_task(ignore_result=True)
def beat_heartbeat() -> str:
    """Sent by the scheduler every few minutes; the scheduler's record of sending it is what `/healthz/` reads."""
    return timezone.now().isoformat()
