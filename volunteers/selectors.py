"""Reads that carry meaning: the three rates, matching suggestions, service totals and neglected plots."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Aggregate, Count, DateField, F, FloatField, Max, Q, Sum
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy

from governance.lib.settings import declare_setting
from governance.lib.validators import normalise_phone
from governance.models import Area
from governance.portal.selectors import setting_value
from governance.territory.choices import AreaLevel
from partybuilding.models import CommunityCheckIn
from volunteers.choices import NeedStatus
from volunteers.models import (
    OPEN_STATUSES,
    Need,
    NeedRollup,
    ResidentReport,
    ServiceCategory,
    ServiceContact,
    ServiceItem,
    ServiceRecord,
    Volunteer,
)

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
    """The three rates of a group of needs, with the medians behind them.

    As the 12345 hotlines count them: a need counts against the response rate once it was answered or its
    response deadline has passed, and against the resolution rate once it was done or its resolution deadline
    has passed (declined needs are not to be resolved); a need not yet due counts for neither. The
    satisfaction rate counts each need's first rating (ratings 4–5 among rated needs), so reopening a need
    does not erase what the resident thought of the first handling.
    """

    key: object
    label: str = ""
    total: int = 0
    response_due: int = 0
    responded_in_time: int = 0
    resolution_due: int = 0
    resolved: int = 0
    rated: int = 0
    satisfied: int = 0
    median_response_hours: float | None = None
    median_resolution_hours: float | None = None

    @staticmethod
    def _pct(part, whole):
        return None if not whole else round(100 * part / whole, 1)

    @property
    def response_rate(self):
        return self._pct(self.responded_in_time, self.response_due)

    @property
    def resolution_rate(self):
        return self._pct(self.resolved, self.resolution_due)

    @property
    def satisfaction_rate(self):
        return self._pct(self.satisfied, self.rated)

    def as_dict(self) -> dict:
        return {
            "key": str(self.key),
            "label": self.label,
            "total": self.total,
            "response_due": self.response_due,
            "responded_in_time": self.responded_in_time,
            "response_rate": self.response_rate,
            "resolution_due": self.resolution_due,
            "resolved": self.resolved,
            "resolution_rate": self.resolution_rate,
            "rated": self.rated,
            "satisfied": self.satisfied,
            "satisfaction_rate": self.satisfaction_rate,
            "median_response_hours": self.median_response_hours,
            "median_resolution_hours": self.median_resolution_hours,
        }


def rate_period(today: datetime.date | None = None, months: int = 12) -> tuple[datetime.date, datetime.date]:
    """The default period of the rates: the last `months` months of submission, this one included."""
    last = (today or timezone.localdate()).replace(day=1)
    first = last
    for _ in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first, last


def parse_period(first: str | None, last: str | None) -> tuple[datetime.date, datetime.date]:
    """A period from `YYYY-MM` months as typed in a query string; the default period where one is missing or bad."""
    default_first, default_last = rate_period()

    def month(text, default):
        try:
            return datetime.datetime.strptime((text or "").strip(), "%Y-%m").date()
        except ValueError:
            return default

    first_month, last_month = month(first, default_first), month(last, default_last)
    return (first_month, last_month) if first_month <= last_month else (last_month, first_month)


class _Median(Aggregate):
    """PostgreSQL's exact median of an expression (percentile_cont), in hours from `submitted_at`."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s) / 3600.0)"
    output_field = FloatField()


def _group_key(by: str, path: str, category: str, month: str):
    """The grouping expression of `by` over rows with the place's path, category and month fields."""
    if by == "community":
        return Substr(path, 1, COMMUNITY_PATH_LEN)
    if by == "grid":
        return Substr(path, 1, GRID_PATH_LEN)
    if by == "category":
        return F(category)
    return F(month)


def _key_ok(by: str, key) -> bool:
    """Rows above the level grouped by (a need recorded for the street when grouping by community) drop out."""
    if by == "community":
        return len(key) == COMMUNITY_PATH_LEN
    if by == "grid":
        return len(key) == GRID_PATH_LEN
    return key is not None


