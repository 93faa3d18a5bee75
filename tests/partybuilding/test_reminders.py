"""Reminders: each (object, stage) goes out once, even when the daily job runs twice a day."""

import datetime
from collections import Counter

from django.utils import timezone

from governance.models import Notification
from governance.portal.services import reminders_run
from partybuilding import services
from partybuilding.models import MeetingInvitee
from tests.factories import UserFactory
from tests.partybuilding.factories import make_meeting

RULES = ["partybuilding.meeting_invitees", "partybuilding.missing_minutes", "partybuilding.actions_due"]


def _at(day: datetime.date, hour: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_two_runs_a_day_send_each_reminder_once(territory, secretary_a, grid_worker):
    """Day 0 = 2026-12-01. A meeting on day 3 with an invited user; it decides one action due day 8.

    Expected, per stage, over days 0..12 with two runs a day:
    - invitee, day 1 (2 days before): 1
    - secretary, minutes missing 3 days after (day 6) and 7 days after (day 10): 2 (+ the same to the creator,
      who is the secretary here, so still one notification each)
    - owner, due within 3 days (day 5), overdue (day 9): 2, after the one telling them of the action when
      the meeting was logged (an event, not a rule of the daily run)
    """
    day0 = datetime.date(2026, 12, 1)
    invitee = UserFactory(username="invitee")
    owner = grid_worker
    meeting = services.meeting_log(
        user=secretary_a,
        kind="joint_party_building",
        title="联席会",
        area=territory.community_a,
        held_at=_at(day0 + datetime.timedelta(days=3)),
        invitees=["邀请人", "无账号的人"],
        decisions=[{"text": "修门禁", "owner": owner, "due_on": day0 + datetime.timedelta(days=8)}],
    )
    MeetingInvitee.objects.filter(meeting=meeting, name="邀请人").update(user=invitee)

    sent_per_day = {}
    for offset in range(13):
        today = day0 + datetime.timedelta(days=offset)
        first = reminders_run(today=today, rule_keys=RULES)
        second = reminders_run(today=today, rule_keys=RULES)
        assert second.total_sent == 0, today
        sent_per_day[offset] = first.total_sent
    assert {d: n for d, n in sent_per_day.items() if n} == {1: 1, 5: 1, 6: 1, 9: 1, 10: 1}
    per_user = Counter(Notification.objects.values_list("recipient__username", flat=True))
    assert per_user == {"invitee": 1, "secretary_a": 2, "grid_worker": 3}
    assert sorted(Notification.objects.filter(recipient=owner).values_list("title", flat=True)) == sorted(
        [
            "您有新的落实事项：修门禁",
            "即将到期（时限 2026-12-09）：修门禁",
            "已逾期（时限 2026-12-09）：修门禁",
        ]
    )


def test_a_missed_week_is_caught_up_once_and_minutes_stop_the_reminders(territory, secretary_a):
    owner = UserFactory(username="owner")
    day0 = datetime.date(2026, 12, 1)
    late = make_meeting(territory.community_a, held_at=_at(day0), owner=owner, decisions=1, title="迟交纪要")
    done = make_meeting(territory.community_a, held_at=_at(day0), title="已交纪要")
    services.meeting_minutes_record(user=secretary_a, meeting=done, minutes="纪要全文")
    # The job did not run for nine days: the late meeting gets only its latest stage, the action its overdue one.
    report = reminders_run(today=day0 + datetime.timedelta(days=12), rule_keys=RULES)
    assert report.sent == {
        "partybuilding.meeting_invitees": 0,
        "partybuilding.missing_minutes": 1,
        "partybuilding.actions_due": 1,
    }
    assert Notification.objects.filter(recipient=secretary_a).get().url == late.get_absolute_url()
    assert reminders_run(today=day0 + datetime.timedelta(days=13), rule_keys=RULES).total_sent == 0


def test_a_decision_notifies_its_owner_once_when_someone_else_gives_it(territory, secretary_a, grid_worker):
    from governance.models import ReminderLog

    meeting = make_meeting(territory.community_a)
    services.decision_add(
        user=secretary_a,
        meeting=meeting,
        text="清理楼道杂物",
        owner=grid_worker,
        due_on=datetime.date(2027, 1, 10),
    )
    services.decision_add(
        user=secretary_a,
        meeting=meeting,
        text="自己跟进",
        owner=secretary_a,
        due_on=datetime.date(2027, 1, 10),
    )
    notification = Notification.objects.get()
    assert (notification.recipient, notification.title) == (grid_worker, "您有新的落实事项：清理楼道杂物")
    assert ReminderLog.objects.get().stage == "assigned"
