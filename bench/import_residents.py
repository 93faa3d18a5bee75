"""Benchmark: check, save and undo a residents workbook of N rows through the data import.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a scratch database> .venv/bin/python bench/import_residents.py --rows 5000 50000

Migrates the scratch database, builds a street of 20 communities x 5 grids x 10 buildings x 4 stairwells,
writes an .xlsx of N residents (`residents_workbook`: valid ID numbers, text cells as the template keeps
them), then times the three steps. Without REDIS_URL the Celery tasks run in-process, so the times are the
worker's own. Deletes what it made.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from governance.dataimport import services  # noqa: E402
from governance.models import Area, ImportBatch, Resident  # noqa: E402
from governance.residents.scale import residents_workbook  # noqa: E402
from governance.territory import services as territory  # noqa: E402


def _place(parent, name: str) -> Area:
    found = Area.objects.filter(parent=parent, name=name).first()
    return found or territory.area_create(parent=parent, name=name)


def build_street():
    street = _place(_place(None, "基准区"), "基准街道")
    stairwells = []
    for c in range(20):
        community = _place(street, f"社区{c}")
        for g in range(5):
            grid = _place(community, f"第{g}网格")
            for b in range(10):
                building = _place(grid, f"{b}号楼")
                for s in range(4):
                    stairwell = _place(building, f"{s}单元")
                    stairwells.append((community.name, grid.name, building.name, stairwell.name))
    return street, stairwells


def measure(user, street, stairwells, rows: int) -> None:
    t = time.perf_counter()
    content = residents_workbook(rows, stairwells)
    print(f"workbook: {rows} rows, {len(content) / 1048576:.1f} MB in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    batch = services.import_upload(user=user, roster_key="residents", filename="bench.xlsx", content=content)
    batch.refresh_from_db()
    print(
        f"check: {time.perf_counter() - t:.1f} s, status {batch.status}, new {batch.new_count}, "
        f"refused {batch.refused_count}"
    )
    t = time.perf_counter()
    services.import_confirm(user=user, batch=batch)
    batch.refresh_from_db()
    print(f"save: {time.perf_counter() - t:.1f} s, status {batch.status}, created {batch.new_count}")
    print(
        f"residents in the bench street: {Resident.objects.filter(area__path__startswith=street.path).count()}"
    )
    t = time.perf_counter()
    services.import_undo(user=user, batch=batch)
    left = Resident.objects.filter(area__path__startswith=street.path).count()
    print(f"undo: {time.perf_counter() - t:.1f} s; left: {left}")
    ImportBatch.objects.filter(pk=batch.pk).delete()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[5000, 50000])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="bench-import", defaults={"is_superuser": True})
    t = time.perf_counter()
    street, stairwells = build_street()
    print(f"territory: {len(stairwells)} stairwells in {time.perf_counter() - t:.1f} s")
    for rows in args.rows:
        measure(user, street, stairwells, rows)


if __name__ == "__main__":
    main()
