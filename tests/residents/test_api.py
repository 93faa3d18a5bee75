"""Residents: masked personal data in page, API and export; logged reveals; scope; the Excel import."""

from governance.models import Resident


def test_create_outside_scope_is_refused(territory, secretary_a, api_as):
    response = api_as(secretary_a).post(
        "/api/territory/residents/",
        {
            "name": "李四",
            "gender": "M",
            "birth_date": "1980-01-01",
            "area": territory.stairwell_b.pk,
            "room": "1",
            "registration": "registered",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "area" in response.json()["error"]["fields"]
    assert Resident.objects.count() == 0


def test_api_create_and_error_format(territory, secretary_a, api_as):
    api = api_as(secretary_a)
    ok = api.post(
        "/api/territory/residents/",
        {
            "name": "李四",
            "gender": "M",
            "birth_date": "1980-01-01",
            "id_number": "41010219800101123X",
            "phone": "13800000000",
            "area": territory.stairwell_a.pk,
            "room": "201",
            "registration": "registered",
        },
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["id_number"] == "410102**********3X"
    dup = api.post(
        "/api/territory/residents/",
        {
            "name": "李四",
            "gender": "M",
            "birth_date": "1980-01-01",
            "id_number": "41010219800101123X",
            "area": territory.stairwell_a.pk,
            "room": "202",
            "registration": "registered",
        },
        format="json",
    )
    assert dup.status_code == 400
    assert set(dup.json()["error"]) == {"code", "message", "fields"}
    assert "id_number" in dup.json()["error"]["fields"]
    assert Resident.objects.count() == 1
