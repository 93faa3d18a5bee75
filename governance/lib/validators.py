"""Validators for residents' personal data (GB 11643 ID numbers, mainland phone numbers)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_birth_date(number: str) -> datetime.date | None:
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_gender(number: str) -> str:
    """'M' or 'F' from the 17th digit (odd is male)."""
    return "M" if int(number[16]) % 2 else "F"


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper()


def validate_id_number(value: str) -> None:
    """An 18-digit resident ID card number (GB 11643-1999) with a valid birth date and check digit."""
    number = normalise_id_number(value)
    if not _ID_RE.match(number):
        raise ValidationError(
            _("An ID card number has 18 characters: 17 digits and a digit or X."), code="format"
        )
    birth = id_birth_date(number)
    if birth is None or birth.year < 1900 or birth > datetime.date.today():
        raise ValidationError(_("The birth date inside the ID card number is not a real date."), code="birth")
    if id_check_digit(number[:17]) != number[17]:
        raise ValidationError(_("The ID card number's check digit is wrong."), code="check_digit")


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s()]", "", value or "")


def validate_phone(value: str) -> None:
    """A mainland mobile number (11 digits starting with 1) or a landline with area code."""
    phone = normalise_phone(value)
    if not (_MOBILE_RE.match(phone) or _LANDLINE_RE.match(phone)):
        raise ValidationError(
            _("Enter an 11-digit mobile number or a landline with its area code, e.g. 0371-12345678."),
            code="phone",
        )
