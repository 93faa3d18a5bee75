from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.lib.registry import nav_first, nav_hide_for, nav_item, nav_section
from governance.territory.choices import Role

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

for _role in (Role.STREET_STAFF, Role.STREET_ADMIN):
    nav_first(_role, "governance:staff-evaluation-list", 60)
# The street office's own staff are the street's business, not a community's or a grid's.
nav_hide_for(Role.GRID_WORKER, "staff")
nav_hide_for(Role.COMMUNITY_SECRETARY, "staff")
