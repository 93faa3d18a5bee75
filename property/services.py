"""Writes of the property-management reform; every one checks scope and raises a clear ValidationError."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib.saving import save_validated
from governance.lib.scope import check_in_scope
from governance.lib.workflow import EventLog, Move, Workflow
from governance.models import Area
from governance.territory.choices import AreaLevel
from partybuilding.choices import MeetingKind
from property.choices import CHECKLIST_MAX, ChecklistItem, ComplaintChannel, ComplaintMove, ComplaintStatus
from property.models import (
    Complaint,
    ComplaintEvent,
    Cooperative,
    CooperativeAgreement,
    CooperativeMember,
    FeeRecord,
    FeeSubsidy,
    Finding,
    Inspection,
    InspectionScore,
    Placement,
    PropertyCompany,
    ServiceContract,
)

CENT = Decimal("0.01")


def _check_level(area: Area, levels: tuple[int, ...], message: str, field: str = "area") -> None:
    if area.depth not in levels:
        raise ValidationError({field: message})


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


# ------------------------------------------------------------------------------------------ companies


@transaction.atomic
def company_create(
    *,
    user,
    name: str,
    credit_code: str,
    kind: str,
    area: Area,
    contact_person: str = "",
    contact_phone: str = "",
) -> PropertyCompany:
    """Register a property company with the property office of `area`."""
    check_in_scope(user, area)
    company = PropertyCompany(
        name=name.strip(),
        credit_code=credit_code.strip().upper(),
        kind=kind,
        area=area,
        contact_person=contact_person,
        contact_phone=contact_phone,
    )
    save_validated(company)
    return company


@transaction.atomic
def company_update(*, user, company: PropertyCompany, **fields) -> PropertyCompany:
    """Change a company's registration details."""
    check_in_scope(user, fields.get("area", company.area))
    for key in ("name", "credit_code", "kind", "area", "contact_person", "contact_phone", "is_active"):
        if key in fields:
            setattr(company, key, fields[key])
    save_validated(company)
    return company


@transaction.atomic
def contract_create(
    *,
    user,
    company: PropertyCompany,
    area: Area,
    starts_on: datetime.date,
    ends_on: datetime.date,
    fee_standard: Decimal,
    service_level: str,
    note: str = "",
) -> ServiceContract:
    """Sign a company to a community or a building; an area has at most one company at a time.

    The overlap check looks at the area, everything above it up to its community and everything below
    it, and runs under a row lock on the community, so two concurrent signings cannot both pass it.
    """
    check_in_scope(user, area)
    _check_level(
        area,
        (AreaLevel.COMMUNITY, AreaLevel.BUILDING),
        _("A contract covers a community or a building."),
    )
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("A contract cannot end before it starts.")})
    # The lock serialises every signing inside one community (PostgreSQL; SQLite locks the whole file).
    community = Area.objects.select_for_update().get(path=area.path_at(AreaLevel.COMMUNITY))
    clash = (
        ServiceContract.objects.filter(
            area__path__in=[p for p in area.ancestor_paths() if len(p) >= len(community.path)],
            starts_on__lte=ends_on,
            ends_on__gte=starts_on,
        )
        | ServiceContract.objects.filter(
            area__path__startswith=area.path, starts_on__lte=ends_on, ends_on__gte=starts_on
        )
    ).select_related("company", "area")
    clash = clash.order_by("starts_on").first()
    if clash is not None:
        raise ValidationError(
            _(
                "%(area)s is already served by %(company)s from %(start)s to %(end)s; "
                "an area is served by one company at a time."
            )
            % {
                "area": clash.area.name,
                "company": clash.company.name,
                "start": clash.starts_on.isoformat(),
                "end": clash.ends_on.isoformat(),
            }
        )
    contract = ServiceContract(
        company=company,
        area=area,
        starts_on=starts_on,
        ends_on=ends_on,
        fee_standard=fee_standard,
        service_level=service_level,
        note=note,
    )
    save_validated(contract)
    return contract


def contract_serving(area: Area, day: datetime.date) -> ServiceContract | None:
    """The contract under which a company serves `area` (or a place above it) on `day`."""
    return (
        ServiceContract.objects.filter(
            area__path__in=area.ancestor_paths(), starts_on__lte=month_end(day), ends_on__gte=day
        )
        .select_related("company")
        .order_by("-area__depth")
        .first()
    )


