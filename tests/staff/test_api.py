"""The staff API: lists with pinned query counts, writes through services, outsiders get 404 and change nothing."""

import datetime

import pytest

from governance.models import Evaluation, Post
from governance.staff import services
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries
from tests.staff.factories import make_department, make_post, make_staff

D = datetime.date


@pytest.fixture
def dept(territory):
    return make_department(territory.street, name="城市管理科")


def test_post_list_queries_are_constant(territory, street_staff, api_as, dept):
    api = api_as(street_staff)

    def add(n):
        for _ in range(n):
            make_post(dept, make_staff(territory.street), make_staff(territory.street))

    def fetch():
        response = api.get("/api/staff/posts/", {"page_size": 500})
        assert response.status_code == 200

    # count, page of posts with their holders (scope and permissions are cached on the user)
    assert assert_constant_queries(fetch, add) == 2
    assert api.get("/api/staff/posts/", {"page_size": 500}).json()["count"] == 200


def test_evaluation_list_queries_are_constant(territory, street_staff, api_as):
    api = api_as(street_staff)

    def add(n):
        for _ in range(n):
            cadre = make_staff(territory.street)
            e = Evaluation.objects.create(
                area=cadre.area, cadre=cadre, year=2026, quarter=4, deadline=D(2026, 12, 21)
            )
            e.evaluators.add(street_staff)

    def fetch():
        assert api.get("/api/staff/evaluations/", {"page_size": 500}).status_code == 200

    # count, page with cadres, evaluators prefetch
    assert assert_constant_queries(fetch, add) == 3
    assert api.get("/api/staff/evaluations/", {"page_size": 500, "status": "pending"}).json()["count"] == 200


def test_staff_list_queries_are_constant(territory, street_staff, api_as):
    api = api_as(street_staff)
    assert (
        assert_constant_queries(
            lambda: api.get("/api/staff/members/", {"page_size": 500}),
            lambda n: [make_staff(territory.street) for _ in range(n)],
        )
        == 2
    )  # count, page
    assert api.get("/api/staff/members/", {"page_size": 500}).json()["count"] == 200


