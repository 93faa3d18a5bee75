"""The volunteers roster: one row a volunteer, placed in a community, with team and skills by name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib import importing
from governance.lib.importing import PHONE, Column, Roster
from governance.lib.scope import area_in_scope
from governance.lib.validators import normalise_phone, validate_phone
from governance.territory.choices import AreaLevel
from governance.territory.imports import PlaceIndex, place_columns
from volunteers import services
from volunteers.models import ServiceCategory, Volunteer, VolunteerTeam


def _teams(user):
    teams = VolunteerTeam.objects.filter(is_active=True)
    if user is not None:
        teams = teams.visible_to(user)
    return sorted(set(teams.values_list("name", flat=True)))


@importing.roster
class VolunteerRoster(Roster):
    key = "volunteers"
    title = gettext_lazy("Volunteers")
    model = Volunteer
    list_url_name = "volunteers:volunteer-list"
    columns = [
        Column("姓名", "name", required=True),
        *place_columns(AreaLevel.COMMUNITY),
        Column("服务队", "team", choices=_teams),
        Column("联系电话", "phone", kind=PHONE),
        Column(
            "技能",
            "skills",
            help=gettext_lazy("service categories separated by 、, as named in the service list"),
        ),
        Column("可服务时间", "availability"),
        Column("最多同时承接", "max_open_needs", help=gettext_lazy("needs at once; empty is 3")),
    ]
    instructions = [
        gettext_lazy(
            "One row per volunteer, matched by name within the community: a known volunteer is updated."
        ),
    ]

    def context(self, user, rows) -> dict:
        teams: dict[str, list] = {}
        for team in VolunteerTeam.objects.select_related("area"):
            teams.setdefault(team.name, []).append(team)
        volunteers = Volunteer.objects.select_related("area", "team").prefetch_related("skills")
        return {
            "places": PlaceIndex(AreaLevel.COMMUNITY),
            "teams": teams,
            "skills": {c.name: c for c in ServiceCategory.objects.all()},
            "volunteers": {(v.area_id, v.name): v for v in volunteers},
        }

    def parse(self, data: dict, ctx: dict, user):
        errors = []
        area = None
        try:
            area = ctx["places"].find(data, user)
        except ValidationError as exc:
            errors.extend(exc.messages)
        team = None
        if data.get("team") and area is not None:
            teams = [t for t in ctx["teams"].get(data["team"], []) if area.path.startswith(t.area.path)]
            team = teams[0] if len(teams) == 1 else None
            if team is None:
                errors.append(
                    _("No volunteer team %(name)s serving %(place)s.")
                    % {"name": data["team"], "place": area.name}
                )
        names = [
            n.strip()
            for n in data.get("skills", "").replace(",", "、").replace("，", "、").split("、")
            if n.strip()
        ]
        unknown = [n for n in names if n not in ctx["skills"]]
        if unknown:
            errors.append(_("Unknown skills: %(names)s.") % {"names": "、".join(unknown)})
        phone = data.get("phone", "")
        if phone:
            try:
                validate_phone(phone)
            except ValidationError as exc:
                errors.extend(exc.messages)
        limit = data.get("max_open_needs") or "3"
        if not limit.isdigit():
            errors.append(
                _("%(label)s is not a number: %(value)s") % {"label": "最多同时承接", "value": limit}
            )
        if errors:
            raise ValidationError(errors)
        fields = {
            "area": area,
            "name": data["name"].strip(),
            "team": team,
            "phone": normalise_phone(phone),
            "skills": [ctx["skills"][n] for n in sorted(set(names))],
            "availability": data.get("availability", ""),
            "max_open_needs": int(limit),
        }
        return (area.pk, fields["name"]), fields

    def find(self, key, ctx: dict):
        return ctx["volunteers"].get(key)

    def conflicts(self, key, fields: dict, existing, ctx: dict) -> list[str]:
        if existing is not None and not area_in_scope(ctx["user"], existing.area):
            return [_("%(place)s is outside the area you answer for.") % {"place": existing.area.name}]
        return []

    def compare_row(self, fields: dict, data: dict) -> dict[str, str]:
        return {
            **data,
            "phone": fields["phone"],
            "skills": "、".join(s.name for s in fields["skills"]),
            "max_open_needs": str(fields["max_open_needs"]),
        }

    def row_of(self, obj: Volunteer) -> dict[str, str]:
        community = obj.area if obj.area.depth == AreaLevel.COMMUNITY else obj.area.community
        return {
            "name": obj.name,
            "community": community.name if community else "",
            "community_code": community.code if community else "",
            "team": obj.team.name if obj.team else "",
            "phone": obj.phone,
            "skills": "、".join(sorted(s.name for s in obj.skills.all())),
            "availability": obj.availability,
            "max_open_needs": str(obj.max_open_needs),
        }

    def save(self, *, user, obj, fields: dict):
        if obj is None:
            return services.volunteer_create(user=user, **fields)
        return services.volunteer_update(
            user=user, volunteer=obj, **{k: v for k, v in fields.items() if k != "area"}
        )

    def queryset(self, user):
        return (
            Volunteer.objects.visible_to(user)
            .filter(area__depth=AreaLevel.COMMUNITY)
            .select_related("area", "team")
            .prefetch_related("skills")
        )
