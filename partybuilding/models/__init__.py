"""Party building: organisations, resident units, members, joint committees, meetings, pledges, supervision."""

from partybuilding.models.committees import CommitteeSeat, JointCommittee
from partybuilding.models.meetings import Decision, FollowUpAction, Meeting, MeetingAttachment, MeetingInvitee
from partybuilding.models.organisations import (
    CommunityCheckIn,
    MemberFileEntry,
    MemberTransfer,
    PartyMember,
    PartyOrganisation,
    ResidentUnit,
)
from partybuilding.models.pledges import Pledge, PledgeDelivery
from partybuilding.models.supervision import SupervisionPost

__all__ = [
    "CommitteeSeat",
    "CommunityCheckIn",
    "Decision",
    "FollowUpAction",
    "JointCommittee",
    "Meeting",
    "MeetingAttachment",
    "MeetingInvitee",
    "MemberFileEntry",
    "MemberTransfer",
    "PartyMember",
    "PartyOrganisation",
    "Pledge",
    "PledgeDelivery",
    "ResidentUnit",
    "SupervisionPost",
]
