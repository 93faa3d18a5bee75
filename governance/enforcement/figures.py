"""Figures of joint enforcement for the cockpit and the work report: whistle rate, departments' arrival."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.enforcement import selectors
from governance.enforcement.models import EnforcementCase, Summons
from governance.lib.figures import HIGHER, LOWER, figure, problem_source
from governance.residents.models import Resident


def _cases_url(area, period):
    return reverse("governance:enforcement-case-list") + (
        f"?within={area.pk}&raised_after={period.start.isoformat()}&raised_before={period.end.isoformat()}"
    )


def _scorecard_url(area, period):
    return reverse("governance:enforcement-scorecard")


def _cases(area, period):
    return EnforcementCase.objects.within(area).filter(
        raised_at__gte=period.start_at, raised_at__lt=period.end_at
    )


def _delays(area, period):
    """One delay row over every summons of the period (the scorecard's definitions)."""
    summonses = Summons.objects.within(area).filter(
        summoned_at__gte=period.start_at, summoned_at__lt=period.end_at
    )
    rows = selectors.delay_table(summonses, "all", now=period.as_of_moment())
    return rows[0] if rows else None


@figure("enforcement.cases", _("Cases raised"), "enforcement", unit=_("cases"), list_url=_cases_url, order=10)
def cases_raised(area, period):
    return _cases(area, period).count()


@figure(
    "enforcement.whistle_rate",
    _("Whistle rate (cases per 1,000 residents)"),
    "enforcement",
    list_url=_cases_url,
    order=11,
    decimals=2,
)
def whistle_rate(area, period):
    residents = Resident.objects.within(area).filter(is_active=True).count()
    return selectors.WhistleRate(area, _cases(area, period).count(), residents).per_thousand


@figure(
    "enforcement.arrival_on_time",
    _("Departments arriving on time"),
    "enforcement",
    unit="%",
    better=HIGHER,
    list_url=_scorecard_url,
    order=20,
    decimals=1,
)
def arrival_on_time(area, period):
    row = _delays(area, period)
    share = row.arrive_share if row else None
    return None if share is None else round(100 * share, 1)


@figure(
    "enforcement.arrival_median",
    _("Median time to arrive"),
    "enforcement",
    unit=pgettext_lazy("unit", "minutes"),
    better=LOWER,
    list_url=_scorecard_url,
    order=21,
    decimals=0,
)
def arrival_median(area, period):
    row = _delays(area, period)
    return None if row is None or row.respond_median is None else round(row.respond_median)


@figure(
    "enforcement.overdue_summonses",
    _("Summonses overdue on open cases"),
    "enforcement",
    unit=_("items"),
    better=LOWER,
    list_url=_scorecard_url,
    order=22,
    zero_is_target=True,
)
def overdue_summonses(area, period):
    row = _delays(area, period)
    return row.overdue_open if row else 0


@problem_source
def departments_overdue(area, period):
    """Departments with summonses overdue on open cases, most first (the scorecard's department table)."""
    summonses = Summons.objects.within(area).filter(
        summoned_at__gte=period.start_at, summoned_at__lt=period.end_at
    )
    rows = [
        r for r in selectors.delay_table(summonses, "department", now=period.as_of_moment()) if r.overdue_open
    ]
    rows.sort(key=lambda r: (-r.overdue_open, r.label))
    return [
        _("%(department)s: %(n)d summonses overdue on open cases (on time: %(share)s%%).")
        % {
            "department": r.label,
            "n": r.overdue_open,
            "share": "—" if r.arrive_share is None else round(100 * r.arrive_share, 1),
        }
        for r in rows
    ]
