"""Writes of the volunteers app: the needs workflow, the Service List, service records and the garden."""

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, DateField, F, Q
from django.db.models.functions import Substr, TruncMonth
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib.crypto import blind_index
from governance.lib.masking import PersonalKind
from governance.lib.saving import save_validated
from governance.lib.scope import area_in_scope, check_in_scope
from governance.lib.uploads import validate_upload
from governance.lib.validators import normalise_phone, validate_phone
from governance.lib.workflow import EventLog, Move, Workflow
from governance.portal.services import notifications_create, reminder_send, sms_queue
from governance.residents.models import Resident
from governance.territory.choices import AreaLevel, Role
from governance.territory.models import Area
from governance.territory.selectors import users_with_role
from partybuilding.models import PartyMember
from volunteers.choices import (
    VERDICT_RATINGS,
    Channel,
    NeedMove,
    NeedStatus,
    Outcome,
    RecordStatus,
    ResidentVerdict,
    Urgency,
)
from volunteers.models import (
    OPEN_STATUSES,
    Adoption,
    CareLog,
    Donation,
    Need,
    NeedDeadline,
    NeedEvent,
    NeedRollup,
    ResidentReport,
    ResidentReportPhoto,
    ServiceContact,
    ServiceItem,
    ServiceRecord,
    Volunteer,
    VolunteerTeam,
)
from volunteers.reminders import (
    NEED_ASSIGNED,
    NEED_SUBMITTED,
    need_assigned_reminder,
    need_submitted_reminder,
)
from volunteers.selectors import (
    INTAKE_PER_ADDRESS,
    INTAKE_PER_PHONE,
    INTAKE_WINDOW_HOURS,
    RATING_LINK_DAYS,
    intake_reports_from,
    likely_duplicate,
    setting_value,
)

S = NeedStatus


def _stamp(field: str):
    return lambda need, at, **_data: {field: at}


def _reopened(need, at, **_data) -> dict:
    # The old rating stays in the timeline; the need goes back to its assignee as if not yet done.
    return {"done_at": None, "closed_at": None, "rating": None, "rating_comment": "", "outcome": ""}


def _flagged_duplicate(need, user, **_data) -> None:
    if need.duplicate_of_id is None:
        raise ValidationError(_("This need is not flagged as a likely duplicate."))


def _merged(need, at, **_data) -> dict:
    reason = _("A duplicate of need No. %(pk)s; handled there.") % {"pk": need.duplicate_of_id}
    return {"responded_at": at, "decline_reason": reason}


# ------------------------------------------------------------------------------------------ the rollup

# What the rollup counts of a group of needs (the three rates' facts; selectors decide what is due).
_DECLINED = Q(status=S.DECLINED) | ~Q(decline_reason="")
ROLLUP_COUNTS = {
    "total": Count("id"),
    "responded": Count("id", filter=Q(responded_at__isnull=False)),
    "responded_in_time": Count("id", filter=Q(responded_at__lte=F("respond_by"))),
    "declined": Count("id", filter=_DECLINED),
    "done": Count("id", filter=Q(done_at__isnull=False) & ~_DECLINED),
    "rated": Count("id", filter=Q(first_rating__isnull=False)),
    "satisfied": Count("id", filter=Q(first_rating__gte=4)),
}


def rollup_place_path(area_path: str) -> str:
    """The path of a need's rollup place: its grid, or its own place when it lies above the grids."""
    return area_path[: Area.path_length(AreaLevel.GRID)]


def _month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    start = timezone.make_aware(datetime.datetime.combine(month, datetime.time()))
    return start, timezone.make_aware(datetime.datetime.combine(following, datetime.time()))


def need_rollup_refresh(*, need: Need) -> None:
    """Recount the rollup row of `need`'s grid, category and month (inside the move's transaction)."""
    place = Area.objects.get(path=rollup_place_path(need.area.path))
    month = timezone.localtime(need.submitted_at).date().replace(day=1)
    key = {"area": place, "category_id": need.category_id, "month": month}
    # Lock the row first, so that two moves in one group count one after the other, each seeing the other.
    NeedRollup.objects.bulk_create([NeedRollup(**key)], ignore_conflicts=True)
    row = NeedRollup.objects.select_for_update().get(**key)
    start, end = _month_bounds(month)
    group = Need.objects.filter(category_id=need.category_id, submitted_at__gte=start, submitted_at__lt=end)
    if place.depth == AreaLevel.GRID:
        group = group.filter(area__path__startswith=place.path)
    else:
        group = group.filter(area=place)
    counts = group.aggregate(**ROLLUP_COUNTS)
    if not counts["total"]:
        row.delete()
        return
    for name, value in counts.items():
        setattr(row, name, value)
    row.save()


