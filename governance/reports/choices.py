from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.lib.tones import DANGER, INFO, MUTED, SUCCESS, declare_tones


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Word (.docx)")
    PDF = "pdf", _("PDF")


class ReportStatus(models.TextChoices):
    """A report is edited as a draft, then rendered in the background into its file."""

    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


REPORT_STATUS_TONES = declare_tones(
    ReportStatus,
    {
        ReportStatus.DRAFT: MUTED,
        ReportStatus.QUEUED: MUTED,
        ReportStatus.RENDERING: INFO,
        ReportStatus.DONE: SUCCESS,
        ReportStatus.FAILED: DANGER,
    },
)
