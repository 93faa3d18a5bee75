"""Quarterly evaluation reminders: open the quarter, remind before the deadline, report the overdue.

All three select by state, so a day the scheduler was down is caught up the next day, and the ledger
(evaluation, stage) makes each go out once however often the job runs.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from governance.lib.reminders import Reminder, ReminderRule, register_rule
from governance.lib.settings import declare_setting
from governance.portal.selectors import setting_value
from governance.staff import selectors  # noqa: F401  (registers the leader-in-charge resolver)
from governance.staff.choices import EvaluationStatus, StaffKind
from governance.staff.models import Evaluation, StaffMember
from governance.staff.services import evaluations_open_quarter, quarter_of
from governance.territory.choices import AreaLevel, Role
from governance.territory.models import Area
from governance.territory.selectors import users_with_role

REMIND_DAYS_BEFORE = declare_setting(
    "staff.evaluation_remind_days_before", 7, "季度考评截止前几天提醒考评人和被考评干部"
)

OPEN_RULE = "staff.evaluation_open"
DUE_RULE = "staff.evaluation_due_soon"
OVERDUE_RULE = "staff.evaluation_overdue"
EVALUATION_RULES = [OPEN_RULE, DUE_RULE, OVERDUE_RULE]


def _recipients(evaluation):
    users = list(evaluation.evaluators.all())
    if evaluation.cadre.user is not None:
        users.append(evaluation.cadre.user)
    return users


def _current_quarter(today):
    year, quarter = quarter_of(today)
    return (
        Evaluation.objects.filter(year=year, quarter=quarter)
        .select_related("cadre__user")
        .prefetch_related("evaluators")
    )


@register_rule
class EvaluationOpenRule(ReminderRule):
    """On (or after) a quarter's first day, create its evaluations and tell each evaluator and cadre."""

    key = OPEN_RULE

    def due(self, today):
        year, quarter = quarter_of(today)
        evaluations_open_quarter(year=year, quarter=quarter)
        for evaluation in _current_quarter(today):
            yield Reminder(
                obj=evaluation,
                stage="opened",
                recipients=_recipients(evaluation),
                title=_("Quarterly evaluation %(period)s of %(name)s is open, due %(deadline)s")
                % {
                    "period": evaluation.period,
                    "name": evaluation.cadre.name,
                    "deadline": evaluation.deadline,
                },
                url=evaluation.get_absolute_url(),
            )


@register_rule
class EvaluationDueSoonRule(ReminderRule):
    """N days before the deadline, remind evaluators and the cadre of evaluations still pending."""

    key = DUE_RULE

    def due(self, today):
        days = setting_value(REMIND_DAYS_BEFORE)
        for evaluation in _current_quarter(today).filter(
            status=EvaluationStatus.PENDING, deadline__gte=today
        ):
            if (evaluation.deadline - today).days > days:
                continue
            yield Reminder(
                obj=evaluation,
                stage="due_soon",
                recipients=_recipients(evaluation),
                title=_("Quarterly evaluation %(period)s of %(name)s is due on %(deadline)s")
                % {
                    "period": evaluation.period,
                    "name": evaluation.cadre.name,
                    "deadline": evaluation.deadline,
                },
                url=evaluation.get_absolute_url(),
            )


def leadership_users(area, today):
    """The street's leadership team with portal accounts, else the street administrators."""
    users = [
        s.user
        for s in StaffMember.objects.active_on(today)
        .filter(
            is_leadership=True, kind=StaffKind.CADRE, user__isnull=False, area__path__in=area.ancestor_paths()
        )
        .select_related("user")
    ]
    return users or list(users_with_role(Role.STREET_ADMIN, area))


@register_rule
class EvaluationOverdueRule(ReminderRule):
    """After the deadline, report each evaluation still pending to the street's leadership."""

    key = OVERDUE_RULE

    def due(self, today):
        streets = {}
        # The previous quarter too: its last days may have been missed while the scheduler was down.
        year, quarter = quarter_of(today)
        previous = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        evaluations = (
            Evaluation.objects.overdue(today)
            .filter(Q(year=year, quarter=quarter) | Q(year=previous[0], quarter=previous[1]))
            .select_related("area", "cadre")
            .order_by("id")
        )
        for evaluation in evaluations:
            area = evaluation.area
            street_path = area.path_at(AreaLevel.STREET)
            if street_path not in streets:
                streets[street_path] = leadership_users(Area.objects.get(path=street_path), today)
            yield Reminder(
                obj=evaluation,
                stage="overdue",
                recipients=streets[street_path],
                title=_("Overdue: quarterly evaluation %(period)s of %(name)s was due on %(deadline)s")
                % {
                    "period": evaluation.period,
                    "name": evaluation.cadre.name,
                    "deadline": evaluation.deadline,
                },
                url=evaluation.get_absolute_url(),
            )


RETURNED_RULE = "staff.evaluation_returned"


def evaluation_returned_reminder(evaluation, *, actor, event) -> Reminder | None:
    """A returned evaluation, for the cadre it is about and the evaluators who must redo it (not whoever
    returned it); once per return, since an evaluation can come back more than once."""
    recipients = [u for u in _recipients(evaluation) if u != actor]
    if not recipients:
        return None
    values = {"period": evaluation.period, "name": evaluation.cadre.name, "deadline": evaluation.deadline}
    return Reminder(
        obj=evaluation,
        stage=f"returned-{event.pk}",
        recipients=recipients,
        title=_("Quarterly evaluation %(period)s of %(name)s was returned to the evaluators") % values,
        body=event.note or _("Due %(deadline)s.") % values,
        url=evaluation.get_absolute_url(),
    )
