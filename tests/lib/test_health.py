"""`/healthz/`: 200 when every registered check passes, 503 with the failing check named otherwise."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from governance.lib import health

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

# A port of this machine on which nothing listens (the range reserved for this project's own fault tests).
DEAD_BROKER = "redis://127.0.0.1:6419/0"


@pytest.fixture
def beat_ran(settings):
    """A scheduler that sent its heartbeat a minute ago (clock stopped), with a broker configured."""
    settings.CELERY_BROKER_URL = settings.CELERY_BROKER_URL or "memory://"
    every = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    task = PeriodicTask.objects.create(
        name="test-heartbeat",
        task="governance.portal.tasks.beat_heartbeat",
        interval=every,
        last_run_at=NOW - timedelta(minutes=1),
    )
    with time_machine.travel(NOW, tick=False):
        yield task


def test_all_checks_pass_gives_200_and_names_each_check(client, beat_ran):
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert {"database", "broker", "beat"} <= set(body["checks"])
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["beat"]["age_seconds"] == 60
    assert "no-store" in response["Cache-Control"]


def test_broker_down_gives_503_without_revealing_the_url(client, beat_ran, settings):
    settings.CELERY_BROKER_URL = DEAD_BROKER
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert "6419" not in response.content.decode()


def test_stale_beat_gives_503(client, beat_ran, settings):
    PeriodicTask.objects.filter(pk=beat_ran.pk).update(last_run_at=NOW - timedelta(hours=2))
    settings.HEALTH_BEAT_MAX_AGE = 3600
    response = client.get("/healthz/")
    assert response.status_code == 503
    beat = response.json()["checks"]["beat"]
    assert beat["ok"] is False
    assert beat["age_seconds"] == 7200


def test_beat_that_never_ran_gives_503(client, settings):
    settings.CELERY_BROKER_URL = settings.CELERY_BROKER_URL or "memory://"
    PeriodicTask.objects.update(last_run_at=None)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["checks"]["beat"]["last_run_at"] is None


def test_without_a_broker_tasks_run_in_process_and_beat_is_not_needed(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"]["mode"] == "eager"
    assert response.json()["checks"]["beat"]["mode"] == "eager"


def test_a_registered_check_that_raises_fails_alone(client, beat_ran):
    def broken():
        raise RuntimeError("secret detail")

    health.register_check("broken", broken)
    try:
        response = client.get("/healthz/")
    finally:
        del health.CHECKS["broken"]
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broken"]["ok"] is False
    assert checks["broken"]["error"] == "RuntimeError"
    assert "secret detail" not in response.content.decode()
    assert checks["database"]["ok"] is True


def test_a_registered_check_adds_its_detail(client, beat_ran):
    health.register_check("pending-emails", lambda: (True, {"pending": 3}))
    try:
        response = client.get("/healthz/")
    finally:
        del health.CHECKS["pending-emails"]
    assert response.status_code == 200
    assert response.json()["checks"]["pending-emails"]["pending"] == 3


def test_only_get(client):
    assert client.post("/healthz/").status_code == 405
