"""Reminders of joint enforcement: warn a department's contacts before a deadline, escalate when it passes.

Stages per summons: `arrive_soon` / `act_soon` (contacts, within `enforcement.remind_hours_before` of the
deadline) and `arrive_overdue` / `act_overdue` (the leader in charge of the category's line of work, plus the
contacts). Each (summons, stage) goes out once (the foundation's ledger); selection is by state, so a run
that was missed is caught up, and a "soon" warning whose deadline has already passed is not sent late.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.enforcement.choices import OPEN_STATUSES
from governance.enforcement.limits import REMIND_HOURS_BEFORE
from governance.enforcement.models import Summons
from governance.lib.reminders import Reminder, ReminderRule, register_rule
from governance.portal.models import ReminderLog
from governance.portal.selectors import setting_value
from governance.staff.selectors import leaders_in_charge

# stage: (deadline field, "done" field, escalate to the leader?)
STAGES = {
    "arrive_soon": ("respond_by", "arrived_at", False),
    "arrive_overdue": ("respond_by", "arrived_at", True),
    "act_soon": ("act_by", "acted_at", False),
    "act_overdue": ("act_by", "acted_at", True),
}


def reference_moment(today: datetime.date) -> datetime.datetime:
    """The moment a run for `today` judges deadlines by: now, or the end of `today` for a catch-up run."""
    now = timezone.now()
    end_of_day = datetime.datetime.combine(
        today + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    return min(now, end_of_day)


def summonses_due(stage: str, moment: datetime.datetime, lead: datetime.timedelta):
    deadline, done, overdue = STAGES[stage]
    sent = ReminderLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Summons), object_id=OuterRef("pk"), stage=stage
    )
    window = (
        Q(**{f"{deadline}__lt": moment})
        if overdue
        else Q(**{f"{deadline}__gte": moment, f"{deadline}__lte": moment + lead})
    )
    return (
        Summons.objects.filter(window, **{f"{done}__isnull": True}, case__status__in=OPEN_STATUSES)
        .filter(~Exists(sent))
        .select_related("case__category", "case__area", "department")
        .prefetch_related("department__contacts__user")
        .order_by("pk")
    )


@register_rule
class SummonsDeadlineRule(ReminderRule):
    key = "enforcement.summons_deadline"

    def due(self, today):
        moment = reference_moment(today)
        lead = datetime.timedelta(hours=setting_value(REMIND_HOURS_BEFORE))
        for stage in STAGES:
            deadline_field, _done, escalate = STAGES[stage]
            for summons in summonses_due(stage, moment, lead):
                case = summons.case
                contacts = list(summons.department.contacts.all())
                recipients = [c.user for c in contacts if c.user_id]
                if escalate:
                    recipients += leaders_in_charge(work_line=case.category.work_line, area=case.area)
                deadline = timezone.localtime(getattr(summons, deadline_field))
                values = {
                    "department": summons.department.name,
                    "case": case.pk,
                    "title": case.title,
                    "deadline": f"{deadline:%Y-%m-%d %H:%M}",
                }
                title = {
                    "arrive_soon": _("%(department)s: arrive on site for case #%(case)s by %(deadline)s"),
                    "arrive_overdue": _(
                        "Overdue: %(department)s has not arrived for case #%(case)s (due %(deadline)s)"
                    ),
                    "act_soon": _("%(department)s: act on case #%(case)s by %(deadline)s"),
                    "act_overdue": _(
                        "Overdue: %(department)s has not acted on case #%(case)s (due %(deadline)s)"
                    ),
                }[stage] % values
                body = _("Case #%(case)s %(title)s") % values
                url = case.get_absolute_url()
                # E-mail-only contacts are mailed by reminder_send, in the ledger's transaction: once.
                emails = [c.email for c in contacts if c.email and not c.user_id]
                yield Reminder(summons, stage, recipients, title, body, url, emails=emails)


SUMMONS_ISSUED = "enforcement.summons_issued"


def summons_issued_reminder(summons: Summons, *, actor) -> Reminder:
    """The whistle itself, for the summoned department's contacts (portal users on their own channels,
    e-mail-only contacts by e-mail), once per summons through the ledger the deadline reminders use."""
    case = summons.case
    contacts = list(summons.department.contacts.select_related("user"))
    values = {
        "department": summons.department.name,
        "case": case.pk,
        "title": case.title,
        "place": case.area.name,
        "arrive": f"{timezone.localtime(summons.respond_by):%Y-%m-%d %H:%M}",
        "act": f"{timezone.localtime(summons.act_by):%Y-%m-%d %H:%M}",
    }
    return Reminder(
        obj=summons,
        stage="summoned",
        recipients=[c.user for c in contacts if c.user_id and c.user != actor],
        title=_("%(department)s is summoned to case #%(case)s: arrive by %(arrive)s") % values,
        body=_("Case #%(case)s %(title)s, %(place)s. Act by %(act)s.") % values,
        url=case.get_absolute_url(),
        emails=[c.email for c in contacts if c.email and not c.user_id],
    )
