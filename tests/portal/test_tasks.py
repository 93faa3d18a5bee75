"""Celery: a task through a real worker over the real Redis broker, and the daily schedule in the DB."""

import pytest

from governance.portal.tasks import ping


@pytest.mark.realservices
def test_a_task_runs_in_a_real_worker_against_the_test_database(celery_worker, territory):
    result = ping.delay("hello")
    # The worker answers from its own process, reading the same (committed) test database.
    assert result.get(timeout=60) == "hello:10"


def test_tasks_run_eagerly_without_a_broker(settings, territory):
    assert ping.delay("x").get(timeout=5) == "x:10"


@pytest.mark.django_db(transaction=True)  # the beat scheduler closes stale connections as it starts
def test_the_daily_reminder_entry_is_in_the_database_schedule():
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from config.celery import app

    DatabaseScheduler(app=app, lazy=True).setup_schedule()
    task = PeriodicTask.objects.get(name="daily-reminders")
    assert task.task == "governance.portal.tasks.reminders_run_daily"
    assert (task.crontab.hour, task.crontab.minute) == ("7", "0")
    sweep = PeriodicTask.objects.get(name="outbox-sweep")
    assert sweep.task == "governance.portal.tasks.outbox_sweep"
    # Every minute, and a sweep left in the queue during an outage expires before the next one is due.
    assert (sweep.interval.every, sweep.interval.period, sweep.expire_seconds) == (60, "seconds", 60)
