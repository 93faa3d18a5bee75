"""Enumerations shared across the portal (Chinese labels come from the locale files)."""

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


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Registration(models.TextChoices):
    REGISTERED = "registered", _("Registered population")
    FLOATING = "floating", _("Floating population")


class WorkLine(models.TextChoices):
    """Lines of work a leader answers for; meetings' topics and cases' categories map onto them."""

    PARTY_BUILDING = "party_building", _("Party building")
    ECONOMY = "economy", _("Economy")
    SOCIAL_PROGRAMMES = "social_programmes", _("Social programmes")
    PUBLIC_SECURITY = "public_security", _("Public security")
    URBAN_MANAGEMENT = "urban_management", _("Urban management")
    COMMUNITY_SERVICES = "community_services", _("Community services")
    PROPERTY = "property", _("Property management")
