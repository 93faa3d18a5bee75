"""Filter-set base: compact widgets, and related choices limited to the requesting user's scope."""

import django_filters
from django.db.models import Q

from governance.lib.forms import FilterFormMixin


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


def text_search(*fields):
    """A filter method matching any of `fields` (case-insensitive containment)."""

    def method(qs, name, value):
        q = Q()
        for f in fields:
            q |= Q(**{f"{f}__icontains": value})
        return qs.filter(q) if value else qs

    return method
