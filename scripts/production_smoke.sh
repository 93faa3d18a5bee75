#!/usr/bin/env bash
# The production shape, started as deploy/ starts it and smoke-tested from outside (called by .ci/run):
# a fresh database, migrate, the demo, collectstatic, gunicorn with DEBUG=false, a Celery worker and beat
# (deploy/bin/*), then scripts/smoke.py. Everything it starts it stops, by pid. Plain HTTP on loopback:
# the documented switches for an intranet without TLS are set.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
started=$(date +%s)

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL server}"
: "${REDIS_URL:?REDIS_URL must name the Redis server}"
export DATABASE_URL="${SMOKE_DATABASE_URL:-${DATABASE_URL}_smoke}"
db_name="${DATABASE_URL##*/}"
server_url="${DATABASE_URL%/*}/postgres"
port=${SMOKE_PORT:-$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
work=$(mktemp -d)

export DEBUG=false
export SECRET_KEY="smoke-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')"
export JIEDAO_PII_KEY="$(head -c 32 /dev/urandom | base64)"
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0
export STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media" BACKUP_DIR="$work/backups"
export WEB_BIND="127.0.0.1:$port" WEB_WORKERS=2 CELERY_CONCURRENCY=1
export BEAT_HEARTBEAT_SECONDS=5  # so that /healthz/ sees the scheduler within seconds
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  $PY -c "import psycopg2, sys; c = psycopg2.connect(sys.argv[1]); c.autocommit = True; \
c.cursor().execute('DROP DATABASE IF EXISTS \"' + sys.argv[2] + '\" WITH (FORCE)')" "$server_url" "$db_name" || true
  rm -rf "$work"
}
trap cleanup EXIT

$PY -c "import psycopg2, sys; c = psycopg2.connect(sys.argv[1]); c.autocommit = True; cur = c.cursor(); \
cur.execute('DROP DATABASE IF EXISTS \"' + sys.argv[2] + '\" WITH (FORCE)'); cur.execute('CREATE DATABASE \"' + sys.argv[2] + '\"')" \
  "$server_url" "$db_name"
echo "== production shape: database $db_name, port $port"
t=$(date +%s); $PY manage.py migrate --noinput -v0; echo "migrate: $(( $(date +%s) - t )) s"
t=$(date +%s); $PY manage.py seed_demo >/dev/null; echo "seed_demo: $(( $(date +%s) - t )) s"
t=$(date +%s); $PY manage.py collectstatic --noinput -v0; echo "collectstatic: $(( $(date +%s) - t )) s"

deploy/bin/web >"$work/web.log" 2>&1 & pids+=($!)
deploy/bin/worker >"$work/worker.log" 2>&1 & pids+=($!)
deploy/bin/beat >"$work/beat.log" 2>&1 & pids+=($!)
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/login/" 2>/dev/null && break
  sleep 1
done

status=0
$PY scripts/smoke.py "http://127.0.0.1:$port" || status=$?
if [ $status -ne 0 ]; then
  for log in web worker beat; do echo "--- $log.log (last 40 lines)"; tail -n 40 "$work/$log.log"; done
fi
echo "production shape: $(( $(date +%s) - started )) s in all"
exit $status
