"""Demo data: the Service List, a year of needs, the Home Service team's 2,000+ person-times, the garden."""

import datetime
import random
from decimal import Decimal
from importlib import import_module

from django.apps import apps
from django.utils import timezone

from governance.lib.registry import demo_seeder
from partybuilding.models import CommunityCheckIn
from volunteers import services
from volunteers.choices import Channel, DonationKind, Outcome, ProviderKind, RecordStatus, Urgency
from volunteers.models import (
    Adoption,
    CareLog,
    GardenPlot,
    GardenProject,
    ServiceCategory,
    ServiceItem,
    ServiceRecord,
    Volunteer,
    VolunteerTeam,
)

TEAMS = [
    ("梁家屯社区", "家服务志愿队", "四点半课堂、居家养老、助残，梁家屯社区的“家服务”品牌。"),
    ("西岗社区", "西岗助老队", "上门探访独居老人。"),
    ("东湖回迁社区", "东湖红马甲", "回迁小区环境整治与维修。"),
    ("南苑社区", "南苑助残服务队", "残疾人康复陪护与代办。"),
]
ITEMS = [
    # community, name, category, team index or None, provider name, schedule, capacity
    ("梁家屯社区", "四点半课堂", "四点半课堂", 0, "", "周一至周五 16:30–18:00", 30),
    ("梁家屯社区", "居家养老上门服务", "居家养老", 0, "", "每周二、四上午", 12),
    ("梁家屯社区", "助残陪护", "助残", 0, "", "预约", 6),
    ("西岗社区", "独居老人探访", "居家养老", 1, "", "每周三", 10),
    ("东湖回迁社区", "小家电维修", "维修服务", 2, "", "每月第一个周六", 15),
    ("南苑社区", "康复陪护", "助残", 3, "", "预约", 8),
    (None, "法律咨询", "法律援助", None, "街道司法所", "每周五下午", 20),
    (None, "义诊与健康讲座", "医疗健康", None, "社区卫生服务中心", "每月15日", 40),
]
DESCRIPTIONS = {
    "四点半课堂": "孩子放学后无人照看，希望参加四点半课堂",
    "居家养老": "独居老人需要定期上门探访、代买药品",
    "助残": "残疾人出行需要陪护去医院复查",
    "法律援助": "劳动合同纠纷，想咨询法律意见",
    "医疗健康": "老人血压偏高，希望有医生上门测量",
    "维修服务": "楼道灯坏了，晚上出入不便",
    "环境卫生": "单元门口堆放杂物，影响通行",
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚华"


def _name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else "")


def _at(day: datetime.date, hour: int):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _link_checked_in_members(volunteers, user) -> None:
    """Each party member checked in to a community is one of its volunteers, so the feedback report the
    community sends back has service to show (the first volunteers of each community, in a fixed order)."""
    free = {}
    for vol in volunteers:
        community = vol.area.parent if vol.area.parent_id else vol.area
        free.setdefault(community.pk, []).append(vol)
    check_ins = CommunityCheckIn.objects.filter(party_member__isnull=False).select_related("party_member")
    for check_in in check_ins.order_by("pk"):
        candidates = free.get(check_in.area_id) or []
        if candidates:
            services.volunteer_link_party_member(
                user=user, volunteer=candidates.pop(0), party_member=check_in.party_member
            )


def _reference_rows() -> None:
    """Put back the deadlines and categories the data migration writes, if a flush (a test) removed them."""
    import_module("volunteers.migrations.0002_seed_deadlines_and_categories").seed(apps, None)


