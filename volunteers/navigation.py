from django.utils.translation import gettext_lazy as _

from governance.lib.registry import nav_first, nav_item, nav_section
from governance.territory.choices import Role

nav_section("services", _("Services and needs"), order=40)
nav_item("services", _("Record a need"), "volunteers:need-create", "volunteers.add_need")
nav_item("services", _("Needs worklist"), "volunteers:need-list", "volunteers.view_need")
nav_item("services", _("Service rates"), "volunteers:rates", "volunteers.view_need")
nav_item("services", _("Service List"), "volunteers:item-list", "volunteers.view_serviceitem")
nav_item("services", _("Volunteer teams"), "volunteers:team-list", "volunteers.view_volunteerteam")
nav_item("services", _("Volunteers"), "volunteers:volunteer-list", "volunteers.view_volunteer")
nav_item("services", _("Service records"), "volunteers:record-list", "volunteers.view_servicerecord")
nav_item("services", _("Party garden"), "volunteers:garden-list", "volunteers.view_gardenproject")
# The feedback report reads the service records kept here; it sits beside the check-ins in the party menu.
nav_item(
    "partybuilding", _("Check-in feedback"), "volunteers:feedback", "partybuilding.view_communitycheckin"
)

# The items each role uses most, first in its menu (the numbers order them across apps).
nav_first(Role.GRID_WORKER, "volunteers:need-create", 10)
nav_first(Role.GRID_WORKER, "volunteers:need-list", 20)
nav_first(Role.COMMUNITY_SECRETARY, "volunteers:need-list", 10)
nav_first(Role.COMMUNITY_SECRETARY, "volunteers:need-create", 20)
nav_first(Role.COMMUNITY_SECRETARY, "volunteers:record-list", 60)
for _role in (Role.STREET_STAFF, Role.STREET_ADMIN):
    nav_first(_role, "volunteers:need-list", 20)
    nav_first(_role, "volunteers:record-list", 40)
    nav_first(_role, "volunteers:rates", 45)
nav_first(Role.VIEWER, "volunteers:rates", 20)
