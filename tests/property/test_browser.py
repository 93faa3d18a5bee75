import datetime

import pytest

from property.models import Finding, Inspection
from tests.property.factories import make_contract


@pytest.mark.browser
def test_inspection_with_a_finding_shows_on_the_company_score_card(
    transactional_db, territory, street_staff, logged_in_page, live_server, screenshot
):
    contract = make_contract(territory.community_a)
    company = contract.company
    today = datetime.date.today()
    page = logged_in_page(street_staff)

    page.goto(f"{live_server.url}/property/inspections/new/")
    page.select_option("#id_company", str(company.pk))
    page.select_option("#id_area", str(territory.building_a.pk))
    page.fill("#id_inspected_on", today.isoformat())
    for item, points in {
        "cleaning": "12",
        "security": "18",
        "greening": "20",
        "repairs": "17",
        "fee_transparency": "19",
    }.items():
        page.fill(f"#id_points_{item}", points)
    page.select_option("#id_finding_item", "cleaning")
    page.fill("#id_finding_description", "楼道堆放杂物，影响消防通道")
    page.fill("#id_finding_deadline", (today + datetime.timedelta(days=7)).isoformat())
    screenshot("property-inspection-form")
    page.click("form.form-page button[type=submit]")

    inspection = Inspection.objects.get()
    page.wait_for_url(f"{live_server.url}/property/inspections/{inspection.pk}/")
    assert page.text_content("[data-testid=inspection-score]").strip() == "86 分"
    assert Finding.objects.get().description == "楼道堆放杂物，影响消防通道"

    page.click("text=月度考评表")
    page.wait_for_url(f"{live_server.url}/property/companies/{company.pk}/scorecard/*")
    assert page.text_content("[data-testid=average-score]").strip() == "86.0"
    assert page.text_content("[data-testid=findings-found]").strip() == "1"
    findings = page.text_content("[data-testid=scorecard-findings]")
    assert "保洁：楼道堆放杂物，影响消防通道" in findings
    assert "待整改" in findings
    screenshot("property-scorecard")


@pytest.mark.browser
def test_secretary_on_a_phone_sees_own_complaints_only(
    transactional_db, territory, secretary_b, street_staff, logged_in_page, live_server, screenshot, page
):
    from tests.property.factories import _complaint

    mine = _complaint(territory.stairwell_b)
    other = _complaint(territory.stairwell_a)
    page.set_viewport_size({"width": 390, "height": 844})
    logged_in_page(secretary_b)
    page.goto(f"{live_server.url}/property/complaints/")
    assert page.locator(f"a[href='/property/complaints/{mine.pk}/']").count() == 1
    assert page.locator(f"a[href='/property/complaints/{other.pk}/']").count() == 0
    screenshot("property-complaints-phone")
    response = page.goto(f"{live_server.url}/property/complaints/{other.pk}/")
    assert response.status == 404
