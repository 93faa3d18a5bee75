"""API tokens: issued by /api/token/, expire after API_TOKEN_TTL_HOURS, revoked at logout and password change."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

PASSWORD = "right-password-2026"
ISSUED = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


@pytest.fixture
def user(secretary_a):
    secretary_a.set_password(PASSWORD)
    secretary_a.save()
    return secretary_a


def _token(client=None):
    client = client or Client()
    response = client.post("/api/token/", {"username": "secretary_a", "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()


def _me(key):
    """The status of an API call with this token, and the error code when refused."""
    response = Client().get("/api/portal/notifications/", HTTP_AUTHORIZATION=f"Token {key}")
    return response.status_code, response.json()["error"]["code"] if response.status_code != 200 else None


# DRF answers 403 rather than 401 because session authentication comes first (it sends no challenge).
REFUSED = (403, "authentication_failed")


def test_a_token_works_until_it_expires_and_then_a_new_one_is_issued(user, settings):
    settings.API_TOKEN_TTL_HOURS = 12
    with time_machine.travel(ISSUED, tick=False):
        body = _token()
        assert body["expires_at"] == "2026-12-01T21:00:00+08:00"
        assert _me(body["token"]) == (200, None)
    with time_machine.travel(ISSUED + timedelta(hours=12, seconds=1), tick=False):
        assert _me(body["token"]) == REFUSED
        assert Token.objects.filter(user=user).count() == 0
        renewed = _token()
    assert renewed["token"] != body["token"]


def test_asking_again_before_expiry_gives_the_same_token(user):
    assert _token()["token"] == _token()["token"]
    assert Token.objects.filter(user=user).count() == 1


def test_wrong_password_is_a_400_in_the_error_shape(user):
    response = Client().post("/api/token/", {"username": "secretary_a", "password": "wrong"})
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert Token.objects.count() == 0


def test_logout_revokes_the_token(user):
    key = _token()["token"]
    browser = Client()
    browser.force_login(user)
    assert browser.post("/logout/").status_code == 302
    assert _me(key) == REFUSED


def test_a_password_change_revokes_the_token(user):
    key = _token()["token"]
    user.set_password("another-password-2026")
    user.save()
    assert _me(key) == REFUSED
    assert Token.objects.filter(user=user).count() == 0
