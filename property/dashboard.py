"""The property panel: collection rate, subsidies, open complaints, overdue rectifications, re-employment."""

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from governance.lib.registry import Card, dashboard_panel
from governance.territory.choices import Role
from property import selectors
from property.models import Complaint, FeeRecord, FeeSubsidy, Finding, Placement, money
from property.selectors import area_label


def yuan_wan(amount) -> str:
    """Money for a number card: 万元 with one decimal above ten thousand, else yuan with two."""
    if amount >= 10000:
        return number_format(amount / 10000, 1, force_grouping=True) + "万"
    return number_format(amount, 2, force_grouping=True)


@dashboard_panel(
    "property",
    order=30,
    permission="property.view_feerecord",
    roles=[Role.STREET_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.VIEWER],
    watches=(
        "property.FeeRecord",
        "property.FeeSubsidy",
        "property.Complaint",
        "property.Finding",
        "property.Placement",
    ),
)
def property_panel(request):
    user = request.user
    today = timezone.localdate()
    year = today.year
    fees = FeeRecord.objects.visible_to(user).filter(period__year=year).totals()
    collection_rate = selectors.rate(fees["collected"], fees["billed"])
    subsidies = money(
        FeeSubsidy.objects.visible_to(user).filter(paid_on__year=year).aggregate(t=Sum("amount"))["t"]
    )
    complaints = Complaint.objects.visible_to(user)
    open_complaints = complaints.open().count()
    overdue_complaints = list(
        complaints.overdue(today).select_related("company", "area__parent__parent__parent")[:5]
    )
    findings = Finding.objects.visible_to(user).overdue(today)
    overdue_findings = findings.count()
    placements = Placement.objects.visible_to(user)
    re_employed = placements.count()
    in_work = placements.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), starts_on__lte=today).count()
    trend = selectors.yearly_trend(user, until=year)
    total_collected = sum((r["collected"] for r in trend), start=money(None))
    attention = [
        {
            "text": _("Complaint not answered by %(due)s: %(company)s, %(area)s")
            % {"due": c.response_due.isoformat(), "company": c.company.name, "area": area_label(c.area)},
            "url": c.get_absolute_url(),
            "tone": "danger",
            "tag": _("Overdue"),
        }
        for c in overdue_complaints
    ]
    return {
        "title": _("Property management"),
        "cards": [
            Card(
                _("Collection rate %(year)s") % {"year": year},
                "—" if collection_rate is None else collection_rate,
                reverse("property:collection"),
                unit="%",
                tone="success",
            ),
            Card(
                _("Subsidies from cooperatives %(year)s") % {"year": year},
                yuan_wan(subsidies),
                reverse("property:subsidy-list") + f"?year={year}",
                unit=_("yuan"),
                tone="info",
            ),
            Card(
                _("Fees collected since the reform"),
                yuan_wan(total_collected),
                reverse("property:collection"),
                unit=_("yuan"),
            ),
            Card(
                _("Open complaints"),
                open_complaints,
                reverse("property:complaint-list"),
                unit=_("cases"),
                tone="warning" if open_complaints else "",
            ),
            Card(
                _("Overdue rectifications"),
                overdue_findings,
                reverse("property:inspection-list"),
                unit=_("items"),
                tone="danger" if overdue_findings else "success",
            ),
            Card(
                _("People re-employed"),
                re_employed,
                reverse("property:placement-list"),
                unit=_("people"),
                note=_("%(n)d in work now") % {"n": in_work},
            ),
        ],
        "attention": attention,
        "chart": selectors.trend_chart(
            trend, _("Fees collected and subsidies since the reform"), _("Fees collected"), _("Subsidies")
        ),
    }
