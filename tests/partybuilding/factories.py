"""Party-building records for tests, built through the services so that every rule applies."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from governance.models import Area
from partybuilding import services
from partybuilding.choices import MeetingKind, OrgLevel, PledgeKind, SeatKind, UnitKind
from partybuilding.models import (
    CommitteeSeat,
    CommunityCheckIn,
    FollowUpAction,
    JointCommittee,
    Meeting,
    PartyMember,
    PartyOrganisation,
    Pledge,
    ResidentUnit,
    SupervisionPost,
)
from tests.factories import register_area_factory

_n = itertools.count(1)


def org_chain(area: Area) -> dict[int, PartyOrganisation]:
    """The four levelled organisations above (and at) `area`'s grid, reused when they exist."""
    chain, parent = {}, None
    for level in OrgLevel:
        node = area.ancestor_at(level)
        org = PartyOrganisation.objects.filter(
            area=node, level=level
        ).first() or services.organisation_create(
            user=None, name=f"{node.name}{level.label}", area=node, level=level, parent=parent
        )
        chain[level] = parent = org
    return chain


def make_unit(area: Area, **fields) -> ResidentUnit:
    return services.resident_unit_create(
        user=None,
        area=area.community or area,
        name=fields.pop("name", f"驻区单位{next(_n)}"),
        kind=fields.pop("kind", UnitKind.SOE_OR_INSTITUTION),
        **fields,
    )


def make_member(area: Area, level: int = OrgLevel.GRID_BRANCH, **fields) -> PartyMember:
    org = org_chain(area)[level]
    return services.member_create(
        user=None,
        name=fields.pop("name", f"党员{next(_n)}"),
        organisation=org,
        joined_on=fields.pop("joined_on", datetime.date(2010, 7, 1)),
        **fields,
    )


def make_committee(area: Area) -> JointCommittee:
    org = org_chain(area)[OrgLevel.COMMUNITY_ORGANISATION]
    return JointCommittee.objects.filter(area=org.area).first() or services.committee_create(
        user=None, organisation=org, name=f"{org.area.name}大党委"
    )


def make_seat(area: Area, **fields) -> CommitteeSeat:
    kind = fields.pop("kind", SeatKind.STANDING)
    return services.committee_seat_add(
        user=None,
        committee=fields.pop("committee", None) or make_committee(area),
        member=fields.pop("member", None) or make_member(area),
        kind=kind,
        resident_unit=fields.pop("resident_unit", None)
        or (make_unit(area) if kind == SeatKind.PART_TIME else None),
        starts_on=fields.pop("starts_on", datetime.date(2024, 1, 1)),
        **fields,
    )


def make_meeting(area: Area, *, owner=None, decisions=0, **fields) -> Meeting:
    community = area.community or area
    held_at = fields.pop("held_at", timezone.now() - datetime.timedelta(days=1))
    return services.meeting_log(
        user=None,
        kind=fields.pop("kind", MeetingKind.JOINT_PARTY_BUILDING),
        title=fields.pop("title", f"联席会{next(_n)}"),
        area=fields.pop("at", community),
        held_at=held_at,
        invitees=fields.pop("invitees", ["张三", "李四"]),
        decisions=[
            {
                "text": f"决定{i}",
                "owner": owner,
                "due_on": timezone.localdate(held_at) + datetime.timedelta(days=10),
            }
            for i in range(1, decisions + 1)
        ],
        **fields,
    )


def make_action(area: Area, owner=None, **fields) -> FollowUpAction:
    from tests.factories import UserFactory

    owner = owner or UserFactory()
    meeting = make_meeting(area, owner=owner, decisions=1, **fields)
    return FollowUpAction.objects.get(decision__meeting=meeting)


def make_pledge(area: Area, **fields) -> Pledge:
    community = area.community or area
    return services.pledge_create(
        user=None,
        resident_unit=fields.pop("resident_unit", None) or make_unit(area),
        area=fields.pop("to", community),
        kind=fields.pop("kind", PledgeKind.FUNDS),
        description=fields.pop("description", "共建资金"),
        quantity=fields.pop("quantity", Decimal("10000")),
        unit=fields.pop("unit", "元"),
        due_on=fields.pop("due_on", datetime.date(2026, 12, 31)),
    )


def make_post(area: Area) -> SupervisionPost:
    return services.supervision_assign(user=None, area=area, member=make_member(area))


def make_checkin(area: Area) -> CommunityCheckIn:
    return services.checkin_create(
        user=None,
        area=area.community,
        party_member=make_member(area),
        starts_on=datetime.date(2026, 1, 1),
    )


register_area_factory(ResidentUnit)(make_unit)
register_area_factory(PartyOrganisation)(lambda area: org_chain(area)[OrgLevel.GRID_BRANCH])
register_area_factory(PartyMember)(make_member)
register_area_factory(JointCommittee)(make_committee)
register_area_factory(CommitteeSeat)(make_seat)
register_area_factory(Meeting)(make_meeting)
register_area_factory(FollowUpAction)(make_action)
register_area_factory(Pledge)(make_pledge)
register_area_factory(SupervisionPost)(make_post)
register_area_factory(CommunityCheckIn)(make_checkin)