@demo_seeder("volunteers", order=60)
def seed_volunteers(ctx: dict) -> None:
    street = ctx["street"]
    if VolunteerTeam.objects.filter(area__path__startswith=street.path).exists():
        return
    rng = ctx["rng"]
    users = ctx["users"]
    staff = users["street_staff"]
    _reference_rows()
    categories = {c.name: c for c in ServiceCategory.objects.all()}
    today = timezone.localdate()

    teams = []
    for community, name, description in TEAMS:
        teams.append(
            VolunteerTeam.objects.create(
                name=name, area=ctx["communities"][community], description=description
            )
        )
    volunteers = []
    team_skills = [
        ["四点半课堂", "居家养老", "助残"],
        ["居家养老", "医疗健康"],
        ["维修服务", "环境卫生"],
        ["助残", "居家养老"],
    ]
    grids_by_community = {}
    for (community, _grid), area in ctx["grids"].items():
        grids_by_community.setdefault(community, []).append(area)
    for t, team in enumerate(teams):
        community = TEAMS[t][0]
        for _i in range(12):
            vol = Volunteer.objects.create(
                name=_name(rng),
                area=rng.choice(grids_by_community[community]),
                team=team,
                availability=rng.choice(["工作日下午", "周末全天", "每周二、四上午", "晚上"]),
                max_open_needs=rng.choice([2, 3, 4]),
            )
            vol.skills.set([categories[n] for n in rng.sample(team_skills[t], k=min(2, len(team_skills[t])))])
            volunteers.append(vol)

    items = []
    for community, name, category, team_index, provider_name, schedule, capacity in ITEMS:
        item = ServiceItem.objects.create(
            name=name,
            category=categories[category],
            area=ctx["communities"][community] if community else street,
            provider_kind=ProviderKind.TEAM if team_index is not None else ProviderKind.DEPARTMENT,
            team=teams[team_index] if team_index is not None else None,
            provider_name=provider_name,
            schedule=schedule,
            capacity=capacity,
            description=f"{name}：由{provider_name or teams[team_index].name}提供。",
            is_published=True,
        )
        items.append(item)

    # A year of needs, recorded by grid workers and answered by secretaries, in every state.
    secretaries = {"梁家屯社区": users.get("secretary_ljt"), "西岗社区": users.get("secretary_xg")}
    for _n in range(160):
        community, grid_name = rng.choice(list(ctx["grids"]))
        day = today - datetime.timedelta(days=rng.randint(0, 360))
        category = categories[rng.choice(list(DESCRIPTIONS))]
        submitted = _at(day, rng.randint(8, 18))
        need = services.need_create(
            user=staff,
            area=ctx["grids"][(community, grid_name)],
            category=category,
            requester_name=_name(rng),
            requester_phone=f"139{rng.randint(10000000, 99999999)}",
            description=DESCRIPTIONS[category.name],
            urgency=rng.choices(list(Urgency.values), weights=[1, 3, 10, 2])[0],
            channel=rng.choice(list(Channel.values)),
            submitted_at=submitted,
        )
        actor = secretaries.get(community) or staff
        fate = rng.random()
        age = (today - day).days
        if age < 3 and fate < 0.5:
            continue  # recent needs still waiting
        responded = submitted + datetime.timedelta(hours=rng.choice([1, 3, 10, 30, 60]))
        if fate < 0.06:
            services.need_decline(
                need=need, user=actor, reason="不属于社区服务范围，已告知居民拨打12345", at=responded
            )
            services.need_close(need=need, user=actor, at=responded + datetime.timedelta(hours=1))
            continue
        services.need_accept(need=need, user=actor, at=responded)
        if fate < 0.12 and age < 20:
            continue  # accepted, waiting to be assigned
        fitting = [
            i
            for i in items
            if i.category_id == need.category_id and i.area.path in need.area.ancestor_paths()
        ]
        services.need_assign(
            need=need,
            user=actor,
            item=fitting[0] if fitting else None,
            department="" if fitting else "街道城管科",
            at=responded + datetime.timedelta(hours=1),
        )
        done = responded + datetime.timedelta(hours=rng.choice([5, 20, 48, 120, 200]))
        if (fate < 0.3 and age < 30) or done > timezone.now() - datetime.timedelta(hours=1):
            continue  # being worked on
        services.need_complete(
            need=need,
            user=actor,
            outcome=Outcome.PARTLY if rng.random() < 0.12 else Outcome.SOLVED,
            at=done,
        )
        if fate < 0.4 and age < 40:
            continue  # done, the resident has not rated it yet
        rating = rng.choices([5, 4, 3, 2, 1], weights=[55, 25, 10, 6, 4])[0]
        services.need_rate(
            need=need, user=actor, rating=rating, comment="", at=done + datetime.timedelta(hours=20)
        )
        services.need_close(need=need, user=actor, at=done + datetime.timedelta(hours=22))

    # Over 2,000 confirmed person-times, as the report says; a few reported hours wait for confirmation.
    records = []
    confirmed_at = timezone.now()
    for n in range(2160):
        vol = volunteers[n % len(volunteers)]
        team_items = [i for i in items if i.team_id == vol.team_id] or items
        served_on = today - datetime.timedelta(days=rng.randint(1, 700))
        status = RecordStatus.REPORTED if n >= 2130 else RecordStatus.CONFIRMED
        records.append(
            ServiceRecord(
                area=vol.area,
                volunteer=vol,
                team=vol.team,
                service_item=rng.choice(team_items),
                served_name=_name(rng),
                served_on=served_on,
                hours=Decimal(rng.choice(["1.0", "1.5", "2.0", "2.5", "3.0"])),
                status=status,
                reported_by=staff,
                confirmed_by=staff if status == RecordStatus.CONFIRMED else None,
                confirmed_at=confirmed_at if status == RecordStatus.CONFIRMED else None,
            )
        )
    ServiceRecord.objects.bulk_create(records, batch_size=500)
    _link_checked_in_members(volunteers, staff)

    # The party garden of 梁家屯社区: donations, twelve adopted plots, a care log.
    garden = GardenProject.objects.create(
        name="梁家屯党建小花园",
        area=ctx["communities"]["梁家屯社区"],
        description="居民捐钱、捐物、出工建成，花坛由居民认养。",
    )
    donations = [
        ("梁家屯合作社", DonationKind.MONEY, {"amount": Decimal("20000.00")}),
        ("张大爷", DonationKind.GOODS, {"goods": "月季花苗30株"}),
        ("家服务志愿队", DonationKind.LABOUR, {"hours": Decimal("120.0")}),
        ("李阿姨", DonationKind.MONEY, {"amount": Decimal("500.00")}),
    ]
    for donor, kind, extra in donations:
        services.donation_record(
            user=staff,
            project=garden,
            donor_name=donor,
            kind=kind,
            received_on=today - datetime.timedelta(days=300),
            **extra,
        )
    for p in range(1, 13):
        plot = GardenPlot.objects.create(project=garden, code=f"{p:02d}号", description="花坛")
        adoption = Adoption.objects.create(
            plot=plot,
            adopter_name=_name(rng),
            starts_on=today - datetime.timedelta(days=200),
            ends_on=today + datetime.timedelta(days=165),
            duties="每周浇水、除草，保持整洁",
        )
        last = rng.choice([1, 3, 5, 20, 40]) if p % 4 else None
        if last:
            CareLog.objects.bulk_create(
                [
                    CareLog(
                        adoption=adoption,
                        cared_on=today - datetime.timedelta(days=last + 7 * k),
                        note="浇水除草",
                    )
                    for k in range(4)
                ]
            )


