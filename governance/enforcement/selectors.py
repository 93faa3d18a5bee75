"""Reads for joint enforcement: who is waiting on whom, and how long the departments take.

Percentiles use the nearest-rank method (the value at rank ceil(p·n) of the sorted durations), so every
figure is one real case's wait and can be checked by hand; the median is the usual middle value (the mean
of the two middle values for an even count). Durations are in minutes.
"""

import datetime
import math
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.enforcement.choices import OPEN_STATUSES, CaseStatus, DropReason
from governance.enforcement.models import EnforcementCase, Summons
from governance.residents.models import Resident
from governance.territory.choices import AreaLevel
from governance.territory.models import Area


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..1) of `values`; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def minutes_between(start: datetime.datetime, end: datetime.datetime) -> float:
    return round((end - start).total_seconds() / 60, 1)


@dataclass
class Waiting:
    """One thing a case is waiting for: who must do what by when."""

    who: str
    what: str
    since: datetime.datetime
    deadline: datetime.datetime | None = None
    summons: Summons | None = None

    def is_overdue(self, now=None) -> bool:
        return self.deadline is not None and (now or timezone.now()) > self.deadline


def waiting_on(case: EnforcementCase, summonses=None) -> list[Waiting]:
    """Who the case is waiting on right now (departments, the community, or the street)."""
    summonses = list(case.summonses.all()) if summonses is None else summonses
    if not case.is_open:
        return []
    waits = []
    if case.status == CaseStatus.RAISED:
        return [Waiting(_("Street office"), _("summon departments"), case.raised_at)]
    for s in summonses:
        if s.arrived_at is None:
            what = _("arrive on site") if s.acknowledged_at else _("acknowledge and arrive on site")
            waits.append(Waiting(str(s.department), what, s.summoned_at, s.respond_by, s))
        elif s.acted_at is None:
            waits.append(Waiting(str(s.department), _("act"), s.arrived_at, s.act_by, s))
    if waits:
        return waits
    last = max((s.acted_at for s in summonses if s.acted_at), default=case.raised_at)
    if case.status == CaseStatus.ACTED:
        return [Waiting(_("Community"), _("verify the result"), last)]
    if case.status == CaseStatus.VERIFIED:
        return [Waiting(_("Street office"), _("close the case"), last)]
    return [Waiting(_("Street office"), _("move the case on"), last)]


def case_status_counts(cases) -> dict[str, int]:
    counts = dict(cases.order_by().values_list("status").annotate(n=Count("id")))
    return {status: counts.get(status, 0) for status in CaseStatus.values}


def overdue_summonses(summonses, now=None):
    """Summons of open cases past a deadline they have not met."""
    from django.db.models import Q

    now = now or timezone.now()
    return summonses.waiting().filter(
        Q(arrived_at__isnull=True, respond_by__lt=now) | Q(acted_at__isnull=True, act_by__lt=now)
    )


# ------------------------------------------------------------------------------------------ delay analytics


@dataclass
class DelayRow:
    """The delay figures of one group of summonses (a department, a category or a month)."""

    key: object
    label: str
    summonses: int = 0
    respond: list = field(default_factory=list)  # minutes from summons to arrival
    act: list = field(default_factory=list)  # minutes from summons to action
    arrived_in_time: int = 0
    acted_in_time: int = 0
    overdue_open: int = 0

    @property
    def respond_median(self):
        return median(self.respond)

    @property
    def respond_p90(self):
        return percentile(self.respond, 0.9)

    @property
    def act_median(self):
        return median(self.act)

    @property
    def act_p90(self):
        return percentile(self.act, 0.9)

    @property
    def arrive_share(self):
        """Share of summonses whose department arrived by the deadline, of those due by now."""
        due = self._due_arrive
        return None if not due else self.arrived_in_time / due

    @property
    def act_share(self):
        due = self._due_act
        return None if not due else self.acted_in_time / due

    _due_arrive: int = 0
    _due_act: int = 0


@dataclass(frozen=True)
class _SummonsFacts:
    """The few columns the delay figures need, read as tuples rather than model instances (much faster)."""

    department_id: int
    department_name: str
    category_id: int
    category_name: str
    case_status: str
    summoned_at: datetime.datetime
    respond_by: datetime.datetime
    act_by: datetime.datetime
    arrived_at: datetime.datetime | None
    acted_at: datetime.datetime | None


_FACT_COLUMNS = (
    "department_id",
    "department__name",
    "case__category_id",
    "case__category__name",
    "case__status",
    "summoned_at",
    "respond_by",
    "act_by",
    "arrived_at",
    "acted_at",
)