@transaction.atomic
def need_rollup_rebuild(*, within: Area | None = None) -> int:
    """Recount the rollup rows of the needs `within` a place (all without one) from the needs, after a bulk
    load or a repair; returns the rows written."""
    needs, rollups = Need.objects.all(), NeedRollup.objects.all()
    if within is not None:
        needs = needs.filter(area__path__startswith=within.path)
        rollups = rollups.filter(area__path__startswith=within.path)
    rollups.delete()
    grid_length = Area.path_length(AreaLevel.GRID)
    groups = (
        needs.annotate(
            place_path=Substr("area__path", 1, grid_length),
            month=TruncMonth("submitted_at", output_field=DateField()),
        )
        .values("place_path", "category_id", "month")
        .annotate(**ROLLUP_COUNTS)
        .order_by()
    )
    groups = list(groups)
    places = dict(Area.objects.filter(path__in={g["place_path"] for g in groups}).values_list("path", "pk"))
    rows = [
        NeedRollup(
            area_id=places[g.pop("place_path")], category_id=g.pop("category_id"), month=g.pop("month"), **g
        )
        for g in groups
    ]
    NeedRollup.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@dataclass(frozen=True)
class NeedEventLog(EventLog):
    """The needs' event log: records the move, then recounts the need's rollup row."""

    def __call__(self, obj, **kwargs):
        event = super().__call__(obj, **kwargs)
        need_rollup_refresh(need=obj)
        return event


# The needs workflow: every step of 接-派-办-评 is one move; a quality check keeps the status.
NEED_WORKFLOW = Workflow(
    statuses=NeedStatus,
    record_arg="need",
    events=NeedEventLog(NeedEvent, record="need", move="move"),
    illegal_message=gettext_lazy("A need that is “%(current)s” cannot be given the step “%(move)s”."),
    moves=[
        Move(NeedMove.ACCEPT, {S.SUBMITTED}, S.ACCEPTED, changes=_stamp("responded_at")),
        Move(
            NeedMove.DECLINE,
            {S.SUBMITTED},
            S.DECLINED,
            changes=_stamp("responded_at"),
            confirm=gettext_lazy(
                "Decline this need? The resident is told the reason and the need leaves the worklist."
            ),
            tone="outline-danger",
        ),
        Move(NeedMove.ASSIGN, {S.ACCEPTED, S.ASSIGNED}, S.ASSIGNED, tone="outline-primary"),
        Move(NeedMove.COMPLETE, {S.ASSIGNED}, S.DONE, changes=_stamp("done_at"), tone="success"),
        Move(NeedMove.RATE, {S.DONE}, S.RATED),
        Move(
            NeedMove.CLOSE,
            {S.DONE, S.RATED, S.DECLINED},
            S.CLOSED,
            changes=_stamp("closed_at"),
            confirm=gettext_lazy("Close this need? The follow-up call falls due the next day."),
            tone="outline-success",
        ),
        Move(
            NeedMove.REOPEN,
            {S.DONE, S.RATED, S.CLOSED},
            S.ASSIGNED,
            changes=_reopened,
            tone="outline-warning",
        ),
        Move(NeedMove.QUALITY_CHECK, {S.DONE, S.RATED, S.CLOSED}, None, tone="outline-secondary"),
        # A likely duplicate flagged at intake: merged into the earlier need (answered as declined, with the
        # earlier need named), or kept as a need of its own.
        Move(
            NeedMove.MERGE,
            {S.SUBMITTED},
            S.DECLINED,
            check=_flagged_duplicate,
            changes=_merged,
            confirm=gettext_lazy("Merge this need into the earlier one? It is answered as a duplicate."),
            tone="outline-danger",
        ),
        Move(
            NeedMove.KEEP_BOTH,
            set(OPEN_STATUSES),
            None,
            check=_flagged_duplicate,
            changes=lambda need, at, **_data: {"duplicate_of": None},
            tone="outline-secondary",
        ),
    ],
)


def allowed_moves(need: Need) -> list[str]:
    """The moves the workflow allows from the need's current status, in table order."""
    return [move.name for move in NEED_WORKFLOW.allowed_moves(need)]


