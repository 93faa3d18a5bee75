"""Services and selectors: A/B rules and coverage on dates, age and turnover by hand, evaluation moves."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from governance.models import Evaluation, EvaluationEvent, Post
from governance.staff import selectors, services
from governance.staff.choices import EvaluationStatus, StaffKind, WorkLine
from governance.staff.selectors import leaders_in_charge
from tests.factories import UserFactory
from tests.staff.factories import make_department, make_post, make_staff

D = datetime.date


# ------------------------------------------------------------------------------------------ A/B posts


def test_post_service_refuses_same_a_and_b_with_a_clear_message(territory):
    dept = make_department(territory.street)
    a = make_staff(territory.street)
    with pytest.raises(ValidationError) as exc:
        services.post_create(department=dept, name="党建", holder_a=a, holder_b=a)
    assert exc.value.message_dict == {"holder_b": ["B岗必须与A岗为不同的人。"]}
    assert Post.objects.count() == 0


def test_post_update_to_same_person_changes_nothing(territory):
    dept = make_department(territory.street)
    a, b = make_staff(territory.street), make_staff(territory.street)
    post = make_post(dept, a, b)
    with pytest.raises(ValidationError):
        services.post_update(post=post, holder_b=a)
    post.refresh_from_db()
    assert post.holder_b_id == b.pk


def test_someone_who_left_cannot_hold_a_post(territory):
    dept = make_department(territory.street)
    gone = make_staff(territory.street, left_on=D(2026, 1, 31), leave_reason="resigned")
    with pytest.raises(ValidationError) as exc:
        services.post_create(
            department=dept, name="党建", holder_a=make_staff(territory.street), holder_b=gone
        )
    assert list(exc.value.message_dict) == ["holder_b"]


def test_overlapping_absence_is_refused(territory):
    staff = make_staff(territory.street)
    services.absence_create(staff=staff, kind="leave", starts_on=D(2026, 5, 1), ends_on=D(2026, 5, 10))
    with pytest.raises(ValidationError):
        services.absence_create(
            staff=staff, kind="training", starts_on=D(2026, 5, 10), ends_on=D(2026, 5, 12)
        )
    assert staff.absences.count() == 1


@pytest.fixture
def ab(territory):
    """Four cadres on four posts; 张 and 李 back each other up, 王's post has no B, 赵 backs up nobody."""
    s = territory.street
    dept = make_department(s)
    zhang, li, wang, zhao = (make_staff(s, name=n) for n in ("张", "李", "王", "赵"))
    make_staff(s, name="钱", hired_on=D(2010, 1, 1), left_on=D(2026, 3, 31), leave_reason="retired")
    make_staff(s, name="孙", is_leadership=True)
    make_staff(s, name="周", kind=StaffKind.COMMUNITY_WORKER)
    posts = {
        "P1": make_post(dept, zhang, li, name="P1"),
        "P2": make_post(dept, li, zhang, name="P2"),
        "P3": make_post(dept, wang, None, name="P3"),
        "P4": make_post(dept, zhao, wang, name="P4"),
    }
    services.absence_create(staff=zhang, kind="leave", starts_on=D(2026, 5, 1), ends_on=D(2026, 5, 10))
    services.absence_create(staff=li, kind="training", starts_on=D(2026, 5, 5), ends_on=D(2026, 5, 7))
    services.absence_create(staff=zhao, kind="secondment", starts_on=D(2026, 5, 6), ends_on=D(2026, 5, 20))
    return {"zhang": zhang, "li": li, "wang": wang, "zhao": zhao, **posts}


def _names(items):
    return [i.name for i in items]


@pytest.mark.parametrize(
    ("day", "both_absent", "run_by_b"),
    [
        (D(2026, 4, 30), [], []),
        (D(2026, 5, 4), [], ["P1"]),
        (D(2026, 5, 6), ["P1", "P2"], ["P4"]),
        (D(2026, 5, 7), ["P1", "P2"], ["P4"]),
        (D(2026, 5, 8), [], ["P1", "P4"]),
        (D(2026, 5, 11), [], ["P4"]),
        (D(2026, 5, 21), [], []),
    ],
)
def test_coverage_on_dates(ab, day, both_absent, run_by_b):
    coverage = selectors.coverage_on(day=day)
    assert _names(coverage.both_absent) == both_absent
    assert _names(coverage.a_absent_b_covers) == run_by_b
    assert _names(coverage.no_b) == ["P3"]
    # 赵 holds P4 as A and backs up nothing; 钱 has left, 孙 leads, 周 is a community worker.
    assert [(s.name, held) for s, held in coverage.backing_up_nobody] == [("赵", 1)]
    assert coverage.warning_count == len(both_absent) + 2


