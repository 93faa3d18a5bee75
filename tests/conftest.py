"""Shared fixtures: the demo-like territory, the five personas, real services and the browser."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

from governance.territory import services
from governance.territory.choices import Role
from tests.factories import UserFactory, area_tree

# Playwright's sync API runs an event loop in the test thread; live_server needs DB access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config):
    # A PBKDF2 hash costs most of a second here and every persona needs one; tests are not about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The Chinese assertions need the compiled catalogue; `pytest` alone in a fresh clone must pass.
    _compile_stale_catalogues()


def _compile_stale_catalogues():
    """Run compilemessages when a catalogue has no .mo or one older than its .po (a fresh clone, a pull)."""
    from django.core.management import call_command

    def stale(po: Path) -> bool:
        mo = po.with_suffix(".mo")
        return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime

    if any(stale(po) for path in settings.LOCALE_PATHS for po in Path(path).glob("*/LC_MESSAGES/*.po")):
        # compilemessages also walks the working directory for locale/ folders: run it from the project.
        with contextlib.chdir(settings.BASE_DIR):
            call_command("compilemessages", ignore_patterns=[".venv", "var", "node_modules"], verbosity=0)
        # Django loaded its catalogues while starting up, before this compile: have them read again. Python's
        # gettext keeps every .mo it has parsed, by path, so a stale one would come back from there.
        import gettext

        from django.test.signals import setting_changed

        gettext._translations.clear()
        setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False)


def pytest_collection_modifyitems(config, items):
    """Sort tests needing real services last (they flush the database)."""
    items.sort(
        key=lambda i: 1 if i.get_closest_marker("realservices") or i.get_closest_marker("browser") else 0
    )


def require_or_skip(ok: bool, why: str):
    """Skip when a real service is missing, except under CI, where a missing service is a failure."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"CI requires {why}")
    pytest.skip(f"needs {why}")


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """Tests run tasks in-process unless they ask for the real worker (the `celery_worker` fixture)."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield


@dataclass
class Territory:
    district: object
    street: object
    community_a: object
    grid_a: object
    building_a: object
    stairwell_a: object
    community_b: object
    grid_b: object
    building_b: object
    stairwell_b: object


@pytest.fixture(autouse=True)
def _fresh_throttles(monkeypatch):
    """API throttling counts live in the cache: each test starts with none (no shared cache is flushed)."""
    import uuid

    from django.core.cache.backends.locmem import LocMemCache
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "cache", LocMemCache(f"throttle-{uuid.uuid4()}", {}))
    # Cached dashboard panels too: a shared cache would hand one test (or xdist worker) another's panels.
    from governance.lib import dashcache

    panels = LocMemCache(f"dashboard-{uuid.uuid4()}", {})
    monkeypatch.setattr(dashcache, "cache", lambda: panels)
    from governance.lib import authz

    rights = LocMemCache(f"authz-{uuid.uuid4()}", {})
    monkeypatch.setattr(authz, "cache", lambda: rights)


@pytest.fixture
def territory(db) -> Territory:
    """Two communities under one street, each down to a stairwell."""
    district, street, ca, ga, ba, sa = area_tree(
        "新城区", "梁家屯路街道", "梁家屯社区", "第一网格", "1号楼", "1单元"
    )
    _, _, cb, gb, bb, sb = area_tree("新城区", "梁家屯路街道", "西岗社区", "第一网格", "1号楼", "1单元")
    return Territory(district, street, ca, ga, ba, sa, cb, gb, bb, sb)


def _persona(username, role, area, **extra):
    user = UserFactory(username=username, **extra)
    services.assignment_create(user=user, role=role, area=area)
    return user


@pytest.fixture
def street_admin(territory):
    return _persona("street_admin", Role.STREET_ADMIN, territory.street, is_staff=True)


@pytest.fixture
def street_staff(territory):
    return _persona("street_staff", Role.STREET_STAFF, territory.street)


@pytest.fixture
def secretary_a(territory):
    return _persona("secretary_a", Role.COMMUNITY_SECRETARY, territory.community_a)


@pytest.fixture
def secretary_b(territory):
    return _persona("secretary_b", Role.COMMUNITY_SECRETARY, territory.community_b)


@pytest.fixture
def grid_worker(territory):
    return _persona("grid_worker", Role.GRID_WORKER, territory.grid_a)


@pytest.fixture
def viewer(territory):
    return _persona("viewer", Role.VIEWER, territory.street)


@pytest.fixture
def client_as(client):
    """`client_as(user)` logs the Django test client in as `user` (force_login: axes wants a request)."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_as():
    from rest_framework.test import APIClient

    def login(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return login


# ------------------------------------------------------------------------------------------ real services


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


@pytest.fixture
def real_postgres():
    require_or_skip(
        settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), "PostgreSQL (DATABASE_URL)"
    )


@pytest.fixture
def real_redis():
    url = settings.CELERY_BROKER_URL
    require_or_skip(bool(url) and url.startswith("redis") and _reachable(url, 6379), "Redis (REDIS_URL)")
    return url


@pytest.fixture
def celery_worker(real_postgres, real_redis, transactional_db, settings):
    """A real `celery -A config worker` subprocess on the real broker, reading the test database."""
    from celery import current_app
    from celery._state import _set_task_join_will_block

    # An eagerly run task earlier in the session can leave Celery believing it runs inside a task,
    # which forbids result.get(); this process is the test, not a worker.
    _set_task_join_will_block(False)

    db = settings.DATABASES["default"]
    database_url = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": real_redis, "DEBUG": "true"}
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queue,
            "-c",
            "1",
            "--pool",
            "solo",
            "-l",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    app = current_app
    previous = (
        app.conf.task_always_eager,
        app.conf.task_default_queue,
        app.conf.broker_url,
        app.conf.result_backend,
        app.conf.task_routes,
    )
    # Every task to this test's own queue (the queues by kind would reach the machine's other workers).
    app.conf.update(
        task_always_eager=False,
        task_default_queue=queue,
        broker_url=real_redis,
        result_backend=real_redis,
        task_routes=None,
    )
    app.amqp.router = app.amqp.Router()
    try:
        yield app
    finally:
        app.conf.update(
            task_always_eager=previous[0],
            task_default_queue=previous[1],
            broker_url=previous[2],
            result_backend=previous[3],
            task_routes=previous[4],
        )
        app.amqp.router = app.amqp.Router()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


# ------------------------------------------------------------------------------------------------ browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "zh-CN", "timezone_id": "Asia/Shanghai", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def browser_ready():
    require_or_skip(os.path.exists(CHROMIUM), "Debian's chromium (apt-get install chromium fonts-noto-cjk)")


@pytest.fixture
def logged_in_page(browser_ready, live_server, page):
    """`logged_in_page(user)` logs in through the real login form and returns the Playwright page."""

    def login(user, password="pw-Jiedao-2026"):
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return login


SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"


@pytest.fixture
def screenshot(page):
    def take(name: str, full_page: bool = True):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
