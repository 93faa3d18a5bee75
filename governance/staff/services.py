"""Writes for street staff: departments, staff records, portfolios, A/B posts, absences, evaluations."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib.saving import save_validated
from governance.lib.settings import declare_setting
from governance.lib.workflow import EventLog, Move, Workflow
from governance.portal.selectors import setting_value
from governance.portal.services import reminder_send
from governance.staff.choices import EvaluationMove, EvaluationStatus, Grade, StaffKind
from governance.staff.models import (
    Absence,
    Department,
    Evaluation,
    EvaluationEvent,
    FrontlineInspection,
    LeadershipPortfolio,
    Post,
    StaffMember,
)
from governance.territory.choices import AreaLevel, Role
from governance.territory.models import Area
from governance.territory.selectors import users_with_role

DEADLINE_DAYS_BEFORE_QUARTER_END = declare_setting(
    "staff.evaluation_deadline_days_before_quarter_end",
    10,
    "季度考评截止日：季度最后一天之前的天数",
)

STAFF_FIELDS = (
    "area",
    "department",
    "user",
    "name",
    "gender",
    "birth_date",
    "education",
    "political_status",
    "kind",
    "position",
    "is_leadership",
    "hired_on",
    "left_on",
    "leave_reason",
)


@transaction.atomic
def department_create(*, area: Area, name: str, description: str = "", leader=None) -> Department:
    """Add a department of the street office."""
    return save_validated(Department(area=area, name=name, description=description, leader=leader))


@transaction.atomic
def department_update(*, department: Department, **fields) -> Department:
    """Change a department's name, description or leader in charge."""
    for key in ("name", "description", "leader", "is_active"):
        if key in fields:
            setattr(department, key, fields[key])
    return save_validated(department)


