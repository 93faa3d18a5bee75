"""Territory pages, the admin's scope, and constant query counts on the lists."""

import pytest

from tests.helpers import assert_constant_queries


def test_notification_list_queries_stay_constant(territory, secretary_a, client_as):
    from governance.portal.services import notifications_create

    client = client_as(secretary_a)
    count = assert_constant_queries(
        lambda: client.get("/notifications/"),
        lambda n: notifications_create(recipients=[secretary_a] * n, title="提醒"),
    )
    # session, user, count, one page, the scope label, the unread count, user and group permissions (menu)
    assert count == 6


@pytest.mark.parametrize("url", ["/", "/areas/", "/residents/", "/notifications/", "/residents/new/"])
def test_anonymous_is_sent_to_login(url, client, territory):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_notifications_page_and_mark_read(territory, secretary_a, secretary_b, client_as):
    from governance.portal.services import notifications_create

    [note] = notifications_create(recipients=[secretary_a], title="会议纪要未上传")
    client = client_as(secretary_a)
    page = client.get("/").content.decode()
    assert 'data-testid="unread-count">1<' in page
    assert "会议纪要未上传" in client.get("/notifications/").content.decode()
    # another user cannot mark it read
    client_as(secretary_b).post(f"/notifications/{note.pk}/read/")
    note.refresh_from_db()
    assert note.read_at is None
    client_as(secretary_a).post(f"/notifications/{note.pk}/read/")
    note.refresh_from_db()
    assert note.read_at is not None


def test_pages_carry_the_portals_icon(territory, street_staff, client_as):
    from django.contrib.staticfiles import finders

    page = client_as(street_staff).get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("favicon.svg")
