"""Reads that carry meaning: the three rates, matching suggestions, service totals and neglected plots."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone

from governance.lib.settings import declare_setting
from governance.models import Area
from governance.portal.selectors import setting_value
from governance.territory.choices import AreaLevel
from partybuilding.models import CommunityCheckIn
from volunteers.choices import NeedStatus
from volunteers.models import OPEN_STATUSES, Need, ServiceItem, ServiceRecord, Volunteer

POINTS_PER_HOUR = declare_setting(
    "volunteers.points_per_hour", 1, "Points a volunteer earns per confirmed hour of service."
)
NEGLECT_DAYS = declare_setting(
    "volunteers.garden_neglect_days", 14, "Days without a care log after which an adopted plot is listed."
)

# Path lengths of the territory levels (4 characters per level): community and grid prefixes.
COMMUNITY_PATH_LEN = Area.path_length(AreaLevel.COMMUNITY)
GRID_PATH_LEN = Area.path_length(AreaLevel.GRID)
GROUPINGS = ("community", "grid", "category", "month")


@dataclass
class Rates:
    """The three rates of a group of needs, with the medians behind them."""

    key: object
    label: str = ""
    total: int = 0
    responded_in_time: int = 0
    accepted: int = 0
    resolved: int = 0
    rated: int = 0
    satisfied: int = 0
    response_hours: list = field(default_factory=list)
    resolution_hours: list = field(default_factory=list)

    @staticmethod
    def _pct(part, whole):
        return None if not whole else round(100 * part / whole, 1)

    @property
    def response_rate(self):
        return self._pct(self.responded_in_time, self.total)

    @property
    def resolution_rate(self):
        return self._pct(self.resolved, self.accepted)

    @property
    def satisfaction_rate(self):
        return self._pct(self.satisfied, self.rated)

    @property
    def median_response_hours(self):
        return round(statistics.median(self.response_hours), 1) if self.response_hours else None

    @property
    def median_resolution_hours(self):
        return round(statistics.median(self.resolution_hours), 1) if self.resolution_hours else None


def _hours(delta: datetime.timedelta) -> float:
    return delta.total_seconds() / 3600


def need_rates(needs, by: str) -> list[Rates]:
    """The three rates of `needs` grouped by community, grid, category or month (of submission).

    Response rate: answered (accepted or declined) by the response deadline, among all needs.
    Resolution rate: done (solved or partly solved), among needs not declined.
    Satisfaction rate: ratings 4–5 among rated needs.
    """
    if by not in GROUPINGS:
        raise ValueError(by)
    rows = needs.values(
        "area__path",
        "category_id",
        "category__name",
        "status",
        "submitted_at",
        "respond_by",
        "responded_at",
        "done_at",
        "rating",
        "decline_reason",
    )
    groups: dict = {}
    for row in rows:
        path = row["area__path"]
        if by == "community":
            key = path[:COMMUNITY_PATH_LEN] if len(path) >= COMMUNITY_PATH_LEN else None
        elif by == "grid":
            key = path[:GRID_PATH_LEN] if len(path) >= GRID_PATH_LEN else None
        elif by == "category":
            key = row["category_id"]
        else:
            key = timezone.localtime(row["submitted_at"]).strftime("%Y-%m")
        if key is None:
            continue
        g = groups.get(key)
        if g is None:
            g = groups[key] = Rates(key=key, label=row["category__name"] if by == "category" else str(key))
        g.total += 1
        declined = row["status"] == NeedStatus.DECLINED or bool(row["decline_reason"])
        if row["responded_at"] is not None:
            if row["responded_at"] <= row["respond_by"]:
                g.responded_in_time += 1
            g.response_hours.append(_hours(row["responded_at"] - row["submitted_at"]))
        if not declined:
            g.accepted += 1
        if row["done_at"] is not None:
            g.resolved += 1
            g.resolution_hours.append(_hours(row["done_at"] - row["submitted_at"]))
        if row["rating"] is not None:
            g.rated += 1
            if row["rating"] >= 4:
                g.satisfied += 1
    result = list(groups.values())
    if by in ("community", "grid"):
        paths = set(groups) | {k[:COMMUNITY_PATH_LEN] for k in groups}
        names = dict(Area.objects.filter(path__in=paths).values_list("path", "name"))
        for g in result:
            if by == "community":
                g.label = names.get(g.key, g.key)
            else:
                g.label = f"{names.get(g.key[:COMMUNITY_PATH_LEN], '')} {names.get(g.key, '')}"
    return result


def need_rate_totals(needs) -> Rates:
    """The three rates of all of `needs` in one aggregate query (no medians): for dashboard cards."""
    not_declined = Q(decline_reason="") & ~Q(status=NeedStatus.DECLINED)
    row = needs.aggregate(
        total=Count("id"),
        responded_in_time=Count("id", filter=Q(responded_at__lte=F("respond_by"))),
        accepted=Count("id", filter=not_declined),
        resolved=Count("id", filter=Q(done_at__isnull=False)),
        rated=Count("id", filter=Q(rating__isnull=False)),
        satisfied=Count("id", filter=Q(rating__gte=4)),
    )
    return Rates(key="all", **row)


def community_ranking(needs) -> list[Rates]:
    """Communities best first: satisfaction, then resolution, then response rate (no data last)."""

    def sort_key(r: Rates):
        return tuple(
            -(x if x is not None else -1) for x in (r.satisfaction_rate, r.resolution_rate, r.response_rate)
        )

    return sorted(need_rates(needs, "community"), key=lambda r: (sort_key(r), r.label))


# ------------------------------------------------------------------------------------------------ matching


@dataclass
class Suggestion:
    kind: str  # "item" or "volunteer"
    obj: object
    remaining: int
    closeness: int  # depth of the place that ties it to the need: deeper is closer

    @property
    def label(self) -> str:
        return str(self.obj)


def _open_counts(field_name: str, ids) -> dict:
    return dict(
        Need.objects.filter(**{f"{field_name}__in": ids}, status__in=OPEN_STATUSES)
        .values_list(field_name)
        .annotate(n=Count("id"))
    )


def need_suggestions(need: Need) -> list[Suggestion]:
    """Service items and volunteers that fit the need's category and place and have room, best first.

    Best first: the closest place (an item serving the grid beats one serving the whole street),
    then the most remaining capacity, then the name.
    """
    ancestors = need.area.ancestor_paths()
    depth_of = {p: len(p) // 4 for p in ancestors}
    # Not limited to the user's scope: a street-wide service serves a community secretary's needs too.
    items = (
        ServiceItem.objects.filter(is_active=True, category_id=need.category_id)
        .filter(Q(areas_served__path__in=ancestors) | Q(areas_served__isnull=True, area__path__in=ancestors))
        .select_related("area", "team")
        .prefetch_related("areas_served")
        .distinct()
    )
    items = list(items)
    open_items = _open_counts("assigned_item", [i.pk for i in items])
    suggestions = []
    for item in items:
        served = [a.path for a in item.areas_served.all()] or [item.area.path]
        closeness = max(depth_of.get(p, 0) for p in served)
        remaining = item.capacity - open_items.get(item.pk, 0)
        if remaining > 0:
            suggestions.append(Suggestion("item", item, remaining, closeness))
    volunteers = list(
        Volunteer.objects.filter(is_active=True, skills=need.category_id, area__path__in=ancestors)
        .select_related("area", "team")
        .distinct()
    )
    open_vols = _open_counts("assigned_volunteer", [v.pk for v in volunteers])
    for vol in volunteers:
        remaining = vol.max_open_needs - open_vols.get(vol.pk, 0)
        if remaining > 0:
            suggestions.append(Suggestion("volunteer", vol, remaining, depth_of[vol.area.path]))
    suggestions.sort(key=lambda s: (-s.closeness, -s.remaining, s.kind, s.label))
    return suggestions


# -------------------------------------------------------------------------------------------- service totals


def points_for(hours: Decimal) -> Decimal:
    return (hours or Decimal("0")) * setting_value(POINTS_PER_HOUR)


def service_totals(records, by: str) -> list[dict]:
    """Person-times, confirmed hours and points of confirmed records per team, volunteer, member or community."""
    field_of = {
        "team": "team__name",
        "volunteer": "volunteer__name",
        "party_member": "volunteer__party_member_id",
        "community": "area__path",
    }
    key = field_of[by]
    rows = (
        records.confirmed()
        .values(key)
        .annotate(person_times=Count("id"), hours=Sum("hours"))
        .order_by("-person_times", key)
    )
    per_hour = setting_value(POINTS_PER_HOUR)
    return [
        {
            "key": r[key],
            "person_times": r["person_times"],
            "hours": r["hours"],
            "points": r["hours"] * per_hour,
        }
        for r in rows
    ]


def community_service_totals(records) -> list[dict]:
    """Confirmed service per community (records placed in a grid or stairwell roll up to their community)."""
    totals: dict = defaultdict(lambda: {"person_times": 0, "hours": Decimal("0")})
    for path, n, hours in (
        records.confirmed().values_list("area__path").annotate(n=Count("id"), h=Sum("hours")).order_by()
    ):
        t = totals[path[:COMMUNITY_PATH_LEN]]
        t["person_times"] += n
        t["hours"] += hours
    names = dict(Area.objects.filter(path__in=list(totals)).values_list("path", "name"))
    per_hour = setting_value(POINTS_PER_HOUR)
    return sorted(
        ({"key": names.get(p, p), **t, "points": t["hours"] * per_hour} for p, t in totals.items()),
        key=lambda r: (-r["person_times"], r["key"]),
    )


def person_times(records, start: datetime.date, end: datetime.date) -> int:
    return records.confirmed().filter(served_on__range=(start, end)).count()


def checkin_feedback_rows(user, start: datetime.date, end: datetime.date) -> list[dict]:
    """Per party member checked in during the period: community, home organisation and the confirmed
    service they gave (person-times, hours): the report a community sends back to each member's organisation.
    Two queries, whatever the number of members."""
    check_ins = list(
        CommunityCheckIn.objects.visible_to(user)
        .filter(party_member__isnull=False, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .select_related("area", "party_member__organisation")
        .order_by("area__path", "party_member__name")
    )
    service = {
        member: (n, h)
        for member, n, h in ServiceRecord.objects.confirmed()
        .filter(
            volunteer__party_member_id__in={c.party_member_id for c in check_ins},
            served_on__range=(start, end),
        )
        .values_list("volunteer__party_member_id")
        .annotate(n=Count("id"), h=Sum("hours"))
        .order_by()
    }
    rows = []
    for c in check_ins:
        person_times, hours = service.get(c.party_member_id, (0, Decimal("0")))
        rows.append(
            {
                "member": c.party_member.name,
                "organisation": c.party_member.organisation.name,
                "community": c.area.name,
                "starts_on": c.starts_on,
                "ends_on": c.ends_on,
                "person_times": person_times,
                "hours": hours,
            }
        )
    return rows


# -------------------------------------------------------------------------------------------------- garden


def neglected_adoptions(adoptions, today: datetime.date, days: int | None = None):
    """Adoptions in force today whose adopter has logged no care for `days` days (a setting by default)."""
    days = setting_value(NEGLECT_DAYS) if days is None else days
    cutoff = today - datetime.timedelta(days=days)
    return (
        adoptions.filter(starts_on__lte=cutoff, ends_on__gte=today)
        .annotate(last_cared=Max("care_logs__cared_on"))
        .filter(Q(last_cared__isnull=True) | Q(last_cared__lt=cutoff))
        .select_related("plot__project")
        .order_by("last_cared", "plot__code")
    )
