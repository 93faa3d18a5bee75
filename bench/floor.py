"""The floor: a bare WSGI app that answers an API list with the same SQL the portal ran, via psycopg2 + orjson.

The benchmark captures, for each API list, the statements the portal ran for the data (not for the session,
the permissions or the scope: those are the portal's overhead, which the ratio measures) and writes them to
the file named by `BENCH_FLOOR_FILE` as ``{"street:/api/...?...": ["SELECT ...", ...]}``. For a request, the floor runs
the same statements on one kept connection (`BENCH_DSN`) and returns the rows of the largest result as JSON,
with the count when one of the statements was a COUNT: the same data the portal's page carries, with no
framework in between. It is what this machine, this database and this SQL cost at least.
"""

import datetime
import json
import os
from decimal import Decimal

import orjson
import psycopg2

_STATEMENTS: dict[str, list[str]] = {}
_CONNECTION = None


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    raise TypeError(type(value))


def _connection():
    global _CONNECTION
    if _CONNECTION is None or _CONNECTION.closed:
        _CONNECTION = psycopg2.connect(os.environ["BENCH_DSN"])
        _CONNECTION.autocommit = True
    return _CONNECTION


def answer(key: str) -> bytes | None:
    """The JSON body for one captured URL, or None when the URL was not captured."""
    if not _STATEMENTS:
        with open(os.environ["BENCH_FLOOR_FILE"], encoding="utf-8") as f:
            _STATEMENTS.update(json.load(f))
    statements = _STATEMENTS.get(key)
    if statements is None:
        return None
    count, results = None, []
    with _connection().cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            if cursor.description is None:
                continue
            names = [d.name for d in cursor.description]
            rows = cursor.fetchall()
            if len(names) == 1 and names[0] in ("__count", "count") and len(rows) == 1:
                count = rows[0][0]
            elif len(rows) >= len(results):
                results = [dict(zip(names, row, strict=True)) for row in rows]
    body = {"results": results} if count is None else {"count": count, "results": results}
    return orjson.dumps(body, default=_default)


def app(environ, start_response):
    # The portal's URL behind the user it was captured for: /street:/api/services/needs/?page=2
    key = environ.get("PATH_INFO", "").removeprefix("/")
    if environ.get("QUERY_STRING"):
        key += "?" + environ["QUERY_STRING"]
    body = answer(key)
    if body is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not captured"]
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
