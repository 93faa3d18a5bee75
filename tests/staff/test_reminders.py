"""The quarterly-evaluation reminders over a simulated quarter, day by day, each day run twice."""

import datetime
import io

import pytest
from django.core.management import call_command

from governance.models import Evaluation, Notification, PortalSetting, ReminderLog
from governance.staff import services
from governance.staff.choices import EvaluationStatus
from governance.staff.reminders import DUE_RULE, EVALUATION_RULES, OPEN_RULE, OVERDUE_RULE, REMIND_DAYS_BEFORE
from tests.factories import UserFactory
from tests.staff.factories import make_department, make_staff

D = datetime.date


@pytest.fixture
def quarter_people(territory, street_admin):
    """领导 (leadership, evaluated by the street administrator) leads the department of 甲 and 乙."""
    s = territory.street
    boss = make_staff(s, name="领导", is_leadership=True, user=UserFactory(username="boss"))
    dept = make_department(s, leader=boss)
    jia = make_staff(s, name="甲", department=dept, user=UserFactory(username="jia"))
    yi = make_staff(s, name="乙", department=dept)  # no portal account: only the evaluator hears
    return {"boss": boss, "jia": jia, "yi": yi}


def _run(day) -> dict:
    out = io.StringIO()
    call_command(
        "run_reminders", "--date", day.isoformat(), *[f"--rule={r}" for r in EVALUATION_RULES], stdout=out
    )
    sent = {}
    for line in out.getvalue().splitlines():
        key, rest = line.split(": ", 1)
        if key in EVALUATION_RULES:  # the last line says how many messages wait in the outbox
            sent[key] = int(rest.split(" ")[0])
    return sent


def _fill_and_submit(cadre, evaluator, on):
    evaluation = Evaluation.objects.get(cadre=cadre, year=on.year, quarter=4)
    services.evaluation_fill(
        evaluation=evaluation,
        user=evaluator,
        grade="competent",
        morality=80,
        ability=80,
        diligence=80,
        performance=80,
        integrity=80,
    )
    services.evaluation_move(evaluation=evaluation, to_status=EvaluationStatus.SUBMITTED, user=evaluator)


def test_a_simulated_quarter_day_by_day(
    quarter_people, street_admin, django_capture_on_commit_callbacks, mailoutbox
):
    boss_user = quarter_people["boss"].user
    down = {D(2026, 12, 14), D(2026, 12, 15)}  # the scheduler was down: the 16th must catch up
    sent_on = {}
    day = D(2026, 10, 1)
    while day <= D(2026, 12, 31):
        if day == D(2026, 12, 10):
            _fill_and_submit(quarter_people["jia"], boss_user, day)  # before the reminder window
        if day == D(2026, 12, 18):
            _fill_and_submit(quarter_people["yi"], boss_user, day)  # after its reminder, before the deadline
        if day not in down:
            first = _run(day)
            second = _run(day)
            assert sum(second.values()) == 0, day
            if sum(first.values()):
                sent_on[day] = {k: v for k, v in first.items() if v}
        day += datetime.timedelta(days=1)

    assert sent_on == {
        D(2026, 10, 1): {OPEN_RULE: 3},
        D(2026, 12, 16): {DUE_RULE: 2},  # 7 days before the 21 December deadline was the 14th: caught up
        D(2026, 12, 22): {OVERDUE_RULE: 1},  # only 领导's evaluation is still pending
    }
    assert ReminderLog.objects.count() == 6
    by_user = {
        u: Notification.objects.filter(recipient__username=u).count() for u in ("street_admin", "boss", "jia")
    }
    # opened: 领导's → street_admin + boss, 甲's → boss + jia, 乙's → boss; due soon: 领导's → street_admin + boss,
    # 乙's → boss; overdue (领导's) → the leadership team, i.e. boss.
    assert by_user == {"street_admin": 2, "boss": 6, "jia": 1}
    assert Notification.objects.count() == 9
    overdue = Notification.objects.get(title__startswith="逾期")
    assert overdue.title == "逾期：领导的2026-Q4季度考评已于2026-12-21截止，仍未提交"
    assert overdue.recipient == boss_user


@pytest.fixture
def eager_tasks():
    """Run enqueued tasks in-process even when a broker is configured (the real worker has its own test)."""
    from celery import current_app

    previous = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = True
    yield
    current_app.conf.task_always_eager = previous


