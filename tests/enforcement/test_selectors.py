"""Delay analytics on a hand-computed set (all urgent: arrive within 30 minutes, act within 240).

    summons  case  category  month  arrived  acted    notes
    A1       c1    违法建设   Sep    +20      +100     in time
    B1       c1    违法建设   Sep    +60      +120     arrived late
    A2       c2    违法建设   Oct    +40      +300     both late
    A3       c3    流动人口   Oct    +10      +200     in time
    B3       c3    流动人口   Oct    +30      —        arrived exactly on time; act deadline passed
    A4       c4    流动人口   Oct    —        —        nothing: both deadlines passed

Nearest-rank 90th percentile = the value at rank ceil(0.9·n); the median averages the two middle values.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from governance.enforcement import selectors, services
from governance.enforcement.choices import DropReason, Urgency
from governance.models import EnforcementCase, Summons
from tests.enforcement.factories import make_case, make_category, make_department
from tests.factories import make_resident

TZ = ZoneInfo("Asia/Shanghai")
SEP = datetime.datetime(2026, 9, 1, 10, 0, tzinfo=TZ)
OCT = datetime.datetime(2026, 10, 10, 10, 0, tzinfo=TZ)
NOW = datetime.datetime(2026, 11, 1, 10, 0, tzinfo=TZ)


def minutes(n):
    return datetime.timedelta(minutes=n)


@pytest.fixture
def dataset(territory, street_staff):
    dept_a = make_department(territory.street, "城管执法队")
    dept_b = make_department(territory.street, "派出所")
    building = make_category("违法建设")
    floating = make_category("流动人口")

    def case(area, category, at):
        return make_case(area, category=category, urgency=Urgency.URGENT, at=at - minutes(5))

    def summon(c, depts, at):
        return services.case_summon(user=street_staff, case=c, departments=depts, at=at)

    def respond(s, at, arrive=None, act=None):
        if arrive is not None:
            services.summons_arrive(user=street_staff, summons=s, at=at + minutes(arrive))
        if act is not None:
            services.summons_act(user=street_staff, summons=s, note="处置", at=at + minutes(act))

    c1 = case(territory.grid_a, building, SEP)
    a1, b1 = summon(c1, [dept_a, dept_b], SEP)
    respond(a1, SEP, 20, 100)
    respond(b1, SEP, 60, 120)
    c2 = case(territory.grid_a, building, OCT)
    [a2] = summon(c2, [dept_a], OCT)
    respond(a2, OCT, 40, 300)
    c3 = case(territory.stairwell_a, floating, OCT)
    a3, b3 = summon(c3, [dept_a, dept_b], OCT)
    respond(a3, OCT, 10, 200)
    respond(b3, OCT, 30)
    c4 = case(territory.grid_b, floating, OCT)
    summon(c4, [dept_a], OCT)
    for area, reason in [
        (territory.grid_a, DropReason.DUPLICATE),
        (territory.grid_b, DropReason.NO_JURISDICTION),
        (territory.grid_b, DropReason.DUPLICATE),
    ]:
        dropped = case(area, building, OCT)
        services.case_move(user=street_staff, case=dropped, to_status="dropped", drop_reason=reason, at=OCT)
    for i in range(8):
        make_resident(territory.stairwell_a, room=f"{i + 1}01")
    for i in range(2):
        make_resident(territory.stairwell_b, room=f"{i + 1}01")
    return {"a": dept_a, "b": dept_b, "cases": [c1, c2, c3, c4]}


def _figures(row):
    return (
        row.label,
        row.summonses,
        row.respond_median,
        row.respond_p90,
        row.act_median,
        row.act_p90,
        row.arrive_share,
        row.act_share,
        row.overdue_open,
    )


def test_percentile_nearest_rank():
    assert selectors.percentile([], 0.9) is None
    assert selectors.percentile([5], 0.9) == 5
    assert selectors.percentile([30, 10, 20], 0.9) == 30
    assert selectors.percentile(list(range(1, 11)), 0.9) == 9
    assert selectors.percentile(list(range(1, 12)), 0.9) == 10
    assert selectors.median([10, 40, 20, 30]) == 25


def test_delay_by_department(dataset):
    rows = selectors.delay_table(Summons.objects.all(), "department", now=NOW)
    assert [_figures(r) for r in rows] == [
        # A: arrivals 20, 40, 10 → median 20, p90 40; actions 100, 300, 200 → 200, 300;
        # 2 of 4 due arrivals in time (A4 never came), 2 of 4 due actions in time; A4 overdue and open.
        ("城管执法队", 4, 20, 40, 200, 300, 0.5, 0.5, 1),
        # B: arrivals 60, 30 → median 45, p90 60; action 120; B3 arrived at the deadline (in time),
        # B1 late; one action in time of two due (B3's passed); B3 overdue.
        ("派出所", 2, 45, 60, 120, 120, 0.5, 0.5, 1),
    ]


def test_delay_by_category(dataset):
    rows = selectors.delay_table(Summons.objects.all(), "category", now=NOW)
    assert [_figures(r) for r in rows] == [
        # 流动人口: A3, B3, A4 — arrivals 10, 30; action 200; in time: arrivals 2 of 3, actions 1 of 3.
        ("流动人口", 3, 20, 30, 200, 200, 2 / 3, 1 / 3, 2),
        # 违法建设: A1, B1, A2 — arrivals 20, 60, 40; actions 100, 120, 300.
        ("违法建设", 3, 40, 60, 120, 300, 1 / 3, 2 / 3, 0),
    ]


def test_delay_by_month(dataset):
    rows = selectors.delay_table(Summons.objects.all(), "month", now=NOW)
    assert [_figures(r) for r in rows] == [
        ("2026-09", 2, 40, 60, 110, 120, 0.5, 1.0, 0),
        ("2026-10", 4, 30, 40, 250, 300, 0.5, 0.25, 2),
    ]


def test_shares_count_only_decided_summonses(dataset):
    # 25 minutes after the October summons A4's arrival is not yet due, so it is left out: of A2 (late),
    # A3 and B3 (in time) two of three arrived in time; of the recorded actions A2 (late) and A3, one of two.
    rows = selectors.delay_table(Summons.objects.all(), "month", now=OCT + minutes(25))
    october = rows[1]
    assert (october.arrive_share, october.act_share, october.overdue_open) == (2 / 3, 1 / 2, 0)


def test_dropped_reasons(dataset):
    assert [(r, n) for r, _label, n in selectors.dropped_reasons(EnforcementCase.objects.all())] == [
        (DropReason.DUPLICATE, 2),
        (DropReason.NO_JURISDICTION, 1),
    ]


def test_longest_waiting_are_open_cases_oldest_first(dataset):
    c1, c2, c3, c4 = dataset["cases"]
    rows = selectors.longest_waiting(EnforcementCase.objects.all(), now=NOW)
    # c1 is only "acted" (open until the community verifies); dropped cases are not waiting.
    assert [(case.pk, waited) for case, waited in rows] == [
        (c1.pk, (NOW - c1.raised_at).total_seconds() / 60),
        (c2.pk, (NOW - c2.raised_at).total_seconds() / 60),
        (c3.pk, (NOW - c3.raised_at).total_seconds() / 60),
        (c4.pk, (NOW - c4.raised_at).total_seconds() / 60),
    ]


def test_whistle_rate_per_thousand_residents(dataset, territory, street_admin, secretary_a):
    rates = selectors.whistle_rates(street_admin)
    # A: c1, c2, c3 + 1 dropped = 4 cases, 8 residents → 500; B: c4 + 2 dropped = 3 cases, 2 residents → 1500.
    assert [(r.community.name, r.cases, r.residents, r.per_thousand) for r in rates] == [
        ("梁家屯社区", 4, 8, 500.0),
        ("西岗社区", 3, 2, 1500.0),
    ]
    assert [(r.community.name, r.cases) for r in selectors.whistle_rates(secretary_a)] == [("梁家屯社区", 4)]


def test_waiting_on_names_who_and_what(dataset):
    c1, c2, c3, c4 = dataset["cases"]
    assert [(w.who, w.what) for w in selectors.waiting_on(c3)] == [("派出所", "处置")]
    assert [(w.who, w.what, w.is_overdue(NOW)) for w in selectors.waiting_on(c4)] == [
        ("城管执法队", "签收并到场", True)
    ]
    c1.refresh_from_db()
    assert [(w.who, w.what) for w in selectors.waiting_on(c1)] == [("社区", "核实处置结果")]
