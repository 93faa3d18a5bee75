"""In a real browser: raise a case, summon two departments, record their responses, read the timeline."""

import pytest

from governance.models import EnforcementCase
from tests.enforcement.factories import PNG_BYTES, make_category, make_department


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_raise_summon_respond_and_read_timeline(
    territory, street_staff, logged_in_page, live_server, screenshot, tmp_path
):
    make_category("占道经营")
    make_department(territory.street, "城管执法队")
    make_department(territory.street, "派出所")
    photo = tmp_path / "scene.png"
    photo.write_bytes(PNG_BYTES)

    page = logged_in_page(street_staff)
    page.set_viewport_size({"width": 390, "height": 844})  # a grid worker's phone
    page.goto(f"{live_server.url}/cases/new/")
    page.select_option("#id_area", str(territory.community_a.pk))
    page.select_option("#id_category", label="占道经营")
    page.select_option("#id_urgency", "urgent")
    page.fill("#id_title", "东门早市占道")
    page.fill("#id_description", "摊贩占用消防通道，居民多次投诉")
    page.select_option("#id_source_kind", "complaint")
    page.set_input_files("#id_photos", str(photo))
    screenshot("enforcement-raise-phone")
    page.click("form.form-page button[type=submit]")
    page.wait_for_selector("[data-testid=case-status]")
    case = EnforcementCase.objects.get()
    assert page.inner_text("[data-testid=case-status]") == "已立案"

    page.set_viewport_size({"width": 1280, "height": 900})
    page.check("label:has-text('城管执法队') >> xpath=preceding-sibling::input")
    page.check("label:has-text('派出所') >> xpath=preceding-sibling::input")
    page.click("[data-testid=summon-form] button[type=submit]")
    page.wait_for_selector("tr[data-department='派出所']")
    assert page.inner_text("[data-testid=case-status]") == "已吹哨"
    waiting = page.inner_text("[data-testid=waiting-on]")
    assert "等待城管执法队签收并到场" in waiting and "等待派出所签收并到场" in waiting

    for department, note in (("城管执法队", "已清理摊位"), ("派出所", "维持秩序")):
        row = f"tr[data-record='{department}']"
        page.select_option(f"{row} select[name=step]", "arrive")
        page.click(f"{row} button[type=submit]")
        page.wait_for_selector(f"{row} select[name=step] option[value=act]", state="attached")
        page.select_option(f"{row} select[name=step]", "act")
        page.fill(f"{row} input[name=note]", note)
        page.click(f"{row} button[type=submit]")
        page.wait_for_selector(row, state="detached")

    assert page.inner_text("[data-testid=case-status]") == "已处置"
    assert "等待社区核实处置结果" in page.inner_text("[data-testid=waiting-on]")
    timeline = [line.strip() for line in page.locator("[data-testid=timeline] li").all_inner_texts()]
    kinds = [line.split(" · ")[1] for line in timeline]
    assert kinds == [
        "已立案",
        "召集部门：城管执法队",
        "召集部门：派出所",
        "已立案 → 已吹哨",
        "部门到场：城管执法队",
        "已吹哨 → 部门已到场",
        "部门处置：城管执法队",
        "部门到场：派出所",
        "部门处置：派出所",
        "部门已到场 → 已处置",
    ]
    assert "已清理摊位" in timeline[6]
    screenshot("enforcement-case-timeline")
    case.refresh_from_db()
    assert case.status == "acted"
    assert case.photos.count() == 1
