"""Benchmark: check, save and undo a residents workbook of N rows through the data import.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a scratch database> .venv/bin/python bench/import_residents.py --rows 5000 50000

Migrates the scratch database, builds a street of 20 communities x 5 grids x 10 buildings x 4 stairwells,
writes an .xlsx of N residents (`residents_workbook`: valid ID numbers, text cells as the template keeps
them), then times the three steps. Without REDIS_URL the Celery tasks run in-process, so the times are the
worker's own; with REDIS_URL and a worker (`celery -A config worker -Q imports`, the same database and
JIEDAO_PII_KEY) it follows the worker's progress, and the CPU times are then the waiting bench's only.
Deletes what it made.
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


class Clock:
    """Wall time and this process's CPU time of a step: on a shared machine the wall time also counts waiting
    for a core, the CPU time does not (PostgreSQL's own work is in the wall time only)."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self):
        return f"{self.wall:.1f} s (CPU {self.cpu:.1f} s)"


def follow(batch):
    """Wait for a worker's check or save (with REDIS_URL and a worker on the `imports` queue), printing the
    progress the page shows; an in-process run is already finished here."""
    started = time.perf_counter()
    batch.refresh_from_db()
    while batch.is_running:
        done = services.batch_progress(batch)
        print(f"  {time.perf_counter() - started:6.1f} s: {done} / {batch.total_rows} rows", flush=True)
        time.sleep(5)
        batch.refresh_from_db()
    return batch


def measure(user, street, stairwells, rows: int) -> None:
    with Clock() as clock:
        content = residents_workbook(rows, stairwells)
    print(f"workbook: {rows} rows, {len(content) / 1048576:.1f} MB in {clock}")
    with Clock() as clock:
        batch = services.import_upload(
            user=user, roster_key="residents", filename="bench.xlsx", content=content
        )
        batch = follow(batch)
    print(f"check: {clock}, status {batch.status}, new {batch.new_count}, refused {batch.refused_count}")
    with Clock() as clock:
        batch = follow(services.import_confirm(user=user, batch=batch))
    print(f"save: {clock}, status {batch.status}, created {batch.new_count}")
    print(
        f"residents in the bench street: {Resident.objects.filter(area__path__startswith=street.path).count()}"
    )
    with Clock() as clock:
        services.import_undo(user=user, batch=batch)
    left = Resident.objects.filter(area__path__startswith=street.path).count()
    print(f"undo: {clock}; left: {left}")
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