def test_handover_when_zhang_goes_on_leave(ab):
    moves = selectors.handover_for(staff=ab["zhang"], starts_on=D(2026, 5, 1), ends_on=D(2026, 5, 10))
    # P1: 张 is A, but 李 (B) is away on 5–7 May; P2: 张 backs up 李, who keeps the post alone.
    assert [(m.post.name, m.role, m.to.name if m.to else None) for m in moves] == [
        ("P1", "A", None),
        ("P2", "B", "李"),
    ]
    moves = selectors.handover_for(staff=ab["zhang"], starts_on=D(2026, 5, 1), ends_on=D(2026, 5, 4))
    assert [(m.post.name, m.role, m.to.name if m.to else None) for m in moves] == [
        ("P1", "A", "李"),
        ("P2", "B", "李"),
    ]


def test_handover_of_a_post_without_b(ab):
    moves = selectors.handover_for(staff=ab["wang"], starts_on=D(2026, 6, 1), ends_on=D(2026, 6, 2))
    assert [(m.post.name, m.role, m.to.name if m.to else None) for m in moves] == [
        ("P3", "A", None),
        ("P4", "B", "赵"),
    ]


# ------------------------------------------------------------------------------------ age and turnover


@pytest.fixture
def ages(territory):
    s = territory.street
    make_staff(s, birth_date=D(1980, 7, 1), is_leadership=True)  # 45 on 2026-06-30 (birthday tomorrow)
    make_staff(s, birth_date=D(1990, 6, 30), is_leadership=True)  # 36 that very day
    make_staff(s, birth_date=D(1991, 7, 1), is_leadership=True)  # 34
    make_staff(s, birth_date=D(2000, 1, 1))  # 26
    make_staff(s, birth_date=D(1960, 1, 1), hired_on=D(1990, 1, 1))  # 66
    # Not counted: a community worker, someone who left that day, someone hired the day after.
    make_staff(s, birth_date=D(1996, 1, 1), kind=StaffKind.COMMUNITY_WORKER)
    make_staff(s, birth_date=D(1970, 1, 1), left_on=D(2026, 6, 30), leave_reason="transferred")
    make_staff(s, birth_date=D(1970, 1, 1), hired_on=D(2026, 7, 1))


def test_age_structure_of_the_leadership_by_hand(ages):
    result = selectors.age_structure(day=D(2026, 6, 30), leadership_only=True)
    # (45 + 36 + 34) / 3 = 38.33…; young (≤ 35): only the 34-year-old.
    assert (result["headcount"], result["average_age"], result["young"], result["young_share"]) == (
        3,
        38.3,
        1,
        33.3,
    )
    assert (
        selectors.age_structure(day=D(2026, 6, 30), leadership_only=True, threshold=36)["young_share"] == 66.7
    )


def test_age_structure_of_all_cadres_by_hand(ages):
    result = selectors.age_structure(day=D(2026, 6, 30))
    # (45 + 36 + 34 + 26 + 66) / 5 = 41.4; young: 34 and 26.
    assert (result["headcount"], result["average_age"], result["young"], result["young_share"]) == (
        5,
        41.4,
        2,
        40.0,
    )
    assert [n for _label, n in result["bands"]] == [1, 1, 1, 1, 0, 0, 1]


def test_young_threshold_is_an_admin_setting(ages):
    from governance.models import PortalSetting

    PortalSetting.objects.update_or_create(key=selectors.YOUNG_CADRE_MAX_AGE, defaults={"value": 36})
    assert selectors.age_structure(day=D(2026, 6, 30), leadership_only=True)["young"] == 2


def test_turnover_of_community_workers_by_hand(territory):
    c = territory.community_a
    w = {"kind": StaffKind.COMMUNITY_WORKER}
    make_staff(c, hired_on=D(2020, 1, 1), **w)  # stays
    make_staff(c, hired_on=D(2020, 1, 1), left_on=D(2025, 3, 1), leave_reason="resigned", **w)
    make_staff(c, hired_on=D(2025, 2, 1), left_on=D(2025, 11, 30), leave_reason="resigned", **w)
    make_staff(c, hired_on=D(2021, 1, 1), left_on=D(2025, 12, 31), leave_reason="contract_ended", **w)
    make_staff(c, hired_on=D(2025, 6, 1), **w)
    make_staff(c, hired_on=D(2019, 1, 1), left_on=D(2024, 12, 31), leave_reason="resigned", **w)
    make_staff(territory.street, left_on=D(2025, 5, 1), leave_reason="resigned")  # a cadre: not counted
    result = selectors.turnover(year=2025)
    # On 1 January: 3 on the books; on 31 December: 2 (whoever left that day is gone); 3 left during 2025.
    assert result == {
        "year": 2025,
        "headcount_start": 3,
        "headcount_end": 2,
        "average_headcount": 2.5,
        "leavers": 3,
        "rate": 120.0,
        "reasons": [("合同到期", 1), ("辞职", 2)],
    }


