"""Residents: masked personal data in page, API and export; logged reveals; scope; the Excel import."""

from governance.models import Resident
from tests.factories import make_resident
from tests.helpers import assert_constant_queries


def test_create_with_bad_id_number_shows_the_reason_and_saves_nothing(territory, secretary_a, client_as):
    response = client_as(secretary_a).post(
        "/residents/new/",
        {
            "name": "李四",
            "gender": "M",
            "birth_date": "1949-12-31",
            "id_number": "110105194912310021",
            "phone": "13812345678",
            "area": territory.stairwell_a.pk,
            "room": "302",
            "registration": "registered",
        },
    )
    assert response.status_code == 200
    assert "身份证号校验位不正确" in response.content.decode()
    assert 'value="李四"' in response.content.decode()  # nothing typed is lost
    assert Resident.objects.count() == 0


def test_resident_list_page_and_api_queries_stay_constant(territory, street_admin, client_as, api_as):
    counter = iter(range(100000))

    def add(n):
        for _ in range(n):
            make_resident(territory.stairwell_a, room=str(next(counter)))

    client = client_as(street_admin)
    api = api_as(street_admin)
    page_queries = assert_constant_queries(lambda: client.get("/residents/"), add)
    api_queries = assert_constant_queries(
        lambda: api.get("/api/territory/residents/"), add, small=200, large=400
    )
    # session, user (permissions and scope paths cached), count, one page of residents,
    # the scope label's assignments, the unread count, the place filter's choices
    assert page_queries == 7
    # one keyset page of residents with their stairwell and household joined (no COUNT); the user's scope
    # paths are cached on the user object, which force_authenticate reuses
    assert api_queries == 1


def test_resident_edit_keeps_the_household(territory, secretary_a, client_as):
    resident = make_resident(territory.stairwell_a, room="501", name="旧名")
    response = client_as(secretary_a).post(
        f"/residents/{resident.pk}/edit/",
        {
            "name": "新名",
            "gender": resident.gender,
            "birth_date": resident.birth_date.isoformat(),
            "id_number": resident.id_number,
            "phone": resident.phone,
            "area": territory.stairwell_a.pk,
            "room": "501",
            "registration": "registered",
        },
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.name, resident.household.room) == ("新名", "501")
    assert resident.history.count() == 2
    assert Resident.objects.count() == 1