def deadlines_for(
    urgency: str, submitted_at: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    """Response and resolution deadlines from the admin-editable table."""
    try:
        limits = NeedDeadline.objects.get(urgency=urgency)
    except NeedDeadline.DoesNotExist:
        raise ValidationError(
            {"urgency": _("No deadline is set for this urgency; ask an administrator.")}
        ) from None
    return (
        submitted_at + datetime.timedelta(hours=limits.respond_hours),
        submitted_at + datetime.timedelta(hours=limits.resolve_hours),
    )


@transaction.atomic
def need_create(
    *,
    user,
    area,
    category,
    requester_name: str,
    description: str,
    urgency: str,
    channel: str,
    requester_phone: str = "",
    resident=None,
    submitted_at: datetime.datetime | None = None,
) -> Need:
    """Record a resident's need; its deadlines follow from its urgency."""
    check_in_scope(user, area)
    return _need_record(
        user=user,
        area=area,
        category=category,
        requester_name=requester_name,
        description=description,
        urgency=urgency,
        channel=channel,
        requester_phone=requester_phone,
        resident=resident,
        submitted_at=submitted_at,
    )


def _need_record(
    *,
    user,
    area,
    category,
    requester_name: str,
    description: str,
    urgency: str,
    channel: str,
    requester_phone: str = "",
    resident=None,
    submitted_at: datetime.datetime | None = None,
    duplicate_of: Need | None = None,
) -> Need:
    """The need, its first event, its rollup row and the secretary's notice (the caller checked the scope)."""
    if not requester_name.strip():
        raise ValidationError({"requester_name": _("Say who is asking.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe what is needed.")})
    submitted_at = submitted_at or timezone.now()
    respond_by, resolve_by = deadlines_for(urgency, submitted_at)
    need = Need.objects.create(
        area=area,
        resident=resident,
        requester_name=requester_name.strip(),
        requester_phone=requester_phone.strip(),
        category=category,
        description=description.strip(),
        urgency=urgency,
        channel=channel,
        submitted_at=submitted_at,
        respond_by=respond_by,
        resolve_by=resolve_by,
        created_by=user,
        duplicate_of=duplicate_of,
    )
    NeedEvent.objects.create(
        need=need, move=NeedMove.SUBMIT, from_status="", to_status=S.SUBMITTED, actor=user, at=submitted_at
    )
    need_rollup_refresh(need=need)
    reminder = need_submitted_reminder(need, actor=user)
    if reminder is not None:  # once per need, through the ledger the deadline reminders use
        reminder_send(rule_key=NEED_SUBMITTED, reminder=reminder)
    return need


@NEED_WORKFLOW.service(NeedMove.ACCEPT)
@transaction.atomic
def need_accept(*, need: Need, user, note: str = "", at=None) -> Need:
    """Answer a submitted need: it will be served."""
    return NEED_WORKFLOW.apply(need, NeedMove.ACCEPT, user=user, note=note, at=at)


@NEED_WORKFLOW.service(NeedMove.DECLINE)
@transaction.atomic
def need_decline(*, need: Need, user, reason: str, at=None) -> Need:
    """Answer a submitted need with a refusal and its reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    return NEED_WORKFLOW.apply(
        need, NeedMove.DECLINE, user=user, note=reason, at=at, changes={"decline_reason": reason.strip()}
    )


def _check_assignee(user, need: Need, obj) -> None:
    """An assignee serves the need's place (a street-wide item serves every community) or is in the user's scope."""
    places = need.area.ancestor_paths()
    if area_in_scope(user, obj.area) or obj.area.path in places:
        return
    if isinstance(obj, ServiceItem) and obj.areas_served.filter(path__in=places).exists():
        return
    raise ValidationError(_("“%(name)s” does not serve this place.") % {"name": obj})


@NEED_WORKFLOW.service(NeedMove.ASSIGN)
@transaction.atomic
def need_assign(
    *, need: Need, user, item=None, team=None, volunteer=None, department: str = "", at=None
) -> Need:
    """Hand an accepted need to a service item, team, volunteer or department."""
    if not (item or team or volunteer or department.strip()):
        raise ValidationError(_("Choose a service item, team, volunteer or department to assign."))
    for obj in (item, team, volunteer):
        if obj is not None:
            _check_assignee(user, need, obj)
    if team is None and item is not None and item.team_id:
        team = item.team
    if team is None and volunteer is not None and volunteer.team_id:
        team = volunteer.team
    note = "、".join(str(x) for x in (item, team, volunteer, department.strip()) if x)
    assignee = {
        "assigned_item": item,
        "assigned_team": team,
        "assigned_volunteer": volunteer,
        "assigned_department": department.strip(),
    }
    need = NEED_WORKFLOW.apply(need, NeedMove.ASSIGN, user=user, note=note, at=at, changes=assignee)
    event_id = need.events.filter(move=NeedMove.ASSIGN).latest("pk").pk
    reminder = need_assigned_reminder(need, actor=user, event_id=event_id)
    if reminder is not None:  # once per assignment, through the ledger the deadline reminders use
        reminder_send(rule_key=NEED_ASSIGNED, reminder=reminder)
    return need


@NEED_WORKFLOW.service(NeedMove.COMPLETE)
@transaction.atomic
def need_complete(
    *,
    need: Need,
    user,
    outcome: str = Outcome.SOLVED,
    note: str = "",
    public_answer: str | None = None,
    at=None,
) -> Need:
    """Mark the work done, fully or partly solved."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose whether the need was solved or partly solved.")})
    changes = {"outcome": outcome}
    if public_answer is not None:
        changes["public_answer"] = public_answer.strip()
    need = NEED_WORKFLOW.apply(need, NeedMove.COMPLETE, user=user, note=note, at=at, changes=changes)
    if need.channel == Channel.RESIDENT and need.requester_phone:
        _rating_link_send(need)  # the resident rates it himself, through a signed link
    return need


