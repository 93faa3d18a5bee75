"""Joint enforcement (联合执法, 吹哨报到): the street raises a case and summons outside departments.

A case moves raised → summoned → on site → acted → verified → closed (or dropped with a reason); each
summoned department's acknowledgement, arrival and action are stamped with who and when, so the wait is
measured per department.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from governance.enforcement.choices import OPEN_STATUSES, CaseStatus, DropReason, SourceKind, Urgency
from governance.lib.scope import ScopedQuerySet
from governance.staff.choices import WorkLine
from governance.territory.models import community_path_field, grid_path_field


class EnforcementDepartment(models.Model):
    """A department outside the street (urban management, police station, market supervision …)."""

    name = models.CharField(_("name"), max_length=100)
    area = models.ForeignKey(
        "governance.Area",
        verbose_name=_("kept by"),
        on_delete=models.PROTECT,
        related_name="enforcement_departments",
        help_text=_("The area whose staff keep this department's record, usually the street."),
    )
    duty_phone = models.CharField(_("duty phone"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement department")
        verbose_name_plural = _("enforcement departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="enforcement_department_unique_name",
                violation_error_message=_("A department with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:enforcement-department-detail", args=[self.pk])


class DepartmentContactQuerySet(ScopedQuerySet):
    scope_path = "department__area__path"


class DepartmentContact(models.Model):
    """A person to remind at a department: a portal user, or just an e-mail address."""

    department = models.ForeignKey(
        EnforcementDepartment, verbose_name=_("department"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enforcement_contacts",
    )

    objects = DepartmentContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("department contact")
        verbose_name_plural = _("department contacts")
        ordering = ["department", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | Q(user__isnull=False),
                name="department_contact_reachable",
                violation_error_message=_("A contact needs a portal user or an e-mail address."),
            )
        ]

    def __str__(self):
        return self.name


class CaseCategory(models.Model):
    """A kind of case (illegal building, occupied road …) and the line of work whose leader answers for it."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    work_line = models.CharField(_("line of work"), max_length=32, choices=WorkLine.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class EnforcementCaseQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class EnforcementCase(models.Model):
    """A matter the street cannot enforce alone: it blows the whistle and departments must report."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="enforcement_cases"
    )
    category = models.ForeignKey(
        CaseCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="cases"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.RAISED
    )
    source_kind = models.CharField(_("source"), max_length=12, choices=SourceKind.choices)
    source_ref = models.CharField(
        _("source reference"), max_length=100, blank=True, help_text=_("e.g. the Needs List item's number")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"), db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    drop_reason = models.CharField(_("reason dropped"), max_length=20, choices=DropReason.choices, blank=True)
    drop_note = models.TextField(_("why dropped"), blank=True)

    # The community's and grid's paths, kept from `area`: a secretary's or grid worker's list is an index range.
    community_path = community_path_field()
    grid_path = grid_path_field()

    history = HistoricalRecords(excluded_fields=["community_path", "grid_path"])
    objects = EnforcementCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement case")
        verbose_name_plural = _("enforcement cases")
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["status", "raised_at"], name="case_status_raised_idx"),
            models.Index(fields=["-raised_at", "-id"], name="case_raised_idx"),  # lists, newest first
            models.Index(fields=["community_path", "-raised_at", "-id"], name="case_community_idx"),
            models.Index(fields=["grid_path", "-raised_at", "-id"], name="case_grid_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.DROPPED) | ~Q(drop_reason=""),
                name="case_dropped_has_reason",
                violation_error_message=_("A dropped case needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("raised_at")),
                name="case_closed_after_raised",
                violation_error_message=_("A case cannot close before it was raised."),
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self):
        return reverse("governance:enforcement-case-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def case_photo_path(instance, filename):
    return f"enforcement/{instance.case_id}/{filename}"


class CasePhotoQuerySet(ScopedQuerySet):
    scope_path = "case__area__path"


class CasePhoto(models.Model):
    """A photo of the case's scene (checked by content, not only by name)."""

    case = models.ForeignKey(
        EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), upload_to=case_photo_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = CasePhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("case photo")
        verbose_name_plural = _("case photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.image.name


class SummonsQuerySet(ScopedQuerySet):
    scope_path = "case__area__path"

    def waiting(self):
        """Summons of open cases whose department has not yet acted."""
        return self.filter(acted_at__isnull=True, case__status__in=OPEN_STATUSES)


class Summons(models.Model):
    """One department summoned to one case, with its deadlines and what it did when (吹哨 → 报到)."""

    case = models.ForeignKey(
        EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="summonses"
    )
    department = models.ForeignKey(
        EnforcementDepartment,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="summonses",
    )
    summoned_at = models.DateTimeField(_("summoned at"))
    summoned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("summoned by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    respond_by = models.DateTimeField(_("arrive by"))
    act_by = models.DateTimeField(_("act by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    arrived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("arrival recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acted_at = models.DateTimeField(_("acted at"), null=True, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("action recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action_note = models.TextField(_("what was done"), blank=True)

    history = HistoricalRecords()
    objects = SummonsQuerySet.as_manager()

    class Meta:
        verbose_name = _("summons")
        verbose_name_plural = _("summonses")
        ordering = ["summoned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "department"],
                name="summons_once_per_department",
                violation_error_message=_("This department has already been summoned to this case."),
            ),
            models.CheckConstraint(
                condition=Q(respond_by__gt=F("summoned_at")) & Q(act_by__gte=F("respond_by")),
                name="summons_deadlines_in_order",
                violation_error_message=_("The deadlines must follow the summons: arrive first, then act."),
            ),
            models.CheckConstraint(
                condition=Q(arrived_at__isnull=True) | Q(acknowledged_at__isnull=False),
                name="summons_arrival_acknowledged",
                violation_error_message=_("A department that arrived has acknowledged."),
            ),
            models.CheckConstraint(
                condition=Q(acted_at__isnull=True) | Q(arrived_at__isnull=False),
                name="summons_action_after_arrival",
                violation_error_message=_("A department acts after it arrives."),
            ),
        ]
        indexes = [models.Index(fields=["department", "summoned_at"], name="summons_department_idx")]

    def __str__(self):
        return f"{self.case_id} · {self.department}"

    def get_absolute_url(self):
        return reverse("governance:enforcement-case-detail", args=[self.case_id])

    @property
    def is_arrival_overdue(self) -> bool:
        """Not arrived and the arrival deadline has passed."""
        return self.arrived_at is None and self.respond_by < timezone.now()

    @property
    def is_action_overdue(self) -> bool:
        return self.acted_at is None and self.act_by < timezone.now()

    @property
    def arrived_late(self) -> bool:
        return self.arrived_at is not None and self.arrived_at > self.respond_by

    @property
    def acted_late(self) -> bool:
        return self.acted_at is not None and self.acted_at > self.act_by

    @property
    def area(self):
        return self.case.area


class CaseEventQuerySet(ScopedQuerySet):
    scope_path = "case__area__path"


class CaseEvent(models.Model):
    """One line of a case's timeline: who did what, when."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("Status changed")
        SUMMONED = "summoned", _("Department summoned")
        ACKNOWLEDGED = "acknowledged", _("Department acknowledged")
        ARRIVED = "arrived", _("Department arrived")
        ACTED = "acted", _("Department acted")
        PHOTO = "photo", _("Photo added")

    case = models.ForeignKey(
        EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=10, choices=CaseStatus.choices, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=10, choices=CaseStatus.choices, blank=True
    )
    summons = models.ForeignKey(
        Summons,
        verbose_name=_("summons"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
