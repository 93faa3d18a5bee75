"""Validators for residents' personal data, behind our own functions and messages.

ID card numbers (GB 11643) are checked by python-stdnum (`stdnum.cn.ric`: length, check digit, birth date and
the region code against its database of real divisions); phones by Google's libphonenumber (`phonenumbers`),
which also gives the one form we store: a mobile as its 11 digits, a landline as `0371-66881234`.
"""

import datetime
import re
from functools import lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric

_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PHONE_TYPES_ACCEPTED = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def id_check_digit(first17: str) -> str:
    """The GB 11643 check digit of the first 17 digits (python-stdnum's ISO 7064 MOD 11-2)."""
    return ric.calc_check_digit(first17 + "0")


@lru_cache(maxsize=65536)  # an import reads each number's date and form several times per row
def id_birth_date(number: str) -> datetime.date | None:
    try:
        return ric.get_birth_date(number)
    except (ValueError, ric.InvalidComponent):
        return None


def id_gender(number: str) -> str:
    """'M' or 'F' from the 17th digit (odd is male)."""
    return "M" if int(number[16]) % 2 else "F"


def id_region_exists(number: str) -> bool:
    """The first six digits name a county-level division that exists or existed (python-stdnum's database).

    `ric.validate` also requires the division to have existed in the birth year; numbers were issued from
    1984 on, to people born long before their county got its present code (中原区 410102 dates from 1983),
    so that part would refuse most of a street's elderly residents. The code itself must be real.
    """
    return _is_county(number[:6])


@lru_cache(maxsize=4096)
def _is_county(code: str) -> bool:
    # A street's residents share a few region codes: the database is searched once for each (imports).
    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    return bool(info.get("county"))


def normalise_id_number(value: str) -> str:
    return _compact_id(value) if value else ""


@lru_cache(maxsize=65536)
def _compact_id(value: str) -> str:
    return ric.compact(value)


def validate_id_number(value: str) -> None:
    """An 18-character resident ID card number with a real region code, birth date and check digit."""
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
    if not id_region_exists(number):
        raise ValidationError(
            _("The ID card number's first six digits (%(code)s) are not a real region code.")
            % {"code": number[:6]},
            code="region",
        )


def _parse_phone(value: str) -> phonenumbers.PhoneNumber | None:
    return _parse_phone_text((value or "").strip())


@lru_cache(maxsize=65536)  # an import checks each number several times (the row, the model, the save)
def _parse_phone_text(text: str) -> phonenumbers.PhoneNumber | None:
    if not text:
        return None
    if text.startswith("86") and not text.startswith("+") and len(re.sub(r"\D", "", text)) == 13:
        text = "+" + text  # "86-13800138000": the country code written without its plus
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in _PHONE_TYPES_ACCEPTED:
        return None
    return number


def normalise_phone(value: str) -> str:
    """The one stored form: `13800138000` for a mobile, `0371-66881234` for a landline.

    A value libphonenumber cannot read as a Chinese mobile or landline is returned stripped of spaces, so
    the validator can refuse it as typed.
    """
    number = _parse_phone(value)
    if number is None:
        return re.sub(r"\s", "", value or "")
    national = phonenumbers.national_significant_number(number)
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
        return national
    area = phonenumbers.length_of_geographical_area_code(number)
    return f"0{national[:area]}-{national[area:]}" if area else f"0{national}"


def validate_phone(value: str) -> None:
    """A Chinese mobile number or a landline with its area code, as libphonenumber knows them."""
    if _parse_phone(value) is None:
        raise ValidationError(
            _("Enter a valid mobile number or a landline with its area code, e.g. 0371-66881234."),
            code="phone",
        )


_DIVISION_RE = re.compile(r"^\d{12}$")


def validate_division_code(value: str) -> None:
    """A 12-digit statistical division code (统计用区划代码) whose first six digits are a real county."""
    code = (value or "").strip()
    if not _DIVISION_RE.match(code):
        raise ValidationError(_("A division code has 12 digits."), code="division_format")
    if not id_region_exists(code):
        raise ValidationError(
            _("The division code's first six digits (%(code)s) are not a real county-level division.")
            % {"code": code[:6]},
            code="division_region",
        )


def division_code_level(code: str) -> int:
    """How many of the code's levels are filled: 1 district (000000 after the county), 2 street, 3 community."""
    if code[6:] == "000000":
        return 1
    if code[9:] == "000":
        return 2
    return 3
