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


@pytest.mark.django_db
def test_every_declared_schedule_is_in_the_table_right_after_migrate_before_any_scheduler_ran(settings):
    """The test database was built by `migrate`; no beat process has touched it."""
    from django_celery_beat.models import PeriodicTask

    rows = {t.name: t for t in PeriodicTask.objects.select_related("crontab", "interval")}
    assert set(settings.CELERY_BEAT_SCHEDULE) <= set(rows)
    daily = rows["daily-reminders"]
    assert daily.task == "governance.portal.tasks.reminders_run_daily"
    assert (daily.crontab.hour, daily.crontab.minute, str(daily.crontab.timezone)) == (
        "7",
        "0",
        "Asia/Shanghai",
    )
    heartbeat = rows["beat-heartbeat"]
    assert heartbeat.interval.every == int(settings.CELERY_BEAT_SCHEDULE["beat-heartbeat"]["schedule"])
    assert heartbeat.expire_seconds == 60


@pytest.mark.django_db
def test_schedule_sync_keeps_what_an_administrator_changed():
    from django_celery_beat.models import PeriodicTask

    from governance.portal.services import schedule_sync

    PeriodicTask.objects.filter(name="daily-reminders").update(enabled=False)
    schedule_sync()
    assert PeriodicTask.objects.filter(name="daily-reminders").count() == 1
    assert PeriodicTask.objects.get(name="daily-reminders").enabled is False


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("governance.portal.tasks.reminders_run_daily", "reminders"),
        ("governance.portal.tasks.beat_heartbeat", "reminders"),
        ("governance.portal.tasks.notifications_email", "outbox"),
        ("governance.portal.tasks.outbox_send", "outbox"),
        ("governance.residents.tasks.residents_import", "imports"),
        ("partybuilding.tasks.report_quarterly", "reports"),
        ("governance.portal.tasks.ping", "default"),
    ],
)
def test_tasks_go_to_the_queue_of_their_kind(task, queue):
    from config.celery import app

    route = app.amqp.router.route({}, task)
    assert route["queue"].name == queue
