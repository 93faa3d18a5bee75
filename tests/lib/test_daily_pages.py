"""Every page of a person's menu, walked in Debian's Chromium: on a 390 px phone the lists read as cards (no
page or box scrolls sideways, no cell stands its text one character a line), and axe-core finds no WCAG 2.1
AA violation, on the phone and at a desk."""

import pytest

from tests.enforcement.factories import make_case
from tests.factories import make_resident
from tests.helpers import assert_accessible, assert_reads_on_a_phone
from tests.partybuilding.factories import make_action, make_meeting
from tests.volunteers import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The rates page belongs to the rates work under way elsewhere; it is walked once that lands.
NOT_YET = {"/services/rates/"}


def _some_of_everything(territory, grid_worker):
    for _ in range(3):
        make_resident(territory.stairwell_a)
        f.make_need(territory.grid_a)
    make_case(territory.grid_a)
    make_action(territory.community_a, owner=grid_worker)
    make_meeting(territory.community_a, owner=grid_worker, decisions=2)
    f.make_record(f.make_volunteer(territory.grid_a, team=f.make_team(territory.community_a)))


@pytest.mark.parametrize("persona", ["grid_worker", "secretary_a"])
def test_every_menu_page_reads_on_a_phone(
    persona, request, territory, grid_worker, logged_in_page, live_server, screenshot
):
    user = request.getfixturevalue(persona)
    _some_of_everything(territory, grid_worker)
    page = logged_in_page(user)
    page.set_viewport_size({"width": 390, "height": 844})
    links = page.eval_on_selector_all("#sidenav a.nav-link", "els => els.map(e => e.getAttribute('href'))")
    assert len(links) > 10
    walked = 0
    for href in ["/", *links]:
        if href in NOT_YET:
            continue
        page.goto(f"{live_server.url}{href}")
        assert_reads_on_a_phone(page)
        assert_accessible(page)
        walked += 1
    page.goto(f"{live_server.url}/services/needs/")
    cards = page.locator("[data-testid=object-list] tbody tr")
    assert cards.count() == 3
    box = cards.first.bounding_box()
    assert box["width"] > 300  # a card across the screen, not a squeezed table row
    screenshot(f"phone-needs-{persona}")
    page.goto(f"{live_server.url}/residents/")
    screenshot(f"phone-residents-{persona}")
    assert walked == len(links) + 1 - len(NOT_YET & set(links))


def test_every_menu_page_of_the_street_staff_is_accessible_at_a_desk(
    territory, street_staff, grid_worker, logged_in_page, live_server
):
    _some_of_everything(territory, grid_worker)
    page = logged_in_page(street_staff)
    links = page.eval_on_selector_all("#sidenav a.nav-link", "els => els.map(e => e.getAttribute('href'))")
    for href in ["/", *links, "/notifications/"]:
        page.goto(f"{live_server.url}{href}")
        assert_accessible(page)
