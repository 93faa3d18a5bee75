"""The registry of figures: each figure is one function of (place, period) computed from rows.

The leaders' cockpit, the work report and the statistics package all read figures from here, so a figure
is defined once. Apps register theirs in a `figures.py` module (loaded at start-up like the dashboard
panels), since a lower app cannot import the higher ones that hold the rows.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The report's first three parts; the fourth (problems found) is drawn from every figure's "better" side.
SECTIONS = (
    ("mechanisms", gettext_lazy("I. Institutions and mechanisms")),
    ("governance", gettext_lazy("II. The governance system")),
    ("cogovernance", gettext_lazy("III. Governing together")),
    ("enforcement", gettext_lazy("Joint enforcement")),
)
HIGHER, LOWER = "higher", "lower"
_PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4]))?$")


@dataclass(frozen=True)
class Period:
    """A calendar year, or one quarter of it, in the street's time zone."""

    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, text: str) -> "Period":
        """`2026` or `2026Q3`; anything else is a ValueError."""
        match = _PERIOD_RE.match((text or "").strip().upper())
        if not match:
            raise ValueError(_("Give a year (2026) or a quarter (2026Q3)."))
        quarter = match["quarter"]
        return cls(int(match["year"]), int(quarter) if quarter else None)

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * (self.quarter - 1) + 1 if self.quarter else 1, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the period."""
        return self.next_start - datetime.timedelta(days=1)

    @property
    def next_start(self) -> datetime.date:
        if self.quarter and self.quarter < 4:
            return datetime.date(self.year, 3 * self.quarter + 1, 1)
        return datetime.date(self.year + 1, 1, 1)

    @property
    def start_at(self) -> datetime.datetime:
        """The first moment of the period (local time), for timestamp columns: `start_at <= t < end_at`."""
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time()))

    @property
    def end_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.next_start, datetime.time()))

    def as_of(self) -> datetime.date:
        """The day a state figure is read on: the period's last day, or today while the period runs."""
        return min(self.end, timezone.localdate())

    def as_of_moment(self) -> datetime.datetime:
        return min(self.end_at, timezone.now())

    def previous(self) -> "Period":
        if self.quarter is None:
            return Period(self.year - 1)
        return Period(self.year, self.quarter - 1) if self.quarter > 1 else Period(self.year - 1, 4)

    @property
    def label(self) -> str:
        if self.quarter:
            return _("Q%(quarter)d %(year)d") % {"year": self.year, "quarter": self.quarter}
        return _("Year %(year)d") % {"year": self.year}

    def __str__(self):
        return self.code


@dataclass
class Figure:
    """One number of the cockpit and the report: how it is computed, its unit, and the list behind it."""

    key: str
    label: str
    section: str
    compute: Callable  # (area, period) -> int | Decimal | float | None
    unit: str = ""
    better: str | None = None  # HIGHER, LOWER, or None when neither reads as trouble
    list_url: Callable | None = None  # (area, period) -> str
    order: int = 0
    decimals: int = 0
    zero_is_target: bool = False  # any count above zero is a problem (overdue, uncovered)


FIGURES: dict[str, Figure] = {}


def figure(
    key: str,
    label,
    section: str,
    *,
    unit="",
    better=None,
    list_url=None,
    order=0,
    decimals=0,
    zero_is_target=False,
):
    """Register `fn(area, period)` as the figure `key`; the section is one of SECTIONS."""
    if section not in dict(SECTIONS):
        raise ValueError(f"unknown section {section!r}")

    def decorator(fn):
        FIGURES[key] = Figure(
            key, label, section, fn, unit, better, list_url, order, decimals, zero_is_target
        )
        return fn

    return decorator


# Part IV of the report also lists what no single figure says, e.g. overdue summonses per department.
PROBLEM_SOURCES: list[Callable] = []  # (area, period) -> list of sentences


def problem_source(fn):
    """Register `fn(area, period) -> list[str]` as a source of the report's "problems found"."""
    PROBLEM_SOURCES[:] = [
        f for f in PROBLEM_SOURCES if f.__qualname__ != fn.__qualname__ or f.__module__ != fn.__module__
    ]
    PROBLEM_SOURCES.append(fn)
    return fn


def figures_in_order() -> list[Figure]:
    sections = [s for s, _label in SECTIONS]
    return sorted(FIGURES.values(), key=lambda f: (sections.index(f.section), f.order, f.key))


@dataclass
class FigureValue:
    """A figure for one place and period, with last period's value beside it."""

    figure: Figure
    value: object
    previous: object
    url: str = ""

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return _plain(self.value) - _plain(self.previous)

    @property
    def is_worse(self) -> bool:
        """Whether the figure moved in the wrong direction since the previous period."""
        change = self.change
        if change is None or not self.figure.better or change == 0:
            return False
        return (change < 0) if self.figure.better == HIGHER else (change > 0)


def _plain(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def figure_value(fig: Figure, area, period: Period) -> FigureValue:
    return FigureValue(
        figure=fig,
        value=fig.compute(area, period),
        previous=fig.compute(area, period.previous()),
        url=fig.list_url(area, period) if fig.list_url else "",
    )


def evaluate(area, period: Period, keys=None) -> list[FigureValue]:
    """Every registered figure (or those in `keys`) for the place and period, in report order."""
    return [figure_value(f, area, period) for f in figures_in_order() if keys is None or f.key in keys]


def format_value(value, decimals: int = 0) -> str:
    """A figure as printed: thousands separators, the figure's decimals, a dash for "no data"."""
    if value is None:
        return "—"
    if isinstance(value, int) and not decimals:
        return f"{value:,}"
    return f"{_plain(value):,.{decimals}f}"
