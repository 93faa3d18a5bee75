"""Reads with meaning for the territory: counts per level, places below, who answers for a place."""

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Substr

from governance.residents.choices import Registration
from governance.residents.models import Resident
from governance.territory.choices import AreaLevel
from governance.territory.models import Area, Assignment


def assigned_paths(user) -> list[str]:
    """Paths of the areas `user` holds a role on (the scope rule's source; see governance.lib.scope)."""
    return list(Assignment.objects.filter(user=user).values_list("area__path", flat=True))


def user_assignments(user) -> list:
    """The user's assignments with their places, once per request (the frame, the menu and the home page)."""
    cached = getattr(user, "_jiedao_assignments", None)
    if cached is None:
        # The street above each assignment's area comes with it (no second query): its path is the area's
        # path cut to the street's length; a district-wide assignment has none.
        street = Area.objects.filter(
            path=Substr(OuterRef("area__path"), 1, Area.path_length(AreaLevel.STREET)), depth=AreaLevel.STREET
        )
        cached = list(
            Assignment.objects.filter(user=user)
            .select_related("area")
            .annotate(street_name=Subquery(street.values("name")[:1]))
        )
        user._jiedao_assignments = cached
    return cached


def user_roles(user) -> set[str]:
    """The roles the user holds anywhere (their home page and menu follow them)."""
    return {a.role for a in user_assignments(user)}


def users_with_role(role: str, area):
    """Active users holding `role` on `area` or on any area above it (who answers for that place)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, assignments__role=role, assignments__area__path__in=area.ancestor_paths()
        )
        .distinct()
    )


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
