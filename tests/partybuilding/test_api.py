"""API: constant queries on every list, writes through services, outsiders get 404 and change nothing."""

import datetime

import pytest
from django.utils import timezone

from partybuilding.choices import ActionStatus
from partybuilding.models import Meeting, MemberTransfer, PartyMember, Pledge
from tests.helpers import api_ids, assert_constant_queries
from tests.partybuilding.factories import (
    make_action,
    make_checkin,
    make_committee,
    make_meeting,
    make_member,
    make_pledge,
    make_post,
    make_seat,
    make_unit,
    org_chain,
)

# Queries per list at 10 and at 200 rows (the forced user keeps its permissions and scope cached):
# count (page-number lists only) and the page; meetings add one per prefetch: invitees, attachments,
# decisions and the decisions' actions (their decision comes from the reverse cache, no query).
LISTS = {
    "party/resident-units": (lambda t, o: make_unit(t.stairwell_a), 2),
    "party/members": (lambda t, o: make_member(t.stairwell_a), 1),
    "party/check-ins": (lambda t, o: make_checkin(t.stairwell_a), 2),
    "party/committee-seats": (lambda t, o: make_seat(t.stairwell_a), 2),
    # Meetings and actions are cursor pages (constant at any depth): no count.
    "party/meetings": (lambda t, o: make_meeting(t.stairwell_a, owner=o, decisions=1), 5),
    "party/actions": (lambda t, o: make_action(t.stairwell_a, owner=o), 1),
    "party/pledges": (lambda t, o: make_pledge(t.stairwell_a), 2),
    "party/supervision-posts": (lambda t, o: make_post(t.stairwell_a), 2),
}


@pytest.mark.parametrize("prefix", list(LISTS))
def test_api_list_queries_are_constant(prefix, territory, secretary_a, api_as):
    factory, expected = LISTS[prefix]
    api = api_as(secretary_a)

    def add_rows(n):
        for _ in range(n):
            factory(territory, secretary_a)

    def fetch():
        response = api.get(f"/api/{prefix}/", {"page_size": 200})
        assert response.status_code == 200

    assert assert_constant_queries(fetch, add_rows) == expected


def test_committees_list(territory, secretary_a, secretary_b, api_as):
    committee = make_committee(territory.stairwell_a)
    assert api_ids(api_as(secretary_a).get("/api/party/committees/")) == [committee.pk]
    assert api_ids(api_as(secretary_b).get("/api/party/committees/")) == []


def test_log_a_meeting_through_the_api(territory, secretary_a, grid_worker, api_as):
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = api_as(secretary_a).post(
        "/api/party/meetings/",
        {
            "kind": "deliberation",
            "title": "协商议事会",
            "area": territory.community_a.pk,
            "held_at": timezone.now().isoformat(),
            "topics": ["urban_management"],
            "invitees": ["甲", "乙"],
            "absent": ["乙"],
            "decisions": [{"text": "清理楼道杂物", "owner": grid_worker.pk, "due_on": due}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["area"] == territory.community_a.pk
    assert body["attendance_rate"] == 50.0
    assert [d["text"] for d in body["decisions"]] == ["清理楼道杂物"]
    assert body["decisions"][0]["actions"][0]["owner"] == grid_worker.pk


def test_bad_meeting_is_refused_whole(territory, secretary_a, api_as):
    response = api_as(secretary_a).post(
        "/api/party/meetings/",
        {
            "kind": "deliberation",
            "title": "越界会议",
            "area": territory.community_b.pk,
            "held_at": timezone.now().isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "area": [f"无效主键 “{territory.community_b.pk}” － 对象不存在。"]
    }
    response = api_as(secretary_a).post(
        "/api/party/meetings/",
        {
            "kind": "deliberation",
            "title": "x",
            "area": territory.community_a.pk,
            "held_at": timezone.now().isoformat(),
            "topics": ["weather"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["topics"]
    assert Meeting.objects.count() == 0


def test_action_move_and_outsider(territory, secretary_a, secretary_b, api_as):
    action = make_action(territory.stairwell_a, owner=secretary_a)
    url = f"/api/party/actions/{action.pk}/move/"
    outsider = api_as(secretary_b).post(url, {"move": "close", "note": "越权"}, format="json")
    assert outsider.status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    refused = api_as(secretary_a).post(url, {"move": "close", "note": ""}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"] == {"closing_note": ["办结前请说明落实情况。"]}
    done = api_as(secretary_a).post(url, {"move": "close", "note": "已办结"}, format="json")
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["progress"]) == ("done", 100)


def test_member_transfer_and_outsider(territory, secretary_a, secretary_b, street_admin, api_as):
    member = make_member(territory.stairwell_a)
    target = org_chain(territory.grid_b)[4]
    url = f"/api/party/members/{member.pk}/transfer/"
    assert (
        api_as(secretary_b)
        .post(url, {"to_organisation": target.pk, "transferred_on": "2026-05-01"})
        .status_code
        == 404
    )
    assert MemberTransfer.objects.count() == 0
    response = api_as(street_admin).post(url, {"to_organisation": target.pk, "transferred_on": "2026-05-01"})
    assert response.status_code == 201
    assert PartyMember.objects.get(pk=member.pk).organisation == target


def test_pledge_delivery_and_outsider(territory, secretary_a, secretary_b, api_as):
    pledge = make_pledge(territory.stairwell_a)
    url = f"/api/party/pledges/{pledge.pk}/deliver/"
    assert api_as(secretary_b).post(url, {"delivered_on": "2026-05-01", "quantity": "500"}).status_code == 404
    assert api_as(secretary_a).post(url, {"delivered_on": "2026-05-01", "quantity": "-5"}).status_code == 400
    response = api_as(secretary_a).post(url, {"delivered_on": "2026-05-01", "quantity": "2500"})
    assert response.status_code == 201
    body = api_as(secretary_a).get(f"/api/party/pledges/{pledge.pk}/").json()
    assert (body["delivered"], body["fulfilment"]) == ("2500.00", "0.2500")
    assert Pledge.objects.get().deliveries.count() == 1


def test_seat_constraint_through_the_api(territory, secretary_a, api_as):
    seat = make_seat(territory.stairwell_a)
    response = api_as(secretary_a).post(
        "/api/party/committee-seats/",
        {
            "committee": seat.committee_id,
            "member": seat.member_id,
            "kind": "standing",
            "starts_on": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"member": ["此人在该任期内已在该委员会任职。"]}


def test_viewer_cannot_write(territory, viewer, api_as):
    response = api_as(viewer).post(
        "/api/party/resident-units/", {"name": "x", "kind": "soe", "area": territory.community_a.pk}
    )
    assert response.status_code == 403
