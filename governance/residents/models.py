"""Residents and their households; ID numbers and phones are personal data, shown masked, every showing logged."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.lib.crypto import BlindIndexField, EncryptedTextField, blind_index
from governance.lib.masking import PersonalKind, mask
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
from governance.territory.models import community_path_field, grid_path_field


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
        """Residents whose name contains `text` (numbers are found with `by_number`, by permitted roles)."""
        text = (text or "").strip()
        return self.filter(name__icontains=text) if text else self

    def by_number(self, number: str):
        """Residents whose ID card number or phone is exactly `number` (through the blind indexes)."""
        id_index = blind_index(PersonalKind.ID_NUMBER, number)
        if id_index is None:
            return self.none()
        return self.filter(
            Q(id_number_index=id_index) | Q(phone_index=blind_index(PersonalKind.PHONE, number))
        )

    def by_phone(self, phone: str):
        """Residents with exactly this phone number (through the blind index; the number is never stored)."""
        index = blind_index(PersonalKind.PHONE, phone)
        return self.filter(phone_index=index) if index else self.none()

    def by_id_number(self, id_number: str):
        index = blind_index(PersonalKind.ID_NUMBER, id_number)
        return self.filter(id_number_index=index) if index else self.none()


class Resident(models.Model):
    """A person living in the street's territory, registered there or floating."""

    name = models.CharField(_("full name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    # Encrypted at rest (governance.lib.crypto); exact lookups and uniqueness go through the blind indexes.
    id_number = EncryptedTextField(
        _("ID card number"), max_length=18, blank=True, null=True, validators=[validate_id_number]
    )
    id_number_index = BlindIndexField(source="id_number", kind=PersonalKind.ID_NUMBER.value, unique=True)
    phone = EncryptedTextField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    phone_index = BlindIndexField(source="phone", kind=PersonalKind.PHONE.value, db_index=True)
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

    # Field -> kind of personal data: masked by the one rule, shown in full only through a logged reveal.
    personal_data = {
        "id_number": PersonalKind.ID_NUMBER,
        "phone": PersonalKind.PHONE,
        "birth_date": PersonalKind.BIRTH_DATE,
    }

    # The community's and grid's paths, kept from `area`: a secretary's or grid worker's list is an index range.
    community_path = community_path_field()
    grid_path = grid_path_field()

    history = HistoricalRecords(excluded_fields=["community_path", "grid_path"])
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
            models.Index(fields=["community_path", "id"], name="resident_community_idx"),
            models.Index(fields=["grid_path", "id"], name="resident_grid_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:resident-detail", args=[self.pk])

    @property
    def room(self) -> str:
        return self.household.room

    # The one masking rule (governance.lib.masking) applied to this record's personal data.
    @property
    def masked_id_number(self) -> str:
        return mask(PersonalKind.ID_NUMBER, self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask(PersonalKind.PHONE, self.phone)

    @property
    def masked_birth_date(self) -> str:
        return mask(PersonalKind.BIRTH_DATE, self.birth_date)

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


class PersonalDataAccessQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Showings of records the user may see: a log of who saw whom must not name people out of scope."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_active and user.is_superuser:
            return self
        q = Q(resident__in=Resident.objects.visible_to(user).values("pk"))
        for label in self.exclude(record_type="").order_by().values_list("record_type", flat=True).distinct():
            shown = apps.get_model(label)._default_manager.visible_to(user).values("pk")
            q |= Q(record_type=label, record_id__in=shown)
        return self.filter(q)


class PersonalDataAccess(models.Model):
    """One showing of someone's full personal data: who, when, which record, which channel, and why."""

    class Channel(models.TextChoices):
        PAGE = "page", _("Page")
        API = "api", _("API")
        EXPORT = "export", _("Export")
        FORM = "form", _("Edit form")
        ADMIN = "admin", _("Admin")
        SEARCH = "search", _("Exact search")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT)
    resident = models.ForeignKey(
        "governance.Resident", verbose_name=_("resident"), on_delete=models.CASCADE, null=True, blank=True
    )
    # Records other than residents that carry personal data (a need's requester, a volunteer...).
    record_type = models.CharField(_("kind of record"), max_length=60, blank=True)
    record_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=False) | (~Q(record_type="") & Q(record_id__isnull=False)),
                name="personal_data_access_names_record",
                violation_error_message=_("A showing of personal data names the record shown."),
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.resident or self.record_type} ({self.at:%Y-%m-%d %H:%M})"
