"""Checks for uploaded files: allowed kinds by extension *and* content, and a size limit."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension -> magic bytes prefixes that the content must start with
KINDS = {
    "image": {".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",)},
    "pdf": {".pdf": (b"%PDF-",)},
    "office": {
        ".docx": (b"PK\x03\x04",),
        ".xlsx": (b"PK\x03\x04",),
        ".pptx": (b"PK\x03\x04",),
        ".doc": (b"\xd0\xcf\x11\xe0",),
        ".xls": (b"\xd0\xcf\x11\xe0",),
    },
}


def validate_upload(upload, kinds=("image", "pdf", "office"), max_bytes: int | None = None) -> None:
    """Refuse files of other kinds, files whose content lies about their extension, and big files."""
    max_bytes = max_bytes or settings.JIEDAO_UPLOAD_MAX_BYTES
    allowed = {ext: magic for kind in kinds for ext, magic in KINDS[kind].items()}
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
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in allowed[ext]):
        raise ValidationError(_("The file's content does not match its extension %(ext)s.") % {"ext": ext})