def test_creating_a_post_with_the_same_a_and_b_is_refused(territory, street_staff, api_as, dept):
    a = make_staff(territory.street)
    response = api_as(street_staff).post(
        "/api/staff/posts/",
        {"department": dept.pk, "name": "市容", "holder_a": a.pk, "holder_b": a.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"holder_b": ["B岗必须与A岗为不同的人。"]}
    assert Post.objects.count() == 0


def test_creating_a_post(territory, street_staff, api_as, dept):
    a, b = make_staff(territory.street), make_staff(territory.street)
    response = api_as(street_staff).post(
        "/api/staff/posts/",
        {"department": dept.pk, "name": "市容", "holder_a": a.pk, "holder_b": b.pk},
        format="json",
    )
    assert response.status_code == 201
    post = Post.objects.get()
    assert (response.json()["area"], post.holder_a, post.holder_b) == (territory.street.pk, a, b)


def test_outsider_cannot_change_another_communitys_post(territory, api_as):
    from governance.territory import services as core
    from governance.territory.choices import Role

    # Staff of community B may change posts, but not community A's.
    outsider = UserFactory(username="staff_b")
    core.assignment_create(user=outsider, role=Role.STREET_STAFF, area=territory.community_b)
    dept = make_department(territory.community_a)
    a, b = make_staff(territory.community_a), make_staff(territory.community_a)
    post = make_post(dept, a, b, name="社区服务")
    response = api_as(outsider).patch(f"/api/staff/posts/{post.pk}/", {"name": "改了"}, format="json")
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.name == "社区服务"


def test_coverage_endpoint(territory, street_staff, api_as, dept):
    a, b = make_staff(territory.street), make_staff(territory.street)
    post = make_post(dept, a, b)
    lone = make_post(dept, b, None)
    services.absence_create(staff=a, kind="leave", starts_on=D(2026, 5, 1), ends_on=D(2026, 5, 2))
    services.absence_create(staff=b, kind="leave", starts_on=D(2026, 5, 2), ends_on=D(2026, 5, 3))
    data = api_as(street_staff).get("/api/staff/posts/coverage/", {"date": "2026-05-02"}).json()
    assert data == {
        "date": "2026-05-02",
        "both_absent": [post.pk],
        "run_by_b": [],
        "no_b": [lone.pk],
        "backing_up_nobody": [a.pk],
        "absent": sorted([a.pk, b.pk]),
    }


def test_in_charge_endpoint(territory, street_staff, api_as):
    leader = make_staff(territory.street, name="郑", is_leadership=True)
    services.portfolio_assign(area=territory.street, work_line="urban_management", leader=leader)
    api = api_as(street_staff)
    response = api.get(
        "/api/staff/portfolios/in-charge/",
        {"area": territory.community_b.pk, "work_line": "urban_management"},
    )
    assert (response.status_code, response.json()["leader_name"]) == (200, "郑")
    assert (
        api.get(
            "/api/staff/portfolios/in-charge/", {"area": territory.community_b.pk, "work_line": "economy"}
        ).status_code
        == 404
    )


def test_evaluator_scores_and_submits_through_the_api(territory, street_admin, api_as):
    evaluator = UserFactory(username="boss")
    from governance.territory import services as core
    from governance.territory.choices import Role

    core.assignment_create(user=evaluator, role=Role.STREET_STAFF, area=territory.street)
    boss = make_staff(territory.street, is_leadership=True, user=evaluator)
    make_staff(territory.street, name="甲", department=make_department(territory.street, leader=boss))
    api_admin = api_as(street_admin)
    assert api_admin.post(
        "/api/staff/evaluations/open-quarter/", {"year": 2026, "quarter": 4}, format="json"
    ).json() == {"created": 2}
    assert api_admin.post(
        "/api/staff/evaluations/open-quarter/", {"year": 2026, "quarter": 4}, format="json"
    ).json() == {"created": 0}
    evaluation = Evaluation.objects.get(cadre__name="甲")
    api = api_as(evaluator)
    scores = {
        "morality": 90,
        "ability": 85,
        "diligence": 88,
        "performance": 92,
        "integrity": 95,
        "grade": "excellent",
    }
    response = api.patch(f"/api/staff/evaluations/{evaluation.pk}/", scores, format="json")
    assert (response.status_code, response.json()["total_score"]) == (200, 90.0)
    response = api.post(f"/api/staff/evaluations/{evaluation.pk}/move/", {"to": "confirmed"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "考评不能从“待考评”变为“已确认”。"
    response = api.post(f"/api/staff/evaluations/{evaluation.pk}/move/", {"to": "submitted"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "submitted")


def test_secretary_cannot_open_a_quarter(territory, secretary_a, api_as):
    make_staff(territory.community_a)
    response = api_as(secretary_a).post(
        "/api/staff/evaluations/open-quarter/", {"year": 2026, "quarter": 4}, format="json"
    )
    assert response.status_code == 403
    assert Evaluation.objects.count() == 0


def _adder(kind, territory):
    from governance.territory import services as core
    from tests.staff.factories import _absence, _department, _inspection

    counter = iter(range(10_000))

    def add(n):
        for _ in range(n):
            if kind == "departments":
                _department(territory.stairwell_a)
            elif kind == "absences":
                _absence(territory.stairwell_a)
            elif kind == "inspections":
                _inspection(territory.stairwell_a)
            elif kind == "portfolios":
                community = core.area_create(parent=territory.street, name=f"社区{next(counter)}")
                services.portfolio_assign(
                    area=community,
                    work_line="economy",
                    leader=make_staff(territory.street, is_leadership=True),
                )

    return add


@pytest.mark.parametrize(
    ("kind", "expected"),
    # count and page; portfolios also read their leaders in the same query (select_related)
    [("departments", 2), ("absences", 2), ("inspections", 2), ("portfolios", 2)],
)
def test_other_lists_have_constant_queries_and_exact_counts(territory, street_staff, api_as, kind, expected):
    api = api_as(street_staff)
    url = f"/api/staff/{kind}/"
    assert (
        assert_constant_queries(lambda: api.get(url, {"page_size": 500}), _adder(kind, territory)) == expected
    )
    assert api.get(url, {"page_size": 500}).json()["count"] == 200
