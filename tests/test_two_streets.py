"""One installation serving several streets: each street's staff see only their own street.

Generated over every endpoint of the API router, like the community scope test: a record placed in
梁家屯路街道 is absent from the lists of 南关街道's street administrator and answers 404, and the
administrator of its own street sees it. Pages follow the same rule.
"""

import pytest

from config.api import router
from governance.territory import services
from governance.territory.choices import Role
from tests.factories import AREA_FACTORIES, UserFactory, area_tree, load_area_factories
from tests.helpers import api_ids

OWNER_SCOPED = {"my-assignment", "notification"}  # records owned by the requesting user, not by a place
AGGREGATES = {"need-rates"}  # figures over the scope, not records with ids (scoped like the needs they count)
AREA_ENDPOINTS = [e for e in router.registry if e[2] not in OWNER_SCOPED | AGGREGATES]

load_area_factories()


@pytest.fixture
def other_street(territory):
    """南关街道 in the same district, down to a stairwell, with its own street administrator."""
    _, street, community, _, _, stairwell = area_tree(
        "新城区", "南关街道", "南关社区", "第一网格", "1号楼", "1单元"
    )
    admin = UserFactory(username="street_admin_ng", is_staff=True)
    services.assignment_create(user=admin, role=Role.STREET_ADMIN, area=street)
    return {"street": street, "community": community, "stairwell": stairwell, "admin": admin}


@pytest.mark.parametrize(
    ("prefix", "viewset", "basename"), AREA_ENDPOINTS, ids=[e[0] for e in AREA_ENDPOINTS]
)
def test_every_endpoint_keeps_streets_apart(
    prefix, viewset, basename, territory, street_admin, other_street, api_as
):
    model = viewset.queryset.model
    obj = AREA_FACTORIES[model](territory.stairwell_a)

    outsider = api_as(other_street["admin"])
    listed = outsider.get(f"/api/{prefix}/", {"page_size": 200})
    assert listed.status_code == 200
    assert obj.pk not in api_ids(listed)
    detail = outsider.get(f"/api/{prefix}/{obj.pk}/")
    assert detail.status_code == 404

    insider = api_as(street_admin)
    assert obj.pk in api_ids(insider.get(f"/api/{prefix}/", {"page_size": 200}))
    assert insider.get(f"/api/{prefix}/{obj.pk}/").status_code == 200


def test_a_street_administrator_sees_their_street_only_in_the_pages(
    territory, street_admin, other_street, client_as
):
    from tests.factories import make_resident

    ours = make_resident(territory.stairwell_a, room="301", name="张三")
    theirs = make_resident(other_street["stairwell"], room="302", name="李四")

    client = client_as(other_street["admin"])
    assert client.get(f"/residents/{ours.pk}/").status_code == 404
    assert client.get(f"/areas/{territory.street.pk}/").status_code == 404
    assert client.get(f"/residents/{theirs.pk}/").status_code == 200
    listing = client.get("/residents/").content.decode()
    assert f"/residents/{ours.pk}/" not in listing
    assert f"/residents/{theirs.pk}/" in listing

    client = client_as(street_admin)
    assert client.get(f"/residents/{theirs.pk}/").status_code == 404
    assert client.get(f"/residents/{ours.pk}/").status_code == 200


def test_the_district_sees_both_streets(territory, other_street, api_as):
    district_admin = UserFactory(username="district_admin")
    services.assignment_create(user=district_admin, role=Role.STREET_ADMIN, area=territory.district)
    names = {
        a["name"]
        for a in api_as(district_admin).get("/api/territory/areas/", {"page_size": 200}).json()["results"]
    }
    assert {"梁家屯路街道", "南关街道"} <= names
