"""The territory's levels and the roles people hold over a place."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.IntegerChoices):
    """The territory's levels; a node's level is its depth in the tree."""

    DISTRICT = 1, _("District")
    STREET = 2, _("Street")
    COMMUNITY = 3, _("Community")
    GRID = 4, _("Grid")
    BUILDING = 5, _("Building")
    STAIRWELL = 6, _("Stairwell")


class Role(models.TextChoices):
    STREET_ADMIN = "street_admin", _("Street administrator")
    STREET_STAFF = "street_staff", _("Street staff")
    COMMUNITY_SECRETARY = "community_secretary", _("Community secretary")
    GRID_WORKER = "grid_worker", _("Grid worker")
    VIEWER = "viewer", _("Read-only viewer")
