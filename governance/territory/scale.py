"""The large street's territory: one generated community with its grids, buildings, stairwells and accounts."""

from governance.lib.registry import scale_seeder
from governance.territory import services
from governance.territory.choices import Role
from governance.territory.seed import DEMO_PASSWORD

# Generated communities carry this name prefix (their division code stays empty: no real code is invented);
# seed_scale recognises them by it.
GENERATED_NAME = "生成"
GENERATED_USER = "scale_"  # and their accounts this user-name prefix (at example.org, as all seeded ones)


@scale_seeder("territory", order=10)
def scale_territory(ctx: dict) -> None:
    n, size = ctx["index"], ctx["size"]
    community = services.area_create(parent=ctx["street"], name=f"{GENERATED_NAME}{n:02d}社区")
    grids, buildings, stairwells = [], [], []
    for g in range(1, size["grids"] + 1):
        grid = services.area_create(parent=community, name=f"第{g}网格")
        grids.append(grid)
        for b in range(1, size["buildings_per_grid"] + 1):
            building = services.area_create(parent=grid, name=f"{g}-{b}号楼")
            buildings.append(building)
            for s in range(1, size["stairwells_per_building"] + 1):
                stairwells.append(services.area_create(parent=building, name=f"{s}单元"))
    secretary = services.demo_user(
        username=f"{GENERATED_USER}secretary{n:02d}",
        password=DEMO_PASSWORD,
        full_name=f"生成{n:02d}书记",
        role=Role.COMMUNITY_SECRETARY,
        area=community,
    )
    grid_worker = services.demo_user(
        username=f"{GENERATED_USER}grid{n:02d}",
        password=DEMO_PASSWORD,
        full_name=f"生成{n:02d}网格员",
        role=Role.GRID_WORKER,
        area=grids[0],
    )
    ctx.update(
        community=community,
        grids=grids,
        buildings=buildings,
        stairwells=stairwells,
        secretary=secretary,
        grid_worker=grid_worker,
    )
