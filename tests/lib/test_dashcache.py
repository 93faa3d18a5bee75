"""Dashboard panels cached per scope, invalidated by writes to what they read (governance.lib.dashcache)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.lib import dashcache
from governance.lib.registry import PANELS
from governance.territory import services
from governance.territory.choices import Role
from tests.factories import UserFactory
from tests.volunteers.factories import ensure_reference_data, make_need


def _open_needs(response) -> int:
    services_panel = next(p for p in response.context["panels"] if p["key"] == "services")
    return next(c.value for c in services_panel["cards"] if str(c.label) in ("Open needs", "待办需求"))


def _colleague(territory, username):
    user = UserFactory(username=username)
    services.assignment_create(user=user, role=Role.STREET_STAFF, area=territory.street)
    return user


@pytest.fixture
def needs(territory):
    ensure_reference_data()
    return [make_need(territory.stairwell_a) for _ in range(2)]


def test_a_colleague_with_the_same_scope_gets_the_cached_panels(territory, street_staff, needs, client):
    client.force_login(street_staff)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/").status_code == 200
    client.force_login(_colleague(territory, "colleague"))
    with CaptureQueriesContext(connection) as second:
        response = client.get("/")
    assert response.status_code == 200
    assert _open_needs(response) == 2
    # Only the frame, the session and the personal panel are computed again.
    assert len(second) < len(first) - 10, (len(first), len(second))


def test_a_write_to_what_a_panel_reads_shows_at_once(territory, street_staff, needs, client):
    client.force_login(street_staff)
    assert _open_needs(client.get("/")) == 2
    make_need(territory.stairwell_b)
    assert _open_needs(client.get("/")) == 3


def test_another_scope_never_gets_the_cached_panels(territory, street_staff, needs, client):
    client.force_login(street_staff)
    assert _open_needs(client.get("/")) == 2
    secretary_b = UserFactory(username="secretary_b_only")
    services.assignment_create(user=secretary_b, role=Role.COMMUNITY_SECRETARY, area=territory.community_b)
    client.force_login(secretary_b)
    assert _open_needs(client.get("/")) == 0


def test_the_personal_panel_is_kept_per_user(territory, street_staff):
    colleague = _colleague(territory, "colleague2")
    assert dashcache.scope_signature(colleague) == dashcache.scope_signature(street_staff)
    personal = [p.key for p in PANELS if p.personal]
    assert personal == ["partybuilding"]  # "my overdue actions"
    assert all(p.watches for p in PANELS), [p.key for p in PANELS if not p.watches]


def test_switched_off_it_renders_every_time(territory, street_staff, needs, client, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    settings.AUTHZ_CACHE_SECONDS = 0  # rights read every time too, so the two requests are alike
    client.force_login(street_staff)
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        client.get("/")
    # Every panel computed again (cached, the second would be over ten queries fewer).
    assert len(second) >= len(first) - 3, (len(first), len(second))
