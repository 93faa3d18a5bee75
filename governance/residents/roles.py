"""What each role may do with residents beyond the defaults of governance.lib.roles."""

from governance.lib.roles import grant
from governance.territory.choices import Role

grant(Role.COMMUNITY_SECRETARY, "governance.add_resident", "governance.change_resident")
grant(Role.GRID_WORKER, "governance.add_resident", "governance.change_resident")
