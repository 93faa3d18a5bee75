"""Writing many rows at once: COPY for the large-street generator, batched ORM writes with history for imports.

`insert_rows` is used by the large-street generator (`seed_scale`), where going through the ORM one row at a
time would take hours. Rows are plain dicts keyed by attribute name (`area_id`, not `area`); a missing field
gets its default, "now" for `auto_now`/`auto_now_add`, NULL when nullable, "" for a blank text field. No history
rows and no `save()`: the caller writes what it means, the database's constraints still check it.

`create_with_history`, `update_with_history` and `delete_with_history` are what a service uses to write
thousands of validated records (an import, its undo): one statement per batch instead of one per row, personal
data encrypted with its blind index as `save()` would write it, and one django-simple-history row per record
naming the user, so that "who changed this" still holds.
"""

import datetime
import io
import json
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, models, router
from django.db.models.deletion import Collector
from django.utils import timezone
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_history_manager_for_model,
)

from governance.lib.crypto import BlindIndexField, EncryptedTextField, blind_index
from governance.lib.scope import ScopePrefixField

BATCH = 20_000


def reserve_ids(model, count: int) -> range:
    """`count` fresh primary keys for `model`, taken from its sequence so that later inserts never collide."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column])
            (sequence,) = cursor.fetchone()
            cursor.execute("SELECT nextval(%s)", [sequence])
            (first,) = cursor.fetchone()
            if count > 1:
                cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
            return range(first, first + count)
        cursor.execute(f'SELECT COALESCE(MAX("{model._meta.pk.column}"), 0) FROM "{table}"')
        (last,) = cursor.fetchone()
        return range(last + 1, last + 1 + count)


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime | datetime.date | Decimal | int | float):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _filler(field: models.Field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} has no value and no default")


def _place_paths(model, prefix_fields, rows) -> tuple[str, dict]:
    """(the place's attribute, {place id: path}) for the rows' places, in one query: what the stored community
    and grid paths are cut from."""
    place = model._meta.get_field(prefix_fields[0].source)
    ids = {row.get(place.attname) if isinstance(row, dict) else getattr(row, place.attname) for row in rows}
    ids.discard(None)
    return place.attname, dict(place.related_model._base_manager.filter(pk__in=ids).values_list("pk", "path"))


def insert_rows(model, rows: Iterable[dict]) -> int:
    """Insert `rows` (dicts by attribute name, each with its `id`) into `model`'s table; returns the count."""
    # A generated column (the needs' stored deadline) is written by the database itself.
    fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    table = model._meta.db_table
    now = timezone.now()
    defaults: dict = {}
    total = 0
    batch: list[dict] = []
    prefix_fields = [f for f in fields if isinstance(f, ScopePrefixField)]
    places: tuple[str, dict] = ("", {})

    def raw(row: dict, f: models.Field):
        if f.attname in row:
            return row[f.attname]
        if f.attname not in defaults:
            defaults[f.attname] = _filler(f, now)
        return defaults[f.attname]

    def value(row: dict, f: models.Field):
        # Personal data is written as the ORM writes it: encrypted, with its blind index beside it.
        if isinstance(f, BlindIndexField):
            return blind_index(f.kind, row.get(f.source))
        if isinstance(f, EncryptedTextField):
            return f.get_prep_value(raw(row, f))
        if isinstance(f, ScopePrefixField) and f.attname not in row:
            return f.cut(places[1].get(row.get(places[0])))
        return raw(row, f)

    def flush():
        nonlocal total, places
        if not batch:
            return
        if prefix_fields:
            places = _place_paths(model, prefix_fields, batch)
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            for row in batch:
                buffer.write("\t".join(_copy_text(value(row, f)) for f in fields))
                buffer.write("\n")
            buffer.seek(0)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(f'COPY "{table}" ({columns}) FROM STDIN', buffer)
        else:
            objs = [model(**{f.attname: value(row, f) for f in fields}) for row in batch]
            model.objects.bulk_create(objs, batch_size=500)
        total += len(batch)
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            flush()
    flush()
    return total


# ------------------------------------------------------------------------------- ORM writes with history

WRITE_BATCH = 1000  # rows per INSERT/UPDATE statement: large enough to be fast, small enough for one CASE


def create_with_history(model, objs: list, *, user) -> list:
    """INSERT `objs` in batches (ids come back on PostgreSQL) with one "+" history row each by `user`.

    `bulk_create` calls each field's `pre_save`, so blind indexes and `auto_now_add` are filled as by `save()`;
    encrypted fields encrypt in `get_prep_value` either way.
    """
    if not objs:
        return []
    return bulk_create_with_history(objs, model, batch_size=WRITE_BATCH, default_user=user)


def update_with_history(model, objs: list, fields: list[str], *, user) -> int:
    """UPDATE `fields` of `objs` in batches with one "~" history row each by `user`.

    `bulk_update` calls no `pre_save`: the blind index of an updated personal-data field and the `auto_now`
    fields are computed here, so the stored row is the one `save()` would have written.
    """
    if not objs:
        return 0
    fields = list(fields)
    now = timezone.now()
    prefix_fields = [f for f in model._meta.concrete_fields if isinstance(f, ScopePrefixField)]
    if prefix_fields and prefix_fields[0].source in fields:
        # A moved record's community and grid paths move with it (no `pre_save` here either).
        attname, paths = _place_paths(model, prefix_fields, objs)
        for obj in objs:
            for field in prefix_fields:
                setattr(obj, field.attname, field.cut(paths.get(getattr(obj, attname))))
        fields += [f.name for f in prefix_fields]
    for field in model._meta.concrete_fields:
        if isinstance(field, BlindIndexField) and field.source in fields:
            for obj in objs:
                setattr(obj, field.attname, blind_index(field.kind, getattr(obj, field.source)))
            fields.append(field.name)
        elif getattr(field, "auto_now", False):
            for obj in objs:
                setattr(obj, field.attname, now)
            fields.append(field.name)
    return bulk_update_with_history(
        objs, model, sorted(set(fields)), batch_size=WRITE_BATCH, default_user=user
    )


def delete_with_history(model, objs: list, *, user) -> int:
    """DELETE `objs` set-wise with one "-" history row each by `user`; returns how many rows of `model` went.

    Django's collector still decides what goes with them (cascades, SET_NULL) and refuses what PROTECT or
    RESTRICT keeps (`ProtectedError`, `RestrictedError`), in a few queries per related table. Only the rows of
    `model` itself are then deleted in batches here, rather than one `post_delete` (and one history INSERT) each.
    """
    if not objs:
        return 0
    using = router.db_for_write(model)
    collector = Collector(using=using, origin=objs[0])
    collector.collect(objs)
    mine = list(collector.data.pop(model, ()))
    history = get_history_manager_for_model(model).model
    now = timezone.now()
    history.objects.bulk_create(
        [
            history(
                history_date=now,
                history_user=user,
                history_change_reason="",
                history_type="-",
                **{f.attname: getattr(obj, f.attname) for f in history.tracked_fields},
            )
            for obj in mine
        ],
        batch_size=WRITE_BATCH,
    )
    if collector.data or collector.fast_deletes or collector.field_updates:
        collector.delete()  # what goes with them: other tables' rows, with their own signals
    pks = [obj.pk for obj in mine]
    deleted = 0
    for start in range(0, len(pks), WRITE_BATCH * 10):  # Django's delete_batch would send 100 ids a query
        deleted += (
            model._base_manager.using(using)
            .filter(pk__in=pks[start : start + WRITE_BATCH * 10])
            ._raw_delete(using)
        )
    return deleted
