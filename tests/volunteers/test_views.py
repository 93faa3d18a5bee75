"""Pages: intake on a phone, the worklist by deadline, the workflow on the detail page, rates, lists, scope."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import area_tree
from tests.helpers import assert_constant_queries
from tests.partybuilding.factories import make_checkin
from tests.volunteers import factories as f
from volunteers import services
from volunteers.models import Need, NeedEvent, ServiceRecord


def test_intake_prefills_the_grid_workers_grid_and_records_the_need(territory, grid_worker, client_as):
    client = client_as(grid_worker)
    page = client.get("/services/needs/new/")
    assert page.status_code == 200
    assert page.context["form"]["area"].value() == territory.grid_a.pk
    response = client.post(
        "/services/needs/new/",
        {
            "area": territory.grid_a.pk,
            "requester_name": "王大爷",
            "category": f.category().pk,
            "urgency": "emergency",
            "channel": "grid_worker",
            "description": "家中漏水",
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/services/needs/{need.pk}/"
    assert (need.created_by, need.area, need.urgency) == (grid_worker, territory.grid_a, "emergency")


def test_intake_error_keeps_what_was_typed(territory, grid_worker, client_as):
    response = client_as(grid_worker).post(
        "/services/needs/new/",
        {"area": territory.grid_a.pk, "requester_name": "王大爷", "urgency": "general", "channel": "phone"},
    )
    assert response.status_code == 200
    assert "王大爷" in response.content.decode()
    assert list(response.context["form"].errors) == ["category", "description"]
    assert Need.objects.count() == 0


def test_worklist_shows_open_needs_by_deadline(territory, secretary_a, client_as):
    now = timezone.now()
    general = f.make_need(territory.grid_a, urgency="general", submitted_at=now)
    emergency = f.make_need(territory.grid_a, urgency="emergency", submitted_at=now)
    closed = f.make_need(territory.grid_a, urgency="emergency", submitted_at=now)
    from volunteers import services

    services.need_decline(need=closed, user=f.recorder(), reason="重复")
    response = client_as(secretary_a).get("/services/needs/")
    assert [n.pk for n in response.context["object_list"]] == [emergency.pk, general.pk]
    assert response.context["total"] == 2
    overdue = client_as(secretary_a).get("/services/needs/", {"state": "declined"})
    assert [n.pk for n in overdue.context["object_list"]] == [closed.pk]


def test_grid_worker_gets_404_for_another_grids_need(territory, grid_worker, client_as):
    *_, other_grid = area_tree("新城区", "梁家屯路街道", "梁家屯社区", "第二网格")
    mine, theirs = f.make_need(territory.grid_a), f.make_need(other_grid)
    client = client_as(grid_worker)
    assert client.get(f"/services/needs/{mine.pk}/").status_code == 200
    assert client.get(f"/services/needs/{theirs.pk}/").status_code == 404
    assert [n.pk for n in client.get("/services/needs/").context["object_list"]] == [mine.pk]


def test_outsider_move_is_404_and_changes_nothing(territory, secretary_b, client_as):
    need = f.make_need(territory.grid_a)
    assert client_as(secretary_b).post(f"/services/needs/{need.pk}/accept/").status_code == 404
    need.refresh_from_db()
    assert (need.status, NeedEvent.objects.filter(need=need).count()) == ("submitted", 1)


def test_grid_worker_cannot_move_a_need(territory, grid_worker, client_as):
    need = f.make_need(territory.grid_a)
    assert client_as(grid_worker).post(f"/services/needs/{need.pk}/accept/").status_code == 403
    need.refresh_from_db()
    assert need.status == "submitted"


def test_detail_offers_only_the_moves_allowed_now_and_assigns_in_one_click(territory, secretary_a, client_as):
    care = f.category()
    need = f.make_need(territory.grid_a, cat=care)
    item = f.make_item(territory.community_a, cat=care, served=[territory.grid_a], name="居家养老上门服务")
    client = client_as(secretary_a)
    page = client.get(f"/services/needs/{need.pk}/").content.decode()
    assert 'data-testid="move-accept"' in page and 'data-testid="move-decline"' in page
    assert 'data-testid="move-close"' not in page
    client.post(f"/services/needs/{need.pk}/accept/")
    page = client.get(f"/services/needs/{need.pk}/")
    assert [s.obj for s in page.context["suggestions"]] == [item]
    response = client.post(f"/services/needs/{need.pk}/assign/", {"assign-item": item.pk})
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.status, need.assigned_item) == ("assigned", item)


def test_illegal_move_on_a_page_shows_the_message(territory, secretary_a, client_as):
    need = f.make_need(territory.grid_a)
    response = client_as(secretary_a).post(f"/services/needs/{need.pk}/close/", follow=True)
    assert "“已提交”状态的需求不能执行“关闭”。" in response.content.decode()
    need.refresh_from_db()
    assert need.status == "submitted"


def test_rating_out_of_range_is_refused_on_the_page(territory, secretary_a, client_as):
    from tests.volunteers.test_services import need_in

    need = need_in("done", territory, secretary_a)
    response = client_as(secretary_a).post(
        f"/services/needs/{need.pk}/rate/", {"rate-rating": "9"}, follow=True
    )
    assert "评价" in [m.message for m in response.context["messages"]][0]
    need.refresh_from_db()
    assert (need.status, need.rating) == ("done", None)


def test_rates_page_ranks_communities_in_chinese(territory, secretary_a, street_staff, client_as):
    from volunteers import services

    need = f.make_need(territory.grid_a)
    services.need_accept(need=need, user=f.recorder())
    response = client_as(street_staff).get("/services/rates/")
    assert response.status_code == 200
    assert [r.label for r in response.context["rows"]] == ["梁家屯社区"]
    body = response.content.decode()
    assert "响应率" in body and "满意率" in body
    assert (
        client_as(street_staff).get("/services/rates/", {"by": "category"}).context["rows"][0].label
        == "居家养老"
    )


def test_public_service_list_shows_only_published_items(territory, client):
    shown = f.make_item(territory.community_a, name="四点半课堂")
    shown.is_published = True
    shown.save()
    f.make_item(territory.community_a, name="内部项目")
    response = client.get(f"/services/list/{territory.community_a.pk}/")
    assert response.status_code == 200
    assert list(response.context["items"]) == [shown]


def test_confirming_hours_on_the_records_page(territory, grid_worker, secretary_a, client_as):
    record = f.make_record(f.make_volunteer(territory.grid_a), user=grid_worker)
    client = client_as(secretary_a)
    assert client.get("/services/records/").context["pending"] == 1
    client.post(f"/services/records/{record.pk}/confirm/")
    record.refresh_from_db()
    assert record.status == "confirmed"
    assert client.get("/services/records/").context["summary"]["person_times"] == 1


def test_outsider_cannot_confirm_hours(territory, secretary_b, client_as):
    record = f.make_record(f.make_volunteer(territory.grid_a))
    assert client_as(secretary_b).post(f"/services/records/{record.pk}/confirm/").status_code == 404
    assert ServiceRecord.objects.get().status == "reported"


def test_garden_page_lists_neglected_plots(territory, secretary_a, client_as):
    garden = f.make_garden(territory.community_a)
    today = timezone.localdate()
    f.make_adoption(
        garden,
        code="07",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=60),
    )
    response = client_as(secretary_a).get(f"/services/garden/{garden.pk}/")
    assert [a.plot.code for a in response.context["neglected"]] == ["07"]


def test_dashboard_panel(territory, secretary_a, client_as):
    f.make_need(territory.grid_a)
    response = client_as(secretary_a).get("/")
    body = response.content.decode()
    assert 'data-panel="services"' in body
    assert "待办需求" in body and "今年服务人次" in body


PAGES = [
    # url, maker(territory), pinned queries. Every list page: session, user, count, page, the top bar's scope
    # label and unread count (6; permissions and scope paths come from the cache once warm); then one per
    # filter's choice list and summary.
    ("/services/needs/", lambda t: f.make_need(t.grid_a), 8),  # + place, category choices
    (
        "/services/items/",
        lambda t: f.make_item(t.community_a),
        9,
    ),  # + place, category choices, residents' page link
    ("/services/teams/", lambda t: f.make_team(t.community_a), 6),
    (
        "/services/volunteers/",
        lambda t: f.make_volunteer(t.grid_a),
        10,
    ),  # + skills, place, team, skill choices
    (
        "/services/records/",
        lambda t: f.make_record(f.make_volunteer(t.grid_a)),
        12,
    ),  # + totals, points, pending, choices
    ("/services/garden/", lambda t: f.make_garden(t.community_a), 6),
]


@pytest.mark.parametrize(("url", "maker", "pinned"), PAGES, ids=[p[0] for p in PAGES])
def test_list_pages_cost_constant_queries(url, maker, pinned, territory, secretary_a, client_as):
    client = client_as(secretary_a)

    def fetch():
        assert client.get(url, {"page": 1}).status_code == 200

    def add(n):
        for _ in range(n):
            maker(territory)

    assert assert_constant_queries(fetch, add) == pinned
    assert client.get(url).context["total"] == 200


def test_care_logged_in_one_tap_takes_the_plot_off_the_neglected_list(
    territory, secretary_a, secretary_b, client_as
):
    garden = f.make_garden(territory.community_a)
    today = timezone.localdate()
    adoption = f.make_adoption(
        garden, starts_on=today - datetime.timedelta(days=60), ends_on=today + datetime.timedelta(days=60)
    )
    assert client_as(secretary_b).post(f"/services/garden/adoptions/{adoption.pk}/cared/").status_code == 404
    assert adoption.care_logs.count() == 0
    client = client_as(secretary_a)
    client.post(f"/services/garden/adoptions/{adoption.pk}/cared/")
    assert list(adoption.care_logs.values_list("cared_on", flat=True)) == [today]
    assert list(client.get(f"/services/garden/{garden.pk}/").context["neglected"]) == []


def test_recording_a_donation(territory, secretary_a, secretary_b, client_as):
    garden = f.make_garden(territory.community_a)
    url = f"/services/garden/{garden.pk}/donations/new/"
    data = {"donor_name": "梁家屯合作社", "kind": "money", "amount": "2000.00", "received_on": "2026-11-01"}
    assert client_as(secretary_b).post(url, data).status_code == 404
    assert garden.donations.count() == 0
    bad = client_as(secretary_a).post(url, {**data, "amount": ""})
    assert bad.status_code == 200  # the form comes back with the message, nothing saved
    assert "捐资须填金额" in bad.content.decode()
    assert garden.donations.count() == 0
    assert client_as(secretary_a).post(url, data).status_code == 302
    assert list(garden.donations.values_list("donor_name", "amount")) == [
        ("梁家屯合作社", Decimal("2000.00"))
    ]


def test_registering_a_team_and_a_volunteer(territory, secretary_a, client_as):
    client = client_as(secretary_a)
    response = client.post(
        "/services/teams/new/",
        {"name": "家服务志愿队", "area": territory.community_a.pk, "description": "四点半课堂"},
    )
    from volunteers.models import Volunteer, VolunteerTeam

    team = VolunteerTeam.objects.get()
    assert response["Location"] == f"/services/teams/{team.pk}/"
    care = f.category()
    response = client.post(
        "/services/volunteers/new/",
        {
            "name": "张阿姨",
            "area": territory.grid_a.pk,
            "team": team.pk,
            "skills": [care.pk],
            "availability": "工作日下午",
            "max_open_needs": 2,
        },
    )
    vol = Volunteer.objects.get()
    assert response["Location"] == f"/services/volunteers/{vol.pk}/"
    assert (vol.team, list(vol.skills.all()), vol.max_open_needs) == (team, [care], 2)


def test_a_volunteer_outside_the_teams_area_is_refused(territory, street_staff, client_as):
    from volunteers.models import Volunteer

    team = f.make_team(territory.community_a)
    response = client_as(street_staff).post(
        "/services/volunteers/new/",
        {"name": "王叔", "area": territory.grid_b.pk, "team": team.pk, "max_open_needs": 3},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"team": ["志愿者居住地不在该服务队的范围内。"]}
    assert Volunteer.objects.count() == 0


def test_needs_export_has_the_list_columns(territory, secretary_a, client_as):
    import io

    from openpyxl import load_workbook

    f.make_need(territory.grid_a, requester_name="王大爷")
    response = client_as(secretary_a).get("/services/needs/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("编号", "类别", "诉求人", "区域", "紧急程度", "状态", "截止日期", "承办方", "情况描述")
    assert rows[1][1:6] == ("居家养老", "王大爷", "第一网格", "一般", "已提交")
    assert len(rows) == 2


def test_adding_a_service_item_on_the_page(territory, secretary_a, client_as):
    from volunteers.models import ServiceItem

    response = client_as(secretary_a).post(
        "/services/items/new/",
        {
            "name": "居家养老上门服务",
            "category": f.category().pk,
            "area": territory.community_a.pk,
            "areas_served": [territory.grid_a.pk],
            "provider_kind": "department",
            "provider_name": "社区卫生服务站",
            "capacity": 12,
            "is_active": "on",
            "is_published": "on",
        },
    )
    item = ServiceItem.objects.get()
    assert response["Location"] == f"/services/items/{item.pk}/"
    assert (item.is_published, list(item.areas_served.all())) == (True, [territory.grid_a])


def test_feedback_report_exports_to_excel(territory, secretary_a, client_as):
    make_checkin(territory.stairwell_a)
    response = client_as(secretary_a).get(
        reverse("volunteers:feedback"), {"start": "2026-01-01", "end": "2026-12-31", "export": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("党员", "所在组织", "报到社区", "报到日期", "结束日期", "服务人次", "服务时长(小时)")
    assert len(rows) == 2
    assert rows[1][2] == "梁家屯社区"


def test_feedback_export_without_dates_covers_this_year(territory, secretary_a, client_as):
    make_checkin(territory.stairwell_a)
    response = client_as(secretary_a).get(reverse("volunteers:feedback"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2


def test_a_refused_move_shows_the_page_again_with_what_was_typed(territory, secretary_a, client_as):
    from tests.volunteers.test_services import need_in

    need = need_in("submitted", territory, secretary_a)
    client = client_as(secretary_a)
    response = client.post(f"/services/needs/{need.pk}/decline/", {"decline-reason": " "})
    assert response.status_code == 400
    assert [m.message for m in response.context["messages"]] == ["原因：该字段是必填项。"]
    [decline] = [b for b in response.context["moves"] if b.move.name == "decline"]
    assert decline.form.is_bound and decline.form.errors == {"reason": ["该字段是必填项。"]}
    # a move the table refuses from this status: the one message
    response = client.post(f"/services/needs/{need.pk}/rate/", {"rate-rating": "5"})
    assert [m.message for m in response.context["messages"]] == ["“已提交”状态的需求不能执行“记录评价”。"]
    need.refresh_from_db()
    assert (need.status, NeedEvent.objects.filter(need=need).count()) == ("submitted", 1)


def test_team_hours_count_each_confirmed_record_once_on_the_page_and_in_the_export(
    territory, secretary_a, street_staff, client_as
):
    team = f.make_team(territory.community_a, name="家服务志愿队")
    volunteers = [f.make_volunteer(territory.grid_a, team=team) for _ in range(3)]
    for volunteer in volunteers:
        record = f.make_record(volunteer, hours="2.5", user=secretary_a)
        services.servicerecord_confirm(record=record, user=street_staff)
    f.make_record(volunteers[0], hours="4.0", user=secretary_a)  # reported, never confirmed: not counted
    client = client_as(street_staff)
    row = client.get("/services/teams/").context["rows"][0][1]
    assert [text for _column, text, _url, _tone in row][2:] == ["3", "3", "7.50"]
    export = client.get("/services/teams/", {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[2]][2:] == [3, 3, 7.5]


def test_linking_a_volunteer_to_a_party_member_puts_their_service_in_the_feedback_report(
    territory, secretary_a, street_staff, client_as
):
    check_in = make_checkin(territory.stairwell_a)
    volunteer = f.make_volunteer(territory.grid_a)
    record = f.make_record(volunteer, hours="3.0", served_on=datetime.date(2026, 11, 2), user=street_staff)
    services.servicerecord_confirm(record=record, user=secretary_a)
    client = client_as(secretary_a)
    period = {"start": "2026-01-01", "end": "2026-11-30"}
    assert [
        (r["person_times"], r["hours"])
        for r in client.get(reverse("volunteers:feedback"), period).context["rows"]
    ] == [(0, Decimal("0"))]
    page = client.get(volunteer.get_absolute_url())
    assert 'data-testid="link-party-member"' in page.content.decode()
    url = reverse("volunteers:volunteer-party-member", args=[volunteer.pk])
    assert client.post(url, {"party_member": check_in.party_member_id}).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.party_member_id == check_in.party_member_id
    assert volunteer.history.count() == 2  # created, then linked: who linked it is kept
    rows = client.get(reverse("volunteers:feedback"), period).context["rows"]
    assert [(r["member"], r["person_times"], r["hours"]) for r in rows] == [
        (check_in.party_member.name, 1, Decimal("3.0"))
    ]


def test_linking_another_communitys_volunteer_is_404_and_a_member_out_of_scope_is_refused(
    territory, secretary_a, secretary_b, viewer, client_as
):
    from tests.partybuilding.factories import make_member

    volunteer = f.make_volunteer(territory.grid_a)
    member_a = make_member(territory.grid_a)
    member_b = make_member(territory.grid_b)
    url = reverse("volunteers:volunteer-party-member", args=[volunteer.pk])
    assert client_as(secretary_b).post(url, {"party_member": member_b.pk}).status_code == 404
    assert client_as(viewer).post(url, {"party_member": member_a.pk}).status_code == 403
    client = client_as(secretary_a)
    response = client.post(url, {"party_member": member_b.pk}, follow=True)
    assert "选择一个有效的选项" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.party_member_id is None


def test_declining_and_escalating_a_need_ask_first(territory, secretary_a, client_as):
    need = f.make_need(territory.grid_a)
    body = client_as(secretary_a).get(need.get_absolute_url()).content.decode()
    assert 'data-confirm="确定不予受理？将向居民说明原因，该需求移出待办。"' in body
    assert 'data-confirm="从该需求立联合执法案件？' in body
