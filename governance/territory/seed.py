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

# A second street of the same district, so that one installation serving several streets shows at first
# look: its own staff see only their own street, and 梁家屯路街道's staff never see it.
SECOND_STREET = "南关街道"
SECOND_COMMUNITIES = {
    "南关社区": ["第一网格", "第二网格"],
    "北顺城社区": ["第一网格"],
}
SECOND_ACCOUNTS = [
    ("street_staff_ng", "孙干事", Role.STREET_STAFF, None),
    ("secretary_ng", "周书记", Role.COMMUNITY_SECRETARY, ("南关社区",)),
]


def _child(parent, name):
    existing = Area.objects.filter(parent=parent, name=name).first()
    return existing or services.area_create(parent=parent, name=name)


def _street(district, street_name: str, communities: dict, accounts: list, buildings: int) -> dict:
    """One street down to its stairwells, with its accounts; returns the places and users by name."""
    street = _child(district, street_name)
    built = {"street": street, "communities": {}, "grids": {}, "stairwells": []}
    for community_name, grid_names in communities.items():
        community = _child(street, community_name)
        built["communities"][community_name] = community
        for g, grid_name in enumerate(grid_names):
            grid = _child(community, grid_name)
            built["grids"][(community_name, grid_name)] = grid
            for b in range(1, buildings + 1):
                building = _child(grid, f"{g * buildings + b}号楼")
                for s in range(1, 3):
                    built["stairwells"].append(_child(building, f"{s}单元"))
    users = {}
    for username, full_name, role, where in accounts:
        area = street
        if where:
            area = built["communities"][where[0]] if len(where) == 1 else built["grids"][where]
        users[username] = services.demo_user(
            username=username, password=DEMO_PASSWORD, full_name=full_name, role=role, area=area
        )
    built["users"] = users
    return built


@demo_seeder("territory", order=10)
def seed_territory(ctx: dict) -> None:
    district = Area.objects.filter(parent__isnull=True, name=DISTRICT).first() or services.area_create(
        parent=None, name=DISTRICT
    )
    first = _street(district, STREET, COMMUNITIES, DEMO_ACCOUNTS, buildings=3)
    users = first["users"]
    ctx.update(district=district, **first)
    # The second street's places and users stay apart from the first's, under their own key: the other
    # apps' seeders tell the demo story of 梁家屯路街道 and add a little of 南关街道's from here.
    ctx["second_street"] = _street(district, SECOND_STREET, SECOND_COMMUNITIES, SECOND_ACCOUNTS, buildings=2)
    admin = users["admin"]
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    ctx["users"] = users
