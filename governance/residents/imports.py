"""Importing residents from the street's Excel sheet: every row checked, nothing saved from a bad file."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.lib.excel import ImportColumn, ImportResult, read_sheet, validation_messages
from governance.lib.scope import area_in_scope
from governance.residents import services
from governance.residents.choices import Gender, Registration
from governance.territory.choices import AreaLevel
from governance.territory.models import Area

RESIDENT_COLUMNS = [
    ImportColumn("姓名", "name", required=True, example="张三"),
    ImportColumn("性别", "gender", required=True, example="男", help="男 / 女"),
    ImportColumn("出生日期", "birth_date", required=True, example="1980-01-01", help="YYYY-MM-DD"),
    ImportColumn("身份证号", "id_number", example="11010519491231002X"),
    ImportColumn("联系电话", "phone", example="13812345678"),
    ImportColumn("社区", "community", required=True, example="梁家屯社区"),
    ImportColumn("网格", "grid", required=True, example="第一网格"),
    ImportColumn("楼栋", "building", required=True, example="1号楼"),
    ImportColumn("单元", "stairwell", required=True, example="1单元"),
    ImportColumn("房号", "room", required=True, example="101"),
    ImportColumn("户主", "is_household_head", example="是", help="是 / 否"),
    ImportColumn("人口类型", "registration", example="户籍", help="户籍 / 流动"),
]

_GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE, "M": Gender.MALE, "F": Gender.FEMALE}
_REGISTRATIONS = {"户籍": Registration.REGISTERED, "流动": Registration.FLOATING, "": Registration.REGISTERED}


def _stairwell_index(street_scope) -> dict[tuple[str, str, str, str], Area]:
    """(community, grid, building, stairwell) names -> stairwell, for every stairwell: one query."""
    stairwells = Area.objects.filter(depth=AreaLevel.STAIRWELL).select_related("parent__parent__parent")
    return {(s.parent.parent.parent.name, s.parent.parent.name, s.parent.name, s.name): s for s in stairwells}


def _parse_row(data: dict, stairwells: dict, user) -> dict:
    errors = []
    gender = _GENDERS.get(data.get("gender", ""))
    if gender is None:
        errors.append(_("Gender must be 男 or 女."))
    try:
        birth_date = datetime.date.fromisoformat(data.get("birth_date", ""))
    except ValueError:
        birth_date = None
        errors.append(_("Birth date must be written as YYYY-MM-DD."))
    registration = _REGISTRATIONS.get(data.get("registration", ""))
    if registration is None:
        errors.append(_("Registration must be 户籍 or 流动."))
    key = (
        data.get("community", ""),
        data.get("grid", ""),
        data.get("building", ""),
        data.get("stairwell", ""),
    )
    area = stairwells.get(key)
    if area is None:
        errors.append(_("No such stairwell: %(place)s.") % {"place": " / ".join(key)})
    elif not area_in_scope(user, area):
        errors.append(_("%(place)s is outside the area you answer for.") % {"place": " / ".join(key)})
    if errors:
        raise ValidationError(errors)
    return {
        "name": data["name"],
        "gender": gender,
        "birth_date": birth_date,
        "id_number": data.get("id_number") or None,
        "phone": data.get("phone", ""),
        "area": area,
        "room": data["room"],
        "is_household_head": data.get("is_household_head") == "是",
        "registration": registration,
    }


class _Rollback(Exception):
    pass


def residents_import(*, user, upload, keep_good_rows: bool = False) -> ImportResult:
    """Check every row; save all rows only if none has an error, or the good ones if asked to."""
    rows, file_errors = read_sheet(upload, RESIDENT_COLUMNS)
    result = ImportResult(rows=rows, file_errors=file_errors)
    if file_errors:
        return result
    stairwells = _stairwell_index(None)
    seen_ids: dict[str, int] = {}
    try:
        with transaction.atomic():
            for row in rows:
                if row.errors:
                    continue
                try:
                    fields = _parse_row(row.data, stairwells, user)
                    id_number = (fields["id_number"] or "").upper()
                    if id_number and id_number in seen_ids:
                        raise ValidationError(
                            _("The same ID card number is on row %(row)s.") % {"row": seen_ids[id_number]}
                        )
                    with transaction.atomic():
                        services.resident_create(user=user, **fields)
                    if id_number:
                        seen_ids[id_number] = row.number
                    result.saved += 1
                except ValidationError as exc:
                    row.errors.extend(validation_messages(exc))
            if result.error_rows and not keep_good_rows:
                raise _Rollback
    except _Rollback:
        result.saved = 0
    return result
