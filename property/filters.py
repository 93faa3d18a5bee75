"""List filters for property pages and the API (related choices limited to the user's scope)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from governance.lib.filters import ScopedFilterSet, YearFilter
from governance.territory.filters import AreaWithinFilter
from property.choices import CompanyKind, ComplaintStatus
from property.models import (
    Complaint,
    Cooperative,
    FeeRecord,
    FeeSubsidy,
    Inspection,
    Placement,
    PropertyCompany,
    ServiceContract,
)


class MonthFilter(django_filters.CharFilter):
    """`YYYY-MM`: the records of that month."""

    def filter(self, qs, value):
        if not value:
            return qs
        try:
            year, month = (int(p) for p in value.split("-")[:2])
        except ValueError:
            return qs.none()
        return qs.filter(**{f"{self.field_name}__year": year, f"{self.field_name}__month": month})


class CompanyFilter(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    kind = django_filters.ChoiceFilter(choices=CompanyKind.choices, label=_("Kind"))

    class Meta:
        model = PropertyCompany
        fields = ["q", "kind", "is_active"]


class ContractFilter(ScopedFilterSet):
    place = AreaWithinFilter()
    company = django_filters.ModelChoiceFilter(
        queryset=PropertyCompany.objects.all(), label=_("Property company")
    )

    class Meta:
        model = ServiceContract
        fields = ["place", "company"]


class CooperativeFilter(ScopedFilterSet):
    place = AreaWithinFilter()

    class Meta:
        model = Cooperative
        fields = ["place"]


class FeeFilter(ScopedFilterSet):
    place = AreaWithinFilter()
    company = django_filters.ModelChoiceFilter(
        queryset=PropertyCompany.objects.all(), label=_("Property company")
    )
    month = MonthFilter(field_name="period", label=_("Month (YYYY-MM)"))
    year = YearFilter(field_name="period__year", label=_("Year"))

    class Meta:
        model = FeeRecord
        fields = ["place", "company", "month", "year"]


class SubsidyFilter(ScopedFilterSet):
    place = AreaWithinFilter()
    cooperative = django_filters.ModelChoiceFilter(queryset=Cooperative.objects.all(), label=_("Cooperative"))
    year = YearFilter(field_name="paid_on__year", label=_("Year"))

    class Meta:
        model = FeeSubsidy
        fields = ["place", "cooperative", "year"]


class InspectionFilter(ScopedFilterSet):
    place = AreaWithinFilter()
    company = django_filters.ModelChoiceFilter(
        queryset=PropertyCompany.objects.all(), label=_("Property company")
    )
    month = MonthFilter(field_name="inspected_on", label=_("Month (YYYY-MM)"))

    class Meta:
        model = Inspection
        fields = ["place", "company", "month"]


class ComplaintFilter(ScopedFilterSet):
    place = AreaWithinFilter()
    company = django_filters.ModelChoiceFilter(
        queryset=PropertyCompany.objects.all(), label=_("Property company")
    )
    status = django_filters.ChoiceFilter(choices=ComplaintStatus.choices, label=_("Status"))
    month = MonthFilter(field_name="received_on", label=_("Month (YYYY-MM)"))

    class Meta:
        model = Complaint
        fields = ["place", "company", "status", "month"]


class PlacementFilter(ScopedFilterSet):
    place = AreaWithinFilter()
    year = YearFilter(field_name="starts_on__year", label=_("Year"))

    class Meta:
        model = Placement
        fields = ["place", "year"]
