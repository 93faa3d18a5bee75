"""Party-building rosters: resident units (驻区单位) and party members, each placed in the user's own scope."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib import importing
from governance.lib.importing import DATE, PHONE, Column, Roster
from governance.lib.scope import area_in_scope
from governance.lib.validators import normalise_phone, validate_phone
from governance.territory.choices import AreaLevel
from governance.territory.imports import PlaceIndex, place_columns
from partybuilding import services
from partybuilding.choices import MemberStatus, UnitKind
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
