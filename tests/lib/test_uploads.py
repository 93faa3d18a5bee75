"""Uploads are accepted by what they are, not by what they are called; exports never carry a live formula."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from governance.lib.excel import workbook_bytes
from governance.lib.uploads import validate_upload
from tests.factories import image_bytes, ooxml_bytes, pdf_bytes


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", image_bytes("JPEG")),
        ("photo.png", image_bytes("PNG")),
        ("minutes.pdf", pdf_bytes()),
        ("minutes.docx", ooxml_bytes("word/document.xml")),
        ("slides.pptx", ooxml_bytes("ppt/presentation.xml")),
        ("sheet.xlsx", xlsx_bytes()),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504),
    ],
)
def test_real_files_are_accepted(name, content):
    checked = validate_upload(upload(name, content))
    assert checked.name == name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # a JPEG header followed by a web page
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"<html><script>alert(1)</script></html>"),
        # any ZIP named .docx
        ("minutes.docx", ooxml_bytes("payload.txt")),
        # a workbook named as a document
        ("minutes.docx", xlsx_bytes()),
        # a PDF header and nothing behind it
        ("minutes.pdf", b"%PDF-1.4 test"),
        # a PNG named .jpg
        ("photo.jpg", image_bytes("PNG")),
        ("sheet.xlsx", b"PK\x03\x04 not a zip"),
        ("old.xls", b"not an OLE2 file"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(name, content):
    with pytest.raises(ValidationError) as err:
        validate_upload(upload(name, content))
    assert err.value.code == "file_content"


def test_a_zip_bomb_named_docx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * 5_000_000)
    with pytest.raises(ValidationError):
        validate_upload(upload("big.docx", out.getvalue()))


def test_an_image_is_stored_re_encoded_without_what_trails_it():
    trailing = b"<html><script>alert(1)</script></html>"
    checked = validate_upload(upload("photo.png", image_bytes("PNG") + trailing))
    stored = checked.read()
    assert stored.startswith(b"\x89PNG") and trailing not in stored


def test_other_extensions_are_refused_by_name():
    with pytest.raises(ValidationError) as err:
        validate_upload(upload("run.exe", b"MZ"))
    assert err.value.code == "file_type"


def test_exports_write_formula_like_text_as_text():
    planted = ['=HYPERLINK("http://evil.example","点击")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]
    data = workbook_bytes([("需求", ["描述"], [[v] for v in planted] + [[-5], ["普通文本"]])])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    cells = load_workbook(io.BytesIO(data)).active
    values = [row[0] for row in cells.iter_rows(min_row=2, values_only=True)]
    assert values == [*planted, -5, "普通文本"]
    kinds = [c.data_type for c in cells["A"][1:]]
    assert kinds == ["s", "s", "s", "s", "s", "n", "s"]
    assert [c.quotePrefix for c in cells["A"][1:6]] == [True] * 5
