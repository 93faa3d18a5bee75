"""Excel export and import: one way to write a sheet, one way to read one with a per-row error report."""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell whose text starts with one of these is read as a formula by Excel or WPS (or by whoever saves the
# sheet as CSV): anyone who typed a need or a name could plant one. Such cells are written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(cell) -> None:
    """Write a formula-like string as plain text: a string cell, with Excel's "starts with '" mark."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def workbook_bytes(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """Build an .xlsx from (title, headers, rows) triples; headers bold, columns sized to fit."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E9ECEF")
        widths = [max(4, len(str(h)) * 2) for h in headers]
        for row in rows:
            ws.append(row)
            for cell in ws[ws.max_row]:
                neutralise(cell)
            for i, value in enumerate(row):
                if value is not None:
                    widths[i] = min(60, max(widths[i], len(str(value)) + 2))
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: list[tuple[str, list[str], list[list]]]) -> HttpResponse:
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX_MIME)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{escape_uri_path(f'{filename}-{stamp}.xlsx')}"
    )
    return response


def columns_export(filename: str, sheet_title: str, columns, objects) -> HttpResponse:
    """Export a list page's columns for every object of its (already scoped and filtered) queryset."""
    cols = [c for c in columns if c.export]
    rows = [[c.excel(obj) for c in cols] for obj in objects]
    return xlsx_response(filename, [(sheet_title, [str(c.label) for c in cols], rows)])


# ---------------------------------------------------------------------------------------------- import


@dataclass
class ImportColumn:
    header: str  # Chinese header in the template and the uploaded file
    key: str
    required: bool = False
    example: object = ""
    help: str = ""


@dataclass
class ImportRow:
    number: int  # the row number as Excel shows it
    data: dict
    errors: list[str] = field(default_factory=list)
    cleaned: object = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    rows: list[ImportRow]
    saved: int = 0
    file_errors: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]

    @property
    def good_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.error_rows)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def parse_decimal(text: str, label: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except (InvalidOperation, AttributeError) as exc:
        raise ValidationError(
            _("%(label)s is not a number: %(value)s") % {"label": label, "value": text}
        ) from exc


def read_sheet(upload, columns: list[ImportColumn]) -> tuple[list[ImportRow], list[str]]:
    """Read the first sheet: headers in row 1 matched by name; returns rows and file-level errors."""
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        return [], [_("The file is not a readable .xlsx workbook.")]
    ws = wb.worksheets[0]
    rows_iter = ws.iter_rows(values_only=True)
    try:
        header_row = [cell_text(v) for v in next(rows_iter)]
    except StopIteration:
        return [], [_("The sheet is empty.")]
    positions = {}
    missing = []
    for column in columns:
        if column.header in header_row:
            positions[column.key] = header_row.index(column.header)
        elif column.required:
            missing.append(column.header)
    if missing:
        return [], [
            _("Missing columns: %(cols)s. Download the template and keep its headers.")
            % {"cols": "、".join(missing)}
        ]
    rows = []
    for number, values in enumerate(rows_iter, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        data = {key: cell_text(values[pos]) if pos < len(values) else "" for key, pos in positions.items()}
        row = ImportRow(number=number, data=data)
        for column in columns:
            if column.required and not data.get(column.key):
                row.errors.append(_("%(col)s is required.") % {"col": column.header})
        rows.append(row)
    wb.close()
    if not rows:
        return [], [_("The sheet has headers but no rows.")]
    return rows, []


def template_response(filename: str, columns: list[ImportColumn]) -> HttpResponse:
    headers = [c.header for c in columns]
    example = [c.example for c in columns]
    notes = [[c.header, _("required") if c.required else _("optional"), c.help] for c in columns]
    return xlsx_response(
        filename,
        [
            (_("Data"), headers, [example]),
            (_("Instructions"), [_("Column"), _("Required"), _("Notes")], notes),
        ],
    )


def validation_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for errs in exc.error_dict.values() for e in errs for m in e.messages]
    return [str(m) for m in exc.messages]
