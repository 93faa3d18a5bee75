"""Figures of the property reform for the cockpit and the work report: fees, subsidies, re-employment."""

import datetime

from django.db.models import F, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.lib.figures import HIGHER, LOWER, figure
from property import selectors
from property.models import Complaint, FeeRecord, FeeSubsidy, Placement, money


def _fees(area, period):
    return FeeRecord.objects.within(area).filter(period__range=(period.start, period.end)).totals()


def _place(name, year_filter=True):
    def url(area, period):
        query = f"?place={area.pk}" + (f"&year={period.year}" if year_filter else "")
        return reverse(f"property:{name}") + query

    return url


@figure(
    "property.fees_collected",
    _("Property fees collected"),
    "cogovernance",
    unit=_("yuan"),
    better=HIGHER,
    list_url=_place("fee-list"),
    order=10,
    decimals=2,
)
def fees_collected(area, period):
    return _fees(area, period)["collected"]


@figure(
    "property.collection_rate",
    _("Fee collection rate"),
    "cogovernance",
    unit="%",
    better=HIGHER,
    list_url=lambda area, period: reverse("property:collection"),
    order=11,
    decimals=1,
)
def collection_rate(area, period):
    fees = _fees(area, period)
    return selectors.rate(fees["collected"], fees["billed"])


@figure(
    "property.fees_since_reform",
    _("Fees collected since the reform"),
    "cogovernance",
    unit=_("yuan"),
    list_url=lambda area, period: reverse("property:collection"),
    order=12,
    decimals=2,
)
def fees_since_reform(area, period):
    start = datetime.date(selectors.REFORM_YEAR, 1, 1)
    return FeeRecord.objects.within(area).filter(period__range=(start, period.end)).totals()["collected"]


@figure(
    "property.subsidies",
    _("Fee subsidies from cooperatives"),
    "cogovernance",
    unit=_("yuan"),
    list_url=_place("subsidy-list"),
    order=20,
    decimals=2,
)
def subsidies(area, period):
    total = (
        FeeSubsidy.objects.within(area)
        .filter(paid_on__range=(period.start, period.end))
        .aggregate(total=Sum("amount"))["total"]
    )
    return money(total)


@figure(
    "property.re_employed",
    _("People re-employed"),
    "cogovernance",
    unit=_("people"),
    better=HIGHER,
    list_url=_place("placement-list"),
    order=30,
)
def re_employed(area, period):
    return Placement.objects.within(area).filter(starts_on__range=(period.start, period.end)).count()


@figure(
    "property.complaints_overdue",
    _("Property complaints not answered in time"),
    "cogovernance",
    unit=_("cases"),
    better=LOWER,
    list_url=_place("complaint-list", year_filter=False),
    order=40,
    zero_is_target=True,
)
def complaints_overdue(area, period):
    """Complaints received in the period and answered late, or still unanswered past their due date."""
    received = Complaint.objects.within(area).filter(received_on__range=(period.start, period.end))
    late = received.filter(answered_on__isnull=False, answered_on__gt=F("response_due")).count()
    return late + received.overdue(period.as_of()).count()
