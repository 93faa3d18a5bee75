"""Enumerations of the property-management reform (Chinese labels come from locale/property)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.lib.tones import DANGER, INFO, MUTED, SUCCESS, WARNING, declare_tones


class CompanyKind(models.TextChoices):
    STATE_OWNED = "state_owned", _("State-owned")
    OUTSOURCED = "outsourced", _("Outsourced")
    COOPERATIVE_RUN = "cooperative_run", _("Cooperative-run")


class ServiceLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    STANDARD = "standard", _("Standard")
    PREMIUM = "premium", _("Premium")


class ChecklistItem(models.TextChoices):
    """What an inspection of the property office scores, each out of `CHECKLIST_MAX` points."""

    CLEANING = "cleaning", _("Cleaning")
    SECURITY = "security", _("Security")
    GREENING = "greening", _("Greening")
    REPAIRS = "repairs", _("Repairs")
    FEE_TRANSPARENCY = "fee_transparency", _("Fee transparency")


CHECKLIST_MAX = 20  # five items of 20 points make an inspection's score out of 100


class ComplaintChannel(models.TextChoices):
    RESIDENT = "resident", _("From a resident")
    COUNCIL = "council", _("Raised in a grassroots council")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ANSWERED = "answered", _("Answered")
    RESOLVED = "resolved", _("Resolved")


COMPLAINT_STATUS_TONES = declare_tones(
    ComplaintStatus,
    {ComplaintStatus.RECEIVED: MUTED, ComplaintStatus.ANSWERED: INFO, ComplaintStatus.RESOLVED: SUCCESS},
)


class Satisfaction(models.IntegerChoices):
    VERY_UNSATISFIED = 1, _("Very unsatisfied")
    UNSATISFIED = 2, _("Unsatisfied")
    NEUTRAL = 3, _("Neutral")
    SATISFIED = 4, _("Satisfied")
    VERY_SATISFIED = 5, _("Very satisfied")


class FindingState(models.TextChoices):
    """Where a finding stands today (computed from its deadline and fix date, not stored)."""

    FIXED = "fixed", _("Fixed")
    OVERDUE = "overdue", _("Overdue")
    OPEN = "open", pgettext_lazy("property finding", "Open")


FINDING_STATE_TONES = declare_tones(
    FindingState, {FindingState.FIXED: SUCCESS, FindingState.OVERDUE: DANGER, FindingState.OPEN: WARNING}
)


class ScoreBand(models.TextChoices):
    """How an inspection's score reads: 90 and above good, 70 and above fair, below that poor."""

    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


SCORE_BAND_TONES = declare_tones(
    ScoreBand, {ScoreBand.GOOD: SUCCESS, ScoreBand.FAIR: INFO, ScoreBand.POOR: DANGER}
)


class ComplaintMove(models.TextChoices):
    ANSWER = "answer", _("Save the answer")
    RESOLVE = "resolve", _("Mark resolved")
