"""Files as offices have them: an .xlsx filled in as text, the same rows as CSV in UTF-8, with BOM, or GBK."""

import codecs
import csv
import io

from openpyxl import Workbook

from governance.lib import importing


def headers(roster_key: str) -> list[str]:
    return [c.header for c in importing.ROSTERS[roster_key].columns]


def xlsx_bytes(header: list[str], rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(header: list[str], rows: list[list], encoding: str = "utf-8", bom: bool = False) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    data = text.getvalue().encode(encoding)
    return (codecs.BOM_UTF8 + data) if bom else data


def upload(client, roster_key: str, name: str, content: bytes):
    file = io.BytesIO(content)
    file.name = name
    return client.post(f"/imports/{roster_key}/upload/", {"file": file})