def need_rates(user, by: str, period=None, now=None, *, medians: bool = True) -> list[Rates]:
    """The three rates of the needs `user` sees, submitted in `period` (first and last month), grouped by
    community, grid, category or month of submission.

    Counts come from the rollup (a few thousand rows), the needs that fell due unanswered or unresolved from
    the open needs (a few hundred), the medians from PostgreSQL's percentile_cont over the period's needs.
    """
    if by not in GROUPINGS:
        raise ValueError(by)
    now = now or timezone.now()
    first, last = period or rate_period()
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    end = timezone.make_aware(
        datetime.datetime.combine((last + datetime.timedelta(days=32)).replace(day=1), datetime.time())
    )
    groups: dict = {}

    def group(key) -> Rates:
        if key not in groups:
            groups[key] = Rates(key=key)
        return groups[key]

    rollup = (
        NeedRollup.objects.visible_to(user)
        .filter(month__gte=first, month__lte=last)
        .annotate(key=_group_key(by, "area__path", "category_id", "month"))
        .values("key")
        .annotate(
            total=Sum("total"),
            responded=Sum("responded"),
            responded_in_time=Sum("responded_in_time"),
            declined=Sum("declined"),
            done=Sum("done"),
            rated=Sum("rated"),
            satisfied=Sum("satisfied"),
        )
        .order_by()
    )
    for row in rollup:
        if not _key_ok(by, row["key"]):
            continue
        g = group(row["key"])
        g.total, g.responded_in_time, g.resolved = row["total"], row["responded_in_time"], row["done"]
        g.response_due, g.resolution_due = row["responded"], row["done"]
        g.rated, g.satisfied = row["rated"], row["satisfied"]

    needs = Need.objects.visible_to(user).filter(submitted_at__gte=start, submitted_at__lt=end)
    needs = needs.annotate(month=TruncMonth("submitted_at", output_field=DateField())).annotate(
        key=_group_key(by, "area__path", "category_id", "month")
    )
    # Open needs whose deadline has passed count as failures; those not yet due count for nothing.
    overdue = (
        needs.filter(status__in=OPEN_STATUSES)
        .values("key")
        .annotate(
            unanswered=Count("id", filter=Q(responded_at__isnull=True, respond_by__lt=now)),
            unresolved=Count("id", filter=Q(done_at__isnull=True, resolve_by__lt=now)),
        )
        .order_by()
    )
    for row in overdue:
        if row["key"] in groups:
            groups[row["key"]].response_due += row["unanswered"]
            groups[row["key"]].resolution_due += row["unresolved"]
    if medians:  # the one statement that reads the period's needs: a chart of rates does without
        _add_medians(needs, groups)
    _label(by, groups)
    return list(groups.values())


def _add_medians(needs, groups: dict) -> None:
    answered = Q(responded_at__isnull=False)
    done = Q(done_at__isnull=False)
    if connection.vendor == "postgresql":
        rows = (
            needs.values("key")
            .annotate(
                response=_Median(F("responded_at") - F("submitted_at"), filter=answered),
                resolution=_Median(F("done_at") - F("submitted_at"), filter=done),
            )
            .order_by()
        )
        medians = {r["key"]: (r["response"], r["resolution"]) for r in rows}
    else:  # SQLite (the embedded default) has no percentile_cont: the same medians, in Python
        hours: dict = defaultdict(lambda: ([], []))
        for key, submitted, responded, finished in needs.values_list(
            "key", "submitted_at", "responded_at", "done_at"
        ):
            if responded is not None:
                hours[key][0].append(_hours(responded - submitted))
            if finished is not None:
                hours[key][1].append(_hours(finished - submitted))
        medians = {k: tuple(statistics.median(v) if v else None for v in pair) for k, pair in hours.items()}
    for key, g in groups.items():
        response, resolution = medians.get(key, (None, None))
        g.median_response_hours = None if response is None else round(response, 1)
        g.median_resolution_hours = None if resolution is None else round(resolution, 1)


def _label(by: str, groups: dict) -> None:
    if by == "category":
        names = dict(ServiceCategory.objects.filter(pk__in=list(groups)).values_list("pk", "name"))
        for g in groups.values():
            g.label = names.get(g.key, str(g.key))
        return
    if by == "month":
        for g in groups.values():
            g.label = f"{g.key:%Y-%m}"
        return
    paths = set(groups) | {k[:COMMUNITY_PATH_LEN] for k in groups}
    names = dict(Area.objects.filter(path__in=paths).values_list("path", "name"))
    for g in groups.values():
        if by == "community":
            g.label = names.get(g.key, g.key)
        else:
            g.label = f"{names.get(g.key[:COMMUNITY_PATH_LEN], '')} {names.get(g.key, '')}"


