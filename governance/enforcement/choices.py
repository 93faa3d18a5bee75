"""Joint enforcement's enumerations: a case's statuses, urgency, source and reasons for dropping."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.lib.tones import DANGER, INFO, MUTED, SUCCESS, WARNING, declare_tones


class CaseStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    SUMMONED = "summoned", _("Departments summoned")
    ON_SITE = "on_site", _("Departments on site")
    ACTED = "acted", _("Acted")
    VERIFIED = "verified", _("Verified by the community")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")
    DROPPED = "dropped", _("Dropped")


CASE_STATUS_TONES = declare_tones(
    CaseStatus,
    {
        CaseStatus.RAISED: MUTED,
        CaseStatus.SUMMONED: INFO,
        CaseStatus.ON_SITE: INFO,
        CaseStatus.ACTED: WARNING,  # waiting for the community to verify
        CaseStatus.VERIFIED: SUCCESS,
        CaseStatus.CLOSED: SUCCESS,
        CaseStatus.DROPPED: DANGER,
    },
)


OPEN_STATUSES = (
    CaseStatus.RAISED,
    CaseStatus.SUMMONED,
    CaseStatus.ON_SITE,
    CaseStatus.ACTED,
    CaseStatus.VERIFIED,
)


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


URGENCY_TONES = declare_tones(Urgency, {Urgency.URGENT: DANGER, Urgency.HIGH: WARNING, Urgency.NORMAL: MUTED})


class SourceKind(models.TextChoices):
    """Where a case came from; a reference (e.g. the need's or meeting's id) may go with it."""

    GRID_WORKER = "grid_worker", _("Grid worker")
    COMMUNITY = "community", _("Community")
    COMPLAINT = "complaint", _("Resident complaint")
    NEED = "need", _("Needs List item")
    MEETING = "meeting", _("Meeting decision")


class DropReason(models.TextChoices):
    DUPLICATE = "duplicate", _("Duplicate of another case")
    NOT_ENFORCEMENT = "not_enforcement", _("Not an enforcement matter")
    RESOLVED_ALREADY = "resolved_already", _("Resolved before the departments acted")
    NO_JURISDICTION = "no_jurisdiction", _("No department has jurisdiction")
    TIMED_OUT = "timed_out", _("The moment passed")
    OTHER = "other", _("Other")


class CaseMove(models.TextChoices):
    """The moves of a case; summoning, arriving and acting follow from the summonses."""

    SUMMON = "summon", _("Summon")
    ARRIVE = "arrive", _("On site")
    ACT = "act", _("Acted")
    VERIFY = "verify", _("Verified: the work is done")
    SEND_BACK = "send_back", _("Not fixed: send back")
    CLOSE = "close", _("Close the case")
    DROP = "drop", _("Drop the case")
