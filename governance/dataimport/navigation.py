from django.utils.translation import gettext_lazy as _

from governance.lib.registry import nav_item

# Under 区域与居民, for those who may add residents (the rosters of other apps show on the same page).
nav_item("territory", _("Data import"), "governance:import-index", "governance.add_resident")
