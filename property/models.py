"""The property-management reform: companies and their contracts, cooperatives (the third party),
fees and subsidies, supervision (inspections, findings, complaints) and re-employment placements.

Money is stored in yuan as exact decimals with two places; every place-bound record has `area`
(or reaches it through its parent, see `scope_path`) so `visible_to(user)` scopes it.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from governance.lib.scope import ScopedQuerySet, scope_q, user_scope_paths
from governance.models import Area
from governance.territory.choices import AreaLevel
from property.choices import (
    CHECKLIST_MAX,
    ChecklistItem,
    CompanyKind,
    ComplaintChannel,
    ComplaintStatus,
    FindingState,
    Satisfaction,
    ScoreBand,
    ServiceLevel,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class CompanyQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """A company is seen where it is registered and by whoever answers for a place it serves.

        "A place it serves" is a contract on the user's area, below it, or above it down from the
        community (a grid worker sees the company whose contract covers their whole community).
        """
        if user is None or not user.is_authenticated:
            return self.none()
        q = scope_q(user, "area__path")
        if q is None:
            return self
        community_len = Area.path_length(AreaLevel.COMMUNITY)
        above = {
            p[:end] for p in user_scope_paths(user) for end in range(community_len, len(p), Area.steplen)
        }
        served = ServiceContract.objects.filter(scope_q(user, "area__path") | Q(area__path__in=above))
        return self.filter(q | Q(pk__in=served.values("company_id")))


class PropertyCompany(models.Model):
    """A property company serving resettlement communities, supervised by the property office."""

    name = models.CharField(_("name"), max_length=150)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, help_text=_("18 characters.")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CompanyKind.choices)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    area = models.ForeignKey(
        "governance.Area",
        verbose_name=_("registered with"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The street or community whose property office supervises the company."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("property company")
        verbose_name_plural = _("property companies")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("property:company-detail", args=[self.pk])


class ServiceContract(models.Model):
    """A company's contract to serve a community or a building for a period at a fee standard."""

    company = models.ForeignKey(
        PropertyCompany,
        verbose_name=_("property company"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("served area"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    fee_standard = models.DecimalField(
        _("fee standard (yuan per m² per month)"), max_digits=6, decimal_places=2
    )
    service_level = models.CharField(
        _("service level"), max_length=10, choices=ServiceLevel.choices, default=ServiceLevel.STANDARD
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="contract_period_ordered",
                violation_error_message=_("A contract cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(fee_standard__gt=0),
                name="contract_fee_positive",
                violation_error_message=_("The fee standard must be more than zero."),
            ),
        ]
        indexes = [models.Index(fields=["area", "starts_on"], name="contract_area_start_idx")]

    def __str__(self):
        return f"{self.company} · {self.area} ({self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("property:company-detail", args=[self.company_id])


class Cooperative(models.Model):
    """A local cooperative, the third party that subsidises fees and re-employs jobless residents."""

    name = models.CharField(_("name"), max_length=150)
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"],
                name="cooperative_unique_name",
                violation_error_message=_("A cooperative with this name already exists in this community."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("property:cooperative-detail", args=[self.pk])


class MemberQuerySet(ScopedQuerySet):
    scope_path = "cooperative__area__path"


class CooperativeMember(models.Model):
    """A member of a cooperative (usually a villager turned resident holding a share)."""

    cooperative = models.ForeignKey(
        Cooperative, verbose_name=_("cooperative"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=50)
    resident = models.ForeignKey(
        "governance.Resident",
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    shares = models.PositiveIntegerField(_("shares"), default=1)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperative member")
        verbose_name_plural = _("cooperative members")
        ordering = ["cooperative", "name", "id"]

    def __str__(self):
        return self.name


class CooperativeAgreement(models.Model):
    """An agreement of a cooperative with a community and, usually, its property company."""

    cooperative = models.ForeignKey(
        Cooperative, verbose_name=_("cooperative"), on_delete=models.PROTECT, related_name="agreements"
    )
    company = models.ForeignKey(
        PropertyCompany,
        verbose_name=_("property company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    terms = models.TextField(_("terms"), blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperative agreement")
        verbose_name_plural = _("cooperative agreements")
        ordering = ["-signed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_period_ordered",
                violation_error_message=_("An agreement cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("property:cooperative-detail", args=[self.cooperative_id])


def money(value) -> Decimal:
    """A sum of money from the database, as exact yuan and fen (zero when there was nothing to add)."""
    if value is None:
        return Decimal("0.00")
    return Decimal(value).quantize(Decimal("0.01"))


class FeeRecordQuerySet(ScopedQuerySet):
    def totals(self) -> dict:
        """Billed and collected sums, exact (the database adds decimals, not floats)."""
        sums = self.aggregate(billed=Sum("billed"), collected=Sum("collected"))
        # SQLite sums decimals as floats; rounding to the cent makes them exact again (PostgreSQL already is).
        return {k: money(v) for k, v in sums.items()}


class FeeRecord(models.Model):
    """Property fees billed and collected for one building (or one household) in one month."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("building"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "governance.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    company = models.ForeignKey(
        PropertyCompany, verbose_name=_("property company"), on_delete=models.PROTECT, related_name="fees"
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month billed."))
    billed = models.DecimalField(_("billed (yuan)"), **MONEY)
    collected = models.DecimalField(_("collected (yuan)"), **MONEY)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = FeeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("fee record")
        verbose_name_plural = _("fee records")
        ordering = ["-period", "area__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period"],
                condition=Q(household__isnull=True),
                name="fee_unique_building_month",
                violation_error_message=_("This building already has a fee record for this month."),
            ),
            models.UniqueConstraint(
                fields=["household", "period"],
                condition=Q(household__isnull=False),
                name="fee_unique_household_month",
                violation_error_message=_("This household already has a fee record for this month."),
            ),
            models.CheckConstraint(
                condition=Q(billed__gte=0) & Q(collected__gte=0) & Q(collected__lte=F("billed")),
                name="fee_amounts_sane",
                violation_error_message=_("Amounts cannot be negative, and collected cannot exceed billed."),
            ),
            models.CheckConstraint(
                condition=Q(period__day=1),
                name="fee_period_is_month_start",
                violation_error_message=_("The month is stored as its first day."),
            ),
        ]
        indexes = [models.Index(fields=["period", "company"], name="fee_period_company_idx")]

    def __str__(self):
        return f"{self.area} {self.period:%Y-%m}"

    def get_absolute_url(self):
        return reverse("property:fee-list") + f"?month={self.period:%Y-%m}"

    @property
    def rate(self):
        return None if not self.billed else self.collected / self.billed


class FeeSubsidy(models.Model):
    """Money a cooperative pays towards property fees: to whom, for which months, how much and why."""

    cooperative = models.ForeignKey(
        Cooperative, verbose_name=_("cooperative"), on_delete=models.PROTECT, related_name="subsidies"
    )
    company = models.ForeignKey(
        PropertyCompany,
        verbose_name=_("paid to"),
        on_delete=models.PROTECT,
        related_name="subsidies",
    )
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("for area"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("for months from"))
    period_end = models.DateField(_("for months until"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    reason = models.CharField(_("reason"), max_length=300)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("fee subsidy")
        verbose_name_plural = _("fee subsidies")
        ordering = ["-paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="subsidy_amount_positive",
                violation_error_message=_("A subsidy must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="subsidy_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.cooperative} → {self.company} {self.amount}"

    def get_absolute_url(self):
        return reverse("property:subsidy-list")


class Inspection(models.Model):
    """The property office's inspection of a company's service in an area, scored on the checklist."""

    company = models.ForeignKey(
        PropertyCompany,
        verbose_name=_("property company"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("inspected area"), on_delete=models.PROTECT, related_name="+"
    )
    inspected_on = models.DateField(_("inspected on"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(_("score"), help_text=_("Out of 100."))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__lte=100),
                name="inspection_score_at_most_100",
                violation_error_message=_("A score is out of 100."),
            )
        ]

    def __str__(self):
        return f"{self.company} · {self.area} {self.inspected_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("property:inspection-detail", args=[self.pk])

    @property
    def score_band(self) -> ScoreBand:
        if self.score >= 90:
            return ScoreBand.GOOD
        return ScoreBand.FAIR if self.score >= 70 else ScoreBand.POOR

    @property
    def points(self) -> dict[str, int]:
        """Points per checklist item (uses prefetched `scores`)."""
        return {s.item: s.points for s in self.scores.all()}


class InspectionScoreQuerySet(ScopedQuerySet):
    scope_path = "inspection__area__path"


class InspectionScore(models.Model):
    """One checklist item's points in one inspection."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.CharField(_("item"), max_length=20, choices=ChecklistItem.choices)
    points = models.PositiveSmallIntegerField(_("points"))

    objects = InspectionScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist score")
        verbose_name_plural = _("checklist scores")
        ordering = ["inspection", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item"],
                name="inspection_item_once",
                violation_error_message=_("Each checklist item is scored once per inspection."),
            ),
            models.CheckConstraint(
                condition=Q(points__lte=CHECKLIST_MAX),
                name="inspection_points_in_range",
                violation_error_message=_("An item scores at most 20 points."),
            ),
        ]

    def __str__(self):
        return f"{self.get_item_display()} {self.points}"


class FindingQuerySet(ScopedQuerySet):
    scope_path = "inspection__area__path"

    def open(self):
        return self.filter(fixed_on__isnull=True)

    def overdue(self, today: datetime.date):
        return self.open().filter(deadline__lt=today)


class Finding(models.Model):
    """A problem an inspection found, to be rectified by a deadline; `fixed_on` records when it was."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    item = models.CharField(_("item"), max_length=20, choices=ChecklistItem.choices)
    description = models.TextField(_("description"))
    deadline = models.DateField(_("rectify by"))
    fixed_on = models.DateField(_("fixed on"), null=True, blank=True)
    fix_note = models.TextField(_("how it was fixed"), blank=True)

    history = HistoricalRecords()
    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["deadline", "id"]

    def __str__(self):
        return self.description[:40]

    def get_absolute_url(self):
        return reverse("property:inspection-detail", args=[self.inspection_id])

    def status_on(self, today: datetime.date) -> str:
        if self.fixed_on:
            return FindingState.FIXED
        return FindingState.OVERDUE if self.deadline < today else FindingState.OPEN

    @property
    def state(self) -> FindingState:
        return FindingState(self.status_on(timezone.localdate()))

    def get_state_display(self) -> str:
        return self.state.label

    @property
    def is_overdue(self) -> bool:
        return self.state == FindingState.OVERDUE


class ComplaintQuerySet(ScopedQuerySet):
    def open(self):
        return self.exclude(status=ComplaintStatus.RESOLVED)

    def overdue(self, today: datetime.date):
        return self.filter(status=ComplaintStatus.RECEIVED, response_due__lt=today)


class Complaint(models.Model):
    """A complaint about a property company, from a resident or raised in a grassroots council."""

    company = models.ForeignKey(
        PropertyCompany,
        verbose_name=_("property company"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=ComplaintChannel.choices, default=ComplaintChannel.RESIDENT
    )
    complainant = models.CharField(_("complainant"), max_length=50, blank=True)
    resident = models.ForeignKey(
        "governance.Resident",
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    meeting = models.ForeignKey(
        "partybuilding.Meeting",
        verbose_name=_("council meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    content = models.TextField(_("complaint"))
    received_on = models.DateField(_("received on"))
    response_due = models.DateField(_("answer due by"))
    status = models.CharField(
        _("status"), max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), choices=Satisfaction.choices, null=True, blank=True
    )

    history = HistoricalRecords()
    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(response_due__gte=F("received_on")),
                name="complaint_due_after_received",
                violation_error_message=_("The answer cannot be due before the complaint was received."),
            ),
            models.CheckConstraint(
                condition=Q(status=ComplaintStatus.RECEIVED) | Q(answered_on__isnull=False) & ~Q(answer=""),
                name="complaint_answered_has_answer",
                violation_error_message=_("An answered complaint has an answer and its date."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ComplaintStatus.RESOLVED) | Q(resolved_on__isnull=False),
                name="complaint_resolved_has_date",
                violation_error_message=_("A resolved complaint has the date it was resolved."),
            ),
        ]
        indexes = [models.Index(fields=["status", "response_due"], name="complaint_status_due_idx")]

    def __str__(self):
        return self.content[:40]

    def get_absolute_url(self):
        return reverse("property:complaint-detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        """Still unanswered after the answer was due."""
        return self.status == ComplaintStatus.RECEIVED and self.response_due < timezone.localdate()


class ComplaintEventQuerySet(ScopedQuerySet):
    scope_path = "complaint__area__path"


class ComplaintEvent(models.Model):
    """One move of a complaint through its states: who, when, from and to."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=10, choices=ComplaintStatus.choices, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=10, choices=ComplaintStatus.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    objects = ComplaintEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class Placement(models.Model):
    """A jobless resident re-employed by a cooperative or a property company."""

    person_name = models.CharField(_("name"), max_length=50)
    resident = models.ForeignKey(
        "governance.Resident",
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    company = models.ForeignKey(
        PropertyCompany,
        verbose_name=_("property company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    position = models.CharField(_("position"), max_length=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("re-employment placement")
        verbose_name_plural = _("re-employment placements")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cooperative__isnull=False, company__isnull=True)
                | Q(cooperative__isnull=True, company__isnull=False),
                name="placement_one_employer",
                violation_error_message=_("A placement names either a cooperative or a property company."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="placement_period_ordered",
                violation_error_message=_("A placement cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.person_name} · {self.position}"

    def get_absolute_url(self):
        return reverse("property:placement-list")

    @property
    def employer(self):
        return self.cooperative or self.company
