"""Reads with meaning: collection rates, the trend since the reform, a company's monthly score card."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import ExtractYear, Substr

from governance.models import Area
from governance.territory.choices import AreaLevel
from property.choices import ComplaintStatus
from property.models import Complaint, FeeRecord, FeeSubsidy, Finding, Inspection, Placement, money

REFORM_YEAR = 2017
ZERO = Decimal("0.00")
COMMUNITY_PATH_LEN = Area.path_length(AreaLevel.COMMUNITY)


def area_label(area: Area) -> str:
    """A place by its names below the street ("东湖回迁社区 第一网格 3号楼"); needs `parent__parent`."""
    names, node = [], area
    while node is not None and node.depth >= AreaLevel.COMMUNITY:
        names.append(node.name)
        node = node.parent if node.depth > AreaLevel.COMMUNITY else None
    return " ".join(reversed(names))


def rate(collected: Decimal, billed: Decimal) -> Decimal | None:
    """Collected over billed as a percentage with one decimal, or None when nothing was billed."""
    if not billed:
        return None
    return (collected * 100 / billed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def collection_rates(fees, by: str) -> list[dict]:
    """Billed, collected and rate grouped by "community", "company" or "month" (newest month first)."""
    sums = {"billed": Sum("billed"), "collected": Sum("collected")}
    if by == "community":
        rows = fees.annotate(key=Substr("area__path", 1, COMMUNITY_PATH_LEN)).values("key").annotate(**sums)
        names = dict(Area.objects.filter(path__in=[r["key"] for r in rows]).values_list("path", "name"))
        result = [{**r, "label": names.get(r["key"], r["key"])} for r in rows]
        result.sort(key=lambda r: r["key"])
    elif by == "company":
        rows = fees.values("company_id", "company__name").annotate(**sums).order_by("company__name")
        result = [{**r, "key": r["company_id"], "label": r["company__name"]} for r in rows]
    elif by == "month":
        rows = fees.values("period").annotate(**sums).order_by("-period")
        result = [{**r, "key": r["period"], "label": r["period"].strftime("%Y-%m")} for r in rows]
    else:
        raise ValueError(by)
    for r in result:
        r["billed"], r["collected"] = money(r["billed"]), money(r["collected"])
        r["rate"] = rate(r["collected"], r["billed"])
    return result


def yearly_trend(user, since: int = REFORM_YEAR, until: int | None = None) -> list[dict]:
    """Per year since the reform: fees billed and collected, and subsidies paid (all exact)."""
    until = until or datetime.date.today().year
    fees = {
        r["year"]: r
        for r in FeeRecord.objects.visible_to(user)
        .annotate(year=ExtractYear("period"))
        .values("year")
        .annotate(billed=Sum("billed"), collected=Sum("collected"))
        .order_by()
    }
    subsidies = dict(
        FeeSubsidy.objects.visible_to(user)
        .annotate(year=ExtractYear("paid_on"))
        .values("year")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("year", "total")
    )
    return [
        {
            "year": y,
            "billed": money(fees.get(y, {}).get("billed")),
            "collected": money(fees.get(y, {}).get("collected")),
            "subsidies": money(subsidies.get(y)),
        }
        for y in range(since, until + 1)
    ]


def trend_chart(trend: list[dict], title: str, collected_label: str, subsidies_label: str) -> dict:
    """An ECharts option for collected fees and subsidies per year, in 万元."""
    return {
        "title": {"text": title, "textStyle": {"fontSize": 13}},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 24, "right": 0},
        "grid": {"left": 50, "right": 10, "top": 60, "bottom": 30},
        "xAxis": {"type": "category", "data": [str(r["year"]) for r in trend]},
        "yAxis": {"type": "value", "name": "万元", "nameGap": 12},
        "series": [
            {
                "name": collected_label,
                "type": "bar",
                "data": [float((r["collected"] / 10000).quantize(Decimal("0.01"))) for r in trend],
            },
            {
                "name": subsidies_label,
                "type": "line",
                "data": [float((r["subsidies"] / 10000).quantize(Decimal("0.01"))) for r in trend],
            },
        ],
    }


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = month.replace(day=1)
    following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start, following - datetime.timedelta(days=1)


def company_scorecard(company, month: datetime.date, user) -> dict:
    """One company's month: inspection scores, findings, complaints, satisfaction and collection rate."""
    start, end = month_bounds(month)
    inspections = list(
        Inspection.objects.visible_to(user)
        .filter(company=company, inspected_on__range=(start, end))
        .select_related("area")
        .prefetch_related("findings")
        .order_by("inspected_on", "id")
    )
    scores = [i.score for i in inspections]
    findings = Finding.objects.visible_to(user).filter(inspection__company=company)
    found = findings.filter(inspection__inspected_on__range=(start, end))
    complaints = Complaint.objects.visible_to(user).filter(company=company, received_on__range=(start, end))
    complaint_stats = complaints.aggregate(
        total=Count("id"),
        on_time=Count("id", filter=Q(answered_on__isnull=False, answered_on__lte=F("response_due"))),
        resolved=Count("id", filter=Q(status=ComplaintStatus.RESOLVED)),
        satisfaction=Avg("satisfaction"),
    )
    fees = FeeRecord.objects.visible_to(user).filter(company=company, period=start).totals()
    return {
        "month": start,
        "inspections": inspections,
        "inspection_count": len(scores),
        "average_score": round(sum(scores) / len(scores), 1) if scores else None,
        "findings_found": found.count(),
        "findings_fixed_in_time": found.filter(fixed_on__isnull=False, fixed_on__lte=F("deadline")).count(),
        "findings_overdue": findings.filter(deadline__lte=end)
        .filter(Q(fixed_on__isnull=True) | Q(fixed_on__gt=F("deadline")))
        .filter(deadline__gte=start)
        .count(),
        "complaints": complaint_stats["total"],
        "complaints_answered_in_time": complaint_stats["on_time"],
        "complaints_resolved": complaint_stats["resolved"],
        "satisfaction": round(complaint_stats["satisfaction"], 1)
        if complaint_stats["satisfaction"] is not None
        else None,
        "billed": fees["billed"],
        "collected": fees["collected"],
        "collection_rate": rate(fees["collected"], fees["billed"]),
    }


def placement_counts(user) -> list[dict]:
    """People placed per community and year they started."""
    rows = (
        Placement.objects.visible_to(user)
        .annotate(year=ExtractYear("starts_on"))
        .values("area__name", "area__path", "year")
        .annotate(people=Count("id"))
        .order_by("area__path", "year")
    )
    return [{"community": r["area__name"], "year": r["year"], "people": r["people"]} for r in rows]