def _hours(delta: datetime.timedelta) -> float:
    return delta.total_seconds() / 3600


def need_rate_totals(needs, now=None) -> Rates:
    """The three rates of all of `needs` in one aggregate query (no medians), by the same definitions."""
    now = now or timezone.now()
    declined = Q(status=NeedStatus.DECLINED) | ~Q(decline_reason="")
    row = needs.aggregate(
        total=Count("id"),
        response_due=Count("id", filter=Q(responded_at__isnull=False) | Q(respond_by__lt=now)),
        responded_in_time=Count("id", filter=Q(responded_at__lte=F("respond_by"))),
        resolution_due=Count("id", filter=~declined & (Q(done_at__isnull=False) | Q(resolve_by__lt=now))),
        resolved=Count("id", filter=Q(done_at__isnull=False) & ~declined),
        rated=Count("id", filter=Q(first_rating__isnull=False)),
        satisfied=Count("id", filter=Q(first_rating__gte=4)),
    )
    return Rates(key="all", **row)


RANKING_RULE = gettext_lazy(
    "Communities are ranked by satisfaction rate, then resolution rate, then response rate; "
    "a community without rated needs comes after those with."
)


def community_ranking(user, period=None, now=None) -> list[Rates]:
    """Communities best first: satisfaction, then resolution, then response rate (no data last)."""

    def sort_key(r: Rates):
        return tuple(
            -(x if x is not None else -1) for x in (r.satisfaction_rate, r.resolution_rate, r.response_rate)
        )

    return sorted(need_rates(user, "community", period, now), key=lambda r: (sort_key(r), r.label))


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


# ------------------------------------------------------------------------------- the residents' own channel

INTAKE_WINDOW_HOURS = declare_setting(
    "volunteers.intake_window_hours",
    24,
    "Hours over which residents' own reports are counted for the limits.",
)
INTAKE_PER_ADDRESS = declare_setting(
    "volunteers.intake_per_address", 5, "Residents' reports one network address may send within the window."
)
INTAKE_PER_PHONE = declare_setting(
    "volunteers.intake_per_phone", 3, "Residents' reports one phone number may send within the window."
)
INTAKE_CHALLENGE_AFTER = declare_setting(
    "volunteers.intake_challenge_after",
    2,
    "Reports from one address within the window after which the image challenge is asked.",
)
DUPLICATE_DAYS = declare_setting(
    "volunteers.duplicate_days",
    3,
    "Days within which a report with the same phone or place and category is flagged as a likely duplicate.",
)
RATING_LINK_DAYS = declare_setting(
    "volunteers.rating_link_days", 14, "Days a resident's rating link stays valid after the need is done."
)


def intake_since(now=None) -> datetime.datetime:
    """The start of the window the intake limits count over."""
    return (now or timezone.now()) - datetime.timedelta(hours=setting_value(INTAKE_WINDOW_HOURS))


def intake_reports_from(*, address_index: str = "", phone_index: str = "", now=None) -> int:
    """Residents' reports (confirmed or not) from this address, or this phone, within the window."""
    if not (address_index or phone_index):
        return 0
    reports = ResidentReport.objects.filter(created_at__gte=intake_since(now))
    if address_index:
        reports = reports.filter(address_index=address_index)
    if phone_index:
        reports = reports.filter(phone_index=phone_index)
    return reports.count()


def likely_duplicate(*, area: Area, category, phone: str, now=None) -> Need | None:
    """The earliest open need of the same community and category, submitted within the last few days, with the
    same phone or at the same building or stairwell: what a resident filing the same need twice leaves."""
    now = now or timezone.now()
    community_path = area.path[:COMMUNITY_PATH_LEN]
    since = now - datetime.timedelta(days=setting_value(DUPLICATE_DAYS))
    candidates = (
        Need.objects.filter(
            category=category,
            submitted_at__gte=since,
            area__path__startswith=community_path,
            status__in=OPEN_STATUSES,
        )
        .only("pk", "area_id", "requester_phone", "submitted_at")
        .order_by("submitted_at", "pk")[:100]
    )
    for need in candidates:  # a few needs of one community and category: the phones are compared decrypted
        same_place = area.depth > AreaLevel.GRID and need.area_id == area.pk
        if same_place or (phone and normalise_phone(need.requester_phone or "") == phone):
            return need
    return None


