"""The portal as a person sees it: log in through the real form in Debian's Chromium, read the dashboard."""


def test_grid_worker_registers_a_resident_on_a_phone_and_sees_the_reason_for_a_bad_id(
    territory, grid_worker, logged_in_page, live_server, screenshot
):
    from governance.models import Resident

    page = logged_in_page(grid_worker)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/residents/new/")
    page.fill("#id_name", "孙桂兰")
    page.select_option("#id_gender", "F")
    page.fill("#id_birth_date", "1949-12-31")
    page.fill("#id_id_number", "110105194912310021")  # wrong check digit
    page.fill("#id_phone", "13812345678")
    page.select_option("#id_area", str(territory.stairwell_a.pk))
    page.fill("#id_room", "302")
    page.click("form.form-page button[type=submit]")
    assert "身份证号校验位不正确" in page.locator("[data-testid=form-errors]").inner_text()
    assert page.input_value("#id_name") == "孙桂兰"  # nothing typed is lost
    screenshot("resident-form-phone-error")
    page.fill("#id_id_number", "11010519491231002X")
    page.click("form.form-page button[type=submit]")
    page.wait_for_selector("#pii")
    assert "110105**********2X" in page.locator("#pii").inner_text()
    screenshot("resident-detail-phone")
    assert Resident.objects.get().name == "孙桂兰"
