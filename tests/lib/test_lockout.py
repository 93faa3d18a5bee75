"""Lock-out after failed logins: per user name and address, per user name from anywhere, the Chinese 429."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.test import Client

from governance.lib.lockout import lockout_release

pytestmark = pytest.mark.django_db

PASSWORD = "right-password-2026"
OFFICE = "10.1.2.3"  # the street office's NAT: everyone there shares it


@pytest.fixture
def two_users(secretary_a, secretary_b):
    for user in (secretary_a, secretary_b):
        user.set_password(PASSWORD)
        user.save()
    return secretary_a, secretary_b


def _login(username, password, ip=OFFICE, **extra):
    return Client(REMOTE_ADDR=ip, **extra).post("/login/", {"username": username, "password": password})


def _fail(username, times, ip=OFFICE, **extra):
    for _ in range(times):
        _login(username, "wrong", ip, **extra)


def test_five_wrong_passwords_lock_that_user_on_that_address_only(two_users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    locked, colleague = two_users
    _fail(locked.username, 5)

    response = _login(locked.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "暂停登录" in html
    assert "街道管理员" in html
    assert 'data-testid="retry-at"' in html

    assert _login(colleague.username, PASSWORD).status_code == 302  # same address, other user: in
    assert _login(locked.username, PASSWORD, ip="10.9.9.9").status_code == 302  # same user, home: in


def test_a_long_run_for_one_user_name_locks_it_from_every_address(two_users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_USERNAME_FAILURE_LIMIT = 8
    target, _ = two_users
    for i in range(8):
        _login(target.username, "wrong", ip=f"10.0.0.{i}")
    assert _login(target.username, PASSWORD, ip="10.9.9.9").status_code == 429


def test_below_both_limits_the_right_password_still_works(two_users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    user, _ = two_users
    _fail(user.username, 4)
    assert _login(user.username, PASSWORD).status_code == 302
    assert AccessAttempt.objects.filter(username=user.username).count() == 0  # reset on success


def test_the_api_token_endpoint_counts_too_and_answers_json(two_users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    user, _ = two_users
    api = Client(REMOTE_ADDR=OFFICE)
    for _ in range(3):
        api.post("/api/token/", {"username": user.username, "password": "wrong"})
    _fail(user.username, 2)
    response = api.post("/api/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"


def test_without_the_proxy_switch_a_forwarded_address_is_ignored(two_users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.BEHIND_TLS_PROXY = False
    user, _ = two_users
    for i in range(5):  # an attacker cannot escape the count by inventing addresses
        _login(user.username, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}
    assert _login(user.username, PASSWORD).status_code == 429


def test_behind_the_proxy_the_last_forwarded_hop_is_the_client(two_users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.BEHIND_TLS_PROXY = True
    proxy = "127.0.0.1"
    locked, colleague = two_users
    _fail(locked.username, 5, ip=proxy, HTTP_X_FORWARDED_FOR="spoofed, 10.1.1.1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.1.1.1"}
    assert _login(locked.username, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="10.1.1.1").status_code == 429
    assert _login(locked.username, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="10.2.2.2").status_code == 302
    assert _login(colleague.username, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="10.1.1.1").status_code == 302


def test_unlock_one_user_by_service_and_by_command(two_users, settings):
    settings.AXES_FAILURE_LIMIT = 5
    first, second = two_users
    _fail(first.username, 5)
    _fail(second.username, 5)
    assert lockout_release(username=first.username) == 1
    assert _login(first.username, PASSWORD).status_code == 302
    call_command("axes_reset_username", second.username)
    assert _login(second.username, PASSWORD).status_code == 302


def test_admin_unlock_action_and_failed_logins_listed_in_chinese(two_users, settings, street_admin):
    settings.AXES_FAILURE_LIMIT = 5
    locked, _ = two_users
    _fail(locked.username, 5)
    assert AccessFailureLog.objects.filter(username=locked.username).count() == 5
    street_admin.is_superuser = True
    street_admin.save()
    admin = Client()
    admin.force_login(street_admin)
    listing = admin.get("/admin/axes/accessfailurelog/")
    assert listing.status_code == 200
    assert locked.username in listing.content.decode()
    assert "登录失败记录" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username=locked.username)
    response = admin.post(
        "/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": [attempt.pk]}, follow=True
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.filter(username=locked.username).count() == 0
    assert _login(locked.username, PASSWORD).status_code == 302
