"""Demo data for street staff (idempotent): departments, the leadership since 2017, A/B posts, evaluations.

The leadership team is built so that its average age is 46.8 at the end of 2017 and 44.5 in late 2026,
as in the report; birthdays fall in January or February so the figures hold for any date from March on.
"""

import datetime

from governance.lib.registry import demo_seeder
from governance.residents.choices import Gender
from governance.staff import services
from governance.staff.choices import AbsenceKind, LeaveReason, StaffKind, WorkLine
from governance.staff.models import Department
from governance.territory.choices import Role
from governance.territory.seed import DEMO_PASSWORD

D = datetime.date

DEPARTMENTS = ["党政办公室", "社区建设科", "城市管理科", "社会事务科", "平安建设科"]

# name, gender, birth, position, hired, left, reason, username (demo account), portfolio lines
LEADERS = [
    (
        "李街道",
        "M",
        D(1975, 1, 12),
        "党工委书记",
        D(2017, 1, 1),
        None,
        "",
        "street_admin",
        [WorkLine.PARTY_BUILDING],
    ),
    ("周明华", "F", D(1979, 2, 3), "办事处主任", D(2017, 1, 1), None, "", "leader_zhou", [WorkLine.ECONOMY]),
    (
        "孙国强",
        "M",
        D(1962, 2, 14),
        "党工委副书记",
        D(2017, 1, 1),
        D(2022, 3, 31),
        LeaveReason.RETIRED,
        "",
        [],
    ),
    (
        "钱建华",
        "M",
        D(1965, 1, 20),
        "办事处副主任",
        D(2017, 1, 1),
        D(2020, 6, 30),
        LeaveReason.TRANSFERRED,
        "",
        [],
    ),
    (
        "吴秀英",
        "F",
        D(1970, 2, 8),
        "人大工委主任",
        D(2017, 1, 1),
        D(2023, 9, 30),
        LeaveReason.TRANSFERRED,
        "",
        [],
    ),
    (
        "郑浩然",
        "M",
        D(1987, 1, 25),
        "办事处副主任",
        D(2020, 7, 1),
        None,
        "",
        "leader_zheng",
        [WorkLine.URBAN_MANAGEMENT, WorkLine.PROPERTY],
    ),
    (
        "王建国",
        "M",
        D(1975, 2, 20),
        "党工委委员、武装部长",
        D(2021, 3, 1),
        None,
        "",
        "leader_wang",
        [WorkLine.PUBLIC_SECURITY],
    ),
    (
        "陈丽",
        "F",
        D(1981, 1, 9),
        "党工委副书记",
        D(2022, 4, 1),
        None,
        "",
        "leader_chen",
        [WorkLine.SOCIAL_PROGRAMMES],
    ),
    (
        "林子涵",
        "F",
        D(1992, 2, 2),
        "办事处副主任",
        D(2023, 10, 1),
        None,
        "",
        "leader_lin",
        [WorkLine.COMMUNITY_SERVICES],
    ),
]

# name, gender, birth, department index, position, hired, username
CADRES = [
    ("王干事", "M", D(1990, 5, 6), 0, "综合干事", D(2015, 8, 1), "street_staff"),
    ("刘芳", "F", D(1986, 9, 14), 0, "文书", D(2012, 3, 1), ""),
    ("张伟", "M", D(1978, 11, 2), 1, "社区建设科科长", D(2008, 7, 1), ""),
    ("赵敏", "F", D(1994, 4, 21), 1, "科员", D(2019, 9, 1), ""),
    ("黄磊", "M", D(1983, 6, 30), 2, "城市管理科科长", D(2010, 5, 1), ""),
    ("杨洋", "M", D(1996, 12, 1), 2, "科员", D(2021, 8, 1), ""),
    ("许静", "F", D(1988, 3, 17), 3, "社会事务科科长", D(2013, 6, 1), ""),
    ("何娟", "F", D(1998, 7, 9), 3, "科员", D(2022, 9, 1), ""),
    ("罗勇", "M", D(1980, 10, 10), 4, "平安建设科科长", D(2009, 4, 1), ""),
    ("宋婷", "F", D(1995, 1, 28), 4, "科员", D(2020, 10, 1), ""),
]

# post name, department index, line, A, B (names; B may be None)
POSTS = [
    ("党建工作", 0, WorkLine.PARTY_BUILDING, "刘芳", "王干事"),
    ("文秘与档案", 0, "", "王干事", "刘芳"),
    ("社区建设", 1, WorkLine.COMMUNITY_SERVICES, "张伟", "赵敏"),
    ("民政救助", 1, WorkLine.SOCIAL_PROGRAMMES, "赵敏", "张伟"),
    ("市容环境", 2, WorkLine.URBAN_MANAGEMENT, "黄磊", "杨洋"),
    ("物业监管", 2, WorkLine.PROPERTY, "杨洋", "黄磊"),
    ("老龄与残联", 3, WorkLine.SOCIAL_PROGRAMMES, "许静", "何娟"),
    ("就业社保", 3, WorkLine.ECONOMY, "何娟", None),
    ("综治维稳", 4, WorkLine.PUBLIC_SECURITY, "罗勇", "宋婷"),
    ("信访接待", 4, WorkLine.PUBLIC_SECURITY, "宋婷", "许静"),
]

WORKER_SURNAMES = "马高林郭梁谢韩唐冯于董程曹袁邓"
WORKER_GIVEN = "晨阳欣怡俊杰梓萱子轩雨桐浩宇思远"


