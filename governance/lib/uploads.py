"""Checks for uploaded files: allowed kinds by extension *and* by content, and a size limit.

A file is accepted only when it opens as the format its extension claims: an image is decoded by Pillow
and stored re-encoded (so nothing hidden behind the picture survives), a PDF is parsed by pypdf, an Office
Open XML file must be a ZIP holding that format's main part (a workbook is opened by openpyxl), and a
legacy Office file must carry the OLE2 header.
"""

import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Office Open XML: the part every file of that kind has.
OOXML_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
KINDS = {
    "image": (".jpg", ".jpeg", ".png"),
    "pdf": (".pdf",),
    "office": (".docx", ".xlsx", ".pptx", ".doc", ".xls"),
}
MAX_UNZIPPED_RATIO = 100  # a document that unzips to more than 100 times its size is a zip bomb
MAX_IMAGE_PIXELS = 50_000_000


def _mismatch(ext: str) -> ValidationError:
    return ValidationError(
        _("The file's content does not match its extension %(ext)s.") % {"ext": ext}, code="file_content"
    )


def _check_image(upload, ext: str):
    try:
        with Image.open(upload) as probe:
            if probe.format != IMAGE_FORMATS[ext] or probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise _mismatch(ext)
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            if image.mode not in ("RGB", "L", "RGBA", "LA", "P"):
                image = image.convert("RGB")
            if IMAGE_FORMATS[ext] == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format=IMAGE_FORMATS[ext])
    except Exception as exc:  # a decoder meeting a broken or hostile file raises many kinds of error
        raise _mismatch(ext) from exc
    content_type = "image/png" if IMAGE_FORMATS[ext] == "PNG" else "image/jpeg"
    return SimpleUploadedFile(Path(upload.name).name, out.getvalue(), content_type=content_type)


def _check_pdf(upload, ext: str) -> None:
    if upload.read(5) != b"%PDF-":
        raise _mismatch(ext)
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if len(reader.pages) == 0:
            raise _mismatch(ext)
    except Exception as exc:  # a parser meeting a broken file raises many kinds of error
        raise _mismatch(ext) from exc
    finally:
        upload.seek(0)


def _check_ooxml(upload, ext: str) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or OOXML_MAIN_PART[ext] not in names:
                raise _mismatch(ext)
            if sum(i.file_size for i in archive.infolist()) > MAX_UNZIPPED_RATIO * max(upload.size, 1):
                raise _mismatch(ext)
        upload.seek(0)
        if ext == ".xlsx":
            load_workbook(upload, read_only=True).close()
    except Exception as exc:  # zipfile or openpyxl raises many kinds of error on a broken file
        raise _mismatch(ext) from exc
    finally:
        upload.seek(0)


def _check_ole2(upload, ext: str) -> None:
    head = upload.read(len(OLE2_MAGIC))
    upload.seek(0)
    if head != OLE2_MAGIC:
        raise _mismatch(ext)


def validate_upload(upload, kinds=("image", "pdf", "office"), max_bytes: int | None = None):
    """Refuse files of other kinds, files whose content is not the format they claim, and big files.

    Returns the file to store: the upload itself, or for an image its re-encoded copy.
    """
    max_bytes = max_bytes or settings.JIEDAO_UPLOAD_MAX_BYTES
    allowed = [ext for kind in kinds for ext in KINDS[kind]]
    ext = Path(upload.name).suffix.lower()
    if ext not in allowed:
        raise ValidationError(
            _("Files of type %(ext)s are not accepted; allowed: %(allowed)s.")
            % {"ext": ext or "?", "allowed": ", ".join(sorted(allowed))},
            code="file_type",
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="file_size",
        )
    upload.seek(0)
    if ext in IMAGE_FORMATS:
        return _check_image(upload, ext)
    if ext == ".pdf":
        _check_pdf(upload, ext)
    elif ext in OOXML_MAIN_PART:
        _check_ooxml(upload, ext)
    else:
        _check_ole2(upload, ext)
    return upload
