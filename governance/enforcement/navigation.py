from django.utils.translation import gettext_lazy as _

from governance.lib.registry import nav_first, nav_item, nav_section
from governance.territory.choices import Role

nav_section("enforcement", _("Joint enforcement"), order=50)
nav_item(
    "enforcement", _("Case board"), "governance:enforcement-case-list", "governance.view_enforcementcase"
)
nav_item(
    "enforcement", _("Raise a case"), "governance:enforcement-case-create", "governance.add_enforcementcase"
)
nav_item(
    "enforcement", _("Department scorecard"), "governance:enforcement-scorecard", "governance.view_summons"
)
nav_item(
    "enforcement",
    _("Departments"),
    "governance:enforcement-department-list",
    "governance.view_enforcementdepartment",
)

nav_first(Role.GRID_WORKER, "governance:enforcement-case-create", 30)
nav_first(Role.GRID_WORKER, "governance:enforcement-case-list", 40)
nav_first(Role.COMMUNITY_SECRETARY, "governance:enforcement-case-list", 50)
for _role in (Role.STREET_STAFF, Role.STREET_ADMIN, Role.VIEWER):
    nav_first(_role, "governance:enforcement-case-list", 30)
