"""The benchmark's smoke run: the whole machinery (capture, floor, gunicorn, wrk, plans, table) at a small size.

It proves that `python -m bench` works, not that the portal is fast: a smoke run never fails on the targets
(noise on a shared machine would make CI flaky); it fails when a request does not answer 200 or a part breaks.
"""

import json
import shutil
import socket
import subprocess
import sys

import pytest
from django.conf import settings

from bench.run import ROOT
from tests.conftest import require_or_skip
from tests.volunteers.factories import make_need


def _free_port_pair() -> int:
    for _ in range(20):
        with socket.socket() as a:
            a.bind(("127.0.0.1", 0))
            port = a.getsockname()[1]
        with socket.socket() as b:
            try:
                b.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no two free ports side by side")


@pytest.mark.realservices
def test_the_benchmark_runs_end_to_end(
    real_postgres, transactional_db, territory, street_staff, secretary_a, tmp_path
):
    require_or_skip(shutil.which("wrk") is not None, "wrk (apt-get install wrk)")
    for n in range(3):
        make_need(territory.grid_a, requester_name=f"居民{n}")
    make_need(territory.grid_b)
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    figures = tmp_path / "figures.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--smoke",
            "--database-url",
            url,
            "--port",
            str(_free_port_pair()),
            "--street-user",
            street_staff.username,
            "--community-user",
            secretary_a.username,
            "--save",
            str(figures),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = {(r["user"], r["name"]): r for r in json.loads(figures.read_text())["results"]}
    assert set(results) == {
        (user, name)
        for user in ("street", "community")
        for name in ("api needs", "page needs", "rates", "dashboard")
    }
    for r in results.values():
        assert r["errors"] == 0
        assert r["queries"] > 0
        assert r["p50"][0] > 0 and r["rps"][0] > 0
    # The API list was replayed by the floor with the same statements, less the portal's own overhead.
    api = results[("community", "api needs")]
    assert api["floor_p50"][0] > 0 and api["floor_rps"][0] > 0
    floor = json.loads((ROOT / "var" / "bench" / "floor.json").read_text())
    assert any("volunteers_need" in sql for sql in floor[f"community:{api['url']}"])
    assert not any("django_session" in sql for sql in floor[f"community:{api['url']}"])
    assert "street    api needs" in run.stdout
