"""Party building: organisations, resident units, party members, community check-ins and meetings.

This is the skeleton the other apps link to (volunteers' service records point at check-ins,
property complaints at grassroots-council meetings); the Party building issue fills it out.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.lib.scope import ScopedQuerySet
from partybuilding.choices import CheckInKind, MeetingKind, MemberStatus, OrgLevel, UnitKind


class ResidentUnit(models.Model):
    """An organisation seated in the street (驻区单位) whose party organisation may serve on a joint committee."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident unit")
        verbose_name_plural = _("resident units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"],
                name="resident_unit_unique_name",
                violation_error_message=_("A resident unit with this name is already registered here."),
            )
        ]

    def __str__(self):
        return self.name


class PartyOrganisation(models.Model):
    """A party organisation: one of the four levels on the territory, or a resident unit's own."""

    name = models.CharField(_("name"), max_length=150)
    level = models.PositiveSmallIntegerField(_("level"), choices=OrgLevel.choices, null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    resident_unit = models.OneToOneField(
        ResidentUnit,
        verbose_name=_("resident unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_organisation",
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=True, resident_unit__isnull=False)
                | Q(level__isnull=False, resident_unit__isnull=True),
                name="party_org_is_levelled_or_a_units",
                violation_error_message=_(
                    "An organisation is either one of the four levels or a resident unit's own."
                ),
            )
        ]

    def __str__(self):
        return self.name


class PartyMember(models.Model):
    """A party member and their current membership (the party-member file hangs off this)."""

    name = models.CharField(_("name"), max_length=50)
    resident = models.ForeignKey(
        "governance.Resident",
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_memberships",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_member",
    )
    organisation = models.ForeignKey(
        PartyOrganisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="members"
    )
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    joined_on = models.DateField(_("joined the party on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class CommunityCheckIn(models.Model):
    """A party member or an agency checking in to serve a community (到社区报到) for a period."""

    kind = models.CharField(_("kind"), max_length=10, choices=CheckInKind.choices)
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    party_member = models.ForeignKey(
        PartyMember,
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="check_ins",
    )
    resident_unit = models.ForeignKey(
        ResidentUnit,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="check_ins",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("community check-in")
        verbose_name_plural = _("community check-ins")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind=CheckInKind.PARTY_MEMBER, party_member__isnull=False, resident_unit__isnull=True
                )
                | Q(kind=CheckInKind.AGENCY, resident_unit__isnull=False, party_member__isnull=True),
                name="check_in_names_who",
                violation_error_message=_("A check-in names a party member or an agency, matching its kind."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="check_in_period_ordered",
                violation_error_message=_("A check-in cannot end before it starts."),
            ),
        ]

    def __str__(self):
        who = self.party_member or self.resident_unit
        return f"{who} → {self.area}"


class Meeting(models.Model):
    """A meeting that holds the street together: joint committee, joint party-building, council, ..."""

    kind = models.CharField(_("kind"), max_length=32, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    held_at = models.DateTimeField(_("time"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_at", "-id"]
        indexes = [models.Index(fields=["area", "-held_at"], name="meeting_area_time_idx")]

    def __str__(self):
        return self.title