@NEED_WORKFLOW.service(NeedMove.RATE)
@transaction.atomic
def need_rate(*, need: Need, user, rating: int, comment: str = "", at=None) -> Need:
    """Record the resident's rating (1–5) and comment."""
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError({"rating": _("A rating is from 1 to 5.")})

    def changes(locked, _at):
        # A reopened need keeps its first rating: that verdict is what the satisfaction rate counts.
        first = locked.first_rating if locked.first_rating is not None else rating
        return {"rating": rating, "rating_comment": comment.strip(), "first_rating": first}

    return NEED_WORKFLOW.apply(need, NeedMove.RATE, user=user, note=comment, at=at, changes=changes)


@NEED_WORKFLOW.service(NeedMove.CLOSE)
@transaction.atomic
def need_close(*, need: Need, user, note: str = "", at=None) -> Need:
    """Close a need that was done (rated or not) or declined."""
    return NEED_WORKFLOW.apply(need, NeedMove.CLOSE, user=user, note=note, at=at)


@NEED_WORKFLOW.service(NeedMove.REOPEN)
@transaction.atomic
def need_reopen(*, need: Need, user, reason: str, at=None) -> Need:
    """The resident disagrees: the need goes back to its assignee; the old rating is kept in the timeline."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the resident reopens the need.")})
    return NEED_WORKFLOW.apply(need, NeedMove.REOPEN, user=user, note=reason, at=at)


@NEED_WORKFLOW.service(NeedMove.QUALITY_CHECK)
@transaction.atomic
def need_quality_check(*, need: Need, user, score: int, note: str = "", at=None) -> Need:
    """Staff's own check of the work, beside the resident's rating."""
    if score not in (1, 2, 3, 4, 5):
        raise ValidationError({"score": _("A quality score is from 1 to 5.")})
    changes = {"quality_score": score, "quality_note": note.strip()}
    return NEED_WORKFLOW.apply(need, NeedMove.QUALITY_CHECK, user=user, note=note, at=at, changes=changes)


@NEED_WORKFLOW.service(NeedMove.MERGE)
@transaction.atomic
def need_merge(*, need: Need, user, note: str = "", at=None) -> Need:
    """A flagged duplicate is handled with the earlier need: answered as declined, naming that need."""
    return NEED_WORKFLOW.apply(need, NeedMove.MERGE, user=user, note=note, at=at)


@NEED_WORKFLOW.service(NeedMove.KEEP_BOTH)
@transaction.atomic
def need_keep_both(*, need: Need, user, note: str = "", at=None) -> Need:
    """The secretary finds the flagged need is not a duplicate: it stays a need of its own, unflagged."""
    return NEED_WORKFLOW.apply(need, NeedMove.KEEP_BOTH, user=user, note=note, at=at)


# ------------------------------------------------------------------------------------------ service records


@transaction.atomic
def servicerecord_report(
    *,
    user,
    volunteer,
    served_on: datetime.date,
    hours: Decimal,
    served_name: str,
    area=None,
    service_item=None,
    need=None,
    check_in=None,
    note: str = "",
) -> ServiceRecord:
    """A volunteer's (or staff's) report of one act of service; it counts once staff confirm it."""
    area = area or (need.area if need else volunteer.area)
    check_in_scope(user, area)
    if hours is None or hours <= 0 or hours > 24:
        raise ValidationError({"hours": _("Hours are more than 0 and at most 24.")})
    if served_on > timezone.localdate():
        raise ValidationError({"served_on": _("A service cannot be reported before it happens.")})
    if not served_name.strip():
        raise ValidationError({"served_name": _("Say whom the volunteer served.")})
    return ServiceRecord.objects.create(
        area=area,
        volunteer=volunteer,
        team=volunteer.team,
        service_item=service_item,
        need=need,
        check_in=check_in,
        served_name=served_name.strip(),
        served_on=served_on,
        hours=hours,
        reported_by=user,
        note=note.strip(),
    )


def _record_decide(*, record: ServiceRecord, user, status: str) -> ServiceRecord:
    updated = ServiceRecord.objects.filter(pk=record.pk, status=RecordStatus.REPORTED).update(
        status=status, confirmed_by=user, confirmed_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("This record was already confirmed or rejected."))
    record.refresh_from_db()
    return record


@transaction.atomic
def servicerecord_confirm(*, record: ServiceRecord, user) -> ServiceRecord:
    """Staff confirm reported hours: from now on they count."""
    if record.reported_by_id == user.pk and not user.is_superuser:
        raise ValidationError(_("Someone other than the reporter confirms the hours."))
    return _record_decide(record=record, user=user, status=RecordStatus.CONFIRMED)


@transaction.atomic
def servicerecord_reject(*, record: ServiceRecord, user) -> ServiceRecord:
    """Staff reject reported hours; they never count."""
    return _record_decide(record=record, user=user, status=RecordStatus.REJECTED)


# ------------------------------------------------------------------------------------------------ garden


@transaction.atomic
def donation_record(
    *,
    user,
    project,
    donor_name: str,
    kind: str,
    received_on: datetime.date,
    amount: Decimal | None = None,
    goods: str = "",
    hours: Decimal | None = None,
    resident_unit=None,
) -> Donation:
    """Record a donation of money, goods or labour to a garden."""
    check_in_scope(user, project.area)
    donation = Donation(
        project=project,
        donor_name=donor_name.strip(),
        kind=kind,
        amount=amount,
        goods=goods.strip(),
        hours=hours,
        received_on=received_on,
        resident_unit=resident_unit,
    )
    save_validated(donation)
    return donation


@transaction.atomic
def adoption_create(
    *, user, plot, adopter_name: str, starts_on, ends_on, duties: str = "", resident=None
) -> Adoption:
    """Sign an adoption agreement for a plot; periods of one plot may not overlap."""
    check_in_scope(user, plot.project.area)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("An adoption cannot end before it starts.")})
    if Adoption.objects.filter(plot=plot, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise ValidationError(_("This plot is already adopted for part of that period."))
    return Adoption.objects.create(
        plot=plot,
        adopter_name=adopter_name.strip(),
        resident=resident,
        starts_on=starts_on,
        ends_on=ends_on,
        duties=duties.strip(),
    )


@transaction.atomic
def carelog_record(*, user, adoption: Adoption, cared_on: datetime.date, note: str = "") -> CareLog:
    """Log a day of care for an adopted plot."""
    check_in_scope(user, adoption.plot.project.area)
    if not (adoption.starts_on <= cared_on <= adoption.ends_on):
        raise ValidationError({"cared_on": _("The day lies outside the adoption period.")})
    if cared_on > timezone.localdate():
        raise ValidationError({"cared_on": _("Care cannot be logged for a day that has not come yet.")})
    return CareLog.objects.create(adoption=adoption, cared_on=cared_on, note=note.strip())


# ---------------------------------------------------------------------------------------- teams and volunteers


@transaction.atomic
def team_create(*, user, area, name: str, description: str = "") -> VolunteerTeam:
    """Found a volunteer team in an area of the user's scope."""
    check_in_scope(user, area)
    team = VolunteerTeam(area=area, name=name.strip(), description=description.strip())
    save_validated(team)
    return team


