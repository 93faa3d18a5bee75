"""Reads of the leaders' cockpit and the work report: every number comes from the figure registry."""

from decimal import Decimal

from django.utils.translation import gettext as _

from governance.lib.figures import (
    FIGURES,
    HIGHER,
    LOWER,
    PROBLEM_SOURCES,
    SECTIONS,
    FigureValue,
    Period,
    evaluate,
    figures_in_order,
    format_value,
)
from governance.territory.choices import AreaLevel
from governance.territory.models import Area

# Figures the cockpit and the report draw over time, and those whose communities are compared in a chart.
TREND_FIGURES = (
    "volunteers.response_rate",
    "volunteers.resolution_rate",
    "volunteers.satisfaction_rate",
    "property.collection_rate",
    "enforcement.arrival_on_time",
)
TREND_PERIODS = 5
AGE_FIGURE, FEES_FIGURE = "staff.leadership_average_age", "property.fees_collected"
REFORM_YEAR = 2017


def report_areas(user):
    """The streets and communities a user may see: the places a cockpit or a report can be made for."""
    return Area.objects.visible_to(user).filter(depth__in=[AreaLevel.STREET, AreaLevel.COMMUNITY])


def default_area(user):
    """The highest place in the user's scope: the street for street staff, the community for a secretary."""
    return report_areas(user).order_by("depth", "path").first()


def communities_of(area) -> list:
    if area.depth >= AreaLevel.COMMUNITY:
        return [area]
    return list(Area.objects.subtree(area).filter(depth=AreaLevel.COMMUNITY, is_active=True).order_by("path"))


def periods_back(period: Period, count: int) -> list[Period]:
    periods = [period]
    for _i in range(count - 1):
        periods.append(periods[-1].previous())
    return list(reversed(periods))


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    return value


def _number(value):
    return None if value is None else float(value)


def ranked(fig, rows: list[tuple[str, object]]) -> list[tuple[int | None, str, object]]:
    """(rank, community, value), best first when the figure has a better side; no data last, unranked."""
    with_data = [r for r in rows if r[1] is not None]
    without = [r for r in rows if r[1] is None]
    if fig.better in (HIGHER, LOWER):
        with_data.sort(key=lambda r: (Decimal(str(r[1])) * (-1 if fig.better == HIGHER else 1), r[0]))
    result, rank, last = [], 0, object()
    for i, (name, value) in enumerate(with_data, start=1):
        if value != last:
            rank, last = i, value
        result.append((rank if fig.better else None, name, value))
    return result + [(None, name, None) for name, _value in without]


def problems(area, period: Period, values: list[FigureValue], by_community: dict) -> list[str]:
    """Part IV: what the figures show going wrong: worse than last period, open counts that should be zero,
    communities behind the others, and what the apps' own problem sources report (overdue by department)."""
    found = []
    for v in values:
        fig = v.figure
        unit = fig.unit
        if v.is_worse:
            found.append(
                _("%(label)s went from %(previous)s%(unit)s to %(value)s%(unit)s.")
                % {
                    "label": fig.label,
                    "previous": format_value(v.previous, fig.decimals),
                    "value": format_value(v.value, fig.decimals),
                    "unit": unit,
                }
            )
        elif fig.zero_is_target and v.value:
            found.append(
                _("%(label)s: %(value)s%(unit)s.") % {"label": fig.label, "value": v.value, "unit": unit}
            )
    if len(by_community) > 1:
        for v in values:
            fig = v.figure
            rows = [(name, vals[fig.key]) for name, vals in by_community.items()]
            order = ranked(fig, rows)
            data = [r for r in order if r[2] is not None]
            if fig.better is None or fig.decimals == 0 or len(data) < 2 or data[-1][2] == data[0][2]:
                continue
            _rank, name, worst = data[-1]
            found.append(
                _(
                    "%(community)s is last of the communities on %(label)s: %(value)s%(unit)s (the street: %(street)s%(unit)s)."
                )
                % {
                    "community": name,
                    "label": fig.label,
                    "value": format_value(worst, fig.decimals),
                    "street": format_value(v.value, fig.decimals),
                    "unit": fig.unit,
                }
            )
    for source in PROBLEM_SOURCES:
        found.extend(source(area, period))
    return found


def trend(area, period: Period, key: str, periods: list[Period]) -> list:
    fig = FIGURES[key]
    return [_number(fig.compute(area, p)) for p in periods]


def report_figures(area, period: Period) -> dict:
    """Everything the report prints, computed once from rows and kept as JSON on the report."""
    values = evaluate(area, period)
    communities = communities_of(area) if area.depth < AreaLevel.COMMUNITY else []
    by_community = {c.name: {f.key: f.compute(c, period) for f in figures_in_order()} for c in communities}
    years = list(range(REFORM_YEAR, period.year + 1))
    return {
        "area": area.name,
        "area_id": area.pk,
        "period": period.code,
        "period_label": period.label,
        "previous_label": period.previous().label,
        "values": [
            {
                "key": v.figure.key,
                "label": str(v.figure.label),
                "section": v.figure.section,
                "unit": str(v.figure.unit),
                "decimals": v.figure.decimals,
                "better": v.figure.better,
                "value": _json(v.value),
                "previous": _json(v.previous),
            }
            for v in values
        ],
        "communities": [
            {"name": name, "values": {k: _json(x) for k, x in vals.items()}}
            for name, vals in by_community.items()
        ],
        "problems": problems(area, period, values, by_community),
        "charts": {
            "years": years,
            "age": [_number(FIGURES[AGE_FIGURE].compute(area, Period(y))) for y in years],
            "fees": [_number(FIGURES[FEES_FIGURE].compute(area, Period(y))) for y in years],
        },
    }


