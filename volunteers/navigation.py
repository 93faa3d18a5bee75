from django.utils.translation import gettext_lazy as _

from governance.lib.registry import nav_item, nav_section

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
