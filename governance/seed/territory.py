"""Demo data for the territory, residents and one account per role (idempotent)."""

import datetime
import random

from governance import services
from governance.choices import Gender, Registration, Role
from governance.lib.registry import demo_seeder
from governance.lib.validators import id_check_digit
from governance.models import Area, Resident

DEMO_PASSWORD = "jiedao-demo-2026"
DISTRICT = "新城区"
STREET = "梁家屯路街道"
COMMUNITIES = {
    "梁家屯社区": ["第一网格", "第二网格", "第三网格"],
    "西岗社区": ["第一网格", "第二网格"],
    "东湖回迁社区": ["第一网格", "第二网格", "第三网格"],
    "南苑社区": ["第一网格", "第二网格"],
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕婷玉兰红梅鹏飞宇浩然子涵梓萱欣怡俊杰晨阳"
DEMO_ACCOUNTS = [
    # username, full name, role, area path by names (community, grid) or None for the street
    ("admin", "系统管理员", Role.STREET_ADMIN, None),
    ("street_admin", "李街道", Role.STREET_ADMIN, None),
    ("street_staff", "王干事", Role.STREET_STAFF, None),
    ("secretary_ljt", "张书记", Role.COMMUNITY_SECRETARY, ("梁家屯社区",)),
    ("secretary_xg", "赵书记", Role.COMMUNITY_SECRETARY, ("西岗社区",)),
    ("grid_ljt1", "刘网格员", Role.GRID_WORKER, ("梁家屯社区", "第一网格")),
    ("viewer", "陈观察", Role.VIEWER, None),
]


def _child(parent, name):
    existing = Area.objects.filter(parent=parent, name=name).first()
    return existing or services.area_create(parent=parent, name=name)


def fake_id_number(rng: random.Random, birth: datetime.date, gender: str) -> str:
    region = "410102"
    seq = rng.randint(0, 49) * 2 + (1 if gender == Gender.MALE else 0)
    first17 = f"{region}{birth:%Y%m%d}{rng.randint(0, 9)}{seq:02d}"
    return first17 + id_check_digit(first17)


@demo_seeder("territory", order=10)
def seed_territory(ctx: dict) -> None:
    district = Area.objects.filter(parent__isnull=True, name=DISTRICT).first() or services.area_create(
        parent=None, name=DISTRICT
    )
    street = _child(district, STREET)
    ctx.update(district=district, street=street, communities={}, grids={}, stairwells=[])
    for community_name, grid_names in COMMUNITIES.items():
        community = _child(street, community_name)
        ctx["communities"][community_name] = community
        for g, grid_name in enumerate(grid_names):
            grid = _child(community, grid_name)
            ctx["grids"][(community_name, grid_name)] = grid
            for b in range(1, 4):
                building = _child(grid, f"{g * 3 + b}号楼")
                for s in range(1, 3):
                    ctx["stairwells"].append(_child(building, f"{s}单元"))

    users = {}
    for username, full_name, role, where in DEMO_ACCOUNTS:
        area = street
        if where:
            area = ctx["communities"][where[0]] if len(where) == 1 else ctx["grids"][where]
        users[username] = services.demo_user(
            username=username, password=DEMO_PASSWORD, full_name=full_name, role=role, area=area
        )
    admin = users["admin"]
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    ctx["users"] = users

    if Resident.objects.filter(area__path__startswith=street.path).exists():
        return
    rng = ctx["rng"]
    seen = set()
    for stairwell in ctx["stairwells"]:
        for floor in range(1, 4):
            for door in (1, 2):
                room = f"{floor}0{door}"
                size = rng.choice((1, 2, 2, 3, 3, 4))
                surname = rng.choice(SURNAMES)
                floating = rng.random() < 0.2
                for i in range(size):
                    gender = rng.choice((Gender.MALE, Gender.FEMALE))
                    birth = datetime.date(rng.randint(1940, 2018), rng.randint(1, 12), rng.randint(1, 28))
                    id_number = fake_id_number(rng, birth, gender)
                    if id_number in seen:
                        continue
                    seen.add(id_number)
                    services.resident_create(
                        area=stairwell,
                        room=room,
                        name=surname + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else ""),
                        gender=gender,
                        birth_date=birth,
                        id_number=id_number,
                        phone=f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                        registration=Registration.FLOATING if floating else Registration.REGISTERED,
                        is_household_head=i == 0,
                    )
