import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.lib.filters import ScopedFilterSet, text_search
from governance.territory.filters import AreaWithinFilter
from volunteers.choices import NeedStatus, RecordStatus, Urgency
from volunteers.models import Need, ServiceCategory, ServiceItem, ServiceRecord, Volunteer


class NeedFilter(ScopedFilterSet):
    place = AreaWithinFilter()
    state = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_state",
        choices=[("overdue", _("Overdue")), *NeedStatus.choices, ("all", _("All"))],
        empty_label=pgettext_lazy("needs filter", "Open"),
    )
    category = django_filters.ModelChoiceFilter(queryset=ServiceCategory.objects.all(), label=_("Category"))
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices, label=_("Urgency"))
    q = django_filters.CharFilter(
        method=text_search("description", "requester_name"), label=pgettext_lazy("search", "Text")
    )

    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Recorded by me"))

    class Meta:
        model = Need
        fields = []

    def filter_mine(self, qs, name, value):
        return qs.filter(created_by=self.request.user) if value else qs

    def filter_state(self, qs, name, value):
        if value == "all":
            return qs
        if value == "overdue":
            return qs.overdue()
        return qs.filter(status=value)


class ServiceItemFilter(ScopedFilterSet):
    place = AreaWithinFilter()
    category = django_filters.ModelChoiceFilter(queryset=ServiceCategory.objects.all(), label=_("Category"))
    is_active = django_filters.BooleanFilter(label=_("Active"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = ServiceItem
        fields = []


class VolunteerFilter(ScopedFilterSet):
    place = AreaWithinFilter()
    skills = django_filters.ModelChoiceFilter(queryset=ServiceCategory.objects.all(), label=_("Skill"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))

    class Meta:
        model = Volunteer
        fields = ["team"]


class ServiceRecordFilter(ScopedFilterSet):
    place = AreaWithinFilter()
    status = django_filters.ChoiceFilter(choices=RecordStatus.choices, label=_("Status"))
    volunteer = django_filters.ModelChoiceFilter(queryset=Volunteer.objects.all(), label=_("Volunteer"))
    served_after = django_filters.DateFilter(field_name="served_on", lookup_expr="gte", label=_("From"))
    served_before = django_filters.DateFilter(field_name="served_on", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = ServiceRecord
        fields = ["team"]
