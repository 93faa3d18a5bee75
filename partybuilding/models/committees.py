"""Joint committees (大工委 / 大党委) and their standing and part-time seats."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.lib.scope import ScopedQuerySet
from partybuilding.choices import CommitteeKind, SeatKind


class JointCommittee(models.Model):
    """The street joint committee or a community joint committee, seating standing and part-time members."""

    kind = models.CharField(_("kind"), max_length=10, choices=CommitteeKind.choices)
    name = models.CharField(_("name"), max_length=150)
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "partybuilding.PartyOrganisation",
        verbose_name=_("party organisation"),
        on_delete=models.PROTECT,
        related_name="joint_committees",
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("joint committee")
        verbose_name_plural = _("joint committees")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area"],
                name="joint_committee_one_per_area",
                violation_error_message=_("This place already has a joint committee."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partybuilding:committee-detail", args=[self.pk])


class SeatQuerySet(ScopedQuerySet):
    scope_path = "committee__area__path"

    def current(self, today):
        """Seats held on `today`."""
        return self.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class CommitteeSeat(models.Model):
    """One member's seat on a joint committee for a term; a part-time seat names its resident unit."""

    committee = models.ForeignKey(
        JointCommittee, verbose_name=_("joint committee"), on_delete=models.CASCADE, related_name="seats"
    )
    member = models.ForeignKey(
        "partybuilding.PartyMember",
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    kind = models.CharField(_("seat"), max_length=10, choices=SeatKind.choices)
    resident_unit = models.ForeignKey(
        "partybuilding.ResidentUnit",
        verbose_name=_("resident unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_seats",
    )
    title = models.CharField(_("title"), max_length=50, blank=True, help_text=_("e.g. 副书记, 委员"))
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"), null=True, blank=True)

    history = HistoricalRecords()
    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["kind", "starts_on", "id"]
        constraints = [
            # "At most one seat per person per committee at a time": one open seat per person here;
            # closed terms that would overlap are refused by committee_seat_add.
            models.UniqueConstraint(
                fields=["committee", "member"],
                condition=Q(ends_on__isnull=True),
                name="committee_seat_one_open_per_member",
                violation_error_message=_("This person already holds a seat on this committee."),
            ),
            models.CheckConstraint(
                condition=Q(kind=SeatKind.PART_TIME, resident_unit__isnull=False)
                | Q(kind=SeatKind.STANDING, resident_unit__isnull=True),
                name="committee_seat_part_time_names_unit",
                violation_error_message=_(
                    "A part-time seat names its resident unit; a standing seat does not."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="committee_seat_term_ordered",
                violation_error_message=_("A term cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.committee} · {self.member} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return self.committee.get_absolute_url()
