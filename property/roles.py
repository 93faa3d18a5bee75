"""What each role may do in the property app beyond the defaults (street staff add/change, others view)."""

from governance.lib.roles import grant
from governance.territory.choices import Role

# Community secretaries keep their community's fee sheet, complaints and placements.
grant(
    Role.COMMUNITY_SECRETARY,
    "property.add_feerecord",
    "property.change_feerecord",
    "property.add_complaint",
    "property.change_complaint",
    "property.add_placement",
)
# Grid workers take complaints on the spot.
grant(Role.GRID_WORKER, "property.add_complaint")
