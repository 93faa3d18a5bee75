from django.utils.translation import gettext_lazy as _

from governance.lib.registry import nav_first, nav_hide_for, nav_item, nav_section
from governance.territory.choices import Role

nav_section("reports", _("Leaders' view"), order=5)
nav_item("reports", _("Leaders' cockpit"), "governance:cockpit", "governance.view_workreport")
nav_item("reports", _("Work reports"), "governance:report-list", "governance.view_workreport")

for _role in (Role.STREET_STAFF, Role.STREET_ADMIN, Role.VIEWER):
    nav_first(_role, "governance:cockpit", 10)
nav_hide_for(Role.GRID_WORKER, "reports")
