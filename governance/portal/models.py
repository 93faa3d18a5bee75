"""Notifications in the portal, the outbox of messages leaving it, the once-only reminder ledger, settings."""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.lib.crypto import EncryptedTextField
from governance.lib.masking import PersonalKind
from governance.lib.scope import scope_q
from governance.lib.validators import normalise_phone, validate_phone
from governance.portal.choices import Channel, OutboxState
from governance.portal.robots import validate_robot_webhook
from governance.territory.choices import AreaLevel


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
    # A group robot's message names the settings it goes through (their webhook is read when it is sent, so
    # a webhook mended in the admin serves the retries); e-mail and SMS carry their address in `address`.
    preference = models.ForeignKey(
        "governance.ChannelPreference",
        verbose_name=_("channel settings"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

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


class ChannelPreferenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A community's settings in the user's scope, a person's when they work there, and one's own."""
        if user is None or not user.is_authenticated:
            return self.none()
        places = scope_q(user, "area__path")
        if places is None:
            return self
        people = scope_q(user, "user__assignments__area__path")
        return self.filter(places | people | Q(user=user)).distinct()


class ChannelPreference(models.Model):
    """Which channels beside the portal carry the notifications of one person, or of a community's staff.

    A person's row either follows their community's choice (and only supplies their phone and own robots) or
    makes its own; with no row anywhere, notifications go by e-mail as before. A WeCom or DingTalk choice
    posts to the person's own group robot, or else to their community's. Webhooks and the signing secret
    are stored encrypted and never shown back.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="channel_preference",
    )
    area = models.OneToOneField(
        "governance.Area",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="channel_preference",
        help_text=_("Its choice holds for the staff working there (a street's for the street office)."),
    )
    follows_community = models.BooleanField(
        _("follow the community's choice"),
        default=True,
        help_text=_("Off: the channels ticked below hold for this person instead."),
    )
    by_email = models.BooleanField(_("e-mail"), default=True)
    by_wecom = models.BooleanField(_("WeCom group robot"), default=False)
    by_dingtalk = models.BooleanField(_("DingTalk group robot"), default=False)
    by_sms = models.BooleanField(_("SMS"), default=False)
    phone = EncryptedTextField(
        _("mobile for SMS"), max_length=20, blank=True, validators=[validate_phone]
    )  # encrypted at rest
    wecom_webhook = EncryptedTextField(_("WeCom webhook"), blank=True, validators=[validate_robot_webhook])
    dingtalk_webhook = EncryptedTextField(
        _("DingTalk webhook"), blank=True, validators=[validate_robot_webhook]
    )
    dingtalk_secret = EncryptedTextField(_("DingTalk signing secret"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    personal_data = {"phone": PersonalKind.PHONE}  # masked by the one rule (governance.lib.masking)

    objects = ChannelPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification channels")
        verbose_name_plural = _("notification channels")
        ordering = ["area__path", "user__username", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, area__isnull=True) | Q(user__isnull=True, area__isnull=False),
                name="channel_preference_of_a_person_or_a_place",
                violation_error_message=_("Channel settings belong to one person or to one community."),
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(phone=""),
                name="channel_preference_phone_of_a_person",
                violation_error_message=_("A community has no mobile: each person's own is used."),
            ),
        ]

    def __str__(self):
        return str(self.user or self.area)

    def clean(self):
        super().clean()
        if self.phone:
            self.phone = normalise_phone(self.phone)
        if self.area_id and self.area.depth > AreaLevel.COMMUNITY:
            raise ValidationError({"area": _("Choose a community or the street.")})
        chosen = not self.user_id or not self.follows_community
        if chosen and self.by_dingtalk and self.area_id and not self.dingtalk_webhook:
            raise ValidationError({"dingtalk_webhook": _("Give the DingTalk group robot's webhook.")})
        if chosen and self.by_wecom and self.area_id and not self.wecom_webhook:
            raise ValidationError({"wecom_webhook": _("Give the WeCom group robot's webhook.")})
        if self.user_id and self.by_sms and not self.follows_community and not self.phone:
            raise ValidationError({"phone": _("Give the mobile the messages go to.")})

    def channels(self) -> set[str]:
        """The channels this row chooses (for a person who follows their community: none of its own)."""
        flags = {
            Channel.EMAIL: self.by_email,
            Channel.WECOM: self.by_wecom,
            Channel.DINGTALK: self.by_dingtalk,
            Channel.SMS: self.by_sms,
        }
        return {channel for channel, on in flags.items() if on}

    def webhook(self, channel: str) -> str:
        return {Channel.WECOM: self.wecom_webhook, Channel.DINGTALK: self.dingtalk_webhook}.get(channel, "")