@transaction.atomic
def volunteer_create(
    *,
    user,
    area,
    name: str,
    team=None,
    resident=None,
    party_member=None,
    phone: str = "",
    skills=(),
    availability: str = "",
    max_open_needs: int = 3,
) -> Volunteer:
    """Register a volunteer (a resident or a checked-in party member) with skills and availability."""
    check_in_scope(user, area)
    if team is not None and not area.path.startswith(team.area.path):
        raise ValidationError({"team": _("The volunteer lives outside the team's area.")})
    volunteer = Volunteer(
        area=area,
        name=name.strip(),
        team=team,
        resident=resident,
        party_member=party_member,
        phone=phone.strip(),
        availability=availability.strip(),
        max_open_needs=max_open_needs,
    )
    save_validated(volunteer)
    volunteer.skills.set(skills)
    return volunteer


@transaction.atomic
def volunteer_link_party_member(*, user, volunteer: Volunteer, party_member) -> Volunteer:
    """Say which party member a volunteer is (or none), so their confirmed service counts in the check-in
    feedback report sent back to the member's organisation."""
    check_in_scope(user, volunteer.area)
    if (
        party_member is not None
        and not PartyMember.objects.visible_to(user).filter(pk=party_member.pk).exists()
    ):
        raise ValidationError({"party_member": _("This party member is outside the area you answer for.")})
    volunteer.party_member = party_member
    save_validated(volunteer)
    return volunteer


@transaction.atomic
def volunteer_update(*, user, volunteer: Volunteer, skills=None, **fields) -> Volunteer:
    """Correct a volunteer's team, phone, availability or skills; the place stays within the user's scope."""
    check_in_scope(user, volunteer.area)
    for key in ("name", "team", "phone", "availability", "max_open_needs"):
        if key in fields:
            value = fields[key]
            setattr(volunteer, key, value.strip() if isinstance(value, str) else value)
    if volunteer.team is not None and not volunteer.area.path.startswith(volunteer.team.area.path):
        raise ValidationError({"team": _("The volunteer lives outside the team's area.")})
    save_validated(volunteer)
    if skills is not None:
        volunteer.skills.set(skills)
    return volunteer


# ------------------------------------------------------------------------------------------ service list


