"""Write a residents workbook for the import, of any size, placed in this database's stairwells."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance.residents.scale import residents_workbook
from governance.territory.choices import AreaLevel
from governance.territory.models import Area


def stairwell_names(under: Area | None = None) -> list[tuple[str, str, str, str]]:
    """(community, grid, building, stairwell) names of the stairwells below `under` (all when None)."""
    areas = Area.objects.filter(depth__gte=AreaLevel.COMMUNITY, depth__lte=AreaLevel.STAIRWELL)
    if under is not None:
        areas = areas.filter(path__startswith=under.path)
    by_path = {a.path: a for a in areas.only("path", "depth", "name")}
    return [
        tuple(by_path[a.path_at(level)].name for level in range(AreaLevel.COMMUNITY, AreaLevel.STAIRWELL + 1))
        for a in sorted(by_path.values(), key=lambda a: a.path)
        if a.depth == AreaLevel.STAIRWELL
    ]


class Command(BaseCommand):
    help = "Write an .xlsx of N generated residents (valid ID numbers) in the residents import's columns."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50_000)
        parser.add_argument("--out", required=True)
        parser.add_argument("--seed", type=int, default=17)

    def handle(self, *args, rows, out, seed, **options):
        places = stairwell_names()
        if not places:
            raise CommandError("No stairwells: load the territory first.")
        Path(out).write_bytes(residents_workbook(rows, places, seed=seed))
        self.stdout.write(f"{rows} residents in {len(places)} stairwells written to {out}")
