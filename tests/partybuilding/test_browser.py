"""A community secretary logs a meeting on her phone and finds its actions on the dashboard."""

import datetime

import pytest
from django.utils import timezone

from partybuilding.models import FollowUpAction, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_logs_a_meeting_with_two_decisions_and_finds_the_actions_on_the_dashboard(
    territory, secretary_a, grid_worker, logged_in_page, live_server, screenshot
):
    page = logged_in_page(secretary_a)
    page.set_viewport_size({"width": 390, "height": 844})
    started = timezone.now()
    page.goto(f"{live_server.url}/party/meetings/new/")
    assert page.locator("h1").inner_text() == "登记会议"
    page.select_option("#id_kind", "joint_party_building")
    page.fill("#id_title", "十一月党建联席会")
    page.select_option("#id_area", str(territory.community_a.pk))
    page.fill("#id_held_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_venue", "社区党群服务中心")
    page.check("input[name=topics][value=public_security]")
    page.fill("#id_invitees", "王书记\n李经理\n赵代表\n孙居民")
    page.fill("#id_absent", "赵代表")
    page.fill("#id_minutes", "会议议定两件事。")
    soon = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    later = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    page.fill("#id_decision_1", "修缮3号楼单元门禁")
    page.select_option("#id_owner_1", str(grid_worker.pk))
    page.fill("#id_due_1", soon)
    page.fill("#id_decision_2", "开设四点半课堂")
    page.select_option("#id_owner_2", str(secretary_a.pk))
    # The second decision's date is forgotten: the page says so and keeps everything typed.
    page.click("[data-testid=meeting-submit]")
    assert "请填写完成时限。" in page.locator("[data-testid=form-errors]").inner_text()
    assert page.input_value("#id_decision_2") == "开设四点半课堂"
    assert page.input_value("#id_invitees") == "王书记\n李经理\n赵代表\n孙居民"
    screenshot("party-meeting-form-phone-error")
    page.fill("#id_due_2", later)
    page.click("[data-testid=meeting-submit]")
    page.wait_for_selector("[data-testid=decisions]")
    assert page.locator("[data-testid=attendance]").inner_text() == "3/4（75%）"
    screenshot("party-meeting-detail-phone")
    elapsed = (timezone.now() - started).total_seconds()

    meeting = Meeting.objects.get()
    assert meeting.created_by == secretary_a
    assert list(FollowUpAction.objects.order_by("due_on").values_list("title", "owner")) == [
        ("修缮3号楼单元门禁", grid_worker.pk),
        ("开设四点半课堂", secretary_a.pk),
    ]

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/")
    panel = page.locator("[data-panel=partybuilding]")
    assert panel.locator(".stat-card", has_text="待办落实事项").locator(".stat-value").inner_text() == "2"
    attention = panel.locator(".list-group-item")
    assert attention.count() == 2
    assert "修缮3号楼单元门禁" in attention.nth(0).inner_text()
    assert "开设四点半课堂" in attention.nth(1).inner_text()
    screenshot("party-dashboard")
    assert elapsed < 60  # the whole logging, error included, in well under a minute of machine time


def test_party_pages_read_in_chinese(
    territory, street_admin, secretary_a, logged_in_page, live_server, screenshot
):
    from decimal import Decimal

    from partybuilding import services
    from tests.partybuilding.factories import make_member, make_pledge, make_seat, org_chain

    org_chain(territory.grid_a)
    make_member(territory.stairwell_a, name="刘建国")
    seat = make_seat(territory.stairwell_a, kind="part_time")
    pledge = make_pledge(territory.stairwell_a)
    services.pledge_deliver(
        user=street_admin, pledge=pledge, delivered_on=datetime.date(2026, 6, 1), quantity=Decimal("4000")
    )
    page = logged_in_page(street_admin)
    expected = {
        "/party/": "党组织架构",
        "/party/pledges/": "共建承诺",
        "/party/supervision/": "监督网络",
        seat.committee.get_absolute_url(): seat.committee.name,
    }
    for path, heading in expected.items():
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").first.inner_text() == heading
        screenshot("party-page" + path.replace("/party", "").replace("/", "-").rstrip("-"))
    assert page.locator("[data-testid=current-seats] tbody").inner_text().split("\t")[:2] == [
        seat.member.name,
        "兼职委员",
    ]
