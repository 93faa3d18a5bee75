"""Who answers for which part of the territory, and who has seen whose personal data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.choices import Role
from governance.lib.scope import ScopedQuerySet


class Assignment(models.Model):
    """A user's role over one area's subtree; a user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="assignments"
    )
    title = models.CharField(_("title"), max_length=100, blank=True, help_text=_("e.g. 社区党委书记"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["area__path", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "area"],
                name="assignment_unique",
                violation_error_message=_("This user already holds this role here."),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.area}"


class PersonalDataAccess(models.Model):
    """One showing of a resident's full ID or phone number: who, when, which resident, how."""

    class Channel(models.TextChoices):
        PAGE = "page", _("Page")
        API = "api", _("API")
        EXPORT = "export", _("Export")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT)
    resident = models.ForeignKey("governance.Resident", verbose_name=_("resident"), on_delete=models.CASCADE)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} → {self.resident} ({self.at:%Y-%m-%d %H:%M})"
