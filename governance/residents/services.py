"""Writes for residents and households, and the logged showing of their personal data."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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
