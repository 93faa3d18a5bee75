"""The work report to the district: its parameters, its figures as they stood, the edited text and the file."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.lib.figures import Period
from governance.lib.scope import ScopedQuerySet
from governance.reports.choices import ReportFormat, ReportStatus


class WorkReport(models.Model):
    """A street's or community's work report for a year or quarter, kept with who made it and its file."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="work_reports"
    )
    period = models.CharField(_("period"), max_length=6, help_text=_("A year (2026) or a quarter (2026Q3)."))
    format = models.CharField(
        _("format"), max_length=4, choices=ReportFormat.choices, default=ReportFormat.DOCX
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # The figures as computed when the report was drafted, so the text written from them and the document
    # printed later agree: {"values": [...], "communities": [...], "problems": [...], "charts": {...}}.
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    narrative = models.JSONField(_("narrative"), default=dict, help_text=_("One paragraph per part."))
    file = models.FileField(_("file"), upload_to="reports/%Y/", blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["progress", "figures"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("work report")
        verbose_name_plural = _("work reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="work_report_progress_at_most_100",
                violation_error_message=_("Progress is a percentage."),
            ),
            models.CheckConstraint(
                condition=Q(period__regex=r"^[0-9]{4}(Q[1-4])?$"),
                name="work_report_period_is_year_or_quarter",
                violation_error_message=_("Give a year (2026) or a quarter (2026Q3)."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.DONE) | ~Q(file=""),
                name="work_report_done_has_file",
                violation_error_message=_("A finished report has its file."),
            ),
        ]
        indexes = [models.Index(fields=["area", "period"], name="work_report_area_period_idx")]

    def __str__(self):
        return f"{self.area} · {self.period_obj.label}"

    def get_absolute_url(self):
        return reverse("governance:report-detail", args=[self.pk])

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def is_busy(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RENDERING)
