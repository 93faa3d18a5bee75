"""The one masking rule: what a role without the permission sees cannot be combined into a full number."""

import datetime
import io
import re

import pytest
from openpyxl import load_workbook

from governance.lib.masking import mask, mask_birth_date, mask_id_number, mask_phone
from governance.lib.validators import id_check_digit, id_gender
from governance.models import PersonalDataAccess, Resident
from tests.factories import make_resident

FULL_ID = "11010519491231002X"
FULL_PHONE = "13812345678"


@pytest.fixture
def resident(territory):
    return make_resident(
        territory.stairwell_a,
        name="王秀英",
        id_number=FULL_ID,
        phone=FULL_PHONE,
        birth_date=datetime.date(1949, 12, 31),
        gender="F",
    )


def candidates(masked_id: str, gender: str, birth_year: str) -> int:
    """How many valid ID numbers agree with everything a masked view shows (mask, gender, birth year)."""
    region, tail = masked_id[:6], masked_id[-2:]
    year = int(birth_year)
    count = 0
    day = datetime.date(year, 1, 1)
    while day.year == year:
        for seq in range(100):
            first17 = f"{region}{day:%Y%m%d}{seq:02d}{tail[0]}"
            if id_check_digit(first17) == tail[1] and id_gender(first17 + tail[1]) == gender:
                count += 1
        day += datetime.timedelta(days=1)
    return count


def test_what_a_masked_view_shows_leaves_thousands_of_candidates():
    masked = mask_id_number(FULL_ID)
    assert masked == "110105**********2X"
    # Birth date, sequence digits: every one of 365 days x 100 sequences is still possible, the check digit
    # cuts that to about a tenth; the old mask (birth date hidden but shown beside it) left exactly one.
    assert candidates(masked, "F", mask_birth_date(datetime.date(1949, 12, 31))) > 3000


def test_the_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0371-61234567") == "0371-******67"
    assert mask_phone("") == ""
    assert mask_id_number(None) == ""
    assert mask_birth_date(None) == ""
    assert mask("phone", "13800138000") == "138****8000"
    assert mask("birth_date", datetime.date(1980, 1, 2)) == "1980"


def test_grid_worker_edit_form_never_carries_the_numbers(resident, grid_worker, client_as):
    html = client_as(grid_worker).get(f"/residents/{resident.pk}/edit/").content.decode()
    assert FULL_ID not in html and FULL_PHONE not in html
    assert "1949-12-31" not in html
    assert "110105**********2X" in html  # as the "leave blank to keep" hint
    assert PersonalDataAccess.objects.count() == 0


def _edit(client, resident, **changes):
    data = {
        "name": resident.name,
        "gender": resident.gender,
        "birth_date": "",
        "id_number": "",
        "phone": "",
        "area": resident.area_id,
        "room": resident.household.room,
        "registration": resident.registration,
        **changes,
    }
    return client.post(f"/residents/{resident.pk}/edit/", data)


def test_blank_personal_fields_keep_the_stored_values(resident, grid_worker, client_as):
    response = _edit(client_as(grid_worker), resident, name="王秀英（改）")
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.name, resident.id_number, resident.phone) == ("王秀英（改）", FULL_ID, FULL_PHONE)
    assert resident.birth_date == datetime.date(1949, 12, 31)


def test_a_typed_phone_replaces_the_stored_one(resident, grid_worker, client_as):
    assert _edit(client_as(grid_worker), resident, phone="13900001111").status_code == 302
    resident.refresh_from_db()
    assert (resident.phone, resident.id_number) == ("13900001111", FULL_ID)


def test_a_bad_typed_phone_is_refused_and_nothing_changes(resident, grid_worker, client_as):
    response = _edit(client_as(grid_worker), resident, phone="12345", name="别名")
    assert response.status_code == 200
    assert "11" in response.content.decode()  # the phone validator's message names the 11 digits
    resident.refresh_from_db()
    assert (resident.name, resident.phone) == ("王秀英", FULL_PHONE)


def test_a_permitted_role_opening_the_form_is_a_logged_showing(resident, secretary_a, client_as):
    html = client_as(secretary_a).get(f"/residents/{resident.pk}/edit/").content.decode()
    assert FULL_ID in html
    assert list(PersonalDataAccess.objects.values_list("user__username", "resident_id", "channel")) == [
        ("secretary_a", resident.pk, "form")
    ]


def test_admin_masks_and_refuses_number_search_without_the_permission(resident, street_staff, client_as):
    from django.contrib.auth.models import Permission

    street_staff.is_staff = True
    street_staff.save()
    street_staff.user_permissions.add(Permission.objects.get(codename="view_resident"))
    client = client_as(street_staff)
    listing = client.get("/admin/governance/resident/").content.decode()
    assert "110105**********2X" in listing and FULL_ID not in listing and FULL_PHONE not in listing
    found = client.get("/admin/governance/resident/", {"q": FULL_PHONE}).content.decode()
    assert "王秀英" not in found
    change = client.get(f"/admin/governance/resident/{resident.pk}/change/").content.decode()
    assert FULL_ID not in change and FULL_PHONE not in change and "1949-12-31" not in change
    assert PersonalDataAccess.objects.count() == 0


def test_admin_change_form_for_a_permitted_role_is_logged(resident, street_admin, client_as):
    change = client_as(street_admin).get(f"/admin/governance/resident/{resident.pk}/change/")
    assert FULL_ID in change.content.decode()
    assert list(PersonalDataAccess.objects.values_list("user__username", "channel")) == [
        ("street_admin", "admin")
    ]


def test_needs_api_masks_the_requester_phone(territory, viewer, secretary_a, api_as):
    from tests.volunteers.factories import make_need

    need = make_need(territory.stairwell_a, requester_phone="13600001234")
    for user in (viewer, secretary_a):
        data = api_as(user).get(f"/api/services/needs/{need.pk}/").json()
        assert data["requester_phone"] == "136****1234"
        listing = api_as(user).get("/api/services/needs/").content.decode()
        assert "13600001234" not in listing


def test_no_full_number_anywhere_a_viewer_reads(resident, viewer, client_as, api_as):
    """Pages, API and exports a read-only viewer can open hold no 18-digit ID and no 11-digit mobile."""
    client = client_as(viewer)
    pages = [
        "/residents/",
        f"/residents/{resident.pk}/",
        f"/areas/{resident.area_id}/",
        "/residents/?export=xlsx",
    ]
    texts = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("application/vnd.openxml"):
            sheet = load_workbook(io.BytesIO(response.content)).active
            texts.append(" ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row))
        else:
            texts.append(response.content.decode())
    texts.append(api_as(viewer).get("/api/territory/residents/").content.decode())
    texts.append(api_as(viewer).get(f"/api/territory/residents/{resident.pk}/").content.decode())
    assert len(texts) == 6
    for text in texts:
        assert not re.search(r"[1-9]\d{16}[\dX]", text)
        assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text)
    assert Resident.objects.count() == 1
