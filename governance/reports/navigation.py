from django.utils.translation import gettext_lazy as _

from governance.lib.registry import nav_item, nav_section

nav_section("reports", _("Leaders' view"), order=5)
nav_item("reports", _("Leaders' cockpit"), "governance:cockpit", "governance.view_workreport")
nav_item("reports", _("Work reports"), "governance:report-list", "governance.view_workreport")
