import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.enforcement.choices import CaseStatus, SourceKind, Urgency
from governance.enforcement.models import CaseCategory, EnforcementCase, EnforcementDepartment, Summons
from governance.lib.filters import ScopedFilterSet, text_search
from governance.territory.filters import AreaWithinFilter


class CaseFilter(ScopedFilterSet):
    q = django_filters.CharFilter(
        method=text_search("title", "description"), label=pgettext_lazy("search", "Text")
    )
    within = AreaWithinFilter()
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("Status"))
    category = django_filters.ModelChoiceFilter(queryset=CaseCategory.objects.all(), label=_("Category"))
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices, label=_("Urgency"))
    source_kind = django_filters.ChoiceFilter(choices=SourceKind.choices, label=_("Source"))
    department = django_filters.ModelChoiceFilter(
        queryset=EnforcementDepartment.objects.all(),
        field_name="summonses__department",
        distinct=True,
        label=_("Department"),
    )
    raised_after = django_filters.DateFilter(
        field_name="raised_at", lookup_expr="date__gte", label=_("Raised from")
    )
    raised_before = django_filters.DateFilter(
        field_name="raised_at", lookup_expr="date__lte", label=_("Raised until")
    )

    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Raised by me"))

    class Meta:
        model = EnforcementCase
        fields = ["q", "within", "status", "category", "urgency", "source_kind", "department"]

    def filter_mine(self, qs, name, value):
        return qs.filter(raised_by=self.request.user) if value else qs


class DepartmentFilter(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = EnforcementDepartment
        fields = ["q", "is_active"]


class SummonsFilter(ScopedFilterSet):
    case = django_filters.NumberFilter(field_name="case_id", label=_("Case"))
    department = django_filters.ModelChoiceFilter(
        queryset=EnforcementDepartment.objects.all(), label=_("Department")
    )
    waiting = django_filters.BooleanFilter(method="filter_waiting", label=_("Still waiting"))

    class Meta:
        model = Summons
        fields = ["case", "department"]

    def filter_waiting(self, qs, name, value):
        if value is None:
            return qs
        waiting = qs.waiting()
        return waiting if value else qs.exclude(pk__in=waiting.values("pk"))
