import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from governance.choices import AreaLevel, Gender, Registration
from governance.lib.forms import FilterFormMixin
from governance.models import Area, Resident


class ScopedFilterSet(FilterFormMixin, django_filters.FilterSet):
    """Filter sets whose related choices are limited to the requesting user's scope."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None:
            for f in self.filters.values():
                queryset = f.extra.get("queryset")
                if queryset is not None and hasattr(queryset, "visible_to"):
                    f.extra["queryset"] = queryset.visible_to(user)


@extend_schema_field(OpenApiTypes.INT)
class AreaWithinFilter(django_filters.ModelChoiceFilter):
    """Records anywhere below the chosen place (one indexed prefix match)."""

    def __init__(self, *args, path_lookup="area__path", **kwargs):
        self.path_lookup = path_lookup
        kwargs.setdefault("queryset", Area.objects.filter(depth__lte=AreaLevel.GRID))
        kwargs.setdefault("label", _("Place"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.path_lookup}__startswith": value.path})


class AreaFilter(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    level = django_filters.TypedChoiceFilter(
        field_name="depth", choices=AreaLevel.choices, coerce=int, label=_("Level")
    )
    within = AreaWithinFilter(path_lookup="path")

    class Meta:
        model = Area
        fields = ["parent"]


class ResidentFilter(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name, ID or phone"))
    within = AreaWithinFilter()
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    registration = django_filters.ChoiceFilter(choices=Registration.choices, label=_("Registration"))

    class Meta:
        model = Resident
        fields = ["q", "within", "gender", "registration"]

    def search(self, qs, name, value):
        return qs.search(value)


def text_search(*fields):
    def method(qs, name, value):
        q = Q()
        for f in fields:
            q |= Q(**{f"{f}__icontains": value})
        return qs.filter(q) if value else qs

    return method
