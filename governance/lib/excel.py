"""Excel export: one way to write a sheet (imports are governance.lib.importing)."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from openpyxl import Workbook
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
