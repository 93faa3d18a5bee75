"""Writes for the territory and for who answers for which place."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.lib.scope import forget_scope
from governance.lib.validators import validate_division_code
from governance.territory.choices import AreaLevel, Role
from governance.territory.models import Area, Assignment

User = get_user_model()


def area_check_code(*, code: str, depth: int, parent: Area | None, exclude_pk: int | None = None) -> None:
    """A division code is real, of the place's level, starts with its parent's and belongs to no other place."""
    if not code:
        return
    try:
        validate_division_code(code)
        Area(name="-", code=code, depth=depth, parent=parent).clean()
    except ValidationError as exc:
        raise ValidationError({"code": exc.messages}) from None
    if Area.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        raise ValidationError({"code": _("Another place already has this division code.")})


@transaction.atomic
def area_create(*, parent: Area | None, name: str, code: str = "", note: str = "") -> Area:
    """Add a place one level below `parent` (or a district at the top)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A place needs a name.")})
    code = (code or "").strip()
    area_check_code(code=code, depth=parent.depth + 1 if parent else AreaLevel.DISTRICT, parent=parent)
    if parent is None:
        if Area.objects.filter(parent__isnull=True, name=name).exists():
            raise ValidationError({"name": _("A district with this name already exists.")})
        return Area.objects.add_root(create_kwargs={"name": name, "code": code, "note": note, "parent": None})
    if parent.depth >= AreaLevel.STAIRWELL:
        raise ValidationError(
            {"parent": _("A stairwell is the lowest level; nothing can be added below it.")}
        )
    if Area.objects.filter(parent=parent, name=name).exists():
        raise ValidationError({"name": _("A sibling with this name already exists.")})
    parent.refresh_from_db()  # treebeard needs the current numchild
    return Area.objects.add_child(
        parent, create_kwargs={"name": name, "code": code, "note": note, "parent": parent}
    )


@transaction.atomic
def area_update(*, area: Area, name: str, code: str = "", note: str = "", is_active: bool = True) -> Area:
    name = name.strip()
    if Area.objects.filter(parent=area.parent, name=name).exclude(pk=area.pk).exists():
        raise ValidationError({"name": _("A sibling with this name already exists.")})
    code = (code or "").strip()
    area_check_code(code=code, depth=area.depth, parent=area.parent, exclude_pk=area.pk)
    area.name, area.code, area.note, area.is_active = name, code, note, is_active
    area.save(update_fields=["name", "code", "note", "is_active"])
    return area


@transaction.atomic
def assignment_create(*, user, role: str, area: Area, title: str = "") -> Assignment:
    """Give `user` a role over `area`'s subtree and put them in the role's group."""
    assignment, _created = Assignment.objects.get_or_create(
        user=user, role=role, area=area, defaults={"title": title}
    )
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    forget_scope(user)
    return assignment


@transaction.atomic
def assignment_delete(*, assignment: Assignment) -> None:
    user, role = assignment.user, assignment.role
    assignment.delete()
    if not Assignment.objects.filter(user=user, role=role).exists():
        user.groups.remove(*Group.objects.filter(name=role))


def demo_user(
    *, username: str, password: str, full_name: str, role: str, area: Area, email: str = ""
) -> "User":
    """Create (or find) a demo account holding one role; used by seed_demo and tests."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": full_name, "email": email or f"{username}@example.org"}
    )
    if created:
        user.set_password(password)
        user.is_staff = role == Role.STREET_ADMIN
        user.save()
    assignment_create(user=user, role=role, area=area)
    return user
