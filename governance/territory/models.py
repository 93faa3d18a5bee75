"""The territory (district → street → community → grid → building → stairwell) and who answers for which part."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from governance.lib.scope import ScopedQuerySet, ScopedQuerySetMixin, ScopePrefixField, replace_below
from governance.lib.validators import division_code_level, validate_division_code
from governance.territory.choices import AreaLevel, Role


class AreaQuerySet(ScopedQuerySetMixin, MP_NodeQuerySet):
    scope_path = "path"

    def subtree(self, area: "Area"):
        """The node and everything below it: one indexed prefix match on the path."""
        return self.filter(path__startswith=area.path)


class AreaManager(MP_NodeManager.from_queryset(AreaQuerySet)):
    def move(self, node, target, pos=None):
        """Treebeard's move, then the records below re-cut their stored community and grid paths.

        A move rewrites the paths of the node's subtree and may shift its new siblings' (to make room), so
        everything below the old and the new parent is cut again.
        """
        old_parent = node.path[: -node.steplen]
        result = super().move(node, target, pos)
        new_parent = self.model.objects.get(pk=node.pk).path[: -node.steplen]
        for path in {old_parent, new_parent}:
            replace_below(path)
        return result

    def get_queryset(self):
        # Treebeard's manager builds its own queryset class; keep ours (and `visible_to`) in tree order.
        return AreaQuerySet(self.model, using=self._db).order_by("path")


class Area(MP_Node):
    """A place in the street's territory; its level is its depth, so a child is always one level below."""

    # 4 characters per level, 6 levels: a path is at most 24 characters.
    steplen = 4
    # No node_order_by: paths stay stable (appended), so moving siblings never rewrites a subtree.

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("division code"),
        max_length=12,
        blank=True,
        validators=[validate_division_code],
        help_text=_(
            "The 12-digit statistical division code of a district, street or community, if it has one."
        ),
    )
    # Treebeard finds parents through the path; the explicit parent lets the database keep sibling names unique.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children_set",
    )
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(excluded_fields=["path", "numchild"])
    objects = AreaManager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="area_unique_name_among_siblings",
                violation_error_message=_("A sibling with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="area_unique_root_name",
                violation_error_message=_("A district with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="area_unique_code",
                violation_error_message=_("Another place already has this division code."),
            ),
            models.CheckConstraint(
                condition=Q(code="") | Q(depth__lte=AreaLevel.COMMUNITY),
                name="area_code_only_down_to_communities",
                violation_error_message=_("Only districts, streets and communities have division codes."),
            ),
            models.CheckConstraint(
                condition=Q(depth__gte=AreaLevel.DISTRICT) & Q(depth__lte=AreaLevel.STAIRWELL),
                name="area_depth_is_a_level",
                violation_error_message=_("The territory has six levels, from district to stairwell."),
            ),
            models.CheckConstraint(
                condition=(Q(depth=AreaLevel.DISTRICT) & Q(parent__isnull=True))
                | (Q(depth__gt=AreaLevel.DISTRICT) & Q(parent__isnull=False)),
                name="area_only_districts_are_roots",
                violation_error_message=_("Only a district stands without a parent."),
            ),
        ]
        indexes = [
            # Subtree look-ups are `path LIKE 'prefix%'`; PostgreSQL needs pattern ops to use an index for it.
            models.Index(fields=["path"], name="area_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["depth", "name"], name="area_level_name_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:area-detail", args=[self.pk])

    def clean(self):
        """A division code says its level (a street's ends in 000) and starts with its parent's code."""
        if not self.code:
            return
        if self.depth and self.depth <= AreaLevel.COMMUNITY and division_code_level(self.code) != self.depth:
            raise ValidationError(
                {
                    "code": _("This division code is of another level than %(level)s.")
                    % {"level": self.level.label}
                }
            )
        parent = self.parent
        if parent is not None and parent.code:
            prefix = parent.code[: {1: 6, 2: 9}.get(parent.depth, 12)]
            if not self.code.startswith(prefix):
                raise ValidationError(
                    {"code": _("A division code starts with its parent's (%(prefix)s).") % {"prefix": prefix}}
                )

    @property
    def level(self) -> AreaLevel:
        return AreaLevel(self.depth)

    def get_level_display(self) -> str:
        return self.level.label

    @classmethod
    def path_length(cls, level: int) -> int:
        """How many characters of a path name the ancestor at `level` (its prefix)."""
        return cls.steplen * level

    def path_at(self, level: int) -> str:
        """The path of this node's ancestor at `level` (its own path at its own level), without a query."""
        if level > self.depth:
            raise ValueError(f"{self} lies above level {level}")
        return self.path[: self.path_length(level)]

    def ancestor_at(self, level: int) -> "Area":
        """This node's ancestor at `level` (itself at its own level)."""
        return self if level == self.depth else Area.objects.get(path=self.path_at(level))

    @property
    def community(self) -> "Area | None":
        """The community this place lies in (itself for a community); None above the communities."""
        return self.ancestor_at(AreaLevel.COMMUNITY) if self.depth >= AreaLevel.COMMUNITY else None

    @property
    def can_have_children(self) -> bool:
        return self.depth < AreaLevel.STAIRWELL

    @property
    def short_label(self) -> str:
        """The place as said inside a community: below it, with its parent ("第一网格 3号楼")."""
        if self.depth > AreaLevel.COMMUNITY:
            return f"{self.parent.name} {self.name}"
        return self.name

    def ancestor_paths(self) -> list[str]:
        """Paths of this node and all its ancestors, computed without a query."""
        return [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]

    def ancestors_and_self(self):
        return Area.objects.filter(path__in=self.ancestor_paths()).order_by("depth")

    def full_name(self) -> str:
        return " / ".join(a.name for a in self.ancestors_and_self())

    def contains(self, other: "Area") -> bool:
        return other.path.startswith(self.path)


class Assignment(models.Model):
    """A user's role over one area's subtree; a user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    area = models.ForeignKey(
        "governance.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="assignments"
    )
    title = models.CharField(_("title"), max_length=100, blank=True, help_text=_("e.g. 社区党委书记"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["area__path", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "area"],
                name="assignment_unique",
                violation_error_message=_("This user already holds this role here."),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.area}"


def community_path_field(source: str = "area") -> ScopePrefixField:
    """The stored path of the record's community: a secretary's scope as an index range (see lib.scope)."""
    return ScopePrefixField(_("community path"), source=source, length=Area.path_length(AreaLevel.COMMUNITY))


def grid_path_field(source: str = "area") -> ScopePrefixField:
    """The stored path of the record's grid: a grid worker's scope as an index range."""
    return ScopePrefixField(_("grid path"), source=source, length=Area.path_length(AreaLevel.GRID))