def test_turnover_by_year_starts_with_the_first_hiring(territory):
    w = {"kind": StaffKind.COMMUNITY_WORKER}
    make_staff(
        territory.community_a, hired_on=D(2024, 3, 1), left_on=D(2025, 6, 1), leave_reason="resigned", **w
    )
    make_staff(territory.community_a, hired_on=D(2024, 5, 1), **w)
    rows = selectors.turnover_by_year(until=D(2026, 11, 28))
    assert [(r["year"], r["headcount_start"], r["headcount_end"], r["leavers"], r["rate"]) for r in rows] == [
        (2024, 0, 2, 0, 0.0),
        (2025, 2, 1, 1, 66.7),
        (2026, 1, 1, 0, 0.0),
    ]


# ------------------------------------------------------------------------------------------ portfolios


def test_leader_in_charge_prefers_the_communitys_own_portfolio(territory, street_admin):
    s = territory.street
    li = make_staff(s, name="李", is_leadership=True, user=UserFactory(username="li"))
    chen = make_staff(s, name="陈", is_leadership=True, user=UserFactory(username="chen"))
    services.portfolio_assign(area=s, work_line=WorkLine.URBAN_MANAGEMENT, leader=li)
    services.portfolio_assign(area=territory.community_a, work_line=WorkLine.URBAN_MANAGEMENT, leader=chen)
    assert leaders_in_charge(work_line=WorkLine.URBAN_MANAGEMENT, area=territory.stairwell_a) == [chen.user]
    assert leaders_in_charge(work_line=WorkLine.URBAN_MANAGEMENT, area=territory.grid_b) == [li.user]
    # No portfolio for the line: the street administrators answer.
    assert leaders_in_charge(work_line=WorkLine.ECONOMY, area=territory.grid_b) == [street_admin]


def test_portfolio_assign_replaces_and_refuses_non_leaders(territory):
    s = territory.street
    li = make_staff(s, is_leadership=True)
    chen = make_staff(s, is_leadership=True)
    services.portfolio_assign(area=s, work_line=WorkLine.ECONOMY, leader=li)
    portfolio = services.portfolio_assign(area=s, work_line=WorkLine.ECONOMY, leader=chen)
    assert portfolio.leader == chen
    assert portfolio.history.count() == 2
    with pytest.raises(ValidationError) as exc:
        services.portfolio_assign(area=s, work_line=WorkLine.PROPERTY, leader=make_staff(s))
    assert list(exc.value.message_dict) == ["leader"]
    with pytest.raises(ValidationError):
        services.portfolio_assign(area=territory.grid_a, work_line=WorkLine.PROPERTY, leader=li)


# ----------------------------------------------------------------------------------------- evaluations


@pytest.fixture
def cadres(territory, street_admin):
    s = territory.street
    boss_user = UserFactory(username="boss")
    boss = make_staff(s, name="领导", is_leadership=True, user=boss_user)
    dept = make_department(s, leader=boss)
    a = make_staff(s, name="甲", department=dept, user=UserFactory(username="jia"))
    b = make_staff(s, name="乙", department=dept)
    make_staff(s, name="走了", left_on=D(2026, 9, 30), leave_reason="resigned")
    make_staff(s, name="新人", hired_on=D(2026, 10, 2))
    make_staff(territory.community_a, name="社工", kind=StaffKind.COMMUNITY_WORKER)
    return {"boss": boss, "a": a, "b": b, "boss_user": boss_user}


def test_opening_a_quarter_is_idempotent(cadres, street_admin):
    created = services.evaluations_open_quarter(year=2026, quarter=4)
    assert sorted(e.cadre.name for e in created) == ["乙", "甲", "领导"]
    assert services.evaluations_open_quarter(year=2026, quarter=4) == []
    assert Evaluation.objects.filter(year=2026, quarter=4).count() == 3
    a_eval = Evaluation.objects.get(cadre=cadres["a"])
    assert a_eval.deadline == D(2026, 12, 21)  # 10 days before the quarter ends (the default setting)
    assert list(a_eval.evaluators.all()) == [cadres["boss_user"]]
    assert list(Evaluation.objects.get(cadre=cadres["boss"]).evaluators.all()) == [street_admin]