def _check_staff(staff: StaffMember) -> None:
    errors = {}
    if staff.area_id and staff.area.depth not in (AreaLevel.STREET, AreaLevel.COMMUNITY):
        errors["area"] = _("Staff work for the street or for a community: choose one of those.")
    if staff.department_id and staff.area_id and not staff.area.path.startswith(staff.department.area.path):
        errors["department"] = _("The department belongs to another place.")
    if staff.left_on and not staff.leave_reason:
        errors["leave_reason"] = _("Give the reason for leaving.")
    if staff.leave_reason and not staff.left_on:
        errors["left_on"] = _("Give the leaving date.")
    if staff.is_leadership and staff.kind != StaffKind.CADRE:
        errors["is_leadership"] = _("Only street cadres sit on the leadership team.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def staff_create(**fields) -> StaffMember:
    """Add a staff record."""
    staff = StaffMember(**{k: v for k, v in fields.items() if k in STAFF_FIELDS})
    _check_staff(staff)
    return save_validated(staff)


@transaction.atomic
def staff_update(*, staff: StaffMember, **fields) -> StaffMember:
    """Change a staff record; the history keeps what it was before."""
    for key, value in fields.items():
        if key in STAFF_FIELDS:
            setattr(staff, key, value)
    _check_staff(staff)
    return save_validated(staff)


@transaction.atomic
def portfolio_assign(
    *, area: Area, work_line: str, leader: StaffMember, note: str = ""
) -> LeadershipPortfolio:
    """Make `leader` answer for `work_line` in `area` (a community or the whole street), replacing anyone before."""
    if not leader.is_leadership or leader.left_on:
        raise ValidationError(
            {"leader": _("Only a serving member of the leadership team can hold a portfolio.")}
        )
    if area.depth not in (AreaLevel.STREET, AreaLevel.COMMUNITY):
        raise ValidationError({"area": _("A portfolio covers the whole street or one community.")})
    portfolio = LeadershipPortfolio.objects.select_for_update().filter(area=area, work_line=work_line).first()
    if portfolio is None:
        portfolio = LeadershipPortfolio(area=area, work_line=work_line)
    portfolio.leader = leader
    portfolio.note = note
    return save_validated(portfolio)


def _check_post(post: Post) -> None:
    errors = {}
    if post.holder_b_id and post.holder_b_id == post.holder_a_id:
        errors["holder_b"] = _("The B holder must be a different person from the A holder.")
    for field in ("holder_a", "holder_b"):
        holder = getattr(post, field)
        if holder is not None and holder.left_on:
            errors[field] = _("%(name)s has left and cannot hold a post.") % {"name": holder.name}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def post_create(
    *, department: Department, name: str, holder_a: StaffMember, holder_b=None, work_line: str = ""
) -> Post:
    """Add an A/B post to a department."""
    post = Post(
        area=department.area,
        department=department,
        name=name,
        work_line=work_line,
        holder_a=holder_a,
        holder_b=holder_b,
    )
    _check_post(post)
    return save_validated(post)


@transaction.atomic
def post_update(*, post: Post, **fields) -> Post:
    """Change a post's name or holders."""
    for key in ("name", "work_line", "holder_a", "holder_b", "department"):
        if key in fields:
            setattr(post, key, fields[key])
    post.area = post.department.area
    _check_post(post)
    return save_validated(post)


@transaction.atomic
def absence_create(
    *, staff: StaffMember, kind: str, starts_on: datetime.date, ends_on: datetime.date, note: str = ""
) -> Absence:
    """Record that a staffer is away (both dates included)."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("An absence cannot end before it starts.")})
    overlapping = staff.absences.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists()
    if overlapping:
        raise ValidationError(_("%(name)s is already away on some of these days.") % {"name": staff.name})
    return save_validated(
        Absence(area=staff.area, staff=staff, kind=kind, starts_on=starts_on, ends_on=ends_on, note=note)
    )


# ------------------------------------------------------------------------------------------- evaluations


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    next_start = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return start, next_start - datetime.timedelta(days=1)


def quarter_deadline(year: int, quarter: int) -> datetime.date:
    _start, end = quarter_bounds(year, quarter)
    return end - datetime.timedelta(days=setting_value(DEADLINE_DAYS_BEFORE_QUARTER_END))


def default_evaluators(cadre: StaffMember) -> list:
    """The department's leader in charge evaluates its cadres; leaders and the rest go to the street administrators."""
    department = cadre.department
    if department and department.leader and department.leader.user and department.leader_id != cadre.pk:
        return [department.leader.user]
    street = cadre.area.ancestor_at(AreaLevel.STREET)
    return [u for u in users_with_role(Role.STREET_ADMIN, street) if u.pk != cadre.user_id]


@transaction.atomic
def evaluations_open_quarter(*, year: int, quarter: int, area: Area | None = None) -> list[Evaluation]:
    """Create the quarter's evaluation for every serving cadre that lacks one; returns only the new ones.

    Safe to run twice or concurrently: the (cadre, year, quarter) constraint lets each exist once.
    """
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("The quarter must be 1 to 4.")})
    start, _end = quarter_bounds(year, quarter)
    deadline = quarter_deadline(year, quarter)
    cadres = (
        StaffMember.objects.active_on(start)
        .filter(kind=StaffKind.CADRE)
        .select_related("area", "department__leader__user")
    )
    if area is not None:
        cadres = cadres.filter(area__path__startswith=area.path)
    have = set(Evaluation.objects.filter(year=year, quarter=quarter).values_list("cadre_id", flat=True))
    created = []
    for cadre in cadres:
        if cadre.pk in have:
            continue
        try:
            with transaction.atomic():
                evaluation = Evaluation.objects.create(
                    area=cadre.area, cadre=cadre, year=year, quarter=quarter, deadline=deadline
                )
        except IntegrityError:
            continue  # a concurrent run created it first
        evaluation.evaluators.set(default_evaluators(cadre))
        EvaluationEvent.objects.create(
            evaluation=evaluation, to_status=EvaluationStatus.PENDING, note="opened"
        )
        created.append(evaluation)
    return created


def _is_evaluator(evaluation: Evaluation, user) -> bool:
    return user.is_superuser or evaluation.evaluators.filter(pk=user.pk).exists()


