from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.lib.tones import DANGER, INFO, MUTED, SUCCESS, WARNING, declare_tones


class OrgLevel(models.IntegerChoices):
    """The four levels of the party organisation, each attached to its territory level."""

    DISTRICT_COMMITTEE = 1, _("District committee")
    STREET_WORKING_COMMITTEE = 2, _("Street working committee")
    COMMUNITY_ORGANISATION = 3, _("Community party organisation")
    GRID_BRANCH = 4, _("Grid branch")


class UnitKind(models.TextChoices):
    PARTY_GOVERNMENT_ORGAN = "organ", _("Party or government organ")
    SOE_OR_INSTITUTION = "soe", _("SOE or public institution")
    MASS_ORGANISATION = "mass", _("Mass organisation")
    NON_PUBLIC_ENTERPRISE = "private", _("Non-public enterprise")
    SOCIAL_ORGANISATION = "social", _("Social organisation")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PROBATIONARY = "probationary", _("Probationary")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    DECEASED = "deceased", _("Deceased")


MEMBER_STATUS_TONES = declare_tones(
    MemberStatus,
    {
        MemberStatus.ACTIVE: SUCCESS,
        MemberStatus.PROBATIONARY: INFO,
        MemberStatus.TRANSFERRED_OUT: MUTED,
        MemberStatus.DECEASED: MUTED,
    },
)


class CheckInKind(models.TextChoices):
    PARTY_MEMBER = "member", _("Party member")
    AGENCY = "agency", _("Agency (resident unit)")


class MeetingKind(models.TextChoices):
    JOINT_COMMITTEE = "joint_committee", _("Joint committee meeting")
    JOINT_PARTY_BUILDING = "joint_party_building", _("Joint party-building meeting")
    GRASSROOTS_COUNCIL = "grassroots_council", _("Grassroots council")
    DELIBERATION = "deliberation", _("Deliberation")
    REGULAR_COMMUNICATION = "regular_communication", _("Regular communication")
    CO_BUILDING = "co_building", _("Co-building")


class MeetingTopic(models.TextChoices):
    """What a meeting discusses: the lines the part-time members deliberate on."""

    PARTY_BUILDING = "party_building", _("Party building")
    ECONOMY = "economy", _("Economy")
    SOCIAL_PROGRAMMES = "social_programmes", _("Social programmes")
    PUBLIC_SECURITY = "public_security", _("Public security")
    URBAN_MANAGEMENT = "urban_management", _("Urban management")
    COMMUNITY_SERVICES = "community_services", _("Community services")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


ACTION_STATUS_TONES = declare_tones(ActionStatus, {ActionStatus.OPEN: INFO, ActionStatus.DONE: SUCCESS})


class FileEntryKind(models.TextChoices):
    NOTE = "note", _("Note")
    AWARD = "award", _("Award")
    WARNING = "warning", _("Warning")


FILE_ENTRY_TONES = declare_tones(
    FileEntryKind, {FileEntryKind.NOTE: MUTED, FileEntryKind.AWARD: SUCCESS, FileEntryKind.WARNING: DANGER}
)


class CommitteeKind(models.TextChoices):
    STREET = "street", _("Street joint committee")
    COMMUNITY = "community", _("Community joint committee")


class SeatKind(models.TextChoices):
    STANDING = "standing", _("Standing member")
    PART_TIME = "part_time", _("Part-time member")


SEAT_KIND_TONES = declare_tones(SeatKind, {SeatKind.STANDING: INFO, SeatKind.PART_TIME: WARNING})


class PledgeKind(models.TextChoices):
    """The five kinds of support a resident unit pledges (政策、人才、技术、资金、阵地)."""

    POLICY = "policy", _("Policy")
    TALENT = "talent", _("Talent")
    TECHNOLOGY = "technology", _("Technology")
    FUNDS = "funds", _("Funds")
    VENUE = "venue", _("Venue support")


class SupervisionRole(models.TextChoices):
    BUILDING_LEADER = "building_leader", _("Building leader")
    STAIRWELL_MEMBER = "stairwell_member", _("Stairwell party member")


class ActionMove(models.TextChoices):
    PROGRESS = "progress", _("Report progress")
    CLOSE = "close", _("Close the action")
    REOPEN = "reopen", _("Reopen")
