"""Resident units, the four-level party organisation, party members and their files, community check-ins."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.lib.masking import PersonalKind
from governance.lib.scope import ScopedQuerySet
from partybuilding.choices import CheckInKind, FileEntryKind, MemberStatus, OrgLevel, UnitKind


class ResidentUnit(models.Model):
    """An organisation seated in the street (驻区单位) whose party organisation may serve on a joint committee."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    party_member_count = models.PositiveIntegerField(_("party members"), default=0)
    # The facts the street weighs when it picks part-time members: administrative level, size, influence.
    admin_level = models.CharField(
        _("administrative level"), max_length=30, blank=True, help_text=_("e.g. 省级, 市级, 区级")
    )
    influence = models.PositiveSmallIntegerField(
        _("influence (1-5)"), default=3, help_text=_("How widely the unit is felt in the street, 1 to 5.")
    )
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
            ),
            models.CheckConstraint(
                condition=Q(influence__gte=1, influence__lte=5),
                name="resident_unit_influence_1_to_5",
                violation_error_message=_("Influence is rated from 1 to 5."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partybuilding:unit-detail", args=[self.pk])


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
    # Copies kept by the services so that the database itself can hold the level rules: a levelled
    # organisation sits on a territory node of its own level, and one level below its parent.
    area_level = models.PositiveSmallIntegerField(_("level of the area"), editable=False, default=0)
    parent_level = models.PositiveSmallIntegerField(
        _("level of the parent"), editable=False, null=True, blank=True
    )
    secretary_name = models.CharField(_("secretary"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

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
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level=F("area_level")),
                name="party_org_level_matches_area",
                violation_error_message=_(
                    "A party organisation sits on a place of its own level: the district committee on a "
                    "district, the street working committee on a street, a community organisation on a "
                    "community, a grid branch on a grid."
                ),
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True)
                | Q(level=OrgLevel.DISTRICT_COMMITTEE, parent__isnull=True)
                | Q(level__gt=OrgLevel.DISTRICT_COMMITTEE, parent__isnull=False, level=F("parent_level") + 1),
                name="party_org_one_level_below_parent",
                violation_error_message=_("An organisation's level is exactly one below its parent's."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partybuilding:organisation-detail", args=[self.pk])


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
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    personal_data = {"phone": PersonalKind.PHONE}  # masked by the one rule (governance.lib.masking)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partybuilding:member-detail", args=[self.pk])


class MemberScopedQuerySet(ScopedQuerySet):
    """Records placed through their party member."""

    scope_path = "member__area__path"


class MemberTransfer(models.Model):
    """One move of a member's membership between organisations, kept as history (组织关系转接)."""

    member = models.ForeignKey(
        PartyMember, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_organisation = models.ForeignKey(
        PartyOrganisation, verbose_name=_("transferred from"), on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        PartyOrganisation, verbose_name=_("transferred to"), on_delete=models.PROTECT, related_name="+"
    )
    transferred_on = models.DateField(_("transferred on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = MemberScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("member transfer")
        verbose_name_plural = _("member transfers")
        ordering = ["-transferred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_organisation=F("to_organisation")),
                name="member_transfer_moves",
                violation_error_message=_("A transfer moves the member to another organisation."),
            )
        ]

    def __str__(self):
        return f"{self.member}: {self.from_organisation} → {self.to_organisation}"


class MemberFileEntry(models.Model):
    """One entry in a party-member file (党员管理档案): a note, an award or a warning."""

    member = models.ForeignKey(
        PartyMember, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="file_entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FileEntryKind.choices)
    recorded_on = models.DateField(_("date"))
    text = models.TextField(_("text"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()
    objects = MemberScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("party-member file entry")
        verbose_name_plural = _("party-member file entries")
        ordering = ["-recorded_on", "-id"]

    def __str__(self):
        return f"{self.member} · {self.get_kind_display()}"


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

    def get_absolute_url(self):
        return reverse("partybuilding:checkin-list")
