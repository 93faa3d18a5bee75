from django.urls import reverse
from django.utils.translation import gettext as _

from governance.lib.registry import Card, dashboard_panel
from governance.territory import selectors
from governance.territory.choices import AreaLevel


@dashboard_panel(
    "territory",
    order=90,
    permission="governance.view_area",
    watches=(
        "governance.Area",
        "governance.Resident",
    ),
)
def territory_panel(request):
    counts = selectors.area_counts(request.user)
    levels = counts["levels"]
    area_url = reverse("governance:area-list")
    resident_url = reverse("governance:resident-list")
    return {
        "title": _("Territory and residents"),
        "cards": [
            Card(_("Communities"), levels[AreaLevel.COMMUNITY], f"{area_url}?level=3", unit=_("units")),
            Card(_("Grids"), levels[AreaLevel.GRID], f"{area_url}?level=4", unit=_("units")),
            Card(_("Buildings"), levels[AreaLevel.BUILDING], f"{area_url}?level=5", unit=_("units")),
            Card(_("Stairwells"), levels[AreaLevel.STAIRWELL], f"{area_url}?level=6", unit=_("units")),
            Card(_("Residents"), counts["total"], resident_url, unit=_("people")),
            Card(
                _("Floating population"),
                counts["floating"],
                f"{resident_url}?registration=floating",
                unit=_("people"),
                tone="info",
            ),
        ],
    }
