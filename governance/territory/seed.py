"""Demo data for the territory and one account per role (idempotent)."""

from governance.lib.registry import demo_seeder
from governance.territory import services
from governance.territory.choices import Role
from governance.territory.models import Area

DEMO_PASSWORD = "jiedao-demo-2026"
DISTRICT = "新城区"
STREET = "梁家屯路街道"
COMMUNITIES = {
    "梁家屯社区": ["第一网格", "第二网格", "第三网格"],
    "西岗社区": ["第一网格", "第二网格"],
    "东湖回迁社区": ["第一网格", "第二网格", "第三网格"],
    "南苑社区": ["第一网格", "第二网格"],
}
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