def _account(ctx, username, full_name, street):
    from governance.territory import services as core

    if not username:
        return None
    if username in ctx.get("users", {}):
        return ctx["users"][username]
    return core.demo_user(
        username=username, password=DEMO_PASSWORD, full_name=full_name, role=Role.STREET_STAFF, area=street
    )


@demo_seeder("staff", order=20)
def seed_staff(ctx: dict) -> None:
    street = ctx["street"]
    if Department.objects.filter(area=street).exists():
        return
    departments = [services.department_create(area=street, name=name) for name in DEPARTMENTS]
    people = {}
    for name, gender, birth, position, hired, left, reason, username, _lines in LEADERS:
        people[name] = services.staff_create(
            area=street,
            department=departments[0],
            user=_account(ctx, username, name, street),
            name=name,
            gender=gender,
            birth_date=birth,
            education="master" if birth.year > 1985 else "bachelor",
            political_status="party_member",
            kind=StaffKind.CADRE,
            position=position,
            is_leadership=True,
            hired_on=hired,
            left_on=left,
            leave_reason=reason,
        )
    for name, gender, birth, dept, position, hired, username in CADRES:
        people[name] = services.staff_create(
            area=street,
            department=departments[dept],
            user=_account(ctx, username, name, street),
            name=name,
            gender=gender,
            birth_date=birth,
            education="bachelor",
            political_status="party_member" if birth.year < 1992 else "league_member",
            kind=StaffKind.CADRE,
            position=position,
            hired_on=hired,
        )
    # Each department answers to a leader, who evaluates its cadres.
    for department, leader in zip(departments, ["李街道", "林子涵", "郑浩然", "陈丽", "王建国"], strict=True):
        services.department_update(department=department, leader=people[leader])
    for name, _g, _b, _p, _h, left, _r, _u, lines in LEADERS:
        if left:
            continue
        for line in lines:
            services.portfolio_assign(area=street, work_line=line, leader=people[name])
    # Communities nearest the resettlement work get their own leader for community services.
    for i, community in enumerate(ctx["communities"].values()):
        services.portfolio_assign(
            area=community,
            work_line=WorkLine.COMMUNITY_SERVICES,
            leader=people["林子涵" if i % 2 == 0 else "陈丽"],
            note="包联社区",
        )
    for post_name, dept, line, a, b in POSTS:
        services.post_create(
            department=departments[dept],
            name=post_name,
            work_line=line,
            holder_a=people[a],
            holder_b=people[b] if b else None,
        )
    today = D.today()
    # Today: 黄磊 on training and 杨洋 on leave, so 市容环境 and 物业监管 are both uncovered.
    services.absence_create(
        staff=people["黄磊"],
        kind=AbsenceKind.TRAINING,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=4),
    )
    services.absence_create(
        staff=people["杨洋"],
        kind=AbsenceKind.LEAVE,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=2),
    )
    services.absence_create(
        staff=people["刘芳"],
        kind=AbsenceKind.SECONDMENT,
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=40),
    )

    _seed_community_workers(ctx)

    year, quarter = services.quarter_of(today)
    prev = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    previous = services.evaluations_open_quarter(year=prev[0], quarter=prev[1])
    rng = ctx["rng"]
    for evaluation in previous:
        evaluator = evaluation.evaluators.first()
        if evaluator is None:
            continue
        scores = {
            f: rng.randint(78, 98) for f in ("morality", "ability", "diligence", "performance", "integrity")
        }
        grade = "excellent" if sum(scores.values()) / 5 >= 90 else "competent"
        services.evaluation_fill(
            evaluation=evaluation, user=evaluator, grade=grade, comment="工作扎实，群众评价好。", **scores
        )
        services.evaluation_move(evaluation=evaluation, to_status="submitted", user=evaluator)
    services.evaluations_open_quarter(year=year, quarter=quarter)
    inspector = ctx["users"]["street_admin"]
    community = next(iter(ctx["communities"].values()))
    for name, findings in [
        ("黄磊", "在回迁社区现场协调占道经营整治，居民反映问题当场解决。"),
        ("赵敏", "入户走访低保家庭，台账清楚。"),
    ]:
        services.inspection_create(
            cadre=people[name],
            area=community,
            inspector=inspector,
            inspected_on=today - datetime.timedelta(days=3),
            findings=findings,
        )


def _seed_community_workers(ctx):
    """Community workers since 2019, some leaving each year, so turnover has something to show."""
    rng = ctx["rng"]
    reasons = [
        LeaveReason.RESIGNED,
        LeaveReason.RESIGNED,
        LeaveReason.RESIGNED,
        LeaveReason.CONTRACT_ENDED,
        LeaveReason.TRANSFERRED,
    ]
    n = 0
    for community in ctx["communities"].values():
        for _i in range(8):
            n += 1
            hired = D(rng.randint(2018, 2024), rng.randint(1, 12), rng.randint(1, 28))
            left = None
            reason = ""
            if rng.random() < 0.45:
                left = hired + datetime.timedelta(days=rng.randint(200, 1400))
                if left >= D.today():
                    left = None
                else:
                    reason = rng.choice(reasons)
            services.staff_create(
                area=community,
                name=rng.choice(WORKER_SURNAMES) + rng.choice(WORKER_GIVEN) + rng.choice(WORKER_GIVEN),
                gender=rng.choice([Gender.MALE, Gender.FEMALE]),
                birth_date=D(rng.randint(1975, 2000), rng.randint(1, 12), rng.randint(1, 28)),
                education="college",
                political_status="masses",
                kind=StaffKind.COMMUNITY_WORKER,
                position="社区专职工作者",
                hired_on=hired,
                left_on=left,
                leave_reason=reason,
            )
