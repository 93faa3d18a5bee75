import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.lib.filters import ScopedFilterSet
from governance.staff.choices import EvaluationStatus, StaffKind, WorkLine
from governance.staff.models import Department, Evaluation, LeadershipPortfolio, Post, StaffMember


class StaffMemberFilter(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=pgettext_lazy("street office", "Department")
    )
    kind = django_filters.ChoiceFilter(choices=StaffKind.choices, label=_("Kind"))
    is_leadership = django_filters.BooleanFilter(label=_("Leadership team"))
    serving = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", label=_("Serving"))

    class Meta:
        model = StaffMember
        fields = ["q", "department", "kind", "is_leadership", "serving"]


class PortfolioFilter(ScopedFilterSet):
    work_line = django_filters.ChoiceFilter(choices=WorkLine.choices, label=_("Line of work"))
    leader = django_filters.ModelChoiceFilter(
        queryset=StaffMember.objects.filter(is_leadership=True), label=_("Leader")
    )

    class Meta:
        model = LeadershipPortfolio
        fields = ["work_line", "leader"]


class PostFilter(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=pgettext_lazy("street office", "Department")
    )
    no_b = django_filters.BooleanFilter(
        field_name="holder_b", lookup_expr="isnull", label=_("Without B holder")
    )

    class Meta:
        model = Post
        fields = ["q", "department", "no_b"]


class EvaluationFilter(ScopedFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    quarter = django_filters.ChoiceFilter(choices=[(i, f"Q{i}") for i in range(1, 5)], label=_("Quarter"))
    status = django_filters.ChoiceFilter(choices=EvaluationStatus.choices, label=_("Status"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("To evaluate by me"))

    class Meta:
        model = Evaluation
        fields = ["year", "quarter", "status", "mine"]

    def filter_mine(self, qs, name, value):
        if value:
            return qs.filter(evaluators=self.request.user)
        return qs
