from django.utils.translation import gettext_lazy as _

from governance.lib.registry import nav_first, nav_item, nav_section
from governance.territory.choices import Role

nav_section("territory", _("Territory and residents"), order=90)
nav_item("territory", _("Territory"), "governance:area-list", "governance.view_area")
nav_item("territory", _("Residents"), "governance:resident-list", "governance.view_resident")
nav_item("territory", _("Notifications"), "governance:notification-list")

nav_first(Role.GRID_WORKER, "governance:resident-list", 60)
nav_first(Role.GRID_WORKER, "governance:notification-list", 70)
nav_first(Role.COMMUNITY_SECRETARY, "governance:resident-list", 70)
