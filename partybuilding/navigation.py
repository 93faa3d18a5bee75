from django.utils.translation import gettext_lazy as _

from governance.lib.registry import nav_first, nav_hide_for, nav_item, nav_section
from governance.territory.choices import Role

nav_section("partybuilding", _("Party building"), order=10)
nav_item(
    "partybuilding",
    _("Organisation chart"),
    "partybuilding:organisation-chart",
    "partybuilding.view_partyorganisation",
)
nav_item("partybuilding", _("Party members"), "partybuilding:member-list", "partybuilding.view_partymember")
nav_item("partybuilding", _("Meetings"), "partybuilding:meeting-list", "partybuilding.view_meeting")
nav_item(
    "partybuilding", _("Follow-up actions"), "partybuilding:action-list", "partybuilding.view_followupaction"
)
nav_item(
    "partybuilding",
    _("Joint committees"),
    "partybuilding:committee-list",
    "partybuilding.view_jointcommittee",
)
nav_item("partybuilding", _("Resident units"), "partybuilding:unit-list", "partybuilding.view_residentunit")
nav_item("partybuilding", _("Pledges"), "partybuilding:pledge-list", "partybuilding.view_pledge")
nav_item(
    "partybuilding", _("Supervision network"), "partybuilding:supervision", "partybuilding.view_partymember"
)
nav_item(
    "partybuilding",
    _("Community check-ins"),
    "partybuilding:checkin-list",
    "partybuilding.view_communitycheckin",
)

nav_first(Role.GRID_WORKER, "partybuilding:action-list", 50)
nav_first(Role.COMMUNITY_SECRETARY, "partybuilding:meeting-list", 30)
nav_first(Role.COMMUNITY_SECRETARY, "partybuilding:action-list", 40)
for _role in (Role.STREET_STAFF, Role.STREET_ADMIN):
    nav_first(_role, "partybuilding:meeting-list", 50)
# A grid worker reports on the actions he owns (in his "used most" items); the rest is the community's work.
nav_hide_for(Role.GRID_WORKER, "partybuilding")