def _add(row: DelayRow, s: _SummonsFacts, now) -> None:
    row.summonses += 1
    if s.arrived_at:
        row.respond.append(minutes_between(s.summoned_at, s.arrived_at))
    if s.acted_at:
        row.act.append(minutes_between(s.summoned_at, s.acted_at))
    # A summons counts towards "within the deadline" once it is decided: met, or the deadline has passed.
    if s.arrived_at or s.respond_by < now:
        row._due_arrive += 1
        row.arrived_in_time += int(bool(s.arrived_at and s.arrived_at <= s.respond_by))
    if s.acted_at or s.act_by < now:
        row._due_act += 1
        row.acted_in_time += int(bool(s.acted_at and s.acted_at <= s.act_by))
    if s.case_status in OPEN_STATUSES and (
        (s.arrived_at is None and s.respond_by < now) or (s.acted_at is None and s.act_by < now)
    ):
        row.overdue_open += 1


def delay_tables(
    summonses, groupings=("department", "category", "month"), now=None
) -> dict[str, list[DelayRow]]:
    """Delay figures grouped by "department", "category", "month" (of the summons, local time) and/or "all"
    (one row for every summons), in one read."""
    now = now or timezone.now()
    tables: dict[str, dict[object, DelayRow]] = {by: {} for by in groupings}
    facts = summonses.order_by("summoned_at", "id").values_list(*_FACT_COLUMNS)
    for values in facts.iterator(chunk_size=2000):
        s = _SummonsFacts(*values)
        for by, rows in tables.items():
            if by == "department":
                key, label = s.department_id, s.department_name
            elif by == "category":
                key, label = s.category_id, s.category_name
            elif by == "month":
                key = label = f"{timezone.localtime(s.summoned_at):%Y-%m}"
            elif by == "all":
                key, label = "all", ""
            else:
                raise ValueError(by)
            row = rows.get(key) or rows.setdefault(key, DelayRow(key, label))
            _add(row, s, now)
    result = {}
    for by, rows in tables.items():
        ordered = list(rows.values())
        if by == "month":
            ordered.sort(key=lambda r: r.key)
        else:
            ordered.sort(key=lambda r: (-r.summonses, r.label))
        result[by] = ordered
    return result


def delay_table(summonses, by: str, now=None) -> list[DelayRow]:
    """Delay figures grouped `by` "department", "category" or "month"."""
    return delay_tables(summonses, (by,), now)[by]


def dropped_reasons(cases) -> list[tuple[str, str, int]]:
    """(reason, label, count) of dropped cases, most frequent first."""
    counts = Counter(cases.filter(status=CaseStatus.DROPPED).values_list("drop_reason", flat=True))
    return sorted(
        ((reason, DropReason(reason).label, n) for reason, n in counts.items()),
        key=lambda item: (-item[2], item[0]),
    )


def longest_waiting(cases, limit=10, now=None) -> list[tuple[EnforcementCase, float]]:
    """Open cases by how long they have been open (minutes), longest first."""
    now = now or timezone.now()
    rows = cases.open().select_related("area", "category").order_by("raised_at", "id")[:limit]
    return [(case, minutes_between(case.raised_at, now)) for case in rows]


@dataclass
class WhistleRate:
    community: Area
    cases: int
    residents: int

    @property
    def per_thousand(self) -> float | None:
        return None if not self.residents else round(self.cases * 1000 / self.residents, 2)


def whistle_rates(user, since=None, until=None) -> list[WhistleRate]:
    """Cases raised per 1,000 residents, per community the user may see (too low: unused; too high: failing)."""
    communities = list(Area.objects.visible_to(user).filter(depth=AreaLevel.COMMUNITY).order_by("path"))
    if not communities:
        return []
    cases = EnforcementCase.objects.visible_to(user)
    if since:
        cases = cases.filter(raised_at__gte=since)
    if until:
        cases = cases.filter(raised_at__lt=until)
    # Counted in the database, grouped by the community path each record keeps (no join to the territory).
    case_counts = dict(cases.order_by().values_list("community_path").annotate(n=Count("id")))
    resident_counts = dict(
        Resident.objects.visible_to(user)
        .filter(is_active=True)
        .order_by()
        .values_list("community_path")
        .annotate(n=Count("id"))
    )
    return [WhistleRate(c, case_counts.get(c.path, 0), resident_counts.get(c.path, 0)) for c in communities]
