"""Escalation over simulated days, the daily job run twice a day: each (summons, stage) goes out once."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from governance.enforcement import services
from governance.enforcement.choices import Urgency
from governance.models import Notification, ReminderLog
from governance.portal.services import reminders_run
from tests.enforcement.factories import make_case, make_department
from tests.factories import UserFactory

TZ = ZoneInfo("Asia/Shanghai")
DAY0 = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=TZ)
RULE = "enforcement.summons_deadline"


def at(day, hour):
    return DAY0.replace(hour=hour) + datetime.timedelta(days=day)


@pytest.fixture
def setup(territory, street_staff, street_admin):
    contact_user = UserFactory(username="cg_contact")
    slow = make_department(territory.street, "城管执法队")
    services.department_contact_add(department=slow, name="孙队长", user=contact_user)
    services.department_contact_add(department=slow, name="值班室", email="cg-duty@example.gov.cn")
    quick = make_department(territory.street, "派出所")
    with time_machine.travel(DAY0, tick=False):
        case = make_case(territory.grid_a, urgency=Urgency.NORMAL, title="楼顶违建")
        slow_summons, quick_summons = services.case_summon(
            user=street_staff, case=case, departments=[slow, quick]
        )
    # normal urgency: arrive within a day (day 1 09:00), act within five days (day 5 09:00)
    return {"case": case, "slow": slow_summons, "quick": quick_summons, "contact": contact_user}


def run_day(day, django_capture_on_commit_callbacks, hours=(8, 20)):
    sent = []
    for hour in hours:
        with time_machine.travel(at(day, hour), tick=False), django_capture_on_commit_callbacks(execute=True):
            report = reminders_run(today=timezone.localdate(), rule_keys=[RULE])
        sent.append(report.sent[RULE])
    return sent


def test_remind_before_and_escalate_after_once_per_stage(
    setup, street_admin, street_staff, django_capture_on_commit_callbacks
):
    contact, slow, quick = setup["contact"], setup["slow"], setup["quick"]
    case_pk = setup["case"].pk
    per_day = {}
    for day in range(8):
        if day == 0:
            # The police station turns up within the hour: it never gets a reminder to arrive.
            with time_machine.travel(at(0, 10), tick=False):
                services.summons_arrive(user=street_staff, summons=quick)
        if day == 2:
            with time_machine.travel(at(2, 10), tick=False):
                services.summons_arrive(user=street_staff, summons=slow)
        per_day[day] = run_day(day, django_capture_on_commit_callbacks)
        if day == 3:
            with time_machine.travel(at(3, 11), tick=False):
                services.summons_act(user=street_staff, summons=quick, note="登记住户")

    # day 0 20:00: both arrivals are due within 24 h, the slow one is still missing → arrive_soon (slow).
    # day 1 20:00: the slow one missed 09:00 → arrive_overdue, escalated.
    # day 4 20:00: the act deadline (day 5 09:00) is within 24 h → act_soon (slow; quick acted on day 3).
    # day 5 20:00: act deadline passed → act_overdue, escalated.
    assert per_day == {0: [0, 1], 1: [0, 1], 2: [0, 0], 3: [0, 0], 4: [0, 1], 5: [0, 1], 6: [0, 0], 7: [0, 0]}
    assert sorted(ReminderLog.objects.filter(rule=RULE).values_list("object_id", "stage")) == sorted(
        [
            (slow.pk, "arrive_soon"),
            (slow.pk, "arrive_overdue"),
            (slow.pk, "act_soon"),
            (slow.pk, "act_overdue"),
        ]
    )
    # Contacts hear the summons and every stage; the leader in charge (street admin, no portfolio yet) only
    # escalations.
    assert Notification.objects.filter(recipient=contact).count() == 1 + 4
    assert list(
        Notification.objects.filter(recipient=street_admin)
        .order_by("created_at")
        .values_list("title", flat=True)
    ) == [
        f"已超时：城管执法队未按时到场处理案件#{case_pk}（时限2026-12-02 09:00）",
        f"已超时：城管执法队未按时处置案件#{case_pk}（时限2026-12-06 09:00）",
    ]
    # The e-mail-only contact got one mail per stage, as did the users with addresses.
    to_duty = [m for m in mail.outbox if m.to == ["cg-duty@example.gov.cn"]]
    assert len(to_duty) == 4
    assert Notification.objects.filter(recipient=street_staff).count() == 0


def test_missed_days_are_caught_up_without_stale_warnings(setup, django_capture_on_commit_callbacks):
    # Nobody ran the job until day 3: the arrival is overdue (sent), its "soon" warning is not sent late.
    assert run_day(3, django_capture_on_commit_callbacks, hours=(8,)) == [2]
    assert sorted(ReminderLog.objects.filter(rule=RULE).values_list("object_id", "stage")) == sorted(
        [(setup["slow"].pk, "arrive_overdue"), (setup["quick"].pk, "arrive_overdue")]
    )


def test_finished_cases_are_left_alone(setup, street_staff, django_capture_on_commit_callbacks):
    with time_machine.travel(at(0, 10), tick=False):
        services.case_move(
            user=street_staff, case=setup["case"], to_status="dropped", drop_reason="duplicate"
        )
    assert run_day(3, django_capture_on_commit_callbacks) == [0, 0]
    assert ReminderLog.objects.filter(rule=RULE).count() == 0


def test_escalation_goes_to_the_leader_holding_the_portfolio(
    setup, territory, street_admin, django_capture_on_commit_callbacks
):
    """The street's urban-management leader gets the escalation, not the street administrator."""
    from governance.staff import services as staff_services
    from tests.staff.factories import make_staff

    leader = UserFactory(username="urban_leader")
    cadre = make_staff(territory.street, name="周副主任", is_leadership=True, user=leader)
    staff_services.portfolio_assign(area=territory.street, work_line="urban_management", leader=cadre)
    run_day(1, django_capture_on_commit_callbacks, hours=(20,))
    # both summonses are overdue to arrive (nobody arrived): two escalations to the urban-management leader
    assert Notification.objects.filter(recipient=leader).count() == 2
    assert Notification.objects.filter(recipient=street_admin).count() == 0


