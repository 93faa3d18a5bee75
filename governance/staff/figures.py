"""Figures of the street's staff for the cockpit and the work report: cadres' age, A/B posts, turnover."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.lib.figures import HIGHER, LOWER, figure
from governance.staff import selectors
from governance.staff.models import Post, StaffMember


def _age_url(area, period):
    return reverse("governance:staff-age")


def _coverage_url(area, period):
    return reverse("governance:staff-coverage") + f"?date={period.as_of().isoformat()}"


@figure(
    "staff.leadership_average_age",
    _("Leadership average age"),
    "mechanisms",
    unit=_("years"),
    better=LOWER,
    list_url=_age_url,
    order=10,
    decimals=1,
)
def leadership_average_age(area, period):
    return selectors.age_structure(
        day=period.as_of(), staff=StaffMember.objects.within(area), leadership_only=True
    )["average_age"]


@figure(
    "staff.young_cadre_share",
    _("Share of young cadres"),
    "mechanisms",
    unit="%",
    better=HIGHER,
    list_url=_age_url,
    order=11,
    decimals=1,
)
def young_cadre_share(area, period):
    return selectors.age_structure(day=period.as_of(), staff=StaffMember.objects.within(area))["young_share"]


@figure("staff.cadres", _("Cadres in post"), "mechanisms", unit=_("people"), list_url=_age_url, order=12)
def cadres(area, period):
    return selectors.age_structure(day=period.as_of(), staff=StaffMember.objects.within(area))["headcount"]


def _coverage(area, period):
    return selectors.coverage_on(
        day=period.as_of(), posts=Post.objects.within(area), staff=StaffMember.objects.within(area)
    )


@figure(
    "staff.posts_uncovered",
    _("A/B posts with A and B both away"),
    "mechanisms",
    unit=_("posts"),
    better=LOWER,
    list_url=_coverage_url,
    order=20,
    zero_is_target=True,
)
def posts_uncovered(area, period):
    return len(_coverage(area, period).both_absent)


@figure(
    "staff.posts_without_b",
    _("Posts without B"),
    "mechanisms",
    unit=_("posts"),
    better=LOWER,
    list_url=lambda area, period: reverse("governance:staff-post-list") + "?no_b=true",
    order=21,
    zero_is_target=True,
)
def posts_without_b(area, period):
    return len(_coverage(area, period).no_b)


@figure(
    "staff.turnover",
    _("Community-worker turnover"),
    "mechanisms",
    unit="%",
    better=LOWER,
    list_url=_age_url,
    order=30,
    decimals=1,
)
def community_worker_turnover(area, period):
    return selectors.turnover_between(
        start=period.start, end=period.as_of(), staff=StaffMember.objects.within(area)
    )["rate"]


@figure(
    "staff.leavers",
    _("Community workers who left"),
    "mechanisms",
    unit=_("people"),
    better=LOWER,
    list_url=_age_url,
    order=31,
)
def community_worker_leavers(area, period):
    return selectors.turnover_between(
        start=period.start, end=period.as_of(), staff=StaffMember.objects.within(area)
    )["leavers"]
