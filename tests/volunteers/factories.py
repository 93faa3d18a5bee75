"""Factories for the services app; each API-exposed model registers an area factory for the scope walk."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model

from tests.factories import register_area_factory
from volunteers import services
from volunteers.choices import Channel, DonationKind, ProviderKind, Urgency
from volunteers.models import (
    Adoption,
    CareLog,
    Donation,
    GardenPlot,
    GardenProject,
    Need,
    NeedDeadline,
    ServiceCategory,
    ServiceContact,
    ServiceItem,
    ServiceRecord,
    Volunteer,
    VolunteerTeam,
)

_n = itertools.count(1)
DEADLINES = {"emergency": (2, 24), "utilities": (24, 24), "general": (168, 168), "complex": (360, 360)}


def ensure_reference_data() -> None:
    """The rows the data migration seeds (a transactional test's flush removes them)."""
    for urgency, (respond, resolve) in DEADLINES.items():
        NeedDeadline.objects.get_or_create(
            urgency=urgency, defaults={"respond_hours": respond, "resolve_hours": resolve}
        )
    for order, name in enumerate(["四点半课堂", "居家养老", "助残", "法律援助", "医疗健康", "维修服务"]):
        ServiceCategory.objects.get_or_create(name=name, defaults={"order": order})


def category(name="居家养老") -> ServiceCategory:
    ensure_reference_data()
    return ServiceCategory.objects.get(name=name)


def recorder():
    user, _ = get_user_model().objects.get_or_create(
        username="need-recorder", defaults={"is_superuser": True}
    )
    return user


def make_need(area, *, user=None, urgency=Urgency.GENERAL, cat=None, submitted_at=None, **fields) -> Need:
    return services.need_create(
        user=user or recorder(),
        area=area,
        category=cat or category(),
        requester_name=fields.pop("requester_name", f"居民{next(_n)}"),
        description=fields.pop("description", "需要上门探访"),
        urgency=urgency,
        channel=fields.pop("channel", Channel.GRID_WORKER),
        submitted_at=submitted_at,
        **fields,
    )


def make_team(area, name=None) -> VolunteerTeam:
    return VolunteerTeam.objects.create(name=name or f"志愿队{next(_n)}", area=area)


def make_volunteer(area, *, skills=(), team=None, max_open_needs=3, name=None, **fields) -> Volunteer:
    vol = Volunteer.objects.create(
        name=name or f"志愿者{next(_n)}", area=area, team=team, max_open_needs=max_open_needs, **fields
    )
    vol.skills.set(skills)
    return vol


def make_item(area, *, cat=None, capacity=10, served=(), name=None, team=None) -> ServiceItem:
    item = ServiceItem.objects.create(
        name=name or f"服务{next(_n)}",
        category=cat or category(),
        area=area,
        provider_kind=ProviderKind.TEAM if team else ProviderKind.DEPARTMENT,
        team=team,
        provider_name="" if team else "街道民政科",
        capacity=capacity,
    )
    item.areas_served.set(served)
    return item


def make_record(volunteer, *, hours="2.0", served_on=None, user=None) -> ServiceRecord:
    return services.servicerecord_report(
        user=user or recorder(),
        volunteer=volunteer,
        served_on=served_on or datetime.date(2026, 11, 1),
        hours=Decimal(hours),
        served_name="王大爷",
    )


def make_garden(area) -> GardenProject:
    return GardenProject.objects.create(name=f"党建小花园{next(_n)}", area=area)


def make_adoption(
    project, *, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31), code=None
):
    plot = GardenPlot.objects.create(project=project, code=code or f"{next(_n):02d}号")
    return Adoption.objects.create(plot=plot, adopter_name="张阿姨", starts_on=starts_on, ends_on=ends_on)


def _community(stairwell):
    return stairwell.parent.parent.parent


@register_area_factory(Need)
def _need(stairwell):
    return make_need(stairwell)


@register_area_factory(ServiceContact)
def _contact(stairwell):
    return ServiceContact.objects.create(
        area=_community(stairwell), label="社区办公室", phone="0371-66881234"
    )


@register_area_factory(ServiceItem)
def _item(stairwell):
    return make_item(_community(stairwell))


@register_area_factory(VolunteerTeam)
def _team(stairwell):
    return make_team(_community(stairwell))


@register_area_factory(Volunteer)
def _volunteer(stairwell):
    return make_volunteer(stairwell.parent.parent)


@register_area_factory(ServiceRecord)
def _record(stairwell):
    return make_record(make_volunteer(stairwell.parent.parent))


@register_area_factory(GardenProject)
def _garden(stairwell):
    return make_garden(_community(stairwell))


@register_area_factory(Donation)
def _donation(stairwell):
    return Donation.objects.create(
        project=make_garden(_community(stairwell)),
        donor_name="合作社",
        kind=DonationKind.MONEY,
        amount=Decimal("100.00"),
        received_on=datetime.date(2026, 3, 1),
    )


@register_area_factory(Adoption)
def _adoption(stairwell):
    return make_adoption(make_garden(_community(stairwell)))


@register_area_factory(CareLog)
def _carelog(stairwell):
    adoption = make_adoption(make_garden(_community(stairwell)))
    return CareLog.objects.create(adoption=adoption, cared_on=datetime.date(2026, 3, 1))


AREA_DONATION = _donation
AREA_CARELOG = _carelog
