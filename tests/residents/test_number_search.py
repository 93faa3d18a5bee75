"""Exact-number search: only for roles that may see numbers, by POST (never in a URL), logged, throttled."""

import datetime

import pytest

from governance.models import PersonalDataAccess
from tests.factories import make_resident

PHONE = "13812345678"


@pytest.fixture
def resident(territory):
    return make_resident(
        territory.stairwell_a,
        name="王秀英",
        id_number="11010519491231002X",
        phone=PHONE,
        birth_date=datetime.date(1949, 12, 31),
        gender="F",
    )


def test_a_number_in_the_query_string_is_refused(resident, secretary_a, grid_worker, api_as, client_as):
    for user in (secretary_a, grid_worker):
        response = api_as(user).get("/api/territory/residents/", {"q": PHONE})
        assert response.status_code == 400
        assert list(response.json()["error"]["fields"]) == ["q"]
    page = client_as(grid_worker).get("/residents/", {"q": PHONE}).content.decode()
    assert "王秀英" in page  # the number is not searched: the list stays as it was, with the field's error
    assert "此处不按身份证号或电话查找" in page
    assert PersonalDataAccess.objects.count() == 0


def test_names_are_still_searched(resident, grid_worker, api_as):
    response = api_as(grid_worker).get("/api/territory/residents/", {"q": "秀英"})
    assert [r["name"] for r in response.json()["results"]] == ["王秀英"]


def test_grid_worker_may_not_search_by_number(resident, grid_worker, api_as, client_as):
    assert api_as(grid_worker).post("/api/territory/residents/search/", {"number": PHONE}).status_code == 403
    assert client_as(grid_worker).post("/residents/", {"number": PHONE}).status_code == 403
    assert PersonalDataAccess.objects.count() == 0


def test_secretary_finds_by_number_in_the_body_and_each_find_is_logged(resident, secretary_a, api_as):
    api = api_as(secretary_a)
    found = api.post("/api/territory/residents/search/", {"number": "138 1234 5678"}, format="json")
    assert found.status_code == 200
    assert [(r["id"], r["phone"]) for r in found.json()] == [(resident.pk, "138****5678")]
    by_id = api.post("/api/territory/residents/search/", {"number": "11010519491231002x"}, format="json")
    assert [r["id"] for r in by_id.json()] == [resident.pk]
    assert api.post("/api/territory/residents/search/", {"number": "13900000000"}).json() == []
    assert list(PersonalDataAccess.objects.values_list("resident_id", "channel")) == [
        (resident.pk, "search"),
        (resident.pk, "search"),
    ]


def test_another_communitys_resident_is_not_found(resident, secretary_b, api_as):
    assert api_as(secretary_b).post("/api/territory/residents/search/", {"number": PHONE}).json() == []
    assert PersonalDataAccess.objects.count() == 0


def test_the_page_search_posts_and_the_list_shows_the_match_without_the_number(
    resident, secretary_a, territory, client_as
):
    make_resident(territory.stairwell_a, name="李四")
    client = client_as(secretary_a)
    response = client.post("/residents/", {"number": PHONE})
    assert response.status_code == 302 and response["Location"] == "/residents/?found=1"
    page = client.get(response["Location"]).content.decode()
    assert "王秀英" in page and "李四" not in page
    assert PHONE not in page
    assert PersonalDataAccess.objects.get().channel == "search"


def test_number_search_is_throttled_with_a_chinese_429(resident, secretary_a, api_as, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "number_search": "3/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    api = api_as(secretary_a)
    codes = [api.post("/api/territory/residents/search/", {"number": PHONE}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = api.post("/api/territory/residents/search/", {"number": PHONE}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert "请求过于频繁" in refused.json()["error"]["message"]
    assert int(refused["Retry-After"]) >= 1
    assert PersonalDataAccess.objects.count() == 3
