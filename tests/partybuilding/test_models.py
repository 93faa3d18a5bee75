"""The rules the database itself holds: organisation levels, one open seat per person, action closing."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from partybuilding.choices import ActionStatus, OrgLevel, SeatKind, SupervisionRole
from partybuilding.models import CommitteeSeat, FollowUpAction, Meeting, PartyOrganisation, SupervisionPost
from tests.partybuilding.factories import (
    make_action,
    make_committee,
    make_meeting,
    make_member,
    make_unit,
    org_chain,
)


def _raises_integrity(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_org_level_must_match_its_area_level(territory):
    chain = org_chain(territory.grid_a)
    # A "community organisation" placed on a grid: the copy of the area's level gives it away.
    _raises_integrity(
        lambda: PartyOrganisation.objects.create(
            name="错层组织",
            level=OrgLevel.COMMUNITY_ORGANISATION,
            area=territory.grid_a,
            area_level=territory.grid_a.depth,
            parent=chain[OrgLevel.STREET_WORKING_COMMITTEE],
            parent_level=OrgLevel.STREET_WORKING_COMMITTEE,
        )
    )
    assert PartyOrganisation.objects.filter(name="错层组织").count() == 0


def test_org_level_exactly_one_below_parent(territory):
    chain = org_chain(territory.grid_a)
    # A grid branch hung directly under the street working committee skips a level.
    _raises_integrity(
        lambda: PartyOrganisation.objects.create(
            name="跳级支部",
            level=OrgLevel.GRID_BRANCH,
            area=territory.grid_b,
            area_level=territory.grid_b.depth,
            parent=chain[OrgLevel.STREET_WORKING_COMMITTEE],
            parent_level=OrgLevel.STREET_WORKING_COMMITTEE,
        )
    )
    # Only the district committee stands without a parent.
    _raises_integrity(
        lambda: PartyOrganisation.objects.create(
            name="无上级支部", level=OrgLevel.GRID_BRANCH, area=territory.grid_b, area_level=4
        )
    )
    assert PartyOrganisation.objects.filter(level=OrgLevel.GRID_BRANCH).count() == 1


def test_resident_unit_org_sits_outside_the_levels(territory):
    unit = make_unit(territory.community_a)
    _raises_integrity(
        lambda: PartyOrganisation.objects.create(
            name="单位党支部",
            level=OrgLevel.COMMUNITY_ORGANISATION,
            resident_unit=unit,
            area=unit.area,
            area_level=3,
        )
    )
    org = PartyOrganisation.objects.create(
        name="单位党支部", resident_unit=unit, area=unit.area, area_level=3
    )
    assert org.level is None


def test_one_open_seat_per_person_per_committee(territory):
    committee = make_committee(territory.stairwell_a)
    member = make_member(territory.stairwell_a)
    CommitteeSeat.objects.create(
        committee=committee, member=member, kind=SeatKind.STANDING, starts_on=datetime.date(2024, 1, 1)
    )
    _raises_integrity(
        lambda: CommitteeSeat.objects.create(
            committee=committee, member=member, kind=SeatKind.STANDING, starts_on=datetime.date(2025, 1, 1)
        )
    )
    assert CommitteeSeat.objects.filter(member=member).count() == 1


def test_part_time_seat_names_a_unit(territory):
    committee = make_committee(territory.stairwell_a)
    member = make_member(territory.stairwell_a)
    _raises_integrity(
        lambda: CommitteeSeat.objects.create(
            committee=committee, member=member, kind=SeatKind.PART_TIME, starts_on=datetime.date(2024, 1, 1)
        )
    )


def test_closed_action_needs_a_closing_note(territory, secretary_a):
    action = make_action(territory.stairwell_a, owner=secretary_a)
    _raises_integrity(
        lambda: FollowUpAction.objects.filter(pk=action.pk).update(
            status=ActionStatus.DONE, closed_at=timezone.now()
        )
    )
    _raises_integrity(lambda: FollowUpAction.objects.filter(pk=action.pk).update(progress=101))
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.OPEN, 0)


def test_supervision_role_matches_place(territory):
    member = make_member(territory.stairwell_a)
    _raises_integrity(
        lambda: SupervisionPost.objects.create(
            area=territory.stairwell_a, member=member, role=SupervisionRole.BUILDING_LEADER, area_level=6
        )
    )


def test_meeting_counts_are_per_listed_meeting(territory, street_staff):
    """Invited, present and decisions per meeting, as sub-selects: a page counts its own rows, not the scope's."""
    busy = make_meeting(
        territory.community_a,
        owner=street_staff,
        decisions=2,
        invitees=["张三", "李四", "王五"],
        absent=["王五"],
    )
    quiet = make_meeting(territory.community_b, invitees=[])
    counts = {
        m.pk: (m.invited_count, m.present_count, m.decision_count) for m in Meeting.objects.with_counts()
    }
    assert counts == {busy.pk: (3, 2, 2), quiet.pk: (0, 0, 0)}
    assert not Meeting.objects.with_counts().query.group_by
