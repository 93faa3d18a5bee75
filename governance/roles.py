"""What each role may do in the governance app beyond the defaults of governance.lib.roles."""

from governance.choices import Role
from governance.lib.roles import grant

grant(Role.COMMUNITY_SECRETARY, "governance.add_resident", "governance.change_resident")
grant(Role.GRID_WORKER, "governance.add_resident", "governance.change_resident")
