"""The three rates on a hand-computed set, matching order, service totals and neglected plots."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from governance.models import PortalSetting
from tests.volunteers.factories import (
    category,
    make_adoption,
    make_garden,
    make_item,
    make_need,
    make_record,
    make_volunteer,
    recorder,
)
from volunteers import selectors, services
from volunteers.choices import Outcome
from volunteers.models import Adoption, CareLog, Need, NeedRollup, ServiceRecord


def at(base, hours):
    return base + datetime.timedelta(hours=hours)


# "Now" for the rates: B3 and B5 were submitted days ago and are not yet due (general urgency: 168 h to
# respond and 168 h to resolve); A4 has waited since October and is past both deadlines.
NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 12, 0))
PERIOD = (datetime.date(2026, 10, 1), datetime.date(2026, 11, 1))


@pytest.fixture
def rated_set(territory):
    """Nine needs whose rates are worked out by hand in the tests below."""
    u = recorder()
    care, repair = category("居家养老"), category("维修服务")
    ta = timezone.make_aware(datetime.datetime(2026, 10, 5, 9, 0))
    tb = timezone.make_aware(datetime.datetime(2026, 11, 3, 9, 0))

    def run(area, cat, t, accept=None, decline=None, done=None, rating=None, outcome=Outcome.SOLVED):
        need = make_need(area, user=u, cat=cat, submitted_at=t)
        if decline is not None:
            services.need_decline(need=need, user=u, reason="不属于服务范围", at=at(t, decline))
        if accept is not None:
            services.need_accept(need=need, user=u, at=at(t, accept))
            services.need_assign(need=need, user=u, department="民政科", at=at(t, accept))
        if done is not None:
            services.need_complete(need=need, user=u, outcome=outcome, at=at(t, done))
        if rating is not None:
            services.need_rate(need=need, user=u, rating=rating, at=at(t, done + 1))
        return need

    run(territory.grid_a, repair, ta, accept=2, done=26, rating=5)  # A1: in time, resolved, satisfied
    run(
        territory.grid_a, repair, ta, accept=200, done=250, rating=3
    )  # A2: late answer, resolved, not satisfied
    run(territory.grid_a, care, ta, decline=10)  # A3: answered in time (declined)
    run(territory.grid_a, care, ta)  # A4: never answered, past both deadlines
    run(territory.grid_b, care, tb, accept=1, done=5, rating=4)  # B1
    run(territory.grid_b, care, tb, accept=3, done=9, rating=4, outcome=Outcome.PARTLY)  # B2: partly solved
    run(territory.grid_b, care, NOW - datetime.timedelta(hours=24))  # B3: not yet due for anything
    # B4: rated 2, reopened, done again and rated 5: its first rating (2) is what counts.
    b4 = run(territory.grid_b, care, tb, accept=2, done=20, rating=2)
    services.need_reopen(need=b4, user=u, reason="问题没有解决", at=at(tb, 30))
    services.need_complete(need=b4, user=u, at=at(tb, 40))
    services.need_rate(need=b4, user=u, rating=5, at=at(tb, 41))
    # B5: answered in an hour, not done, its resolution not yet due.
    run(territory.grid_b, care, NOW - datetime.timedelta(hours=48), accept=1)
    return Need.objects.all()


def summary(rows):
    return {
        r.label: (
            r.total,
            r.response_rate,
            r.resolution_rate,
            r.satisfaction_rate,
            r.median_response_hours,
            r.median_resolution_hours,
        )
        for r in rows
    }


def test_rates_per_community_and_ranking(rated_set, street_staff):
    # A: response due 4 (A4 overdue), in time 2 (A1, A3); resolution due 3 (A1, A2 done, A4 overdue), resolved 2;
    #    first ratings 5, 3 -> 1 of 2; response hours [2, 200, 10] -> 10; resolution [26, 250] -> 138.
    # B: response due 4 (B3 not yet due), in time 4; resolution due 3 (B1, B2, B4; B3 and B5 not due), 3 done;
    #    first ratings 4, 4, 2 (B4's first) -> 2 of 3; response [1, 3, 2, 1] -> 1.5; resolution [5, 9, 40] -> 9.
    ranking = selectors.community_ranking(street_staff, PERIOD, now=NOW)
    assert [r.label for r in ranking] == ["西岗社区", "梁家屯社区"]
    assert summary(ranking) == {
        "梁家屯社区": (4, 50.0, 66.7, 50.0, 10.0, 138.0),
        "西岗社区": (5, 100.0, 100.0, 66.7, 1.5, 9.0),
    }
    west = ranking[0]
    assert (west.response_due, west.resolution_due, west.rated, west.satisfied) == (4, 3, 3, 2)


def test_rates_per_grid_month_and_category(rated_set, street_staff):
    def rates(by):
        return summary(selectors.need_rates(street_staff, by, PERIOD, now=NOW))

    assert rates("grid") == {
        "梁家屯社区 第一网格": (4, 50.0, 66.7, 50.0, 10.0, 138.0),
        "西岗社区 第一网格": (5, 100.0, 100.0, 66.7, 1.5, 9.0),
    }
    assert rates("month") == {
        "2026-10": (4, 50.0, 66.7, 50.0, 10.0, 138.0),
        "2026-11": (5, 100.0, 100.0, 66.7, 1.5, 9.0),
    }
    # 维修服务: A1, A2 -> 1 of 2 in time, 2 of 2 resolved, 1 of 2 satisfied; response [2, 200] -> 101.
    # 居家养老: A3, A4, B1-B5 -> response due 6 (not B3), in time 5; resolution due 4 (B1, B2, B4 done,
    #   A4 overdue), resolved 3; first ratings 4, 4, 2 -> 2 of 3; response [10, 1, 3, 2, 1] -> 2; resolution [5, 9, 40] -> 9.
    assert rates("category") == {
        "维修服务": (2, 50.0, 100.0, 50.0, 101.0, 138.0),
        "居家养老": (7, 83.3, 75.0, 66.7, 2.0, 9.0),
    }


def test_a_need_not_yet_due_counts_for_nothing_until_its_deadline(rated_set, street_staff):
    # A week later B3's response deadline and B5's resolution deadline have passed: both count as failures.
    later = NOW + datetime.timedelta(days=7)
    west = {r.label: r for r in selectors.need_rates(street_staff, "community", PERIOD, now=later)}[
        "西岗社区"
    ]
    assert (west.response_due, west.responded_in_time, west.resolution_due, west.resolved) == (5, 4, 5, 3)


def test_a_reopened_need_keeps_its_first_rating(rated_set):
    b4 = Need.objects.get(first_rating=2)
    assert (b4.rating, b4.first_rating, b4.status) == (5, 2, "rated")


def test_rates_are_scoped_to_the_users_communities(rated_set, secretary_a):
    assert [r.label for r in selectors.need_rates(secretary_a, "community", PERIOD, now=NOW)] == [
        "梁家屯社区"
    ]


def test_rates_of_a_period_leave_other_months_out(rated_set, street_staff):
    october = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1))
    assert [r.label for r in selectors.need_rates(street_staff, "month", october, now=NOW)] == ["2026-10"]


def test_rates_of_nothing_are_empty(territory, street_staff):
    assert selectors.need_rates(street_staff, "community", PERIOD, now=NOW) == []


def test_the_rollup_kept_by_the_services_equals_one_counted_afresh(rated_set):
    def rows():
        return sorted(
            NeedRollup.objects.values_list(
                "area__name",
                "category__name",
                "month",
                "total",
                "responded",
                "responded_in_time",
                "declined",
                "done",
                "rated",
                "satisfied",
            )
        )

    kept = rows()
    assert len(kept) == 3  # grid A × repair, grid A × care (October), grid B × care (November)
    assert services.need_rollup_rebuild() == 3
    assert rows() == kept


def test_the_rates_page_and_api_show_the_same_figures(rated_set, street_staff, client_as, api_as):
    with time_machine.travel(NOW, tick=False):
        page = client_as(street_staff).get("/services/rates/?by=community&from=2026-10&to=2026-11")
        api = api_as(street_staff).get("/api/services/rates/?by=community&from=2026-10&to=2026-11")
    assert [r.label for r in page.context["rows"]] == ["西岗社区", "梁家屯社区"]
    assert f'data-testid="ranking-rule">{page.context["ranking_rule"]}</p>' in page.content.decode()
    assert api.status_code == 200
    assert [
        (r["label"], r["response_rate"], r["resolution_rate"], r["satisfaction_rate"]) for r in api.json()
    ] == [
        ("西岗社区", 100.0, 100.0, 66.7),
        ("梁家屯社区", 50.0, 66.7, 50.0),
    ]


def test_the_rates_api_refuses_a_bad_grouping_or_month(territory, street_staff, api_as):
    client = api_as(street_staff)
    bad = client.get("/api/services/rates/?by=street")
    assert bad.status_code == 400
    assert list(bad.json()["error"]["fields"]) == ["by"]
    assert list(client.get("/api/services/rates/?from=2026/10").json()["error"]["fields"]) == ["from"]


def test_the_rates_api_is_scoped_and_needs_the_right_to_view_needs(rated_set, secretary_b, api_as, client):
    with time_machine.travel(NOW, tick=False):
        rows = api_as(secretary_b).get("/api/services/rates/?from=2026-10&to=2026-11").json()
    assert [r["label"] for r in rows] == ["西岗社区"]
    assert client.get("/api/services/rates/").status_code == 403


# ------------------------------------------------------------------------------------------------ matching


def test_matching_order_closest_place_then_room_then_name(territory):
    u = recorder()
    care, repair = category("居家养老"), category("维修服务")
    need = make_need(territory.building_a, cat=care)
    street_wide = make_item(territory.street, cat=care, capacity=10, name="街道服务")
    grid_small = make_item(
        territory.community_a, cat=care, capacity=2, served=[territory.grid_a], name="B项目"
    )
    community = make_item(territory.community_a, cat=care, capacity=5, name="社区服务")
    grid_big = make_item(
        territory.community_a, cat=care, capacity=5, served=[territory.grid_a], name="网格大项目"
    )
    make_item(territory.community_b, cat=care, name="西岗服务")  # another community
    make_item(territory.community_a, cat=repair, name="维修")  # another category
    full = make_item(territory.community_a, cat=care, capacity=1, name="已满")
    grid_busy = make_item(
        territory.community_a, cat=care, capacity=3, served=[territory.grid_a], name="A项目"
    )
    for item, close_it in ((full, False), (grid_busy, False), (grid_busy, True)):
        other = make_need(territory.grid_a, cat=care)
        services.need_accept(need=other, user=u)
        services.need_assign(need=other, user=u, item=item)
        if close_it:  # a finished need no longer takes up room
            services.need_complete(need=other, user=u)
    v_grid = make_volunteer(territory.grid_a, skills=[care], max_open_needs=3, name="网格志愿者")
    v_community = make_volunteer(territory.community_a, skills=[care], max_open_needs=2, name="社区志愿者")
    make_volunteer(territory.grid_b, skills=[care])  # another community
    make_volunteer(territory.grid_a, skills=[repair])  # another skill
    make_volunteer(territory.grid_a, skills=[care], is_active=False)  # inactive

    got = [(s.kind, s.obj, s.remaining, s.closeness) for s in selectors.need_suggestions(need)]
    assert got == [
        ("item", grid_big, 5, 4),
        ("volunteer", v_grid, 3, 4),
        ("item", grid_busy, 2, 4),
        ("item", grid_small, 2, 4),
        ("item", community, 5, 3),
        ("volunteer", v_community, 2, 3),
        ("item", street_wide, 10, 2),
    ]


# ------------------------------------------------------------------------------------------ service totals


@pytest.fixture
def member(territory):
    from tests.partybuilding.factories import make_member

    return make_member(territory.grid_a, name="党员甲")


def test_totals_count_confirmed_hours_only_and_points_follow_the_setting(territory, member, secretary_a):
    from tests.volunteers.factories import make_team

    team = make_team(territory.community_a, name="家服务志愿队")
    vol = make_volunteer(territory.grid_a, team=team, party_member=member, name="党员甲")
    other = make_volunteer(territory.grid_a, team=team, name="居民乙")
    for hours in ("2.0", "1.5"):
        services.servicerecord_confirm(record=make_record(vol, hours=hours), user=secretary_a)
    services.servicerecord_confirm(record=make_record(other, hours="3.0"), user=secretary_a)
    make_record(vol, hours="8.0")  # reported, not confirmed: does not count
    services.servicerecord_reject(record=make_record(other, hours="5.0"), user=secretary_a)

    records = ServiceRecord.objects.all()
    assert selectors.service_totals(records, "volunteer") == [
        {"key": "党员甲", "person_times": 2, "hours": Decimal("3.5"), "points": Decimal("3.5")},
        {"key": "居民乙", "person_times": 1, "hours": Decimal("3.0"), "points": Decimal("3.0")},
    ]
    assert selectors.service_totals(records, "team") == [
        {"key": "家服务志愿队", "person_times": 3, "hours": Decimal("6.5"), "points": Decimal("6.5")}
    ]
    PortalSetting.objects.update_or_create(key="volunteers.points_per_hour", defaults={"value": 2})
    assert selectors.community_service_totals(records) == [
        {"key": "梁家屯社区", "person_times": 3, "hours": Decimal("6.5"), "points": Decimal("13.0")}
    ]
    # Confirmed hours feed the check-in feedback report; the other volunteer is no party member.
    from partybuilding import services as party_services

    party_services.checkin_create(
        user=secretary_a, area=territory.community_a, party_member=member, starts_on=datetime.date(2026, 2, 1)
    )
    rows = selectors.checkin_feedback_rows(
        secretary_a, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    )
    assert [(r["member"], r["community"], r["person_times"], r["hours"]) for r in rows] == [
        ("党员甲", "梁家屯社区", 2, Decimal("3.5"))
    ]
    rows = selectors.checkin_feedback_rows(secretary_a, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert [(r["person_times"], r["hours"]) for r in rows] == [(0, Decimal("0"))]


# -------------------------------------------------------------------------------------------------- garden


def test_plots_not_cared_for_in_n_days(territory):
    today = datetime.date(2026, 6, 30)
    garden = make_garden(territory.community_a)
    fresh = make_adoption(garden, code="01")
    CareLog.objects.create(adoption=fresh, cared_on=datetime.date(2026, 6, 20))
    stale = make_adoption(garden, code="02")
    CareLog.objects.create(adoption=stale, cared_on=datetime.date(2026, 6, 1))
    make_adoption(garden, code="03")  # never cared for
    make_adoption(garden, code="04", ends_on=datetime.date(2026, 5, 31))  # agreement over
    make_adoption(garden, code="05", starts_on=datetime.date(2026, 6, 25))  # too new to judge at 14 days

    neglected = selectors.neglected_adoptions(Adoption.objects.all(), today, days=14)
    assert sorted(a.plot.code for a in neglected) == ["02", "03"]
    assert sorted(
        a.plot.code for a in selectors.neglected_adoptions(Adoption.objects.all(), today, days=5)
    ) == [
        "01",
        "02",
        "03",
        "05",  # adopted five days ago and never cared for
    ]


def test_totals_in_one_query_match_the_grouped_rates(rated_set, django_assert_num_queries):
    with django_assert_num_queries(1):
        totals = selectors.need_rate_totals(rated_set, now=NOW)
    # 9 needs: response due 8 (not B3), in time 6 (A1, A3, B1, B2, B4, B5); resolution due 6 (A1, A2, B1,
    # B2, B4 done, A4 overdue), resolved 5; first ratings 5 (A1, A2, B1, B2, B4), satisfied 3.
    assert (totals.total, totals.response_rate, totals.resolution_rate, totals.satisfaction_rate) == (
        9,
        75.0,
        83.3,
        60.0,
    )