@demo_seeder("volunteers-second-street", order=61)
def seed_second_street(ctx: dict) -> None:
    """南关街道: a team, one service item and a month of needs, so its staff have their own street to see."""
    second = ctx["second_street"]
    street = second["street"]
    if VolunteerTeam.objects.filter(area__path__startswith=street.path).exists():
        return
    rng = random.Random(2026)
    staff = second["users"]["street_staff_ng"]
    secretary = second["users"]["secretary_ng"]
    categories = {c.name: c for c in ServiceCategory.objects.all()}
    community = second["communities"]["南关社区"]
    team = VolunteerTeam.objects.create(name="南关夕阳红志愿队", area=community, description="探访空巢老人。")
    for _i in range(6):
        vol = Volunteer.objects.create(
            name=_name(rng), area=rng.choice(list(second["grids"].values())), team=team, max_open_needs=3
        )
        vol.skills.set([categories["居家养老"]])
    item = ServiceItem.objects.create(
        name="空巢老人探访",
        category=categories["居家养老"],
        area=community,
        provider_kind=ProviderKind.TEAM,
        team=team,
        schedule="每周一上午",
        capacity=8,
        description="空巢老人探访：由南关夕阳红志愿队提供。",
        is_published=True,
    )
    today = timezone.localdate()
    for n in range(24):
        (community_name, _grid), grid = rng.choice(list(second["grids"].items()))
        category = categories[rng.choice(list(DESCRIPTIONS))]
        submitted = _at(today - datetime.timedelta(days=rng.randint(0, 30)), rng.randint(8, 18))
        need = services.need_create(
            user=staff,
            area=grid,
            category=category,
            requester_name=_name(rng),
            requester_phone=f"137{rng.randint(10000000, 99999999)}",
            description=DESCRIPTIONS[category.name],
            urgency=Urgency.GENERAL,
            channel=rng.choice(list(Channel.values)),
            submitted_at=submitted,
        )
        if n % 3 == 0:
            continue  # waiting for the secretary
        actor = secretary if community_name == "南关社区" else staff
        services.need_accept(need=need, user=actor, at=submitted + datetime.timedelta(hours=2))
        services.need_assign(
            need=need,
            user=actor,
            item=item if need.category_id == item.category_id else None,
            department="" if need.category_id == item.category_id else "街道城管科",
            at=submitted + datetime.timedelta(hours=3),
        )
        done = submitted + datetime.timedelta(hours=30)
        if n % 3 == 1 or done > timezone.now() - datetime.timedelta(hours=1):
            continue  # being worked on
        services.need_complete(need=need, user=actor, outcome=Outcome.SOLVED, at=done)
