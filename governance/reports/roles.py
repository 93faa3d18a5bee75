"""A community's secretary drafts and makes their community's own work report."""

from governance.lib.roles import grant
from governance.territory.choices import Role

grant(Role.COMMUNITY_SECRETARY, "governance.add_workreport", "governance.change_workreport")
