"""Residents: masked personal data in page, API and export; logged reveals; scope; the Excel import."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from governance.models import PersonalDataAccess
from tests.factories import make_resident


@pytest.fixture
def resident(territory):
    return make_resident(
        territory.stairwell_a,
        name="王秀英",
        id_number="11010519491231002X",
        phone="13812345678",
        birth_date=datetime.date(1949, 12, 31),
        gender="F",
    )


def test_page_api_and_export_show_masked_numbers(resident, grid_worker, client_as, api_as):
    client = client_as(grid_worker)
    page = client.get(f"/residents/{resident.pk}/").content.decode()
    assert "110105**********2X" in page and "138****5678" in page
    assert "11010519491231002X" not in page and "13812345678" not in page
    listing = client.get("/residents/").content.decode()
    assert "11010519491231002X" not in listing and "110105**********2X" in listing

    data = api_as(grid_worker).get(f"/api/territory/residents/{resident.pk}/").json()
    assert data["id_number"] == "110105**********2X"
    assert data["phone"] == "138****5678"

    export = client.get("/residents/?export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "110105**********2X" in values
    assert "11010519491231002X" not in values
    assert PersonalDataAccess.objects.count() == 0


def test_grid_worker_may_not_reveal(resident, grid_worker, client_as, api_as):
    assert client_as(grid_worker).post(f"/residents/{resident.pk}/reveal/").status_code == 403
    assert api_as(grid_worker).post(f"/api/territory/residents/{resident.pk}/reveal/").status_code == 403
    assert client_as(grid_worker).post("/residents/?export=xlsx", {"reason": "核对"}).status_code == 403
    assert PersonalDataAccess.objects.count() == 0


def _cells(response) -> list:
    return [
        c for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) for c in r
    ]


def test_secretary_reveal_is_logged_each_time(resident, secretary_a, client_as, api_as):
    response = client_as(secretary_a).post(f"/residents/{resident.pk}/reveal/")
    assert "11010519491231002X" in response.content.decode()
    assert api_as(secretary_a).post(f"/api/territory/residents/{resident.pk}/reveal/").json() == {
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "birth_date": "1949-12-31",
    }
    export = client_as(secretary_a).post("/residents/?export=xlsx", {"reason": "民政局核对低保名单"})
    assert "11010519491231002X" in _cells(export)
    log = list(
        PersonalDataAccess.objects.order_by("id").values_list(
            "user__username", "resident_id", "channel", "reason"
        )
    )
    assert log == [
        ("secretary_a", resident.pk, "page", ""),
        ("secretary_a", resident.pk, "api", ""),
        ("secretary_a", resident.pk, "export", "民政局核对低保名单"),
    ]


def test_full_export_without_a_reason_gives_no_file_and_logs_nothing(resident, secretary_a, client_as):
    response = client_as(secretary_a).post("/residents/?export=xlsx", {"reason": "  "})
    assert response.status_code == 302
    assert response["Content-Type"].startswith("text/html")
    assert PersonalDataAccess.objects.count() == 0


def test_birth_date_is_shown_as_a_year_to_everyone(resident, viewer, client_as, api_as):
    page = client_as(viewer).get(f"/residents/{resident.pk}/").content.decode()
    listing = client_as(viewer).get("/residents/").content.decode()
    for html in (page, listing):
        assert "1949-12-31" not in html and "1949年12月31日" not in html
        assert "1949" in html
    data = api_as(viewer).get(f"/api/territory/residents/{resident.pk}/").json()
    assert data["birth_year"] == "1949"
    assert "birth_date" not in data
    export = _cells(client_as(viewer).get("/residents/?export=xlsx"))
    assert "1949" in export
    assert datetime.datetime(1949, 12, 31) not in export


def test_other_community_gets_404_and_changes_nothing(resident, secretary_b, client_as, api_as):
    client = client_as(secretary_b)
    assert client.get(f"/residents/{resident.pk}/").status_code == 404
    assert client.post(f"/residents/{resident.pk}/edit/", {"name": "改名"}).status_code == 404
    assert client.post(f"/residents/{resident.pk}/reveal/").status_code == 404
    assert (
        api_as(secretary_b).patch(f"/api/territory/residents/{resident.pk}/", {"name": "改名"}).status_code
        == 404
    )
    resident.refresh_from_db()
    assert resident.name == "王秀英"
    assert PersonalDataAccess.objects.count() == 0


def test_the_admin_history_shows_changed_numbers_masked(resident, territory, street_admin, client_as):
    """The history's "changes" column is no showing: masked for everyone, blind indexes left out."""
    from governance.residents import services

    services.resident_update(
        user=None,
        resident=resident,
        area=resident.area,
        room=resident.household.room,
        name=resident.name,
        gender=resident.gender,
        birth_date=resident.birth_date,
        id_number=resident.id_number,
        phone="13933334444",
        registration=resident.registration,
    )
    html = client_as(street_admin).get(f"/admin/governance/resident/{resident.pk}/history/").content.decode()
    assert "138****5678" in html and "139****4444" in html
    assert "13812345678" not in html and "13933334444" not in html
    assert "phone_index" not in html and "Phone index" not in html
    assert PersonalDataAccess.objects.count() == 0


def test_an_old_version_in_the_admin_is_a_logged_showing(resident, street_admin, client_as):
    version = resident.history.get()
    url = f"/admin/governance/resident/{resident.pk}/history/{version.history_id}/"
    html = client_as(street_admin).get(url).content.decode()
    assert "13812345678" in html  # a permitted role sees the version as it was…
    log = list(PersonalDataAccess.objects.values_list("user__username", "resident_id", "channel"))
    assert log == [("street_admin", resident.pk, "admin")]  # …and that showing is logged
