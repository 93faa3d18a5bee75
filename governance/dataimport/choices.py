from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.lib.tones import DANGER, INFO, MUTED, SUCCESS, declare_tones


class BatchStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked, awaiting confirmation")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    UNDONE = "undone", _("Undone")


BATCH_TONES = declare_tones(
    BatchStatus,
    {
        BatchStatus.CHECKING: INFO,
        BatchStatus.CHECKED: MUTED,
        BatchStatus.IMPORTING: INFO,
        BatchStatus.DONE: SUCCESS,
        BatchStatus.FAILED: DANGER,
        BatchStatus.UNDONE: MUTED,
    },
)


class RecordAction(models.TextChoices):
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
