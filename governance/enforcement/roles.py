"""What each role may do in joint enforcement beyond the defaults of governance.lib.roles."""

from governance.lib.roles import grant
from governance.territory.choices import Role

# Communities and grid workers raise cases and add photos; the community's secretary verifies the result.
# Summoning and recording departments' responses stay with street staff.
grant(
    Role.COMMUNITY_SECRETARY,
    "governance.add_enforcementcase",
    "governance.change_enforcementcase",
    "governance.add_casephoto",
)
grant(Role.GRID_WORKER, "governance.add_enforcementcase", "governance.add_casephoto")
