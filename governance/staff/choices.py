"""Street staff's enumerations, and the lines of work leaders answer for."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.lib.tones import INFO, MUTED, SUCCESS, declare_tones


class WorkLine(models.TextChoices):
    """Lines of work a leader answers for; meetings' topics and cases' categories map onto them."""

    PARTY_BUILDING = "party_building", _("Party building")
    ECONOMY = "economy", _("Economy")
    SOCIAL_PROGRAMMES = "social_programmes", _("Social programmes")
    PUBLIC_SECURITY = "public_security", _("Public security")
    URBAN_MANAGEMENT = "urban_management", _("Urban management")
    COMMUNITY_SERVICES = "community_services", _("Community services")
    PROPERTY = "property", _("Property management")


class Education(models.TextChoices):
    SECONDARY = "secondary", _("Secondary school or below")
    COLLEGE = "college", _("Junior college")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree or above")


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("CPC member")
    PROBATIONARY = "probationary", _("Probationary CPC member")
    LEAGUE_MEMBER = "league_member", _("CYL member")
    OTHER_PARTY = "other_party", _("Member of another party")
    MASSES = "masses", _("Ordinary citizen")


class StaffKind(models.TextChoices):
    CADRE = "cadre", _("Street cadre")
    COMMUNITY_WORKER = "community_worker", _("Community worker")


class LeaveReason(models.TextChoices):
    RESIGNED = "resigned", _("Resigned")
    TRANSFERRED = "transferred", _("Transferred")
    RETIRED = "retired", _("Retired")
    CONTRACT_ENDED = "contract_ended", _("Contract ended")
    DISMISSED = "dismissed", _("Dismissed")
    OTHER = "other", _("Other")


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", _("Leave")
    SECONDMENT = "secondment", _("Secondment")
    TRAINING = "training", _("Training")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASICALLY_COMPETENT = "basically_competent", _("Basically competent")
    INCOMPETENT = "incompetent", _("Incompetent")


class EvaluationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUBMITTED = "submitted", _("Submitted")
    CONFIRMED = "confirmed", _("Confirmed")


EVALUATION_STATUS_TONES = declare_tones(
    EvaluationStatus,
    {EvaluationStatus.PENDING: MUTED, EvaluationStatus.SUBMITTED: INFO, EvaluationStatus.CONFIRMED: SUCCESS},
)


class EvaluationMove(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    CONFIRM = "confirm", _("Confirm")
    RETURN = "return", _("Return to the evaluator")
