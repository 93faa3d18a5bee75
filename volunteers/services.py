"""Writes of the volunteers app: the needs workflow, the Service List, service records and the garden."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DateField, F, Q
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib.saving import save_validated
from governance.lib.scope import area_in_scope, check_in_scope
from governance.lib.workflow import EventLog, Move, Workflow
from governance.portal.services import reminder_send
from governance.territory.choices import AreaLevel
from governance.territory.models import Area
from partybuilding.models import PartyMember
from volunteers.choices import NeedMove, NeedStatus, Outcome, RecordStatus
from volunteers.models import (
    Adoption,
    CareLog,
    Donation,
    Need,
    NeedDeadline,
    NeedEvent,
    NeedRollup,
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

S = NeedStatus


def _stamp(field: str):
    return lambda need, at, **_data: {field: at}


def _reopened(need, at, **_data) -> dict:
    # The old rating stays in the timeline; the need goes back to its assignee as if not yet done.
    return {"done_at": None, "closed_at": None, "rating": None, "rating_comment": "", "outcome": ""}


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
def need_complete(*, need: Need, user, outcome: str = Outcome.SOLVED, note: str = "", at=None) -> Need:
    """Mark the work done, fully or partly solved."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose whether the need was solved or partly solved.")})
    return NEED_WORKFLOW.apply(
        need, NeedMove.COMPLETE, user=user, note=note, at=at, changes={"outcome": outcome}
    )


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
