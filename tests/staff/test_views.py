"""The staff pages: lists with pinned query counts, scope (404), forms through services, exports."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from governance.models import Evaluation, Post, StaffMember
from governance.staff import services
from governance.staff.choices import EvaluationStatus
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries
from tests.staff.factories import make_department, make_post, make_staff

D = datetime.date


@pytest.fixture
def dept(territory):
    return make_department(territory.street, name="城市管理科")


LISTS = [
    ("governance:staff-member-list", lambda t, d, n: [make_staff(t.street) for _ in range(n)]),
    (
        "governance:staff-post-list",
        lambda t, d, n: [make_post(d, make_staff(t.street), make_staff(t.street)) for _ in range(n)],
    ),
    ("governance:staff-department-list", lambda t, d, n: [make_department(t.street) for _ in range(n)]),
]


@pytest.mark.parametrize(("url_name", "add"), LISTS, ids=[u for u, _a in LISTS])
def test_list_pages_have_constant_queries(territory, street_staff, client_as, dept, url_name, add):
    client = client_as(street_staff)
    url = reverse(url_name)

    def fetch():
        assert client.get(url, {"page_size": 500}).status_code == 200

    # session, user (permissions and scope paths cached), count, page, the top bar's assignments and
    # unread notifications; the member and post lists add the department choices of their filter form.
    queries = assert_constant_queries(fetch, lambda n: add(territory, dept, n), small=10, large=60)
    expected = {
        "governance:staff-member-list": 7,
        "governance:staff-post-list": 7,
        "governance:staff-department-list": 6,
    }
    assert queries == expected[url_name]


def test_evaluation_list_has_constant_queries_and_count(territory, street_staff, client_as):
    client = client_as(street_staff)

    def add(n):
        for _ in range(n):
            cadre = make_staff(territory.street)
            e = Evaluation.objects.create(
                area=cadre.area, cadre=cadre, year=2026, quarter=4, deadline=D(2026, 12, 21)
            )
            e.evaluators.add(street_staff)

    queries = assert_constant_queries(
        lambda: client.get(reverse("governance:staff-evaluation-list")), add, small=10, large=60
    )
    # the nine of the department list (no filter choices to load) plus the evaluators' prefetch
    assert queries == 7
    response = client.get(reverse("governance:staff-evaluation-list"), {"status": "pending"})
    assert response.context["total"] == 60


def test_outsider_gets_404_on_detail_pages(territory, secretary_b, client_as):
    dept = make_department(territory.community_a)
    staff = make_staff(territory.community_a)
    post = make_post(dept, staff, make_staff(territory.community_a))
    evaluation = Evaluation.objects.create(
        area=staff.area, cadre=staff, year=2026, quarter=4, deadline=D(2026, 12, 21)
    )
    client = client_as(secretary_b)
    for url in (
        staff.get_absolute_url(),
        post.get_absolute_url(),
        dept.get_absolute_url(),
        evaluation.get_absolute_url(),
        reverse("governance:staff-evaluation-score", args=[evaluation.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("governance:staff-evaluation-move", args=[evaluation.pk]), {"to": "submitted"}
    )
    assert response.status_code == 404
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PENDING


def test_insider_sees_detail_pages(territory, secretary_a, client_as):
    staff = make_staff(territory.community_a, name="社工甲", kind="community_worker")
    response = client_as(secretary_a).get(staff.get_absolute_url())
    assert response.status_code == 200
    assert "社工甲" in response.content.decode()


def test_post_form_with_same_a_and_b_keeps_input_and_saves_nothing(territory, street_staff, client_as, dept):
    a = make_staff(territory.street)
    response = client_as(street_staff).post(
        reverse("governance:staff-post-create"),
        {"department": dept.pk, "name": "市容环境", "holder_a": a.pk, "holder_b": a.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"holder_b": ["B岗必须与A岗为不同的人。"]}
    assert 'value="市容环境"' in response.content.decode()
    assert Post.objects.count() == 0


def test_staff_form_creates_a_record(territory, street_staff, client_as, dept):
    response = client_as(street_staff).post(
        reverse("governance:staff-member-create"),
        {
            "name": "新干部",
            "gender": "F",
            "birth_date": "1995-04-01",
            "area": territory.street.pk,
            "department": dept.pk,
            "kind": "cadre",
            "position": "科员",
            "education": "bachelor",
            "political_status": "party_member",
            "hired_on": "2026-09-01",
        },
    )
    staff = StaffMember.objects.get(name="新干部")
    assert response.status_code == 302
    assert response["Location"] == staff.get_absolute_url()


def test_coverage_page_shows_warnings_and_handover(territory, street_staff, client_as, dept):
    a, b = make_staff(territory.street, name="张"), make_staff(territory.street, name="李")
    make_post(dept, a, b, name="市容环境")
    make_post(dept, b, None, name="物业监管")
    services.absence_create(staff=a, kind="leave", starts_on=D(2026, 5, 1), ends_on=D(2026, 5, 2))
    services.absence_create(staff=b, kind="training", starts_on=D(2026, 5, 2), ends_on=D(2026, 5, 2))
    response = client_as(street_staff).get(
        reverse("governance:staff-coverage"), {"day": "2026-05-02", "staff": a.pk}
    )
    coverage = response.context["coverage"]
    assert ([p.name for p in coverage.both_absent], [p.name for p in coverage.no_b]) == (
        ["市容环境"],
        ["物业监管"],
    )
    assert [(h.post.name, h.to) for h in response.context["handovers"]] == [("市容环境", None)]


def test_in_charge_page(territory, street_staff, client_as):
    leader = make_staff(territory.street, name="郑浩然", is_leadership=True)
    services.portfolio_assign(area=territory.community_a, work_line="urban_management", leader=leader)
    response = client_as(street_staff).get(
        reverse("governance:staff-in-charge"),
        {"area": territory.community_a.pk, "work_line": "urban_management"},
    )
    [row] = response.context["rows"]
    assert (row["portfolio"].leader.name, row["inherited"]) == ("郑浩然", False)


def test_age_page(territory, street_staff, client_as):
    make_staff(territory.street, birth_date=D(1980, 1, 1), is_leadership=True, hired_on=D(2017, 1, 1))
    make_staff(territory.street, birth_date=D(1990, 1, 1), is_leadership=True, hired_on=D(2017, 1, 1))
    response = client_as(street_staff).get(
        reverse("governance:staff-age"), {"day": "2026-06-30", "threshold": 40}
    )
    assert (response.context["leadership"]["average_age"], response.context["leadership"]["young"]) == (
        41.0,
        1,
    )
    assert response.context["trend"][0] == (2017, 32.0)  # 37 and 27 at the end of 2017


def test_quarter_export(territory, street_staff, client_as):
    cadre = make_staff(territory.street, name="甲")
    Evaluation.objects.create(
        area=cadre.area,
        cadre=cadre,
        year=2026,
        quarter=3,
        deadline=D(2026, 9, 20),
        morality=90,
        ability=80,
        diligence=85,
        performance=95,
        integrity=100,
        grade="excellent",
        status="confirmed",
        self_assessment="自评",
    )
    other = make_staff(territory.street, name="乙")
    Evaluation.objects.create(area=other.area, cadre=other, year=2026, quarter=4, deadline=D(2026, 12, 21))
    response = client_as(street_staff).get(
        reverse("governance:staff-evaluation-export"), {"year": 2026, "quarter": 3}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 2
    assert rows[1][:9] == ("甲", "2026-Q3", "科员", 90, 80, 85, 95, 100, 90.0)
    assert rows[1][-1] == "自评"


def test_evaluator_fills_in_and_submits_through_the_page(territory, street_admin, client_as):
    boss_user = UserFactory(username="boss")
    from governance.territory import services as core
    from governance.territory.choices import Role

    core.assignment_create(user=boss_user, role=Role.STREET_STAFF, area=territory.street)
    boss = make_staff(territory.street, is_leadership=True, user=boss_user)
    make_staff(territory.street, name="甲", department=make_department(territory.street, leader=boss))
    services.evaluations_open_quarter(year=2026, quarter=4)
    evaluation = Evaluation.objects.get(cadre__name="甲")
    client = client_as(boss_user)
    url = reverse("governance:staff-evaluation-score", args=[evaluation.pk])
    bad = client.post(url, {"morality": 101, "ability": 80, "grade": "excellent"})
    assert bad.status_code == 200
    evaluation.refresh_from_db()
    assert evaluation.morality is None
    ok = client.post(
        url,
        {
            "morality": 90,
            "ability": 80,
            "diligence": 85,
            "performance": 95,
            "integrity": 100,
            "grade": "excellent",
            "submit": "on",
        },
    )
    assert ok.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.total_score) == ("submitted", 90.0)


def test_dashboard_shows_the_staff_panel(territory, street_staff, client_as, dept):
    a = make_staff(territory.street)
    make_post(dept, a, None, name="就业社保")
    response = client_as(street_staff).get(reverse("governance:home"))
    [panel] = [p for p in response.context["panels"] if p["key"] == "staff"]
    cards = {str(c.label): c.value for c in panel["cards"]}
    assert (cards["缺B岗岗位"], cards["今日无人在岗"]) == (1, 0)
    assert [item["text"] for item in panel["attention"]] == ["就业社保缺B岗"]