@transaction.atomic
def serviceitem_save(*, user, item: ServiceItem, areas_served=None) -> ServiceItem:
    """Add or change an entry of the Service List, owned by an area in the user's scope."""
    check_in_scope(user, item.area)
    street = item.area.path_at(AreaLevel.STREET)  # an item may serve any place of its own street
    for served in areas_served or ():
        if not served.path.startswith(street):
            raise ValidationError({"areas_served": _("A service item serves places of its own street.")})
    save_validated(item, exclude=["areas_served"])
    if areas_served is not None:
        item.areas_served.set(areas_served)
    return item


@transaction.atomic
def servicecontact_save(*, user, contact: ServiceContact) -> ServiceContact:
    """Add or change a contact published for residents, for a community or grid in the user's scope."""
    check_in_scope(user, contact.area)
    if contact.area.depth not in (AreaLevel.COMMUNITY, AreaLevel.GRID):
        raise ValidationError({"area": _("A published contact belongs to a community or a grid.")})
    contact.phone = contact.phone.strip()
    save_validated(contact)
    return contact


@transaction.atomic
def need_escalate(*, need: Need, user, category, urgency: str | None = None):
    """Turn a need that several departments must act on into a joint-enforcement case, once."""
    from governance.enforcement.choices import SourceKind, Urgency
    from governance.enforcement.services import case_raise

    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.case_id is not None:
        raise ValidationError(_("This need was already escalated to a case."))
    if need.status in (NeedStatus.DECLINED, NeedStatus.CLOSED):
        raise ValidationError(_("A declined or closed need cannot be escalated."))
    case = case_raise(
        user=user,
        area=need.area,
        category=category,
        title=need.description.strip().splitlines()[0][:80],
        description=need.description,
        source_kind=SourceKind.NEED,
        source_ref=str(need.pk),
        urgency=urgency or Urgency.NORMAL,
    )
    need.case = case
    need.save(update_fields=["case"])
    return case


# ------------------------------------------------------------------------------- the residents' own channel

RESIDENT_CHANNEL_USERNAME = "resident-channel"
MAX_PHOTOS = 3
PHOTO_MAX_BYTES = 5 * 1024 * 1024
CODE_VALID = datetime.timedelta(minutes=10)
MAX_WRONG_CODES = 5
MAX_CODE_SENDS = 3
RATING_SALT = "volunteers.need-rating"


def residents_channel_user():
    """The account residents' own reports and ratings are recorded by: inactive, so nobody logs in as it,
    and reminders (which go to active users only) never reach it."""
    user, _created = get_user_model().objects.get_or_create(
        username=RESIDENT_CHANNEL_USERNAME, defaults={"first_name": "居民自助", "is_active": False}
    )
    return user


def _address_index(client_address: str | None) -> str:
    """The keyed hash the limits count an address by (the address itself is never stored)."""
    return blind_index("address", client_address or "") or ""


def _lock_intake(*keys: str) -> None:
    """Serialise reports from one address or phone, so two at once cannot both slip under a limit."""
    if connection.vendor != "postgresql":
        return  # SQLite writes one transaction at a time anyway
    with connection.cursor() as cursor:
        for key in sorted(k for k in keys if k):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(key[:15], 16)])


def clean_mobile(phone: str) -> str:
    """The mobile number in its stored form, or a ValidationError on `requester_phone` (SMS needs a mobile)."""
    normal = normalise_phone(phone or "")
    if not (len(normal) == 11 and normal.isdigit() and normal.startswith("1")):
        raise ValidationError(
            {"requester_phone": _("Enter your mobile number: the confirmation code comes by SMS.")}
        )
    try:
        validate_phone(normal)
    except ValidationError as exc:
        raise ValidationError({"requester_phone": exc.messages}) from exc
    return normal


def intake_check_limits(*, client_address: str | None, phone: str = "", now=None) -> None:
    """Refuse a report beyond the limits per address and per phone within the window (a Chinese message)."""
    address_index = _address_index(client_address)
    if address_index and intake_reports_from(address_index=address_index, now=now) >= setting_value(
        INTAKE_PER_ADDRESS
    ):
        raise ValidationError(
            _("Too many reports from this network today. Please try again tomorrow or call the community."),
            code="limit",
        )
    phone_index = blind_index(PersonalKind.PHONE, phone) if phone else None
    if phone_index and intake_reports_from(phone_index=phone_index, now=now) >= setting_value(
        INTAKE_PER_PHONE
    ):
        raise ValidationError(
            _(
                "Too many reports from this phone number today. Please try again tomorrow or call the community."
            ),
            code="limit",
        )


