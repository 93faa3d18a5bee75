"""Factories for street staff, and the area factories the generated API scope test uses."""

import datetime
import itertools

from governance.models import (
    Absence,
    Area,
    Department,
    Evaluation,
    FrontlineInspection,
    LeadershipPortfolio,
    Post,
    StaffMember,
)
from governance.residents.choices import Gender
from governance.staff import services
from governance.staff.choices import StaffKind, WorkLine
from tests.factories import UserFactory, register_area_factory

_n = itertools.count(1)


def make_department(area: Area, *, name: str | None = None, leader=None) -> Department:
    return services.department_create(area=area, name=name or f"科室{next(_n)}", leader=leader)


def make_staff(
    area: Area,
    *,
    name: str | None = None,
    birth_date: datetime.date = datetime.date(1985, 3, 1),
    hired_on: datetime.date = datetime.date(2015, 1, 1),
    kind: str = StaffKind.CADRE,
    **fields,
) -> StaffMember:
    return services.staff_create(
        area=area,
        name=name or f"干部{next(_n)}",
        gender=fields.pop("gender", Gender.MALE),
        birth_date=birth_date,
        education=fields.pop("education", "bachelor"),
        political_status=fields.pop("political_status", "party_member"),
        kind=kind,
        position=fields.pop("position", "科员"),
        hired_on=hired_on,
        **fields,
    )


def make_post(department: Department, a: StaffMember, b: StaffMember | None = None, *, name=None) -> Post:
    return services.post_create(department=department, name=name or f"岗位{next(_n)}", holder_a=a, holder_b=b)


def community_of(stairwell: Area) -> Area:
    return stairwell.community


@register_area_factory(Department)
def _department(stairwell):
    return make_department(community_of(stairwell))


@register_area_factory(StaffMember)
def _staff(stairwell):
    return make_staff(community_of(stairwell))


@register_area_factory(LeadershipPortfolio)
def _portfolio(stairwell):
    community = community_of(stairwell)
    leader = make_staff(community, is_leadership=True)
    line = WorkLine.values[next(_n) % len(WorkLine.values)]
    LeadershipPortfolio.objects.filter(area=community, work_line=line).delete()
    return services.portfolio_assign(area=community, work_line=line, leader=leader)


@register_area_factory(Post)
def _post(stairwell):
    community = community_of(stairwell)
    return make_post(make_department(community), make_staff(community), make_staff(community))


@register_area_factory(Absence)
def _absence(stairwell):
    staff = make_staff(community_of(stairwell))
    return services.absence_create(
        staff=staff, kind="leave", starts_on=datetime.date(2026, 5, 1), ends_on=datetime.date(2026, 5, 3)
    )


@register_area_factory(Evaluation)
def _evaluation(stairwell):
    staff = make_staff(community_of(stairwell))
    return Evaluation.objects.create(
        area=staff.area, cadre=staff, year=2026, quarter=2, deadline=datetime.date(2026, 6, 20)
    )


@register_area_factory(FrontlineInspection)
def _inspection(stairwell):
    community = community_of(stairwell)
    return services.inspection_create(
        cadre=make_staff(community),
        area=community,
        inspector=UserFactory(),
        inspected_on=datetime.date(2026, 5, 5),
        findings="现场查看",
    )
