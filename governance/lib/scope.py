"""Who may see what: one queryset method, `visible_to(user)`, used by every page, API view, export and admin.

A user sees a record when the record's `area` lies in the subtree of one of the user's assignments.
Models whose place is reached through another record set `scope_path` on their queryset
(e.g. ``"meeting__area__path"``).

On the big tables a selective scope must not be a join: a community's secretary asking for the newest 50
of 300,000 residents would walk the index of every community's rows to find theirs. Such a model stores
the path of its community (and grid) beside the record in a `ScopePrefixField`, kept by `save()` and
`bulk_create` like any computed field, and indexed with the list's order; `visible_to` then asks for
``community_path = '…'``, an index range in the list's order, wherever a user's assignment is at that level.
"""

import functools
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
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


def scope_q(user, path_lookup: str, prefix_columns: dict[int, str] | None = None) -> Q | None:
    """The filter for `path_lookup` (e.g. ``area__path``); None means no restriction (superuser).

    `prefix_columns` maps a path length to a column holding the record's path cut to that length (see
    `ScopePrefixField`): an assignment at that level becomes an equality on the column instead of a prefix
    match through the join.
    """
    if user_sees_everything(user):
        return None
    paths = user_scope_paths(user) if user.is_authenticated and user.is_active else []
    if not paths:
        return Q(pk__in=[])
    return paths_q(paths, path_lookup, prefix_columns)


def paths_q(paths, path_lookup: str, prefix_columns: dict[int, str] | None = None) -> Q:
    """Records placed in any of the subtrees `paths` (see `scope_q`)."""
    prefix_columns = prefix_columns or {}
    q = Q()
    for path in paths:
        column = prefix_columns.get(len(path))
        q |= Q(**{column: path}) if column else Q(**{f"{path_lookup}__startswith": path})
    return q


class ScopePrefixField(models.CharField):
    """The path of the record's place cut to `length` (its community's or grid's path), kept on every save.

    `source` names the place: ``"area"``, or ``"meeting.area"`` for a record placed through another. A
    record placed above that level stores NULL. `bulk_create` fills it too (it calls `pre_save`);
    `governance.lib.bulk` fills it for COPY and `bulk_update`, and moving a place re-cuts the rows below it
    (`replace_below`).
    """

    def __init__(self, *args, source: str = "area", length: int = 0, **kwargs):
        self.source, self.length = source, length
        kwargs["max_length"] = length or kwargs.get("max_length", 24)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, length=self.length)
        for key in ("max_length", "null", "blank", "editable"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    @property
    def scope_path(self) -> str:
        """The lookup of the place's path this column cuts (``area__path``)."""
        return self.source.replace(".", "__") + "__path"

    def cut(self, path: str | None) -> str | None:
        return path[: self.length] if path and len(path) >= self.length else None

    def place_of(self, instance):
        place = instance
        for name in self.source.split("."):
            place = getattr(place, name, None) if place is not None else None
        return place

    def pre_save(self, model_instance, add):
        place = self.place_of(model_instance)
        value = self.cut(place.path if place is not None else None)
        setattr(model_instance, self.attname, value)
        return value


@functools.cache
def prefix_columns(model, path_lookup: str) -> dict[int, str]:
    """{path length: column} of `model`'s `ScopePrefixField`s that cut the place `path_lookup` reaches."""
    return {
        f.length: f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, ScopePrefixField) and f.scope_path == path_lookup
    }


def _recut(connection, model, under: str | None = None) -> int:
    """Cut `model`'s stored paths afresh from its places' paths (only below the path `under` if given).

    One UPDATE per table with a correlated sub-select (PostgreSQL and SQLite alike); rows already right are
    rewritten too, which is what a rare move or a migration can afford.
    """
    fields = [f for f in model._meta.concrete_fields if isinstance(f, ScopePrefixField)]
    if not fields:
        return 0
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    place = model._meta.get_field(fields[0].source)  # a direct place (`area`): what the big tables have
    places = quote(place.related_model._meta.db_table)
    sets, params = [], []
    for field in fields:
        sets.append(
            f"{quote(field.column)} = (SELECT CASE WHEN LENGTH(a.path) >= %s THEN SUBSTR(a.path, 1, %s) END "
            f"FROM {places} a WHERE a.id = {table}.{quote(place.column)})"
        )
        params += [field.length, field.length]
    sql = f"UPDATE {table} SET {', '.join(sets)}"
    if under is not None:
        sql += f" WHERE {quote(place.column)} IN (SELECT id FROM {places} WHERE path LIKE %s)"
        params.append(under + "%")  # paths are letters and digits: nothing to escape
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def replace_below(path: str) -> int:
    """Re-cut the stored paths of every record placed at or below `path` (after part of the tree moved)."""
    from django.apps import apps
    from django.db import connection

    return sum(_recut(connection, model, under=path) for model in apps.get_models())


def fill_prefixes(app_label: str, model_name: str):
    """A migration step: cut the stored community and grid paths of existing rows from their places' paths.

    The migration adds the indexes after it, so that they are built once over filled rows.
    """
    from django.db import migrations

    def run(apps, schema_editor):
        _recut(schema_editor.connection, apps.get_model(app_label, model_name))

    return migrations.RunPython(run, migrations.RunPython.noop, elidable=True)


# Sent after a queryset wrote rows without `save()` (an `update()`, a `bulk_create`): `sender` is the model.
# Caches of figures over those rows (governance.lib.dashcache) listen, as they listen to post_save.
rows_changed = Signal()


class ScopedQuerySetMixin:
    """Adds `visible_to(user)`; every place-bound model's queryset has it."""

    scope_path = "area__path"

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            rows_changed.send(sender=self.model)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            rows_changed.send(sender=self.model)
        return created

    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        q = scope_q(user, self.scope_path, prefix_columns(self.model, self.scope_path))
        return self if q is None else self.filter(q)

    def within(self, area):
        """Records placed in `area` or anywhere below it (a figure's place, not a user's scope)."""
        return self.filter(paths_q([area.path], self.scope_path, prefix_columns(self.model, self.scope_path)))


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
