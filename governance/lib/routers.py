"""Reads of reports and dashboards from a PostgreSQL read replica, when one is configured.

A page that only reports (the dashboard, statistics) wraps its work in `replica_reads()` (or decorates
its view with `@reads_from_replica`); inside, reads go to the `replica` database alias. Writes always go
to `default`, and so does everything outside such a block, so a user never misses their own last change.
Without `DATABASE_REPLICA_URL` there is no `replica` alias and everything reads from `default`.
"""

import contextlib
import contextvars
import functools

from django.db import connections

REPLICA = "replica"
_reading_from_replica = contextvars.ContextVar("reading_from_replica", default=False)


@contextlib.contextmanager
def replica_reads():
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with replica_reads():
            response = view(*args, **kwargs)
            # A template response renders later, outside the block: render it here, on the replica.
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response

    return wrapper


class ReplicaRouter:
    """Sends reads inside `replica_reads()` to the replica; writes and migrations stay on `default`."""

    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and REPLICA in connections:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of default: the same rows

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
