"""A need's requester phone: masked on every channel, shown in full only through a logged reveal."""

import io

import pytest
from openpyxl import load_workbook

from governance.models import PersonalDataAccess
from tests.volunteers.factories import make_need

FULL = "13912345678"
MASKED = "139****5678"


@pytest.fixture
def need(territory):
    return make_need(territory.grid_a, requester_name="赵桂兰", requester_phone=FULL)


def test_every_channel_shows_the_phone_masked(need, grid_worker, client_as, api_as):
    client = client_as(grid_worker)
    page = client.get(f"/services/needs/{need.pk}/").content.decode()
    assert MASKED in page and FULL not in page
    assert 'data-testid="reveal"' not in page  # no button for a role that may not reveal
    assert FULL not in client.get("/services/needs/").content.decode()
    export = client.get("/services/needs/?export=xlsx")
    cells = [
        c for r in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True) for c in r
    ]
    assert "赵桂兰" in cells and FULL not in cells
    api = api_as(grid_worker)
    assert api.get(f"/api/services/needs/{need.pk}/").json()["requester_phone"] == MASKED
    assert [n["requester_phone"] for n in api.get("/api/services/needs/").json()["results"]] == [MASKED]
    assert PersonalDataAccess.objects.count() == 0


def test_a_role_without_personal_data_may_not_reveal(need, grid_worker, client_as, api_as):
    assert client_as(grid_worker).post(f"/services/needs/{need.pk}/reveal/").status_code == 403
    assert api_as(grid_worker).post(f"/api/services/needs/{need.pk}/reveal/").status_code == 403
    assert PersonalDataAccess.objects.count() == 0


def test_a_secretary_reveals_the_phone_and_each_showing_is_logged(need, secretary_a, client_as, api_as):
    client = client_as(secretary_a)
    page = client.get(f"/services/needs/{need.pk}/").content.decode()
    assert MASKED in page and FULL not in page
    assert f'hx-post="/services/needs/{need.pk}/reveal/"' in page
    assert PersonalDataAccess.objects.count() == 0  # opening the page shows nothing in full

    shown = client.post(f"/services/needs/{need.pk}/reveal/")
    assert shown.status_code == 200
    assert FULL in shown.content.decode()
    response = api_as(secretary_a).post(f"/api/services/needs/{need.pk}/reveal/")
    assert response.json() == {"requester_phone": FULL}
    log = list(
        PersonalDataAccess.objects.order_by("id").values_list(
            "user__username", "resident_id", "record_type", "record_id", "channel", "reason"
        )
    )
    assert log == [
        ("secretary_a", None, "volunteers.need", need.pk, "page", ""),
        ("secretary_a", None, "volunteers.need", need.pk, "api", ""),
    ]


def test_the_reveal_reads_nothing_outside_the_scope_and_needs_a_post(need, secretary_b, client_as, api_as):
    assert client_as(secretary_b).post(f"/services/needs/{need.pk}/reveal/").status_code == 404
    assert api_as(secretary_b).post(f"/api/services/needs/{need.pk}/reveal/").status_code == 404
    assert client_as(secretary_b).get(f"/services/needs/{need.pk}/reveal/").status_code == 405
    assert PersonalDataAccess.objects.count() == 0


def test_a_need_without_a_phone_offers_no_reveal(territory, secretary_a, client_as):
    need = make_need(territory.grid_a, requester_phone="")
    page = client_as(secretary_a).get(f"/services/needs/{need.pk}/").content.decode()
    assert 'data-testid="reveal"' not in page
