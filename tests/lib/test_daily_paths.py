"""Each role's daily path, walked on a 390×844 phone in Debian's Chromium (issue 15, "what must be shown"):
a grid worker records a need and a case; a secretary accepts, assigns and closes a need and logs a meeting;
street staff search, print a minutes sheet and confirm service records in a batch. Every page on the way must
not scroll sideways, must not squeeze a table cell to one character a line, and must pass axe-core."""

import re

import pytest
from django.utils import timezone

from governance.enforcement.models import EnforcementCase
from partybuilding.models import Meeting
from tests.enforcement.factories import make_category
from tests.factories import make_resident
from tests.helpers import assert_accessible, assert_reads_on_a_phone
from tests.partybuilding.factories import make_meeting
from tests.volunteers import factories as f
from volunteers.choices import RecordStatus
from volunteers.models import Need, ServiceRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DONE = "已完成"


@pytest.fixture
def on_phone(logged_in_page, screenshot):
    """Log in on a phone; `check(name)` asserts the page reads there and is accessible, then keeps a screenshot."""

    def start(user):
        page = logged_in_page(user)
        page.set_viewport_size(PHONE)

        def check(name):
            assert_reads_on_a_phone(page)
            assert_accessible(page)
            screenshot(f"daily-{name}")

        return page, check

    return start


def test_a_grid_worker_records_a_need_and_raises_a_case(territory, grid_worker, on_phone, live_server):
    f.category("居家养老")
    make_category("占道经营")
    page, check = on_phone(grid_worker)
    page.goto(f"{live_server.url}/")
    check("grid-home")
    # The first item of his menu, and the first big button of his home page.
    assert page.locator("#sidenav a.nav-link").nth(1).text_content().strip() == "登记需求"

    page.click("[data-testid=quick-volunteersneed-create]")
    page.fill("#id_requester_name", "王大爷")
    page.select_option("#id_category", label="居家养老")
    page.fill("#id_description", "独居老人，需要每周上门探访")
    check("grid-need-form")
    page.click("form.form-page button[type=submit]")
    page.wait_for_url(re.compile(r"/services/needs/\d+/$"))
    check("grid-need-detail")
    assert Need.objects.get().created_by == grid_worker

    page.goto(f"{live_server.url}/")
    assert (
        page.locator("[data-testid=work-card]", has_text="我登记的未办结需求")
        .locator(".stat-value")
        .inner_text()
        == "1件"
    )
    page.click("[data-testid=quick-governanceenforcement-case-create]")
    page.select_option("#id_category", label="占道经营")
    page.fill("#id_title", "东门早市占道")
    page.fill("#id_description", "摊贩占用消防通道")
    page.select_option("#id_source_kind", "grid_worker")
    check("grid-case-form")
    page.click("form.form-page button[type=submit]")
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    check("grid-case-detail")
    assert EnforcementCase.objects.get().raised_by == grid_worker


def test_a_secretary_accepts_assigns_closes_and_logs_a_meeting(
    territory, secretary_a, grid_worker, on_phone, live_server
):
    need = f.make_need(territory.grid_a, requester_name="李阿姨", description="楼道灯坏了")
    f.make_item(territory.community_a, cat=f.category("居家养老"), served=[territory.grid_a], name="上门维修")
    page, check = on_phone(secretary_a)
    page.goto(f"{live_server.url}/")
    check("secretary-home")
    page.locator("[data-testid=work-card]", has_text="待受理").click()
    check("secretary-to-accept")
    page.click(f"a[href='{need.get_absolute_url()}']")
    page.click("[data-testid=move-accept]")
    assert page.locator("[data-testid=need-status]").inner_text() == "已受理"
    page.click("[data-testid=assign-suggestion]")
    assert page.locator("[data-testid=need-status]").inner_text() == "已派单"
    page.click("[data-testid=move-complete]")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=move-close]")
    assert page.locator("[data-testid=need-status]").inner_text() == "已关闭"
    check("secretary-need-closed")

    page.goto(f"{live_server.url}/")
    page.click("[data-testid=quick-partybuildingmeeting-create]")
    page.select_option("#id_kind", "joint_party_building")
    page.fill("#id_title", "十二月党建联席会")
    page.select_option("#id_area", str(territory.community_a.pk))
    page.fill("#id_held_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_invitees", "王书记\n李经理")
    page.fill("#id_minutes", "议定楼道照明改造。")
    page.fill("#id_decision_1", "更换楼道灯")
    page.select_option("#id_owner_1", str(grid_worker.pk))
    page.fill("#id_due_1", (timezone.localdate() + timezone.timedelta(days=7)).isoformat())
    check("secretary-meeting-form")
    page.click("[data-testid=meeting-submit]")
    page.wait_for_selector("[data-testid=decisions]")
    check("secretary-meeting-detail")
    assert Meeting.objects.get().title == "十二月党建联席会"