def resident_report_lookup(receipt_number: str, phone_last4: str):
    """The confirmed report with this receipt number whose phone ends in these four digits, or None."""
    number, last4 = (receipt_number or "").strip(), (phone_last4 or "").strip()
    if not number or len(last4) != 4 or not last4.isdigit():
        return None
    report = (
        ResidentReport.objects.filter(receipt_number=number, confirmed_at__isnull=False)
        .select_related("need", "category", "area")
        .first()
    )
    if report is None or not constant_time_compare(report.requester_phone[-4:], last4):
        return None
    return report


PUBLIC_NEEDS_SHOWN = 50


def public_needs(community: Area):
    """The community's latest needs for the public Needs List: category, place down to the grid, date, status,
    the public answer; nothing that names a person (no requester, phone, room, photo or staff note)."""
    return (
        Need.objects.filter(area__path__startswith=community.path)
        .select_related("category", "area")
        .only(
            "pk",
            "category__name",
            "area__path",
            "submitted_at",
            "status",
            "outcome",
            "public_answer",
            "done_at",
        )
        .order_by("-submitted_at", "-id")[:PUBLIC_NEEDS_SHOWN]
    )


def grid_names(community: Area) -> dict[str, str]:
    """Path → name of the community's grids (a need placed deeper shows its grid)."""
    return dict(
        Area.objects.filter(path__startswith=community.path, depth=AreaLevel.GRID).values_list("path", "name")
    )


def community_public_rates(community: Area, now=None) -> Rates:
    """The community's three rates over the default period, for everyone to read (two queries: the rollup and
    the open needs that fell due unanswered or unresolved)."""
    now = now or timezone.now()
    first, last = rate_period()
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    row = NeedRollup.objects.filter(
        area__path__startswith=community.path, month__gte=first, month__lte=last
    ).aggregate(
        total=Sum("total"),
        responded=Sum("responded"),
        responded_in_time=Sum("responded_in_time"),
        done=Sum("done"),
        rated=Sum("rated"),
        satisfied=Sum("satisfied"),
    )
    late = (
        Need.objects.filter(area__path__startswith=community.path, submitted_at__gte=start)
        .filter(status__in=OPEN_STATUSES)
        .aggregate(
            unanswered=Count("id", filter=Q(responded_at__isnull=True, respond_by__lt=now)),
            unresolved=Count("id", filter=Q(done_at__isnull=True, resolve_by__lt=now)),
        )
    )
    return Rates(
        key=community.path,
        label=community.name,
        total=row["total"] or 0,
        response_due=(row["responded"] or 0) + late["unanswered"],
        responded_in_time=row["responded_in_time"] or 0,
        resolution_due=(row["done"] or 0) + late["unresolved"],
        resolved=row["done"] or 0,
        rated=row["rated"] or 0,
        satisfied=row["satisfied"] or 0,
    )


def published_contacts(area: Area):
    """The contacts staff chose to publish for this place, the places above it (the community office) and the
    places within it (a community's grid workers)."""
    return (
        ServiceContact.objects.filter(is_published=True)
        .filter(Q(area__path__in=area.ancestor_paths()) | Q(area__path__startswith=area.path))
        .select_related("area")
        .order_by("area__path", "order", "id")
    )


def need_work_counts(user, now=None) -> dict:
    """A person's needs at a glance, in one query: open and overdue in their scope, waiting to be accepted or
    assigned, and those they recorded themselves (open, overdue)."""
    now = now or timezone.now()
    overdue = (Q(status=NeedStatus.SUBMITTED) & Q(respond_by__lt=now)) | Q(resolve_by__lt=now)
    mine = Q(created_by=user)
    return (
        Need.objects.visible_to(user)
        .open()
        .aggregate(
            open=Count("id"),
            overdue=Count("id", filter=overdue),
            to_accept=Count("id", filter=Q(status=NeedStatus.SUBMITTED)),
            to_assign=Count("id", filter=Q(status=NeedStatus.ACCEPTED)),
            mine_open=Count("id", filter=mine),
            mine_overdue=Count("id", filter=mine & overdue),
        )
    )
