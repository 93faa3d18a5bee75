"""In Chromium: an evaluator opens a cadre's quarterly evaluation, fills it in and submits it."""

import datetime

import pytest

from governance.models import Evaluation
from governance.staff import services
from governance.territory import services as core
from governance.territory.choices import Role
from tests.factories import UserFactory
from tests.staff.factories import make_department, make_post, make_staff

D = datetime.date


@pytest.mark.browser
def test_evaluator_fills_in_and_submits_an_evaluation(
    transactional_db, territory, logged_in_page, live_server, screenshot
):
    evaluator = UserFactory(username="boss", first_name="李书记")
    core.assignment_create(user=evaluator, role=Role.STREET_STAFF, area=territory.street)
    boss = make_staff(territory.street, name="李书记", is_leadership=True, user=evaluator)
    dept = make_department(territory.street, name="城市管理科", leader=boss)
    cadre = make_staff(territory.street, name="黄磊", department=dept, position="城市管理科科长")
    make_post(dept, cadre, boss, name="市容环境")
    services.evaluations_open_quarter(year=2026, quarter=4)
    services.inspection_create(
        cadre=cadre,
        area=territory.community_a,
        inspector=evaluator,
        inspected_on=D(2026, 11, 20),
        findings="现场协调占道经营整治。",
    )
    evaluation = Evaluation.objects.get(cadre=cadre)

    page = logged_in_page(evaluator)
    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    assert page.locator("[data-testid=status]").inner_text() == "待考评"
    assert "现场协调占道经营整治" in page.locator("[data-testid=inspections]").inner_text()
    page.click("[data-testid=score]")
    for field, value in (
        ("morality", "95"),
        ("ability", "90"),
        ("diligence", "92"),
        ("performance", "88"),
        ("integrity", "96"),
    ):
        page.fill(f"#id_{field}", value)
    page.select_option("#id_grade", "excellent")
    page.fill("#id_comment", "敢于担当，整治成效明显。")
    page.check("#id_submit")
    screenshot("staff-evaluation-form")
    page.click("form.form-page button[type=submit]")
    page.wait_for_url(f"{live_server.url}{evaluation.get_absolute_url()}")
    assert page.locator("[data-testid=status]").inner_text() == "已提交"
    assert page.locator("[data-testid=grade]").inner_text() == "优秀"
    # The evaluator cannot also confirm it: four eyes.
    assert page.locator("button", has_text="确认").count() == 0
    screenshot("staff-evaluation-submitted")
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.total_score, evaluation.comment) == (
        "submitted",
        92.2,
        "敢于担当，整治成效明显。",
    )
    assert list(evaluation.events.values_list("to_status", "by__username")) == [
        ("pending", None),
        ("submitted", "boss"),
    ]


@pytest.mark.browser
def test_coverage_page_on_a_phone(transactional_db, territory, logged_in_page, live_server, screenshot, page):
    admin = UserFactory(username="street_admin", first_name="李街道")
    core.assignment_create(user=admin, role=Role.STREET_ADMIN, area=territory.street)
    dept = make_department(territory.street, name="城市管理科")
    a, b = make_staff(territory.street, name="黄磊"), make_staff(territory.street, name="杨洋")
    make_post(dept, a, b, name="市容环境")
    make_post(dept, b, None, name="物业监管")
    services.absence_create(staff=a, kind="training", starts_on=D(2026, 5, 1), ends_on=D(2026, 5, 3))
    services.absence_create(staff=b, kind="leave", starts_on=D(2026, 5, 2), ends_on=D(2026, 5, 2))
    page.set_viewport_size({"width": 390, "height": 844})
    logged_in_page(admin)
    page.goto(f"{live_server.url}/staff/coverage/?day=2026-05-02&staff={a.pk}&until=2026-05-03")
    assert "市容环境" in page.locator("[data-testid=both-absent]").inner_text()
    assert "物业监管" in page.locator("[data-testid=no-b]").inner_text()
    assert "无人" in page.locator("[data-testid=handover]").inner_text()
    screenshot("staff-coverage-phone")
