"""The three rates on a hand-computed set, matching order, service totals and neglected plots."""

import datetime
from decimal import Decimal

import pytest
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
from volunteers.models import Adoption, CareLog, Need, ServiceRecord


def at(base, hours):
    return base + datetime.timedelta(hours=hours)


@pytest.fixture
def rated_set(territory):
    """Six needs whose rates are worked out by hand in the tests below (general urgency: 168 h to respond)."""
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
    run(territory.grid_a, care, ta)  # A4: still waiting
    run(territory.grid_b, care, tb, accept=1, done=5, rating=4)  # B1
    run(territory.grid_b, care, tb, accept=3, done=9, rating=4, outcome=Outcome.PARTLY)  # B2: partly solved
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


def test_rates_per_community_and_ranking(rated_set):
    # A: answered in time 2/4; resolved 2 of 3 not declined; satisfied 1 of 2 rated;
    #    response hours [2, 200, 10] -> median 10; resolution hours [26, 250] -> median 138.
    # B: 2/2, 2/2, 2/2; response [1, 3] -> 2; resolution [5, 9] -> 7.
    ranking = selectors.community_ranking(rated_set)
    assert [r.label for r in ranking] == ["西岗社区", "梁家屯社区"]
    assert summary(ranking) == {
        "梁家屯社区": (4, 50.0, 66.7, 50.0, 10.0, 138.0),
        "西岗社区": (2, 100.0, 100.0, 100.0, 2.0, 7.0),
    }


def test_rates_per_grid_month_and_category(rated_set):
    assert summary(selectors.need_rates(rated_set, "grid")) == {
        "梁家屯社区 第一网格": (4, 50.0, 66.7, 50.0, 10.0, 138.0),
        "西岗社区 第一网格": (2, 100.0, 100.0, 100.0, 2.0, 7.0),
    }
    assert summary(selectors.need_rates(rated_set, "month")) == {
        "2026-10": (4, 50.0, 66.7, 50.0, 10.0, 138.0),
        "2026-11": (2, 100.0, 100.0, 100.0, 2.0, 7.0),
    }
    # 维修服务: A1, A2 -> 1/2 in time, 2/2 resolved, 1/2 satisfied; response [2, 200] -> 101; resolution [26, 250] -> 138.
    # 居家养老: A3, A4, B1, B2 -> 3/4 in time, 2/3 resolved, 2/2 satisfied; response [10, 1, 3] -> 3; resolution [5, 9] -> 7.
    assert summary(selectors.need_rates(rated_set, "category")) == {
        "维修服务": (2, 50.0, 100.0, 50.0, 101.0, 138.0),
        "居家养老": (4, 75.0, 66.7, 100.0, 3.0, 7.0),
    }


def test_rates_of_nothing_are_empty(territory):
    assert selectors.need_rates(Need.objects.all(), "community") == []


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
        totals = selectors.need_rate_totals(rated_set)
    # 6 needs: in time 4 (A1, A3, B1, B2); not declined 5, resolved 4; rated 4, satisfied 3.
    assert (totals.total, totals.response_rate, totals.resolution_rate, totals.satisfaction_rate) == (
        6,
        66.7,
        80.0,
        75.0,
    )
