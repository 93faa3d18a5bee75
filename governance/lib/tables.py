"""Column definitions shared by list pages and their Excel exports, so both always show the same thing."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from governance.lib.tones import tone_of


class Column:
    """One column: a dotted accessor (attributes, `get_x_display` for choices, callables), a label.

    `link` makes the cell a link to the row's `get_absolute_url`; `order_by` makes it sortable.
    `tone=True` shows the cell as a status tag in the tone declared beside the field's choices (red when
    the row is overdue, and then the tag says so in words); a callable `tone(obj)` gives the tone of a cell
    that is not a status.

    Below the phone breakpoint a row is shown as a card: the link cell is its title, the status tag sits
    beside it, the other cells follow as "label value" lines; `phone=False` leaves a cell off the card.
    """

    def __init__(
        self, accessor, label, *, link=False, order_by=None, export=True, page=True, tone=None, phone=True
    ):
        self.accessor = accessor
        self.label = label
        self.link = link
        self.order_by = order_by
        self.export = export
        self.page = page
        self.tone = tone
        self.phone = phone

    @property
    def card_role(self) -> str:
        """The cell's place on a phone card: `title`, `status`, `hidden` or "" (a labelled line)."""
        if not self.phone:
            return "hidden"
        if self.link:
            return "title"
        if self.tone is True:
            return "status"
        return ""

    def tone_for(self, obj) -> str:
        if self.tone is True:
            return tone_of(obj, self.accessor)
        return self.tone(obj) if self.tone else ""

    def raw(self, obj):
        if callable(self.accessor):
            return self.accessor(obj)
        value = obj
        parts = self.accessor.split(".")
        for i, part in enumerate(parts):
            if value is None:
                return None
            if i == len(parts) - 1 and hasattr(value, f"get_{part}_display"):
                return getattr(value, f"get_{part}_display")()
            value = getattr(value, part)
            if callable(value) and not hasattr(value, "all"):
                value = value()
        if hasattr(value, "all"):  # a related manager: join the names
            return "、".join(str(v) for v in value.all())
        return value

    def text(self, obj) -> str:
        value = self.raw(obj)
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m-%d")
        if isinstance(value, Decimal):
            return number_format(value, 2, force_grouping=True)
        return str(value)

    def excel(self, obj):
        value = self.raw(obj)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        if isinstance(value, bool):
            return "是" if value else "否"
        if value is None or isinstance(value, (int, float, Decimal, datetime.date)):
            return value
        return str(value)


def detail_url(obj) -> str:
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    return ""


def rows_for_page(columns, objects):
    """[(obj, [(column, text, url, tone)])] for the list template."""
    page_columns = [c for c in columns if c.page]
    rows = []
    for obj in objects:
        cells = []
        for column in page_columns:
            url = detail_url(obj) if column.link else ""
            tone = column.tone_for(obj)
            text = column.text(obj)
            if column.tone is True and getattr(obj, "is_overdue", False):
                # Red alone does not say why (and not everyone tells red from green): say it in words.
                text = _("%(status)s · overdue") % {"status": text}
            cells.append((column, text, url, tone))
        rows.append((obj, cells))
    return rows
