#!/usr/bin/env bash
# Integration tests against real services: PostgreSQL+pgvector, Redis, and live
# Celery worker processes that the tests start themselves.
#
# Usage: scripts/integration.sh [pytest args...]
# Env:   TEST_DATABASE_URL (default: the scripts/pgvector.sh server)
#        TEST_REDIS_URL    (default: redis://127.0.0.1:6379/15; the tests flush that db)
#
# Runs hold a lock, so two checkouts on one machine never share the test
# database (test_factcheck) or the broker db at the same time.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

exec 9>/tmp/factcheck-integration.lock
if ! flock -n 9; then
  echo "integration: another integration run holds /tmp/factcheck-integration.lock; waiting (max 20 min)"
  flock -w 1200 9 || { echo "integration: lock not released after 20 min" >&2; exit 1; }
fi

# Servers started from here must not inherit fd 9, or they would hold the lock
# for as long as they run and every later integration run would wait on them.
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  bash scripts/pgvector.sh start 9>&-
fi
REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
redis_ok() { $BIN/python -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=3).ping()" "$REDIS_URL" 2>/dev/null; }
if ! redis_ok; then
  if command -v redis-server >/dev/null; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null 9>&-
    for _ in 1 2 3 4 5 6 7 8 9 10; do redis_ok && break; sleep 0.5; done
  fi
  redis_ok || { echo "integration: Redis is not reachable at $REDIS_URL; start it (see README)" >&2; exit 1; }
fi

export DATABASE_URL="${TEST_DATABASE_URL:-$(bash scripts/pgvector.sh url)}"
export CELERY_BROKER_URL="$REDIS_URL"
export REDIS_URL
export CELERY_TASK_ALWAYS_EAGER=false
export FACTCHECK_REQUIRE_SERVICES=1
echo "integration: DATABASE_URL=$DATABASE_URL CELERY_BROKER_URL=$CELERY_BROKER_URL"

rc=0
$BIN/pytest -m integration -v -p no:cacheprovider --durations=5 "$@" || rc=$?
case "$rc" in
  0) echo "integration: all integration tests passed" ;;
  5) echo "integration: FAILED: no integration tests were collected (pytest exit 5); a green run must mean they ran" >&2; exit 1 ;;
  *) echo "integration: FAILED (pytest exit $rc)" >&2 ;;
esac
exit "$rc"
