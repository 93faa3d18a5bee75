from django.utils.translation import gettext_lazy as _

from governance.lib.registry import nav_hide_for, nav_item, nav_section
from governance.territory.choices import Role

nav_section("property", _("Property"), order=30)
nav_item("property", _("Property companies"), "property:company-list", "property.view_propertycompany")
nav_item("property", _("Service contracts"), "property:contract-list", "property.view_servicecontract")
nav_item("property", _("Cooperatives"), "property:cooperative-list", "property.view_cooperative")
nav_item("property", _("Property fees"), "property:fee-list", "property.view_feerecord")
nav_item("property", _("Collection rates"), "property:collection", "property.view_feerecord")
nav_item("property", _("Fee subsidies"), "property:subsidy-list", "property.view_feesubsidy")
nav_item("property", _("Inspections"), "property:inspection-list", "property.view_inspection")
nav_item("property", _("Complaints"), "property:complaint-list", "property.view_complaint")
nav_item("property", _("Re-employment"), "property:placement-list", "property.view_placement")

# Property supervision is the street's and the communities' work, not a grid worker's.
nav_hide_for(Role.GRID_WORKER, "property")
