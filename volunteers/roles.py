"""Who may do what in the services app beyond the defaults (street staff add/change/view, others view)."""

from governance.lib.roles import grant
from governance.territory.choices import Role

# Secretaries run the workflow of their community's needs and confirm their volunteers' hours.
grant(
    Role.COMMUNITY_SECRETARY,
    "volunteers.add_need",
    "volunteers.change_need",
    "volunteers.add_serviceitem",
    "volunteers.change_serviceitem",
    "volunteers.add_servicecontact",
    "volunteers.change_servicecontact",
    "volunteers.add_volunteerteam",
    "volunteers.change_volunteerteam",
    "volunteers.add_volunteer",
    "volunteers.change_volunteer",
    "volunteers.add_servicerecord",
    "volunteers.change_servicerecord",
    "volunteers.add_donation",
    "volunteers.add_adoption",
    "volunteers.add_carelog",
)
# Grid workers record needs and report service on the spot.
grant(Role.GRID_WORKER, "volunteers.add_need", "volunteers.add_servicerecord", "volunteers.add_carelog")
