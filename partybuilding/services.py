"""Writes for party building: organisations, members, committees, meetings and their actions, pledges."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib.saving import save_validated
from governance.lib.scope import check_in_scope
from governance.lib.uploads import validate_upload
from governance.lib.workflow import Move, Workflow
from governance.models import Area
from governance.portal.services import reminder_send
from governance.territory.choices import AreaLevel
from partybuilding.choices import (
    ActionMove,
    ActionStatus,
    CheckInKind,
    MeetingTopic,
    MemberStatus,
    OrgLevel,
    SeatKind,
    SupervisionRole,
)
from partybuilding.models import (
    CommitteeSeat,
    CommunityCheckIn,
    Decision,
    FollowUpAction,
    JointCommittee,
    Meeting,
    MeetingAttachment,
    MeetingInvitee,
    MemberFileEntry,
    MemberTransfer,
    PartyMember,
    PartyOrganisation,
    Pledge,
    PledgeDelivery,
    ResidentUnit,
    SupervisionPost,
)
from partybuilding.reminders import ACTION_ASSIGNED, action_assigned_reminder
from partybuilding.selectors import action_owner_choices

# ------------------------------------------------------------------------------------ resident units


@transaction.atomic
def resident_unit_create(*, user, area: Area, name: str, kind: str, **fields) -> ResidentUnit:
    """Register a resident unit (驻区单位) seated in `area`."""
    check_in_scope(user, area)
    unit = ResidentUnit(area=area, name=(name or "").strip(), kind=kind, **fields)
    return save_validated(
        unit,
        conflict_message=_("A resident unit with this name is already registered here."),
        conflict_field="name",
    )


@transaction.atomic
def resident_unit_update(*, user, unit: ResidentUnit, **fields) -> ResidentUnit:
    """Change a resident unit's facts (its place stays within the user's scope)."""
    for key, value in fields.items():
        setattr(unit, key, value)
    check_in_scope(user, unit.area)
    return save_validated(
        unit,
        conflict_message=_("A resident unit with this name is already registered here."),
        conflict_field="name",
    )


# ------------------------------------------------------------------------------------- organisations


def organisation_check_levels(
    *,
    level: int | None,
    area: Area,
    parent: PartyOrganisation | None,
    resident_unit: ResidentUnit | None,
    exclude_pk: int | None = None,
) -> None:
    """The four-level rules with their messages: own territory level, exactly one below the parent."""
    if resident_unit is not None:
        if level is not None:
            raise ValidationError(
                {"level": _("A resident unit's own organisation sits outside the four levels.")}
            )
        if PartyOrganisation.objects.filter(resident_unit=resident_unit).exclude(pk=exclude_pk).exists():
            raise ValidationError(
                {"resident_unit": _("This resident unit already has its party organisation.")}
            )
    elif level is None:
        raise ValidationError(
            {"level": _("Choose the organisation's level, or the resident unit it belongs to.")}
        )
    else:
        if area.depth != level:
            raise ValidationError(
                {
                    "area": _("A %(level)s sits on a %(place)s.")
                    % {"level": OrgLevel(level).label, "place": AreaLevel(level).label}
                }
            )
        if level == OrgLevel.DISTRICT_COMMITTEE:
            if parent is not None:
                raise ValidationError({"parent": _("The district committee has no parent organisation.")})
        elif parent is None or parent.level != level - 1:
            raise ValidationError({"parent": _("An organisation's level is exactly one below its parent's.")})
        elif not parent.area.contains(area):
            raise ValidationError({"parent": _("The parent organisation's area must contain this one.")})


@transaction.atomic
def organisation_create(
    *,
    user,
    name: str,
    area: Area,
    level: int | None = None,
    parent: PartyOrganisation | None = None,
    resident_unit: ResidentUnit | None = None,
    secretary_name: str = "",
) -> PartyOrganisation:
    """Add a party organisation: one of the four levels on its own territory level, or a unit's own."""
    check_in_scope(user, area)
    if not (name or "").strip():
        raise ValidationError({"name": _("An organisation needs a name.")})
    organisation_check_levels(level=level, area=area, parent=parent, resident_unit=resident_unit)
    if resident_unit is not None:
        area = resident_unit.area
    org = PartyOrganisation(
        name=name.strip(),
        level=level,
        area=area,
        parent=parent,
        resident_unit=resident_unit,
        secretary_name=secretary_name,
        area_level=area.depth,
        parent_level=parent.level if parent else None,
    )
    return save_validated(
        org, clean=False, conflict_message=_("An organisation's level is exactly one below its parent's.")
    )


