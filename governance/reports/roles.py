"""A community's secretary drafts and makes their community's own work report; a grid worker's scope (a grid)
is below the places reports are made for, so the cockpit and reports are not theirs."""

from governance.lib.roles import grant, withhold
from governance.territory.choices import Role

grant(Role.COMMUNITY_SECRETARY, "governance.add_workreport", "governance.change_workreport")
withhold(Role.GRID_WORKER, "governance.view_workreport")
