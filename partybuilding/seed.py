"""Demo data for party building on the demo street (idempotent: a second run finds it and stops)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from governance.lib.registry import demo_seeder
from governance.residents.seed import GIVEN, SURNAMES
from governance.territory.choices import AreaLevel
from partybuilding import services
from partybuilding.choices import (
    FileEntryKind,
    MeetingKind,
    MeetingTopic,
    OrgLevel,
    PledgeKind,
    SeatKind,
    UnitKind,
)
from partybuilding.models import PartyOrganisation

UNITS = [
    # name, kind, community (None = the street), admin level, headcount, party members, influence
    ("市供电公司城东分公司", UnitKind.SOE_OR_INSTITUTION, None, "市级", 420, 96, 5),
    ("新城区人民法院", UnitKind.PARTY_GOVERNMENT_ORGAN, None, "区级", 160, 88, 5),
    ("梁家屯小学", UnitKind.SOE_OR_INSTITUTION, "梁家屯社区", "区级", 85, 31, 4),
    ("区妇联", UnitKind.MASS_ORGANISATION, "西岗社区", "区级", 24, 15, 3),
    ("鑫源物流有限公司", UnitKind.NON_PUBLIC_ENTERPRISE, "东湖回迁社区", "", 210, 12, 3),
    ("东湖农业合作社", UnitKind.NON_PUBLIC_ENTERPRISE, "东湖回迁社区", "", 65, 9, 4),
    ("阳光社工服务中心", UnitKind.SOCIAL_ORGANISATION, "南苑社区", "", 18, 6, 2),
    ("市第三人民医院", UnitKind.SOE_OR_INSTITUTION, "南苑社区", "市级", 900, 240, 5),
]
PLEDGES = {
    PledgeKind.FUNDS: ("共建资金", Decimal("50000"), "元"),
    PledgeKind.VENUE: ("开放会议室和活动场地", Decimal("12"), "次"),
    PledgeKind.TALENT: ("派出志愿者参与社区服务", Decimal("30"), "人次"),
    PledgeKind.TECHNOLOGY: ("为社区维护网格化信息系统", Decimal("4"), "次"),
    PledgeKind.POLICY: ("宣讲就业和社保政策", Decimal("6"), "场"),
}
DECISIONS = [
    ("修缮楼道照明和单元门禁", "维修单元门禁"),
    ("开设四点半课堂，招募志愿者", "招募四点半课堂志愿者"),
    ("清理楼道堆放杂物", "清理楼道杂物"),
    ("联系物业公司整改电梯故障", "督促物业整改电梯"),
    ("走访独居老人并建立台账", "走访独居老人"),
    ("组织党员认养党建小花园花池", "落实花池认养"),
]


def _name(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else "")


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@demo_seeder("partybuilding", order=20)
def seed_party(ctx: dict) -> None:
    street, district, rng = ctx["street"], ctx["district"], ctx["rng"]
    if PartyOrganisation.objects.filter(area=street).exists():
        return
    users = ctx["users"]
    today = timezone.localdate()
    district_org = services.organisation_create(
        user=None, name="新城区委", area=district, level=OrgLevel.DISTRICT_COMMITTEE, secretary_name="周书记"
    )
    street_org = services.organisation_create(
        user=None,
        name="梁家屯路街道党工委",
        area=street,
        level=OrgLevel.STREET_WORKING_COMMITTEE,
        parent=district_org,
        secretary_name="李街道",
    )
    community_orgs, branches, members_by_community = {}, {}, {}
    for name, community in ctx["communities"].items():
        community_orgs[name] = services.organisation_create(
            user=None,
            name=f"{name}党委",
            area=community,
            level=OrgLevel.COMMUNITY_ORGANISATION,
            parent=street_org,
        )
        members_by_community[name] = []
    for (community_name, grid_name), grid in ctx["grids"].items():
        branch = services.organisation_create(
            user=None,
            name=f"{community_name}{grid_name}党支部",
            area=grid,
            level=OrgLevel.GRID_BRANCH,
            parent=community_orgs[community_name],
        )
        branches[(community_name, grid_name)] = branch
        for _ in range(rng.randint(5, 8)):
            member = services.member_create(
                user=None,
                name=_name(rng),
                organisation=branch,
                joined_on=datetime.date(rng.randint(1975, 2022), rng.randint(1, 12), rng.randint(1, 28)),
                status="probationary" if rng.random() < 0.08 else "active",
            )
            members_by_community[community_name].append(member)

    admin = users["street_admin"]
    # Two transfers and a few file entries, so the history has something to show.
    ljt = members_by_community["梁家屯社区"]
    xg_branch = branches[("西岗社区", "第一网格")]
    for member in ljt[:2]:
        services.member_transfer(
            user=admin,
            member=member,
            to_organisation=xg_branch,
            transferred_on=today - datetime.timedelta(days=rng.randint(20, 200)),
            note="随居住地变动转接组织关系",
        )
    for member, kind, text in [
        (ljt[3], FileEntryKind.AWARD, "疫情防控期间连续值守卡口，获评街道优秀共产党员"),
        (ljt[4], FileEntryKind.NOTE, "主动认领3号楼单元党员，每月走访"),
        (ljt[5], FileEntryKind.WARNING, "连续三个月未参加组织生活，已谈话提醒"),
    ]:
        services.member_file_add(
            user=admin, member=member, kind=kind, recorded_on=today - datetime.timedelta(days=30), text=text
        )

    units = []
    for name, kind, community_name, level, headcount, party_members, influence in UNITS:
        area = ctx["communities"][community_name] if community_name else street
        unit = services.resident_unit_create(
            user=None,
            area=area,
            name=name,
            kind=kind,
            admin_level=level,
            headcount=headcount,
            party_member_count=party_members,
            influence=influence,
            contact_name=_name(rng),
            contact_phone=f"0371-6{rng.randint(1000000, 9999999)}",
        )
        org = services.organisation_create(user=None, name=f"{name}党支部", area=area, resident_unit=unit)
        head = services.member_create(
            user=None, name=_name(rng), organisation=org, joined_on=datetime.date(2001, 7, 1)
        )
        units.append((unit, head))

    # Joint committees: the street's big working committee and each community's big party committee.
    term_start = datetime.date(today.year - 1, 1, 1)
    street_committee = services.committee_create(
        user=None, organisation=street_org, name="梁家屯路街道大工委"
    )
    for member in [members_by_community[n][0] for n in ctx["communities"]][:3]:
        services.committee_seat_add(
            user=None,
            committee=street_committee,
            member=member,
            kind=SeatKind.STANDING,
            starts_on=term_start,
            title="委员",
        )
    for unit, head in units[:2]:
        services.committee_seat_add(
            user=None,
            committee=street_committee,
            member=head,
            kind=SeatKind.PART_TIME,
            resident_unit=unit,
            starts_on=term_start,
            title="兼职委员",
        )
    committees = {}
    for name, org in community_orgs.items():
        committee = services.committee_create(user=None, organisation=org, name=f"{name}大党委")
        committees[name] = committee
        pool = members_by_community[name]
        # A previous term's member, to show the history.
        services.committee_seat_add(
            user=None,
            committee=committee,
            member=pool[-1],
            kind=SeatKind.STANDING,
            starts_on=datetime.date(today.year - 4, 1, 1),
            ends_on=term_start - datetime.timedelta(days=1),
        )
        for member in pool[1:4]:
            services.committee_seat_add(
                user=None, committee=committee, member=member, kind=SeatKind.STANDING, starts_on=term_start
            )
        for unit, head in units:
            if unit.area_id == org.area_id:
                services.committee_seat_add(
                    user=None,
                    committee=committee,
                    member=head,
                    kind=SeatKind.PART_TIME,
                    resident_unit=unit,
                    starts_on=term_start,
                    title="兼职委员",
                )

    # Meetings: past ones (some without minutes), decisions with actions (open, overdue, done) and one ahead.
    secretaries = {"梁家屯社区": users["secretary_ljt"], "西岗社区": users["secretary_xg"]}
    kinds = list(MeetingKind)
    for index, (name, community) in enumerate(ctx["communities"].items()):
        secretary = secretaries.get(name, users["street_staff"])
        owners = [secretary, users["grid_ljt1"]] if name == "梁家屯社区" else [secretary]
        for m in range(4):
            held = today - datetime.timedelta(days=10 + m * 21 + index)
            kind = kinds[(m + index) % len(kinds)]
            picked = rng.sample(DECISIONS, 2)
            invitees = [_name(rng) for _ in range(rng.randint(6, 10))]
            meeting = services.meeting_log(
                user=secretary,
                kind=kind,
                title=f"{name}{held:%m月%d日}{kind.label}",
                area=community,
                committee=committees[name] if kind == MeetingKind.JOINT_COMMITTEE else None,
                held_at=_at(held, 15),
                venue=f"{name}党群服务中心二楼会议室",
                agenda="一、通报上次会议事项办理情况\n二、议定本月重点工作",
                topics=rng.sample(MeetingTopic.values, 2),
                invitees=invitees,
                absent=invitees[: rng.randint(0, 2)],
                minutes="" if m == 0 else "会议听取了上次决定事项的办理情况，议定事项如下。",
                decisions=[
                    {
                        "text": text,
                        "action": action,
                        "owner": owners[i % len(owners)],
                        "due_on": held + datetime.timedelta(days=rng.choice((7, 14, 30))),
                    }
                    for i, (text, action) in enumerate(picked)
                ],
            )
            if m >= 2:
                for act in [d.actions.get() for d in meeting.decisions.all()][:1]:
                    services.action_move(
                        user=secretary, action=act, move="close", note="已按期办结，居民满意"
                    )
            elif m == 1:
                act = meeting.decisions.first().actions.get()
                services.action_move(
                    user=secretary, action=act, move="progress", progress=60, note="已联系施工单位"
                )
        services.meeting_log(
            user=secretary,
            kind=MeetingKind.JOINT_PARTY_BUILDING,
            title=f"{name}季度党建联席会",
            area=community,
            held_at=_at(today + datetime.timedelta(days=5), 9),
            venue=f"{name}党群服务中心",
            topics=[MeetingTopic.PARTY_BUILDING, MeetingTopic.COMMUNITY_SERVICES],
            # Invitees with a portal account are linked by name, so the meeting reminder reaches them.
            invitees=[secretary.first_name, *(u.first_name for u in owners[1:]), "驻区单位代表", "居民代表"],
        )

    # Pledges and what arrived.
    for unit, _head in units:
        for kind in rng.sample(list(PLEDGES), 2):
            description, quantity, unit_label = PLEDGES[kind]
            pledge = services.pledge_create(
                user=None,
                resident_unit=unit,
                area=unit.area if unit.area.depth == AreaLevel.COMMUNITY else street,
                kind=kind,
                description=description,
                quantity=quantity,
                unit=unit_label,
                due_on=datetime.date(today.year, 12, 31),
            )
            share = rng.choice((Decimal("0"), Decimal("0.3"), Decimal("0.6"), Decimal("1")))
            if share:
                services.pledge_deliver(
                    user=admin,
                    pledge=pledge,
                    delivered_on=today - datetime.timedelta(days=rng.randint(5, 120)),
                    quantity=(quantity * share).quantize(Decimal("1")),
                    note="已到位",
                )

    # The supervision network: most buildings and stairwells covered, a few left for the "nobody" page.
    by_grid = {}
    for stairwell in ctx["stairwells"]:
        by_grid.setdefault(stairwell.parent.parent_id, []).append(stairwell)
    grid_members = {b.area_id: list(b.members.all()) for b in branches.values()}
    for grid_id, stairwells in by_grid.items():
        pool = grid_members[grid_id]
        buildings = {s.parent_id: s.parent for s in stairwells}
        for j, building in enumerate(buildings.values()):
            if rng.random() < 0.85:
                services.supervision_assign(user=None, area=building, member=pool[j % len(pool)])
        for j, stairwell in enumerate(stairwells):
            if rng.random() < 0.8:
                services.supervision_assign(user=None, area=stairwell, member=pool[(j + 1) % len(pool)])

    # Check-ins: party members living elsewhere and agencies that serve a community.
    for name, community in ctx["communities"].items():
        for member in members_by_community[name][4:6]:
            services.checkin_create(
                user=None, area=community, party_member=member, starts_on=datetime.date(today.year, 1, 10)
            )
    for unit, _head in units[:4]:
        community = unit.area if unit.area.depth == AreaLevel.COMMUNITY else ctx["communities"]["梁家屯社区"]
        services.checkin_create(
            user=None, area=community, resident_unit=unit, starts_on=datetime.date(today.year, 3, 1)
        )


def _sign_in_sheet(meeting):
    """The meeting's sign-in sheet as a Word document (who was invited, who came), as offices keep it."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    document = Document()
    document.add_heading(f"{meeting.title} 签到表", level=1)
    document.add_paragraph(f"时间：{timezone.localtime(meeting.held_at):%Y年%m月%d日 %H:%M}")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("序号", "姓名", "签到"), strict=True):
        cell.text = text
    for n, invitee in enumerate(meeting.invitees.order_by("pk"), start=1):
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = str(n), invitee.name, "已到" if invitee.is_present else ""
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(
        "签到表.docx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@demo_seeder("party-attachments", order=21)
def seed_meeting_attachments(ctx: dict) -> None:
    """The sign-in sheet kept with each of the five latest meetings that have minutes."""
    from partybuilding.models import Meeting, MeetingAttachment

    street = ctx["street"]
    if MeetingAttachment.objects.filter(meeting__area__path__startswith=street.path).exists():
        return
    meetings = (
        Meeting.objects.filter(area__path__startswith=street.path, minutes_recorded_at__isnull=False)
        .prefetch_related("invitees")
        .order_by("-held_at")[:5]
    )
    for meeting in meetings:
        services.attachment_add(
            user=ctx["users"]["street_staff"], meeting=meeting, upload=_sign_in_sheet(meeting)
        )
