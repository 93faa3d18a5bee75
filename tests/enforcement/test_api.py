"""The API of joint enforcement: raising, moving, summoning and recording, scope and query counts."""

import pytest

from governance.enforcement import services
from governance.models import CaseEvent, EnforcementCase, Summons
from tests.enforcement.factories import fake_png_upload, make_case, make_category, make_department, png_upload
from tests.helpers import api_ids, assert_constant_queries


@pytest.fixture
def departments(territory):
    return make_department(territory.street, "城管执法队"), make_department(territory.street, "派出所")


def _raise_payload(territory, **extra):
    return {
        "area": territory.grid_a.pk,
        "category": make_category().pk,
        "title": "占道经营",
        "description": "早市摊贩占用消防通道",
        "source_kind": "complaint",
        "source_ref": "12345热线-0098",
        "urgency": "urgent",
        **extra,
    }


def test_grid_worker_raises_a_case(territory, grid_worker, api_as):
    response = api_as(grid_worker).post("/api/enforcement/cases/", _raise_payload(territory), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["area"], body["status"], body["source_kind"], body["allowed_moves"]) == (
        territory.grid_a.pk,
        "raised",
        "complaint",
        ["summoned", "dropped"],
    )
    assert body["waiting_on"][0]["who"] == "街道办"
    assert EnforcementCase.objects.get().raised_by == grid_worker


def test_raise_with_photos_multipart(territory, grid_worker, api_as):
    payload = _raise_payload(territory, photos=[png_upload("a.png"), png_upload("b.png")])
    response = api_as(grid_worker).post("/api/enforcement/cases/", payload, format="multipart")
    assert response.status_code == 201, response.json()
    assert len(response.json()["photos"]) == 2


def test_raise_refuses_fake_photo_and_foreign_place(territory, grid_worker, api_as):
    payload = _raise_payload(territory, photos=[fake_png_upload()])
    response = api_as(grid_worker).post("/api/enforcement/cases/", payload, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"photos": ["文件内容与扩展名 .png 不符。"]}
    response = api_as(grid_worker).post(
        "/api/enforcement/cases/", _raise_payload(territory, area=territory.grid_b.pk), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["area"]  # not even offered: outside the user's scope
    assert EnforcementCase.objects.count() == 0


def test_whole_flow_through_the_api(territory, street_staff, secretary_a, departments, api_as):
    case = make_case(territory.grid_a)
    staff = api_as(street_staff)
    response = staff.post(
        f"/api/enforcement/cases/{case.pk}/summon/",
        {"departments": [d.pk for d in departments], "note": "速到"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    summons_ids = [row["id"] for row in response.json()]
    for sid in summons_ids:
        assert (
            staff.post(f"/api/enforcement/summonses/{sid}/acknowledge/", {}, format="json").status_code == 200
        )
        assert staff.post(f"/api/enforcement/summonses/{sid}/arrive/", {}, format="json").status_code == 200
    response = staff.post(f"/api/enforcement/summonses/{summons_ids[0]}/act/", {"note": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"note": ["请填写部门的处置情况。"]}
    for sid in summons_ids:
        assert (
            staff.post(
                f"/api/enforcement/summonses/{sid}/act/", {"note": "已清理"}, format="json"
            ).status_code
            == 200
        )
    response = api_as(secretary_a).post(
        f"/api/enforcement/cases/{case.pk}/move/", {"to_status": "verified"}, format="json"
    )
    assert response.status_code == 200
    detail = api_as(secretary_a).get(f"/api/enforcement/cases/{case.pk}/").json()
    assert (detail["status"], detail["allowed_moves"], detail["waiting_on"][0]["what"]) == (
        "verified",
        ["closed"],
        "结案",
    )
    assert [e["kind"] for e in detail["events"]].count("acted") == 2


def test_illegal_move_answers_400_and_changes_nothing(territory, street_staff, api_as):
    case = make_case(territory.grid_a)
    response = api_as(street_staff).post(
        f"/api/enforcement/cases/{case.pk}/move/", {"to_status": "closed"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "处于“已立案”的案件不能变为“已结案”。"
    case.refresh_from_db()
    assert case.status == "raised"


def test_outsiders_get_404_and_change_nothing(territory, secretary_b, street_staff, departments, api_as):
    case = make_case(territory.grid_a)
    [summons] = services.case_summon(user=street_staff, case=case, departments=departments[:1])
    outsider = api_as(secretary_b)
    events = CaseEvent.objects.count()
    assert (
        outsider.post(
            f"/api/enforcement/cases/{case.pk}/move/", {"to_status": "dropped", "drop_reason": "duplicate"}
        ).status_code
        == 404
    )
    assert outsider.get(f"/api/enforcement/cases/{case.pk}/").status_code == 404
    assert api_ids(outsider.get("/api/enforcement/cases/")) == []
    assert api_ids(outsider.get("/api/enforcement/summonses/")) == []
    case.refresh_from_db()
    summons.refresh_from_db()
    assert (case.status, summons.arrived_at, CaseEvent.objects.count()) == ("summoned", None, events)


def test_secretary_cannot_summon_or_record(territory, secretary_a, street_staff, departments, api_as):
    case = make_case(territory.grid_a)
    response = api_as(secretary_a).post(
        f"/api/enforcement/cases/{case.pk}/summon/", {"departments": [departments[0].pk]}, format="json"
    )
    assert response.status_code == 403
    [summons] = services.case_summon(user=street_staff, case=case, departments=departments[:1])
    assert (
        api_as(secretary_a)
        .post(f"/api/enforcement/summonses/{summons.pk}/arrive/", {}, format="json")
        .status_code
        == 403
    )
    assert Summons.objects.get().arrived_at is None


def test_categories_and_departments(territory, street_staff, departments, api_as):
    make_category("占道经营", "urban_management")
    api = api_as(street_staff)
    assert [c["name"] for c in api.get("/api/enforcement/cases/categories/").json()] == ["占道经营"]
    response = api.post(
        "/api/enforcement/departments/", {"name": "区市场监管所", "area": territory.street.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    response = api.post(
        "/api/enforcement/departments/", {"name": "派出所", "area": territory.street.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"name": ["已有同名部门。"]}


def test_case_list_queries_constant(territory, street_admin, departments, api_as):
    api = api_as(street_admin)
    category = make_category()

    def add(n):
        for _ in range(n):
            case = make_case(territory.stairwell_a, category=category)
            services.case_summon(user=None, case=case, departments=departments)

    def add_departments(n):
        for _ in range(n):
            department = make_department(territory.street)
            services.department_contact_add(department=department, name="联系人", email="duty@example.gov.cn")

    count = assert_constant_queries(lambda: api.get("/api/enforcement/cases/", {"page_size": 200}), add)
    # one cursor page of cases joined with area and category, no count (scope and permissions cached on the user)
    assert count == 1
    count = assert_constant_queries(lambda: api.get("/api/enforcement/summonses/", {"page_size": 200}), add)
    # the count, and one page of summonses joined with their department and case
    assert count == 2
    count = assert_constant_queries(
        lambda: api.get("/api/enforcement/departments/", {"page_size": 200}), add_departments
    )
    # the count, the page, and the contacts of the whole page
    assert count == 3
