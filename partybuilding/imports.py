"""Party-building rosters: resident units (驻区单位) and party members, each placed in the user's own scope."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib import importing
from governance.lib.importing import DATE, DIGITS, PHONE, Column, Roster
from governance.lib.scope import area_in_scope, user_scope_paths, user_sees_everything
from governance.lib.validators import normalise_phone, validate_phone
from governance.territory.choices import AreaLevel
from governance.territory.imports import PlaceIndex, name_paths, place_columns
from governance.territory.models import Area
from partybuilding import services
from partybuilding.choices import MemberStatus, OrgLevel, UnitKind
from partybuilding.models import PartyMember, PartyOrganisation, ResidentUnit


def _count(text: str, header: str, errors: list, default: int = 0) -> int:
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        errors.append(_("%(label)s is not a number: %(value)s") % {"label": header, "value": text})
        return default


def _phone(text: str, errors: list) -> str:
    if not text:
        return ""
    try:
        validate_phone(text)
    except ValidationError as exc:
        errors.extend(exc.messages)
    return normalise_phone(text)


@importing.roster
class ResidentUnitRoster(Roster):
    key = "resident-units"
    title = gettext_lazy("Resident units")
    model = ResidentUnit
    list_url_name = "partybuilding:unit-list"
    columns = [
        Column("单位名称", "name", required=True),
        Column(
            "单位类型", "kind", required=True, choices=lambda user: list(importing.choice_labels(UnitKind))
        ),
        *place_columns(AreaLevel.COMMUNITY),
        Column("地址", "address"),
        Column("联系人", "contact_name"),
        Column("联系电话", "contact_phone", kind=PHONE),
        Column("职工人数", "headcount"),
        Column("党员人数", "party_member_count"),
        Column("行政级别", "admin_level", help=gettext_lazy("e.g. 省级, 市级, 区级")),
        Column("影响力(1-5)", "influence", help=gettext_lazy("1 to 5; empty is 3")),
    ]
    instructions = [
        gettext_lazy(
            "One row per unit, seated in a community; a unit already registered there by name is updated."
        ),
    ]

    def context(self, user, rows) -> dict:
        units = ResidentUnit.objects.all().only(
            "id",
            "name",
            "kind",
            "area_id",
            "address",
            "contact_name",
            "contact_phone",
            "headcount",
            "party_member_count",
            "admin_level",
            "influence",
        )
        return {"places": PlaceIndex(AreaLevel.COMMUNITY), "units": {(u.area_id, u.name): u for u in units}}

    def parse(self, data: dict, ctx: dict, user):
        errors = []
        area = None
        try:
            area = ctx["places"].find(data, user)
        except ValidationError as exc:
            errors.extend(exc.messages)
        kind = importing.choice_labels(UnitKind).get(data.get("kind", ""))
        if kind is None:
            errors.append(
                _("%(col)s must be one of: %(values)s.")
                % {"col": "单位类型", "values": "、".join(importing.choice_labels(UnitKind))}
            )
        fields = {
            "name": data.get("name", "").strip(),
            "kind": kind,
            "area": area,
            "address": data.get("address", ""),
            "contact_name": data.get("contact_name", ""),
            "contact_phone": _phone(data.get("contact_phone", ""), errors),
            "headcount": _count(data.get("headcount", ""), "职工人数", errors),
            "party_member_count": _count(data.get("party_member_count", ""), "党员人数", errors),
            "admin_level": data.get("admin_level", ""),
            "influence": _count(data.get("influence", ""), "影响力", errors, default=3),
        }
        if not 1 <= fields["influence"] <= 5:
            errors.append(_("Influence is rated from 1 to 5."))
        if errors:
            raise ValidationError(errors)
        return (area.pk, fields["name"]), fields

    def find(self, key, ctx: dict):
        return ctx["units"].get(key)

    def compare_row(self, fields: dict, data: dict) -> dict[str, str]:
        return {
            **data,
            **{k: str(fields[k]) for k in ("contact_phone", "headcount", "party_member_count", "influence")},
        }

    def row_of(self, obj: ResidentUnit) -> dict[str, str]:
        labels = {v: k for k, v in importing.choice_labels(UnitKind).items()}
        return {
            "name": obj.name,
            "kind": labels[obj.kind],
            "community": obj.area.name,
            "community_code": obj.area.code,
            "address": obj.address,
            "contact_name": obj.contact_name,
            "contact_phone": obj.contact_phone,
            "headcount": str(obj.headcount),
            "party_member_count": str(obj.party_member_count),
            "admin_level": obj.admin_level,
            "influence": str(obj.influence),
        }

    def save(self, *, user, obj, fields: dict):
        if obj is None:
            return services.resident_unit_create(user=user, **fields)
        return services.resident_unit_update(user=user, unit=obj, **fields)

    def queryset(self, user):
        return (
            ResidentUnit.objects.visible_to(user)
            .select_related("area")
            .filter(area__depth=AreaLevel.COMMUNITY)
        )


def _organisations(user):
    orgs = PartyOrganisation.objects.all()
    if user is not None:
        orgs = orgs.visible_to(user)
    return sorted(set(orgs.values_list("name", flat=True)))


@importing.roster
class PartyMemberRoster(Roster):
    key = "party-members"
    title = gettext_lazy("Party members")
    model = PartyMember
    list_url_name = "partybuilding:member-list"
    columns = [
        Column("姓名", "name", required=True),
        Column("所在党组织", "organisation", required=True, choices=_organisations),
        Column("入党日期", "joined_on", kind=DATE),
        Column(
            "党员状态",
            "status",
            choices=lambda user: list(importing.choice_labels(MemberStatus)),
            help=gettext_lazy("empty is the first value"),
        ),
        Column("联系电话", "phone", kind=PHONE),
    ]
    instructions = [
        gettext_lazy(
            "One row per member; a member already recorded by name in the same organisation is updated. To "
            "move a member to another organisation use the transfer on their page, which keeps the history."
        ),
    ]

    def context(self, user, rows) -> dict:
        orgs = list(PartyOrganisation.objects.select_related("area"))
        by_name: dict[str, list] = {}
        for org in orgs:
            by_name.setdefault(org.name, []).append(org)
        members = PartyMember.objects.all().only(
            "id", "name", "organisation_id", "joined_on", "status", "phone"
        )
        return {"orgs": by_name, "members": {(m.organisation_id, m.name): m for m in members}}

    def parse(self, data: dict, ctx: dict, user):
        errors = []
        candidates = [
            o for o in ctx["orgs"].get(data.get("organisation", ""), []) if area_in_scope(user, o.area)
        ]
        organisation = candidates[0] if len(candidates) == 1 else None
        if not candidates:
            errors.append(
                _("No party organisation %(name)s in the area you answer for.")
                % {"name": data.get("organisation", "")}
            )
        elif len(candidates) > 1:
            errors.append(
                _("Several party organisations are called %(name)s: rename one first.")
                % {"name": data.get("organisation", "")}
            )
        statuses = importing.choice_labels(MemberStatus)
        status = statuses.get(data.get("status") or str(next(iter(statuses))))
        if status is None:
            errors.append(
                _("%(col)s must be one of: %(values)s.") % {"col": "党员状态", "values": "、".join(statuses)}
            )
        fields = {
            "name": data.get("name", "").strip(),
            "organisation": organisation,
            "joined_on": datetime.date.fromisoformat(data["joined_on"]) if data.get("joined_on") else None,
            "status": status,
            "phone": _phone(data.get("phone", ""), errors),
        }
        if errors:
            raise ValidationError(errors)
        return (organisation.pk, fields["name"]), fields

    def find(self, key, ctx: dict):
        return ctx["members"].get(key)

    def compare_row(self, fields: dict, data: dict) -> dict[str, str]:
        labels = {v: k for k, v in importing.choice_labels(MemberStatus).items()}
        return {**data, "phone": fields["phone"], "status": labels[fields["status"]]}

    def row_of(self, obj: PartyMember) -> dict[str, str]:
        labels = {v: k for k, v in importing.choice_labels(MemberStatus).items()}
        return {
            "name": obj.name,
            "organisation": obj.organisation.name,
            "joined_on": obj.joined_on.isoformat() if obj.joined_on else "",
            "status": labels[obj.status],
            "phone": obj.phone,
        }

    def save(self, *, user, obj, fields: dict):
        if obj is None:
            return services.member_create(user=user, **fields)
        return services.member_update(
            user=user, member=obj, **{k: v for k, v in fields.items() if k != "organisation"}
        )

    def queryset(self, user):
        return PartyMember.objects.visible_to(user).select_related("organisation")


def _unit_names(user):
    units = ResidentUnit.objects.all()
    if user is not None:
        units = units.visible_to(user)
    return sorted(set(units.values_list("name", flat=True)))


def _parent_names(user):
    """Organisations in one's scope and those above it (a street's working committee answers to the district's)."""
    orgs = PartyOrganisation.objects.select_related("area")
    if user is None or user_sees_everything(user):
        return sorted(set(orgs.values_list("name", flat=True)))
    paths = user_scope_paths(user)
    return sorted(
        {o.name for o in orgs if any(p.startswith(o.area.path) or o.area.path.startswith(p) for p in paths)}
    )


