"""Writes for the territory, residents, assignments and notifications."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.choices import AreaLevel, Role
from governance.lib.scope import area_in_scope
from governance.models import Area, Assignment, Household, Notification, PersonalDataAccess, Resident

User = get_user_model()


@transaction.atomic
def area_create(*, parent: Area | None, name: str, code: str = "", note: str = "") -> Area:
    """Add a place one level below `parent` (or a district at the top)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A place needs a name.")})
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
    user.__dict__.pop("_jiedao_scope_paths", None)
    return assignment


@transaction.atomic
def assignment_delete(*, assignment: Assignment) -> None:
    user, role = assignment.user, assignment.role
    assignment.delete()
    if not Assignment.objects.filter(user=user, role=role).exists():
        user.groups.remove(*Group.objects.filter(name=role))


def _household_for(area: Area, room: str) -> Household:
    household, _ = Household.objects.get_or_create(area=area, room=room.strip())
    return household


RESIDENT_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "id_number",
    "phone",
    "registration",
    "is_household_head",
    "note",
)


def _resident_check_scope(user, area: Area) -> None:
    if user is not None and not area_in_scope(user, area):
        raise ValidationError({"area": _("This stairwell is outside the area you answer for.")})


@transaction.atomic
def resident_create(*, user=None, area: Area, room: str, **fields) -> Resident:
    """Register a resident behind a stairwell, creating the room's household if it is new."""
    _resident_check_scope(user, area)
    if not (room or "").strip():
        raise ValidationError({"room": _("Enter the room number.")})
    resident = Resident(area=area, **{k: v for k, v in fields.items() if k in RESIDENT_FIELDS})
    if area.depth == AreaLevel.STAIRWELL:
        resident.household = _household_for(area, room)
    resident.full_clean(exclude=["household"] if resident.household_id is None else None)
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"id_number": _("A resident with this ID card number already exists.")}
        ) from exc
    return resident


@transaction.atomic
def resident_update(*, user=None, resident: Resident, area: Area, room: str, **fields) -> Resident:
    _resident_check_scope(user, area)
    for key, value in fields.items():
        if key in RESIDENT_FIELDS:
            setattr(resident, key, value)
    resident.area = area
    if area.depth == AreaLevel.STAIRWELL:
        resident.household = _household_for(area, room)
    resident.full_clean(exclude=["household"] if resident.household_id is None else None)
    resident.save()
    return resident


def resident_reveal(*, user, resident: Resident, channel: str = PersonalDataAccess.Channel.PAGE) -> dict:
    """Return the full ID and phone numbers to a permitted user, logging the showing."""
    if not user.has_perm("governance.view_resident_pii"):
        raise PermissionError("not allowed to see personal data")
    PersonalDataAccess.objects.create(user=user, resident=resident, channel=channel)
    return {"id_number": resident.id_number or "", "phone": resident.phone}


def residents_reveal_log(*, user, resident_ids, channel: str) -> None:
    """Log a bulk showing (an export with full values): one row per resident, one query."""
    PersonalDataAccess.objects.bulk_create(
        [PersonalDataAccess(user=user, resident_id=rid, channel=channel) for rid in resident_ids],
        batch_size=1000,
    )


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, all) of the user's notifications read; returns how many changed."""
    qs = Notification.objects.for_user(user).unread()
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


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
