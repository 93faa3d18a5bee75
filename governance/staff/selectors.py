"""Reads for street staff: who is in charge, A/B coverage on a date, age structure and turnover."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from governance.lib.settings import declare_setting
from governance.portal.selectors import setting_value
from governance.staff.choices import LeaveReason, StaffKind
from governance.staff.models import Absence, LeadershipPortfolio, Post, StaffMember
from governance.territory.choices import Role
from governance.territory.selectors import users_with_role

YOUNG_CADRE_MAX_AGE = declare_setting("staff.young_cadre_max_age", 35, "年轻干部年龄上限（含）")

AGE_BANDS = [(0, 30), (31, 35), (36, 40), (41, 45), (46, 50), (51, 55), (56, 200)]


# ------------------------------------------------------------------------------------- who is in charge


def portfolios_covering(*, area, work_line: str | None = None, queryset=None):
    """Portfolios over `area` (its own or an ancestor's), nearest first."""
    qs = (queryset if queryset is not None else LeadershipPortfolio.objects.all()).filter(
        area__path__in=area.ancestor_paths()
    )
    if work_line:
        qs = qs.filter(work_line=work_line)
    return sorted(qs.select_related("leader__user", "area"), key=lambda p: -len(p.area.path))


def leader_in_charge(*, area, work_line: str, queryset=None):
    """The portfolio that answers for `work_line` in `area`: the community's own, else the street's."""
    found = portfolios_covering(area=area, work_line=work_line, queryset=queryset)
    return found[0] if found else None


def leaders_in_charge(*, work_line: str, area) -> list:
    """The portal users who answer for `work_line` in `area`: the leader of that portfolio, else the
    street administrators over that place (escalations always reach somebody)."""
    portfolio = leader_in_charge(area=area, work_line=work_line)
    if portfolio is not None and portfolio.leader.user is not None and portfolio.leader.user.is_active:
        return [portfolio.leader.user]
    return list(users_with_role(Role.STREET_ADMIN, area))


# ----------------------------------------------------------------------------------------- A/B coverage


@dataclass
class Coverage:
    day: datetime.date
    absent: dict = field(default_factory=dict)  # staff id -> Absence
    both_absent: list = field(default_factory=list)  # posts whose A and B are both away
    a_absent_b_covers: list = field(default_factory=list)  # posts run by B today
    no_b: list = field(default_factory=list)
    backing_up_nobody: list = field(default_factory=list)  # [(staff, number of posts held)]

    @property
    def warning_count(self) -> int:
        return len(self.both_absent) + len(self.no_b) + len(self.backing_up_nobody)


def absences_on(day, queryset=None) -> dict:
    qs = queryset if queryset is not None else Absence.objects.all()
    return {a.staff_id: a for a in qs.on(day).select_related("staff")}


def coverage_on(*, day: datetime.date, posts=None, staff=None) -> Coverage:
    """What the A/B posts look like on `day`: uncovered posts, posts without B, staff backing up nobody."""
    posts = list(
        (posts if posts is not None else Post.objects.all()).select_related(
            "holder_a", "holder_b", "department"
        )
    )
    staff = staff if staff is not None else StaffMember.objects.all()
    result = Coverage(day=day, absent=absences_on(day))
    for post in posts:
        a_away = post.holder_a_id in result.absent
        if post.holder_b_id is None:
            result.no_b.append(post)
            continue
        b_away = post.holder_b_id in result.absent
        if a_away and b_away:
            result.both_absent.append(post)
        elif a_away:
            result.a_absent_b_covers.append(post)
    as_b = Counter(p.holder_b_id for p in posts if p.holder_b_id)
    held = Counter(p.holder_a_id for p in posts) + as_b
    serving = staff.active_on(day).filter(kind=StaffKind.CADRE, is_leadership=False).order_by("name", "id")
    result.backing_up_nobody = [(s, held[s.pk]) for s in serving if as_b[s.pk] == 0]
    return result


@dataclass
class Handover:
    post: Post
    role: str  # "A" or "B"
    to: StaffMember | None  # who runs the post (A) or backs it up (B) while away; None = nobody
    note: str


def handover_for(*, staff: StaffMember, starts_on: datetime.date, ends_on: datetime.date) -> list[Handover]:
    """For a staffer going away from `starts_on` to `ends_on`, which posts move to whom."""
    away = Absence.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exclude(staff=staff)
    away_ids = set(away.values_list("staff_id", flat=True))
    moves = []
    posts = Post.objects.filter(Q(holder_a=staff) | Q(holder_b=staff)).select_related("holder_a", "holder_b")
    for post in posts.order_by("name", "id"):
        if post.holder_a_id == staff.pk:
            if post.holder_b is None:
                moves.append(Handover(post, "A", None, _("No B holder: nobody runs this post.")))
            elif post.holder_b_id in away_ids:
                moves.append(Handover(post, "A", None, _("The B holder is away too: nobody runs this post.")))
            else:
                moves.append(Handover(post, "A", post.holder_b, _("The B holder runs the post.")))
        else:
            moves.append(
                Handover(post, "B", post.holder_a, _("The A holder keeps the post without a backup."))
            )
    return moves


# --------------------------------------------------------------------------------- age and turnover


def _band_label(low: int, high: int) -> str:
    if low == 0:
        return _("%(n)d and under") % {"n": high}
    if high >= 200:
        return _("%(n)d and over") % {"n": low}
    return f"{low}–{high}"


def age_structure(
    *, day: datetime.date, staff=None, leadership_only: bool = False, threshold: int | None = None
) -> dict:
    """Headcount, average age (full years, 1 decimal), share of young cadres and age bands on `day`."""
    threshold = setting_value(YOUNG_CADRE_MAX_AGE) if threshold is None else threshold
    qs = (
        (staff if staff is not None else StaffMember.objects.all())
        .active_on(day)
        .filter(kind=StaffKind.CADRE)
    )
    if leadership_only:
        qs = qs.filter(is_leadership=True)
    ages = [StaffMember(birth_date=b).age_on(day) for b in qs.values_list("birth_date", flat=True)]
    count = len(ages)
    young = sum(1 for a in ages if a <= threshold)
    bands = [(_band_label(lo, hi), sum(1 for a in ages if lo <= a <= hi)) for lo, hi in AGE_BANDS]
    return {
        "day": day,
        "headcount": count,
        "average_age": round(sum(ages) / count, 1) if count else None,
        "young": young,
        "young_share": round(100 * young / count, 1) if count else None,
        "threshold": threshold,
        "bands": bands,
    }


def age_trend(
    *, until: datetime.date, staff=None, leadership_only: bool = False
) -> list[tuple[int, float | None]]:
    """Average age at the end of each year since the earliest hiring, the current year on `until`."""
    qs = staff if staff is not None else StaffMember.objects.all()
    group = (
        qs.filter(kind=StaffKind.CADRE, is_leadership=True)
        if leadership_only
        else qs.filter(kind=StaffKind.CADRE)
    )
    first = group.order_by("hired_on").values_list("hired_on", flat=True).first()
    if first is None:
        return []
    points = []
    for year in range(first.year, until.year + 1):
        day = min(datetime.date(year, 12, 31), until)
        points.append(
            (year, age_structure(day=day, staff=qs, leadership_only=leadership_only)["average_age"])
        )
    return points


def turnover(*, year: int, staff=None) -> dict:
    """Community workers who left in `year` over the average of the headcounts on 1 January and 31 December."""
    return {
        "year": year,
        **turnover_between(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), staff=staff),
    }


