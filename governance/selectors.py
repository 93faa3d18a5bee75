"""Reads with meaning for the territory and residents."""

from django.db.models import Count, Q

from governance.choices import AreaLevel, Registration
from governance.models import Area, Assignment, Resident


def area_counts(user) -> dict:
    """Places per level and residents (registered / floating) in the user's scope: two queries."""
    per_level = dict(Area.objects.visible_to(user).values_list("depth").annotate(n=Count("id")).order_by())
    residents = (
        Resident.objects.visible_to(user)
        .filter(is_active=True)
        .aggregate(total=Count("id"), floating=Count("id", filter=Q(registration=Registration.FLOATING)))
    )
    return {"levels": {AreaLevel(d): per_level.get(d, 0) for d in AreaLevel.values}, **residents}


def area_children_with_counts(area: Area):
    """Children of `area` with the number of residents living below each: one query."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    residents_below = (
        Resident.objects.filter(area__path__startswith=OuterRef("path"), is_active=True)
        .order_by()
        .values("is_active")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Area.objects.filter(parent=area)
        .annotate(resident_count=Coalesce(Subquery(residents_below), 0))
        .order_by("path")
    )


def people_in_charge(area: Area):
    """Who holds a role on this place or any place above it (the chain of responsibility)."""
    return (
        Assignment.objects.filter(area__path__in=area.ancestor_paths())
        .select_related("user", "area")
        .order_by("area__depth", "role")
    )
