"""Chase, escalation and follow-up over simulated days, each day run twice: each (need, stage) goes out once."""

import datetime

from django.utils import timezone

from governance.models import Notification, PortalSetting, ReminderLog
from governance.portal.services import reminders_run
from tests.volunteers.factories import make_need
from volunteers import services
from volunteers.choices import Urgency

RULES = ["volunteers.need_chase", "volunteers.need_escalate", "volunteers.need_follow_up"]


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


def simulate(first, last):
    """Run the rules twice on each day; returns {(need id, stage): [days sent]} and the second runs' sends."""
    sent, second_runs = {}, 0
    day = first
    while day <= last:
        before = set(ReminderLog.objects.values_list("pk", flat=True))
        reminders_run(today=day, rule_keys=RULES)
        second_runs += reminders_run(today=day, rule_keys=RULES).total_sent
        for log in ReminderLog.objects.exclude(pk__in=before):
            sent.setdefault((log.object_id, log.stage), []).append(day)
        day += datetime.timedelta(days=1)
    return sent, second_runs


def test_chase_escalate_and_follow_up_once_each(territory, grid_worker, secretary_a, secretary_b):
    d = datetime.date
    # General need nobody answers: respond by 11-09 09:00 -> chase 11-10, escalation 11-15.
    silent = make_need(territory.grid_a, user=grid_worker, submitted_at=aware(2026, 11, 2, 9))
    # Emergency answered in time but not resolved: resolve by 11-03 09:00 -> chase 11-04, escalation 11-09.
    stuck = make_need(
        territory.grid_a, user=grid_worker, urgency=Urgency.EMERGENCY, submitted_at=aware(2026, 11, 2, 9)
    )
    services.need_accept(need=stuck, user=secretary_a, at=aware(2026, 11, 2, 10))
    # Closed on 11-05 -> follow-up call 11-06.
    closed = make_need(
        territory.grid_a, user=grid_worker, urgency=Urgency.EMERGENCY, submitted_at=aware(2026, 11, 5, 8)
    )
    services.need_accept(need=closed, user=secretary_a, at=aware(2026, 11, 5, 9))
    services.need_assign(need=closed, user=secretary_a, department="供水公司", at=aware(2026, 11, 5, 9))
    services.need_complete(need=closed, user=secretary_a, at=aware(2026, 11, 5, 14))
    services.need_close(need=closed, user=secretary_a, at=aware(2026, 11, 5, 15))
    # In community B, answered in time and still within its resolution deadline: nothing to send.
    make_need(territory.grid_b, submitted_at=aware(2026, 11, 18, 9))

    sent, second_runs = simulate(d(2026, 11, 1), d(2026, 11, 20))

    assert sent == {
        (stuck.pk, "chase-resolve"): [d(2026, 11, 4)],
        (closed.pk, "follow-up"): [d(2026, 11, 6)],
        (stuck.pk, "escalate-resolve"): [d(2026, 11, 9)],
        (silent.pk, "chase-respond"): [d(2026, 11, 10)],
        (silent.pk, "escalate-respond"): [d(2026, 11, 15)],
    }
    assert second_runs == 0
    # Chases go to the recorder (the grid worker); escalations to community A's secretary, not B's.
    assert Notification.objects.filter(recipient=grid_worker).count() == 3  # two chases and the follow-up
    assert (
        Notification.objects.filter(recipient=secretary_a).count() == 3
    )  # two escalations and the follow-up
    assert Notification.objects.filter(recipient=secretary_b).count() == 0
    assert Notification.objects.get(recipient=secretary_a, url=silent.get_absolute_url()).title.startswith(
        "Escalation"
    )


def test_a_missed_day_is_caught_up(territory, grid_worker):
    silent = make_need(territory.grid_a, user=grid_worker, submitted_at=aware(2026, 11, 2, 9))
    # The beat did not run from 11-10 to 11-19; on 11-20 both overdue stages go out, once.
    sent, _ = simulate(datetime.date(2026, 11, 20), datetime.date(2026, 11, 21))
    assert sent == {
        (silent.pk, "chase-respond"): [datetime.date(2026, 11, 20)],
        (silent.pk, "escalate-respond"): [datetime.date(2026, 11, 20)],
    }


def test_days_are_settings(territory, grid_worker):
    PortalSetting.objects.update_or_create(key="volunteers.escalate_after_days", defaults={"value": 2})
    silent = make_need(territory.grid_a, user=grid_worker, submitted_at=aware(2026, 11, 2, 9))
    sent, _ = simulate(datetime.date(2026, 11, 9), datetime.date(2026, 11, 14))
    assert sent == {
        (silent.pk, "chase-respond"): [datetime.date(2026, 11, 10)],
        (silent.pk, "escalate-respond"): [datetime.date(2026, 11, 12)],
    }


