"""List filters of the party-building pages (the header's search opens these lists with `q`)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.lib.filters import ScopedFilterSet, text_search
from partybuilding.choices import MeetingKind, UnitKind
from partybuilding.models import FollowUpAction, Meeting, ResidentUnit


class MeetingFilter(ScopedFilterSet):
    q = django_filters.CharFilter(
        method=text_search("title", "agenda", "minutes"), label=pgettext_lazy("search", "Text")
    )
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label=_("Kind"))

    without_minutes = django_filters.BooleanFilter(
        method="filter_without_minutes", label=_("Minutes missing")
    )

    class Meta:
        model = Meeting
        fields = ["q", "kind"]

    def filter_without_minutes(self, qs, name, value):
        if value is None:
            return qs
        held = qs.filter(held_at__lt=timezone.now())
        return held.filter(minutes="") if value else held.exclude(minutes="")


class ActionFilter(ScopedFilterSet):
    q = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", label=pgettext_lazy("search", "Text")
    )

    class Meta:
        model = FollowUpAction
        fields = ["q"]


class ResidentUnitFilter(ScopedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("Kind"))

    class Meta:
        model = ResidentUnit
        fields = ["q", "kind"]
