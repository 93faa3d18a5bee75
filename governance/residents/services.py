"""Writes for residents and households, and the logged showing of their personal data."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.lib.masking import may_see_personal_data
from governance.lib.saving import save_validated
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
