"""What each role may do with the territory beyond the defaults of governance.lib.roles."""

from governance.lib.roles import grant
from governance.territory.choices import Role

# A new building or stairwell in their community.
grant(Role.COMMUNITY_SECRETARY, "governance.add_area")