def test_an_answered_need_is_not_chased_for_its_answer(territory, grid_worker, secretary_a):
    need = make_need(territory.grid_a, user=grid_worker, submitted_at=aware(2026, 11, 2, 9))
    services.need_accept(need=need, user=secretary_a, at=aware(2026, 11, 3, 9))
    services.need_assign(need=need, user=secretary_a, department="民政科", at=aware(2026, 11, 3, 9))
    services.need_complete(need=need, user=secretary_a, at=aware(2026, 11, 6, 9))
    sent, _ = simulate(datetime.date(2026, 11, 1), datetime.date(2026, 11, 20))
    assert sent == {}


def test_a_new_need_notifies_the_secretary_of_its_community_exactly_once(
    territory, grid_worker, secretary_a, secretary_b, client_as
):
    from tests.volunteers.factories import category

    response = client_as(grid_worker).post(
        "/services/needs/new/",
        {
            "area": territory.grid_a.pk,
            "requester_name": "王大爷",
            "category": category().pk,
            "urgency": "general",
            "channel": "grid_worker",
            "description": "楼道灯坏了",
        },
    )
    assert response.status_code == 302
    notification = Notification.objects.get()  # one, for her; none for 西岗社区's secretary or the recorder
    assert notification.recipient == secretary_a
    assert notification.title == "新需求待受理：“居家养老 · 王大爷”"
    assert notification.url == response["Location"]
    assert ReminderLog.objects.get().rule == "volunteers.need_submitted"
    # The deadline rules that run later keep their own stages; the announcement is never sent again.
    reminders_run(today=timezone.localdate(), rule_keys=RULES)
    assert Notification.objects.filter(title__startswith="新需求").count() == 1


def test_a_need_the_secretary_records_herself_or_one_typed_in_late_announces_nothing(territory, secretary_a):
    make_need(territory.grid_a, user=secretary_a)
    make_need(territory.grid_a, submitted_at=timezone.now() - datetime.timedelta(days=3))
    assert Notification.objects.count() == 0


# ------------------------------------------------------------------------------- an assignment


def test_an_assignment_is_told_to_the_volunteer_once_in_the_portal_or_by_sms(
    territory, secretary_a, django_capture_on_commit_callbacks
):
    from governance.lib import sms
    from governance.models import OutboxMessage
    from tests.factories import UserFactory
    from tests.partybuilding.factories import make_member
    from tests.volunteers.factories import make_volunteer
    from volunteers.reminders import NEED_ASSIGNED, need_assigned_reminder

    member_user = UserFactory(username="volunteer_wang")
    member = make_member(territory.grid_a, name="王志愿")
    member.user = member_user
    member.save(update_fields=["user"])
    with_account = make_volunteer(territory.grid_a, name="王志愿", party_member=member)
    phone_only = make_volunteer(territory.grid_a, name="赵阿姨", phone="13900139000")
    first = make_need(territory.grid_a, user=secretary_a)
    second = make_need(territory.grid_a, user=secretary_a)
    for need in (first, second):
        services.need_accept(need=need, user=secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.need_assign(need=first, user=secretary_a, volunteer=with_account)
        services.need_assign(need=second, user=secretary_a, volunteer=phone_only)

    note = Notification.objects.get()  # the volunteer with an account; the secretary assigned it herself
    assert note.recipient == member_user
    assert note.title == f"A need is assigned to you: 居家养老, {territory.grid_a.short_label}"
    assert note.url == first.get_absolute_url()
    # The volunteer without an account is texted, without the portal's link she cannot open.
    [text] = sms.outbox
    assert text.to == "13900139000"
    serve_by = timezone.localtime(second.resolve_by)
    assert text.body == (
        f"A need is assigned to you: 居家养老, {territory.grid_a.short_label}\n"
        f"Please get in touch with the community and serve it by {serve_by:%Y-%m-%d %H:%M}."
    )
    assert "http" not in text.body
    assert sorted(ReminderLog.objects.filter(rule=NEED_ASSIGNED).values_list("object_id", flat=True)) == [
        first.pk,
        second.pk,
    ]

    # The same assignment again (a retried request, a replayed event): nothing new.
    event = first.events.filter(move="assign").get()
    again = need_assigned_reminder(first, actor=secretary_a, event_id=event.pk)
    from governance.portal.services import reminder_send

    assert reminder_send(rule_key=NEED_ASSIGNED, reminder=again) is False
    assert (Notification.objects.count(), OutboxMessage.objects.filter(channel="sms").count()) == (1, 1)
    # Handing the need on to someone else is a new assignment, told once to the new assignee.
    services.need_assign(need=first, user=secretary_a, volunteer=phone_only)
    assert OutboxMessage.objects.filter(channel="sms").count() == 2
    assert Notification.objects.count() == 1


def test_an_assignment_to_a_team_or_a_department_tells_no_one(territory, secretary_a):
    from tests.volunteers.factories import make_team

    need = make_need(territory.grid_a, user=secretary_a)
    services.need_accept(need=need, user=secretary_a)
    services.need_assign(need=need, user=secretary_a, team=make_team(territory.grid_a), department="民政科")
    assert Notification.objects.count() == 0
    assert ReminderLog.objects.filter(rule="volunteers.need_assigned").count() == 0
