"""Community secretaries keep their community's party work: members, meetings, actions, pledges, posts."""

from governance.lib.roles import grant
from governance.territory.choices import Role

SECRETARY_MODELS = (
    "residentunit",
    "partymember",
    "membertransfer",
    "memberfileentry",
    "communitycheckin",
    "meeting",
    "meetinginvitee",
    "meetingattachment",
    "decision",
    "followupaction",
    "committeeseat",
    "pledge",
    "pledgedelivery",
    "supervisionpost",
)
grant(
    Role.COMMUNITY_SECRETARY,
    *(f"partybuilding.{action}_{model}" for model in SECRETARY_MODELS for action in ("add", "change")),
)
# Grid workers report progress on the actions they own.
grant(Role.GRID_WORKER, "partybuilding.change_followupaction")
