"""Celery tasks: take ids or dates, call a service, safe to run twice (they are acknowledged late)."""

import datetime
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from governance.portal import services
from governance.territory.models import Area


@shared_task(ignore_result=True)
def outbox_deliver(message_ids: list[int]) -> int:
    """Wake-up after a commit: send these outbox messages now (the sweep would, a little later)."""
    return services.outbox_deliver(message_ids=message_ids, deadline=_budget())


@shared_task(ignore_result=True)
def outbox_sweep() -> int:
    """The periodic sweep: send whatever is pending or whose sender's lease ran out."""
    return services.outbox_sweep(deadline=_budget())


def _budget() -> float:
    # Stop taking new messages well before the soft time limit; the rest wait for the next sweep.
    return time.monotonic() + settings.CELERY_TASK_SOFT_TIME_LIMIT / 2


@shared_task
def reminders_run_daily(date: str | None = None) -> dict:
    """The one daily beat entry: run every app's reminder rules for today (or the given ISO date).

    A run that reaches the soft time limit hands the rest of the day to a fresh task: the ledger makes the
    continuation skip what was sent, so a street too big for one task's limit still gets every reminder today.
    """
    today = datetime.date.fromisoformat(date) if date else timezone.localdate()
    try:
        report = services.reminders_run(today=today)
    except SoftTimeLimitExceeded:
        reminders_run_daily.delay(today.isoformat())
        return {"continued": 1}
    return report.sent


@shared_task
def ping(value: str) -> str:
    """Round trip used by the real-worker test and by operators checking the broker."""
    return f"{value}:{Area.objects.count()}"


@shared_task(ignore_result=True)
def beat_heartbeat() -> str:
    """Sent by the scheduler every few minutes; its row's last run is what `/healthz/` reads. The database
    scheduler writes that only every few minutes, so the task, which only the scheduler sends, writes it too."""
    from django_celery_beat.models import PeriodicTask

    now = timezone.now()
    PeriodicTask.objects.filter(name="beat-heartbeat").update(last_run_at=now)
    return now.isoformat()