def test_run_reminders_command_runs_the_rule(setup):
    from django.core.management import call_command

    with time_machine.travel(at(3, 8), tick=False):
        call_command("run_reminders", "--date", "2026-12-04")
    assert ReminderLog.objects.filter(rule=RULE, stage="arrive_overdue").count() == 2


# ------------------------------------------------------------------------------- the summons itself


def test_a_summons_is_told_to_the_departments_contacts_once_on_their_channels(
    territory, street_staff, django_capture_on_commit_callbacks
):
    from governance.lib import sms
    from governance.models import ChannelPreference, OutboxMessage

    sun, other = UserFactory(username="cg_sun", first_name="孙队长"), UserFactory(username="pcs_li")
    ChannelPreference.objects.create(
        user=sun, follows_community=False, by_email=False, by_sms=True, phone="13800138000"
    )
    slow = make_department(territory.street, "城管执法队")
    services.department_contact_add(department=slow, name="孙队长", user=sun)
    services.department_contact_add(department=slow, name="值班室", email="cg-duty@example.gov.cn")
    quick = make_department(territory.street, "派出所")
    services.department_contact_add(department=quick, name="李警官", user=other)
    with time_machine.travel(DAY0, tick=False), django_capture_on_commit_callbacks(execute=True):
        case = make_case(territory.grid_a, urgency=Urgency.NORMAL, title="楼顶违建")
        slow_summons, quick_summons = services.case_summon(
            user=street_staff, case=case, departments=[slow, quick]
        )

    # One notification per contact with an account, none for whoever blew the whistle.
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["cg_sun", "pcs_li"]
    note = Notification.objects.get(recipient=sun)
    assert note.title == f"城管执法队被吹哨至案件#{case.pk}：请于2026-12-02 09:00前到场"
    assert note.body == f"案件#{case.pk} 楼顶违建，{territory.grid_a.name}。请于2026-12-06 09:00前处置。"
    assert note.url == case.get_absolute_url()
    assert sorted(ReminderLog.objects.values_list("object_id", "stage", "rule")) == sorted(
        [
            (slow_summons.pk, "summoned", "enforcement.summons_issued"),
            (quick_summons.pk, "summoned", "enforcement.summons_issued"),
        ]
    )
    # 孙队长 chose SMS only; 李警官 has no settings (e-mail); the duty room is e-mail only.
    assert [(m.to, m.body) for m in sms.outbox] == [
        ("13800138000", f"{note.title}\n\nhttp://127.0.0.1:8000{note.url}")
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["cg-duty@example.gov.cn", "pcs_li@example.org"]
    assert OutboxMessage.objects.filter(state="sent").count() == 3

    # Summoning the same department again is refused, and the ledger would not send twice anyway.
    from django.core.exceptions import ValidationError

    from governance.enforcement.reminders import SUMMONS_ISSUED, summons_issued_reminder
    from governance.portal.services import reminder_send

    with pytest.raises(ValidationError):
        services.case_summon(user=street_staff, case=case, departments=[slow])
    assert (
        reminder_send(rule_key=SUMMONS_ISSUED, reminder=summons_issued_reminder(slow_summons, actor=None))
        is False
    )
    assert (Notification.objects.count(), OutboxMessage.objects.count(), len(sms.outbox)) == (2, 3, 1)
