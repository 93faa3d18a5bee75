"""Figures of party building for the cockpit and the work report: seats, pledges, meetings, actions."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.lib.figures import HIGHER, LOWER, figure
from governance.models import Area
from partybuilding import selectors
from partybuilding.choices import ActionStatus, MeetingKind, SeatKind
from partybuilding.models import CommitteeSeat, CommunityCheckIn, FollowUpAction, Meeting, Pledge


def _url(name):
    return lambda area, period: reverse(f"partybuilding:{name}")


@figure(
    "party.part_time_seats",
    _("Part-time seats filled"),
    "governance",
    unit=_("seats"),
    better=HIGHER,
    list_url=_url("committee-list"),
    order=10,
)
def part_time_seats(area, period):
    return CommitteeSeat.objects.within(area).current(period.as_of()).filter(kind=SeatKind.PART_TIME).count()


@figure(
    "party.pledge_fulfilment",
    _("Pledge fulfilment"),
    "governance",
    unit="%",
    better=HIGHER,
    list_url=_url("pledge-list"),
    order=20,
    decimals=1,
)
def pledge_fulfilment(area, period):
    """Pledges due in the period: the mean share delivered (the pledge page's definition)."""
    return selectors.overall_fulfilment(
        Pledge.objects.within(area).filter(due_on__range=(period.start, period.end))
    )


@figure(
    "party.meetings",
    _("Meetings held"),
    "governance",
    unit=_("meetings"),
    list_url=_url("meeting-list"),
    order=30,
)
def meetings_held(area, period):
    return (
        Meeting.objects.within(area).filter(held_at__gte=period.start_at, held_at__lt=period.end_at).count()
    )


@figure(
    "party.actions_closed",
    _("Decisions carried out"),
    "governance",
    unit=_("items"),
    better=HIGHER,
    list_url=_url("action-list"),
    order=31,
)
def actions_closed(area, period):
    return (
        FollowUpAction.objects.within(area)
        .filter(status=ActionStatus.DONE, closed_at__gte=period.start_at, closed_at__lt=period.end_at)
        .count()
    )


@figure(
    "party.actions_overdue",
    _("Follow-up actions overdue"),
    "governance",
    unit=_("items"),
    better=LOWER,
    list_url=_url("action-list"),
    order=32,
    zero_is_target=True,
)
def actions_overdue(area, period):
    """Actions past their due date at the end of the period and not closed by then."""
    day = period.as_of()
    return (
        FollowUpAction.objects.within(area)
        .filter(due_on__lt=day)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=period.end_at))
        .count()
    )


@figure(
    "party.supervision_gaps",
    _("Buildings and stairwells without a supervisor"),
    "governance",
    unit=_("places"),
    better=LOWER,
    list_url=_url("supervision"),
    order=40,
    zero_is_target=True,
)
def supervision_gaps(area, period):
    gaps = selectors.uncovered_in(Area.objects.subtree(area))
    return len(gaps["buildings"]) + len(gaps["stairwells"])


@figure(
    "party.check_ins",
    _("Party members and agencies checked in"),
    "cogovernance",
    unit=_("people"),
    better=HIGHER,
    list_url=_url("checkin-list"),
    order=60,
)
def check_ins(area, period):
    return (
        CommunityCheckIn.objects.within(area)
        .filter(starts_on__lte=period.end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
        .count()
    )


@figure(
    "party.councils",
    _("Grassroots council and joint party-building meetings"),
    "cogovernance",
    unit=_("meetings"),
    list_url=_url("meeting-list"),
    order=80,
)
def councils(area, period):
    return (
        Meeting.objects.within(area)
        .filter(
            kind__in=[MeetingKind.GRASSROOTS_COUNCIL, MeetingKind.JOINT_PARTY_BUILDING],
            held_at__gte=period.start_at,
            held_at__lt=period.end_at,
        )
        .count()
    )
