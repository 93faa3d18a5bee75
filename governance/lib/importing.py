"""Bringing a roster in from the files offices really have: one reader, one row check, one plan, one template.

Every roster (residents, the territory, fees, ...) declares a `Roster`: its columns, how a row becomes the
fields of a record, how it finds the record a row speaks of, and how it saves one through its services. This
module knows nothing of our models: it reads `.xlsx` (openpyxl), `.xls` (xlrd) and CSV in UTF-8 with or
without BOM or GBK/GB18030 (charset-normalizer), names the numbers Excel mangled, plans each row as new,
changed, unchanged or refused with its reasons, and builds the templates and the error workbook.
"""

import codecs
import csv
import datetime
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from governance.lib.excel import neutralise

TEXT = "text"
DIGITS = "digits"  # ID numbers, codes: kept as text; a number Excel converted is named
PHONE = "phone"
DATE = "date"
MONTH = "month"
DECIMAL = "decimal"

_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")
TEMPLATE_ROWS = 2000  # rows pre-formatted as text and given drop-downs in a template


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong format, unknown encoding, missing columns, too large."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Column:
    header: str  # the Chinese header in the template and in the file
    key: str
    required: bool = False
    kind: str = TEXT
    help: str = ""
    length: int | None = None  # exact number of digits, so that lost leading zeros are named
    choices: Callable | None = None  # (user) -> list of allowed values, offered as a drop-down
    compare: bool = True  # False for a column that only locates (a code instead of a name)

    def allowed(self, user) -> list[str]:
        return [str(v) for v in self.choices(user)] if self.choices else []


@dataclass
class Row:
    number: int  # the row as the spreadsheet shows it
    cells: list[str]  # the row as read, for the error workbook
    data: dict[str, str]
    errors: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------- readers


def file_kind(filename: str, content: bytes) -> str:
    """'xlsx', 'xls' or 'csv', by the file's first bytes (a renamed file is still read for what it is)."""
    if content[:4] == b"PK\x03\x04":
        return "xlsx"
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    if filename.lower().endswith((".xlsx", ".xls")) and b"\x00" in content[:512]:
        raise ImportFileError(_("The file is not a readable Excel workbook (.xlsx or .xls)."))
    return "csv"


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM) as it is; otherwise the Chinese encoding charset-normalizer recognises."""
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_best(content)
    if best is None:
        raise ImportFileError(
            _(
                "The CSV file's encoding was not recognised: save it as CSV UTF-8 (or GBK) and upload it again."
            )
        )
    # GB2312 and GBK are subsets of GB18030: decoding with the superset never loses a rare character.
    encoding = "gb18030" if best in ("gb2312", "gbk", "gb18030", "cp936") else best
    return content.decode(encoding)


def charset_best(content: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(content, cp_isolation=["gb18030", "big5", "utf_16"]).best()
    return match.encoding if match else None


def _xlsx_rows(content: bytes) -> Iterable[list]:
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(_("The file is not a readable Excel workbook (.xlsx or .xls).")) from exc
    try:
        for values in wb.worksheets[0].iter_rows(values_only=True):
            yield list(values)
    finally:
        wb.close()


def _xls_rows(content: bytes) -> Iterable[list]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=content)
    except Exception as exc:
        raise ImportFileError(_("The file is not a readable Excel workbook (.xlsx or .xls).")) from exc
    sheet = book.sheet_by_index(0)
    for r in range(sheet.nrows):
        values = []
        for cell in sheet.row(r):
            if cell.ctype == xlrd.XL_CELL_DATE:
                values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                values.append(None)
            else:
                values.append(cell.value)
        yield values


def _csv_rows(content: bytes) -> Iterable[list]:
    text = decode_text(content)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def raw_rows(filename: str, content: bytes) -> Iterable[list]:
    kind = file_kind(filename, content)
    return {"xlsx": _xlsx_rows, "xls": _xls_rows, "csv": _csv_rows}[kind](content)


_XLSX_ROW = re.compile(rb"<(?:[A-Za-z]\w*:)?row[\s>]")


def estimate_rows(filename: str, content: bytes) -> int:
    """The rows after the header, known before the file is parsed: what the upload decides on (background
    or not, above the cap or not) without making the request wait for a full read.

    An .xlsx sheet's <row> elements are counted in its XML without reading a cell (a row that is only
    formatted counts too, so this may be high; the check then counts exactly); .xls and CSV are counted.
    """
    if file_kind(filename, content) != "xlsx":
        return sum(1 for _row in raw_rows(filename, content)) - 1
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(_first_sheet(archive)) as sheet:
            return len(_XLSX_ROW.findall(sheet.read())) - 1
    except (KeyError, zipfile.BadZipFile, StopIteration) as exc:
        raise ImportFileError(_("The file is not a readable Excel workbook (.xlsx or .xls).")) from exc


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The part holding the workbook's first sheet (openpyxl itself would parse a sheet without a
    <dimension> whole just to size it)."""
    from xml.etree import ElementTree

    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next(e for e in book.iter() if e.tag.endswith("}sheet") or e.tag == "sheet").get(rel_ns)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(e.get("Target") for e in rels if e.get("Id") == rel_id)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


