"""The benchmark: every main list, detail page and report, measured with wrk against gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiedao_large .venv/bin/python -m bench
    .venv/bin/python -m bench --compare var/bench/jiedao_demo.json   # growth against a demo-size run
    .venv/bin/python -m bench --smoke                                # CI: small, short, never fails on noise

For each target and each of two users (street-wide and one community's secretary) it reports p50/p99 at one
connection and requests per second at four (wrk, gunicorn with two workers as in production), the queries per
request, the slowest statement with its plan (a sequential scan of a table over 10,000 rows is flagged), a
page 2,000 rows deep against the first page, and for API lists the ratio to the floor (bench/floor.py: the same
SQL through psycopg2 + orjson), portal and floor alternated for `--rounds` rounds. It prints a table with
PASS/FAIL against the targets of issue 14 and saves the figures as JSON (var/bench/<database>.json).
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEEP_ROWS = 2000
SEQ_SCAN_ROWS = 10_000
# Targets of issue 14.
FLOOR_P50_RATIO = 2.0
FLOOR_RPS_RATIO = 0.5
GROWTH_RATIO = 1.5
DEEP_RATIO = 1.2
ANALYTICS_P50_MS = 200
# Statements that are the portal's own overhead (session, user, permissions, scope), not the list's data.
OVERHEAD = re.compile(
    r'(FROM|UPDATE|INSERT INTO) "(django_session|auth_user|auth_permission|auth_group\w*|auth_user_\w+|'
    r'django_content_type|governance_assignment|authtoken_token)"|^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO)',
)


@dataclass
class Target:
    name: str
    url: str
    kind: str  # "api" or "page"
    group: str  # "list", "detail", "report" or "deep"
    first: str = ""  # for a deep page: the name of its first page


@dataclass
class Result:
    name: str
    user: str
    url: str
    kind: str
    group: str
    first: str = ""
    queries: int = 0
    slowest_ms: float = 0.0
    slowest_sql: str = ""
    seq_scans: list = field(default_factory=list)
    p50: list = field(default_factory=list)  # ms at 1 connection, one value per round
    p99: list = field(default_factory=list)
    rps: list = field(default_factory=list)  # at 4 connections
    floor_p50: list = field(default_factory=list)
    floor_rps: list = field(default_factory=list)
    errors: int = 0
    capture_ms: float = 0.0  # one request in-process: how long a wrk run must last to see a few answers


# ------------------------------------------------------------------------------------------- Django side


BENCH_SECRET_KEY = "bench-" + "k" * 50  # the portal under test and this process sign sessions alike


def setup_django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    if not os.environ.get("JIEDAO_PII_KEY"):
        # Data generated under the development defaults (`seed_scale` with no keys set, as in the README) was
        # encrypted with the key that follows from the SECRET_KEY of then; the bench's own key must not change it.
        from config.env import DEV_SECRET_KEY, development_pii_key

        os.environ["JIEDAO_PII_KEY"] = development_pii_key(os.environ.get("SECRET_KEY") or DEV_SECRET_KEY)
    os.environ["SECRET_KEY"] = BENCH_SECRET_KEY
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def discover(user) -> list[Target]:
    """The targets for one user: lists (API and page), their deep pages, detail pages and reports."""
    from governance.models import EnforcementCase, Resident
    from partybuilding.models import Meeting
    from volunteers.models import Need

    lists = [
        ("residents", "/api/territory/residents/", "/residents/"),
        ("needs", "/api/services/needs/", "/services/needs/"),
        ("cases", "/api/enforcement/cases/", "/cases/"),
        ("meetings", "/api/party/meetings/", "/party/meetings/"),
        ("actions", "/api/party/actions/", "/party/actions/"),
        ("records", "/api/services/records/", "/services/records/"),
        ("fees", "/api/property/fees/", "/property/fees/"),
    ]
    targets = []
    for name, api, page in lists:
        targets.append(Target(f"api {name}", api, "api", "list"))
        targets.append(Target(f"page {name}", page, "page", "list"))
    for name, model, url in [
        ("resident", Resident, "/residents/{}/"),
        ("need", Need, "/services/needs/{}/"),
        ("case", EnforcementCase, "/cases/{}/"),
        ("meeting", Meeting, "/party/meetings/{}/"),
    ]:
        pk = model.objects.visible_to(user).order_by("-pk").values_list("pk", flat=True).first()
        if pk is not None:
            targets.append(Target(f"detail {name}", url.format(pk), "page", "detail"))
    for name, url in [
        ("dashboard", "/"),
        ("rates", "/services/rates/"),
        ("fee collection", "/property/fees/collection/"),
        ("scorecard", "/cases/scorecard/"),
        ("A/B coverage", "/staff/coverage/"),
    ]:
        targets.append(Target(name, url, "page", "report"))
    return targets


def capture(client, url: str):
    """One request in-process: status, body, the statements run (sql, ms) and the link to the next page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, HTTP_ACCEPT="application/json" if url.startswith("/api/") else "text/html")
    body = response.content
    statements = [(q["sql"], float(q["time"]) * 1000) for q in ctx.captured_queries]
    return response.status_code, body, statements, next_link(url, body)


