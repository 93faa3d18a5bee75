"""What resident units pledge the street or a community (co-building), and what they delivered."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.lib.scope import ScopedQuerySet
from partybuilding.choices import PledgeKind


class Pledge(models.Model):
    """A resident unit's promise of policy, talent, technology, funds or a venue, measured in its own unit."""

    resident_unit = models.ForeignKey(
        "partybuilding.ResidentUnit",
        verbose_name=_("resident unit"),
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    # The street or the community the support is promised to.
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("promised to"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PledgeKind.choices)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    unit = models.CharField(
        _("unit"), max_length=10, help_text=_("元 for funds; 人, 次, 平方米 ... otherwise")
    )
    due_on = models.DateField(_("due on"))
    delivered = models.DecimalField(
        _("delivered"), max_digits=12, decimal_places=2, default=Decimal("0"), editable=False
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="pledge_quantity_positive",
                violation_error_message=_("A pledge promises an amount above zero."),
            ),
            models.CheckConstraint(
                condition=Q(delivered__gte=0),
                name="pledge_delivered_not_negative",
                violation_error_message=_("Delivered amounts cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.resident_unit} · {self.get_kind_display()} · {self.description}"

    def get_absolute_url(self):
        return reverse("partybuilding:pledge-detail", args=[self.pk])

    @property
    def fulfilment(self) -> Decimal:
        """Share delivered, capped at 1 (over-delivery does not hide another pledge's shortfall)."""
        return min(Decimal("1"), self.delivered / self.quantity) if self.quantity else Decimal("0")

    @property
    def is_done(self) -> bool:
        return self.fulfilment >= 1

    @property
    def is_overdue(self) -> bool:
        """Not all delivered, and the due date has passed."""
        return not self.is_done and self.due_on < timezone.localdate()


class PledgeDelivery(models.Model):
    """Support that arrived against a pledge."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="deliveries"
    )
    delivered_on = models.DateField(_("delivered on"))
    quantity = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class PledgeScoped(ScopedQuerySet):
        scope_path = "pledge__area__path"

    objects = PledgeScoped.as_manager()

    class Meta:
        verbose_name = _("pledge delivery")
        verbose_name_plural = _("pledge deliveries")
        ordering = ["-delivered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="pledge_delivery_positive",
                violation_error_message=_("A delivery is an amount above zero."),
            )
        ]

    def __str__(self):
        return f"{self.pledge} · {self.quantity}"
