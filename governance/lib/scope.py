"""Who may see what: one queryset method, `visible_to(user)`, used by every page, API view, export and admin.

A user sees a record when the record's `area` lies in the subtree of one of the user's assignments.
Models whose place is reached through another record set `scope_path` on their queryset
(e.g. ``"meeting__area__path"``).
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

_SCOPE_LOADERS: list[Callable] = []


def register_scope_loader(fn: Callable) -> None:
    """`fn(user) -> list of paths` of the areas a user is assigned to; the territory registers it at start-up."""
    _SCOPE_LOADERS[:] = [fn]


def user_scope_paths(user) -> list[str]:
    """Materialised paths of the areas the user is assigned to; cached on the user for the request."""
    cached = getattr(user, "_jiedao_scope_paths", None)
    if cached is not None:
        return cached
    paths = sorted(set(_SCOPE_LOADERS[0](user)))
    # Drop paths already covered by a shorter one: fewer OR terms in every scoped query.
    minimal = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    user._jiedao_scope_paths = minimal
    return minimal


def forget_scope(user) -> None:
    """Drop the cached scope (after the user's assignments changed)."""
    user.__dict__.pop("_jiedao_scope_paths", None)


def user_sees_everything(user) -> bool:
    return bool(user.is_active and user.is_superuser)


def scope_q(user, path_lookup: str) -> Q | None:
    """The filter for `path_lookup` (e.g. ``area__path``); None means no restriction (superuser)."""
    if user_sees_everything(user):
        return None
    paths = user_scope_paths(user) if user.is_authenticated and user.is_active else []
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{path_lookup}__startswith": path})
    return q


class ScopedQuerySetMixin:
    """Adds `visible_to(user)`; every place-bound model's queryset has it."""

    scope_path = "area__path"

    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        q = scope_q(user, self.scope_path)
        return self if q is None else self.filter(q)

    def within(self, area):
        """Records placed in `area` or anywhere below it (a figure's place, not a user's scope)."""
        return self.filter(**{f"{self.scope_path}__startswith": area.path})


class ScopedQuerySet(ScopedQuerySetMixin, models.QuerySet):
    pass


def is_scoped_model(model) -> bool:
    return hasattr(model._default_manager.all(), "visible_to")


def area_in_scope(user, area) -> bool:
    """Whether `area` lies inside the user's scope (no query beyond the cached scope)."""
    if user_sees_everything(user):
        return True
    return any(area.path.startswith(p) for p in user_scope_paths(user))


def check_in_scope(user, area, field: str = "area") -> None:
    """The one guard "this place lies in your scope"; `user=None` is the portal itself (a task, the seed)."""
    if user is not None and not area_in_scope(user, area):
        raise ValidationError({field: _("This place is outside the area you answer for.")})
