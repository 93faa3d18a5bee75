#!/usr/bin/env bash
# Runs every check and test. PostgreSQL and Redis are used when they answer on localhost (or when
# DATABASE_URL / REDIS_URL say where); without them the suite runs on SQLite and the real-service
# tests are skipped. Under CI=true they are required: a skipped real-service test fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

# Names of this checkout's own, from its path, so that two checkouts on one machine do not share a test
# database or a Redis DB: jiedao_<8 hex digits> and a Redis DB from 1 to 15.
checkout_hash=$(pwd -P | cksum | cut -d' ' -f1)
if [ -z "${DATABASE_URL:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/jiedao_$(printf '%08x' "$checkout_hash")"
fi
if [ -z "${REDIS_URL:-}" ] && (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  export REDIS_URL="redis://127.0.0.1:6379/$((checkout_hash % 15 + 1))"
fi
echo "database: ${DATABASE_URL:-sqlite (var/)}; broker: ${REDIS_URL:-none (tasks run eagerly)}"

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== migrations"
$PY manage.py makemigrations --check --dry-run
echo "== system checks"
$PY manage.py check
DEBUG=false SECRET_KEY="ci-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')" ALLOWED_HOSTS=portal.example.org \
  JIEDAO_PII_KEY="$(head -c 32 /dev/urandom | base64)" \
  $PY manage.py check --deploy --fail-level WARNING
echo "== every string translated into Chinese"
$PY manage.py i18n_check
echo "== OpenAPI schema"
$PY manage.py spectacular --validate --fail-on-warn --file /dev/null
echo "== pytest"
set +e
# One test process per core (pytest-xdist; each has its own test database): PYTEST_WORKERS=0 runs in one.
$PY -m pytest -n "${PYTEST_WORKERS:-auto}" "$@"
status=$?
set -e
if [ $status -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit $status