def test_evaluation_moves_follow_the_table_and_record_events(cadres, street_admin):
    services.evaluations_open_quarter(year=2026, quarter=4)
    evaluation = Evaluation.objects.get(cadre=cadres["a"])
    boss = cadres["boss_user"]
    with pytest.raises(ValidationError) as exc:
        services.evaluation_move(
            evaluation=evaluation, to_status=EvaluationStatus.CONFIRMED, user=street_admin
        )
    assert exc.value.messages == ["考评不能从“待考评”变为“已确认”。"]
    with pytest.raises(ValidationError) as exc:
        services.evaluation_move(evaluation=evaluation, to_status=EvaluationStatus.SUBMITTED, user=boss)
    assert exc.value.messages == ["提交前请填写全部五项分数和等次。"]
    with pytest.raises(ValidationError):
        services.evaluation_fill(evaluation=evaluation, user=street_admin, morality=90)  # not its evaluator
    with pytest.raises(ValidationError) as exc:
        services.evaluation_fill(evaluation=evaluation, user=boss, morality=101)
    assert exc.value.message_dict == {"morality": ["分数须在0至100之间。"]}
    services.evaluation_self_assess(
        evaluation=evaluation, user=cadres["a"].user, text="本季度完成了社区走访。"
    )
    services.evaluation_fill(
        evaluation=evaluation,
        user=boss,
        grade="excellent",
        morality=95,
        ability=90,
        diligence=92,
        performance=88,
        integrity=96,
    )
    services.evaluation_move(evaluation=evaluation, to_status=EvaluationStatus.SUBMITTED, user=boss)
    with pytest.raises(ValidationError):
        services.evaluation_fill(evaluation=evaluation, user=boss, morality=10)
    with pytest.raises(ValidationError) as exc:
        services.evaluation_move(
            evaluation=evaluation, to_status=EvaluationStatus.CONFIRMED, user=cadres["a"].user
        )
    assert exc.value.messages == ["不能确认自己的考评。"]
    with pytest.raises(ValidationError) as exc:
        services.evaluation_move(evaluation=evaluation, to_status=EvaluationStatus.CONFIRMED, user=boss)
    assert exc.value.messages == ["考评人不能确认自己打分的考评。"]
    services.evaluation_move(evaluation=evaluation, to_status=EvaluationStatus.CONFIRMED, user=street_admin)
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.total_score, evaluation.self_assessment) == (
        "confirmed",
        92.2,
        "本季度完成了社区走访。",
    )
    events = list(
        EvaluationEvent.objects.filter(evaluation=evaluation).values_list(
            "from_status", "to_status", "by__username"
        )
    )
    assert events == [
        ("", "pending", None),
        ("pending", "submitted", "boss"),
        ("submitted", "confirmed", "street_admin"),
    ]


def test_allowed_moves_depend_on_who_asks(cadres, street_admin):
    services.evaluations_open_quarter(year=2026, quarter=4)
    evaluation = Evaluation.objects.get(cadre=cadres["a"])
    assert services.evaluation_allowed_moves(evaluation, cadres["boss_user"]) == []  # nothing scored yet
    Evaluation.objects.filter(pk=evaluation.pk).update(
        morality=1, ability=1, diligence=1, performance=1, integrity=1, grade="incompetent"
    )
    evaluation.refresh_from_db()
    assert services.evaluation_allowed_moves(evaluation, cadres["boss_user"]) == ["submitted"]
    assert services.evaluation_allowed_moves(evaluation, street_admin) == []


def test_inspection_needs_findings_and_a_past_date(territory, street_admin):
    cadre = make_staff(territory.street)
    with pytest.raises(ValidationError) as exc:
        services.inspection_create(
            cadre=cadre,
            area=territory.community_a,
            inspector=street_admin,
            inspected_on=D(2099, 1, 1),
            findings="x",
        )
    assert list(exc.value.message_dict) == ["inspected_on"]
    with pytest.raises(ValidationError):
        services.inspection_create(
            cadre=cadre,
            area=territory.community_a,
            inspector=street_admin,
            inspected_on=D(2026, 1, 1),
            findings="  ",
        )
    assert cadre.inspections.count() == 0