# ---------------------------------------------------------------------------------------- cooperatives


@transaction.atomic
def cooperative_create(*, user, name: str, area: Area, **fields) -> Cooperative:
    """Register a community's cooperative."""
    check_in_scope(user, area)
    _check_level(area, (AreaLevel.COMMUNITY,), _("A cooperative belongs to a community."))
    cooperative = Cooperative(name=name.strip(), area=area, **fields)
    save_validated(cooperative)
    return cooperative


@transaction.atomic
def cooperative_member_add(
    *, user, cooperative: Cooperative, name: str, resident=None, shares: int = 1, joined_on=None
) -> CooperativeMember:
    """Add a member to a cooperative."""
    check_in_scope(user, cooperative.area, "cooperative")
    member = CooperativeMember(
        cooperative=cooperative, name=name.strip(), resident=resident, shares=shares, joined_on=joined_on
    )
    save_validated(member)
    return member


@transaction.atomic
def agreement_create(
    *,
    user,
    cooperative: Cooperative,
    title: str,
    signed_on: datetime.date,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    company: PropertyCompany | None = None,
    area: Area | None = None,
    terms: str = "",
) -> CooperativeAgreement:
    """Record a cooperative's agreement with a community and, if named, its property company."""
    area = area or cooperative.area
    check_in_scope(user, area)
    agreement = CooperativeAgreement(
        cooperative=cooperative,
        company=company,
        area=area,
        title=title,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        terms=terms,
    )
    save_validated(agreement)
    return agreement


# ------------------------------------------------------------------------------------------------ fees


def _money(value, field: str) -> Decimal:
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    if value != value.quantize(CENT):
        raise ValidationError({field: _("Amounts are in yuan with at most two decimals.")})
    return value.quantize(CENT)


@transaction.atomic
def fee_record_set(
    *,
    user,
    area: Area,
    period: datetime.date,
    billed: Decimal,
    collected: Decimal,
    household=None,
    correct: bool = False,
) -> FeeRecord:
    """Record (or, with `correct`, correct) what a building or household was billed and paid for one month.

    The company is the one whose contract covers the building that month; without one it is refused. A month
    already recorded is refused as a conflict unless `correct` says the new figures replace it, so a second
    posting of the same month never overwrites the first without anyone noticing.
    """
    check_in_scope(user, area)
    _check_level(area, (AreaLevel.BUILDING,), _("Fees are recorded per building (or household)."))
    if household is not None and not household.area.path.startswith(area.path):
        raise ValidationError({"household": _("This household is not in this building.")})
    period = month_start(period)
    billed = _money(billed, "billed")
    collected = _money(collected, "collected")
    if billed < 0 or collected < 0:
        raise ValidationError(_("Amounts cannot be negative."))
    if collected > billed:
        raise ValidationError({"collected": _("Collected cannot exceed billed.")})
    contract = contract_serving(area, period)
    if contract is None:
        raise ValidationError(
            {
                "area": _("No property company has a contract for %(area)s in %(month)s.")
                % {"area": area.name, "month": period.strftime("%Y-%m")}
            }
        )
    # A building's month is kept either as one building record or per household, never both: both
    # would count the same money twice in every sum.
    other_kind = FeeRecord.objects.filter(area=area, period=period, household__isnull=household is not None)
    if other_kind.exists():
        message = (
            _("This building's month is already kept per household.")
            if household is None
            else _("This building's month is already kept as one building record.")
        )
        raise ValidationError(message)
    record = (
        FeeRecord.objects.select_for_update().filter(area=area, household=household, period=period).first()
    )
    if record is not None and not correct:
        raise ValidationError(
            _(
                "%(place)s already has a fee record for %(month)s (billed %(billed)s yuan, collected "
                "%(collected)s yuan). To replace it, tick “correct the recorded month”."
            )
            % {
                "place": household or area.name,
                "month": period.strftime("%Y-%m"),
                "billed": number_format(record.billed, 2, force_grouping=True),
                "collected": number_format(record.collected, 2, force_grouping=True),
            },
            code="conflict",
        )
    record = record or FeeRecord(area=area, household=household, period=period)
    record.company = contract.company
    record.billed = billed
    record.collected = collected
    record.updated_by = user
    save_validated(record)
    return record


