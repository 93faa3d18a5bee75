"""The residents roster: one row a person, placed by community (name or division code), grid, building,
stairwell and room; a second head of household or a person already in another household is named, not fixed."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib import importing
from governance.lib.crypto import blind_index
from governance.lib.importing import DATE, DIGITS, PHONE, Column, Roster
from governance.lib.masking import PersonalKind
from governance.lib.scope import area_in_scope
from governance.lib.validators import normalise_id_number, normalise_phone
from governance.residents import services
from governance.residents.choices import Gender, Registration
from governance.residents.models import Resident
from governance.territory.choices import AreaLevel
from governance.territory.imports import PlaceIndex, place_columns

GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE}
REGISTRATIONS = {"户籍": Registration.REGISTERED, "流动": Registration.FLOATING}
YES_NO = {"是": True, "否": False}


@importing.roster
class ResidentRoster(Roster):
    key = "residents"
    title = gettext_lazy("Residents and households")
    model = Resident
    list_url_name = "governance:resident-list"
    columns = [
        Column("姓名", "name", required=True),
        Column("性别", "gender", required=True, choices=lambda user: list(GENDERS)),
        Column("出生日期", "birth_date", required=True, kind=DATE),
        Column(
            "身份证号",
            "id_number",
            kind=DIGITS,
            length=18,
            help=gettext_lazy("18 characters; the person's key: a known number updates that person"),
        ),
        Column("联系电话", "phone", kind=PHONE, help=gettext_lazy("mobile, or landline with area code")),
        *place_columns(AreaLevel.STAIRWELL),
        Column("房号", "room", required=True),
        Column(
            "户主", "is_household_head", choices=lambda user: list(YES_NO), help=gettext_lazy("empty is 否")
        ),
        Column(
            "人口类型",
            "registration",
            choices=lambda user: list(REGISTRATIONS),
            help=gettext_lazy("empty is 户籍"),
        ),
    ]
    instructions = [
        gettext_lazy(
            "One row per person. A row whose ID number is already registered updates that person; a row "
            "without an ID number is matched by name, birth date and room."
        ),
        gettext_lazy(
            "A room's household has one head: a second head, or a person already living in another "
            "household, is refused and named; move people on their own page."
        ),
    ]

    def context(self, user, rows) -> dict:
        ids = {normalise_id_number(r.data.get("id_number", "")) for r in rows} - {""}
        residents = Resident.objects.select_related("household", "area")
        # ID numbers are stored encrypted: they are matched through their blind index.
        indexes = {blind_index(PersonalKind.ID_NUMBER, i) for i in ids} - {None}
        places = PlaceIndex(AreaLevel.STAIRWELL)
        by_id = {r.id_number: places.attach(r) for r in residents.filter(id_number_index__in=indexes)}
        areas = set()
        for row in rows:
            try:
                areas.add(places.find(row.data, None).pk)
            except ValidationError:
                continue
        in_rooms = list(residents.filter(area_id__in=areas, is_active=True))
        heads = {(r.area_id, r.household.room): r for r in in_rooms if r.is_household_head}
        without_id = {
            (r.name, r.birth_date, r.area_id, r.household.room): r for r in in_rooms if not r.id_number
        }
        return {"places": places, "by_id": by_id, "heads": heads, "without_id": without_id, "new_heads": {}}

    def parse(self, data: dict, ctx: dict, user):
        errors = []
        try:
            area = ctx["places"].find(data, user)
        except ValidationError as exc:
            area = None
            errors.extend(exc.messages)
        gender = GENDERS.get(data.get("gender", ""))
        if gender is None:
            errors.append(_("Gender must be 男 or 女."))
        head = YES_NO.get(data.get("is_household_head") or "否")
        if head is None:
            errors.append(_("%(col)s must be 是 or 否.") % {"col": "户主"})
        registration = REGISTRATIONS.get(data.get("registration") or "户籍")
        if registration is None:
            errors.append(_("Registration must be 户籍 or 流动."))
        birth = datetime.date.fromisoformat(data["birth_date"]) if data.get("birth_date") else None
        fields = {
            "name": data.get("name", ""),
            "gender": gender,
            "birth_date": birth,
            "id_number": normalise_id_number(data.get("id_number", "")) or None,
            "phone": normalise_phone(data.get("phone", "")),
            "registration": registration,
            "is_household_head": bool(head),
            "area": area,
            "room": data.get("room", "").strip(),
        }
        if area is not None and gender is not None and birth is not None:
            # The model's own rules (ID number, phone, birth date and gender against the ID): one source.
            probe = Resident(**{k: v for k, v in fields.items() if k != "room"})
            try:
                # The place came from the place index: no query to ask whether it exists.
                probe.full_clean(
                    exclude=["area", "household"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                errors.extend(importing.messages_of(exc))
        if errors:
            raise ValidationError(errors)
        if fields["id_number"]:
            return fields["id_number"], fields
        return (fields["name"], birth, area.pk, fields["room"]), fields

    def find(self, key, ctx: dict):
        if isinstance(key, str):
            return ctx["by_id"].get(key)
        return ctx["without_id"].get(key)

    def conflicts(self, key, fields: dict, existing, ctx: dict) -> list[str]:
        reasons = []
        room = (fields["area"].pk, fields["room"])
        place = f"{fields['area'].name} {fields['room']}"
        if existing is not None:
            if not area_in_scope(ctx["user"], existing.area):
                return [_("This ID card number belongs to a resident outside the area you answer for.")]
            if (existing.area_id, existing.household.room) != room:
                reasons.append(
                    _(
                        "%(name)s already lives in household %(household)s; move the person on their own "
                        "page, the import does not move people between households."
                    )
                    % {"name": existing.name, "household": f"{existing.area.name} {existing.household.room}"}
                )
        if fields["is_household_head"]:
            head = ctx["heads"].get(room)
            if head is not None and (existing is None or head.pk != existing.pk):
                reasons.append(
                    _("Household %(place)s already has a head, %(name)s: a household has one head.")
                    % {"place": place, "name": head.name}
                )
            elif room in ctx["new_heads"]:
                reasons.append(
                    _("Row %(row)s already makes %(name)s the head of household %(place)s.")
                    % {"row": ctx["new_heads"][room][0], "name": ctx["new_heads"][room][1], "place": place}
                )
        return reasons

    def remember(self, key, fields: dict, ctx: dict, row_number: int) -> None:
        if fields["is_household_head"]:
            ctx["new_heads"][(fields["area"].pk, fields["room"])] = (row_number, fields["name"])

    def compare_row(self, fields: dict, data: dict) -> dict[str, str]:
        return {
            **data,
            "id_number": fields["id_number"] or "",
            "phone": fields["phone"],
            "is_household_head": "是" if fields["is_household_head"] else "否",
            "registration": data.get("registration") or "户籍",
        }

    def row_of(self, obj: Resident) -> dict[str, str]:
        stairwell = obj.area
        building, grid = stairwell.parent, stairwell.parent.parent
        community = grid.parent
        return {
            "name": obj.name,
            "gender": "男" if obj.gender == Gender.MALE else "女",
            "birth_date": obj.birth_date.isoformat(),
            "id_number": obj.id_number or "",
            "phone": obj.phone,
            "community": community.name,
            "community_code": community.code,
            "grid": grid.name,
            "building": building.name,
            "stairwell": stairwell.name,
            "room": obj.household.room,
            "is_household_head": "是" if obj.is_household_head else "否",
            "registration": "户籍" if obj.registration == Registration.REGISTERED else "流动",
        }

    def save(self, *, user, obj, fields: dict):
        if obj is None:
            return services.resident_create(user=user, **fields)
        return services.resident_update(user=user, resident=obj, **fields)

    def save_many(self, *, user, items):
        return services.residents_import(user=user, rows=items)

    def delete(self, *, user, obj) -> None:
        services.residents_remove_imported(user=user, residents=[obj])

    def delete_many(self, *, user, objs) -> None:
        services.residents_remove_imported(user=user, residents=objs)

    def records(self, ids):
        places = PlaceIndex(AreaLevel.STAIRWELL)
        found = {}
        for start in range(0, len(ids), 5000):
            for resident in Resident.objects.select_related("household").filter(
                pk__in=ids[start : start + 5000]
            ):
                found[resident.pk] = places.attach(resident)
        return found

    def queryset(self, user):
        return Resident.objects.visible_to(user).select_related("household", "area__parent__parent__parent")

    def export_allowed(self, user) -> bool:
        """Full ID and phone numbers leave only for roles granted them, and each showing is logged."""
        return user.has_perm("governance.view_resident_pii")

    export_reason_required = True  # full numbers leave only with the purpose recorded (PIPL)

    def export_log(self, user, objects, reason: str = "") -> None:
        from governance.residents.models import PersonalDataAccess

        services.personal_data_reveal_log(
            user=user, objects=objects, channel=PersonalDataAccess.Channel.EXPORT, reason=reason
        )