def test_reminders_are_e_mailed_after_commit(
    quarter_people, eager_tasks, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _run(D(2026, 10, 3))
    assert sorted(m.to[0] for m in mailoutbox) == [
        "boss@example.org",
        "boss@example.org",
        "boss@example.org",
        "jia@example.org",
        "street_admin@example.org",
    ]


def test_reminder_days_are_an_admin_setting(quarter_people):
    PortalSetting.objects.update_or_create(key=REMIND_DAYS_BEFORE, defaults={"value": 3})
    PortalSetting.objects.update_or_create(
        key=services.DEADLINE_DAYS_BEFORE_QUARTER_END, defaults={"value": 0}
    )
    _run(D(2026, 10, 1))
    assert set(Evaluation.objects.values_list("deadline", flat=True)) == {D(2026, 12, 31)}
    assert _run(D(2026, 12, 27))[DUE_RULE] == 0
    assert _run(D(2026, 12, 28))[DUE_RULE] == 3


def test_the_daily_task_runs_the_same_rules(quarter_people):
    from governance.portal.tasks import reminders_run_daily

    sent = reminders_run_daily.apply(args=["2026-10-03"]).get()  # in-process whatever the broker
    assert (sent[OPEN_RULE], sent[DUE_RULE], sent[OVERDUE_RULE]) == (3, 0, 0)
    assert Evaluation.objects.count() == 3


def test_command_rejects_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("run_reminders", "--date", "2026-13-01")


@pytest.mark.realservices
def test_through_a_real_celery_worker_and_redis(celery_worker, territory, street_admin):
    from governance.portal.tasks import reminders_run_daily

    s = territory.street
    boss = make_staff(s, name="领导", is_leadership=True, user=UserFactory(username="boss"))
    make_staff(s, name="甲", department=make_department(s, leader=boss))
    first = reminders_run_daily.delay("2026-10-03").get(timeout=60)
    second = reminders_run_daily.delay("2026-10-03").get(timeout=60)
    assert (first[OPEN_RULE], second[OPEN_RULE]) == (2, 0)
    assert Evaluation.objects.filter(year=2026, quarter=4).count() == 2
    assert ReminderLog.objects.filter(rule=OPEN_RULE).count() == 2
    assert Notification.objects.count() == 3  # 领导's: street_admin + boss; 甲's: boss


def test_a_returned_evaluation_is_told_to_the_cadre_and_the_evaluator_once(quarter_people, street_admin):
    from governance.models import EvaluationEvent
    from governance.portal.services import reminder_send
    from governance.staff.reminders import RETURNED_RULE, evaluation_returned_reminder

    services.evaluations_open_quarter(year=2026, quarter=4)
    evaluation = Evaluation.objects.get(cadre=quarter_people["jia"])
    boss = quarter_people["boss"].user
    scores = {"morality": 90, "ability": 90, "diligence": 90, "performance": 90, "integrity": 90}
    services.evaluation_fill(evaluation=evaluation, user=boss, grade="competent", **scores)
    services.evaluation_move(evaluation=evaluation, to_status=EvaluationStatus.SUBMITTED, user=boss)
    assert Notification.objects.count() == 0  # submitting is no news to the cadre
    services.evaluation_move(
        evaluation=evaluation, to_status=EvaluationStatus.PENDING, user=street_admin, note="分数偏高，请复核"
    )

    notes = Notification.objects.order_by("recipient__username")
    assert [(n.recipient.username, n.title, n.body) for n in notes] == [
        ("boss", "甲的2026-Q4季度考评已退回考评人", "分数偏高，请复核"),
        ("jia", "甲的2026-Q4季度考评已退回考评人", "分数偏高，请复核"),
    ]
    assert ReminderLog.objects.get(rule=RETURNED_RULE).object_id == evaluation.pk
    # The same return again creates nothing; a second return (after another submission) is news again.
    event = EvaluationEvent.objects.filter(evaluation=evaluation, to_status="pending").latest("pk")
    reminder = evaluation_returned_reminder(evaluation, actor=street_admin, event=event)
    assert reminder_send(rule_key=RETURNED_RULE, reminder=reminder) is False
    assert Notification.objects.count() == 2
    services.evaluation_move(evaluation=evaluation, to_status=EvaluationStatus.SUBMITTED, user=boss)
    services.evaluation_move(evaluation=evaluation, to_status=EvaluationStatus.PENDING, user=street_admin)
    assert Notification.objects.count() == 4
    assert ReminderLog.objects.filter(rule=RETURNED_RULE).count() == 2
