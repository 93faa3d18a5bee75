"""Session lifetime: 30 idle minutes, 12 hours in all; signed-in pages are not cached."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

pytestmark = pytest.mark.django_db

LOGIN = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def _signed_in(client, user):
    with time_machine.travel(LOGIN, tick=False):
        client.force_login(user)
        assert client.get("/").status_code == 200
    return client


def test_idle_for_longer_than_the_limit_logs_out(client, secretary_a, settings):
    settings.SESSION_IDLE_SECONDS = 1800
    _signed_in(client, secretary_a)
    with time_machine.travel(LOGIN + timedelta(minutes=31), tick=False):
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_activity_keeps_the_session_until_the_absolute_limit(client, secretary_a, settings):
    settings.SESSION_IDLE_SECONDS = 1800
    settings.SESSION_ABSOLUTE_SECONDS = 12 * 3600
    _signed_in(client, secretary_a)
    at = LOGIN
    for _ in range(23):  # a request every 29 minutes for 11 h 07 min
        at += timedelta(minutes=29)
        with time_machine.travel(at, tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel(LOGIN + timedelta(hours=12, minutes=1), tick=False):
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_signed_in_pages_are_not_stored_by_browsers_or_proxies(client, secretary_a):
    client.force_login(secretary_a)
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert "no-store" in client.get("/residents/?export=xlsx").headers.get("Cache-Control", "")
