"""`/healthz/` for monitoring: a registry of named checks, answered as JSON with 200 (all ok) or 503.

A check is a function of no arguments returning `(ok, detail)`; `detail` is a small dict of counts and
times for the operator, never personal data or a secret (the answer needs no login). An app adds its own
check with `register_check("pending-emails", fn)` from its `ready()` or a module it imports at start-up.
"""

import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

Check = Callable[[], tuple[bool, dict]]
CHECKS: dict[str, Check] = {}


def register_check(name: str, fn: Check) -> None:
    """Add (or replace) the check called `name`."""
    CHECKS[name] = fn


def run_checks() -> tuple[bool, dict]:
    """Run every check; one that raises counts as failed and names only the exception's type."""
    results = {}
    for name, fn in CHECKS.items():
        started = time.monotonic()
        try:
            ok, detail = fn()
        except Exception as exc:  # a broken check must not hide the others
            logger.warning("health check %s raised", name, exc_info=True)
            ok, detail = False, {"error": type(exc).__name__}
        results[name] = {"ok": bool(ok), "ms": round((time.monotonic() - started) * 1000, 1), **detail}
    return all(r["ok"] for r in results.values()), results


@never_cache
@require_GET
def healthz(request):
    ok, results = run_checks()
    return JsonResponse({"ok": ok, "checks": results}, status=200 if ok else 503)


def check_database() -> tuple[bool, dict]:
    """Every configured database answers a trivial query."""
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    return True, {"databases": len(connections.all())}


def check_broker() -> tuple[bool, dict]:
    """The Celery broker accepts a connection (without a broker, tasks run in-process and this is fine)."""
    if not settings.CELERY_BROKER_URL:
        return True, {"mode": "eager"}
    from config.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=settings.HEALTH_BROKER_TIMEOUT)
    except Exception as exc:
        # The URL may carry a password: report only what failed.
        return False, {"error": type(exc).__name__}
    return True, {}


def check_beat() -> tuple[bool, dict]:
    """The scheduler sent a periodic task recently (the heartbeat entry runs every few minutes)."""
    if not settings.CELERY_BROKER_URL:
        return True, {"mode": "eager"}
    from django_celery_beat.models import PeriodicTask

    last = (
        PeriodicTask.objects.filter(enabled=True, last_run_at__isnull=False)
        .order_by("-last_run_at")
        .values_list("last_run_at", flat=True)
        .first()
    )
    if last is None:
        return False, {"last_run_at": None}
    age = timezone.now() - last
    return age <= timedelta(seconds=settings.HEALTH_BEAT_MAX_AGE), {
        "last_run_at": last.isoformat(),
        "age_seconds": int(age.total_seconds()),
    }


register_check("database", check_database)
register_check("broker", check_broker)
register_check("beat", check_beat)
