"""Enumerations of the services, needs and volunteers app (Chinese labels in locale/volunteers)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.lib.tones import DANGER, INFO, MUTED, SUCCESS, declare_tones


class Urgency(models.TextChoices):
    """Urgency classes with Beijing 12345's limits as the seeded deadlines."""

    EMERGENCY = "emergency", _("Emergency")
    UTILITIES = "utilities", _("Water, power, gas or heating")
    GENERAL = "general", _("General")
    COMPLEX = "complex", _("Complex")


class Channel(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    GRID_WORKER = "grid_worker", _("Grid worker")
    MEETING = "meeting", _("Meeting")
    RESIDENT = "resident", _("Resident's own report")


class NeedStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ASSIGNED = "assigned", _("Assigned")
    DONE = "done", _("Done")
    RATED = "rated", _("Rated")
    CLOSED = "closed", pgettext_lazy("need status", "Closed")


NEED_STATUS_TONES = declare_tones(
    NeedStatus,
    {
        NeedStatus.SUBMITTED: MUTED,
        NeedStatus.ACCEPTED: INFO,
        NeedStatus.DECLINED: DANGER,
        NeedStatus.ASSIGNED: INFO,
        NeedStatus.DONE: INFO,  # the resident's rating is still to come
        NeedStatus.RATED: SUCCESS,
        NeedStatus.CLOSED: SUCCESS,
    },
)


class NeedMove(models.TextChoices):
    """The moves of the needs workflow; each is one row in the table of allowed moves."""

    SUBMIT = "submit", _("Submit")
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    ASSIGN = "assign", pgettext_lazy("need move", "Assign")
    COMPLETE = "complete", _("Mark done")
    RATE = "rate", _("Record the rating")
    CLOSE = "close", _("Close")
    REOPEN = "reopen", pgettext_lazy("need move", "Reopen")
    QUALITY_CHECK = "quality_check", _("Quality check")
    MERGE = "merge", _("Merge into the earlier need")
    KEEP_BOTH = "keep_both", _("Not a duplicate: keep both")


class ResidentVerdict(models.TextChoices):
    """What a resident answers when rating a need (满意/基本满意/不满意), with the 1–5 rating each records."""

    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


# The satisfaction rate counts ratings of 4 and 5: "basically satisfied" counts as satisfied, as at 12345.
VERDICT_RATINGS = {
    ResidentVerdict.SATISFIED: 5,
    ResidentVerdict.BASICALLY: 4,
    ResidentVerdict.DISSATISFIED: 2,
}


class Outcome(models.TextChoices):
    SOLVED = "solved", _("Solved")
    PARTLY = "partly", _("Partly solved")


class ProviderKind(models.TextChoices):
    TEAM = "team", _("Volunteer team")
    RESIDENT_UNIT = "unit", _("Resident unit")
    CHECK_IN = "check_in", _("Checked-in party member or agency")
    DEPARTMENT = "department", _("Department")


class RecordStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


RECORD_STATUS_TONES = declare_tones(
    RecordStatus,
    {RecordStatus.REPORTED: MUTED, RecordStatus.CONFIRMED: SUCCESS, RecordStatus.REJECTED: DANGER},
)


class DonationKind(models.TextChoices):
    MONEY = "money", _("Money")
    GOODS = "goods", _("Goods")
    LABOUR = "labour", _("Labour")
