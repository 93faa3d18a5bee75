"""Choices of the portal's machinery: the outbox's channels and the states of a message in it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.lib.tones import DANGER, INFO, MUTED, SUCCESS, declare_tones


class Channel(models.TextChoices):
    """How a message leaves the portal; each channel has one sender (governance.lib.channels)."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


class OutboxState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("outbox state", "Pending")
    SENDING = "sending", pgettext_lazy("outbox state", "Sending")
    SENT = "sent", pgettext_lazy("outbox state", "Sent")
    FAILED = "failed", pgettext_lazy("outbox state", "Failed")


OUTBOX_STATE_TONES = declare_tones(
    OutboxState,
    {
        OutboxState.PENDING: MUTED,
        OutboxState.SENDING: INFO,
        OutboxState.SENT: SUCCESS,
        OutboxState.FAILED: DANGER,
    },
)
