"""Writes of the work report: draft it from the figures, edit its paragraphs, render it into its file."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from governance.lib.figures import SECTIONS, Period
from governance.lib.saving import save_validated
from governance.lib.scope import check_in_scope
from governance.reports import selectors
from governance.reports.choices import ReportFormat, ReportStatus
from governance.reports.documents import RENDERERS
from governance.reports.models import WorkReport
from governance.territory.choices import AreaLevel

logger = logging.getLogger(__name__)
NARRATIVE_KEYS = tuple(key for key, _label in SECTIONS if key != "enforcement") + ("problems",)


def _check_area(user, area) -> None:
    if area.depth not in (AreaLevel.STREET, AreaLevel.COMMUNITY):
        raise ValidationError({"area": _("A work report is made for a street or a community.")})
    check_in_scope(user, area)


def build_document(*, area, period: Period, fmt: str, narrative: dict | None = None, progress=lambda n: None):
    """The document's bytes for a place and period (the command line's way, and the task's)."""
    figures = selectors.report_figures(area, period)
    progress(30)
    text = narrative if narrative is not None else selectors.narrative_draft(figures)
    return RENDERERS[fmt](figures, text, progress)


@transaction.atomic
def work_report_create(*, user, area, period: str, fmt: str = ReportFormat.DOCX) -> WorkReport:
    """Draft a report: compute its figures now and write a first paragraph per part for staff to edit."""
    _check_area(user, area)
    try:
        parsed = Period.parse(period)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from exc
    figures = selectors.report_figures(area, parsed)
    report = WorkReport(
        area=area,
        period=parsed.code,
        format=fmt,
        figures=figures,
        narrative=selectors.narrative_draft(figures),
        created_by=user,
    )
    return save_validated(report)


@transaction.atomic
def work_report_edit(*, user, report: WorkReport, narrative: dict, fmt: str | None = None) -> WorkReport:
    """Replace the report's paragraphs (and its format) before it is rendered again."""
    check_in_scope(user, report.area)
    report = WorkReport.objects.select_for_update().get(pk=report.pk)
    if report.is_busy:
        raise ValidationError(_("The document is being made; edit it when it is ready."))
    report.narrative = {key: str(narrative.get(key, "")).strip() for key in NARRATIVE_KEYS}
    if fmt:
        report.format = fmt
    return save_validated(report)


@transaction.atomic
def work_report_queue(*, user, report: WorkReport) -> WorkReport:
    """Ask for the document to be made in the background; the page shows its progress."""
    from governance.reports.tasks import work_report_render

    check_in_scope(user, report.area)
    claimed = (
        WorkReport.objects.filter(pk=report.pk)
        .exclude(status__in=[ReportStatus.QUEUED, ReportStatus.RENDERING])
        .update(status=ReportStatus.QUEUED, progress=0, error="")
    )
    if not claimed:
        raise ValidationError(_("The document is already being made."))
    transaction.on_commit(lambda: work_report_render.delay(report.pk))
    report.refresh_from_db()
    return report


def _progress(report_id: int, percent: int) -> None:
    WorkReport.objects.filter(pk=report_id).update(progress=percent)


def work_report_render(*, report_id: int) -> bool:
    """Render a queued report into its file; safe to run twice (only a queued report is claimed)."""
    claimed = WorkReport.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RENDERING, progress=10
    )
    if not claimed:
        return False
    report = WorkReport.objects.select_related("area").get(pk=report_id)
    try:
        content = RENDERERS[report.format](
            report.figures, report.narrative, lambda n: _progress(report_id, n)
        )
    except Exception as exc:  # the page must say it failed rather than spin for ever
        logger.exception("work report %s could not be rendered", report_id)
        WorkReport.objects.filter(pk=report_id).update(status=ReportStatus.FAILED, error=str(exc)[:500])
        return False
    name = f"{slugify(report.area.code or report.area.pk)}-{report.period}-{report.pk}.{report.format}"
    with transaction.atomic():
        report = WorkReport.objects.select_for_update().get(pk=report_id)
        if report.file:
            report.file.delete(save=False)
        report.file.save(name, ContentFile(content), save=False)
        report.status = ReportStatus.DONE
        report.progress = 100
        report.rendered_at = timezone.now()
        save_validated(report)
    return True
