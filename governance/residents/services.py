"""Writes for residents and households, and the logged showing of their personal data."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from governance.lib import bulk
from governance.lib.masking import may_see_personal_data
from governance.lib.saving import record_wide_as_messages, save_validated
from governance.lib.scope import check_in_scope
from governance.residents.models import Household, PersonalDataAccess, Resident
from governance.territory.choices import AreaLevel
from governance.territory.models import Area


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


def _save(resident: Resident) -> Resident:
    return save_validated(
        resident,
        exclude=["household"] if resident.household_id is None else None,
        conflict_message=_("A resident with this ID card number already exists."),
        conflict_field="id_number",
    )


@transaction.atomic
def resident_create(*, user=None, area: Area, room: str, **fields) -> Resident:
    """Register a resident behind a stairwell, creating the room's household if it is new."""
    check_in_scope(user, area)
    if not (room or "").strip():
        raise ValidationError({"room": _("Enter the room number.")})
    resident = Resident(area=area, **{k: v for k, v in fields.items() if k in RESIDENT_FIELDS})
    if area.depth == AreaLevel.STAIRWELL:
        resident.household = _household_for(area, room)
    return _save(resident)


@transaction.atomic
def resident_update(*, user=None, resident: Resident, area: Area, room: str, **fields) -> Resident:
    check_in_scope(user, area)
    for key, value in fields.items():
        if key in RESIDENT_FIELDS:
            setattr(resident, key, value)
    resident.area = area
    if area.depth == AreaLevel.STAIRWELL:
        resident.household = _household_for(area, room)
    return _save(resident)


def _households_for(rooms: dict[tuple[int, str], Area]) -> dict[tuple[int, str], Household]:
    """The household of each (stairwell id, room), creating the missing ones: two queries for any number."""
    found = {
        (h.area_id, h.room): h
        for h in Household.objects.filter(
            area_id__in={area_id for area_id, _room in rooms}, room__in={room for _area, room in rooms}
        )
        if (h.area_id, h.room) in rooms
    }
    missing = [
        Household(area=area, room=room)
        for (area_id, room), area in rooms.items()
        if (area_id, room) not in found
    ]
    for household in Household.objects.bulk_create(missing, batch_size=bulk.WRITE_BATCH):
        found[household.area_id, household.room] = household
    return found


@transaction.atomic
def residents_import(*, user, rows: list[tuple[Resident | None, dict]]) -> list[Resident]:
    """Register or update many residents at once (an import): each row is (existing resident or None, fields).

    The rules of `resident_create` and `resident_update` hold (scope, a room, the model's own checks, one
    history row each by `user`), written with a few bulk statements. A unique rule only the database can see
    (an ID number registered by someone else meanwhile) fails the whole call with a ValidationError.
    """
    rooms, residents, created, changed = {}, [], [], []
    for _resident, fields in rows:
        check_in_scope(user, fields["area"])
        if not (fields.get("room") or "").strip():
            raise ValidationError({"room": _("Enter the room number.")})
        rooms[fields["area"].pk, fields["room"].strip()] = fields["area"]
    try:
        with transaction.atomic():
            households = _households_for(rooms)
    except IntegrityError as exc:  # a room's household added by someone else meanwhile
        raise ValidationError(_("This record conflicts with another one; reload and try again.")) from exc
    updated = {"area", "household"}
    for existing, fields in rows:
        resident = existing if existing is not None else Resident()
        for key, value in fields.items():
            if key in RESIDENT_FIELDS:
                setattr(resident, key, value)
                updated.add(key)
        resident.area = fields["area"]
        resident.household = households[fields["area"].pk, fields["room"].strip()]
        try:
            # The place and household were just looked up; uniqueness is the database's (below).
            resident.full_clean(
                exclude=["area", "household"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            raise record_wide_as_messages(exc) from None
        residents.append(resident)
        (created if existing is None else changed).append(resident)
    try:
        with transaction.atomic():
            bulk.create_with_history(Resident, created, user=user)
            bulk.update_with_history(Resident, changed, sorted(updated), user=user)
    except IntegrityError as exc:
        raise ValidationError(
            {"id_number": _("A resident with this ID card number already exists.")}
        ) from exc
    return residents


@transaction.atomic
def residents_remove_imported(*, user, residents: list[Resident]) -> None:
    """Remove residents an import brought in (its undo), one history row each by `user`, and the households
    left without members; PROTECT on what uses them since raises ProtectedError and removes nothing."""
    household_ids = {r.household_id for r in residents}
    bulk.delete_with_history(Resident, residents, user=user)
    Household.objects.filter(pk__in=household_ids, members__isnull=True).delete()


def _access(user, obj, channel: str, reason: str = "") -> PersonalDataAccess:
    if isinstance(obj, Resident):
        return PersonalDataAccess(user=user, resident=obj, channel=channel, reason=reason)
    return PersonalDataAccess(
        user=user, record_type=obj._meta.label_lower, record_id=obj.pk, channel=channel, reason=reason
    )


def personal_data_values(obj) -> dict:
    """The full values of a record's personal data (its model's `personal_data` fields), as text."""
    values = {}
    for field in obj.personal_data:
        value = getattr(obj, field)
        values[field] = value.isoformat() if hasattr(value, "isoformat") else (value or "")
    return values


def personal_data_reveal(
    *, user, obj, channel: str = PersonalDataAccess.Channel.PAGE, reason: str = ""
) -> dict:
    """Return a record's full personal data to a permitted user, logging the showing."""
    if not may_see_personal_data(user):
        raise PermissionError("not allowed to see personal data")
    _access(user, obj, channel, reason).save()
    return personal_data_values(obj)


def residents_find_by_number(*, user, residents, number: str) -> list[Resident]:
    """The residents (of `residents`, already scoped) whose ID or phone is exactly `number`; logged.

    Finding a resident by number confirms the number: only roles that may see numbers do it, and each
    resident found is a logged showing.
    """
    if not may_see_personal_data(user):
        raise PermissionError("not allowed to search by number")
    if not (number or "").strip():
        raise ValidationError({"number": _("Enter an ID card or phone number.")})
    found = list(residents.by_number(number))
    PersonalDataAccess.objects.bulk_create(
        [PersonalDataAccess(user=user, resident=r, channel=PersonalDataAccess.Channel.SEARCH) for r in found]
    )
    return found


def resident_reveal(*, user, resident: Resident, channel: str = PersonalDataAccess.Channel.PAGE) -> dict:
    """Return a resident's full ID number, phone and birth date to a permitted user, logging the showing."""
    return personal_data_reveal(user=user, obj=resident, channel=channel)


def personal_data_reveal_log(*, user, objects, channel: str, reason: str = "") -> None:
    """Log a bulk showing (an export with full values): one row per record, one query.

    An export with full numbers must say why (PIPL: the purpose of each processing is recorded).
    """
    reason = (reason or "").strip()[:200]
    if channel == PersonalDataAccess.Channel.EXPORT and not reason:
        raise ValidationError({"reason": _("Say why you export the full numbers.")})
    PersonalDataAccess.objects.bulk_create(
        [_access(user, obj, channel, reason) for obj in objects],
        batch_size=1000,
    )
