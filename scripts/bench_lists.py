"""Benchmark the residents list (page and API) as the table grows: run against PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiedao_bench .venv/bin/python scripts/bench_lists.py 1000 100000

For each size it bulk-loads residents behind the demo street's stairwells, then times (in-process, Django's
test client, warm connection) the first API page, an API page 50 cursor steps deep, the first HTML page,
and a filtered HTML page; it prints the median and 95th percentile in milliseconds and the query count.
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402


def load(n_total):
    from governance.choices import AreaLevel
    from governance.models import Area, Household, Resident

    have = Resident.objects.count()
    if have >= n_total:
        return
    stairwells = list(Area.objects.filter(depth=AreaLevel.STAIRWELL))
    households = {}
    batch = []
    for i in range(have, n_total):
        stairwell = stairwells[i % len(stairwells)]
        room = f"B{i // len(stairwells) // 4}"
        key = (stairwell.pk, room)
        if key not in households:
            households[key] = Household.objects.get_or_create(area=stairwell, room=room)[0]
        batch.append(
            Resident(
                name=f"居民{i}",
                gender="M",
                birth_date="1980-01-01",
                area=stairwell,
                household=households[key],
                phone=f"139{i:08d}",
            )
        )
        if len(batch) == 5000:
            Resident.objects.bulk_create(batch)
            batch = []
    Resident.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def timed(fn, runs=40):
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main(sizes):
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="secretary_ljt")
    page_client = Client()
    page_client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    print(f"database: {connection.vendor}; user: {user.username} (one community of four)")
    print(f"{'residents':>10} {'request':<34} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for size in sizes:
        load(size)
        url = "/api/residents/"
        for _ in range(50):
            url = api.get(url).json()["next"] or url
        deep = url.replace("http://testserver", "")
        cases = [
            ("API first page", lambda: api.get("/api/residents/")),
            ("API page 50 cursor steps deep", lambda deep=deep: api.get(deep)),
            ("HTML list first page", lambda: page_client.get("/residents/")),
            ("HTML list filtered (floating)", lambda: page_client.get("/residents/?registration=floating")),
        ]
        for label, fn in cases:
            connection.queries_log.clear()  # a full log (DEBUG keeps 9000) would hide new queries
            with CaptureQueriesContext(connection) as ctx:
                response = fn()
            assert response.status_code == 200, (label, response.status_code)
            median, p95 = timed(fn)
            print(f"{size:>10} {label:<34} {median:>10.1f} {p95:>8.1f} {len(ctx.captured_queries):>8}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 100000])
