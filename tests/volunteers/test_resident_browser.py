"""In a real browser on a phone (390×844): a resident reports a need with a photo without an account, confirms
the phone with the SMS code, gets the receipt, looks the need up; the secretary accepts and completes it in the
portal; the resident rates it through the link from the SMS; the public Needs List shows it, with nobody's
personal data, and the three rates change."""

import re
from urllib.parse import urlparse

import pytest
from PIL import Image

from tests.helpers import assert_accessible, assert_reads_on_a_phone
from tests.volunteers import factories as f
from volunteers.models import Need

PHONE = "13912345678"
PHONE_SIZE = {"width": 390, "height": 844}


def _code(outbox) -> str:
    return re.search(r"\b(\d{6})\b", outbox[-1].body).group(1)


def _check(page):
    assert_reads_on_a_phone(page)
    assert_accessible(page)


@pytest.mark.browser
def test_a_resident_reports_follows_and_rates_a_need_and_the_public_list_shows_it(
    browser_ready,
    page,
    logged_in_page,
    live_server,
    screenshot,
    territory,
    secretary_a,
    _sms_outbox,
    tmp_path,
):
    f.category("维修服务")
    photo = tmp_path / "lamp.png"
    Image.new("RGB", (320, 240), (90, 90, 160)).save(photo)
    community = territory.community_a
    page.set_viewport_size(PHONE_SIZE)

    # The public Needs List before: nothing answered, nothing rated.
    page.goto(f"{live_server.url}/r/{community.pk}/needs/")
    rates_before = page.locator("[data-testid=public-rates]").inner_text()
    assert rates_before.count("—") == 3

    # The resident opens the community's link (the QR poster's) and reports a need with a photo.
    page.goto(f"{live_server.url}/r/{community.pk}/")
    assert page.locator("h1").inner_text() == "我要反映"
    page.fill("#id_requester_name", "王大妈")
    page.fill("#id_requester_phone", PHONE)
    page.select_option("#id_area", label="1号楼 1单元")
    page.select_option("#id_category", label="维修服务")
    page.fill("#id_description", "3号楼道的灯坏了一个星期，晚上看不见台阶")
    page.set_input_files("#id_photos", str(photo))
    _check(page)
    screenshot("resident-intake-phone")
    page.click("[data-testid=intake-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/r/confirm/"))

    # The code came by SMS (the test backend); the page shows only the masked number.
    assert [m.to for m in _sms_outbox] == [PHONE]
    assert "139****5678" in page.locator("main").inner_text()
    _check(page)
    screenshot("resident-confirm-phone")
    page.fill("#id_code", _code(_sms_outbox))
    page.click("[data-testid=code-form] button[type=submit]")
    page.wait_for_url(re.compile(r"/r/receipt/"))
    number = page.locator("[data-testid=receipt-number]").inner_text()
    assert re.fullmatch(r"\d{12}", number)
    _check(page)
    screenshot("resident-receipt-phone")

    # The status, by the receipt number and the phone's last four digits.
    page.click('main a:has-text("查询办理进度")')
    page.fill("#id_receipt_number", number)
    page.fill("#id_phone_last4", PHONE[-4:])
    page.click("[data-testid=status-form] button[type=submit]")
    steps = page.locator("[data-testid=status-steps] li").all_inner_texts()
    assert [s.split()[1] for s in steps] == ["提交", "受理", "派单", "办结"]
    assert "尚未" in steps[1]
    _check(page)
    screenshot("resident-status-submitted")

    # The secretary accepts, assigns and completes it in the portal (at a desk).
    need = Need.objects.get()
    assert (need.channel, need.requester_phone) == ("resident", PHONE)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    page = logged_in_page(secretary_a)
    page.goto(f"{live_server.url}{need.get_absolute_url()}")
    assert page.locator("[data-testid=report-photos] img").count() == 1
    page.click("[data-testid=move-accept]")
    page.fill("#id_assign-department", "物业公司")
    page.click("[data-testid=move-assign]")
    page.fill("#id_complete-public_answer", "已更换楼道灯")
    page.click("[data-testid=move-complete]")
    assert page.locator("[data-testid=need-status]").inner_text() == "已办结"
    screenshot("resident-need-done-portal")

    # The rating link came by SMS; the resident rates on the phone.
    link = _sms_outbox[-1].body.rsplit("：", 1)[-1].strip()
    assert len(_sms_outbox) == 2 and "/r/rate/" in link
    page.context.clear_cookies()
    page.set_viewport_size(PHONE_SIZE)
    page.goto(live_server.url + urlparse(link).path)
    assert "已更换楼道灯" in page.locator("main").inner_text()
    _check(page)
    screenshot("resident-rate-phone")
    page.get_by_label("满意", exact=True).check()
    page.fill("#id_comment", "修得很快")
    page.click("[data-testid=rating-form] button[type=submit]")
    assert page.locator("h1").inner_text() == "感谢您的评价"

    # The public Needs List shows the need and its answer, nothing personal, and the rates changed.
    page.goto(f"{live_server.url}/r/{community.pk}/needs/")
    listed = page.locator("[data-testid=public-needs]").inner_text()
    assert "维修服务" in listed and "已更换楼道灯" in listed and "第一网格" in listed
    html = page.content()
    for personal in (
        "王大妈",
        PHONE,
        PHONE[-4:],
        "1单元",
        "1号楼",
        "lamp",
        "3号楼道",
        "物业公司",
        secretary_a.username,
    ):
        assert personal not in html, personal
    rates = page.locator("[data-testid=public-rates]").inner_text()
    assert rates != rates_before
    assert page.locator("[data-testid=satisfaction-rate]").inner_text() == "100.0%"
    _check(page)
    screenshot("resident-needs-list-phone")
    need.refresh_from_db()
    assert (need.status, need.first_rating, need.public_answer) == ("rated", 5, "已更换楼道灯")

    # The narrowest phones (360 px) read every public page without sideways scrolling.
    page.set_viewport_size({"width": 360, "height": 740})
    for path in (
        f"/r/{community.pk}/",
        f"/r/{community.pk}/needs/",
        "/r/status/",
        f"/r/{community.pk}/poster/",
    ):
        page.goto(live_server.url + path)
        _check(page)
    screenshot("resident-poster-360")
