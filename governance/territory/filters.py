import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from governance.lib.filters import ScopedFilterSet
from governance.territory.choices import AreaLevel
from governance.territory.models import Area


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
