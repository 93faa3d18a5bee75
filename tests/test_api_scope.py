"""A generated test over every endpoint of the API router: out of scope is 404 and absent from lists.

A new viewset cannot escape it: the test fails until its model has an area factory in tests.factories.
"""

import pytest

from config.api import router
from tests.factories import AREA_FACTORIES, load_area_factories
from tests.helpers import api_ids

OWNER_SCOPED = {"my-assignment", "notification"}  # records owned by the requesting user, not by a place
# Figures over the user's scope, without records of their own (scoped in tests/volunteers/test_selectors.py).
AGGREGATES = {"need-rates"}
ENDPOINTS = [(prefix, viewset, basename) for prefix, viewset, basename in router.registry]
AREA_ENDPOINTS = [e for e in ENDPOINTS if e[2] not in OWNER_SCOPED | AGGREGATES]

load_area_factories()


@pytest.mark.parametrize(
    ("prefix", "viewset", "basename"), AREA_ENDPOINTS, ids=[e[0] for e in AREA_ENDPOINTS]
)
def test_every_endpoint_is_scoped(prefix, viewset, basename, territory, secretary_a, secretary_b, api_as):
    model = viewset.queryset.model
    assert model in AREA_FACTORIES, (
        f"register an area factory for {model.__name__} in tests/<app>/factories.py"
    )
    obj = AREA_FACTORIES[model](territory.stairwell_a)

    outsider = api_as(secretary_b)
    listed = outsider.get(f"/api/{prefix}/", {"page_size": 200})
    assert listed.status_code == 200
    assert obj.pk not in api_ids(listed)
    detail = outsider.get(f"/api/{prefix}/{obj.pk}/")
    assert detail.status_code == 404
    assert detail.json()["error"]["code"] == "not_found"

    insider = api_as(secretary_a)
    listed = insider.get(f"/api/{prefix}/", {"page_size": 200})
    assert obj.pk in api_ids(listed)
    detail = insider.get(f"/api/{prefix}/{obj.pk}/")
    assert detail.status_code == 200
    assert "area" in detail.json()


def test_owner_scoped_endpoints(territory, secretary_a, secretary_b, api_as):
    from governance.portal.services import notifications_create

    [note] = notifications_create(recipients=[secretary_a], title="会议提醒")
    assert api_as(secretary_b).get(f"/api/portal/notifications/{note.pk}/").status_code == 404
    assert api_ids(api_as(secretary_b).get("/api/portal/notifications/")) == []
    assert api_ids(api_as(secretary_a).get("/api/portal/notifications/")) == [note.pk]
    mine = api_as(secretary_b).get("/api/territory/my-assignments/").json()["results"]
    assert [a["area"] for a in mine] == [territory.community_b.pk]


def test_anonymous_gets_nothing(territory, client):
    for prefix, _viewset, _basename in ENDPOINTS:
        response = client.get(f"/api/{prefix}/")
        assert response.status_code in (401, 403), prefix
