"""The portal as a person sees it: log in through the real form in Debian's Chromium, read the dashboard."""

import pytest

from tests.factories import make_resident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_logs_in_and_sees_her_dashboard_in_chinese(
    territory, secretary_a, logged_in_page, screenshot
):
    make_resident(territory.stairwell_a)
    make_resident(territory.stairwell_b)  # another community: must not be counted
    page = logged_in_page(secretary_a)
    assert page.locator("h1").first.inner_text() == "工作台"
    panel = page.locator("[data-panel=territory]")
    residents_card = panel.locator(".stat-card", has_text="居民")
    assert residents_card.locator(".stat-value").inner_text().startswith("1")
    path = screenshot("dashboard-secretary")
    assert path.stat().st_size > 10_000


def test_api_docs_render_offline_under_the_content_security_policy(
    territory, street_admin, logged_in_page, live_server
):
    page = logged_in_page(street_admin)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .information-container", timeout=20000)
    assert "Jiedao API" in page.locator(".swagger-ui .title").inner_text()
    assert [e for e in errors if "Content Security Policy" in e] == []