@transaction.atomic
def organisation_update(*, user, organisation: PartyOrganisation, secretary_name: str) -> PartyOrganisation:
    """Record who is an organisation's secretary (its level, place and parent stay as they were set up)."""
    check_in_scope(user, organisation.area)
    organisation.secretary_name = (secretary_name or "").strip()
    return save_validated(organisation, clean=False)


# ------------------------------------------------------------------------------------------ members


@transaction.atomic
def member_create(
    *,
    user,
    name: str,
    organisation: PartyOrganisation,
    joined_on: datetime.date | None = None,
    status: str = MemberStatus.ACTIVE,
    phone: str = "",
    resident=None,
    member_user=None,
) -> PartyMember:
    """Record a party member in an organisation; the member is placed where the organisation is."""
    check_in_scope(user, organisation.area, "organisation")
    member = PartyMember(
        name=(name or "").strip(),
        organisation=organisation,
        area=organisation.area,
        joined_on=joined_on,
        status=status,
        phone=phone,
        resident=resident,
        user=member_user,
    )
    return save_validated(member)


@transaction.atomic
def member_update(*, user, member: PartyMember, **fields) -> PartyMember:
    """Correct a member's facts; the organisation changes only through a transfer, which keeps history."""
    check_in_scope(user, member.area, "organisation")
    for key in ("name", "joined_on", "status", "phone"):
        if key in fields:
            setattr(member, key, (fields[key] or "").strip() if key == "name" else fields[key])
    return save_validated(member)


@transaction.atomic
def member_transfer(
    *,
    user,
    member: PartyMember,
    to_organisation: PartyOrganisation,
    transferred_on: datetime.date,
    note: str = "",
) -> MemberTransfer:
    """Move a member's membership to another organisation, keeping the move as history."""
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    if to_organisation.pk == member.organisation_id:
        raise ValidationError({"to_organisation": _("The member already belongs to this organisation.")})
    if member.joined_on and transferred_on < member.joined_on:
        raise ValidationError({"transferred_on": _("A transfer cannot predate joining the party.")})
    transfer = MemberTransfer.objects.create(
        member=member,
        from_organisation_id=member.organisation_id,
        to_organisation=to_organisation,
        transferred_on=transferred_on,
        note=note,
        recorded_by=user,
    )
    member.organisation = to_organisation
    member.area = to_organisation.area
    member.save(update_fields=["organisation", "area"])
    return transfer


@transaction.atomic
def member_file_add(
    *, user, member: PartyMember, kind: str, recorded_on: datetime.date, text: str
) -> MemberFileEntry:
    """Add a note, award or warning to a member's file."""
    if not (text or "").strip():
        raise ValidationError({"text": _("Write what the entry records.")})
    entry = MemberFileEntry(
        member=member, kind=kind, recorded_on=recorded_on, text=text.strip(), recorded_by=user
    )
    return save_validated(entry)


# --------------------------------------------------------------------------------- joint committees


@transaction.atomic
def committee_create(*, user, organisation: PartyOrganisation, name: str) -> JointCommittee:
    """Open the joint committee of a street working committee or a community party organisation."""
    from partybuilding.choices import CommitteeKind

    kinds = {
        OrgLevel.STREET_WORKING_COMMITTEE: CommitteeKind.STREET,
        OrgLevel.COMMUNITY_ORGANISATION: CommitteeKind.COMMUNITY,
    }
    if organisation.level not in kinds:
        raise ValidationError(
            {
                "organisation": _(
                    "Joint committees belong to the street working committee or a community organisation."
                )
            }
        )
    check_in_scope(user, organisation.area, "organisation")
    committee = JointCommittee(
        kind=kinds[organisation.level],
        name=(name or "").strip(),
        area=organisation.area,
        organisation=organisation,
    )
    return save_validated(
        committee,
        validate_constraints=False,
        conflict_message=_("This place already has a joint committee."),
        conflict_field="organisation",
    )


