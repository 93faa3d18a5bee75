"""Residents' enumerations (Chinese labels come from the catalogue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.lib.tones import INFO, WARNING, declare_tones


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Registration(models.TextChoices):
    REGISTERED = "registered", _("Registered population")
    FLOATING = "floating", _("Floating population")


REGISTRATION_TONES = declare_tones(
    Registration, {Registration.REGISTERED: INFO, Registration.FLOATING: WARNING}
)
