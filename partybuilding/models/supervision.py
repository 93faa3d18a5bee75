"""The supervision network below the grid: building leaders and stairwell party members."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.lib.scope import ScopedQuerySet
from governance.territory.choices import AreaLevel
from partybuilding.choices import SupervisionRole


class SupervisionPost(models.Model):
    """A party member serving as building leader (楼栋组长) or stairwell party member (单元党员)."""

    area = models.ForeignKey(
        "governance.Area", verbose_name=_("building or stairwell"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=SupervisionRole.choices)
    member = models.ForeignKey(
        "partybuilding.PartyMember",
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        related_name="supervision_posts",
    )
    area_level = models.PositiveSmallIntegerField(_("level of the area"), editable=False, default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision post")
        verbose_name_plural = _("supervision posts")
        ordering = ["area__path", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role=SupervisionRole.BUILDING_LEADER, area_level=AreaLevel.BUILDING)
                | Q(role=SupervisionRole.STAIRWELL_MEMBER, area_level=AreaLevel.STAIRWELL),
                name="supervision_post_role_matches_level",
                violation_error_message=_(
                    "A building leader is assigned to a building, a stairwell party member to a stairwell."
                ),
            ),
            models.UniqueConstraint(
                fields=["area", "member"],
                condition=Q(is_active=True),
                name="supervision_post_once_per_place",
                violation_error_message=_("This member already serves here."),
            ),
        ]

    def __str__(self):
        return f"{self.area} · {self.get_role_display()} · {self.member}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("partybuilding:supervision")
