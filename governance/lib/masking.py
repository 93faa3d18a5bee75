"""The one masking rule for personal data, used by every page, API answer, export and the admin.

A masked value must not combine with anything else shown into the full value:

- an ID card number keeps its region code (6 digits) and its last 2 characters (the gender digit, which
  the gender column shows anyway, and the check digit); the birth date inside it is never shown;
- a birth date is shown as the birth year only (the full date with the ID number is a logged reveal);
- a mobile number keeps its operator prefix and last 4 digits (``138****8000``), a landline its area
  code and last 2 digits.

Full values reach a person only through a logged reveal (see the residents' services).
"""

import datetime
from collections.abc import Callable
from enum import StrEnum


class PersonalKind(StrEnum):
    """The kinds of personal data the portal masks."""

    ID_NUMBER = "id_number"
    PHONE = "phone"
    BIRTH_DATE = "birth_date"


# The one permission that lets a role see full values (always through a logged reveal).
PERSONAL_DATA_PERMISSION = "governance.view_resident_pii"


def may_see_personal_data(user) -> bool:
    return bool(user is not None and user.has_perm(PERSONAL_DATA_PERMISSION))


_SHOWING_LOGGERS: list[Callable] = []


def register_showing_logger(fn: Callable) -> None:
    """`fn(user=, obj=, channel=)` logs that `user` saw `obj`'s full personal data; registered at start-up."""
    _SHOWING_LOGGERS[:] = [fn]


def log_showing(*, user, obj, channel: str) -> None:
    _SHOWING_LOGGERS[0](user=user, obj=obj, channel=channel)


ID_KEEP_HEAD = 6  # the region code
ID_KEEP_TAIL = 2  # gender digit and check digit


def mask_id_number(value: str) -> str:
    value = value or ""
    if not value:
        return ""
    if len(value) <= ID_KEEP_HEAD + ID_KEEP_TAIL:
        return "*" * len(value)
    return value[:ID_KEEP_HEAD] + "*" * (len(value) - ID_KEEP_HEAD - ID_KEEP_TAIL) + value[-ID_KEEP_TAIL:]


def mask_phone(value: str) -> str:
    value = value or ""
    if not value:
        return ""
    if "-" in value:  # a landline: the area code is public knowledge, the number is not
        area, _, number = value.partition("-")
        return f"{area}-" + "*" * max(len(number) - 2, 0) + number[-2:]
    if len(value) >= 11:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * max(len(value) - 2, 0) + value[-2:]


def mask_birth_date(value: datetime.date | None) -> str:
    return str(value.year) if value else ""


MASKS = {
    PersonalKind.ID_NUMBER: mask_id_number,
    PersonalKind.PHONE: mask_phone,
    PersonalKind.BIRTH_DATE: mask_birth_date,
}


def mask(kind: str, value) -> str:
    """The masked form of `value`, a personal datum of `kind`."""
    return MASKS[PersonalKind(kind)](value)