@transaction.atomic
def evaluation_fill(
    *, evaluation: Evaluation, user, grade: str = "", comment: str = "", **scores
) -> Evaluation:
    """An evaluator saves scores, grade and comment on a pending evaluation (a draft until submitted)."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status != EvaluationStatus.PENDING:
        raise ValidationError(_("Only a pending evaluation can be changed."))
    if not _is_evaluator(evaluation, user):
        raise ValidationError(_("Only this evaluation's evaluators can score it."))
    errors = {}
    for field in Evaluation.SCORE_FIELDS:
        if field in scores:
            value = scores[field]
            if value is not None and not 0 <= value <= 100:
                errors[field] = _("Scores run from 0 to 100.")
            setattr(evaluation, field, value)
    if grade and grade not in Grade.values:
        errors["grade"] = _("Choose a grade from the list.")
    if errors:
        raise ValidationError(errors)
    evaluation.grade = grade
    evaluation.comment = comment
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_self_assess(*, evaluation: Evaluation, user, text: str) -> Evaluation:
    """The cadre writes their self-assessment while the evaluation is pending."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.cadre.user_id != user.pk:
        raise ValidationError(_("Only the cadre can write their own self-assessment."))
    if evaluation.status != EvaluationStatus.PENDING:
        raise ValidationError(_("Only a pending evaluation can be changed."))
    evaluation.self_assessment = text
    evaluation.save(update_fields=["self_assessment"])
    return evaluation


def _check_submit(evaluation: Evaluation, user, **_data) -> None:
    if not _is_evaluator(evaluation, user):
        raise ValidationError(_("Only this evaluation's evaluators can submit it."))
    missing = [
        str(Evaluation._meta.get_field(f).verbose_name)
        for f in Evaluation.SCORE_FIELDS
        if getattr(evaluation, f) is None
    ]
    if missing or not evaluation.grade:
        raise ValidationError(_("Give all five scores and a grade before submitting."))


def _check_confirm(evaluation: Evaluation, user, **_data) -> None:
    if evaluation.cadre.user_id == user.pk:
        raise ValidationError(_("Nobody confirms their own evaluation."))
    # Four eyes: whoever scored it does not also confirm it.
    if evaluation.evaluators.filter(pk=user.pk).exists():
        raise ValidationError(_("An evaluator cannot confirm the evaluation they scored."))


E = EvaluationStatus
# The one table of moves. An evaluator submits (named on the record, so no model permission); someone
# with the right to change evaluations, not the cadre and not an evaluator, confirms or returns it.
EVALUATION_WORKFLOW = Workflow(
    statuses=EvaluationStatus,
    record_arg="evaluation",
    events=EventLog(EvaluationEvent, record="evaluation", actor="by", at=None, note_length=200),
    illegal_message=gettext_lazy("An evaluation cannot go from “%(current)s” to “%(target)s”."),
    moves=[
        Move(EvaluationMove.SUBMIT, {E.PENDING}, E.SUBMITTED, check=_check_submit, permission=None),
        Move(EvaluationMove.CONFIRM, {E.SUBMITTED}, E.CONFIRMED, check=_check_confirm, tone="success"),
        Move(EvaluationMove.RETURN, {E.SUBMITTED}, E.PENDING, check=_check_confirm, tone="outline-secondary"),
    ],
)


def evaluation_allowed_moves(evaluation: Evaluation, user) -> list[str]:
    """The states this user may move the evaluation to now."""
    return [move.target for move in EVALUATION_WORKFLOW.allowed_moves(evaluation, user)]


@EVALUATION_WORKFLOW.service(target_arg="to_status")
@transaction.atomic
def evaluation_move(*, evaluation: Evaluation, to_status: str, user, note: str = "") -> Evaluation:
    """Apply one allowed move and record who made it and when; a return is told to the cadre and evaluators."""
    evaluation = EVALUATION_WORKFLOW.apply(evaluation, to_status, user=user, note=note)
    if to_status == EvaluationStatus.PENDING:  # the only move back to pending is the return
        # The reminders module imports this one (to open quarters): importing it at the top would be a cycle.
        from governance.staff.reminders import RETURNED_RULE, evaluation_returned_reminder

        event = evaluation.events.latest("pk")
        reminder = evaluation_returned_reminder(evaluation, actor=user, event=event)
        if reminder is not None:  # once per return, through the ledger the deadline reminders use
            reminder_send(rule_key=RETURNED_RULE, reminder=reminder)
    return evaluation


@transaction.atomic
def inspection_create(
    *, cadre: StaffMember, area: Area, inspector, inspected_on: datetime.date, findings: str
) -> FrontlineInspection:
    """Record a frontline inspection of a cadre's work."""
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": _("An inspection cannot be recorded for a future date.")})
    if not findings.strip():
        raise ValidationError({"findings": _("Write down what was seen.")})
    return save_validated(
        FrontlineInspection(
            cadre=cadre, area=area, inspector=inspector, inspected_on=inspected_on, findings=findings
        )
    )
