"""Loading many rows at once: ids reserved from the table's sequence, rows streamed with COPY on PostgreSQL.

Used by the large-street generator (`seed_scale`), where going through the ORM one row at a time would take
hours. Rows are plain dicts keyed by attribute name (`area_id`, not `area`); a missing field gets its default,
"now" for `auto_now`/`auto_now_add`, NULL when nullable, "" for a blank text field. No history rows and no
`save()`: the caller writes what it means, the database's constraints still check it.
"""

import datetime
import io
import json
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, models
from django.utils import timezone

from governance.lib.crypto import BlindIndexField, EncryptedTextField, blind_index

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
        return raw(row, f)

    def flush():
        nonlocal total
        if not batch:
            return
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