@transaction.atomic
def committee_seat_add(
    *,
    user,
    committee: JointCommittee,
    member: PartyMember,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    resident_unit: ResidentUnit | None = None,
    title: str = "",
) -> CommitteeSeat:
    """Seat a member on a joint committee for a term; one seat per person per committee at a time."""
    check_in_scope(user, committee.area, "committee")
    if kind == SeatKind.PART_TIME and resident_unit is None:
        raise ValidationError({"resident_unit": _("A part-time seat names the resident unit it represents.")})
    if kind == SeatKind.STANDING:
        resident_unit = None
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("A term cannot end before it starts.")})
    # Lock the committee so two clerks cannot seat the same person at once.
    JointCommittee.objects.select_for_update().filter(pk=committee.pk).first()
    overlapping = CommitteeSeat.objects.filter(committee=committee, member=member).exclude(
        ends_on__lt=starts_on
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise ValidationError(
            {"member": _("This person already holds a seat on this committee in that term.")}
        )
    seat = CommitteeSeat(
        committee=committee,
        member=member,
        kind=kind,
        resident_unit=resident_unit,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return save_validated(
        seat,
        clean=False,
        conflict_message=_("This person already holds a seat on this committee."),
        conflict_field="member",
    )


@transaction.atomic
def committee_seat_end(*, user, seat: CommitteeSeat, ends_on: datetime.date) -> CommitteeSeat:
    """End a seat's term (the seat stays in the committee's history)."""
    check_in_scope(user, seat.committee.area, "committee")
    if ends_on < seat.starts_on:
        raise ValidationError({"ends_on": _("A term cannot end before it starts.")})
    seat.ends_on = ends_on
    seat.save(update_fields=["ends_on"])
    return seat


# ----------------------------------------------------------------------------------------- meetings


def _clean_topics(topics) -> list[str]:
    topics = list(dict.fromkeys(topics or []))
    bad = [t for t in topics if t not in MeetingTopic.values]
    if bad:
        raise ValidationError({"topics": _("Unknown topic: %(topic)s.") % {"topic": bad[0]}})
    return topics


def _clean_names(names) -> list[str]:
    return list(dict.fromkeys(n.strip() for n in names or [] if n and n.strip()))


@transaction.atomic
def meeting_log(
    *,
    user,
    kind: str,
    title: str,
    area: Area,
    held_at: datetime.datetime,
    venue: str = "",
    agenda: str = "",
    topics=(),
    committee: JointCommittee | None = None,
    invitees=(),
    absent=(),
    minutes: str = "",
    decisions=(),
    attachments=(),
) -> Meeting:
    """Log a meeting in one go: who was invited and came, the minutes, decisions and their actions.

    `decisions` is a list of dicts: text, owner (a user), due_on, optional action (the action's title).
    """
    if committee is not None:
        area = committee.area
    check_in_scope(user, area)
    if area.depth > AreaLevel.GRID:
        raise ValidationError({"area": _("Meetings are held by the street, a community or a grid.")})
    invited = _clean_names(invitees)
    absent = set(_clean_names(absent))
    unknown = absent - set(invited)
    if unknown:
        raise ValidationError(
            {"absent": _("%(name)s is not on the invitation list.") % {"name": sorted(unknown)[0]}}
        )
    meeting = Meeting(
        kind=kind,
        title=(title or "").strip(),
        area=area,
        committee=committee,
        held_at=held_at,
        venue=venue,
        agenda=agenda,
        topics=_clean_topics(topics),
        minutes=(minutes or "").strip(),
        minutes_recorded_at=timezone.now() if (minutes or "").strip() else None,
        created_by=user,
    )
    attachments = [validate_upload(upload) for upload in attachments]
    save_validated(meeting)
    members, users = _invitee_links(area, invited)
    MeetingInvitee.objects.bulk_create(
        [
            MeetingInvitee(
                meeting=meeting,
                name=name,
                is_present=name not in absent,
                party_member=members.get(name),
                user=users.get(name),
            )
            for name in invited
        ]
    )
    for position, decision in enumerate(decisions, start=1):
        decision_add(user=user, meeting=meeting, position=position, **decision)
    for upload in attachments:
        attachment_add(user=user, meeting=meeting, upload=upload)
    return meeting


def _invitee_links(area: Area, names: list[str]) -> tuple[dict, dict]:
    """Invitees typed by name, matched to the one party member or portal user of that name in the area.

    A name shared by two people stays unlinked (no reminder is better than one to the wrong person).
    """
    from django.contrib.auth import get_user_model

    if not names:
        return {}, {}
    members: dict[str, list] = {}
    for member in PartyMember.objects.filter(name__in=names, area__path__startswith=area.path):
        members.setdefault(member.name, []).append(member)
    users: dict[str, list] = {}
    User = get_user_model()
    for user in User.objects.filter(
        is_active=True, first_name__in=names, assignments__area__path__startswith=area.path
    ).distinct():
        users.setdefault(user.first_name, []).append(user)
    return (
        {name: found[0] for name, found in members.items() if len(found) == 1},
        {name: found[0] for name, found in users.items() if len(found) == 1},
    )


@transaction.atomic
def meeting_minutes_record(*, user, meeting: Meeting, minutes: str) -> Meeting:
    """Record (or correct) a meeting's minutes; this ends the missing-minutes reminders."""
    minutes = (minutes or "").strip()
    if not minutes:
        raise ValidationError({"minutes": _("Write the minutes.")})
    meeting.minutes = minutes
    meeting.minutes_recorded_at = meeting.minutes_recorded_at or timezone.now()
    meeting.save(update_fields=["minutes", "minutes_recorded_at"])
    return meeting


@transaction.atomic
def attendance_set(*, user, meeting: Meeting, present_ids) -> Meeting:
    """Mark exactly `present_ids` of the meeting's invitees as present."""
    present_ids = {int(i) for i in present_ids}
    MeetingInvitee.objects.filter(meeting=meeting).update(is_present=False)
    MeetingInvitee.objects.filter(meeting=meeting, pk__in=present_ids).update(is_present=True)
    return meeting


@transaction.atomic
def attachment_add(*, user, meeting: Meeting, upload) -> MeetingAttachment:
    """Keep a checked file with a meeting (images, PDF, Office documents within the size limit)."""
    try:
        upload = validate_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return MeetingAttachment.objects.create(
        meeting=meeting, file=upload, name=upload.name[:200], size=upload.size, uploaded_by=user
    )


@transaction.atomic
def decision_add(
    *,
    user,
    meeting: Meeting,
    text: str,
    owner,
    due_on: datetime.date,
    action: str = "",
    position: int | None = None,
) -> Decision:
    """Record a decision and the follow-up action that carries it out."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"decisions": _("A decision needs its text.")})
    if owner is None:
        raise ValidationError({"decisions": _("Name who carries out the decision.")})
    if due_on is None:
        raise ValidationError({"decisions": _("Give the decision's due date.")})
    if user is not None and not action_owner_choices(user).filter(pk=owner.pk).exists():
        raise ValidationError({"decisions": _("The owner must work within the area you answer for.")})
    if due_on < timezone.localdate(meeting.held_at):
        raise ValidationError({"decisions": _("A follow-up action cannot be due before the meeting.")})
    if position is None:
        position = meeting.decisions.count() + 1
    decision = Decision.objects.create(meeting=meeting, text=text, position=position)
    follow_up = FollowUpAction.objects.create(
        decision=decision,
        area=meeting.area,
        title=(action or text)[:200],
        owner=owner,
        due_on=due_on,
    )
    reminder = action_assigned_reminder(follow_up, actor=user)
    if reminder is not None:  # once per action, through the ledger the deadline reminders use
        reminder_send(rule_key=ACTION_ASSIGNED, reminder=reminder)
    return decision


def _clean_progress(action, *, progress: int | None = None, **_data) -> None:
    if progress is None or not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})


def _progressed(action, at, *, progress: int, note: str = "", **_data) -> dict:
    return {"progress": progress, "progress_note": note.strip()[:300]}


def _clean_closing(action, *, note: str = "", **_data) -> None:
    if not note.strip():
        raise ValidationError({"closing_note": _("Say how the action was carried out before closing it.")})


def _closed(action, at, *, user, note: str = "", **_data) -> dict:
    return {"progress": 100, "closing_note": note.strip(), "closed_at": at, "closed_by": user}


def _reopened(action, at, **_data) -> dict:
    return {"closed_at": None, "closed_by": None, "closing_note": ""}


A = ActionStatus
# The follow-up action's state machine; its history (django-simple-history) keeps who and when.
ACTION_WORKFLOW = Workflow(
    statuses=ActionStatus,
    record_arg="action",
    illegal_message=gettext_lazy("This action is %(current)s; it cannot be moved that way."),
    moves=[
        Move(ActionMove.PROGRESS, {A.OPEN}, None, clean=_clean_progress, changes=_progressed),
        Move(ActionMove.CLOSE, {A.OPEN}, A.DONE, clean=_clean_closing, changes=_closed, tone="success"),
        Move(ActionMove.REOPEN, {A.DONE}, A.OPEN, changes=_reopened, tone="outline-secondary"),
    ],
)


@ACTION_WORKFLOW.service(move_arg="move")
@transaction.atomic
def action_move(
    *, user, action: FollowUpAction, move: str, progress: int | None = None, note: str = ""
) -> FollowUpAction:
    """Apply one move to a follow-up action (report progress, close with a note, reopen); history keeps who and when."""
    return ACTION_WORKFLOW.apply(action, move, user=user, note=note, progress=progress)


# ------------------------------------------------------------------------------------------ pledges


@transaction.atomic
def pledge_create(
    *,
    user,
    resident_unit: ResidentUnit,
    area: Area,
    kind: str,
    description: str,
    quantity: Decimal,
    unit: str,
    due_on: datetime.date,
) -> Pledge:
    """Record what a resident unit promises the street or a community."""
    check_in_scope(user, area)
    if area.depth not in (AreaLevel.STREET, AreaLevel.COMMUNITY):
        raise ValidationError({"area": _("Support is pledged to the street or to a community.")})
    pledge = Pledge(
        resident_unit=resident_unit,
        area=area,
        kind=kind,
        description=(description or "").strip(),
        quantity=quantity,
        unit=(unit or "").strip(),
        due_on=due_on,
    )
    return save_validated(pledge)


@transaction.atomic
def pledge_deliver(
    *, user, pledge: Pledge, delivered_on: datetime.date, quantity: Decimal, note: str = ""
) -> PledgeDelivery:
    """Record support that arrived against a pledge; the pledge's running total moves in the same UPDATE."""
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": _("A delivery is an amount above zero.")})
    delivery = PledgeDelivery.objects.create(
        pledge=pledge, delivered_on=delivered_on, quantity=quantity, note=note, recorded_by=user
    )
    Pledge.objects.filter(pk=pledge.pk).update(delivered=F("delivered") + quantity)
    pledge.refresh_from_db(fields=["delivered"])
    return delivery


# ------------------------------------------------------------------------- supervision and check-ins


@transaction.atomic
def supervision_assign(*, user, area: Area, member: PartyMember, role: str | None = None) -> SupervisionPost:
    """Make a member building leader of a building or stairwell party member of a stairwell."""
    check_in_scope(user, area)
    expected = {
        AreaLevel.BUILDING: SupervisionRole.BUILDING_LEADER,
        AreaLevel.STAIRWELL: SupervisionRole.STAIRWELL_MEMBER,
    }
    if area.depth not in expected:
        raise ValidationError({"area": _("Choose a building or a stairwell.")})
    role = role or expected[area.depth]
    if role != expected[area.depth]:
        raise ValidationError(
            {
                "area": _(
                    "A building leader is assigned to a building, a stairwell party member to a stairwell."
                )
            }
        )
    post = SupervisionPost(area=area, member=member, role=role, area_level=area.depth)
    return save_validated(
        post, clean=False, conflict_message=_("This member already serves here."), conflict_field="member"
    )


@transaction.atomic
def checkin_create(
    *,
    user,
    area: Area,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    party_member: PartyMember | None = None,
    resident_unit: ResidentUnit | None = None,
) -> CommunityCheckIn:
    """A party member or an agency checks in to serve a community for a period (到社区报到)."""
    check_in_scope(user, area)
    if area.depth != AreaLevel.COMMUNITY:
        raise ValidationError({"area": _("Check-ins are made to a community.")})
    if (party_member is None) == (resident_unit is None):
        raise ValidationError(_("A check-in names a party member or an agency, not both."))
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("A check-in cannot end before it starts.")})
    kind = CheckInKind.PARTY_MEMBER if party_member else CheckInKind.AGENCY
    return CommunityCheckIn.objects.create(
        kind=kind,
        area=area,
        party_member=party_member,
        resident_unit=resident_unit,
        starts_on=starts_on,
        ends_on=ends_on,
    )


@transaction.atomic
def action_escalate(*, user, action: FollowUpAction, category, urgency: str | None = None):
    """Turn a meeting's follow-up action into a joint-enforcement case, once; the action keeps the link."""
    from governance.enforcement.choices import SourceKind, Urgency
    from governance.enforcement.services import case_raise

    action = FollowUpAction.objects.select_for_update().select_related("decision__meeting").get(pk=action.pk)
    if action.case_id is not None:
        raise ValidationError(_("This action was already escalated to a case."))
    if action.status == ActionStatus.DONE:
        raise ValidationError(_("A closed action cannot be escalated."))
    meeting = action.decision.meeting
    case = case_raise(
        user=user,
        area=action.area if action.area.depth >= AreaLevel.COMMUNITY else meeting.area,
        category=category,
        title=action.title[:80],
        description=f"{meeting.title}（{meeting.held_at:%Y-%m-%d}）：{action.decision.text}\n{action.title}",
        source_kind=SourceKind.MEETING,
        source_ref=str(meeting.pk),
        urgency=urgency or Urgency.NORMAL,
    )
    action.case = case
    action.save(update_fields=["case"])
    return case
