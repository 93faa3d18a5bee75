"""Writes for joint enforcement: raise a case, move it through its states, summon departments, record responses.

The status machine is one table (`CASE_WORKFLOW`) and one service (`case_move`); every other service that
changes a case's status goes through `case_move`, so every move is checked and leaves an event.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.enforcement.choices import CaseMove, CaseStatus, DropReason, SourceKind, Urgency
from governance.enforcement.limits import summons_deadlines
from governance.enforcement.models import (
    CaseCategory,
    CaseEvent,
    CasePhoto,
    DepartmentContact,
    EnforcementCase,
    EnforcementDepartment,
    Summons,
)
from governance.enforcement.reminders import SUMMONS_ISSUED, summons_issued_reminder
from governance.lib.saving import save_validated
from governance.lib.scope import check_in_scope
from governance.lib.uploads import validate_upload
from governance.lib.workflow import EventLog, Move, Workflow
from governance.portal.services import reminder_send
from governance.territory.choices import AreaLevel

S = CaseStatus


def _check_summoned(case, user, **_data) -> None:
    if not case.summonses.exists():
        raise ValidationError(_("Summon at least one department first."))


def _check_arrived(case, user, **_data) -> None:
    if not case.summonses.filter(arrived_at__isnull=False).exists():
        raise ValidationError(_("No summoned department has arrived yet."))


def _check_acted(case, user, **_data) -> None:
    waiting = [str(s.department) for s in case.summonses.select_related("department") if s.acted_at is None]
    if waiting:
        raise ValidationError(
            _("These departments have not acted yet: %(names)s.") % {"names": "、".join(waiting)}
        )


def _clean_send_back(case, *, note: str = "", **_data) -> None:
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what is still wrong when sending the case back.")})


def _closed_at(case, at, **_data) -> dict:
    return {"closed_at": max(at, case.raised_at)}


def _dropped(case, at, *, drop_reason: str = "", note: str = "", **_data) -> dict:
    return {"drop_reason": drop_reason, "drop_note": (note or "").strip(), **_closed_at(case, at)}


def _clean_drop(case, *, drop_reason: str = "", note: str = "", **_data) -> None:
    if drop_reason not in DropReason.values:
        raise ValidationError({"drop_reason": _("Choose why the case is dropped.")})
    if drop_reason == DropReason.OTHER and not (note or "").strip():
        raise ValidationError({"note": _("Explain the reason for dropping the case.")})


# The one table of moves. Summoning, arriving and acting follow from the summonses (not buttons); the
# community verifies or sends the work back, then closes; a case still open may be dropped with a reason.
CASE_WORKFLOW = Workflow(
    statuses=CaseStatus,
    record_arg="case",
    events=EventLog(CaseEvent, record="case", values={"kind": CaseEvent.Kind.MOVED}),
    illegal_message=gettext_lazy("A case that is “%(current)s” cannot become “%(target)s”."),
    moves=[
        Move(CaseMove.SUMMON, {S.RAISED}, S.SUMMONED, check=_check_summoned, offered=False),
        Move(CaseMove.ARRIVE, {S.SUMMONED}, S.ON_SITE, check=_check_arrived, offered=False),
        Move(CaseMove.ACT, {S.ON_SITE}, S.ACTED, check=_check_acted, offered=False),
        Move(CaseMove.VERIFY, {S.ACTED}, S.VERIFIED, tone="success"),
        Move(CaseMove.SEND_BACK, {S.ACTED}, S.ON_SITE, clean=_clean_send_back, tone="outline-warning"),
        Move(CaseMove.CLOSE, {S.VERIFIED}, S.CLOSED, changes=_closed_at, tone="success"),
        Move(
            CaseMove.DROP,
            {S.RAISED, S.SUMMONED, S.ON_SITE, S.ACTED},
            S.DROPPED,
            clean=_clean_drop,
            changes=_dropped,
            confirm=gettext_lazy("Drop the case? It cannot be reopened."),
            tone="outline-danger",
        ),
    ],
)
# status → the statuses it may go to (the API's `allowed_moves`, the tests' table).
TRANSITIONS = CASE_WORKFLOW.transitions()
SUMMONABLE = (S.RAISED, S.SUMMONED, S.ON_SITE)


def allowed_moves(case: EnforcementCase) -> tuple[str, ...]:
    return TRANSITIONS[case.status]


def _moment(at: datetime.datetime | None) -> datetime.datetime:
    now = timezone.now()
    if at is None:
        return now
    if at > now + datetime.timedelta(minutes=1):
        raise ValidationError({"at": _("The time lies in the future.")})
    return at


def _event(case, kind, *, actor, at, note="", summons=None, from_status="", to_status=""):
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        at=at,
        note=note,
        summons=summons,
        from_status=from_status,
        to_status=to_status,
    )


@transaction.atomic
def case_raise(
    *,
    user,
    area,
    category: CaseCategory,
    title: str,
    description: str,
    source_kind: str,
    source_ref: str = "",
    urgency: str = Urgency.NORMAL,
    photos: Iterable = (),
    at: datetime.datetime | None = None,
) -> EnforcementCase:
    """Raise a case at `area` (a community or below); other apps call this to escalate a need or a decision."""
    errors = {}
    if area.depth < AreaLevel.COMMUNITY:
        errors["area"] = _("A case happens in a community: choose a community, grid, building or stairwell.")
    else:
        try:
            check_in_scope(user, area)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not category.is_active:
        errors["category"] = _("This category is no longer used.")
    if source_kind not in SourceKind.values:
        errors["source_kind"] = _("Choose where the case came from.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose an urgency.")
    if not (title or "").strip():
        errors["title"] = _("Give the case a short title.")
    if not (description or "").strip():
        errors["description"] = _("Describe what is happening.")
    photos = list(photos or [])
    for i, upload in enumerate(photos):
        try:
            photos[i] = validate_upload(upload, kinds=("image",))
        except ValidationError as exc:
            errors.setdefault("photos", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    moment = _moment(at)
    case = EnforcementCase.objects.create(
        area=area,
        category=category,
        title=title.strip(),
        description=description.strip(),
        urgency=urgency,
        source_kind=source_kind,
        source_ref=(source_ref or "").strip(),
        raised_by=user,
        raised_at=moment,
    )
    _event(case, CaseEvent.Kind.MOVED, actor=user, at=moment, to_status=S.RAISED)
    for upload in photos:
        CasePhoto.objects.create(case=case, image=upload, uploaded_by=user)
    return case


@transaction.atomic
def case_photo_add(*, user, case: EnforcementCase, upload) -> CasePhoto:
    """Attach a checked photo to a case that is still open."""
    if not case.is_open:
        raise ValidationError(_("The case is finished; photos can no longer be added."))
    try:
        upload = validate_upload(upload, kinds=("image",))
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    photo = CasePhoto.objects.create(case=case, image=upload, uploaded_by=user)
    _event(case, CaseEvent.Kind.PHOTO, actor=user, at=timezone.now(), note=upload.name)
    return photo


def _lock(case: EnforcementCase) -> EnforcementCase:
    # Two people pressing buttons on the same case: the second sees the first one's status.
    locked = EnforcementCase.objects.select_for_update().get(pk=case.pk)
    case.status = locked.status
    return case


@CASE_WORKFLOW.service(target_arg="to_status")
@transaction.atomic
def case_move(
    *,
    user,
    case: EnforcementCase,
    to_status: str,
    note: str = "",
    drop_reason: str = "",
    at: datetime.datetime | None = None,
) -> EnforcementCase:
    """Apply one move of the status machine and record it; an illegal move is refused with a clear message."""
    if to_status not in S.values:
        raise ValidationError(_("Unknown status “%(status)s”.") % {"status": to_status})
    return CASE_WORKFLOW.apply(case, to_status, user=user, note=note, at=_moment(at), drop_reason=drop_reason)


@transaction.atomic
def case_summon(
    *,
    user,
    case: EnforcementCase,
    departments: Iterable[EnforcementDepartment],
    note: str = "",
    at: datetime.datetime | None = None,
) -> list[Summons]:
    """Blow the whistle: summon departments, each with deadlines to arrive and to act set by the urgency."""
    case = _lock(case)
    departments = list(departments)
    if case.status not in SUMMONABLE:
        raise ValidationError(
            _("Departments cannot be summoned to a case that is “%(status)s”.")
            % {"status": S(case.status).label}
        )
    if not departments:
        raise ValidationError({"departments": _("Choose at least one department.")})
    inactive = [d.name for d in departments if not d.is_active]
    if inactive:
        raise ValidationError(
            {"departments": _("No longer active: %(names)s.") % {"names": "、".join(inactive)}}
        )
    already = set(
        case.summonses.filter(department__in=departments).values_list("department__name", flat=True)
    )
    if already:
        raise ValidationError(
            {
                "departments": _("Already summoned to this case: %(names)s.")
                % {"names": "、".join(sorted(already))}
            }
        )
    moment = _moment(at)
    respond_by, act_by = summons_deadlines(case.urgency, moment)
    created = []
    for department in departments:
        summons = save_validated(
            Summons(
                case=case,
                department=department,
                summoned_at=moment,
                summoned_by=user,
                respond_by=respond_by,
                act_by=act_by,
            ),
            clean=False,
            conflict_message=_("This department has already been summoned to this case."),
        )
        _event(
            case, CaseEvent.Kind.SUMMONED, actor=user, at=moment, summons=summons, note=(note or "").strip()
        )
        # The department hears at once, not only when a deadline nears; once per summons (the ledger).
        reminder_send(rule_key=SUMMONS_ISSUED, reminder=summons_issued_reminder(summons, actor=user))
        created.append(summons)
    if CASE_WORKFLOW.allows(case, CaseMove.SUMMON):
        case_move(user=user, case=case, to_status=S.SUMMONED, at=moment)
    return created


def _check_step(summons: Summons, previous_at, label, moment):
    if not summons.case.is_open:
        raise ValidationError(_("The case is finished; responses can no longer be recorded."))
    if previous_at is not None and moment < previous_at:
        raise ValidationError({"at": _("The time lies before %(step)s.") % {"step": label}})


def _lock_summons(summons: Summons) -> Summons:
    return Summons.objects.select_for_update().select_related("case", "department").get(pk=summons.pk)


@transaction.atomic
def summons_acknowledge(
    *, user, summons: Summons, at: datetime.datetime | None = None, note: str = ""
) -> Summons:
    """The department says it has received the summons."""
    summons = _lock_summons(summons)
    if summons.acknowledged_at:
        raise ValidationError(
            _("%(department)s has already acknowledged.") % {"department": summons.department}
        )
    moment = _moment(at)
    _check_step(summons, summons.summoned_at, _("the summons"), moment)
    summons.acknowledged_at, summons.acknowledged_by = moment, user
    summons.save(update_fields=["acknowledged_at", "acknowledged_by"])
    _event(summons.case, CaseEvent.Kind.ACKNOWLEDGED, actor=user, at=moment, summons=summons, note=note)
    return summons


@transaction.atomic
def summons_arrive(*, user, summons: Summons, at: datetime.datetime | None = None, note: str = "") -> Summons:
    """The department reports on site (报到); its first arrival puts the case on site."""
    summons = _lock_summons(summons)
    if summons.arrived_at:
        raise ValidationError(_("%(department)s has already arrived.") % {"department": summons.department})
    moment = _moment(at)
    _check_step(summons, summons.acknowledged_at or summons.summoned_at, _("the acknowledgement"), moment)
    if summons.acknowledged_at is None:
        # Turning up is the clearest acknowledgement there is.
        summons.acknowledged_at, summons.acknowledged_by = moment, user
    summons.arrived_at, summons.arrived_by = moment, user
    summons.save(update_fields=["acknowledged_at", "acknowledged_by", "arrived_at", "arrived_by"])
    _event(summons.case, CaseEvent.Kind.ARRIVED, actor=user, at=moment, summons=summons, note=note)
    if CASE_WORKFLOW.allows(summons.case, CaseMove.ARRIVE):
        case_move(user=user, case=summons.case, to_status=S.ON_SITE, at=moment)
    return summons


@transaction.atomic
def summons_act(*, user, summons: Summons, note: str, at: datetime.datetime | None = None) -> Summons:
    """The department has done its part; when the last one has, the case becomes "acted"."""
    summons = _lock_summons(summons)
    if summons.acted_at:
        raise ValidationError(_("%(department)s has already acted.") % {"department": summons.department})
    if summons.arrived_at is None:
        raise ValidationError(
            _("Record %(department)s's arrival first.") % {"department": summons.department}
        )
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what the department did.")})
    moment = _moment(at)
    _check_step(summons, summons.arrived_at, _("the arrival"), moment)
    summons.acted_at, summons.acted_by, summons.action_note = moment, user, note.strip()
    summons.save(update_fields=["acted_at", "acted_by", "action_note"])
    _event(summons.case, CaseEvent.Kind.ACTED, actor=user, at=moment, summons=summons, note=note.strip())
    case = summons.case
    if CASE_WORKFLOW.allows(case, CaseMove.ACT) and not case.summonses.filter(acted_at__isnull=True).exists():
        case_move(user=user, case=case, to_status=S.ACTED, at=moment)
    return summons


SUMMONS_STEPS = {"acknowledge": summons_acknowledge, "arrive": summons_arrive, "act": summons_act}


@transaction.atomic
def department_save(
    *,
    department: EnforcementDepartment | None = None,
    area,
    name: str,
    duty_phone: str = "",
    note: str = "",
    is_active: bool = True,
) -> EnforcementDepartment:
    """Create or update a department's record."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the department's name.")})
    clash = EnforcementDepartment.objects.filter(name=name)
    if department is not None:
        clash = clash.exclude(pk=department.pk)
    if clash.exists():
        raise ValidationError({"name": _("A department with this name already exists.")})
    department = department or EnforcementDepartment()
    department.area, department.name, department.duty_phone = area, name, duty_phone
    department.note, department.is_active = note, is_active
    return save_validated(
        department, clean=False, conflict_message=_("A department with this name already exists.")
    )


@transaction.atomic
def department_contact_add(
    *, department: EnforcementDepartment, name: str, phone: str = "", email: str = "", user=None
) -> DepartmentContact:
    """Add someone to remind at a department (a portal user or an e-mail address)."""
    if not email and user is None:
        raise ValidationError(_("A contact needs a portal user or an e-mail address."))
    return DepartmentContact.objects.create(
        department=department, name=name, phone=phone, email=email, user=user
    )
