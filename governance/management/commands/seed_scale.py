"""A large street for measuring: many generated communities bulk-loaded beside the demo street."""

import datetime
import io
import math
import random
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from governance.lib.registry import SCALE_SEEDERS
from governance.territory.choices import AreaLevel
from governance.territory.models import Area
from governance.territory.scale import GENERATED_NAME
from governance.territory.seed import COMMUNITIES, SECOND_COMMUNITIES, SECOND_STREET, STREET

# Per resident, the proportions measured on a real street's six years (issue 14): 200k needs for 300k
# residents, 0.34 service records, a case per 15 residents, a meeting per 30 with two follow-up actions.
PER_RESIDENT = {"needs": 0.665, "cases": 0.0665, "meetings": 0.0333, "service_records": 0.34}
RESIDENTS_PER_COMMUNITY = 37_500
RESIDENTS_PER_STAIRWELL = 117
YEARS = 6


def sizes(residents: int) -> tuple[int, dict]:
    """How many communities, and per community how many places and rows, for `residents` in all."""
    communities = max(2, round(residents / RESIDENTS_PER_COMMUNITY))
    per = residents // communities
    stairwells = max(4, per // RESIDENTS_PER_STAIRWELL)
    grids = max(1, min(8, math.ceil(stairwells / 40)))
    buildings_per_grid = max(1, min(10, math.ceil(stairwells / grids / 4)))
    size = {
        "residents": per,
        "grids": grids,
        "buildings_per_grid": buildings_per_grid,
        "stairwells_per_building": max(1, math.ceil(stairwells / grids / buildings_per_grid)),
        "volunteers": max(5, per // 1500),
        # One fee row per building and month: 0.17 per resident, as on the real street.
        "fee_months": max(1, round(per * 0.171 / (grids * buildings_per_grid))),
        **{key: max(1, round(per * ratio)) for key, ratio in PER_RESIDENT.items()},
    }
    return communities, size


def real_rows() -> list[str]:
    """What in this database was not made by seed_demo or seed_scale (the generator refuses to touch it)."""
    found = []
    # The seeds' accounts (demo_user) live at the reserved example domain; no real account does.
    users = get_user_model().objects.exclude(email__endswith="@example.org")
    if users.exists():
        found.append(f"{users.count()} user accounts")
    communities = (
        Area.objects.filter(depth=AreaLevel.COMMUNITY)
        .exclude(name__in=list(COMMUNITIES), parent__name=STREET)
        .exclude(name__in=list(SECOND_COMMUNITIES), parent__name=SECOND_STREET)
        .exclude(name__startswith=GENERATED_NAME)
    )
    if communities.exists():
        found.append(f"{communities.count()} communities")
    return found


@transaction.atomic
def build_community(*, street: Area, index: int, size: dict, now: datetime.datetime, seed: int) -> dict:
    """Generate community number `index` with every app's rows; the same seed gives the same rows."""
    # Communities join one after another (as real onboarding goes): each one's rows are one id range,
    # and the first one's are the oldest.
    ctx = {
        "index": index,
        "size": size,
        "street": street,
        "now": now,
        "start": now - datetime.timedelta(days=365 * YEARS - 90 * (index - 1)),
        "rng": random.Random(f"{seed}-{index}"),
    }
    for seeder in SCALE_SEEDERS:
        seeder.run(ctx)
    return ctx


class Command(BaseCommand):
    help = (
        "Build a large street for the benchmark: the demo street plus generated communities, bulk-loaded "
        "(COPY on PostgreSQL). Refuses a database with real data or an earlier generated street."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--residents", type=int, default=300_000, help="residents in all (default 300000)"
        )
        parser.add_argument(
            "--seed", type=int, default=14, help="random seed: the same seed gives the same rows"
        )
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="the day the data ends (default today)"
        )

    def handle(self, *args, residents, seed, today, **options):
        if residents < 100:
            raise CommandError("Give at least 100 residents.")
        found = real_rows()
        if found:
            raise CommandError(
                "This database holds data that neither seed_demo nor seed_scale made ("
                + ", ".join(found)
                + "); "
                "seed_scale only runs on a database of its own."
            )
        if Area.objects.filter(depth=AreaLevel.COMMUNITY, name__startswith=GENERATED_NAME).exists():
            raise CommandError("A generated street is already here; drop the database to build another.")
        started = time.monotonic()
        call_command("seed_demo", stdout=io.StringIO())
        street = Area.objects.get(name=STREET, depth=AreaLevel.STREET)
        count, size = sizes(residents)
        today = today or timezone.localdate()
        now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
        self.stdout.write(f"{count} communities of {size}")
        for index in range(1, count + 1):
            t0 = time.monotonic()
            build_community(street=street, index=index, size=size, now=now, seed=seed)
            self.stdout.write(f"community {index}/{count}: {time.monotonic() - t0:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Large street ready in {time.monotonic() - started:.1f} s."))
