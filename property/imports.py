"""Importing a month's billing and collection sheet: every row checked, nothing saved from a bad file."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.lib.excel import ImportColumn, ImportResult, parse_decimal, read_sheet, validation_messages
from governance.lib.scope import area_in_scope
from governance.models import Area, Household
from governance.territory.choices import AreaLevel
from property import services

FEE_COLUMNS = [
    ImportColumn("社区", "community", required=True, example="东湖回迁社区"),
    ImportColumn("网格", "grid", required=True, example="第一网格"),
    ImportColumn("楼栋", "building", required=True, example="1号楼"),
    ImportColumn("单元", "stairwell", example="", help="按户记账时填写"),
    ImportColumn("房号", "room", example="", help="按户记账时填写"),
    ImportColumn("月份", "month", required=True, example="2026-10", help="YYYY-MM"),
    ImportColumn("应收金额(元)", "billed", required=True, example="12800.00"),
    ImportColumn("实收金额(元)", "collected", required=True, example="11520.50"),
]


def _building_index() -> dict[tuple[str, str, str], Area]:
    """(community, grid, building) names -> building, for every building: one query."""
    buildings = Area.objects.filter(depth=AreaLevel.BUILDING).select_related("parent__parent")
    return {(b.parent.parent.name, b.parent.name, b.name): b for b in buildings}


def _parse_month(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(f"{text[:7]}-01")
    except ValueError as exc:
        raise ValidationError(_("The month must be written as YYYY-MM.")) from exc


def _parse_row(data: dict, buildings: dict, user) -> dict:
    errors = []
    key = (data.get("community", ""), data.get("grid", ""), data.get("building", ""))
    building = buildings.get(key)
    household = None
    if building is None:
        errors.append(_("No such building: %(place)s.") % {"place": " / ".join(key)})
    elif not area_in_scope(user, building):
        errors.append(_("%(place)s is outside the area you answer for.") % {"place": " / ".join(key)})
    elif data.get("room"):
        household = Household.objects.filter(
            area__parent=building, area__name=data.get("stairwell", ""), room=data["room"]
        ).first()
        if household is None:
            errors.append(
                _("No household %(stairwell)s %(room)s in this building.")
                % {"stairwell": data.get("stairwell", ""), "room": data["room"]}
            )
    period = None
    try:
        period = _parse_month(data.get("month", ""))
    except ValidationError as exc:
        errors.extend(exc.messages)
    amounts = {}
    for field, label in (("billed", "应收金额"), ("collected", "实收金额")):
        try:
            amounts[field] = parse_decimal(data.get(field, ""), label)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return {"area": building, "household": household, "period": period, **amounts}


class _Rollback(Exception):
    pass


def fees_import(*, user, upload, keep_good_rows: bool = False) -> ImportResult:
    """Check every row; save all rows only if none has an error, or the good ones if asked to."""
    rows, file_errors = read_sheet(upload, FEE_COLUMNS)
    result = ImportResult(rows=rows, file_errors=file_errors)
    if file_errors:
        return result
    buildings = _building_index()
    seen: dict[tuple, int] = {}
    try:
        with transaction.atomic():
            for row in rows:
                if row.errors:
                    continue
                try:
                    fields = _parse_row(row.data, buildings, user)
                    key = (fields["area"].pk, getattr(fields["household"], "pk", None), fields["period"])
                    if key in seen:
                        raise ValidationError(
                            _("The same building and month is on row %(row)s.") % {"row": seen[key]}
                        )
                    with transaction.atomic():
                        # The month's sheet is the record: uploading it again corrects what it lists.
                        services.fee_record_set(user=user, correct=True, **fields)
                    seen[key] = row.number
                    result.saved += 1
                except ValidationError as exc:
                    row.errors.extend(validation_messages(exc))
            if result.error_rows and not keep_good_rows:
                raise _Rollback
    except _Rollback:
        result.saved = 0
    return result
