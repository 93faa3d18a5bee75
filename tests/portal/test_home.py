"""Each role's home page starts with that person's own work, then the panels their role uses; the menu
puts what the role uses most first and leaves out what it never does."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.lib.registry import visible_nav
from governance.territory.selectors import user_roles
from partybuilding.models import FollowUpAction
from tests.enforcement.factories import make_case
from tests.helpers import count_queries
from tests.partybuilding.factories import make_action, make_meeting
from tests.volunteers import factories as f
from volunteers import services

pytestmark = pytest.mark.django_db
HOME = reverse("governance:home")


def _home(client):
    response = client.get(HOME)
    assert response.status_code == 200
    ctx = response.context
    work = {str(c.label): c.value for c in ctx["work"]}
    quick = [q.url_name for q in ctx["quick"]]
    panels = [p["key"] for p in ctx["panels"]]
    return work, quick, panels


def _overdue(action):
    FollowUpAction.objects.filter(pk=action.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )


def test_a_grid_worker_starts_with_his_needs_cases_and_overdue_actions(
    territory, grid_worker, secretary_a, client_as
):
    for _ in range(2):
        f.make_need(territory.grid_a, user=grid_worker)
    late = f.make_need(
        territory.grid_a, user=grid_worker, submitted_at=timezone.now() - datetime.timedelta(days=30)
    )
    f.make_need(territory.grid_a)  # recorded by someone else: not his
    make_case(territory.grid_a, user=grid_worker)
    make_case(territory.grid_a)
    # Actions he owns from community meetings, outside his grid: counted by owner, not by area.
    for _ in range(4):
        _overdue(make_action(territory.community_a, owner=grid_worker))
    make_action(territory.community_a, owner=grid_worker)

    work, quick, panels = _home(client_as(grid_worker))

    assert work == {
        "我登记的未办结需求": 3,
        "我登记的超期需求": 1,
        "我上报的在办案件": 1,
        "我的逾期事项": 4,
        "我的未办结事项": 5,
    }
    assert late.is_overdue
    assert quick == ["volunteers:need-create", "governance:enforcement-case-create"]
    assert "partybuilding" not in panels and "staff" not in panels and "property" not in panels
    assert panels == ["services", "enforcement", "territory"]


def test_a_secretary_starts_with_what_waits_for_her(territory, secretary_a, client_as):
    f.make_need(territory.grid_a)
    f.make_need(territory.grid_a)
    services.need_accept(need=f.make_need(territory.grid_a), user=secretary_a)
    f.make_need(territory.grid_b)  # another community
    make_meeting(territory.community_a)  # held yesterday, no minutes
    with_minutes = make_meeting(territory.community_a)
    with_minutes.minutes = "已记录"
    with_minutes.save()
    f.make_record(f.make_volunteer(territory.grid_a))

    work, quick, panels = _home(client_as(secretary_a))

    assert work == {
        "待受理": 2,
        "待派单": 1,
        "超期需求": 0,
        "我的逾期事项": 0,
        "我的未办结事项": 0,
        "缺纪要的会议": 1,
        "逾期事项": 0,
        "待确认的服务记录": 1,
    }
    assert quick == [
        "volunteers:need-create",
        "governance:enforcement-case-create",
        "partybuilding:meeting-create",
    ]
    assert panels[0] == "partybuilding" and "staff" not in panels


def test_the_work_cards_open_the_lists_behind_them(territory, secretary_a, client_as):
    f.make_need(territory.grid_a)
    make_meeting(territory.community_a)
    client = client_as(secretary_a)
    cards = {str(c.label): c.url for c in client.get(HOME).context["work"]}

    assert client.get(cards["待受理"]).context["total"] == 1
    assert client.get(cards["缺纪要的会议"]).context["total"] == 1


def test_street_staff_see_the_streets_panels(territory, street_staff, client_as):
    work, quick, panels = _home(client_as(street_staff))

    assert quick == []
    assert panels == ["partybuilding", "staff", "property", "services", "enforcement", "territory"]
    assert set(work) == {"我的逾期事项", "我的未办结事项", "待确认的服务记录"}


def test_menus_put_each_roles_daily_work_first(territory, grid_worker, secretary_a, street_staff):
    def menu(user):
        return visible_nav(user, user_roles(user))

    grid = menu(grid_worker)
    assert grid[0]["key"] == "first"
    assert [i.url_name for i in grid[0]["items"]][:4] == [
        "volunteers:need-create",
        "volunteers:need-list",
        "governance:enforcement-case-create",
        "governance:enforcement-case-list",
    ]
    assert {s["key"] for s in grid}.isdisjoint({"partybuilding", "property", "staff", "reports"})
    urls = [i.url_name for s in grid for i in s["items"]]
    assert len(urls) == len(set(urls))  # an item used most is not listed twice

    secretary = menu(secretary_a)
    assert [i.url_name for i in secretary[0]["items"]][:2] == [
        "volunteers:need-list",
        "volunteers:need-create",
    ]
    assert "staff" not in {s["key"] for s in secretary}

    street = menu(street_staff)
    assert street[0]["items"][0].url_name == "governance:cockpit"
    assert {"partybuilding", "property", "staff"} <= {s["key"] for s in street}


def test_the_grid_workers_home_costs_the_same_with_more_records(territory, grid_worker, client_as):
    client = client_as(grid_worker)

    def add_rows(n):
        for _ in range(n):
            f.make_need(territory.grid_a, user=grid_worker)
            make_case(territory.grid_a, user=grid_worker)
            make_action(territory.community_a, owner=grid_worker)

    add_rows(2)
    client.get(HOME)
    at_two = count_queries(lambda: client.get(HOME))
    add_rows(6)
    client.get(HOME)  # the panels were dropped from the cache by the writes: count a warm page like the first
    # session, user, assignments (roles, menu, street, scope label); his work: needs (one aggregate), cases,
    # actions (one aggregate); the scope signature the panels are cached under (governance.lib.dashcache), the
    # panels themselves from the cache; the unread count.
    assert count_queries(lambda: client.get(HOME)) == at_two == 8