def turnover_between(*, start: datetime.date, end: datetime.date, staff=None) -> dict:
    """Community workers who left between `start` and `end` (both included) over the average of the
    headcounts on those two days: the yearly turnover, or a quarter's for the work report."""
    qs = (staff if staff is not None else StaffMember.objects.all()).filter(kind=StaffKind.COMMUNITY_WORKER)
    headcount_start = qs.active_on(start).count()
    headcount_end = qs.active_on(end).count()
    leavers = qs.filter(left_on__range=(start, end))
    reasons = Counter(leavers.values_list("leave_reason", flat=True))
    average = (headcount_start + headcount_end) / 2
    count = sum(reasons.values())

    return {
        "headcount_start": headcount_start,
        "headcount_end": headcount_end,
        "average_headcount": average,
        "leavers": count,
        "rate": round(100 * count / average, 1) if average else None,
        "reasons": [(LeaveReason(k).label, v) for k, v in sorted(reasons.items())],
    }


def turnover_by_year(*, until: datetime.date, staff=None) -> list[dict]:
    """`turnover()` for every year since the first community worker was hired, up to `until`'s year."""
    qs = (staff if staff is not None else StaffMember.objects.all()).filter(kind=StaffKind.COMMUNITY_WORKER)
    first = qs.order_by("hired_on").values_list("hired_on", flat=True).first()
    if first is None:
        return []
    return [turnover(year=year, staff=qs) for year in range(first.year, until.year + 1)]
