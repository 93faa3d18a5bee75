"""Meetings, who was invited and came, their minutes, attachments, decisions and follow-up actions."""

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.lib.scope import ScopedQuerySet
from governance.territory.models import community_path_field, grid_path_field
from partybuilding.choices import ActionStatus, MeetingKind


def _count_per_meeting(model_name: str, **where):
    """How many `model_name` rows of each meeting: a sub-select per listed row, so that a page of 50 meetings
    counts for those 50 (a join with GROUP BY would count every meeting in scope before the page is cut)."""
    from django.apps import apps

    rows = (
        apps.get_model("partybuilding", model_name)
        .objects.filter(meeting=OuterRef("pk"), **where)
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class MeetingQuerySet(ScopedQuerySet):
    def with_counts(self):
        """Invited, present and decisions per meeting (the list's columns)."""
        return self.annotate(
            invited_count=_count_per_meeting("MeetingInvitee"),
            present_count=_count_per_meeting("MeetingInvitee", is_present=True),
            decision_count=_count_per_meeting("Decision"),
        )


class Meeting(models.Model):
    """A meeting that holds the street together: joint committee, joint party-building, council, ..."""

    kind = models.CharField(_("kind"), max_length=32, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey(
        "partybuilding.JointCommittee",
        verbose_name=_("joint committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    held_at = models.DateTimeField(_("time"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    # A few fixed values (MeetingTopic); a list keeps the phone form to one field and the row to one query.
    topics = models.JSONField(_("topics"), default=list, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_recorded_at = models.DateTimeField(_("minutes recorded at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # The community's and grid's paths, kept from `area`: a secretary's or grid worker's list is an index range.
    community_path = community_path_field()
    grid_path = grid_path_field()

    history = HistoricalRecords(excluded_fields=["community_path", "grid_path"])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_at", "-id"]
        indexes = [
            models.Index(fields=["area", "-held_at"], name="meeting_area_time_idx"),
            models.Index(fields=["-held_at", "-id"], name="meeting_time_idx"),  # lists, newest first
            models.Index(fields=["community_path", "-held_at", "-id"], name="meeting_community_idx"),
            models.Index(fields=["grid_path", "-held_at", "-id"], name="meeting_grid_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partybuilding:meeting-detail", args=[self.pk])

    def topic_labels(self) -> list[str]:
        from partybuilding.choices import MeetingTopic

        return [str(MeetingTopic(t).label) for t in self.topics if t in MeetingTopic.values]


class MeetingScopedQuerySet(ScopedQuerySet):
    scope_path = "meeting__area__path"


class MeetingInvitee(models.Model):
    """Someone invited to a meeting, and whether they came."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitees"
    )
    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
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
        related_name="+",
    )
    is_present = models.BooleanField(_("present"), default=False)

    objects = MeetingScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "name"],
                name="meeting_invitee_unique_name",
                violation_error_message=_("This person is already invited."),
            )
        ]

    def __str__(self):
        return self.name


def attachment_path(instance, filename):
    return f"partybuilding/meetings/{instance.meeting_id}/{filename}"


class MeetingAttachment(models.Model):
    """A file kept with a meeting (sign-in sheet, photos, the minutes as signed), type- and size-checked."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = MeetingScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.name


class Decision(models.Model):
    """Something a meeting decided; each decision is carried out by its follow-up actions."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decision"))
    position = models.PositiveSmallIntegerField(_("number"), default=1)

    history = HistoricalRecords()
    objects = MeetingScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "position", "id"]

    def __str__(self):
        return self.text[:50]


class ActionQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The actions in the user's scope, and the ones they own wherever the meeting was: a grid worker
        given an action at a community meeting must see it to report progress, and count it as theirs."""
        in_scope = super().visible_to(user)
        if user is None or not user.is_authenticated:
            return in_scope
        return in_scope | self.filter(owner=user)

    def owned_by(self, user):
        return self.filter(owner=user)

    def open(self):
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)


class FollowUpAction(models.Model):
    """What a decision obliges someone to do, by when, how far it got and how it was closed."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="actions"
    )
    # The meeting's place, copied so that the dashboard and reminders scope actions without joins.
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="party_actions",
    )
    due_on = models.DateField(_("due on"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.CharField(_("progress note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closing_note = models.TextField(_("closing note"), blank=True)
    # A decision only several departments can carry out becomes a joint-enforcement case; the link sits
    # here, on the higher app (governance never imports partybuilding).
    case = models.ForeignKey(
        "governance.EnforcementCase",
        verbose_name=_("enforcement case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # The community's and grid's paths, kept from `area`: a secretary's or grid worker's list is an index range.
    community_path = community_path_field()
    grid_path = grid_path_field()

    history = HistoricalRecords(excluded_fields=["community_path", "grid_path"])
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="action_status_due_idx"),
            models.Index(fields=["due_on", "id"], name="action_due_idx"),  # lists, soonest due first
            models.Index(fields=["community_path", "due_on", "id"], name="action_community_idx"),
            models.Index(fields=["grid_path", "due_on", "id"], name="action_grid_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="action_progress_at_most_100",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(status=ActionStatus.OPEN, closed_at__isnull=True)
                | (Q(status=ActionStatus.DONE, closed_at__isnull=False) & ~Q(closing_note="")),
                name="action_done_has_closing_note",
                violation_error_message=_("A closed action has a closing note."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partybuilding:action-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()
