"""Filter-set base: compact widgets, and related choices limited to the requesting user's scope."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.lib.forms import FilterFormMixin


def _scoped_choices(queryset, user):
    """The filter's `queryset` (a queryset or a callable taking the request), limited to `user`'s scope."""

    def choices(request):
        qs = queryset(request) if callable(queryset) else queryset
        if qs is not None and hasattr(qs, "visible_to"):
            qs = qs.visible_to(user)
        return qs

    return choices


class YesNoAllWidget(django_filters.widgets.BooleanWidget):
    """A yes/no filter whose empty choice says 全部 (all), not django-filter's 未知 (unknown)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", pgettext_lazy("filter", "All")), ("true", _("Yes")), ("false", _("No"))]


class ScopedFilterSet(FilterFormMixin, django_filters.FilterSet):
    """Filter sets whose related choices are limited to the requesting user's scope, like the rows.

    django-filter writes a filter's own `queryset` into the form field when it builds the form, so the
    scope goes onto that `queryset` (made a callable of the request), never into `extra`.
    """

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for f in self.filters.values():
            if isinstance(f, django_filters.BooleanFilter):
                f.extra.setdefault("widget", YesNoAllWidget)
        user = getattr(request, "user", None)
        if user is not None:
            for f in self.filters.values():
                if isinstance(f, django_filters.filters.QuerySetRequestMixin) and f.queryset is not None:
                    f.queryset = _scoped_choices(f.queryset, user)


class YearFilter(django_filters.NumberFilter):
    """A year: a whole number (a plain NumberFilter takes decimals, which a `__year` lookup cannot use)."""

    field_class = forms.IntegerField


def text_search(*fields):
    """A filter method matching any of `fields` (case-insensitive containment)."""

    def method(qs, name, value):
        q = Q()
        for f in fields:
            q |= Q(**{f"{f}__icontains": value})
        return qs.filter(q) if value else qs

    return method
