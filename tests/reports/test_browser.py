"""In Chromium: the cockpit of the demo street for a street user and for a community secretary, on a desktop
and on a 390 px phone (no sideways scrolling of the page; the wide table scrolls inside its card)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

DEMO_PASSWORD = "jiedao-demo-2026"


@pytest.mark.browser
def test_the_cockpit_in_chromium(transactional_db, logged_in_page, live_server, screenshot, page):
    call_command(
        "seed_demo", stdout=io.StringIO()
    )  # once: the demo seeders are not made to run after a flush
    for username in ("street_staff", "secretary_ljt"):
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": 900})
        logged_in_page(get_user_model().objects.get(username=username), password=DEMO_PASSWORD)
        _look_at_the_cockpit(page, live_server, screenshot, username)


def _look_at_the_cockpit(page, live_server, screenshot, username):
    page.goto(f"{live_server.url}/cockpit/?period=2026")
    page.wait_for_selector("[data-chart=cockpit-trend] canvas")
    heading = page.locator("h1").inner_text()
    rows = page.locator("tr[data-figure]")
    assert rows.count() > 20
    if username == "street_staff":
        assert "梁家屯路街道" in heading
        page.wait_for_selector("[data-chart=cockpit-communities] canvas")
        assert page.locator("thead th", has_text="西岗社区").count() == 4  # one column in each part's table
    else:
        assert "梁家屯社区" in heading
        assert page.locator("th", has_text="西岗社区").count() == 0
    screenshot(f"cockpit-{username}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector("[data-chart=cockpit-trend] canvas")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(f"cockpit-{username}-390")
    # A figure's label opens the list behind the number.
    page.locator("tr[data-figure='property.fees_collected'] td a").first.click()
    page.wait_for_url("**/property/fees/**")