def next_link(url: str, body: bytes) -> str | None:
    if url.startswith("/api/"):
        try:
            data = json.loads(body)
        except ValueError:
            return None
        nxt = data.get("next") if isinstance(data, dict) else None
        if not nxt:
            return None
        parts = urlsplit(nxt)
        return parts.path + ("?" + parts.query if parts.query else "")
    match = re.search(rb'rel="next" href="([^"]+)"', body)
    if not match:
        return None
    href = match.group(1).decode().replace("&amp;", "&")
    return (urlsplit(url).path + href) if href.startswith("?") else href


def deep_url(client, url: str) -> str | None:
    """The page 2,000 rows below the first: followed link by link (keyset) or jumped to (page numbers)."""
    link, rows = url, 0
    while rows < DEEP_ROWS:
        status, body, _statements, nxt = capture(client, link)
        if status != 200 or not nxt:
            return None
        per_page = 50
        match = re.search(r"page_size=(\d+)", nxt)
        if match:
            per_page = int(match.group(1))
        if "page=" in nxt and "cursor=" not in nxt:
            sep = "&" if "?" in url else "?"
            deep = f"{url}{sep}page={DEEP_ROWS // per_page + 1}"
            return deep if capture(client, deep)[0] == 200 else None  # a list shorter than 2,000 rows
        link, rows = nxt, rows + per_page
    return link


def explain(sql: str) -> tuple[float, list[str], str]:
    """EXPLAIN ANALYZE of one statement: its time, the big tables it scans sequentially, the plan's text."""
    from django.db import connection

    if not sql.lstrip().upper().startswith("SELECT"):
        return 0.0, [], ""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0][0]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        text = "\n".join(r[0] for r in cursor.fetchall())
        scanned: dict[str, int] = {}

        def walk(node):
            if node.get("Node Type") == "Seq Scan":
                # Rows the scan read: those it passed on and those its filter dropped, on every loop. A scan
                # under a LIMIT (the bounded count) stops early; the flag still names it, with what it read.
                read = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * node.get(
                    "Actual Loops", 1
                )
                scanned[node["Relation Name"]] = scanned.get(node["Relation Name"], 0) + int(read)
            for child in node.get("Plans", []):
                walk(child)

        walk(plan["Plan"])
        big = []
        for table in sorted(scanned):
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
            if row and row[0] > SEQ_SCAN_ROWS:
                big.append(f"{table} ({int(row[0]):,} rows, {scanned[table]:,} read)")
    return plan["Execution Time"], big, text


# ------------------------------------------------------------------------------------------- load side


