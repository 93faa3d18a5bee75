"""Figures of the Service and Needs Lists for the cockpit and the work report: the three rates, service given.

The three rates come from `selectors.need_rate_totals`, the rates page's own definition; only the needs
handed to it (submitted in the period, placed in the area) are chosen here.
"""

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.lib.figures import HIGHER, figure
from volunteers import selectors
from volunteers.models import Donation, Need, ServiceRecord


def _needs(area, period):
    return Need.objects.within(area).filter(submitted_at__gte=period.start_at, submitted_at__lt=period.end_at)


def _rates_url(area, period):
    return reverse("volunteers:rates")


def _records_url(area, period):
    return reverse("volunteers:record-list") + (
        f"?status=confirmed&served_after={period.start.isoformat()}&served_before={period.end.isoformat()}"
    )


@figure(
    "volunteers.needs",
    _("Needs received"),
    "cogovernance",
    unit=_("items"),
    list_url=lambda a, p: reverse("volunteers:need-list"),
    order=50,
)
def needs_received(area, period):
    return _needs(area, period).count()


@figure(
    "volunteers.response_rate",
    _("Response rate"),
    "cogovernance",
    unit="%",
    better=HIGHER,
    list_url=_rates_url,
    order=51,
    decimals=1,
)
def response_rate(area, period):
    return selectors.need_rate_totals(_needs(area, period)).response_rate


@figure(
    "volunteers.resolution_rate",
    _("Resolution rate"),
    "cogovernance",
    unit="%",
    better=HIGHER,
    list_url=_rates_url,
    order=52,
    decimals=1,
)
def resolution_rate(area, period):
    return selectors.need_rate_totals(_needs(area, period)).resolution_rate


@figure(
    "volunteers.satisfaction_rate",
    _("Satisfaction rate"),
    "cogovernance",
    unit="%",
    better=HIGHER,
    list_url=_rates_url,
    order=53,
    decimals=1,
)
def satisfaction_rate(area, period):
    return selectors.need_rate_totals(_needs(area, period)).satisfaction_rate


@figure(
    "volunteers.person_times",
    _("Person-times of volunteer service"),
    "cogovernance",
    unit=_("person-times"),
    better=HIGHER,
    list_url=_records_url,
    order=55,
)
def person_times(area, period):
    return selectors.person_times(ServiceRecord.objects.within(area), period.start, period.end)


@figure(
    "volunteers.service_hours",
    _("Hours of volunteer service"),
    "cogovernance",
    unit=pgettext_lazy("unit", "hours"),
    better=HIGHER,
    list_url=_records_url,
    order=56,
    decimals=1,
)
def service_hours(area, period):
    total = (
        ServiceRecord.objects.within(area)
        .confirmed()
        .filter(served_on__range=(period.start, period.end))
        .aggregate(total=Sum("hours"))["total"]
    )
    return total if total is not None else 0


@figure(
    "volunteers.garden_donations",
    _("Donations to the party garden"),
    "cogovernance",
    unit=_("items"),
    list_url=lambda a, p: reverse("volunteers:garden-list"),
    order=70,
)
def garden_donations(area, period):
    return Donation.objects.within(area).filter(received_on__range=(period.start, period.end)).count()
