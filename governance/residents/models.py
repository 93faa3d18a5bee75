"""Residents and their households; ID numbers and phones are personal data, shown masked, every showing logged."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.lib.masking import mask_id_number, mask_phone
from governance.lib.scope import ScopedQuerySet
from governance.lib.validators import (
    id_birth_date,
    id_gender,
    normalise_id_number,
    normalise_phone,
    validate_id_number,
    validate_phone,
)
from governance.residents.choices import Gender, Registration
from governance.territory.choices import AreaLevel


class Household(models.Model):
    """A household: one room behind one stairwell."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("stairwell"), on_delete=models.PROTECT, related_name="households"
    )
    room = models.CharField(_("room"), max_length=20)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["area__path", "room"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "room"],
                name="household_unique_room",
                violation_error_message=_("This room already has a household."),
            )
        ]

    def __str__(self):
        return f"{self.area.name} {self.room}"


class ResidentQuerySet(ScopedQuerySet):
    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(id_number=normalise_id_number(text)) | Q(phone=text))


class Resident(models.Model):
    """A person living in the street's territory, registered there or floating."""

    name = models.CharField(_("full name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    id_number = models.CharField(
        _("ID card number"),
        max_length=18,
        blank=True,
        null=True,
        unique=True,
        validators=[validate_id_number],
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("stairwell"), on_delete=models.PROTECT, related_name="residents"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="members"
    )
    is_household_head = models.BooleanField(_("head of household"), default=False)
    registration = models.CharField(
        _("registration"), max_length=12, choices=Registration.choices, default=Registration.REGISTERED
    )
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("living here"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["id"]
        permissions = [("view_resident_pii", _("Can see residents' full ID and phone numbers"))]
        indexes = [
            models.Index(fields=["area", "id"], name="resident_area_idx"),
            models.Index(fields=["registration", "id"], name="resident_registration_idx"),
            models.Index(fields=["name"], name="resident_name_idx"),
            models.Index(fields=["phone"], name="resident_phone_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:resident-detail", args=[self.pk])

    @property
    def room(self) -> str:
        return self.household.room

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number or "")

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def clean(self):
        errors = {}
        if self.id_number:
            self.id_number = normalise_id_number(self.id_number)
            try:
                validate_id_number(self.id_number)
            except ValidationError:
                pass  # reported by the field validator
            else:
                if self.birth_date and id_birth_date(self.id_number) != self.birth_date:
                    errors["birth_date"] = _("The birth date does not match the ID card number.")
                if self.gender and id_gender(self.id_number) != self.gender:
                    errors["gender"] = _("The gender does not match the ID card number.")
        else:
            self.id_number = None
        if self.phone:
            self.phone = normalise_phone(self.phone)
        if self.area_id and self.area.depth != AreaLevel.STAIRWELL:
            errors["area"] = _("A resident lives behind a stairwell: choose a stairwell.")
        if errors:
            raise ValidationError(errors)


class PersonalDataAccess(models.Model):
    """One showing of a resident's full ID or phone number: who, when, which resident, how."""

    class Channel(models.TextChoices):
        PAGE = "page", _("Page")
        API = "api", _("API")
        EXPORT = "export", _("Export")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT)
    resident = models.ForeignKey("governance.Resident", verbose_name=_("resident"), on_delete=models.CASCADE)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} → {self.resident} ({self.at:%Y-%m-%d %H:%M})"