def wrk(url: str, connections: int, duration: float, cookie: str) -> dict:
    """One wrk run: p50 and p99 in ms, requests per second, non-2xx answers."""
    cmd = [
        "wrk",
        f"-t{min(connections, 2)}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--latency",
        "--timeout",
        "60s",
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 120).stdout
    result = {"p50": float("nan"), "p99": float("nan"), "rps": 0.0, "errors": 0}
    for pct, key in (("50", "p50"), ("99", "p99")):
        match = re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if match:
            value, unit = float(match.group(1)), match.group(2)
            result[key] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    match = re.search(r"(\d+) requests in", out)
    if match and int(match.group(1)) == 0:
        return {"p50": float("nan"), "p99": float("nan"), "rps": 0.0, "errors": 0}
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if match:
        result["rps"] = float(match.group(1))
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if match:
        result["errors"] = int(match.group(1))
    if "requests in" not in out:
        result["errors"] += 1
    return result


def collect_static(env: dict) -> None:
    """`collectstatic` as in production (the pages need its manifest), skipped when nothing changed since."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    newest = max(p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file())
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


def start_server(app: str, port: int, env: dict, workers: int = 2) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            app,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    for _ in range(100):
        time.sleep(0.2)
        try:
            import urllib.request

            urllib.request.urlopen(f"http://127.0.0.1:{port}/favicon-check", timeout=2)
        except Exception as exc:  # any HTTP answer means it is up
            if hasattr(exc, "code"):
                return proc
            continue
        return proc
    proc.terminate()
    raise RuntimeError(f"{app} did not start on port {port}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


# ------------------------------------------------------------------------------------------- verdicts


def med(values):
    values = [v for v in values if v == v]  # drop NaN
    return statistics.median(values) if values else float("nan")


def verdicts(result: Result, by_name: dict, baseline: dict | None) -> list[tuple[str, bool]]:
    """(what was checked, passed) for one result against the targets."""
    checks = []
    p50 = med(result.p50)
    if result.kind == "api" and result.group == "list" and result.floor_p50:
        checks.append((f"p50 ≤ {FLOOR_P50_RATIO:g}× floor", p50 <= FLOOR_P50_RATIO * med(result.floor_p50)))
        checks.append(
            (f"rps ≥ {FLOOR_RPS_RATIO:g}× floor", med(result.rps) >= FLOOR_RPS_RATIO * med(result.floor_rps))
        )
    if result.group == "deep" and result.first in by_name:
        checks.append((f"deep ≤ {DEEP_RATIO:g}× first", p50 <= DEEP_RATIO * med(by_name[result.first].p50)))
    if result.name in ("dashboard", "rates") and result.user == "street":
        checks.append((f"p50 ≤ {ANALYTICS_P50_MS} ms", p50 <= ANALYTICS_P50_MS))
    if result.seq_scans:
        checks.append(("no seq scan > 10k rows", False))
    if baseline:
        base = baseline.get(f"{result.user}|{result.name}")
        if base:
            checks.append((f"≤ {GROWTH_RATIO:g}× demo p50", p50 <= GROWTH_RATIO * med(base["p50"])))
            checks.append(("queries as on demo", result.queries == base["queries"]))
    if result.errors:
        checks.append(("answers 200", False))
    return checks


def print_table(results: list[Result], baseline: dict | None, load: str, connections: int = 4) -> bool:
    by_name = {}
    for r in results:
        by_name.setdefault(r.user, {})[r.name] = r
    header = f"{'user':<9} {'target':<20} {'q':>3} {'p50':>8} {'p99':>8} {f'rps@{connections}':>7} {'floor×':>6} {'rps/fl':>6} {'slowest':>8}  verdict"
    print(f"\nload average at the time: {load}")
    print(header)
    print("-" * len(header))
    all_pass = True
    for r in results:
        checks = verdicts(r, by_name[r.user], baseline)
        failed = [name for name, ok in checks if not ok]
        all_pass &= not failed
        floor_ratio = med(r.p50) / med(r.floor_p50) if r.floor_p50 else None
        rps_ratio = med(r.rps) / med(r.floor_rps) if r.floor_rps and med(r.floor_rps) else None
        verdict = ("FAIL: " + "; ".join(failed)) if failed else ("PASS" if checks else "-")
        print(
            f"{r.user:<9} {r.name:<20} {r.queries:>3} {med(r.p50):>7.1f}m {med(r.p99):>7.1f}m {med(r.rps):>7.1f} "
            f"{floor_ratio if floor_ratio is not None else float('nan'):>6.2f} "
            f"{rps_ratio if rps_ratio is not None else float('nan'):>6.2f} {r.slowest_ms:>7.1f}m  {verdict}"
        )
        if r.seq_scans:
            print(f"{'':<31}seq scan: {', '.join(r.seq_scans)}")
    return all_pass


# ------------------------------------------------------------------------------------------- main


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--smoke", action="store_true", help="a few targets, one short round; never fails on targets"
    )
    parser.add_argument("--duration", type=float, help="seconds per wrk run (default 4; smoke 1)")
    parser.add_argument(
        "--rounds", type=int, help="portal/floor alternations for API lists (default 2; smoke 1)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers of the portal (default 2, as in production)"
    )
    parser.add_argument(
        "--connections", type=int, default=4, help="wrk connections for requests per second (default 4)"
    )
    parser.add_argument("--port", type=int, default=8140, help="portal port; the floor takes the next one")
    parser.add_argument("--street-user", default="street_staff")
    parser.add_argument("--community-user", default="secretary_ljt")
    parser.add_argument("--only", help="a regular expression: only targets whose name matches")
    parser.add_argument("--save", help="where to write the figures (default var/bench/<database>.json)")
    parser.add_argument("--compare", help="figures of a demo-size run, for the growth and query-count checks")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        print("The benchmark runs against PostgreSQL: give --database-url or DATABASE_URL.", file=sys.stderr)
        return 2
    duration = args.duration or (1 if args.smoke else 4)
    rounds = args.rounds or (1 if args.smoke else 2)
    started = time.monotonic()
    setup_django(args.database_url)

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    users = {"street": args.street_user, "community": args.community_user}
    if args.smoke:
        args.only = args.only or r"^(api needs|page needs|rates|dashboard)$"
    plan_dir = ROOT / "var" / "bench" / "plans"
    plan_dir.mkdir(parents=True, exist_ok=True)

    # Capture: queries per request, slowest statement and its plan, deep pages, the floor's statements.
    results: list[Result] = []
    cookies, floor_statements = {}, {}
    for who, username in users.items():
        user = get_user_model().objects.get(username=username)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        cookies[who] = f"sessionid={client.cookies['sessionid'].value}"
        targets = discover(user)
        for t in list(targets):
            if t.group == "list" and (not args.only or re.search(args.only, t.name + " deep")):
                deep = deep_url(client, t.url)
                if deep:
                    targets.append(Target(f"{t.name} deep", deep, t.kind, "deep", first=t.name))
        for t in targets:
            if args.only and not re.search(args.only, t.name):
                continue
            t0 = time.monotonic()
            status, _body, statements, _next = capture(client, t.url)
            r = Result(t.name, who, t.url, t.kind, t.group, t.first, queries=len(statements))
            r.capture_ms = (time.monotonic() - t0) * 1000
            if status != 200:
                r.errors = 1
            if statements:
                sql, _ms = max(statements, key=lambda s: s[1])
                r.slowest_ms, r.seq_scans, text = explain(sql)
                r.slowest_sql = sql[:2000]
                slug = re.sub(r"\W+", "-", f"{who}-{t.name}").strip("-")
                (plan_dir / f"{slug}.txt").write_text(f"{t.url}\n\n{sql}\n\n{text}\n", encoding="utf-8")
            if t.kind == "api" and t.group in ("list", "deep"):
                floor_statements[f"{who}:{t.url}"] = [s for s, _ in statements if not OVERHEAD.search(s)]
            results.append(r)
    connection.close()

    # The floor answers by URL; the same URL differs by user, so each user's statements get a prefix.
    floor_file = ROOT / "var" / "bench" / "floor.json"
    floor_file.write_text(json.dumps(floor_statements, ensure_ascii=False), encoding="utf-8")
    dsn = connection.settings_dict
    env_portal = {
        "DATABASE_URL": args.database_url,
        "DEBUG": "false",
        "SECRET_KEY": BENCH_SECRET_KEY,
        # The key the data was encrypted with (the portal refuses to start without one when DEBUG is off).
        "JIEDAO_PII_KEY": settings.JIEDAO_PII_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        # wrk is one user asking as fast as it can: the per-user API budget would answer 429 within a second.
        "JIEDAO_API_RATE_USER": "100000000/minute",
    }
    env_floor = {
        "BENCH_FLOOR_FILE": str(floor_file),
        "BENCH_DSN": f"dbname={dsn['NAME']} user={dsn['USER']} host={dsn['HOST'] or '127.0.0.1'} port={dsn['PORT'] or 5432}",
    }
    if args.smoke:
        # A smoke run proves the machinery: it skips collectstatic (tens of seconds in a fresh clone) and so
        # serves with DEBUG on; measured runs serve as in production.
        env_portal["DEBUG"] = "true"
    else:
        collect_static(env_portal)
    print(f"captured {len(results)} targets in {time.monotonic() - started:.0f} s", flush=True)
    portal = start_server("config.wsgi", args.port, env_portal, workers=args.workers)
    floor = start_server("bench.floor:app", args.port + 1, env_floor)
    try:
        for r in results:
            base = f"http://127.0.0.1:{args.port}{r.url}"
            with_floor = f"{r.user}:{r.url}" in floor_statements
            # A slow page gets a run long enough for a few answers, then time for the workers to finish the
            # requests wrk abandoned, so that they do not slow the next target down.
            slow = min(60.0, 3 * r.capture_ms / 1000)
            run_for = max(duration, slow)
            for _round in range(rounds if with_floor else 1):
                one = wrk(base, 1, run_for, cookies[r.user])
                four = wrk(base, args.connections, run_for, cookies[r.user])
                time.sleep(min(120.0, 2 * r.capture_ms / 1000))
                r.p50.append(one["p50"])
                r.p99.append(one["p99"])
                r.rps.append(four["rps"])
                r.errors += one["errors"] + four["errors"]
                if with_floor:
                    floor_url = f"http://127.0.0.1:{args.port + 1}/{r.user}:{r.url}"
                    f1 = wrk(floor_url, 1, duration, "")
                    f4 = wrk(floor_url, args.connections, duration, "")
                    r.floor_p50.append(f1["p50"])
                    r.floor_rps.append(f4["rps"])
            print(f"  {r.user:<9} {r.name:<20} p50 {med(r.p50):.1f} ms", flush=True)
    finally:
        stop_server(portal)
        stop_server(floor)

    print(f"measured in {time.monotonic() - started:.0f} s", flush=True)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    baseline = None
    if args.compare:
        baseline = {
            f"{b['user']}|{b['name']}": b for b in json.loads(Path(args.compare).read_text())["results"]
        }
    print(f"gunicorn workers: {args.workers}; requests per second at {args.connections} connections")
    all_pass = print_table(results, baseline, load, args.connections)
    save = Path(args.save) if args.save else ROOT / "var" / "bench" / f"{dsn['NAME']}.json"
    save.write_text(
        json.dumps(
            {
                "load": load,
                "duration": duration,
                "rounds": rounds,
                "workers": args.workers,
                "connections": args.connections,
                "results": [asdict(r) for r in results],
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    print(f"\nfigures: {save}; plans: {plan_dir}")
    errors = sum(r.errors for r in results)
    if errors:
        print(f"{errors} requests did not answer 200", file=sys.stderr)
        return 1
    if args.smoke:
        return 0  # a smoke run proves the machinery, not the speed: noise must not fail CI
    return 0 if all_pass else 1


if __name__ == "__main__":
    sys.exit(main())