def _level_labels() -> dict[str, int]:
    return {label: int(value) for label, value in importing.choice_labels(OrgLevel).items()}


def _name_path(text: str) -> str:
    return "/".join(p.strip() for p in (text or "").replace("／", "/").split("/") if p.strip())


@importing.roster
class PartyOrganisationRoster(Roster):
    key = "party-organisations"
    title = gettext_lazy("Party organisations")
    model = PartyOrganisation
    list_url_name = "partybuilding:organisation-chart"
    columns = [
        Column("组织名称", "name", required=True),
        Column(
            "层级",
            "level",
            choices=lambda user: list(_level_labels()),
            help=gettext_lazy("empty for a resident unit's own organisation"),
        ),
        Column(
            "所在区域区划代码",
            "area_code",
            kind=DIGITS,
            length=12,
            help=gettext_lazy("the place's 12-digit statistical division code (district, street, community)"),
            compare=False,
        ),
        Column(
            "所在区域",
            "area_path",
            help=gettext_lazy(
                "or the place's name path from the district, e.g. 新城区/梁家屯路街道/梁家屯社区"
            ),
        ),
        Column("上级党组织", "parent", choices=_parent_names, help=gettext_lazy("by name; empty for 区委")),
        Column(
            "所属驻区单位",
            "resident_unit",
            choices=_unit_names,
            help=gettext_lazy("for a resident unit's own organisation, instead of level and place"),
        ),
        Column("书记", "secretary_name"),
    ]
    instructions = [
        gettext_lazy(
            "One row per organisation, parents before their children: 区委 on a district, 街道党工委 on a "
            "street, 社区党组织 on a community, 网格党支部 on a grid, each exactly one level below its parent."
        ),
        gettext_lazy(
            "Give the place by its division code or by its name path; grids have no code. An organisation "
            "already recorded on the same place under the same name is updated (its secretary)."
        ),
    ]

    def context(self, user, rows) -> dict:
        areas = list(
            Area.objects.filter(depth__lte=AreaLevel.GRID).only(
                "id", "path", "depth", "name", "code", "parent_id"
            )
        )
        names = name_paths(areas)
        orgs = list(PartyOrganisation.objects.all())
        by_name: dict[str, list] = {}
        for org in orgs:
            by_name.setdefault(org.name, []).append(org)
        units: dict[str, list] = {}
        for unit in ResidentUnit.objects.select_related("area"):
            units.setdefault(unit.name, []).append(unit)
        area_by_pk = {a.pk: a for a in areas}
        for org in orgs:  # the place of each organisation from the one list above: no query per row
            org.area = area_by_pk.get(org.area_id, org.area)
        return {
            "by_name_path": {names[a.path]: a for a in areas},
            "by_code": {a.code: a for a in areas if a.code},
            "path_of": {a.pk: names[a.path] for a in areas},
            "orgs": by_name,
            "by_place": {(o.area_id, o.name): o for o in orgs},
            "by_unit": {o.resident_unit_id: o for o in orgs if o.resident_unit_id},
            "units": units,
            "pending": {},  # name -> unsaved organisation planned on a row above
        }

    def _area(self, data: dict, ctx: dict, user):
        if data.get("area_code"):
            area, said = ctx["by_code"].get(data["area_code"]), data["area_code"]
        elif data.get("area_path"):
            said = _name_path(data["area_path"])
            area = ctx["by_name_path"].get(said)
        else:
            raise ValidationError(_("Give the place by its division code or by its name path."))
        if area is None:
            raise ValidationError(_("No such place: %(place)s.") % {"place": said})
        if not area_in_scope(user, area):
            raise ValidationError(_("%(place)s is outside the area you answer for.") % {"place": said})
        return area

    def _one(self, candidates: list, user, what: str, name: str, errors: list, *, below=None):
        # A parent may sit above one's scope (the district committee of a street's working committee).
        mine = [
            c
            for c in candidates
            if area_in_scope(user, c.area) or (below is not None and below.path.startswith(c.area.path))
        ]
        if len(mine) == 1:
            return mine[0]
        if not mine:
            errors.append(
                _("No %(what)s %(name)s in the area you answer for.") % {"what": what, "name": name}
            )
        else:
            errors.append(
                _("Several %(what)s are called %(name)s: rename one first.") % {"what": what, "name": name}
            )
        return None

    def parse(self, data: dict, ctx: dict, user):
        errors = []
        name = data.get("name", "").strip()
        level = unit = parent = area = None
        if data.get("resident_unit"):
            name_ = data["resident_unit"]
            unit = self._one(ctx["units"].get(name_, []), user, _("resident unit"), name_, errors)
            if data.get("level") or data.get("parent"):
                errors.append(_("A resident unit's own organisation sits outside the four levels."))
            area = unit.area if unit is not None else None
        else:
            level = _level_labels().get(data.get("level", ""))
            if level is None:
                errors.append(
                    _("%(col)s must be one of: %(values)s.")
                    % {"col": "层级", "values": "、".join(_level_labels())}
                )
            try:
                area = self._area(data, ctx, user)
            except ValidationError as exc:
                errors.extend(exc.messages)
            if data.get("parent"):
                planned = [ctx["pending"][data["parent"]]] if data["parent"] in ctx["pending"] else []
                name_ = data["parent"]
                parent = self._one(
                    planned + ctx["orgs"].get(name_, []),
                    user,
                    _("party organisation"),
                    name_,
                    errors,
                    below=area,
                )
        if errors:
            raise ValidationError(errors)
        if (
            unit is None
        ):  # a unit's own organisation: one per unit, checked against the records in conflicts()
            try:
                services.organisation_check_levels(level=level, area=area, parent=parent, resident_unit=None)
            except ValidationError as exc:
                raise ValidationError(importing.messages_of(exc)) from None
        fields = {
            "name": name,
            "level": level,
            "area": area,
            "parent": parent,
            "resident_unit": unit,
            "secretary_name": data.get("secretary_name", "").strip(),
            "area_path": "" if unit is not None else ctx["path_of"][area.pk],
        }
        return (area.pk, name), fields

    def find(self, key, ctx: dict):
        return ctx["by_place"].get(key)

    def conflicts(self, key, fields: dict, existing, ctx: dict) -> list[str]:
        unit = fields["resident_unit"]
        if unit is not None:
            holder = ctx["by_unit"].get(unit.pk)
            if holder is not None and (existing is None or holder.pk != existing.pk):
                return [_("This resident unit already has its party organisation.")]
        if existing is None:
            return []
        if existing.level != fields["level"] or existing.parent_id != getattr(fields["parent"], "pk", None):
            return [
                _(
                    "%(name)s is already recorded with another level or parent organisation; the import "
                    "changes only the secretary of a known organisation."
                )
                % {"name": existing.name}
            ]
        return []

    def remember(self, key, fields: dict, ctx: dict, row_number: int) -> None:
        if fields["level"] is not None and (key not in ctx["by_place"]):
            ctx["pending"][fields["name"]] = PartyOrganisation(
                name=fields["name"], level=fields["level"], area=fields["area"], parent=fields["parent"]
            )

    def compare_row(self, fields: dict, data: dict) -> dict[str, str]:
        return {
            **data,
            "area_path": fields["area_path"],
            "secretary_name": fields["secretary_name"],
        }

    def row_of(self, obj: PartyOrganisation) -> dict[str, str]:
        levels = {v: k for k, v in _level_labels().items()}
        is_units = obj.resident_unit_id is not None
        return {
            "name": obj.name,
            "level": levels.get(obj.level, ""),
            "area_code": "" if is_units else obj.area.code,
            "area_path": "" if is_units else "/".join(a.name for a in obj.area.ancestors_and_self()),
            "parent": obj.parent.name if obj.parent_id else "",
            "resident_unit": obj.resident_unit.name if is_units else "",
            "secretary_name": obj.secretary_name,
        }

    def save(self, *, user, obj, fields: dict):
        if obj is not None:
            return services.organisation_update(
                user=user, organisation=obj, secretary_name=fields["secretary_name"]
            )
        parent = fields["parent"]
        if parent is not None and parent.pk is None:  # planned above in this file: saved by now
            parent = PartyOrganisation.objects.get(area=parent.area, name=parent.name)
        return services.organisation_create(
            user=user,
            name=fields["name"],
            area=fields["area"],
            level=fields["level"],
            parent=parent,
            resident_unit=fields["resident_unit"],
            secretary_name=fields["secretary_name"],
        )

    def queryset(self, user):
        return PartyOrganisation.objects.visible_to(user).select_related("area", "parent", "resident_unit")
