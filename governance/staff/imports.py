"""Street staff rosters: the staff list (干部名册) and the A/B posts, within the user's own scope."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib import importing
from governance.lib.importing import DATE, Column, Roster
from governance.lib.scope import area_in_scope
from governance.residents.choices import Gender
from governance.staff import services
from governance.staff.choices import Education, LeaveReason, PoliticalStatus, StaffKind, WorkLine
from governance.staff.models import Department, Post, StaffMember
from governance.territory.choices import AreaLevel
from governance.territory.models import Area

YES_NO = {"是": True, "否": False}


def _labels(choices):
    return lambda user: list(importing.choice_labels(choices))


def _choice(data: dict, key: str, header: str, choices, errors: list, *, default: str = ""):
    """The stored value of a choice written by its Chinese label; an empty optional cell gives `default`."""
    labels = importing.choice_labels(choices)
    text = data.get(key, "")
    if not text:
        return default
    if text not in labels:
        errors.append(_("%(col)s must be one of: %(values)s.") % {"col": header, "values": "、".join(labels)})
        return default
    return labels[text]


def _label(choices, value: str) -> str:
    return {v: k for k, v in importing.choice_labels(choices).items()}.get(value, "")


def _workplaces(user):
    areas = Area.objects.filter(depth__in=(AreaLevel.STREET, AreaLevel.COMMUNITY))
    if user is not None:
        areas = areas.visible_to(user)
    return sorted(set(areas.values_list("name", flat=True)))


def _departments(user):
    departments = Department.objects.all()
    if user is not None:
        departments = departments.visible_to(user)
    return sorted(set(departments.values_list("name", flat=True)))


def _date(text: str):
    return datetime.date.fromisoformat(text) if text else None


@importing.roster
class StaffRoster(Roster):
    key = "staff"
    title = gettext_lazy("Street staff")
    model = StaffMember
    list_url_name = "governance:staff-member-list"
    columns = [
        Column("姓名", "name", required=True),
        Column("性别", "gender", required=True, choices=lambda user: ["男", "女"]),
        Column("出生日期", "birth_date", required=True, kind=DATE),
        Column(
            "工作单位",
            "workplace",
            required=True,
            choices=_workplaces,
            help=gettext_lazy("the street or a community"),
        ),
        Column("部门", "department", choices=_departments),
        Column("学历", "education", required=True, choices=_labels(Education)),
        Column("政治面貌", "political_status", required=True, choices=_labels(PoliticalStatus)),
        Column("人员类别", "kind", choices=_labels(StaffKind), help=gettext_lazy("empty is the first value")),
        Column("职务", "position", required=True),
        Column(
            "班子成员", "is_leadership", choices=lambda user: list(YES_NO), help=gettext_lazy("empty is 否")
        ),
        Column("入职日期", "hired_on", required=True, kind=DATE),
        Column("离职日期", "left_on", kind=DATE),
        Column("离职原因", "leave_reason", choices=_labels(LeaveReason)),
    ]
    instructions = [
        gettext_lazy(
            "One row per person, matched by name and birth date: a known person's record is updated."
        ),
    ]

    def context(self, user, rows) -> dict:
        places = Area.objects.filter(depth__in=(AreaLevel.STREET, AreaLevel.COMMUNITY))
        staff = StaffMember.objects.select_related("area", "department")
        return {
            "places": {a.name: a for a in places},
            "departments": {(d.area_id, d.name): d for d in Department.objects.all()},
            "staff": {(s.name, s.birth_date): s for s in staff},
        }

    def parse(self, data: dict, ctx: dict, user):
        errors = []
        area = ctx["places"].get(data.get("workplace", ""))
        if area is None:
            errors.append(_("No such place: %(place)s.") % {"place": data.get("workplace", "")})
        elif not area_in_scope(user, area):
            errors.append(_("%(place)s is outside the area you answer for.") % {"place": area.name})
        department = None
        if area is not None and data.get("department"):
            department = ctx["departments"].get((area.pk, data["department"]))
            if department is None:
                errors.append(
                    _("No department %(name)s at %(place)s.")
                    % {"name": data["department"], "place": area.name}
                )
        head = YES_NO.get(data.get("is_leadership") or "否")
        if head is None:
            errors.append(_("%(col)s must be 是 or 否.") % {"col": "班子成员"})
        fields = {
            "name": data.get("name", "").strip(),
            "gender": {"男": Gender.MALE, "女": Gender.FEMALE}.get(data.get("gender", ""), ""),
            "birth_date": _date(data.get("birth_date", "")),
            "area": area,
            "department": department,
            "education": _choice(data, "education", "学历", Education, errors),
            "political_status": _choice(data, "political_status", "政治面貌", PoliticalStatus, errors),
            "kind": _choice(data, "kind", "人员类别", StaffKind, errors, default=StaffKind.values[0]),
            "position": data.get("position", ""),
            "is_leadership": bool(head),
            "hired_on": _date(data.get("hired_on", "")),
            "left_on": _date(data.get("left_on", "")),
            "leave_reason": _choice(data, "leave_reason", "离职原因", LeaveReason, errors),
        }
        if not fields["gender"]:
            errors.append(_("Gender must be 男 or 女."))
        if errors:
            raise ValidationError(errors)
        return (fields["name"], fields["birth_date"]), fields

    def find(self, key, ctx: dict):
        return ctx["staff"].get(key)

    def conflicts(self, key, fields: dict, existing, ctx: dict) -> list[str]:
        if existing is not None and not area_in_scope(ctx["user"], existing.area):
            return [_("%(place)s is outside the area you answer for.") % {"place": existing.area.name}]
        return []

    def compare_row(self, fields: dict, data: dict) -> dict[str, str]:
        return {
            **data,
            "kind": _label(StaffKind, fields["kind"]),
            "is_leadership": "是" if fields["is_leadership"] else "否",
        }

    def row_of(self, obj: StaffMember) -> dict[str, str]:
        return {
            "name": obj.name,
            "gender": "男" if obj.gender == Gender.MALE else "女",
            "birth_date": obj.birth_date.isoformat(),
            "workplace": obj.area.name,
            "department": obj.department.name if obj.department else "",
            "education": _label(Education, obj.education),
            "political_status": _label(PoliticalStatus, obj.political_status),
            "kind": _label(StaffKind, obj.kind),
            "position": obj.position,
            "is_leadership": "是" if obj.is_leadership else "否",
            "hired_on": obj.hired_on.isoformat(),
            "left_on": obj.left_on.isoformat() if obj.left_on else "",
            "leave_reason": _label(LeaveReason, obj.leave_reason),
        }

    def save(self, *, user, obj, fields: dict):
        if obj is None:
            return services.staff_create(**fields)
        return services.staff_update(staff=obj, **fields)

    def queryset(self, user):
        return StaffMember.objects.visible_to(user).select_related("area", "department")


@importing.roster
class PostRoster(Roster):
    key = "posts"
    title = gettext_lazy("A/B posts")
    model = Post
    list_url_name = "governance:staff-post-list"
    columns = [
        Column("部门", "department", required=True, choices=_departments),
        Column("岗位名称", "name", required=True),
        Column("工作条线", "work_line", choices=_labels(WorkLine)),
        Column("A岗人员", "holder_a", required=True, help=gettext_lazy("a staff member's name")),
        Column("B岗人员", "holder_b", help=gettext_lazy("a different staff member's name")),
    ]
    instructions = [
        gettext_lazy(
            "One row per post; a post already in the department by name is updated with these holders."
        ),
    ]

    def context(self, user, rows) -> dict:
        departments: dict[str, list] = {}
        for d in Department.objects.select_related("area"):
            departments.setdefault(d.name, []).append(d)
        staff: dict[str, list] = {}
        for s in StaffMember.objects.filter(left_on__isnull=True).select_related("area"):
            staff.setdefault(s.name, []).append(s)
        posts = {
            (p.department_id, p.name): p
            for p in Post.objects.select_related("holder_a", "holder_b", "department")
        }
        return {"departments": departments, "staff": staff, "posts": posts}

    def _one(self, candidates: list, user, what: str, name: str, errors: list):
        mine = [c for c in candidates if area_in_scope(user, c.area)]
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
        name = data.get("department", "")
        department = self._one(ctx["departments"].get(name, []), user, _("department"), name, errors)
        holders = {}
        for key in ("holder_a", "holder_b"):
            who = data.get(key, "")
            holders[key] = (
                self._one(ctx["staff"].get(who, []), user, _("staff member"), who, errors) if who else None
            )
        fields = {
            "department": department,
            "name": data.get("name", "").strip(),
            "work_line": _choice(data, "work_line", "工作条线", WorkLine, errors),
            **holders,
        }
        if errors:
            raise ValidationError(errors)
        return (department.pk, fields["name"]), fields

    def find(self, key, ctx: dict):
        return ctx["posts"].get(key)

    def row_of(self, obj: Post) -> dict[str, str]:
        return {
            "department": obj.department.name,
            "name": obj.name,
            "work_line": _label(WorkLine, obj.work_line),
            "holder_a": obj.holder_a.name,
            "holder_b": obj.holder_b.name if obj.holder_b else "",
        }

    def save(self, *, user, obj, fields: dict):
        if obj is None:
            return services.post_create(**fields)
        return services.post_update(post=obj, **fields)

    def queryset(self, user):
        return Post.objects.visible_to(user).select_related("department", "holder_a", "holder_b")