@transaction.atomic
def subsidy_create(
    *,
    user,
    cooperative: Cooperative,
    company: PropertyCompany,
    area: Area,
    period_start: datetime.date,
    period_end: datetime.date,
    amount: Decimal,
    paid_on: datetime.date,
    reason: str,
) -> FeeSubsidy:
    """Record a cooperative's payment towards property fees."""
    check_in_scope(user, area)
    amount = _money(amount, "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("A subsidy must be more than zero.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    subsidy = FeeSubsidy(
        cooperative=cooperative,
        company=company,
        area=area,
        period_start=month_start(period_start),
        period_end=period_end,
        amount=amount,
        paid_on=paid_on,
        reason=reason.strip(),
    )
    save_validated(subsidy)
    return subsidy


# ----------------------------------------------------------------------------------------- supervision


@transaction.atomic
def inspection_record(
    *,
    user,
    company: PropertyCompany,
    area: Area,
    inspected_on: datetime.date,
    points: dict[str, int],
    note: str = "",
    findings: list[dict] = (),
) -> Inspection:
    """Record an inspection: one score per checklist item (0–20, adding up to 100) and its findings."""
    check_in_scope(user, area)
    missing = [str(ChecklistItem(k).label) for k in ChecklistItem.values if k not in points]
    if missing:
        raise ValidationError(_("Score every checklist item: %(items)s.") % {"items": "、".join(missing)})
    errors = {}
    for key, value in points.items():
        if key not in ChecklistItem.values:
            raise ValidationError(_("Unknown checklist item: %(item)s.") % {"item": key})
        if not 0 <= int(value) <= CHECKLIST_MAX:
            errors[key] = _("Score between 0 and %(max)d.") % {"max": CHECKLIST_MAX}
    if errors:
        raise ValidationError(errors)
    inspection = Inspection(
        company=company,
        area=area,
        inspected_on=inspected_on,
        inspector=user,
        score=sum(int(v) for v in points.values()),
        note=note,
    )
    save_validated(inspection)
    InspectionScore.objects.bulk_create(
        [InspectionScore(inspection=inspection, item=k, points=int(v)) for k, v in points.items()]
    )
    for finding in findings:
        finding_add(user=user, inspection=inspection, **finding)
    return inspection


@transaction.atomic
def finding_add(
    *, user, inspection: Inspection, item: str, description: str, deadline: datetime.date
) -> Finding:
    """Record a problem found in an inspection, to be rectified by `deadline`."""
    check_in_scope(user, inspection.area)
    if not description.strip():
        raise ValidationError({"description": _("Describe what was found.")})
    if deadline < inspection.inspected_on:
        raise ValidationError({"deadline": _("The deadline cannot be before the inspection.")})
    finding = Finding(inspection=inspection, item=item, description=description.strip(), deadline=deadline)
    save_validated(finding)
    return finding


@transaction.atomic
def finding_fix(*, user, finding: Finding, fixed_on: datetime.date, fix_note: str = "") -> Finding:
    """Record that a finding was rectified, and when."""
    check_in_scope(user, finding.inspection.area)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.fixed_on is not None:
        raise ValidationError(_("This finding was already marked fixed."))
    if fixed_on < finding.inspection.inspected_on:
        raise ValidationError({"fixed_on": _("It cannot be fixed before it was found.")})
    if fixed_on > timezone.localdate():
        raise ValidationError({"fixed_on": _("The date fixed cannot be in the future.")})
    finding.fixed_on = fixed_on
    finding.fix_note = fix_note
    finding.save(update_fields=["fixed_on", "fix_note"])
    return finding


COMPLAINT_ANSWER_DAYS = 3  # the default response deadline after a complaint is received


def _check_complaint_scope(complaint: Complaint, user, **_data) -> None:
    check_in_scope(user, complaint.area)


def _clean_day(complaint: Complaint, on: datetime.date) -> None:
    if on < complaint.received_on:
        raise ValidationError(_("The date cannot be before the complaint was received."))


def _clean_answer(complaint: Complaint, *, on: datetime.date, answer: str = "", **_data) -> None:
    _clean_day(complaint, on)
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Write the answer given.")})


def _clean_resolution(complaint: Complaint, *, on: datetime.date, resolution: str = "", **_data) -> None:
    _clean_day(complaint, on)
    if not (resolution or "").strip():
        raise ValidationError({"resolution": _("Write how it was resolved.")})


C = ComplaintStatus
# The complaint state machine: received → answered → resolved, each step by someone answering for the place.
COMPLAINT_WORKFLOW = Workflow(
    statuses=ComplaintStatus,
    record_arg="complaint",
    events=EventLog(ComplaintEvent, record="complaint", at=None),
    illegal_message=gettext_lazy("This is not allowed while the complaint is %(current)s."),
    full_clean=True,
    moves=[
        Move(
            ComplaintMove.ANSWER, {C.RECEIVED}, C.ANSWERED, check=_check_complaint_scope, clean=_clean_answer
        ),
        Move(
            ComplaintMove.RESOLVE,
            {C.ANSWERED},
            C.RESOLVED,
            check=_check_complaint_scope,
            clean=_clean_resolution,
            tone="success",
        ),
    ],
)


@transaction.atomic
def complaint_create(
    *,
    user,
    company: PropertyCompany,
    area: Area,
    content: str,
    received_on: datetime.date,
    response_due: datetime.date | None = None,
    channel: str = ComplaintChannel.RESIDENT,
    complainant: str = "",
    resident=None,
    meeting=None,
) -> Complaint:
    """Register a complaint about a company; the answer is due in three days unless told otherwise."""
    check_in_scope(user, area)
    if not content.strip():
        raise ValidationError({"content": _("Write down the complaint.")})
    if channel == ComplaintChannel.COUNCIL and meeting is None:
        raise ValidationError({"meeting": _("Name the council meeting the complaint was raised in.")})
    if meeting is not None and meeting.kind != MeetingKind.GRASSROOTS_COUNCIL:
        raise ValidationError({"meeting": _("Choose a grassroots council meeting.")})
    if meeting is not None and not meeting.area.path.startswith(area.path_at(AreaLevel.COMMUNITY)):
        raise ValidationError({"meeting": _("The meeting was held in another community.")})
    complaint = Complaint(
        company=company,
        area=area,
        content=content.strip(),
        received_on=received_on,
        response_due=response_due or received_on + datetime.timedelta(days=COMPLAINT_ANSWER_DAYS),
        channel=channel,
        complainant=complainant,
        resident=resident,
        meeting=meeting,
    )
    save_validated(complaint)
    ComplaintEvent.objects.create(complaint=complaint, from_status="", to_status=complaint.status, actor=user)
    return complaint


@COMPLAINT_WORKFLOW.service(ComplaintMove.ANSWER)
@transaction.atomic
def complaint_answer(*, user, complaint: Complaint, answer: str, on: datetime.date) -> Complaint:
    """The company's answer to the complaint was given."""
    answer = (answer or "").strip()
    return COMPLAINT_WORKFLOW.apply(
        complaint,
        ComplaintMove.ANSWER,
        user=user,
        note=answer,
        on=on,
        answer=answer,
        changes={"answer": answer, "answered_on": on},
    )


@COMPLAINT_WORKFLOW.service(ComplaintMove.RESOLVE)
@transaction.atomic
def complaint_resolve(
    *, user, complaint: Complaint, resolution: str, on: datetime.date, satisfaction: int | None = None
) -> Complaint:
    """The complaint was resolved; the resident's satisfaction is recorded if known."""
    resolution = (resolution or "").strip()
    changes = {"resolution": resolution, "resolved_on": on, "satisfaction": satisfaction or None}
    return COMPLAINT_WORKFLOW.apply(
        complaint,
        ComplaintMove.RESOLVE,
        user=user,
        note=resolution,
        on=on,
        resolution=resolution,
        changes=changes,
    )


# -------------------------------------------------------------------------------------- re-employment


@transaction.atomic
def placement_create(
    *,
    user,
    person_name: str,
    area: Area,
    position: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    cooperative: Cooperative | None = None,
    company: PropertyCompany | None = None,
    resident=None,
) -> Placement:
    """Record a jobless resident re-employed by a cooperative or a company."""
    check_in_scope(user, area)
    _check_level(area, (AreaLevel.COMMUNITY,), _("Placements are counted per community."))
    if (cooperative is None) == (company is None):
        raise ValidationError(_("Name either the cooperative or the property company that employs them."))
    placement = Placement(
        person_name=person_name.strip(),
        area=area,
        position=position.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        cooperative=cooperative,
        company=company,
        resident=resident,
    )
    return save_validated(placement)
