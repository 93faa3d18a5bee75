"""Services: clear refusals that save nothing, transfers kept as history, seats, pledges, uploads."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partybuilding import selectors, services
from partybuilding.choices import ActionStatus, OrgLevel, PledgeKind, SeatKind
from partybuilding.models import (
    CommitteeSeat,
    Decision,
    FollowUpAction,
    Meeting,
    MeetingAttachment,
    MemberTransfer,
    PartyOrganisation,
)
from tests.factories import pdf_bytes
from tests.partybuilding.factories import (
    make_action,
    make_committee,
    make_member,
    make_pledge,
    make_unit,
    org_chain,
)


def test_organisation_levels_follow_the_territory(territory, street_admin):
    chain = org_chain(territory.grid_a)
    with pytest.raises(ValidationError) as err:
        services.organisation_create(
            user=street_admin,
            name="错层",
            area=territory.grid_b,
            level=OrgLevel.COMMUNITY_ORGANISATION,
            parent=chain[OrgLevel.STREET_WORKING_COMMITTEE],
        )
    assert err.value.message_dict == {"area": ["社区党组织应设在社区一级。"]}
    with pytest.raises(ValidationError) as err:
        services.organisation_create(
            user=street_admin,
            name="跳级",
            area=territory.grid_b,
            level=OrgLevel.GRID_BRANCH,
            parent=chain[OrgLevel.STREET_WORKING_COMMITTEE],
        )
    assert err.value.message_dict == {"parent": ["党组织的层级必须比上级组织低一级。"]}
    with pytest.raises(ValidationError) as err:
        services.organisation_create(
            user=street_admin,
            name="别人的",
            area=territory.grid_b,
            level=OrgLevel.GRID_BRANCH,
            parent=chain[OrgLevel.COMMUNITY_ORGANISATION],
        )
    assert err.value.message_dict == {"parent": ["上级组织的区域必须包含本组织的区域。"]}
    assert PartyOrganisation.objects.count() == 4


def test_secretary_cannot_create_outside_their_community(territory, secretary_b):
    chain = org_chain(territory.grid_a)
    with pytest.raises(ValidationError):
        services.member_create(user=secretary_b, name="越权", organisation=chain[OrgLevel.GRID_BRANCH])
    assert chain[OrgLevel.GRID_BRANCH].members.count() == 0


def test_transfer_moves_membership_and_keeps_history(territory, secretary_a, street_admin):
    member = make_member(territory.stairwell_a)
    target = org_chain(territory.grid_b)[OrgLevel.GRID_BRANCH]
    origin = member.organisation
    services.member_transfer(
        user=street_admin,
        member=member,
        to_organisation=target,
        transferred_on=datetime.date(2026, 3, 1),
        note="搬家",
    )
    member.refresh_from_db()
    assert (member.organisation, member.area) == (target, target.area)
    transfer = MemberTransfer.objects.get(member=member)
    assert (transfer.from_organisation, transfer.to_organisation) == (origin, target)
    with pytest.raises(ValidationError):
        services.member_transfer(
            user=street_admin, member=member, to_organisation=target, transferred_on=datetime.date(2026, 4, 1)
        )
    assert MemberTransfer.objects.filter(member=member).count() == 1


def test_seats_refuse_overlapping_terms_and_keep_history(territory, secretary_a):
    committee = make_committee(territory.stairwell_a)
    member = make_member(territory.stairwell_a)
    unit = make_unit(territory.community_a)
    seat = services.committee_seat_add(
        user=secretary_a,
        committee=committee,
        member=member,
        kind=SeatKind.PART_TIME,
        resident_unit=unit,
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
    )
    with pytest.raises(ValidationError) as err:
        services.committee_seat_add(
            user=secretary_a,
            committee=committee,
            member=member,
            kind=SeatKind.STANDING,
            starts_on=datetime.date(2023, 6, 1),
        )
    assert err.value.message_dict == {"member": ["此人在该任期内已在该委员会任职。"]}
    services.committee_seat_add(
        user=secretary_a,
        committee=committee,
        member=member,
        kind=SeatKind.STANDING,
        starts_on=datetime.date(2024, 1, 1),
    )
    current, past = selectors.committee_composition(committee, datetime.date(2026, 1, 1))
    assert [s.kind for s in current] == [SeatKind.STANDING]
    assert past == [seat]
    with pytest.raises(ValidationError) as err:
        services.committee_seat_add(
            user=secretary_a,
            committee=committee,
            member=make_member(territory.stairwell_a),
            kind=SeatKind.PART_TIME,
            starts_on=datetime.date(2024, 1, 1),
        )
    assert err.value.message_dict == {"resident_unit": ["兼职委员席位须注明所代表的驻区单位。"]}
    assert CommitteeSeat.objects.count() == 2


def test_meeting_log_records_everything_at_once(territory, secretary_a, grid_worker):
    held = timezone.now() - datetime.timedelta(hours=2)
    pdf = SimpleUploadedFile("签到表.pdf", pdf_bytes(), content_type="application/pdf")
    meeting = services.meeting_log(
        user=secretary_a,
        kind="joint_party_building",
        title="三方联席会",
        area=territory.community_a,
        held_at=held,
        topics=["public_security", "community_services"],
        invitees=["王书记", "李经理", "赵代表", "王书记"],
        absent=["赵代表"],
        minutes="议定两件事。",
        decisions=[
            {
                "text": "修缮3号楼门禁",
                "owner": grid_worker,
                "due_on": datetime.date.today() + datetime.timedelta(days=7),
            },
            {
                "text": "开设四点半课堂",
                "owner": secretary_a,
                "due_on": datetime.date.today() + datetime.timedelta(days=30),
            },
        ],
        attachments=[pdf],
    )
    assert [(i.name, i.is_present) for i in meeting.invitees.all()] == [
        ("王书记", True),
        ("李经理", True),
        ("赵代表", False),
    ]
    assert [d.text for d in meeting.decisions.all()] == ["修缮3号楼门禁", "开设四点半课堂"]
    assert FollowUpAction.objects.filter(decision__meeting=meeting, area=territory.community_a).count() == 2
    assert meeting.attachments.get().size == len(pdf_bytes())
    assert meeting.minutes_recorded_at is not None


def test_meeting_log_refuses_bad_input_and_saves_nothing(territory, secretary_a):
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as err:
        services.meeting_log(
            user=secretary_a,
            kind="deliberation",
            title="议事会",
            area=territory.community_a,
            held_at=timezone.now(),
            invitees=["甲"],
            decisions=[{"text": "决定", "owner": secretary_a, "due_on": datetime.date.today()}],
            attachments=[fake],
        )
    assert err.value.messages == ["文件内容与扩展名 .jpg 不符。"]
    with pytest.raises(ValidationError) as err:
        services.meeting_log(
            user=secretary_a,
            kind="deliberation",
            title="议事会",
            area=territory.community_a,
            held_at=timezone.now(),
            invitees=["甲"],
            absent=["乙"],
        )
    assert err.value.message_dict == {"absent": ["乙 不在应到人员名单中。"]}
    with pytest.raises(ValidationError) as err:
        services.meeting_log(
            user=secretary_a,
            kind="deliberation",
            title="议事会",
            area=territory.community_b,
            held_at=timezone.now(),
        )
    assert err.value.message_dict == {"area": ["该地点不在您负责的范围内。"]}
    assert (Meeting.objects.count(), Decision.objects.count(), MeetingAttachment.objects.count()) == (0, 0, 0)


def test_action_state_machine(territory, secretary_a):
    action = make_action(territory.stairwell_a, owner=secretary_a)
    services.action_move(user=secretary_a, action=action, move="progress", progress=40, note="已联系施工方")
    with pytest.raises(ValidationError) as err:
        services.action_move(user=secretary_a, action=action, move="close", note="")
    assert err.value.message_dict == {"closing_note": ["办结前请说明落实情况。"]}
    action = services.action_move(user=secretary_a, action=action, move="close", note="门禁已修好")
    assert (action.status, action.progress, action.closed_by) == (ActionStatus.DONE, 100, secretary_a)
    with pytest.raises(ValidationError) as err:
        services.action_move(user=secretary_a, action=action, move="progress", progress=50)
    assert err.value.messages == ["该事项当前为“已办结”，不能进行此操作。"]
    assert [h.history_user for h in action.history.all()[:2]] == [secretary_a, secretary_a]


def test_pledge_fulfilment_per_unit_kind_and_place(territory, secretary_a):
    unit = make_unit(territory.community_a, name="市供电公司")
    funds = make_pledge(territory.stairwell_a, resident_unit=unit, quantity=Decimal("10000"))
    venue = make_pledge(
        territory.stairwell_a,
        resident_unit=unit,
        kind=PledgeKind.VENUE,
        quantity=Decimal("2"),
        unit="场",
        description="借用会议室",
    )
    services.pledge_deliver(
        user=secretary_a, pledge=funds, delivered_on=datetime.date(2026, 5, 1), quantity=Decimal("2500")
    )
    services.pledge_deliver(
        user=secretary_a, pledge=funds, delivered_on=datetime.date(2026, 6, 1), quantity=Decimal("2500")
    )
    services.pledge_deliver(
        user=secretary_a, pledge=venue, delivered_on=datetime.date(2026, 6, 1), quantity=Decimal("3")
    )
    funds.refresh_from_db()
    assert funds.delivered == Decimal("5000.00")
    rates = selectors.fulfilment_rates(funds.__class__.objects.all())
    # funds 50 %, venue over-delivered but capped at 100 %: the unit's mean is 75 %.
    assert rates["unit"] == [("市供电公司", Decimal("75.0"), 2)]
    assert rates["kind"] == sorted([("资金", Decimal("50.0"), 1), ("阵地", Decimal("100.0"), 1)])
    assert rates["area"] == [("梁家屯社区", Decimal("75.0"), 2)]
    with pytest.raises(ValidationError):
        services.pledge_deliver(
            user=secretary_a, pledge=funds, delivered_on=datetime.date(2026, 6, 1), quantity=Decimal("0")
        )


def test_uncovered_places(territory, secretary_a):
    from partybuilding.models import SupervisionPost

    uncovered = selectors.uncovered_places(secretary_a)
    assert (uncovered["buildings"], uncovered["stairwells"]) == (
        [territory.building_a],
        [territory.stairwell_a],
    )
    member = make_member(territory.stairwell_a)
    services.supervision_assign(user=secretary_a, area=territory.stairwell_a, member=member)
    uncovered = selectors.uncovered_places(secretary_a)
    assert (uncovered["buildings"], uncovered["stairwells"]) == ([territory.building_a], [])
    with pytest.raises(ValidationError):
        services.supervision_assign(user=secretary_a, area=territory.stairwell_b, member=member)
    assert SupervisionPost.objects.count() == 1


def test_invitees_typed_by_name_are_linked_when_the_name_is_unique(territory, secretary_a, grid_worker):
    grid_worker.first_name = "刘网格员"
    grid_worker.save(update_fields=["first_name"])
    member = make_member(territory.stairwell_a, name="王党员")
    make_member(territory.stairwell_a, name="重名")
    make_member(territory.stairwell_a, name="重名")
    meeting = services.meeting_log(
        user=secretary_a,
        kind="deliberation",
        title="协商议事会",
        area=territory.community_a,
        held_at=timezone.now(),
        invitees=["刘网格员", "王党员", "重名", "外来嘉宾"],
    )
    links = [(i.name, i.user, i.party_member) for i in meeting.invitees.all()]
    assert links == [
        ("刘网格员", grid_worker, None),
        ("王党员", None, member),
        ("重名", None, None),
        ("外来嘉宾", None, None),
    ]
