"""Imports of rosters: each file checked, confirmed and applied as one batch that can be undone as a whole."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.dataimport.choices import BatchStatus, RecordAction


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """One's own imports; a superuser sees every import."""
        if user.is_superuser:
            return self
        return self.filter(user=user) if user.is_authenticated else self.none()


class ImportBatch(models.Model):
    """One uploaded file of one roster: who, when, which file, what the check found and what was saved."""

    roster = models.CharField(_("roster"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("file"), editable=False)
    # The rows as the check read them (zlib-compressed JSON): the save plans them again against the database
    # without parsing the workbook a second time, which took as long as the check itself for a large file.
    rows = models.BinaryField(_("rows read"), editable=False, null=True, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"))
    status = models.CharField(
        _("status"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.CHECKING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    changed_count = models.PositiveIntegerField(_("changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    refused_count = models.PositiveIntegerField(_("refused"), default=0)
    # {"refused": [{"row": 5, "reasons": [...]}], "changed": [{"row": 7, "headers": [...]}]}
    report = models.JSONField(_("check report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")),
                name="importbatch_processed_within_total",
                violation_error_message=_("An import cannot process more rows than its file has."),
            ),
            models.CheckConstraint(
                condition=~Q(status=BatchStatus.UNDONE) | Q(undone_at__isnull=False),
                name="importbatch_undone_has_time",
                violation_error_message=_("An undone import records when it was undone."),
            ),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="importbatch_user_idx")]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("governance:import-detail", args=[self.pk])

    @property
    def progress_percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_running(self) -> bool:
        return self.status in (BatchStatus.CHECKING, BatchStatus.IMPORTING)


class ImportedRecord(models.Model):
    """A record an import created or changed, with what it looked like before and right after."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import"), on_delete=models.CASCADE, related_name="records"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    row_number = models.PositiveIntegerField(_("row"))
    action = models.CharField(_("action"), max_length=10, choices=RecordAction.choices)
    before = models.JSONField(_("before"), null=True, blank=True)  # the row as exported before a change
    fingerprint = models.CharField(_("fingerprint"), max_length=64)  # of the row right after the import

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        ordering = ["batch", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "content_type", "object_id"],
                name="importedrecord_once_per_batch",
                violation_error_message=_("A record is imported once per import."),
            )
        ]

    def __str__(self):
        return f"{self.batch_id}:{self.row_number}"
