"""Keyset pagination for HTML lists: a page is the rows after (or before) the last row seen, in the list's order.

Page numbers cost an OFFSET that grows with the depth and an exact COUNT over the whole scope; on a list of
hundreds of thousands of rows both are scans. A keyset page asks the index for "the next 50 after this
row", the same cost at any depth, and counts at most COUNT_LIMIT rows ("10,000+").

A list's order must end in a unique column (the primary key is appended when it is missing) and name only
columns that cannot be NULL; a list ordered otherwise (a user sorting by a column that may be empty) keeps
page numbers.
"""

import base64
import json

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q
from django.db.models.constants import LOOKUP_SEP

COUNT_LIMIT = 10_000
AFTER, BEFORE = "after", "before"


def _field(model, path: str):
    """The model field at the end of a lookup path (`area__path`), or None when it is not a plain field."""
    field = None
    for name in path.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if field.is_relation:
            model = field.related_model
    return field


def keyset_ordering(queryset) -> list[tuple[str, bool]] | None:
    """The queryset's order as (lookup, descending) pairs ending in the primary key, or None when keyset
    paging cannot follow it (an expression, or a column that may be NULL)."""
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering or [])
    pairs = []
    for item in ordering:
        if not isinstance(item, str) or item == "?":
            return None
        descending = item.startswith("-")
        name = item.lstrip("-")
        if name == "pk":
            name = queryset.model._meta.pk.name
        field = _field(queryset.model, name)
        if field is None or field.null or field.is_relation:
            return None
        pairs.append((name, descending))
        if field.primary_key or (field.unique and LOOKUP_SEP not in name):
            return pairs
    pk = queryset.model._meta.pk.name
    pairs.append((pk, pairs[-1][1] if pairs else False))
    return pairs


def _encode(values: list) -> str:
    text = json.dumps([v if isinstance(v, int | float | str) else str(v) for v in values], ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(token: str, model, ordering) -> list | None:
    """The values of a cursor, or None when it is not one of ours (a tampered link starts again at the top)."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(raw, list) or len(raw) != len(ordering):
            return None
        return [
            _field(model, name).to_python(value) for (name, _desc), value in zip(ordering, raw, strict=True)
        ]
    except (ValueError, TypeError, ValidationError):
        return None


def _beyond(ordering, values, forward: bool) -> Q:
    """Rows strictly after `values` in `ordering` (before them when not `forward`): a lexicographic test."""
    q = Q()
    for i, (name, descending) in enumerate(ordering):
        # Forward through a descending column (or back through an ascending one) means smaller values.
        step = Q(**{f"{name}__{'lt' if descending == forward else 'gt'}": values[i]})
        for j in range(i):
            step &= Q(**{ordering[j][0]: values[j]})
        q |= step
    return q


class KeysetPage:
    """One page of a keyset-paged list: its rows and the query strings of the pages before and after."""

    is_keyset = True

    def __init__(self, queryset, ordering, params, page_size: int):
        self.ordering = ordering
        after, before = params.get(AFTER), params.get(BEFORE)
        cursor = _decode(after or before or "", queryset.model, ordering) if (after or before) else None
        forward = not (before and cursor is not None)
        order_by = [f"-{name}" if descending == forward else name for name, descending in ordering]
        # Columns of related rows are read along with the page, so that the cursors cost no query.
        related = {f"keyset_{i}": F(name) for i, (name, _d) in enumerate(ordering) if LOOKUP_SEP in name}
        rows = queryset.annotate(**related).order_by(*order_by)
        if cursor is not None:
            rows = rows.filter(_beyond(ordering, cursor, forward))
        rows = list(rows[: page_size + 1])
        more = len(rows) > page_size
        rows = rows[:page_size]
        if not forward:
            rows.reverse()
        self.object_list = rows
        self.has_next = more if forward else True
        self.has_previous = cursor is not None and (forward or more)
        self.next_cursor = self._cursor(rows[-1]) if rows and self.has_next else None
        self.previous_cursor = self._cursor(rows[0]) if rows and self.has_previous else None
        self.has_other_pages = self.has_next or self.has_previous
        # Counting stops at COUNT_LIMIT: "10,000+" costs a bounded scan, the exact figure a full one.
        self.count = queryset.order_by()[: COUNT_LIMIT + 1].count()
        self.count_is_bounded = self.count > COUNT_LIMIT
        if self.count_is_bounded:
            self.count = COUNT_LIMIT

    def _cursor(self, row) -> str:
        return _encode(
            [
                getattr(row, f"keyset_{i}" if LOOKUP_SEP in name else name)
                for i, (name, _descending) in enumerate(self.ordering)
            ]
        )

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)