def section_lines(snapshot: dict, section: str) -> list[dict]:
    """The figures of one part with their printed value, last period's and the change."""
    lines = []
    for v in snapshot["values"]:
        if v["section"] != section:
            continue
        value, previous = v["value"], v["previous"]
        change = None
        if value is not None and previous is not None:
            change = Decimal(str(value)) - Decimal(str(previous))
        lines.append(
            {
                **v,
                "text": format_value(value, v["decimals"]),
                "previous_text": format_value(previous, v["decimals"]),
                "change_text": "—"
                if change is None
                else ("+" if change > 0 else "") + format_value(change, v["decimals"]),
            }
        )
    return lines


def narrative_draft(snapshot: dict) -> dict[str, str]:
    """One paragraph per part, written from its figures; staff edit it before the document is made."""
    drafts = {}
    for section, _label in SECTIONS:
        sentences = []
        for line in section_lines(snapshot, section):
            if line["value"] is None:
                continue
            if line["previous"] is None:
                sentences.append(
                    _("%(label)s %(value)s%(unit)s")
                    % {"label": line["label"], "value": line["text"], "unit": line["unit"]}
                )
            else:
                sentences.append(
                    _("%(label)s %(value)s%(unit)s (last period %(previous)s%(unit)s)")
                    % {
                        "label": line["label"],
                        "value": line["text"],
                        "previous": line["previous_text"],
                        "unit": line["unit"],
                    }
                )
        if sentences:
            drafts[section] = _("In %(period)s, %(area)s: %(facts)s.") % {
                "period": snapshot["period_label"],
                "area": snapshot["area"],
                "facts": _("; ").join(sentences),
            }
        else:
            drafts[section] = ""
    drafts["problems"] = _("The data shows %(n)d points that need work in the next period.") % {
        "n": len(snapshot["problems"])
    }
    return drafts


def cockpit(area, period: Period) -> dict:
    """The leaders' page: the place's figures with last period's, communities side by side and ranked,
    the main rates over the last periods."""
    values = evaluate(area, period)
    communities = communities_of(area)
    columns = [(c, {f.key: f.compute(c, period) for f in figures_in_order()}) for c in communities]
    periods = periods_back(period, TREND_PERIODS)
    rows = []
    for v in values:
        fig = v.figure
        ranking = ranked(fig, [(c.name, vals[fig.key]) for c, vals in columns])
        rank_of = {name: rank for rank, name, _value in ranking}
        rows.append(
            {
                "value": v,
                "cells": [
                    {
                        "community": c,
                        "text": format_value(vals[fig.key], fig.decimals),
                        "rank": rank_of[c.name],
                        "url": fig.list_url(c, period) if fig.list_url else "",
                    }
                    for c, vals in columns
                ],
            }
        )
    return {
        "area": area,
        "period": period,
        "sections": [
            {"key": key, "label": label, "rows": [r for r in rows if r["value"].figure.section == key]}
            for key, label in SECTIONS
        ],
        "communities": communities,
        "trend_chart": {
            "tooltip": {"trigger": "axis"},
            "legend": {"type": "scroll", "top": 0},
            "grid": {"containLabel": True, "left": 8, "right": 16, "top": 40, "bottom": 8},
            "xAxis": {"type": "category", "data": [p.label for p in periods]},
            "yAxis": {"type": "value", "axisLabel": {"formatter": "{value}%"}},
            "series": [
                {"name": str(FIGURES[k].label), "type": "line", "data": trend(area, period, k, periods)}
                for k in TREND_FIGURES
            ],
        },
        "community_chart": {
            "tooltip": {"trigger": "axis"},
            "legend": {"type": "scroll", "top": 0},
            "grid": {"containLabel": True, "left": 8, "right": 16, "top": 40, "bottom": 8},
            "xAxis": {"type": "category", "data": [c.name for c in communities]},
            "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
            "series": [
                {
                    "name": str(FIGURES[k].label),
                    "type": "bar",
                    "data": [_number(vals[k]) for _c, vals in columns],
                }
                for k in TREND_FIGURES[:4]
            ],
        },
    }


def statistics_rows(area, period: Period) -> tuple[list[str], list[list]]:
    """The statistics package: one row per community (and the place itself), one column per figure and
    last period's beside it. Non-personal: only the counts, sums and rates of the figure registry."""
    figures = figures_in_order()
    headers = [_("Place"), _("Period")]
    for f in figures:
        unit = f"（{f.unit}）" if f.unit else ""
        headers += [f"{f.label}{unit}", _("%(label)s, previous period") % {"label": f.label}]
    rows = []
    places = [*communities_of(area), area] if area.depth < AreaLevel.COMMUNITY else [area]
    previous = period.previous()
    for place in places:
        row = [place.name, period.code]
        for f in figures:
            row += [_cell(f.compute(place, period)), _cell(f.compute(place, previous))]
        rows.append(row)
    return headers, rows


def _cell(value):
    return float(value) if isinstance(value, Decimal) else value
