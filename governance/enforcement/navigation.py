from django.utils.translation import gettext_lazy as _

from governance.lib.registry import nav_item, nav_section

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
