"""Service List, Needs List, volunteer teams, service records and the party garden."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from governance.lib.crypto import BlindIndexField, EncryptedTextField
from governance.lib.masking import PersonalKind
from governance.lib.scope import ScopedQuerySet
from governance.territory.models import community_path_field, grid_path_field
from volunteers.choices import (
    Channel,
    DonationKind,
    NeedMove,
    NeedStatus,
    Outcome,
    ProviderKind,
    RecordStatus,
    Urgency,
)

OPEN_STATUSES = (NeedStatus.SUBMITTED, NeedStatus.ACCEPTED, NeedStatus.ASSIGNED)


class ServiceCategory(models.Model):
    """A kind of service (4:30 class, home elderly care, ...): data an administrator keeps, not code."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class NeedDeadline(models.Model):
    """How long a need of one urgency may wait for an answer and for its resolution (admin-editable)."""

    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices, unique=True)
    respond_hours = models.PositiveIntegerField(_("hours to respond"))
    resolve_hours = models.PositiveIntegerField(_("hours to resolve"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("need deadline")
        verbose_name_plural = _("need deadlines")
        ordering = ["respond_hours"]
        constraints = [
            models.CheckConstraint(
                condition=Q(respond_hours__gt=0) & Q(resolve_hours__gte=models.F("respond_hours")),
                name="need_deadline_ordered",
                violation_error_message=_("The resolution limit cannot be shorter than the response limit."),
            )
        ]

    def __str__(self):
        return self.get_urgency_display()


class VolunteerTeamQuerySet(ScopedQuerySet):
    def with_totals(self):
        """Each team's volunteers, confirmed person-times and confirmed hours.

        Each total is its own subquery: summing over a join of volunteers and records would count every
        record once per volunteer of the team.
        """
        confirmed = ServiceRecord.objects.filter(team=models.OuterRef("pk"), status=RecordStatus.CONFIRMED)
        return self.annotate(
            n_volunteers=models.Count("volunteers", distinct=True),
            person_times=models.Subquery(
                confirmed.values("team").annotate(n=models.Count("pk")).values("n"),
                output_field=models.IntegerField(),
            ),
            hours=models.Subquery(
                confirmed.values("team").annotate(h=models.Sum("hours")).values("h"),
                output_field=models.DecimalField(max_digits=8, decimal_places=1),
            ),
        )


class VolunteerTeam(models.Model):
    """A volunteer team such as the Home Service team (家服务)."""

    name = models.CharField(_("name"), max_length=100)
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = VolunteerTeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"],
                name="volunteer_team_unique_name",
                violation_error_message=_("A team with this name already exists here."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("volunteers:team-detail", args=[self.pk])


class Volunteer(models.Model):
    """A volunteer: a resident or a checked-in party member, with skills and availability."""

    name = models.CharField(_("name"), max_length=50)
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        VolunteerTeam,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
    )
    resident = models.ForeignKey(
        "governance.Resident",
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    party_member = models.ForeignKey(
        "partybuilding.PartyMember",
        verbose_name=_("party member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_profiles",
    )
    phone = EncryptedTextField(_("phone"), max_length=20, blank=True)  # encrypted at rest
    skills = models.ManyToManyField(
        ServiceCategory, verbose_name=_("skills"), blank=True, related_name="volunteers"
    )
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    max_open_needs = models.PositiveSmallIntegerField(
        _("open needs at a time"), default=3, help_text=_("How many open needs this volunteer takes at once.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    personal_data = {"phone": PersonalKind.PHONE}  # masked by the one rule (governance.lib.masking)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("volunteers:volunteer-detail", args=[self.pk])


class ServiceItem(models.Model):
    """One entry of the Service List: what is offered, by whom, where, when and for how many."""

    name = models.CharField(_("name"), max_length=100)
    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="items"
    )
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("owning area"), on_delete=models.PROTECT, related_name="+"
    )
    areas_served = models.ManyToManyField(
        "governance.Area", verbose_name=_("areas served"), blank=True, related_name="+"
    )
    provider_kind = models.CharField(_("provider kind"), max_length=16, choices=ProviderKind.choices)
    team = models.ForeignKey(
        VolunteerTeam,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )
    check_in = models.ForeignKey(
        "partybuilding.CommunityCheckIn",
        verbose_name=_("community check-in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_items",
    )
    provider_name = models.CharField(
        _("provider"), max_length=100, blank=True, help_text=_("Department or unit name when not a team.")
    )
    description = models.TextField(_("description"), blank=True)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=10, help_text=_("Open needs at a time.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_published = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["category__order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(provider_kind=ProviderKind.TEAM) | Q(team__isnull=False),
                name="service_item_team_named",
                violation_error_message=_("A team's service item names the team."),
            ),
            models.CheckConstraint(
                condition=~Q(provider_kind=ProviderKind.CHECK_IN) | Q(check_in__isnull=False),
                name="service_item_check_in_named",
                violation_error_message=_("A checked-in provider's service item names the check-in."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("volunteers:item-detail", args=[self.pk])

    def provider_display(self) -> str:
        if self.provider_kind == ProviderKind.TEAM and self.team_id:
            return str(self.team)
        if self.provider_kind == ProviderKind.CHECK_IN and self.check_in_id:
            return str(self.check_in)
        return self.provider_name


DUE_SOON = datetime.timedelta(hours=24)


class NeedQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None):
        """Open needs whose response or resolution deadline has passed."""
        now = now or timezone.now()
        late_answer = Q(status=NeedStatus.SUBMITTED, respond_by__lt=now)
        return self.open().filter(late_answer | Q(resolve_by__lt=now))


class Need(models.Model):
    """A resident's request on the Needs List, carried through the workflow to a rating and closing."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    resident = models.ForeignKey(
        "governance.Resident",
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requester_name = models.CharField(_("who asks"), max_length=50)
    requester_phone = EncryptedTextField(_("phone"), max_length=20, blank=True)  # encrypted at rest
    personal_data = {"requester_phone": PersonalKind.PHONE}  # masked by the one rule
    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="needs"
    )
    description = models.TextField(_("description"))
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.GENERAL)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.GRID_WORKER
    )
    status = models.CharField(
        _("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    respond_by = models.DateTimeField(_("respond by"))
    resolve_by = models.DateTimeField(_("resolve by"))
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("need", "closed at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # A need that only several departments can solve becomes a joint-enforcement case (the link sits here,
    # on the higher app: governance never imports volunteers).
    case = models.ForeignKey(
        "governance.EnforcementCase",
        verbose_name=_("enforcement case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
    )
    assigned_team = models.ForeignKey(
        VolunteerTeam,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
    )
    assigned_volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
    )
    assigned_department = models.CharField(_("department"), max_length=100, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("resident's comment"), blank=True)
    # The resident's first verdict, kept when the need is reopened: the satisfaction rate counts it, and a
    # reviewer sees what the resident thought of the first handling.
    first_rating = models.PositiveSmallIntegerField(
        _("first rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    quality_score = models.PositiveSmallIntegerField(
        _("quality check"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    quality_note = models.TextField(_("quality note"), blank=True)
    # What the public Needs List says of the result: written by staff for everyone to read (no names).
    public_answer = models.TextField(
        _("public answer"),
        blank=True,
        help_text=_("Shown on the public Needs List: no names, phone numbers or rooms."),
    )
    # A likely duplicate found at intake (same phone or place, same category, within a few days): the
    # secretary merges it into the earlier need or keeps both, which clears this.
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("likely duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    # The deadline that matters now (the answer while submitted, then the resolution), kept by the database
    # itself so that the worklist sorts on an index instead of computing it for every open need.
    deadline = models.GeneratedField(
        verbose_name=_("deadline"),
        expression=Case(When(status=NeedStatus.SUBMITTED, then=F("respond_by")), default=F("resolve_by")),
        output_field=models.DateTimeField(),
        db_persist=True,
    )

    # The community's and grid's paths, kept from `area`: a secretary's or grid worker's list is an index range.
    community_path = community_path_field()
    grid_path = grid_path_field()

    history = HistoricalRecords(excluded_fields=["community_path", "grid_path", "deadline"])
    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "resolve_by"], name="need_status_deadline_idx"),
            # The worklist: open needs by the deadline that matters now.
            models.Index(
                fields=["deadline", "id"],
                name="need_open_deadline_idx",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            # Lists in their default order, and the rates' medians over a period of submission.
            models.Index(fields=["-submitted_at", "-id"], name="need_submitted_idx"),
            models.Index(fields=["community_path", "-submitted_at", "-id"], name="need_community_idx"),
            models.Index(fields=["grid_path", "-submitted_at", "-id"], name="need_grid_idx"),
            # The API's cursor walks the newest ids first.
            models.Index(fields=["community_path", "id"], name="need_community_id_idx"),
            models.Index(fields=["grid_path", "id"], name="need_grid_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="need_rating_1_to_5",
                violation_error_message=_("A rating is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(first_rating__isnull=True) | Q(first_rating__gte=1, first_rating__lte=5),
                name="need_first_rating_1_to_5",
                violation_error_message=_("A rating is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(quality_score__isnull=True) | Q(quality_score__gte=1, quality_score__lte=5),
                name="need_quality_1_to_5",
                violation_error_message=_("A quality score is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=~Q(status=NeedStatus.DECLINED) | ~Q(decline_reason=""),
                name="need_declined_has_reason",
                violation_error_message=_("A declined need gives the reason."),
            ),
        ]

    def __str__(self):
        return f"{self.category} · {self.requester_name}"

    def get_absolute_url(self):
        return reverse("volunteers:need-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def current_deadline(self):
        # Computed here too: `deadline` is only read back from the database after a save.
        return self.respond_by if self.status == NeedStatus.SUBMITTED else self.resolve_by

    @property
    def is_overdue(self) -> bool:
        """Open, and the deadline that matters now (the answer, then the resolution) has passed."""
        return self.is_open and self.current_deadline() < timezone.now()

    @property
    def is_due_soon(self) -> bool:
        """Open, and the deadline that matters now falls within the next day."""
        return self.is_open and not self.is_overdue and self.current_deadline() - timezone.now() < DUE_SOON

    def assignee_display(self) -> str:
        parts = [str(x) for x in (self.assigned_item, self.assigned_team, self.assigned_volunteer) if x]
        if self.assigned_department:
            parts.append(self.assigned_department)
        return "、".join(parts)


class ThroughNeedQuerySet(ScopedQuerySet):
    scope_path = "need__area__path"


class NeedEvent(models.Model):
    """One step of a need's workflow: who did what, when, from which status to which."""

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="events")
    move = models.CharField(_("step"), max_length=16, choices=NeedMove.choices)
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=16, choices=NeedStatus.choices, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=16, choices=NeedStatus.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    objects = ThroughNeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need event")
        verbose_name_plural = _("need events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_move_display()} · {self.at:%Y-%m-%d %H:%M}"


class NeedRollup(models.Model):
    """What happened to the needs of one grid, category and month of submission: the facts behind the three rates.

    Kept by the need services (every move refreshes its need's row), so the rates page adds up a few
    thousand small rows instead of every need. It counts only what has happened (answered, done, rated);
    which needs are due is decided when the rates are read, from the few open needs, so the rollup does not
    go stale as deadlines pass.
    """

    # The grid, or the need's own place when it lies above the grids (a need recorded for a community).
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month the needs were submitted."))
    total = models.PositiveIntegerField(_("needs"), default=0)
    responded = models.PositiveIntegerField(_("answered"), default=0)
    responded_in_time = models.PositiveIntegerField(_("answered in time"), default=0)
    declined = models.PositiveIntegerField(_("declined"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    rated = models.PositiveIntegerField(_("rated"), default=0)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("needs rollup")
        verbose_name_plural = _("needs rollups")
        ordering = ["month", "area", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "category", "month"],
                name="need_rollup_unique",
                violation_error_message=_("This place, category and month already have a rollup."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="need_rollup_month_start",
                violation_error_message=_("The month is stored as its first day."),
            ),
            models.CheckConstraint(
                condition=Q(responded_in_time__lte=F("responded"))
                & Q(responded__lte=F("total"))
                & Q(done__lte=F("total"))
                & Q(satisfied__lte=F("rated"))
                & Q(rated__lte=F("total")),
                name="need_rollup_counts_nest",
                violation_error_message=_("A part cannot count more needs than its whole."),
            ),
        ]
        indexes = [models.Index(fields=["month", "area"], name="need_rollup_month_idx")]

    def __str__(self):
        return f"{self.area} · {self.category} · {self.month:%Y-%m}"


class ServiceContact(models.Model):
    """A contact staff choose to publish on the public Service and Needs Lists (the community office, a grid worker)."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(_("who"), max_length=50, help_text=_("e.g. 社区办公室, 第一网格网格员"))
    name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(
        _("phone"), max_length=20, help_text=_("Published as written: everyone can see it.")
    )
    hours = models.CharField(_("office hours"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("published contact")
        verbose_name_plural = _("published contacts")
        ordering = ["area__path", "order", "id"]

    def __str__(self):
        return f"{self.area} · {self.label}"

    def get_absolute_url(self):
        return reverse("volunteers:contact-update", args=[self.pk])


class ResidentReport(models.Model):
    """A resident's own report through the public intake: pending until the phone is confirmed, then a need.

    Every report counts against the limits per address and per phone, confirmed or not; the address is kept
    only as a keyed hash, the phone encrypted with its blind index.
    """

    community = models.ForeignKey(
        "governance.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    requester_name = models.CharField(_("who asks"), max_length=50)
    requester_phone = EncryptedTextField(_("phone"), max_length=20)  # encrypted at rest
    phone_index = BlindIndexField(source="requester_phone", kind=PersonalKind.PHONE.value, db_index=True)
    personal_data = {"requester_phone": PersonalKind.PHONE}  # masked by the one rule
    description = models.TextField(_("description"))
    address_index = models.CharField(_("address (keyed hash)"), max_length=64, blank=True, db_index=True)
    code_hash = models.CharField(_("confirmation code (hash)"), max_length=64, blank=True)
    code_expires_at = models.DateTimeField(_("code valid until"), null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(_("wrong codes"), default=0)
    code_sends = models.PositiveSmallIntegerField(_("codes sent"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=16, null=True, blank=True, unique=True)
    need = models.OneToOneField(
        Need,
        verbose_name=_("need"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident_report",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident's report")
        verbose_name_plural = _("residents' reports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="resident_report_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(receipt_number__isnull=False),
                name="resident_report_confirmed_has_receipt",
                violation_error_message=_("A confirmed report has its receipt number."),
            )
        ]

    def __str__(self):
        return self.receipt_number or f"{self.category} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


def resident_report_photo_path(instance, filename):
    return f"resident-reports/{instance.report_id}/{filename}"


class ThroughReportQuerySet(ScopedQuerySet):
    scope_path = "report__area__path"


class ResidentReportPhoto(models.Model):
    """A photo a resident sent with a report (checked by content and re-encoded; never shown in public)."""

    report = models.ForeignKey(
        ResidentReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), upload_to=resident_report_photo_path)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ThroughReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.image.name


class ServiceRecordQuerySet(ScopedQuerySet):
    def confirmed(self):
        return self.filter(status=RecordStatus.CONFIRMED)


class ServiceRecord(models.Model):
    """One act of service: who served whom, with which item, when and how long (counts once confirmed)."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="records"
    )
    team = models.ForeignKey(
        VolunteerTeam,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
    )
    service_item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
    )
    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.PROTECT, null=True, blank=True, related_name="records"
    )
    check_in = models.ForeignKey(
        "partybuilding.CommunityCheckIn",
        verbose_name=_("community check-in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_records",
    )
    served_name = models.CharField(_("served whom"), max_length=100)
    served_on = models.DateField(_("served on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    status = models.CharField(
        _("status"), max_length=16, choices=RecordStatus.choices, default=RecordStatus.REPORTED
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    # The community's and grid's paths, kept from `area`: a secretary's or grid worker's list is an index range.
    community_path = community_path_field()
    grid_path = grid_path_field()

    history = HistoricalRecords(excluded_fields=["community_path", "grid_path"])
    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-served_on", "-id"]
        indexes = [
            models.Index(fields=["status", "served_on"], name="service_record_status_day_idx"),
            models.Index(fields=["-served_on", "-id"], name="service_record_day_idx"),  # lists, newest first
            models.Index(fields=["community_path", "-served_on", "-id"], name="service_record_community_idx"),
            models.Index(fields=["grid_path", "-served_on", "-id"], name="service_record_grid_idx"),
            models.Index(fields=["community_path", "id"], name="record_community_id_idx"),
            models.Index(fields=["grid_path", "id"], name="record_grid_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="service_record_hours_in_a_day",
                violation_error_message=_("Hours are more than 0 and at most 24."),
            ),
            models.CheckConstraint(
                condition=~Q(status=RecordStatus.CONFIRMED) | Q(confirmed_by__isnull=False),
                name="service_record_confirmed_by_someone",
                violation_error_message=_("A confirmed record names who confirmed it."),
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.served_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("volunteers:record-list") + f"?volunteer={self.volunteer_id}"


class GardenProject(models.Model):
    """A party garden (党建小花园) built from donations and cared for by adopters."""

    name = models.CharField(_("name"), max_length=100)
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("garden project")
        verbose_name_plural = _("garden projects")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("volunteers:garden-detail", args=[self.pk])


class ThroughProjectQuerySet(ScopedQuerySet):
    scope_path = "project__area__path"


class Donation(models.Model):
    """A donation of money, goods or labour hours to a garden project."""

    project = models.ForeignKey(
        GardenProject, verbose_name=_("garden project"), on_delete=models.PROTECT, related_name="donations"
    )
    donor_name = models.CharField(_("donor"), max_length=100)
    resident_unit = models.ForeignKey(
        "partybuilding.ResidentUnit",
        verbose_name=_("resident unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DonationKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    received_on = models.DateField(pgettext_lazy("donation", "received on"))

    history = HistoricalRecords()
    objects = ThroughProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                # Each branch names its field as not null: a NULL comparison would let the CHECK pass.
                condition=Q(kind=DonationKind.MONEY, amount__isnull=False, amount__gt=0)
                | Q(kind=DonationKind.GOODS) & ~Q(goods="")
                | Q(kind=DonationKind.LABOUR, hours__isnull=False, hours__gt=0),
                name="donation_matches_kind",
                violation_error_message=_("Money needs an amount, goods a description, labour the hours."),
            )
        ]

    def __str__(self):
        return f"{self.donor_name} · {self.get_kind_display()}"


class GardenPlot(models.Model):
    """A bed of the garden that residents may adopt."""

    project = models.ForeignKey(
        GardenProject, verbose_name=_("garden project"), on_delete=models.PROTECT, related_name="plots"
    )
    code = models.CharField(_("plot"), max_length=20)
    description = models.CharField(_("description"), max_length=200, blank=True)

    objects = ThroughProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("garden plot")
        verbose_name_plural = _("garden plots")
        ordering = ["project", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code"],
                name="garden_plot_unique_code",
                violation_error_message=_("This plot number is already used in the garden."),
            )
        ]

    def __str__(self):
        return f"{self.project} {self.code}"


class ThroughPlotQuerySet(ScopedQuerySet):
    scope_path = "plot__project__area__path"


class Adoption(models.Model):
    """An adoption agreement (认养): who cares for a plot, for which period, with which duties."""

    plot = models.ForeignKey(
        GardenPlot, verbose_name=_("plot"), on_delete=models.PROTECT, related_name="adoptions"
    )
    adopter_name = models.CharField(_("adopter"), max_length=100)
    resident = models.ForeignKey(
        "governance.Resident",
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    duties = models.TextField(_("duties"), blank=True)

    history = HistoricalRecords()
    objects = ThroughPlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="adoption_period_ordered",
                violation_error_message=_("An adoption cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.plot} · {self.adopter_name}"

    @property
    def has_started(self) -> bool:
        return self.starts_on <= timezone.localdate()


class ThroughAdoptionQuerySet(ScopedQuerySet):
    scope_path = "adoption__plot__project__area__path"


class CareLog(models.Model):
    """A day an adopter cared for their plot."""

    adoption = models.ForeignKey(
        Adoption, verbose_name=_("adoption"), on_delete=models.CASCADE, related_name="care_logs"
    )
    cared_on = models.DateField(_("cared on"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ThroughAdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("care log")
        verbose_name_plural = _("care logs")
        ordering = ["-cared_on", "-id"]

    def __str__(self):
        return f"{self.adoption} · {self.cared_on:%Y-%m-%d}"


POINTS_ZERO = Decimal("0")
