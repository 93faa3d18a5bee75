"""The territory roster: places from district to stairwell, with the official 12-digit division codes.

A row names its parent by the parent's division code or by its name path (新城区/梁家屯路街道/梁家屯社区); parents
come before their children, so one file loads a street's communities, grids, buildings and stairwells.
"""

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib import importing
from governance.lib.importing import DIGITS, Column, Roster
from governance.lib.scope import area_in_scope, user_sees_everything
from governance.territory import services
from governance.territory.choices import AreaLevel
from governance.territory.models import Area

LEVELS = {"区": 1, "街道": 2, "社区": 3, "网格": 4, "楼栋": 5, "单元": 6}
LEVEL_NAMES = {v: k for k, v in LEVELS.items()}


def name_paths(areas) -> dict[str, str]:
    """Area path -> its name path ("新城区/梁家屯路街道"), for areas given with all their ancestors."""
    by_path = {a.path: a for a in areas}
    return {
        a.path: "/".join(
            by_path[a.path_at(level)].name for level in range(1, a.depth + 1) if a.path_at(level) in by_path
        )
        for a in areas
    }


def _names_at(level: int):
    def allowed(user):
        areas = Area.objects.filter(depth=level)
        if user is not None:
            areas = areas.visible_to(user)
        return sorted(set(areas.values_list("name", flat=True)))

    return allowed


def place_columns(lowest: int) -> list[Column]:
    """Community (by name or by its 12-digit division code), then grid, building, stairwell down to `lowest`."""
    columns = [
        Column("社区", "community", kind=importing.TEXT, choices=_names_at(AreaLevel.COMMUNITY)),
        Column(
            "社区区划代码",
            "community_code",
            kind=DIGITS,
            length=12,
            help=gettext_lazy("instead of the community's name: its 12-digit statistical division code"),
            compare=False,
        ),
        Column("网格", "grid", required=True, choices=_names_at(AreaLevel.GRID)),
        Column("楼栋", "building", required=True, choices=_names_at(AreaLevel.BUILDING)),
        Column("单元", "stairwell", required=True, choices=_names_at(AreaLevel.STAIRWELL)),
    ]
    return columns[: 2 + lowest - AreaLevel.COMMUNITY]


class PlaceIndex:
    """Places below the communities by their name path, with the community given by name or by code: one query."""

    def __init__(self, lowest: int):
        self.lowest = lowest
        areas = Area.objects.filter(depth__gte=AreaLevel.COMMUNITY, depth__lte=lowest).only(
            "id", "path", "depth", "name", "code", "parent_id"
        )
        by_path = {a.path: a for a in areas}
        for area in by_path.values():
            # Each place knows its parent object: a record's name path is then read without a query.
            if area.depth > AreaLevel.COMMUNITY and area.path_at(area.depth - 1) in by_path:
                area.parent = by_path[area.path_at(area.depth - 1)]
        self.by_pk = {a.pk: a for a in by_path.values()}
        self.by_names, self.by_code = {}, {}
        for area in by_path.values():
            if area.depth != lowest:
                continue
            chain = [by_path[area.path_at(level)] for level in range(AreaLevel.COMMUNITY, lowest + 1)]
            names = tuple(a.name for a in chain)
            self.by_names[names] = area
            if chain[0].code:
                self.by_code[(chain[0].code, *names[1:])] = area
        self.by_path = by_path

    def find(self, data: dict, user) -> Area:
        keys = ["grid", "building", "stairwell"][: self.lowest - AreaLevel.COMMUNITY]
        below = tuple(data.get(k, "") for k in keys)
        if data.get("community_code"):
            area = self.by_code.get((data["community_code"], *below))
            said = " / ".join((data["community_code"], *below))
        elif data.get("community"):
            area = self.by_names.get((data["community"], *below))
            said = " / ".join((data["community"], *below))
        else:
            raise ValidationError(_("Give the community's name or its division code."))
        if area is None:
            raise ValidationError(_("No such place: %(place)s.") % {"place": said})
        if user is not None and not area_in_scope(user, area):
            raise ValidationError(_("%(place)s is outside the area you answer for.") % {"place": said})
        return area

    def attach(self, record):
        """`record` with its place taken from the index, so that its place's name path is read without a query."""
        area = self.by_pk.get(record.area_id)
        if area is not None:
            record.area = area
        return record

    def names(self, area: Area) -> dict[str, str]:
        chain = [
            self.by_path.get(area.path_at(level)) for level in range(AreaLevel.COMMUNITY, area.depth + 1)
        ]
        keys = ["community", "grid", "building", "stairwell"]
        return {k: a.name for k, a in zip(keys, chain, strict=False) if a is not None}