@transaction.atomic
def submit_public_need(
    *,
    community: Area,
    area: Area,
    category,
    requester_name: str,
    requester_phone: str,
    description: str,
    photos: Sequence = (),
    client_address: str | None = None,
    phone_confirmed: bool = False,
    now: datetime.datetime | None = None,
) -> ResidentReport:
    """A resident's own report of a need, without an account: checked, counted against the abuse limits, kept.

    `area` is the place picked from the community's tree (the community itself, a grid, building or
    stairwell); `photos` are uploads, each checked by content and re-encoded (governance.lib.uploads).
    With `phone_confirmed=False` (the web intake) an SMS code goes to the phone and the need is recorded when
    `resident_report_confirm` gets it back; a caller that confirmed the phone its own way passes True and
    the need is recorded at once. The limits count every report, confirmed or not. Raises ValidationError
    (per field, or with code "limit") and then saves nothing.
    """
    now = now or timezone.now()
    errors: dict[str, list] = {}
    if community.depth != AreaLevel.COMMUNITY:
        raise ValidationError(_("Reports are made to a community."))
    if area.depth < AreaLevel.COMMUNITY or not community.contains(area):
        errors["area"] = [_("Choose a place in this community.")]
    name = (requester_name or "").strip()
    if not name:
        errors["requester_name"] = [_("Say who is asking.")]
    elif len(name) > 50:
        errors["requester_name"] = [_("A name is at most 50 characters.")]
    text = (description or "").strip()
    if not text:
        errors["description"] = [_("Describe what is needed.")]
    elif len(text) > 2000:
        errors["description"] = [_("Please keep the description under 2000 characters.")]
    if category is None or not category.is_active:
        errors["category"] = [_("Choose a category.")]
    phone = ""
    try:
        phone = clean_mobile(requester_phone)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    photos = [p for p in photos if p]
    checked = []
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = [_("At most %(n)d photos.") % {"n": MAX_PHOTOS}]
    else:
        for upload in photos:
            try:
                checked.append(validate_upload(upload, kinds=("image",), max_bytes=PHOTO_MAX_BYTES))
            except ValidationError as exc:
                errors.setdefault("photos", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    address_index = _address_index(client_address)
    _lock_intake(address_index, blind_index(PersonalKind.PHONE, phone) or "")
    intake_check_limits(client_address=client_address, phone=phone, now=now)
    report = ResidentReport.objects.create(
        community=community,
        area=area,
        category=category,
        requester_name=name,
        requester_phone=phone,
        description=text,
        address_index=address_index,
        created_at=now,
    )
    for upload in checked:
        ResidentReportPhoto.objects.create(report=report, image=upload)
    if phone_confirmed:
        _report_record_need(report, now=now)
    else:
        _report_send_code(report, now=now)
    return report


def _code_hash(report: ResidentReport, code: str) -> str:
    return salted_hmac("volunteers.intake-code", f"{report.pk}:{code}").hexdigest()


def _report_send_code(report: ResidentReport, *, now) -> None:
    code = f"{secrets.randbelow(1_000_000):06d}"
    report.code_hash = _code_hash(report, code)
    report.code_expires_at = now + CODE_VALID
    report.code_attempts = 0
    report.code_sends += 1
    report.save(update_fields=["code_hash", "code_expires_at", "code_attempts", "code_sends"])
    with translation.override(settings.LANGUAGE_CODE):  # residents read Chinese, whoever asked
        sms_queue(
            phones=[report.requester_phone],
            subject=_("Confirmation code for a resident's report"),
            body=_(
                "%(community)s: your confirmation code is %(code)s (valid for 10 minutes). "
                "If you did not report a need, ignore this message."
            )
            % {"community": report.community.name, "code": code},
        )


@transaction.atomic
def resident_report_resend_code(*, report: ResidentReport, client_address: str | None = None) -> None:
    """A fresh code for a report still waiting for one: at most three codes per report, and only while the
    address is within its limit, so that nobody sends a phone SMS after SMS."""
    report = ResidentReport.objects.select_for_update().get(pk=report.pk)
    if report.is_confirmed:
        raise ValidationError(_("This report is already confirmed."))
    if report.code_sends >= MAX_CODE_SENDS:
        raise ValidationError(_("No more codes can be sent for this report. Please report again tomorrow."))
    intake_check_limits(client_address=client_address)
    _report_send_code(report, now=timezone.now())


def resident_report_confirm(*, report: ResidentReport, code: str) -> Need:
    """Check the SMS code; the right one records the need (once: confirming again returns it).

    A wrong code is counted even though the call fails, so that guessing stops after a few tries.
    """
    code = (code or "").strip()
    with transaction.atomic():
        locked = ResidentReport.objects.select_for_update().get(pk=report.pk)
        if locked.is_confirmed:
            return locked.need
        if locked.code_attempts >= MAX_WRONG_CODES:
            error = _("Too many wrong codes. Please report again.")
        elif locked.code_expires_at is None or locked.code_expires_at < timezone.now():
            error = _("The code has expired. Ask for a new one.")
        elif code and constant_time_compare(locked.code_hash, _code_hash(locked, code)):
            return _report_record_need(locked, now=timezone.now())
        else:
            locked.code_attempts += 1
            locked.save(update_fields=["code_attempts"])
            error = _("The code is not right; %(n)d tries left.") % {
                "n": MAX_WRONG_CODES - locked.code_attempts
            }
    raise ValidationError({"code": [error]})


def _new_receipt_number(now) -> str:
    """12 digits: the day, then six random ones (not guessable in sequence; the status page also asks for the
    phone's last four digits)."""
    day = timezone.localtime(now).strftime("%y%m%d")
    while True:
        number = f"{day}{secrets.randbelow(1_000_000):06d}"
        if not ResidentReport.objects.filter(receipt_number=number).exists():
            return number


def _report_record_need(report: ResidentReport, *, now) -> Need:
    """The confirmed report enters the normal workflow: a need of channel "resident", linked to the resident
    whose phone it is (when exactly one in the community has it), flagged when it looks like a duplicate."""
    phone = report.requester_phone
    residents = list(
        Resident.objects.by_phone(phone).filter(area__path__startswith=report.community.path, is_active=True)[
            :2
        ]
    )
    need = _need_record(
        user=residents_channel_user(),
        area=report.area,
        category=report.category,
        requester_name=report.requester_name,
        requester_phone=phone,
        description=report.description,
        urgency=Urgency.GENERAL,
        channel=Channel.RESIDENT,
        resident=residents[0] if len(residents) == 1 else None,
        submitted_at=now,
        duplicate_of=likely_duplicate(area=report.area, category=report.category, phone=phone, now=now),
    )
    report.need = need
    report.confirmed_at = now
    report.receipt_number = _new_receipt_number(now)
    report.code_hash = ""
    report.save(update_fields=["need", "confirmed_at", "receipt_number", "code_hash"])
    return need


# A resident's rating link names the need and the moment it was done: a reopened and again completed need
# gets a new link, and the old one no longer rates it.


def rating_token(need: Need) -> str:
    return signing.dumps({"need": need.pk, "done": need.done_at.isoformat()}, salt=RATING_SALT, compress=True)


def rating_need(token: str) -> Need:
    """The need a rating link names; raises `signing.SignatureExpired` past its days, `signing.BadSignature`
    when altered, `Need.DoesNotExist` when the need is gone or was done again since the link was sent."""
    data = signing.loads(
        token, salt=RATING_SALT, max_age=datetime.timedelta(days=setting_value(RATING_LINK_DAYS))
    )
    need = Need.objects.select_related("category", "area").get(pk=data["need"])
    if need.done_at is None or need.done_at.isoformat() != data["done"]:
        raise Need.DoesNotExist
    return need


def rating_url(need: Need) -> str:
    return settings.JIEDAO_SITE_URL + reverse("resident:rate", args=[rating_token(need)])


def _rating_link_send(need: Need) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        sms_queue(
            phones=[need.requester_phone],
            subject=_("Rating link for a resident's need"),
            body=_("Your need (%(category)s) has been handled. Please tell us how it went: %(url)s")
            % {"category": need.category.name, "url": rating_url(need)},
        )


@transaction.atomic
def need_rate_by_resident(*, need: Need, verdict: str, comment: str = "") -> Need:
    """The resident's own rating through the signed link: 满意 and 基本满意 count as satisfied (5 and 4), 不满意
    records 2, reopens the need to its assignee and tells the community's secretary."""
    if verdict not in ResidentVerdict.values:
        raise ValidationError({"verdict": _("Choose how satisfied you are.")})
    if len(comment or "") > 500:
        raise ValidationError({"comment": _("Please keep the comment under 500 characters.")})
    user = residents_channel_user()
    need = need_rate(need=need, user=user, rating=VERDICT_RATINGS[verdict], comment=comment)
    if verdict == ResidentVerdict.DISSATISFIED:
        reason = _("The resident is dissatisfied: %(comment)s") % {"comment": comment.strip() or "—"}
        need = need_reopen(need=need, user=user, reason=reason)
        notifications_create(
            recipients=users_with_role(Role.COMMUNITY_SECRETARY, need.area.community or need.area),
            title=_("A resident is dissatisfied with need “%(need)s”; it is reopened") % {"need": need},
            body=comment.strip(),
            url=need.get_absolute_url(),
        )
    return need


def resident_reports_purge_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Delete the reports whose phone was never confirmed, with their photos, once they no longer count for the
    limits (two days, or the limits' window and a day if that is longer); returns how many went.

    Nobody asked for these to be handled, and they hold a phone number and photos: they are not kept.
    """
    now = now or timezone.now()
    window = datetime.timedelta(hours=setting_value(INTAKE_WINDOW_HOURS))
    cutoff = now - max(datetime.timedelta(days=2), window + datetime.timedelta(days=1))
    with transaction.atomic():
        stale = ResidentReport.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
        files = list(ResidentReportPhoto.objects.filter(report__in=stale).values_list("image", flat=True))
        count = stale.count()
        stale.delete()  # the photos' rows go with them (CASCADE)
        storage = ResidentReportPhoto._meta.get_field("image").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files if name])
    return count
