"""Reminders: invitees before a meeting, missing minutes after 3 and 7 days, actions due soon and overdue."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.lib.reminders import Reminder, ReminderRule, register_rule
from governance.lib.settings import declare_setting
from governance.portal.selectors import setting_value
from governance.territory.choices import Role
from governance.territory.selectors import users_with_role
from partybuilding.models import FollowUpAction, Meeting

MEETING_NOTICE_DAYS = declare_setting(
    "partybuilding.meeting_notice_days", 2, "Days before a meeting that its invitees are reminded."
)
ACTION_DUE_SOON_DAYS = declare_setting(
    "partybuilding.action_due_soon_days", 3, "Days before its due date that an action's owner is reminded."
)
MINUTES_STAGES = (7, 3)  # days after the meeting, latest first: a missed day sends only the latest stage


def _day_bounds(day: datetime.date):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


@register_rule
class MeetingInviteeRule(ReminderRule):
    """Invitees with an account (directly or as a party member) hear of a meeting a few days before."""

    key = "partybuilding.meeting_invitees"

    def due(self, today):
        start, _end = _day_bounds(today)
        _s, until = _day_bounds(today + datetime.timedelta(days=setting_value(MEETING_NOTICE_DAYS)))
        meetings = Meeting.objects.filter(held_at__gte=start, held_at__lt=until).prefetch_related(
            "invitees__user", "invitees__party_member__user"
        )
        for meeting in meetings:
            users = [
                i.user or (i.party_member.user if i.party_member else None) for i in meeting.invitees.all()
            ]
            users = [u for u in users if u is not None]
            if users:
                yield Reminder(
                    meeting,
                    "before",
                    users,
                    _("Meeting on %(date)s: %(title)s")
                    % {
                        "date": timezone.localtime(meeting.held_at).strftime("%Y-%m-%d %H:%M"),
                        "title": meeting.title,
                    },
                    meeting.venue,
                    meeting.get_absolute_url(),
                )


@register_rule
class MissingMinutesRule(ReminderRule):
    """The secretary hears when a meeting that took place has no minutes 3 and again 7 days later."""

    key = "partybuilding.missing_minutes"

    def due(self, today):
        _s, latest = _day_bounds(today - datetime.timedelta(days=min(MINUTES_STAGES)))
        meetings = Meeting.objects.filter(held_at__lt=latest, minutes="").select_related("area", "created_by")
        for meeting in meetings:
            age = (today - timezone.localdate(meeting.held_at)).days
            days = next(d for d in MINUTES_STAGES if age >= d)
            recipients = list(users_with_role(Role.COMMUNITY_SECRETARY, meeting.area))
            if meeting.created_by is not None:
                recipients.append(meeting.created_by)
            yield Reminder(
                meeting,
                f"minutes-{days}",
                recipients,
                _("Minutes missing %(days)d days after: %(title)s") % {"days": days, "title": meeting.title},
                "",
                meeting.get_absolute_url(),
            )


@register_rule
class ActionDueRule(ReminderRule):
    """An action's owner hears when it is due within N days, and again once it is overdue."""

    key = "partybuilding.actions_due"

    def due(self, today):
        soon = today + datetime.timedelta(days=setting_value(ACTION_DUE_SOON_DAYS))
        actions = (
            FollowUpAction.objects.open()
            .filter(Q(due_on__lte=soon))
            .select_related("owner")
            .order_by("due_on", "pk")
        )
        for action in actions:
            if action.due_on < today:
                stage, title = "overdue", _("Overdue since %(date)s: %(title)s")
            else:
                stage, title = "due-soon", _("Due on %(date)s: %(title)s")
            yield Reminder(
                action,
                stage,
                [action.owner],
                title % {"date": action.due_on.strftime("%Y-%m-%d"), "title": action.title},
                "",
                action.get_absolute_url(),
            )


# ------------------------------------------------------------------------------- events people wait for

ACTION_ASSIGNED = "partybuilding.action_assigned"


def action_assigned_reminder(action: FollowUpAction, *, actor) -> Reminder | None:
    """A follow-up action, for the person who must carry it out (None when they gave it to themselves)."""
    if action.owner is None or action.owner == actor:
        return None
    return Reminder(
        obj=action,
        stage="assigned",
        recipients=[action.owner],
        title=_("New follow-up action for you: %(title)s") % {"title": action.title},
        body=_("Due %(date)s.") % {"date": action.due_on.strftime("%Y-%m-%d")},
        url=action.get_absolute_url(),
    )