def test_street_staff_search_print_minutes_and_confirm_records_in_a_batch(
    territory, street_staff, grid_worker, on_phone, live_server
):
    make_resident(territory.stairwell_a, name="梁实秋")
    meeting = make_meeting(territory.community_a, owner=grid_worker, decisions=2, title="梁家屯党建联席会")
    meeting.minutes = "会议议定两件事：修缮门禁，开设四点半课堂。"
    meeting.save()
    volunteer = f.make_volunteer(territory.grid_a, name="志愿者甲")
    records = [f.make_record(volunteer, user=grid_worker) for _ in range(3)]

    page, check = on_phone(street_staff)
    # Search: the header's link on a phone, the page's own box.
    page.click("[data-testid=header-search-link]")
    page.fill("#search-page-q", "梁")
    page.click("[data-testid=search-page-form] button[type=submit]")
    page.wait_for_selector("[data-testid=search-group-residents]")
    assert page.locator("[data-testid=search-group-meetings]").inner_text().count("梁家屯党建联席会") == 1
    check("staff-search")

    # Print the minutes.
    page.click("[data-testid=search-group-meetings] a:has-text('梁家屯党建联席会')")
    page.click("[data-testid=print-link]")
    page.wait_for_selector("[data-testid=print-sheet]")
    assert "会议纪要" in page.locator("h1").inner_text()
    assert "年" in page.locator("[data-testid=print-date]").inner_text()
    assert page.locator("[data-testid=print-decisions] li").count() == 2
    check("staff-minutes-print")
    page.emulate_media(media="print")
    assert page.locator(".print-toolbar").is_hidden()
    page.screenshot(path=str(_shot("daily-staff-minutes-as-printed")), full_page=True)
    page.emulate_media(media="screen")

    # Confirm the reported records in one go, from the cards of the list.
    page.goto(f"{live_server.url}/services/records/?status=reported")
    check("staff-records-cards")
    boxes = page.locator("[data-testid=batch-pick]")
    assert boxes.count() == 3
    for i in range(3):
        boxes.nth(i).check()
    page.click("[data-testid=batch-confirm]")
    page.wait_for_selector("[data-testid=batch-explain]")
    assert page.locator("[data-testid=batch-row]").count() == 3
    assert ServiceRecord.objects.filter(status=RecordStatus.REPORTED).count() == 3  # nothing yet
    check("staff-batch-confirmation")
    page.click("[data-testid=batch-go]")
    page.wait_for_selector("[data-testid=batch-summary]")
    assert page.locator("[data-testid=batch-result]").all_inner_texts() == [DONE] * 3
    check("staff-batch-result")
    assert sorted(ServiceRecord.objects.values_list("status", flat=True)) == [RecordStatus.CONFIRMED] * 3
    assert {r.pk for r in records} == set(ServiceRecord.objects.values_list("pk", flat=True))


def _shot(name, suffix=".png"):
    from tests.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}{suffix}"


def test_every_print_view_reads_on_a_phone_and_prints_on_one_a4_sheet(
    territory, street_admin, grid_worker, on_phone, live_server
):
    import datetime
    import io

    from pypdf import PdfReader

    from governance.staff.models import Evaluation
    from tests.enforcement.factories import make_case
    from tests.staff.factories import make_staff

    head = make_resident(territory.stairwell_a, room="502", name="户主甲", is_household_head=True)
    make_resident(territory.stairwell_a, room="502", name="家人乙")
    meeting = make_meeting(territory.community_a, owner=grid_worker, decisions=3)
    case = make_case(territory.grid_a, title="楼顶违建")
    cadre = make_staff(territory.street, name="王干部")
    evaluation = Evaluation.objects.create(
        area=territory.street,
        cadre=cadre,
        year=2026,
        quarter=3,
        deadline=datetime.date(2026, 10, 15),
        morality=90,
        ability=85,
        diligence=88,
        performance=92,
        integrity=95,
    )
    page, check = on_phone(street_admin)
    for name, path in (
        ("minutes", f"/party/meetings/{meeting.pk}/print/"),
        ("case", f"/cases/{case.pk}/print/"),
        ("household", f"/residents/households/{head.household_id}/print/"),
        ("evaluation", f"/staff/evaluations/{evaluation.pk}/print/"),
    ):
        page.goto(f"{live_server.url}{path}")
        check(f"print-{name}-phone")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        _shot(f"print-{name}", ".pdf").write_bytes(pdf)
        reader = PdfReader(io.BytesIO(pdf))
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
        assert len(reader.pages) == 1
        text = reader.pages[0].extract_text()
        assert (
            "打印" not in text.split("打印于")[0]
        )  # the toolbar is not printed (only the footer says 打印于)
