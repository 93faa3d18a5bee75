"""The header's one search box: scoped like every list, grouped by kind, bounded, and numbers kept out of URLs."""

import pytest
from django.urls import reverse

from governance.residents.models import PersonalDataAccess
from partybuilding.models import FollowUpAction
from tests.enforcement.factories import make_case
from tests.factories import make_resident
from tests.helpers import count_queries
from tests.partybuilding.factories import make_action, make_meeting, make_unit
from tests.staff.factories import make_staff
from tests.volunteers.factories import make_need

pytestmark = pytest.mark.django_db
URL = reverse("governance:search")


def _action(community, owner, title):
    action = make_action(community, owner=owner)
    FollowUpAction.objects.filter(pk=action.pk).update(title=title)
    return action


def _groups(response) -> dict:
    return {g["key"]: [hit[0] for hit in g["hits"]] for g in response.context["groups"]}


def test_finds_every_kind_in_the_users_scope_and_nothing_outside(territory, secretary_a, client_as):
    for stairwell, community, grid in (
        (territory.stairwell_a, territory.community_a, territory.grid_a),
        (territory.stairwell_b, territory.community_b, territory.grid_b),
    ):
        make_resident(stairwell, name=f"梁实秋{community.name}")
        make_need(grid, requester_name="梁大爷", description="楼道灯坏了")
        make_case(grid, title=f"梁家屯违建{community.name}")
        make_meeting(community, title=f"梁家屯联席会{community.name}")
        _action(community, secretary_a, f"梁家屯路灯{community.name}")
        make_staff(community, name=f"梁干事{community.name}")
        make_unit(community, name=f"梁家屯小学{community.name}")

    response = client_as(secretary_a).get(URL, {"q": "梁"})

    assert response.status_code == 200
    found = _groups(response)
    assert list(found) == ["residents", "needs", "cases", "meetings", "actions", "staff", "units"]
    assert found["residents"] == ["梁实秋梁家屯社区"]
    assert len(found["needs"]) == 1
    assert found["meetings"] == ["梁家屯联席会梁家屯社区"]
    assert found["staff"] == ["梁干事梁家屯社区"]
    assert found["units"] == ["梁家屯小学梁家屯社区"]
    # An action is also the owner's wherever its meeting was held (the community B one is hers too).
    assert sorted(found["actions"]) == ["梁家屯路灯梁家屯社区", "梁家屯路灯西岗社区"]
    assert "西岗社区" not in "".join(found["residents"] + found["cases"] + found["meetings"] + found["units"])


def test_each_kind_is_bounded_with_a_link_to_its_filtered_list(territory, secretary_a, client_as):
    for i in range(7):
        make_resident(territory.stairwell_a, name=f"王{i}")
    make_resident(territory.stairwell_a, name="王之涣")

    response = client_as(secretary_a).get(URL, {"q": "王"})

    group = response.context["groups"][0]
    assert group["key"] == "residents"
    assert len(group["hits"]) == 5
    assert group["more_url"] == "/residents/?q=%E7%8E%8B"
    assert client_as(secretary_a).get(group["more_url"]).context["total"] == 8


def test_kinds_the_role_may_not_view_are_left_out(territory, grid_worker, client_as):
    make_staff(territory.community_a, name="梁干事")
    make_resident(territory.stairwell_a, name="梁实秋")

    found = _groups(client_as(grid_worker).get(URL, {"q": "梁"}))

    assert found == {"residents": ["梁实秋"]}


def test_a_name_posted_from_the_header_lands_on_a_link(secretary_a, client_as):
    response = client_as(secretary_a).post(URL, {"q": " 梁实秋 "})

    assert response.status_code == 302
    assert response["Location"] == "/search/?q=%E6%A2%81%E5%AE%9E%E7%A7%8B"


def test_a_permitted_role_finds_a_resident_by_number_and_the_showing_is_logged(
    territory, secretary_a, client_as
):
    resident = make_resident(territory.stairwell_a, name="赵六", phone="13912345678")
    make_resident(territory.stairwell_b, name="钱七", phone="13912345679")

    response = client_as(secretary_a).post(URL, {"q": "13912345678"})

    assert response.status_code == 200
    assert _groups(response) == {"residents": ["赵六"]}
    assert "13912345678" not in response.content.decode()  # the page shows the masked number only
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.resident, access.channel) == (secretary_a, resident, "search")


def test_a_number_from_a_role_without_numbers_finds_nothing_and_says_why(territory, grid_worker, client_as):
    make_resident(territory.stairwell_a, name="赵六", phone="13912345678")

    response = client_as(grid_worker).post(URL, {"q": "13912345678"})

    assert response.status_code == 200
    assert response.context["groups"] == []
    assert "不能按身份证号或电话号码查找居民" in response.context["notice"]
    assert PersonalDataAccess.objects.count() == 0


def test_a_number_in_a_link_is_not_searched(territory, secretary_a, client_as):
    make_resident(territory.stairwell_a, name="赵六", phone="13912345678")

    response = client_as(secretary_a).get(URL, {"q": "13912345678"})

    assert response.context["groups"] == []
    assert response.context["notice"]
    assert PersonalDataAccess.objects.count() == 0


def test_needs_and_cases_are_found_by_their_number(territory, secretary_a, client_as):
    need = make_need(territory.grid_a)
    case = make_case(territory.grid_a)

    found = _groups(client_as(secretary_a).get(URL, {"q": f"#{need.pk}"}))
    assert found["needs"][0].startswith(f"#{need.pk} ")
    found = _groups(client_as(secretary_a).get(URL, {"q": f"{case.pk}"}))
    assert found["cases"] == [str(case)]


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL, {"q": "梁"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_search_queries_are_constant(territory, street_staff, client_as):
    client = client_as(street_staff)
    stairwell, grid, community = territory.stairwell_a, territory.grid_a, territory.community_a

    numbers = iter(range(1000))

    def add_rows(n):
        for _ in range(n):
            name = f"梁{next(numbers)}"
            make_resident(stairwell, name=name)
            make_need(grid, requester_name=name)
            make_case(grid, title=name)
            make_meeting(community, title=name)
            _action(community, street_staff, name)
            make_staff(community, name=name)
            make_unit(community, name=name)

    def fetch():
        assert client.get(URL, {"q": "梁"}).status_code == 200

    add_rows(2)
    fetch()
    at_two = count_queries(fetch)
    add_rows(8)
    # session, user (permissions and scope paths come from the cache); one query per kind (residents, needs,
    # cases, meetings, actions, staff, units); the frame: the assignments (menu, scope label) and the unread count.
    assert count_queries(fetch) == at_two == 11
