"""Street staff: departments, staff records, leadership portfolios, A/B posts, absences and evaluations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from governance.lib.scope import ScopedQuerySet
from governance.residents.choices import Gender
from governance.staff.choices import (
    AbsenceKind,
    Education,
    EvaluationStatus,
    Grade,
    LeaveReason,
    PoliticalStatus,
    StaffKind,
    WorkLine,
)


class Department(models.Model):
    """A department (科室) of the street office; its people are pooled across posts."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    leader = models.ForeignKey(
        "governance.StaffMember",
        verbose_name=_("leader in charge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="departments_led",
        help_text=_("Evaluates the department's cadres."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("street office", "department")
        verbose_name_plural = pgettext_lazy("street office", "departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"],
                name="department_unique_name",
                violation_error_message=_("A department with this name already exists here."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:staff-department-detail", args=[self.pk])


class StaffMemberQuerySet(ScopedQuerySet):
    def active_on(self, day):
        """Staff employed on `day`: hired on or before it and not yet gone."""
        return self.filter(Q(hired_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day)))


class StaffMember(models.Model):
    """A person working for the street office or one of its communities; the history keeps every change."""

    area = models.ForeignKey(
        "governance.Area",
        verbose_name=_("place of work"),
        on_delete=models.PROTECT,
        related_name="staff_members",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=pgettext_lazy("street office", "department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
    )
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    political_status = models.CharField(_("political status"), max_length=20, choices=PoliticalStatus.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=StaffKind.choices, default=StaffKind.CADRE)
    position = models.CharField(_("job title"), max_length=100)
    is_leadership = models.BooleanField(_("member of the leadership team"), default=False)
    hired_on = models.DateField(_("hired on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeaveReason.choices, blank=True
    )

    history = HistoricalRecords()
    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("hired_on")),
                name="staff_left_after_hired",
                violation_error_message=_("The leaving date cannot be before the hiring date."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, leave_reason="")
                | (Q(left_on__isnull=False) & ~Q(leave_reason="")),
                name="staff_leave_reason_with_date",
                violation_error_message=_("A leaving date needs a reason, and a reason needs a date."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "hired_on", "left_on"], name="staff_kind_dates_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:staff-member-detail", args=[self.pk])

    def age_on(self, day) -> int:
        """Full years of age on `day`."""
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


class LeadershipPortfolio(models.Model):
    """A leader answers for one line of work in one place (a community, or the whole street)."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="portfolios"
    )
    leader = models.ForeignKey(
        StaffMember, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="portfolios"
    )
    work_line = models.CharField(_("line of work"), max_length=32, choices=WorkLine.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("leadership portfolio")
        verbose_name_plural = _("leadership portfolios")
        ordering = ["area__path", "work_line"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "work_line"],
                name="portfolio_one_leader_per_line_and_place",
                violation_error_message=_("Another leader already answers for this line of work here."),
            )
        ]

    def __str__(self):
        return f"{self.leader} · {self.get_work_line_display()} · {self.area}"

    def get_absolute_url(self):
        return reverse("governance:staff-portfolio-list") + f"?leader={self.leader_id}"


class Post(models.Model):
    """A line of business in a department, held by an A holder and backed up by a different B holder."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="posts"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=pgettext_lazy("street office", "department"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    name = models.CharField(_("name"), max_length=100)
    work_line = models.CharField(_("line of work"), max_length=32, choices=WorkLine.choices, blank=True)
    holder_a = models.ForeignKey(
        StaffMember, verbose_name=_("A holder"), on_delete=models.PROTECT, related_name="posts_as_a"
    )
    holder_b = models.ForeignKey(
        StaffMember,
        verbose_name=_("B holder"),
        on_delete=models.PROTECT,
        related_name="posts_as_b",
        null=True,
        blank=True,
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("A/B post")
        verbose_name_plural = _("A/B posts")
        ordering = ["department__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(holder_b__isnull=True) | ~Q(holder_b=F("holder_a")),
                name="post_b_differs_from_a",
                violation_error_message=_("The B holder must be a different person from the A holder."),
            ),
            models.UniqueConstraint(
                fields=["department", "name"],
                name="post_unique_name",
                violation_error_message=_("This department already has a post with this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:staff-post-detail", args=[self.pk])


class AbsenceQuerySet(ScopedQuerySet):
    def on(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Absence(models.Model):
    """A staffer away for a span of days (leave, secondment, training), both ends included."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="absences"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AbsenceKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = AbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="absence_ends_after_start",
                violation_error_message=_("An absence cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.staff} · {self.get_kind_display()} {self.starts_on}–{self.ends_on}"

    def get_absolute_url(self):
        return self.staff.get_absolute_url()


class EvaluationQuerySet(ScopedQuerySet):
    def of_quarter(self, year: int, quarter: int):
        return self.filter(year=year, quarter=quarter)

    def overdue(self, today):
        return self.filter(status=EvaluationStatus.PENDING, deadline__lt=today)


class Evaluation(models.Model):
    """A cadre's quarterly evaluation (季度考评): five scores, a grade, evaluators, a self-assessment."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    cadre = models.ForeignKey(
        StaffMember, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluators"), blank=True, related_name="evaluations_to_do"
    )
    morality = models.PositiveSmallIntegerField(_("morality"), null=True, blank=True)
    ability = models.PositiveSmallIntegerField(_("ability"), null=True, blank=True)
    diligence = models.PositiveSmallIntegerField(_("diligence"), null=True, blank=True)
    performance = models.PositiveSmallIntegerField(_("performance"), null=True, blank=True)
    integrity = models.PositiveSmallIntegerField(_("integrity"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=24, choices=Grade.choices, blank=True)
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    comment = models.TextField(_("evaluator's comment"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.PENDING
    )
    deadline = models.DateField(_("deadline"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[])
    objects = EvaluationQuerySet.as_manager()

    SCORE_FIELDS = ("morality", "ability", "diligence", "performance", "integrity")

    class Meta:
        verbose_name = _("quarterly evaluation")
        verbose_name_plural = _("quarterly evaluations")
        ordering = ["-year", "-quarter", "cadre__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year", "quarter"],
                name="evaluation_one_per_cadre_per_quarter",
                violation_error_message=_("This cadre already has an evaluation for this quarter."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="evaluation_quarter_1_to_4",
                violation_error_message=_("The quarter must be 1 to 4."),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{f}__isnull": True}) | Q(**{f"{f}__lte": 100}),
                    name=f"evaluation_{f}_at_most_100",
                    violation_error_message=_("Scores run from 0 to 100."),
                )
                for f in ("morality", "ability", "diligence", "performance", "integrity")
            ],
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="evaluation_status_deadline_idx")]

    def __str__(self):
        return f"{self.cadre} · {self.year}Q{self.quarter}"

    def get_absolute_url(self):
        return reverse("governance:staff-evaluation-detail", args=[self.pk])

    @property
    def period(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def total_score(self):
        scores = [getattr(self, f) for f in self.SCORE_FIELDS]
        if any(s is None for s in scores):
            return None
        return round(sum(scores) / len(scores), 1)

    @property
    def is_overdue(self) -> bool:
        """Still pending after its deadline."""
        return self.status == EvaluationStatus.PENDING and self.deadline < timezone.localdate()


class EvaluationEventQuerySet(ScopedQuerySet):
    scope_path = "evaluation__area__path"


class EvaluationEvent(models.Model):
    """One move of an evaluation through its states: who, when, from what to what."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=12, choices=EvaluationStatus.choices, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=12, choices=EvaluationStatus.choices
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = EvaluationEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.evaluation}: {self.from_status} → {self.to_status}"


class FrontlineInspection(models.Model):
    """A frontline inspection (一线考察): who looked at which cadre's work, where, and what was seen."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("where"), on_delete=models.PROTECT, related_name="+"
    )
    cadre = models.ForeignKey(
        StaffMember, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="inspections"
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frontline inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    inspected_on = models.DateField(_("date"))
    findings = models.TextField(_("what was seen"))

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("frontline inspection")
        verbose_name_plural = _("frontline inspections")
        ordering = ["-inspected_on", "-id"]

    def __str__(self):
        return f"{self.cadre} · {self.inspected_on}"

    def get_absolute_url(self):
        return self.cadre.get_absolute_url()
