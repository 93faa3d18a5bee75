"""Reads that carry meaning: the org chart, who may own an action, uncovered places, fulfilment."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from governance.lib.scope import scope_q
from governance.models import Area
from governance.territory.choices import AreaLevel
from partybuilding.choices import ActionStatus, SupervisionRole
from partybuilding.models import (
    CommitteeSeat,
    FollowUpAction,
    Meeting,
    PartyOrganisation,
    Pledge,
    SupervisionPost,
)


def org_chart(user) -> list[tuple[PartyOrganisation, int]]:
    """Visible levelled organisations in tree order with their indent: two queries whatever the size."""
    orgs = list(
        PartyOrganisation.objects.visible_to(user)
        .filter(level__isnull=False)
        .select_related("area")
        .annotate(member_count=Count("members", filter=Q(members__status__in=["active", "probationary"])))
        .order_by("area__path", "level", "name")
    )
    return orgs


def action_owner_choices(user):
    """Users who may be given a follow-up action: anyone assigned within the user's scope."""
    User = get_user_model()
    q = scope_q(user, "assignments__area__path")
    users = User.objects.filter(is_active=True)
    if q is not None:
        users = users.filter(q | Q(pk=user.pk))
    return users.distinct().order_by("first_name", "username")


def uncovered_places(user, community: Area | None = None) -> dict:
    """Buildings without a building leader and stairwells without a stairwell party member."""
    places = Area.objects.visible_to(user)
    if community is not None:
        places = places.filter(path__startswith=community.path)
    return uncovered_in(places)


def uncovered_in(places) -> dict:
    """Among `places`, the buildings without a building leader and stairwells without a stairwell member."""
    places = places.filter(depth__in=[AreaLevel.BUILDING, AreaLevel.STAIRWELL])
    covered = set(
        SupervisionPost.objects.filter(is_active=True, area__in=places).values_list("area_id", "role")
    )
    buildings, stairwells = [], []
    for area in places.order_by("path"):
        if area.depth == AreaLevel.BUILDING and (area.pk, SupervisionRole.BUILDING_LEADER) not in covered:
            buildings.append(area)
        if area.depth == AreaLevel.STAIRWELL and (area.pk, SupervisionRole.STAIRWELL_MEMBER) not in covered:
            stairwells.append(area)
    return {"buildings": buildings, "stairwells": stairwells}


def fulfilment_rates(pledges) -> dict:
    """Fulfilment per resident unit, per kind and per place: mean of each pledge's capped share delivered."""
    groups = {"unit": defaultdict(list), "kind": defaultdict(list), "area": defaultdict(list)}
    for pledge in pledges.select_related("resident_unit", "area"):
        share = pledge.fulfilment
        groups["unit"][pledge.resident_unit.name].append(share)
        groups["kind"][pledge.get_kind_display()].append(share)
        groups["area"][pledge.area.name].append(share)
    return {
        key: sorted(
            (
                (name, (sum(shares) / len(shares) * 100).quantize(Decimal("0.1")), len(shares))
                for name, shares in g.items()
            ),
            key=lambda row: row[0],
        )
        for key, g in groups.items()
    }


def overall_fulfilment(pledges) -> Decimal | None:
    rows = list(pledges.values_list("delivered", "quantity"))
    if not rows:
        return None
    shares = [min(Decimal("1"), d / q) for d, q in rows]
    return (sum(shares) / len(shares) * 100).quantize(Decimal("0.1"))


def committee_composition(committee, today: datetime.date):
    seats = CommitteeSeat.objects.filter(committee=committee).select_related("member", "resident_unit")
    current = [s for s in seats if s.starts_on <= today and (s.ends_on is None or s.ends_on >= today)]
    past = [s for s in seats if s not in current]
    return current, past


def dashboard_counts(user, today: datetime.date) -> dict:
    orgs = PartyOrganisation.objects.visible_to(user).filter(level__isnull=False)
    by_level = dict(orgs.values_list("level").annotate(n=Count("id")).order_by())
    actions = FollowUpAction.objects.visible_to(user).filter(status=ActionStatus.OPEN)
    action_counts = actions.aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(due_on__lt=today)),
        mine_overdue=Count("id", filter=Q(due_on__lt=today, owner=user)),
    )
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    meetings = dict(
        Meeting.objects.visible_to(user)
        .filter(held_at__date__gte=quarter_start, held_at__date__lte=today)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    seats = CommitteeSeat.objects.visible_to(user).current(today)
    return {
        "by_level": by_level,
        "members": sum_members(user),
        "part_time_seats": seats.filter(kind="part_time").count(),
        "open_actions": action_counts["open"],
        "overdue_actions": action_counts["overdue"],
        "my_overdue_actions": action_counts["mine_overdue"],
        "meetings_by_kind": meetings,
        "fulfilment": overall_fulfilment(Pledge.objects.visible_to(user)),
        "attention": list(actions.select_related("owner").order_by("due_on", "pk")[:8]),
    }


def sum_members(user) -> int:
    from partybuilding.models import PartyMember

    return PartyMember.objects.visible_to(user).filter(status__in=["active", "probationary"]).count()


def action_timeline(action, limit: int = 20) -> list[dict]:
    """What happened to a follow-up action, newest first, one entry per change (who, when, what).

    An entry says what changed against the version before it: an escalation is "escalated to case #N", not
    a repeat of the progress that stood when it happened. One query.
    """
    versions = list(
        action.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for version, before in zip(versions, versions[1:] + [None], strict=False):
        if len(entries) == limit:
            break
        entry = {"at": version.history_date, "who": version.history_user, "case_id": None, "text": ""}
        if before is not None and version.case_id and version.case_id != before.case_id:
            entry["case_id"] = version.case_id
        else:
            entry["text"] = (
                f"{version.get_status_display()} {version.progress}% {version.progress_note}".strip()
            )
        entries.append(entry)
    return entries


def owned_action_counts(user, today: datetime.date) -> dict:
    """The open follow-up actions `user` owns (wherever the meeting was held) and how many are overdue."""
    return (
        FollowUpAction.objects.owned_by(user)
        .open()
        .aggregate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    )


def overdue_actions(user, today: datetime.date):
    """Open actions past their due date in the user's scope (and those they own)."""
    return FollowUpAction.objects.visible_to(user).overdue(today)


def meetings_without_minutes(user, now):
    """Meetings in the user's scope already held whose minutes nobody has recorded."""
    return Meeting.objects.visible_to(user).filter(held_at__lt=now, minutes="")
