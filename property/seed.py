"""Demo data of the property reform (idempotent): fee income rising from almost nothing in 2017."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from governance.lib.registry import demo_seeder
from property import services
from property.choices import ChecklistItem, CompanyKind, ComplaintChannel, ServiceLevel
from property.models import FeeRecord, PropertyCompany

D = datetime.date
CENT = Decimal("0.01")
COMPANIES = [
    ("anju", "郑州安居物业服务有限公司", "91410100MA44ANJU01", CompanyKind.STATE_OWNED, "王经理"),
    ("kangcheng", "康城物业管理有限公司", "91410100MA46KANG02", CompanyKind.OUTSOURCED, "孙经理"),
    ("donghu", "东湖合作社物业服务中心", "93410100MA48DHWY03", CompanyKind.COOPERATIVE_RUN, "郭主任"),
]
# community -> [(company key, from, until)]; the reform began in March 2017.
CONTRACTS = {
    "梁家屯社区": [("kangcheng", D(2017, 3, 1), D(2022, 12, 31)), ("anju", D(2023, 1, 1), D(2027, 12, 31))],
    "西岗社区": [("anju", D(2017, 3, 1), D(2027, 12, 31))],
    "东湖回迁社区": [("anju", D(2017, 3, 1), D(2019, 12, 31)), ("donghu", D(2020, 1, 1), D(2027, 12, 31))],
    "南苑社区": [("kangcheng", D(2017, 3, 1), D(2027, 12, 31))],
}
COOPERATIVES = {
    "梁家屯社区": "梁家屯股份经济合作社",
    "西岗社区": "西岗股份经济合作社",
    "东湖回迁社区": "东湖股份经济合作社",
}
# Share of the bill collected, by year: almost nothing before the reform took hold.
COLLECTION = {2017: 0.03, 2018: 0.22, 2019: 0.48, 2020: 0.66, 2021: 0.77, 2022: 0.84, 2023: 0.88}
POSITIONS = ["保洁员", "秩序维护员", "绿化工", "水电维修工", "门岗", "收费员"]
COMPLAINTS = [
    "楼道垃圾两天没有清运",
    "电梯停运，老人上下楼困难",
    "单元门禁坏了，外人随意进出",
    "绿化带被占用停车",
    "夜间路灯不亮",
    "地下室渗水",
    "物业费收支没有公示",
]


def _month_iter(start: datetime.date, end: datetime.date):
    day = start
    while day <= end:
        yield day
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _contract_company(companies, community: str, month: datetime.date):
    for key, start, until in CONTRACTS[community]:
        if start <= month <= until:
            return companies[key]
    return None


@demo_seeder("property", order=40)
def seed_property(ctx: dict) -> None:
    if PropertyCompany.objects.filter(credit_code=COMPANIES[0][2]).exists():
        return
    rng = ctx["rng"]
    street = ctx["street"]
    staff = ctx["users"]["street_staff"]
    today = timezone.localdate()
    companies = {
        key: services.company_create(
            user=None,
            name=name,
            credit_code=code,
            kind=kind,
            area=street,
            contact_person=person,
            contact_phone=f"0371-6{rng.randint(1000000, 9999999)}",
        )
        for key, name, code, kind, person in COMPANIES
    }
    for community_name, periods in CONTRACTS.items():
        for key, start, until in periods:
            services.contract_create(
                user=None,
                company=companies[key],
                area=ctx["communities"][community_name],
                starts_on=start,
                ends_on=until,
                fee_standard=Decimal("1.20") if key != "donghu" else Decimal("0.95"),
                service_level=ServiceLevel.STANDARD,
            )

    cooperatives = {}
    for community_name, coop_name in COOPERATIVES.items():
        community = ctx["communities"][community_name]
        coop = services.cooperative_create(
            user=None, name=coop_name, area=community, founded_on=D(2016, 6, 1), contact_person="李社长"
        )
        cooperatives[community_name] = coop
        for i in range(8):
            services.cooperative_member_add(
                user=None,
                cooperative=coop,
                name=rng.choice("王李张刘陈杨赵黄") + rng.choice("建国秀英志强桂兰海军玉梅"),
                shares=rng.randint(1, 5),
                joined_on=D(2016, 6, 1) + datetime.timedelta(days=30 * i),
            )
        current = _contract_company(companies, community_name, today)
        services.agreement_create(
            user=None,
            cooperative=coop,
            company=current,
            title=f"{community_name}物业费补贴及再就业合作协议",
            signed_on=D(2017, 2, 20),
            starts_on=D(2017, 3, 1),
            terms="合作社按季度补贴困难户及公共区域物业费；物业公司优先录用社区失业居民。",
        )

    # Fees: one record per building and month since the reform, billed on the building's floor area.
    # Thousands of rows: bulk_create; every value is computed as the service would (contract, cents).
    buildings = sorted({s.parent for s in ctx["stairwells"]}, key=lambda b: b.path)
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    records = []
    for building in buildings:
        community_name = building.parent.parent.name
        floor_area = Decimal(rng.randint(3800, 4600))
        for month in _month_iter(D(2017, 3, 1), last_month):
            company = _contract_company(companies, community_name, month)
            standard = Decimal("0.95") if company.credit_code == COMPANIES[2][2] else Decimal("1.20")
            billed = (floor_area * standard).quantize(CENT)
            share = COLLECTION.get(month.year, 0.92) + rng.uniform(-0.03, 0.03)
            share = min(max(share, 0.0), 1.0)
            collected = (billed * Decimal(str(round(share, 4)))).quantize(CENT, rounding=ROUND_HALF_UP)
            records.append(
                FeeRecord(
                    area=building,
                    company=company,
                    period=month,
                    billed=billed,
                    collected=min(collected, billed),
                    updated_by=staff,
                )
            )
    FeeRecord.objects.bulk_create(records, batch_size=1000)

    # Subsidies: each cooperative pays its community's company every quarter, more as fees came in.
    for community_name, coop in cooperatives.items():
        community = ctx["communities"][community_name]
        for quarter_start in _month_iter(D(2017, 4, 1), last_month):
            if quarter_start.month not in (1, 4, 7, 10):
                continue
            company = _contract_company(companies, community_name, quarter_start)
            base = 6000 + 900 * (quarter_start.year - 2017)
            services.subsidy_create(
                user=None,
                cooperative=coop,
                company=company,
                area=community,
                period_start=quarter_start,
                period_end=services.month_end(quarter_start + datetime.timedelta(days=62)),
                amount=Decimal(base + rng.randint(0, 1500)),
                paid_on=quarter_start + datetime.timedelta(days=9),
                reason="补贴困难户及公共区域物业费",
            )

    # Supervision over the last year: a monthly inspection per community, findings and complaints.
    first = (today.replace(day=1) - datetime.timedelta(days=330)).replace(day=1)
    for community_name, community in ctx["communities"].items():
        community_buildings = [b for b in buildings if b.path.startswith(community.path)]
        for month in _month_iter(first, today.replace(day=1)):
            day = month + datetime.timedelta(days=rng.randint(2, 20))
            if day > today:
                continue
            company = _contract_company(companies, community_name, day)
            points = {item: rng.randint(14, 20) for item in ChecklistItem.values}
            findings = []
            weakest = min(points, key=points.get)
            if points[weakest] < 17:
                deadline = day + datetime.timedelta(days=7)
                findings.append(
                    {
                        "item": weakest,
                        "description": f"{ChecklistItem(weakest).label}不达标，限期整改",
                        "deadline": deadline,
                    }
                )
            inspection = services.inspection_record(
                user=staff,
                company=company,
                area=rng.choice(community_buildings),
                inspected_on=day,
                points=points,
                findings=findings,
            )
            for finding in inspection.findings.all():
                fixed = finding.deadline + datetime.timedelta(days=rng.randint(-5, 3))
                if fixed <= today - datetime.timedelta(days=3) and rng.random() < 0.85:
                    services.finding_fix(
                        user=staff, finding=finding, fixed_on=max(fixed, day), fix_note="已整改"
                    )
            for _i in range(rng.randint(1, 3)):
                received = month + datetime.timedelta(days=rng.randint(0, 27))
                if received > today:
                    continue
                stairwell = rng.choice([s for s in ctx["stairwells"] if s.path.startswith(community.path)])
                complaint = services.complaint_create(
                    user=staff,
                    company=company,
                    area=stairwell,
                    content=rng.choice(COMPLAINTS),
                    received_on=received,
                    channel=ComplaintChannel.RESIDENT,
                    complainant=rng.choice("王李张刘陈杨") + "女士",
                )
                answered = received + datetime.timedelta(days=rng.randint(1, 5))
                if answered < today - datetime.timedelta(days=1) and rng.random() < 0.9:
                    services.complaint_answer(
                        user=staff, complaint=complaint, answer="已安排人员处理", on=answered
                    )
                    resolved = answered + datetime.timedelta(days=rng.randint(1, 7))
                    if resolved < today and rng.random() < 0.85:
                        services.complaint_resolve(
                            user=staff,
                            complaint=complaint,
                            resolution="已处理完毕，居民确认",
                            on=resolved,
                            satisfaction=rng.choice((3, 4, 4, 5, 5)),
                        )

    # Re-employment: jobless residents placed by the cooperatives and companies since 2017.
    for community_name, community in ctx["communities"].items():
        for year in range(2017, today.year + 1):
            for _i in range(rng.randint(2, 6)):
                start = D(year, rng.randint(3 if year == 2017 else 1, 12), rng.randint(1, 28))
                if start > today:
                    continue
                coop = cooperatives.get(community_name)
                by_coop = coop is not None and rng.random() < 0.6
                services.placement_create(
                    user=None,
                    person_name=rng.choice("王李张刘陈杨赵黄周吴")
                    + rng.choice(["大姐", "师傅", "建军", "秀兰", "红梅"]),
                    area=community,
                    position=rng.choice(POSITIONS),
                    starts_on=start,
                    ends_on=None if rng.random() < 0.8 else start + datetime.timedelta(days=365),
                    cooperative=coop if by_coop else None,
                    company=None if by_coop else _contract_company(companies, community_name, start),
                )
    ctx["property_companies"] = companies
