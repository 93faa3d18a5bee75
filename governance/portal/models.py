"""Notifications in the portal, the outbox of messages leaving it, the once-only reminder ledger, settings."""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.portal.choices import Channel, OutboxState


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(recipient=user)

    def visible_to(self, user):
        """One's own notifications (the admin's rule too); a superuser sees every notification."""
        if user.is_active and user.is_superuser:
            return self
        return self.for_user(user) if user.is_authenticated else self.none()


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


class OutboxMessageQuerySet(models.QuerySet):
    def due(self, now=None):
        """Messages a sender should take now: pending and past their retry time, or sending with a lapsed lease."""
        now = now or timezone.now()
        return self.filter(
            Q(state=OutboxState.PENDING, next_attempt_at__lte=now)
            | Q(state=OutboxState.SENDING, lease_until__lt=now)
        )


class OutboxMessage(models.Model):
    """A message due to leave the portal, written in the transaction that decided to send it.

    The row is the only record that the message is owed: Celery merely wakes the sender, and the periodic
    sweep re-drives whatever is pending or whose sender's lease ran out, so a lost task costs a delay.
    """

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    address = models.CharField(_("address"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=OutboxState.SENDING) | Q(lease_until__isnull=False),
                name="outbox_sending_has_lease",
                violation_error_message=_("A message being sent must carry the sender's lease."),
            ),
            models.CheckConstraint(
                condition=~Q(state=OutboxState.SENT) | Q(sent_at__isnull=False),
                name="outbox_sent_has_time",
                violation_error_message=_("A sent message must say when the server accepted it."),
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.address}: {self.subject}"

    @property
    def message_id(self) -> str:
        """The Message-ID header, derived from the row: a resend after an ambiguous failure carries the same."""
        host = urlparse(settings.JIEDAO_SITE_URL).hostname or "jiedao.localhost"
        stamp = int(self.created_at.timestamp() * 1_000_000)
        return f"<outbox-{self.pk}.{stamp}@{host}>"


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
