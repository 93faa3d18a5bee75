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


# ------------------------------------------------------------------- figures of list pages and reports


@pytest.fixture
def records(territory, street_staff):
    from tests.volunteers.factories import make_record, make_volunteer

    volunteer = make_volunteer(territory.stairwell_a)
    return volunteer, [make_record(volunteer, user=street_staff) for _ in range(2)]


def test_a_list_summary_is_cached_per_scope_and_dropped_by_a_write(territory, street_staff, records, client):
    from tests.volunteers.factories import make_record

    volunteer, _ = records
    client.force_login(street_staff)
    with CaptureQueriesContext(connection) as first:
        response = client.get("/services/records/")
    assert response.context["pending"] == 2
    with CaptureQueriesContext(connection) as second:
        response = client.get("/services/records/")
    assert response.context["pending"] == 2
    totals = 'SUM("volunteers_servicerecord"."hours")'
    assert any(totals in q["sql"] for q in first.captured_queries)
    assert not any(totals in q["sql"] for q in second.captured_queries)  # from the cache
    make_record(volunteer, user=street_staff)
    assert client.get("/services/records/").context["pending"] == 3


def test_a_list_summary_follows_the_filters_and_the_scope(territory, street_staff, records, client):
    client.force_login(street_staff)
    assert client.get("/services/records/").context["pending"] == 2
    filtered = client.get("/services/records/", {"served_after": "2100-01-01"})
    assert filtered.context["pending"] == 0
    other = UserFactory(username="secretary_b_only")
    services.assignment_create(user=other, role=Role.COMMUNITY_SECRETARY, area=territory.community_b)
    client.force_login(other)
    assert client.get("/services/records/").context["pending"] == 0


def test_a_write_in_a_process_that_loaded_no_panel_still_drops_the_figures(territory, street_staff, records):
    """Every model's writes bump its generation (a worker may never import the module that reads it)."""
    volunteer, _ = records
    key = dashcache._generation_key("volunteers.servicerecord")
    before = dashcache.cache().get(key)
    from tests.volunteers.factories import make_record

    make_record(volunteer, user=street_staff)
    assert dashcache.cache().get(key) != before


@pytest.mark.parametrize(
    "url, statement",
    [
        ("/cases/", 'COUNT("governance_enforcementcase"."id") AS "n"'),
        ("/property/fees/", 'SUM("property_feerecord"."billed")'),
        ("/property/fees/collection/", 'SUM("property_feerecord"."billed")'),
        ("/cases/scorecard/", 'COUNT("governance_resident"."id")'),
        ("/services/rates/", '"volunteers_needrollup"'),
    ],
)
def test_summaries_over_the_whole_scope_are_computed_once(territory, street_staff, client, url, statement):
    client.force_login(street_staff)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert any(statement in q["sql"] for q in first.captured_queries)
    assert not any(statement in q["sql"] for q in second.captured_queries)
