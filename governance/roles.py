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