@importing.roster
class AreaRoster(Roster):
    key = "territory"
    title = gettext_lazy("Territory with division codes")
    model = Area
    list_url_name = "governance:area-list"
    columns = [
        Column("层级", "level", required=True, choices=lambda user: list(LEVELS)),
        Column("名称", "name", required=True),
        Column(
            "区划代码",
            "code",
            kind=DIGITS,
            length=12,
            help=gettext_lazy("12-digit statistical division code; districts, streets and communities only"),
        ),
        Column("上级区划代码", "parent_code", kind=DIGITS, length=12, compare=False),
        Column(
            "上级",
            "parent_path",
            compare=False,
            help=gettext_lazy("or the parent's name path from the district, e.g. 新城区/梁家屯路街道"),
        ),
        Column("备注", "note"),
    ]
    instructions = [
        gettext_lazy(
            "One row per place, parents before their children. A row whose division code is known, or whose "
            "name is known under the same parent, updates that place."
        ),
        gettext_lazy("Give the parent by its division code or by its name path; a district has no parent."),
    ]

    def context(self, user, rows) -> dict:
        areas = list(Area.objects.all().only("id", "path", "depth", "name", "code", "note", "parent_id"))
        names = name_paths(areas)
        return {
            "by_name_path": {names[a.path]: a for a in areas},
            "by_code": {a.code: a for a in areas if a.code},
            "pending": {},  # name path or code -> (level, code, name path) of a row planned above
            "path_of": lambda area: (
                names.get(area.path) or "/".join(a.name for a in area.ancestors_and_self())
            ),
        }

    def _parent(self, data: dict, ctx: dict):
        if data.get("parent_code"):
            found = ctx["by_code"].get(data["parent_code"]) or ctx["pending"].get(data["parent_code"])
            said = data["parent_code"]
        elif data.get("parent_path"):
            path = "/".join(p.strip() for p in data["parent_path"].replace("／", "/").split("/") if p.strip())
            found = ctx["by_name_path"].get(path) or ctx["pending"].get(path)
            said = path
        else:
            return None, ""
        if found is None:
            raise ValidationError(_("No such parent place: %(place)s.") % {"place": said})
        return found, said

    def parse(self, data: dict, ctx: dict, user):
        errors = []
        level = LEVELS.get(data.get("level", ""))
        if level is None:
            raise ValidationError(
                _("%(col)s must be one of: %(values)s.") % {"col": "层级", "values": "、".join(LEVELS)}
            )
        parent, _said = self._parent(data, ctx)
        if level == AreaLevel.DISTRICT:
            if parent is not None:
                errors.append(_("A district has no parent."))
            elif not user_sees_everything(user):
                errors.append(_("Only those who answer for the whole territory add districts."))
        else:
            if parent is None:
                raise ValidationError(_("Give the parent by its division code or by its name path."))
            parent_level = parent.depth if isinstance(parent, Area) else parent[0]
            if parent_level != level - 1:
                errors.append(
                    _("The parent must be one level above (a %(level)s).") % {"level": LEVEL_NAMES[level - 1]}
                )
        code = data.get("code", "")
        if code:
            probe_parent = (
                parent
                if isinstance(parent, Area)
                else (Area(code=parent[1], depth=parent[0]) if parent else None)
            )
            try:
                importing_validate_code(code, level, probe_parent)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        parent_path = ctx["path_of"](parent) if isinstance(parent, Area) else (parent[2] if parent else "")
        name_path = f"{parent_path}/{data['name']}" if parent_path else data["name"]
        fields = {
            "level": level,
            "name": data["name"],
            "code": code,
            "note": data.get("note", ""),
            "parent": parent,
            "name_path": name_path,
        }
        return (code or name_path), fields

    def find(self, key, ctx: dict):
        return ctx["by_code"].get(key) or ctx["by_name_path"].get(key)

    def conflicts(self, key, fields: dict, existing, ctx: dict) -> list[str]:
        code = fields["code"]
        holder = ctx["by_code"].get(code) if code else None
        if holder is not None and existing is not None and holder.pk != existing.pk:
            return [_("Another place already has this division code.")]
        if existing is not None and existing.depth != fields["level"]:
            return [
                _("%(name)s is already a %(level)s.")
                % {"name": existing.name, "level": LEVEL_NAMES[existing.depth]}
            ]
        # A known place must lie in one's scope; a new one must be added below a place that does.
        place = existing if existing is not None else fields["parent"]
        if isinstance(place, Area) and not area_in_scope(ctx["user"], place):
            return [_("%(place)s is outside the area you answer for.") % {"place": place.name}]
        return []

    def remember(self, key, fields: dict, ctx: dict, row_number: int) -> None:
        entry = (fields["level"], fields["code"], fields["name_path"])
        ctx["pending"][fields["name_path"]] = entry
        if fields["code"]:
            ctx["pending"][fields["code"]] = entry

    def row_of(self, obj: Area) -> dict[str, str]:
        chain = list(obj.ancestors_and_self())
        parent = chain[-2] if len(chain) > 1 else None
        return {
            "level": LEVEL_NAMES[obj.depth],
            "name": obj.name,
            "code": obj.code,
            "parent_code": parent.code if parent else "",
            "parent_path": "/".join(a.name for a in chain[:-1]),
            "note": obj.note,
        }

    def save(self, *, user, obj, fields: dict):
        if obj is not None:
            return services.area_update(
                area=obj,
                name=fields["name"],
                code=fields["code"],
                note=fields["note"],
                is_active=obj.is_active,
            )
        parent = fields["parent"]
        if parent is not None and not isinstance(parent, Area):  # planned above in this file: now saved
            parent = Area.objects.get(code=parent[1]) if parent[1] else _by_name_path(parent[2])
        return services.area_create(
            parent=parent, name=fields["name"], code=fields["code"], note=fields["note"]
        )

    def delete(self, *, user, obj) -> None:
        obj.refresh_from_db()
        below = Area.objects.filter(path__startswith=obj.path).exclude(pk=obj.pk).first()
        if below is not None:
            raise ProtectedError("places below", {below})
        obj.delete()

    def queryset(self, user):
        """The places one answers for (not the ancestors shown for orientation), parents first."""
        return [a for a in Area.objects.visible_to(user).order_by("path") if area_in_scope(user, a)]


def importing_validate_code(code: str, level: int, parent) -> None:
    from governance.lib.validators import validate_division_code

    validate_division_code(code)
    Area(name="-", code=code, depth=level, parent=parent).clean()


def _by_name_path(path: str) -> Area:
    area = None
    for name in path.split("/"):
        area = (
            Area.objects.get(parent=area, name=name)
            if area
            else Area.objects.get(parent__isnull=True, name=name)
        )
    return area