# ------------------------------------------------------------------------------------------ cell values


def plain(value) -> str:
    """A cell as text: whole floats without '.0', dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def cell_value(value, column: Column) -> str:
    """The cell as the text the roster parses, or a ValidationError naming what Excel did to it."""
    text = plain(value)
    if not text:
        return ""
    if column.kind in (DIGITS, PHONE):
        if isinstance(value, float) and (not value.is_integer() or abs(value) >= 1e15):
            raise ValidationError(
                _(
                    "%(col)s was stored by Excel as a number and lost its last digits (%(value)s): format the "
                    "column as text and type the number again."
                )
                % {"col": column.header, "value": repr(value).upper()}
            )
        if _SCIENTIFIC.match(text):
            raise ValidationError(
                _(
                    "%(col)s was turned by Excel into scientific notation (%(value)s), which lost digits: "
                    "format the column as text and type the number again."
                )
                % {"col": column.header, "value": text}
            )
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if numeric and column.length and len(text) < column.length:
            raise ValidationError(
                _(
                    "%(col)s %(value)s has %(n)s digits instead of %(length)s: Excel dropped its leading "
                    "zeros. Format the column as text and type it again."
                )
                % {"col": column.header, "value": text, "n": len(text), "length": column.length}
            )
        if numeric and column.kind == PHONE and not text.startswith("1"):
            raise ValidationError(
                _(
                    "%(col)s %(value)s lost its leading 0 (the area code starts with 0): format the column "
                    "as text and type it again."
                )
                % {"col": column.header, "value": text}
            )
    if column.kind == DATE:
        match = _DATE_TEXT.match(text[:10] if isinstance(value, datetime.date) else text)
        try:
            return datetime.date(*(int(g) for g in match.groups())).isoformat()
        except (AttributeError, ValueError):
            raise ValidationError(
                _("%(col)s must be a date written as YYYY-MM-DD: %(value)s")
                % {"col": column.header, "value": text}
            ) from None
    if column.kind == MONTH:
        match = _MONTH_TEXT.match(text[:7]) or _DATE_TEXT.match(text[:10])
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValidationError(
                _("%(col)s must be a month written as YYYY-MM: %(value)s")
                % {"col": column.header, "value": text}
            )
        return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"
    return text


def read_rows(filename: str, content: bytes, columns: list[Column], *, max_rows: int) -> list[Row]:
    """Every non-empty row after the header, matched to `columns` by header; refuses a file beyond `max_rows`."""
    rows_iter = iter(raw_rows(filename, content))
    header_row = []
    for values in rows_iter:  # the first non-empty row holds the headers
        header_row = [plain(v) for v in values]
        if any(header_row):
            break
    if not any(header_row):
        raise ImportFileError(_("The sheet is empty."))
    positions, missing = {}, []
    for column in columns:
        if column.header in header_row:
            positions[column.key] = header_row.index(column.header)
        elif column.required:
            missing.append(column.header)
    if missing:
        raise ImportFileError(
            _("Missing columns: %(cols)s. Download the template and keep its headers.")
            % {"cols": "、".join(missing)}
        )
    rows = []
    by_key = {c.key: c for c in columns}
    for number, values in enumerate(rows_iter, start=2):
        cells = [plain(v) for v in values]
        if not any(cells):
            continue
        if len(rows) >= max_rows:
            raise ImportFileError(
                _(
                    "The file has more than %(max)s rows, more than one import may hold: split it into files "
                    "of at most %(max)s rows."
                )
                % {"max": max_rows}
            )
        row = Row(number=number, cells=cells, data={})
        for key, pos in positions.items():
            column = by_key[key]
            try:
                row.data[key] = cell_value(values[pos] if pos < len(values) else None, column)
            except ValidationError as exc:
                row.data[key] = cells[pos] if pos < len(cells) else ""
                row.errors.extend(exc.messages)
        for column in columns:
            if column.required and not row.data.get(column.key) and column.key in positions:
                row.errors.append(_("%(col)s is required.") % {"col": column.header})
        rows.append(row)
    if not rows:
        raise ImportFileError(_("The sheet has headers but no rows."))
    return rows


def rows_packed(rows: list[Row]) -> bytes:
    """Rows as compact bytes (zlib of JSON), to be kept between the check and the save."""
    return zlib.compress(
        json.dumps([[r.number, r.cells, r.data, r.errors] for r in rows], ensure_ascii=False).encode(), 6
    )


def rows_unpacked(packed: bytes) -> list[Row]:
    return [
        Row(number=number, cells=cells, data=data, errors=errors)
        for number, cells, data, errors in json.loads(zlib.decompress(packed))
    ]


def headers_of(filename: str, content: bytes) -> list[str]:
    for values in raw_rows(filename, content):
        cells = [plain(v) for v in values]
        if any(cells):
            return cells
    return []


# ---------------------------------------------------------------------------------------------- roster


class Roster:
    """One list an office keeps in Excel, imported through the model's own services."""

    key = ""
    title = ""
    model = None
    columns: list[Column] = []
    instructions: list[str] = []
    list_url_name = ""

    @property
    def permission(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.add_{opts.model_name}"

    def context(self, user, rows: list[Row]) -> dict:
        """Look-ups shared by every row (one query each), e.g. the places by name path, the file's records."""
        return {}

    def parse(self, data: dict, ctx: dict, user) -> tuple[object, dict]:
        """(natural key, fields) for a row, or a ValidationError with every reason."""
        raise NotImplementedError

    def find(self, key, ctx: dict):
        """The existing record the row speaks of, or None."""
        raise NotImplementedError

    def conflicts(self, key, fields: dict, existing, ctx: dict) -> list[str]:
        """Reasons to refuse a row that is valid alone but clashes with what exists (named, never resolved)."""
        return []

    def remember(self, key, fields: dict, ctx: dict, row_number: int) -> None:
        """Note a planned row in `ctx`, so that later rows of the same file see it (a household's head)."""

    def compare_row(self, fields: dict, data: dict) -> dict[str, str]:
        """The row's texts in the stored form (a phone as stored), to compare with `row_of(existing)`."""
        return data

    def row_of(self, obj) -> dict[str, str]:
        """A record as the texts of an import row: the export, the undo snapshot and the comparison."""
        raise NotImplementedError

    def save(self, *, user, obj, fields: dict):
        raise NotImplementedError

    def save_many(self, *, user, items: list[tuple[object, dict]]) -> list:
        """Save a chunk of planned rows, each (existing record or None, fields), all or none; the saved records.

        By default one by one through `save`; a roster that may hold tens of thousands of rows writes the
        chunk with bulk statements through a service of its own. A `ValidationError` here makes the import
        save that chunk again row by row through `save`, refusing only the rows that fail.
        """
        return [self.save(user=user, obj=obj, fields=fields) for obj, fields in items]

    def delete(self, *, user, obj) -> None:
        obj.delete()

    def delete_many(self, *, user, objs: list) -> None:
        """Remove the records an import created (the undo), all or none."""
        for obj in objs:
            self.delete(user=user, obj=obj)

    def records(self, ids: list[int]) -> dict:
        """The records with these ids, loaded with what `row_of` reads (the undo compares them in bulk)."""
        return self.model._default_manager.in_bulk(ids)

    def queryset(self, user):
        return self.model.objects.visible_to(user)

    def label(self, obj) -> str:
        return str(obj)

    export_reason_required = False

    def export_allowed(self, user) -> bool:
        return user.has_perm(self.permission.replace(".add_", ".view_"))

    def export_log(self, user, objects, reason: str = "") -> None:
        """Log an export in the template's columns, where the roster holds personal data."""


ROSTERS: dict[str, Roster] = {}


def roster(cls):
    """Register a Roster class (instantiated once) under its key."""
    ROSTERS[cls.key] = cls()
    return cls


def choice_labels(choices) -> dict[str, str]:
    """A model's choices by their Chinese label, as a file writes them ("社会组织" -> "social")."""
    from django.utils import translation

    with translation.override("zh-hans"):
        return {str(label): value for value, label in choices.choices}


def fingerprint(values: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


NEW, CHANGED, UNCHANGED, REFUSED = "new", "changed", "unchanged", "refused"


@dataclass
class Outcome:
    row: Row
    action: str
    reasons: list[str] = field(default_factory=list)
    key: object = None
    fields: dict | None = None
    existing: object = None
    changed: list[str] = field(default_factory=list)  # headers whose value would change


def plan_context(roster_: Roster, user, rows: list[Row]) -> dict:
    ctx = roster_.context(user, rows)
    ctx["user"] = user
    return ctx


def plan(roster_: Roster, user, rows: list[Row], *, progress: Callable | None = None) -> list[Outcome]:
    """Check every row against the database and the rows before it; nothing is written."""
    ctx = plan_context(roster_, user, rows)
    seen: dict = {}
    outcomes = []
    for i, row in enumerate(rows, start=1):
        outcomes.append(plan_row(roster_, user, row, ctx, seen))
        if progress and i % 500 == 0:
            progress(i)
    return outcomes


def plan_row(roster_: Roster, user, row: Row, ctx: dict, seen: dict) -> Outcome:
    if row.errors:
        return Outcome(row, REFUSED, list(row.errors))
    try:
        key, fields = roster_.parse(row.data, ctx, user)
    except ValidationError as exc:
        return Outcome(row, REFUSED, messages_of(exc))
    if key in seen:
        return Outcome(row, REFUSED, [_("The same record is already on row %(row)s.") % {"row": seen[key]}])
    existing = roster_.find(key, ctx)
    reasons = roster_.conflicts(key, fields, existing, ctx)
    if reasons:
        return Outcome(row, REFUSED, reasons, key=key)
    seen[key] = row.number
    roster_.remember(key, fields, ctx, row.number)
    if existing is None:
        return Outcome(row, NEW, key=key, fields=fields)
    before = roster_.row_of(existing)
    now = roster_.compare_row(fields, row.data)
    changed = [
        c.header
        for c in roster_.columns
        if c.compare and c.key in row.data and before.get(c.key, "") != now[c.key]
    ]
    action = CHANGED if changed else UNCHANGED
    return Outcome(row, action, key=key, fields=fields, existing=existing, changed=changed)


def messages_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for errs in exc.error_dict.values() for e in errs for m in e.messages]
    return [str(m) for m in exc.messages]


# ------------------------------------------------------------------------------------------- workbooks


def append_row(ws, values: list) -> None:
    """Append a row of text kept as text: a formula-like value stays a string (excel.neutralise)."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        neutralise(cell)
        cell.number_format = "@"


_HEADER_FILL = PatternFill("solid", fgColor="E9ECEF")
_REQUIRED_FONT = Font(bold=True, color="C8161D")


def template_workbook(roster_: Roster, user) -> bytes:
    """An empty data sheet (text-formatted number columns, drop-downs from the user's scope) and instructions."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Data")
    options = wb.create_sheet(_("Options"))
    notes = wb.create_sheet(_("Instructions"))
    option_col = 0
    for i, column in enumerate(roster_.columns, start=1):
        letter = get_column_letter(i)
        cell = ws.cell(row=1, column=i, value=column.header)
        cell.font = _REQUIRED_FONT if column.required else Font(bold=True)
        cell.fill = _HEADER_FILL
        ws.column_dimensions[letter].width = max(10, len(column.header) * 2 + 4, (column.length or 0) + 4)
        if column.kind in (TEXT, DIGITS, PHONE):
            # Text format before anything is typed: Excel then keeps 18-digit IDs and leading zeros.
            for r in range(2, TEMPLATE_ROWS + 2):
                ws.cell(row=r, column=i).number_format = "@"
        allowed = column.allowed(user)
        if allowed:
            option_col += 1
            opt_letter = get_column_letter(option_col)
            options.cell(row=1, column=option_col, value=column.header)
            for r, value in enumerate(allowed, start=2):
                neutralise(options.cell(row=r, column=option_col, value=value))
            validation = DataValidation(
                type="list",
                formula1=f"'{options.title}'!${opt_letter}$2:${opt_letter}${len(allowed) + 1}",
                allow_blank=not column.required,
                showErrorMessage=True,
            )
            validation.error = _("Choose a value from the list.")
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"
    options.sheet_state = "hidden"
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 16
    notes.column_dimensions["D"].width = 70
    notes.append([_("How to fill in: %(title)s") % {"title": str(roster_.title)}])
    notes["A1"].font = Font(bold=True, size=14)
    for line in [*roster_.instructions, *general_instructions()]:
        notes.append([str(line)])
    notes.append([])
    notes.append([_("Column"), _("Required"), _("Format"), _("Notes and allowed values")])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for column in roster_.columns:
        allowed = column.allowed(user)
        note = str(column.help)
        if allowed and len(allowed) <= 12:
            note = "；".join(filter(None, [note, _("one of: %(v)s") % {"v": "、".join(allowed)}]))
        elif allowed:
            note = "；".join(filter(None, [note, _("choose from the drop-down list")]))
        notes.append(
            [column.header, _("required") if column.required else _("optional"), kind_label(column), note]
        )
        notes.cell(row=notes.max_row, column=4).alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def general_instructions() -> list[str]:
    return [
        _(
            "Fill in the sheet 数据 from its second row, one record per row; do not change, add or move headers."
        ),
        _(
            "Headers in red are required. Number columns (ID numbers, phones, codes) are formatted as text: "
            "keep them so, or Excel turns an 18-digit number into 2.1E+17 and drops leading zeros."
        ),
        _("Dates are written as 2026-11-28 and months as 2026-11."),
        _(
            "You may also upload an .xls workbook or a CSV file (UTF-8 or GBK) with the same headers. Nothing "
            "is saved until you have seen the check and confirmed it."
        ),
    ]


def kind_label(column: Column) -> str:
    return {
        DIGITS: _("text of digits"),
        PHONE: _("phone number"),
        DATE: "YYYY-MM-DD",
        MONTH: "YYYY-MM",
        DECIMAL: _("number"),
    }.get(column.kind, _("text"))


def error_workbook(header: list[str], rows: list[Row], reasons: dict[int, list[str]]) -> bytes:
    """The user's own rows as they were read, with one more column saying why a row was refused."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Data")
    ws.append([*header, _("Reason refused")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    ws.cell(row=1, column=len(header) + 1).font = _REQUIRED_FONT
    red = PatternFill("solid", fgColor="F8D7DA")
    for row in rows:
        cells = row.cells + [""] * (len(header) - len(row.cells))
        why = "；".join(reasons.get(row.number, []))
        append_row(ws, [*cells[: len(header)], why])
        if why:
            ws.cell(row=ws.max_row, column=len(header) + 1).fill = red
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rows_workbook(roster_: Roster, records: Iterable) -> bytes:
    """Records in the template's own columns: exported so, a list imports back unchanged."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Data")
    ws.append([c.header for c in roster_.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for obj in records:
        values = roster_.row_of(obj)
        append_row(ws, [values.get(c.key, "") for c in roster_.columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
