"""Reminders of the Needs List: chase (催办), escalation (通报) and the follow-up call (回访)."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.lib.reminders import Reminder, ReminderRule, register_rule
from governance.lib.settings import declare_setting
from governance.models import Area
from governance.portal.selectors import setting_value
from governance.territory.choices import Role
from governance.territory.selectors import users_with_role
from volunteers.choices import NeedStatus
from volunteers.models import Need

CHASE_AFTER_DAYS = declare_setting(
    "volunteers.chase_after_days", 1, "Days after a need's deadline when the chase (催办) goes out."
)
ESCALATE_AFTER_DAYS = declare_setting(
    "volunteers.escalate_after_days", 5, "Days after the chase when the community secretary is told (通报)."
)
FOLLOW_UP_AFTER_DAYS = declare_setting(
    "volunteers.follow_up_after_days", 1, "Days after closing when the follow-up call (回访) is due."
)
# Closed needs older than this are not looked at again: their follow-up went out or is moot.
FOLLOW_UP_WINDOW_DAYS = 30


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def late_before(today: datetime.date, days_after: int) -> datetime.datetime:
    """A deadline earlier than this instant was at least `days_after` days before `today` (by date)."""
    return start_of(today - datetime.timedelta(days=days_after - 1))


def _community(area: Area) -> Area:
    return area.community or area


def _late_needs(today, days_after):
    cutoff = late_before(today, days_after)
    return (
        Need.objects.open()
        .filter(Q(status=NeedStatus.SUBMITTED, respond_by__lt=cutoff) | Q(resolve_by__lt=cutoff))
        .select_related("area", "category", "created_by")
        .order_by("pk")
    )


def _stage(need: Need, cutoff) -> str:
    """Which deadline is late: the answer (still submitted) or the resolution."""
    if need.status == NeedStatus.SUBMITTED and need.respond_by < cutoff:
        return "respond"
    return "resolve"


@register_rule
class NeedChaseRule(ReminderRule):
    """The day after a missed deadline, chase whoever holds the need (催办)."""

    key = "volunteers.need_chase"

    def due(self, today):
        days = setting_value(CHASE_AFTER_DAYS)
        cutoff = late_before(today, days)
        for need in _late_needs(today, days):
            stage = _stage(need, cutoff)
            recipients = {need.created_by, *users_with_role(Role.GRID_WORKER, need.area)}
            yield Reminder(
                obj=need,
                stage=f"chase-{stage}",
                recipients=recipients,
                title=_("Chase: need “%(need)s” is past its deadline") % {"need": need},
                body=_("Deadline %(when)s.")
                % {"when": timezone.localtime(need.current_deadline()).strftime("%Y-%m-%d %H:%M")},
                url=need.get_absolute_url(),
            )


@register_rule
class NeedEscalateRule(ReminderRule):
    """Five days after the chase, tell the community secretary (通报)."""

    key = "volunteers.need_escalate"

    def due(self, today):
        days = setting_value(CHASE_AFTER_DAYS) + setting_value(ESCALATE_AFTER_DAYS)
        cutoff = late_before(today, days)
        for need in _late_needs(today, days):
            stage = _stage(need, cutoff)
            yield Reminder(
                obj=need,
                stage=f"escalate-{stage}",
                recipients=users_with_role(Role.COMMUNITY_SECRETARY, _community(need.area)),
                title=_("Escalation: need “%(need)s” is still open long after its deadline") % {"need": need},
                body=_("Deadline %(when)s.")
                % {"when": timezone.localtime(need.current_deadline()).strftime("%Y-%m-%d %H:%M")},
                url=need.get_absolute_url(),
            )


@register_rule
class NeedFollowUpRule(ReminderRule):
    """The day after closing, a follow-up call (回访) to the resident falls due."""

    key = "volunteers.need_follow_up"

    def due(self, today):
        cutoff = late_before(today, setting_value(FOLLOW_UP_AFTER_DAYS))
        needs = (
            Need.objects.filter(
                status=NeedStatus.CLOSED,
                closed_at__lt=cutoff,
                closed_at__gte=cutoff - datetime.timedelta(days=FOLLOW_UP_WINDOW_DAYS),
            )
            .select_related("area", "category", "created_by")
            .order_by("pk")
        )
        for need in needs:
            yield Reminder(
                obj=need,
                stage="follow-up",
                recipients={
                    need.created_by,
                    *users_with_role(Role.COMMUNITY_SECRETARY, _community(need.area)),
                },
                title=_("Follow-up call due: %(need)s") % {"need": need},
                body=_("Call %(name)s and ask whether the need was met.") % {"name": need.requester_name},
                url=need.get_absolute_url(),
            )


# ------------------------------------------------------------------------------- events people wait for

NEED_SUBMITTED = "volunteers.need_submitted"
# A need entered long after it was made (a paper register typed in) is no news to anyone: not announced.
FRESH_FOR = datetime.timedelta(days=1)


def need_submitted_reminder(need: Need, *, actor) -> Reminder | None:
    """The new need, for the secretary of its community (not for whoever recorded it), or None if stale."""
    if need.submitted_at < timezone.now() - FRESH_FOR:
        return None
    secretaries = [u for u in users_with_role(Role.COMMUNITY_SECRETARY, _community(need.area)) if u != actor]
    body = _("%(place)s · answer by %(when)s.") % {
        "place": need.area.name,
        "when": timezone.localtime(need.respond_by).strftime("%Y-%m-%d %H:%M"),
    }
    if need.duplicate_of_id:  # the secretary merges it or keeps both, from the need's page
        body += " " + _("Likely a duplicate of need No. %(pk)s: merge it or keep both.") % {
            "pk": need.duplicate_of_id
        }
    return Reminder(
        obj=need,
        stage="submitted",
        recipients=secretaries,
        title=_("New need to answer: “%(need)s”") % {"need": need},
        body=body,
        url=need.get_absolute_url(),
    )


NEED_ASSIGNED = "volunteers.need_assigned"


def need_assigned_reminder(need: Need, *, actor, event_id: int) -> Reminder | None:
    """The assignment, for the volunteer who must carry it out, or None when no person can be reached.

    A volunteer whose party-member record has a portal account is notified there (and on their channels);
    one with only a phone gets a text without the portal's link. A team, a service item or a department has
    no one person to tell: whoever handles their work sees it on the worklist. Each assignment (each
    assigning event, since a need can be handed on) goes out once.
    """
    volunteer = need.assigned_volunteer
    if volunteer is None:
        return None
    member = volunteer.party_member
    user = member.user if member is not None and member.user_id else None
    if user is not None and user == actor:
        return None
    phones = [volunteer.phone] if user is None and volunteer.phone else []
    if user is None and not phones:
        return None
    values = {
        "category": need.category,
        "place": need.area.short_label,
        "when": timezone.localtime(need.resolve_by).strftime("%Y-%m-%d %H:%M"),
    }
    return Reminder(
        obj=need,
        stage=f"assigned-{event_id}",
        recipients=[user] if user is not None else [],
        title=_("A need is assigned to you: %(category)s, %(place)s") % values,
        body=_("Please get in touch with the community and serve it by %(when)s.") % values,
        url=need.get_absolute_url(),
        phones=phones,
    )
