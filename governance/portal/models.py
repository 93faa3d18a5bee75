"""Notifications in the portal, the once-only reminder ledger, and the settings admins tune."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(recipient=user)


class Notification(models.Model):
    """A message to one user in the portal (and by e-mail)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx")
        ]

    def __str__(self):
        return self.title


class ReminderLog(models.Model):
    """Records that the reminder for (object, stage) went out; its unique key makes sending idempotent."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    stage = models.CharField(_("stage"), max_length=50)
    rule = models.CharField(_("rule"), max_length=80)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "stage"], name="reminder_once_per_stage"
            )
        ]

    def __str__(self):
        return f"{self.rule}:{self.object_id}:{self.stage}"


class PortalSetting(models.Model):
    """A number an administrator may change at run time (reminder days, thresholds)."""

    key = models.CharField(_("key"), max_length=80, unique=True)
    value = models.IntegerField(_("value"))
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("portal setting")
        verbose_name_plural = _("portal settings")
        ordering = ["key"]

    def __str__(self):
        return f"{self.key} = {self.value}"
