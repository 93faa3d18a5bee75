"""Pages: every list and detail renders in scope, 404 out of scope, constant queries, forms refuse cleanly."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partybuilding.choices import ActionStatus
from partybuilding.models import FollowUpAction, Meeting, PartyMember, Pledge
from tests.helpers import assert_constant_queries
from tests.partybuilding.factories import (
    make_action,
    make_checkin,
    make_committee,
    make_meeting,
    make_member,
    make_pledge,
    make_seat,
    make_unit,
    org_chain,
)

LISTS = [
    ("partybuilding:unit-list", make_unit),
    ("partybuilding:member-list", make_member),
    ("partybuilding:meeting-list", make_meeting),
    ("partybuilding:action-list", make_action),
    ("partybuilding:committee-list", make_committee),
    ("partybuilding:pledge-list", make_pledge),
    ("partybuilding:checkin-list", make_checkin),
]


@pytest.mark.parametrize(("url_name", "factory"), LISTS, ids=[u for u, _f in LISTS])
def test_lists_render_in_scope(url_name, factory, territory, secretary_a, secretary_b, client_as):
    obj = factory(territory.stairwell_a)
    response = client_as(secretary_a).get(reverse(url_name))
    assert response.status_code == 200
    assert obj in response.context["object_list"]
    response = client_as(secretary_b).get(reverse(url_name))
    assert response.status_code == 200
    assert obj not in response.context["object_list"]


# Queries, the same at 10 and 200 rows: session, user (permissions and scope paths cached),
# the count, the page of rows (joins and annotations included), the top bar's assignments and unread
# notifications = 6; the pledge list adds one for its fulfilment rates.
LIST_QUERIES = {
    "partybuilding:member-list": 6,
    "partybuilding:meeting-list": 6,
    "partybuilding:action-list": 6,
    "partybuilding:pledge-list": 7,
}


@pytest.mark.parametrize("url_name", list(LIST_QUERIES))
def test_list_queries_are_constant(url_name, territory, secretary_a, client_as, django_user_model):
    client = client_as(secretary_a)
    owner = secretary_a
    factories = {
        "partybuilding:member-list": lambda: make_member(territory.stairwell_a),
        "partybuilding:meeting-list": lambda: make_meeting(territory.stairwell_a),
        "partybuilding:action-list": lambda: make_action(territory.stairwell_a, owner=owner),
        "partybuilding:pledge-list": lambda: make_pledge(territory.stairwell_a),
    }

    def add_rows(n):
        for _ in range(n):
            factories[url_name]()

    def fetch():
        assert client.get(reverse(url_name), {"page_size": 50}).status_code == 200

    assert assert_constant_queries(fetch, add_rows) == LIST_QUERIES[url_name]


def test_org_chart_shows_the_four_levels_in_order(territory, street_admin, secretary_a, client_as):
    chain = org_chain(territory.grid_a)
    make_member(territory.stairwell_a)
    # The street administrator answers for the street: the district committee above is not theirs to see.
    page = client_as(street_admin).get(reverse("partybuilding:organisation-chart"))
    assert [o.level for o in page.context["organisations"]] == [2, 3, 4]
    assert [o.member_count for o in page.context["organisations"]] == [0, 0, 1]
    # The community secretary sees their community organisation and its grid branch only.
    page = client_as(secretary_a).get(reverse("partybuilding:organisation-chart"))
    assert [o.name for o in page.context["organisations"]] == [chain[3].name, chain[4].name]


DETAILS = [
    ("partybuilding:unit-detail", make_unit),
    ("partybuilding:member-detail", make_member),
    ("partybuilding:meeting-detail", make_meeting),
    ("partybuilding:action-detail", make_action),
    ("partybuilding:committee-detail", make_committee),
    ("partybuilding:pledge-detail", make_pledge),
    ("partybuilding:organisation-detail", lambda a: org_chain(a)[4]),
]


@pytest.mark.parametrize(("url_name", "factory"), DETAILS, ids=[u for u, _f in DETAILS])
def test_detail_pages_404_for_the_other_community(
    url_name, factory, territory, secretary_a, secretary_b, client_as
):
    obj = factory(territory.stairwell_a)
    assert client_as(secretary_a).get(reverse(url_name, args=[obj.pk])).status_code == 200
    assert client_as(secretary_b).get(reverse(url_name, args=[obj.pk])).status_code == 404


def test_writes_from_the_other_community_are_404_and_change_nothing(
    territory, secretary_a, secretary_b, client_as
):
    action = make_action(territory.stairwell_a, owner=secretary_a)
    meeting = action.decision.meeting
    member = make_member(territory.stairwell_a)
    pledge = make_pledge(territory.stairwell_a)
    target = org_chain(territory.grid_b)[4]
    client = client_as(secretary_b)
    posts = [
        (reverse("partybuilding:action-move", args=[action.pk, "close"]), {"note": "越权关闭"}),
        (reverse("partybuilding:action-move", args=[action.pk, "progress"]), {"progress": 90}),
        (reverse("partybuilding:meeting-minutes", args=[meeting.pk]), {"minutes": "越权纪要"}),
        (reverse("partybuilding:meeting-decision", args=[meeting.pk]), {"text": "x"}),
        (reverse("partybuilding:member-transfer", args=[member.pk]), {"to_organisation": target.pk}),
        (
            reverse("partybuilding:pledge-deliver", args=[pledge.pk]),
            {"quantity": "1", "delivered_on": "2026-01-01"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    action.refresh_from_db()
    meeting.refresh_from_db()
    member.refresh_from_db()
    pledge.refresh_from_db()
    assert (action.status, action.progress, meeting.minutes) == (ActionStatus.OPEN, 0, "")
    assert (member.organisation_id, pledge.delivered, meeting.decisions.count()) == (
        org_chain(territory.grid_a)[4].pk,
        0,
        1,
    )


def _meeting_post(territory, owner, **overrides):
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    data = {
        "kind": "joint_party_building",
        "title": "十一月党建联席会",
        "area": territory.community_a.pk,
        "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "venue": "社区活动室",
        "topics": ["public_security", "community_services"],
        "invitees": "王书记\n李经理\n赵代表",
        "absent": "赵代表",
        "minutes": "会议议定两件事。",
        "decision_1": "修缮3号楼门禁",
        "owner_1": owner.pk,
        "due_1": due,
        "decision_2": "开设四点半课堂",
        "owner_2": owner.pk,
        "due_2": due,
    }
    data.update(overrides)
    return data


def test_secretary_logs_a_meeting_from_the_form(territory, secretary_a, client_as):
    response = client_as(secretary_a).post(
        reverse("partybuilding:meeting-create"), _meeting_post(territory, secretary_a)
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.topics == ["public_security", "community_services"]
    assert list(meeting.invitees.values_list("name", "is_present")) == [
        ("王书记", True),
        ("李经理", True),
        ("赵代表", False),
    ]
    assert list(FollowUpAction.objects.values_list("title", flat=True).order_by("pk")) == [
        "修缮3号楼门禁",
        "开设四点半课堂",
    ]
    page = client_as(secretary_a).get(meeting.get_absolute_url())
    assert page.context["rate"] == 67


def test_meeting_form_keeps_input_on_error_and_saves_nothing(territory, secretary_a, client_as):
    data = _meeting_post(territory, secretary_a, owner_2="", absent="不在名单的人")
    response = client_as(secretary_a).post(reverse("partybuilding:meeting-create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["owner_2"] == ["请指定落实责任人。"]
    assert form["title"].value() == "十一月党建联席会"
    assert (Meeting.objects.count(), FollowUpAction.objects.count()) == (0, 0)
    # A place outside the secretary's scope is not even offered.
    response = client_as(secretary_a).post(
        reverse("partybuilding:meeting-create"),
        _meeting_post(territory, secretary_a, area=territory.community_b.pk),
    )
    assert "area" in response.context["form"].errors
    assert Meeting.objects.count() == 0


def test_action_progress_and_close_from_its_page(territory, secretary_a, client_as):
    action = make_action(territory.stairwell_a, owner=secretary_a)
    client = client_as(secretary_a)
    url = reverse("partybuilding:action-move", args=[action.pk, "close"])
    assert client.post(url, {"note": ""}).status_code == 400
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert (
        client.post(
            reverse("partybuilding:action-move", args=[action.pk, "progress"]), {"progress": 60}
        ).status_code
        == 302
    )
    assert client.post(url, {"note": "已完成"}).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress, action.closing_note) == (ActionStatus.DONE, 100, "已完成")


def test_committee_page_shows_current_and_past_seats(territory, secretary_a, client_as):
    committee = make_committee(territory.stairwell_a)
    past = make_seat(
        territory.stairwell_a,
        committee=committee,
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
    )
    now = make_seat(territory.stairwell_a, committee=committee, kind="part_time")
    page = client_as(secretary_a).get(committee.get_absolute_url())
    assert (page.context["current"], page.context["past"]) == ([now], [past])


def test_supervision_page_names_who_has_nobody(territory, secretary_a, client_as):
    client = client_as(secretary_a)
    page = client.get(reverse("partybuilding:supervision"))
    assert (page.context["buildings"], page.context["stairwells"]) == (
        [territory.building_a],
        [territory.stairwell_a],
    )
    member = make_member(territory.stairwell_a)
    response = client.post(
        reverse("partybuilding:supervision"), {"area": territory.building_a.pk, "member": member.pk}
    )
    assert response.status_code == 302
    page = client.get(reverse("partybuilding:supervision"))
    assert page.context["buildings"] == []


def test_dashboard_panel_counts(territory, secretary_a, client_as):
    make_action(territory.stairwell_a, owner=secretary_a)
    overdue = make_action(territory.stairwell_a, owner=secretary_a)
    FollowUpAction.objects.filter(pk=overdue.pk).update(due_on=datetime.date(2020, 1, 1))
    make_pledge(territory.stairwell_a)
    page = client_as(secretary_a).get(reverse("governance:home"))
    [panel] = [p for p in page.context["panels"] if p["key"] == "partybuilding"]
    values = {str(c.label): c.value for c in panel["cards"]}
    assert values["待办落实事项"] == 2
    assert values["逾期事项"] == 1
    assert values["共建承诺兑现率"] == "0.0"
    assert [a["tone"] for a in panel["attention"]] == ["danger", "info"]


def test_member_and_pledge_counts(territory, secretary_a):
    make_member(territory.stairwell_a)
    assert PartyMember.objects.visible_to(secretary_a).count() == 1
    assert Pledge.objects.visible_to(secretary_a).count() == 0


def test_check_in_page_records_a_member_and_refuses_both_or_neither(territory, secretary_a, client_as):
    from partybuilding.models import CommunityCheckIn

    member = make_member(territory.stairwell_a)
    unit = make_unit(territory.community_a)
    client = client_as(secretary_a)
    url = reverse("partybuilding:checkin-create")
    both = client.post(
        url,
        {
            "area": territory.community_a.pk,
            "party_member": member.pk,
            "resident_unit": unit.pk,
            "starts_on": "2026-03-01",
        },
    )
    assert both.status_code == 200
    assert both.context["form"].non_field_errors() == ["报到主体是党员或单位，二者选一。"]
    assert CommunityCheckIn.objects.count() == 0
    ok = client.post(
        url, {"area": territory.community_a.pk, "party_member": member.pk, "starts_on": "2026-03-01"}
    )
    assert ok.status_code == 302
    assert CommunityCheckIn.objects.get().party_member == member


def test_a_grid_workers_overdue_actions_count_by_owner_on_his_home_page(
    territory, grid_worker, secretary_b, client_as
):
    import datetime

    from django.utils import timezone

    from partybuilding.models import FollowUpAction

    late = make_action(territory.community_a, owner=grid_worker)  # a community meeting, above his grid
    FollowUpAction.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=2))
    other = make_action(territory.community_b, owner=secretary_b)
    FollowUpAction.objects.filter(pk=other.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    client = client_as(grid_worker)
    home = client.get("/")
    # A grid worker's home starts with his own work (the party panel is the community's, left off his page).
    assert "partybuilding" not in [p["key"] for p in home.context["panels"]]
    mine = next(c for c in home.context["work"] if c.label == "我的逾期事项")
    assert mine.value == 1
    listed = client.get(mine.url).context["object_list"]
    assert [a.pk for a in listed] == [late.pk]
    assert client.get(late.get_absolute_url()).status_code == 200  # he can open it to report progress
    assert client.get(other.get_absolute_url()).status_code == 404


def test_an_attachment_on_a_form_with_errors_says_to_choose_it_again(territory, secretary_a, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import pdf_bytes

    data = _meeting_post(territory, secretary_a, owner_2="")
    data["attachment"] = SimpleUploadedFile("会议签到表.pdf", pdf_bytes(), "application/pdf")
    response = client_as(secretary_a).post(reverse("partybuilding:meeting-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["attachment"] == [
        "“会议签到表.pdf”因表单有错误未能保存，请重新选择。"
    ]
    assert "“会议签到表.pdf”因表单有错误未能保存，请重新选择。" in response.content.decode()
    assert Meeting.objects.count() == 0
    # Without an error elsewhere the file is kept, and no such note appears.
    data = _meeting_post(territory, secretary_a)
    data["attachment"] = SimpleUploadedFile("会议签到表.pdf", pdf_bytes(), "application/pdf")
    assert client_as(secretary_a).post(reverse("partybuilding:meeting-create"), data).status_code == 302
    assert Meeting.objects.get().attachments.count() == 1
