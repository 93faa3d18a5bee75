from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.lib.registry import nav_item, nav_section

nav_section("staff", _("Street cadres"), order=20)
nav_item("staff", _("Staff"), "governance:staff-member-list", "governance.view_staffmember")
nav_item(
    "staff",
    pgettext_lazy("street office", "Departments"),
    "governance:staff-department-list",
    "governance.view_department",
)
nav_item(
    "staff",
    _("Leadership portfolios"),
    "governance:staff-portfolio-list",
    "governance.view_leadershipportfolio",
)
nav_item("staff", _("Who is in charge"), "governance:staff-in-charge", "governance.view_leadershipportfolio")
nav_item("staff", _("A/B posts"), "governance:staff-post-list", "governance.view_post")
nav_item("staff", _("A/B coverage"), "governance:staff-coverage", "governance.view_post")
nav_item(
    "staff", _("Quarterly evaluations"), "governance:staff-evaluation-list", "governance.view_evaluation"
)
nav_item("staff", _("Age structure and turnover"), "governance:staff-age", "governance.view_staffmember")
