"""Property records for tests, made through the services; area factories for the API scope test."""

import datetime
import itertools
from decimal import Decimal

from governance.models import Area
from governance.territory.choices import AreaLevel
from property import services
from property.choices import ChecklistItem, CompanyKind, ServiceLevel
from property.models import (
    Complaint,
    Cooperative,
    CooperativeAgreement,
    CooperativeMember,
    FeeRecord,
    FeeSubsidy,
    Finding,
    Inspection,
    Placement,
    PropertyCompany,
    ServiceContract,
)
from tests.factories import register_area_factory

_n = itertools.count(1)
FULL_MARKS = dict.fromkeys(ChecklistItem.values, 20)


def up(area: Area, level: int) -> Area:
    return area.ancestor_at(level)


def make_company(area: Area, **fields) -> PropertyCompany:
    n = next(_n)
    return services.company_create(
        user=None,
        name=fields.pop("name", f"物业公司{n}"),
        credit_code=fields.pop("credit_code", f"91410100MA{n:08d}"),
        kind=fields.pop("kind", CompanyKind.OUTSOURCED),
        area=area,
        **fields,
    )


def make_contract(area: Area, company=None, **fields) -> ServiceContract:
    return services.contract_create(
        user=None,
        company=company or make_company(up(area, AreaLevel.COMMUNITY)),
        area=area,
        starts_on=fields.pop("starts_on", datetime.date(2017, 1, 1)),
        ends_on=fields.pop("ends_on", datetime.date(2030, 12, 31)),
        fee_standard=fields.pop("fee_standard", Decimal("1.20")),
        service_level=fields.pop("service_level", ServiceLevel.STANDARD),
    )


def make_cooperative(community: Area, **fields) -> Cooperative:
    return services.cooperative_create(
        user=None, name=fields.pop("name", f"合作社{next(_n)}"), area=community, **fields
    )


def make_fee(
    building: Area, period=datetime.date(2026, 10, 1), billed="1000.00", collected="900.00", correct=True
):
    """A building's month; by default it replaces the month if one is recorded (factories build up data)."""
    return services.fee_record_set(
        user=None,
        area=building,
        period=period,
        billed=Decimal(billed),
        collected=Decimal(collected),
        correct=correct,
    )


def make_inspection(area: Area, company, inspector, points=None, **fields) -> Inspection:
    return services.inspection_record(
        user=inspector,
        company=company,
        area=area,
        inspected_on=fields.pop("inspected_on", datetime.date(2026, 11, 2)),
        points=points or FULL_MARKS,
        **fields,
    )


def make_complaint(area: Area, company, user, **fields) -> Complaint:
    return services.complaint_create(
        user=user,
        company=company,
        area=area,
        content=fields.pop("content", "楼道垃圾三天没有清运"),
        received_on=fields.pop("received_on", datetime.date(2026, 11, 2)),
        **fields,
    )


def _inspector():
    from django.contrib.auth import get_user_model

    from tests.factories import UserFactory

    # Reuse the one inspector: hashing a password per record would make 200-row lists take minutes.
    existing = get_user_model().objects.filter(username="inspector").first()
    return existing or UserFactory(username="inspector", is_superuser=True)


@register_area_factory(PropertyCompany)
def _company(stairwell):
    return make_company(up(stairwell, AreaLevel.COMMUNITY))


@register_area_factory(ServiceContract)
def _contract(stairwell):
    return make_contract(up(stairwell, AreaLevel.BUILDING))


@register_area_factory(Cooperative)
def _cooperative(stairwell):
    return make_cooperative(up(stairwell, AreaLevel.COMMUNITY))


@register_area_factory(CooperativeMember)
def _member(stairwell):
    coop = make_cooperative(up(stairwell, AreaLevel.COMMUNITY))
    return services.cooperative_member_add(user=None, cooperative=coop, name="王大伯")


@register_area_factory(CooperativeAgreement)
def _agreement(stairwell):
    coop = make_cooperative(up(stairwell, AreaLevel.COMMUNITY))
    return services.agreement_create(
        user=None,
        cooperative=coop,
        title="物业费补贴协议",
        signed_on=datetime.date(2017, 3, 1),
        starts_on=datetime.date(2017, 3, 1),
    )


@register_area_factory(FeeRecord)
def _fee(stairwell):
    building = up(stairwell, AreaLevel.BUILDING)
    if not ServiceContract.objects.filter(area=building).exists():
        make_contract(building)
    return make_fee(building, period=datetime.date(2026, 1 + next(_n) % 12, 1))


@register_area_factory(FeeSubsidy)
def _subsidy(stairwell):
    community = up(stairwell, AreaLevel.COMMUNITY)
    return services.subsidy_create(
        user=None,
        cooperative=make_cooperative(community),
        company=make_company(community),
        area=community,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        amount=Decimal("5000.00"),
        paid_on=datetime.date(2026, 7, 1),
        reason="补贴困难户物业费",
    )


@register_area_factory(Inspection)
def _inspection(stairwell):
    building = up(stairwell, AreaLevel.BUILDING)
    return make_inspection(building, make_company(up(stairwell, AreaLevel.COMMUNITY)), _inspector())


@register_area_factory(Finding)
def _finding(stairwell):
    inspection = _inspection(stairwell)
    return services.finding_add(
        user=None,
        inspection=inspection,
        item=ChecklistItem.CLEANING,
        description="垃圾桶满溢",
        deadline=datetime.date(2026, 11, 9),
    )


@register_area_factory(Complaint)
def _complaint(stairwell):
    return make_complaint(stairwell, make_company(up(stairwell, AreaLevel.COMMUNITY)), _inspector())


@register_area_factory(Placement)
def _placement(stairwell):
    community = up(stairwell, AreaLevel.COMMUNITY)
    return services.placement_create(
        user=None,
        person_name="李师傅",
        area=community,
        position="保洁员",
        starts_on=datetime.date(2025, 3, 1),
        cooperative=make_cooperative(community),
    )
