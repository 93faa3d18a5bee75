import pytest
from django.core.exceptions import ValidationError

from governance.lib.masking import mask_id_number, mask_phone
from governance.lib.validators import id_check_digit, validate_id_number, validate_phone

GOOD = ["11010519491231002X", "440524199001010018", "41010219800101123X"]


@pytest.mark.parametrize("number", GOOD)
def test_good_id_numbers_pass(number):
    assert id_check_digit(number[:17]) == number[17]
    validate_id_number(number)
    validate_id_number(number.lower())  # a lower-case x is accepted and normalised


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("110105194912310021", "check_digit"),  # one digit off
        ("11010519491231002", "format"),  # 17 characters
        ("1101051949123100AX", "format"),
        ("110105194902300023", "birth"),  # 30 February
        ("110105299901010023", "birth"),  # born in the future
    ],
)
def test_bad_id_numbers_are_refused_with_a_reason(number, code):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number)
    assert exc.value.code == code


@pytest.mark.parametrize("phone", ["13812345678", "0371-12345678", "037112345678"])
def test_good_phones(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12812345678", "1381234567", "abc", "138123456789"])
def test_bad_phones(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)


def test_masks():
    assert mask_id_number("110105194912310021") == "110105**********21"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("") == ""
