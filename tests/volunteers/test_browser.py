"""In a real browser: a grid worker records a need on a phone, a secretary answers and assigns it, the resident's
rating closes it, and the rates change."""

import re

import pytest

from tests.volunteers import factories as f
from volunteers.models import Need


def rates_row(page, live_server):
    page.goto(f"{live_server.url}/services/rates/")
    return page.locator("[data-testid=rates-table] tbody tr").first.inner_text()


@pytest.mark.browser
def test_need_from_intake_to_rating_changes_the_rates(
    logged_in_page, live_server, screenshot, territory, grid_worker, secretary_a
):
    care = f.category("居家养老")
    item = f.make_item(territory.community_a, cat=care, served=[territory.grid_a], name="居家养老上门服务")

    # A grid worker on a phone: the place is already their grid.
    page = logged_in_page(grid_worker)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/services/needs/new/")
    assert page.locator("#id_area").input_value() == str(territory.grid_a.pk)
    page.fill("#id_requester_name", "王大爷")
    page.select_option("#id_category", label="居家养老")
    page.select_option("#id_urgency", value="general")
    page.fill("#id_description", "独居老人，需要每周上门探访")
    screenshot("volunteers-intake-phone")
    page.click("form.form-page button[type=submit]")
    page.wait_for_url(re.compile(r"/services/needs/\d+/$"))
    need = Need.objects.get()
    assert page.locator("[data-testid=need-status]").inner_text() == "已提交"

    # The community secretary answers, assigns from the suggestion, records the rating and closes it.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    page = logged_in_page(secretary_a)
    before = rates_row(page, live_server)
    assert "梁家屯社区" in before and "—" in before  # nothing answered or rated yet
    page.goto(f"{live_server.url}{need.get_absolute_url()}")
    page.click("[data-testid=move-accept]")
    assert page.locator("[data-testid=need-status]").inner_text() == "已受理"
    assert page.locator("[data-testid=suggestions] li").first.inner_text().count(item.name) == 1
    page.click("[data-testid=assign-suggestion]")
    assert page.locator("[data-testid=need-status]").inner_text() == "已派单"
    page.click("[data-testid=move-complete]")
    page.select_option("#id_rate-rating", "5")
    page.fill("#id_rate-comment", "很满意")
    page.click("[data-testid=move-rate]")
    assert page.locator("[data-testid=need-rating]").inner_text().startswith("5 / 5")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=move-close]")
    assert page.locator("[data-testid=need-status]").inner_text() == "已关闭"
    timeline = page.locator("[data-testid=timeline] li").all_inner_texts()
    assert [t.split(" · ")[2] for t in timeline] == ["提交", "受理", "派单", "办结", "记录评价", "关闭"]
    screenshot("volunteers-need-closed")

    after = rates_row(page, live_server)
    assert after.split("\t")[:6] == ["1", "梁家屯社区", "1", "100.0%", "100.0%", "100.0%"]
    screenshot("volunteers-rates")
    need.refresh_from_db()
    assert (need.status, need.rating, need.assigned_item) == ("closed", 5, item)


@pytest.mark.browser
def test_a_secretary_reveals_a_requesters_phone_with_one_logged_click(
    logged_in_page, live_server, screenshot, territory, secretary_a
):
    from governance.models import PersonalDataAccess

    need = f.make_need(territory.grid_a, requester_name="赵桂兰", requester_phone="13912345678")
    page = logged_in_page(secretary_a)
    page.goto(f"{live_server.url}/services/needs/{need.pk}/")
    assert page.locator("[data-testid=pii-masked]").inner_text() == "139****5678"
    page.click("[data-testid=reveal]")
    page.wait_for_selector("[data-testid=pii-full]")
    assert page.locator("[data-testid=pii-full]").inner_text() == "13912345678"
    screenshot("need-requester-phone-revealed")
    assert PersonalDataAccess.objects.filter(record_type="volunteers.need", record_id=need.pk).count() == 1
