"""The monthly fee roster: what each building (or household) was billed and paid, one row a building-month."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib import importing
from governance.lib.importing import DECIMAL, MONTH, Column, Roster
from governance.models import Household
from governance.territory.choices import AreaLevel
from governance.territory.imports import PlaceIndex, place_columns
from property import services
from property.models import FeeRecord


def _amount(text: str, header: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace("，", ""))
    except (InvalidOperation, AttributeError):
        raise ValidationError(
            _("%(label)s is not a number: %(value)s") % {"label": header, "value": text}
        ) from None
    return value.quantize(Decimal("0.01"))


@importing.roster
class FeeRoster(Roster):
    key = "fees"
    title = gettext_lazy("Property fees by month")
    model = FeeRecord
    list_url_name = "property:fee-list"
    columns = [
        *place_columns(AreaLevel.BUILDING),
        Column("单元", "stairwell", help=gettext_lazy("for fees kept per household")),
        Column("房号", "room", help=gettext_lazy("for fees kept per household")),
        Column("月份", "month", required=True, kind=MONTH),
        Column("应收金额(元)", "billed", required=True, kind=DECIMAL),
        Column("实收金额(元)", "collected", required=True, kind=DECIMAL),
    ]
    instructions = [
        gettext_lazy(
            "One row per building and month, or per household and month when a building's fees are kept per "
            "household. A row for a month already recorded corrects it."
        ),
    ]

    def context(self, user, rows) -> dict:
        return {"places": PlaceIndex(AreaLevel.BUILDING)}

    def parse(self, data: dict, ctx: dict, user):
        errors = []
        building = household = None
        try:
            building = ctx["places"].find(data, user)
        except ValidationError as exc:
            errors.extend(exc.messages)
        if building is not None and data.get("room"):
            household = (
                Household.objects.filter(
                    area__parent=building, area__name=data.get("stairwell", ""), room=data["room"]
                )
                .select_related("area")
                .first()
            )
            if household is None:
                errors.append(
                    _("No household %(stairwell)s %(room)s in this building.")
                    % {"stairwell": data.get("stairwell", ""), "room": data["room"]}
                )
        amounts = {}
        for key, header in (("billed", "应收金额"), ("collected", "实收金额")):
            try:
                amounts[key] = _amount(data.get(key, ""), header)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        period = datetime.date.fromisoformat(f"{data['month']}-01")
        fields = {"area": building, "household": household, "period": period, **amounts}
        return (building.pk, household.pk if household else None, period), fields

    def find(self, key, ctx: dict):
        area_id, household_id, period = key
        return FeeRecord.objects.filter(area_id=area_id, household_id=household_id, period=period).first()

    def conflicts(self, key, fields: dict, existing, ctx: dict) -> list[str]:
        if services.contract_serving(fields["area"], fields["period"]) is None:
            return [
                _("No property company has a contract for %(area)s in %(month)s.")
                % {"area": fields["area"].name, "month": fields["period"].strftime("%Y-%m")}
            ]
        return []

    def compare_row(self, fields: dict, data: dict) -> dict[str, str]:
        return {**data, "billed": str(fields["billed"]), "collected": str(fields["collected"])}

    def row_of(self, obj: FeeRecord) -> dict[str, str]:
        building = obj.area
        grid = building.parent
        community = grid.parent
        return {
            "community": community.name,
            "community_code": community.code,
            "grid": grid.name,
            "building": building.name,
            "stairwell": obj.household.area.name if obj.household else "",
            "room": obj.household.room if obj.household else "",
            "month": obj.period.strftime("%Y-%m"),
            "billed": str(obj.billed.quantize(Decimal("0.01"))),
            "collected": str(obj.collected.quantize(Decimal("0.01"))),
        }

    def save(self, *, user, obj, fields: dict):
        # The month's sheet is the record: a row for a month already recorded corrects it.
        return services.fee_record_set(user=user, correct=True, **fields)

    def queryset(self, user):
        return FeeRecord.objects.visible_to(user).select_related("area__parent__parent", "household__area")

    def label(self, obj) -> str:
        return f"{obj.area.name} {obj.period:%Y-%m}"
