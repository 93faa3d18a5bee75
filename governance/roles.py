"""What each role may do in the governance app beyond the defaults of governance.lib.roles."""

from governance.choices import Role
from governance.lib.roles import grant

grant(
    Role.COMMUNITY_SECRETARY,
    "governance.add_resident",
    "governance.change_resident",
    "governance.add_area",  # a new building or stairwell in their community
)
grant(Role.GRID_WORKER, "governance.add_resident", "governance.change_resident")
# Joint enforcement (issue 7): communities and grid workers raise cases and add photos; the community's
# secretary verifies the result. Summoning and recording departments' responses stay with street staff.
grant(
    Role.COMMUNITY_SECRETARY,
    "governance.add_enforcementcase",
    "governance.change_enforcementcase",
    "governance.add_casephoto",
)
grant(Role.GRID_WORKER, "governance.add_enforcementcase", "governance.add_casephoto")
