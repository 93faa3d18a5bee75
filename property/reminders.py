"""Reminders of the property office: rectifications and complaint answers that are due or overdue.

Each rule selects by state (still open, deadline passed, this stage not yet sent), so a day the job
did not run is caught up the next; the foundation's ledger sends each (item, stage) once.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from governance.lib.reminders import Reminder, ReminderRule, register_rule
from governance.lib.settings import declare_setting
from governance.models import ReminderLog
from governance.portal.selectors import setting_value
from governance.territory.choices import Role
from governance.territory.selectors import users_with_role
from property.models import Complaint, Finding
from property.selectors import area_label

FINDING_DUE_SOON_DAYS = declare_setting(
    "property.finding_due_soon_days", 2, "物业检查问题整改到期前几天提醒社区书记和街道干部"
)
FINDING_ESCALATE_DAYS = declare_setting(
    "property.finding_escalate_days", 7, "物业检查问题逾期几天后提醒街道管理员"
)
COMPLAINT_ESCALATE_DAYS = declare_setting(
    "property.complaint_escalate_days", 3, "物业投诉超过答复期限几天后提醒街道管理员"
)


def not_sent(queryset, stage: str):
    """Leave out the records whose reminder for `stage` already went out (one subquery, not one per row)."""
    sent = ReminderLog.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model), object_id=OuterRef("pk"), stage=stage
    )
    return queryset.filter(~Exists(sent))


def office_and_community(area):
    """The community's secretary and the street staff of the property office who answer for `area`."""
    return [*users_with_role(Role.COMMUNITY_SECRETARY, area), *users_with_role(Role.STREET_STAFF, area)]


@register_rule
class FindingRectificationRule(ReminderRule):
    """A finding's rectification deadline is near, has passed, or has long passed (escalated)."""

    key = "property.finding_rectification"

    def due(self, today: datetime.date):
        soon = today + datetime.timedelta(days=setting_value(FINDING_DUE_SOON_DAYS))
        escalate_before = today - datetime.timedelta(days=setting_value(FINDING_ESCALATE_DAYS))
        base = Finding.objects.open().select_related(
            "inspection__company", "inspection__area__parent__parent__parent"
        )
        stages = [
            ("due_soon", base.filter(deadline__gte=today, deadline__lte=soon)),
            ("overdue", base.filter(deadline__lt=today)),
            ("escalated", base.filter(deadline__lt=escalate_before)),
        ]
        for stage, queryset in stages:
            for finding in not_sent(queryset, stage):
                inspection = finding.inspection
                args = {
                    "company": inspection.company.name,
                    "area": area_label(inspection.area),
                    "deadline": finding.deadline.isoformat(),
                }
                if stage == "due_soon":
                    title = _("Rectification due %(deadline)s: %(company)s, %(area)s") % args
                    recipients = office_and_community(inspection.area)
                elif stage == "overdue":
                    title = _("Rectification overdue since %(deadline)s: %(company)s, %(area)s") % args
                    recipients = office_and_community(inspection.area)
                else:
                    title = _("Rectification still not done, due %(deadline)s: %(company)s, %(area)s") % args
                    recipients = users_with_role(Role.STREET_ADMIN, inspection.area)
                yield Reminder(
                    obj=finding,
                    stage=stage,
                    recipients=recipients,
                    title=title,
                    body=finding.description,
                    url=finding.get_absolute_url(),
                )


@register_rule
class ComplaintAnswerRule(ReminderRule):
    """A complaint was not answered by its deadline (overdue), and still not some days later (escalated)."""

    key = "property.complaint_answer"

    def due(self, today: datetime.date):
        escalate_before = today - datetime.timedelta(days=setting_value(COMPLAINT_ESCALATE_DAYS))
        base = Complaint.objects.overdue(today).select_related("company", "area__parent__parent__parent")
        stages = [("overdue", base), ("escalated", base.filter(response_due__lt=escalate_before))]
        for stage, queryset in stages:
            for complaint in not_sent(queryset, stage):
                args = {
                    "company": complaint.company.name,
                    "area": area_label(complaint.area),
                    "due": complaint.response_due.isoformat(),
                }
                if stage == "overdue":
                    title = _("Complaint not answered by %(due)s: %(company)s, %(area)s") % args
                    recipients = office_and_community(complaint.area)
                else:
                    title = _("Complaint still not answered, due %(due)s: %(company)s, %(area)s") % args
                    recipients = users_with_role(Role.STREET_ADMIN, complaint.area)
                yield Reminder(
                    obj=complaint,
                    stage=stage,
                    recipients=recipients,
                    title=title,
                    body=complaint.content,
                    url=complaint.get_absolute_url(),
                )
