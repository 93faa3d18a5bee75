"""Error pages: Chinese, in the portal's frame with a way home; JSON in the API's one shape under /api/."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    """DEBUG off, as in production (Django shows its technical pages otherwise)."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


def test_404_for_a_signed_in_user_is_chinese_in_the_frame(production, client_as, secretary_a):
    response = client_as(secretary_a).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert 'data-testid="error-page"' in html
    assert 'id="sidenav"' in html  # the menu is there
    assert 'href="/"' in html  # and the way home


def test_out_of_scope_record_answers_the_chinese_404(production, client_as, secretary_b, territory):
    response = client_as(secretary_b).get(f"/areas/{territory.community_a.pk}/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_404_for_a_visitor_offers_login(production, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "/login/" in html


def test_403_is_chinese_and_says_whom_to_ask(production, settings, client_as, grid_worker):
    settings.ROOT_URLCONF = "tests.error_urls"
    response = client_as(grid_worker).get("/test-forbidden/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问" in html
    assert "街道管理员" in html
    assert 'id="sidenav"' in html


def test_csrf_failure_is_chinese_and_says_how_to_recover(production, secretary_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary_a)
    response = client.post("/notifications/read/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "表单已过期" in html
    assert "重新" in html


def test_400_is_chinese(production, client):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "请求无法处理" in response.content.decode()


def test_500_is_chinese_and_needs_no_database(production, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/test-server-error/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "出错了" in html
    assert 'href="/"' in html
    assert "a bug" not in html


def test_api_errors_keep_the_json_shape(production, settings, api_as, secretary_a):
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404
    error = response.json()["error"]
    assert (error["code"], error["fields"]) == ("not_found", {})
    assert "不存在" in error["message"]
    response = client.get("/api/test-server-error/")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
