#!/usr/bin/env bash
# Start (idempotently) a PostgreSQL 16 + pgvector server for the integration
# tests and benchmarks, from the binaries the PyPI package `pgserver` ships.
#
# Why: our machines run Debian's PostgreSQL 15, and Debian has no pgvector
# package for it. pgserver 0.1.4 bundles PostgreSQL 16.2 with pgvector 0.6.2.
# If you already have a PostgreSQL with pgvector, skip this and point
# DATABASE_URL at it.
#
# The binaries (pgserver/pginstall and the libraries beside it, pgserver.libs,
# which they find by a relative rpath) are copied out of the virtualenv into
# $PGVECTOR_DIR/dist first: PostgreSQL must run as an unprivileged user that may not be able to
# read a checkout under /root, and a server started from one clone must keep
# working (each new connection loads vector.so again) after that clone is gone.
#
# Usage: scripts/pgvector.sh start|stop|status|url
# Env:   PGVECTOR_PORT (5433), PGVECTOR_DIR (/tmp/factcheck-pgvector)
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${PGVECTOR_PORT:-5433}"
DIR="${PGVECTOR_DIR:-/tmp/factcheck-pgvector}"
PY="${PYTHON:-$HERE/.venv/bin/python}"
DIST="$DIR/dist"
PGBIN="$DIST/pgserver/pginstall/bin"
URL="postgres://postgres@127.0.0.1:${PORT}/factcheck"
export PGOPTIONS="-c client_min_messages=warning"

as_pg() {
  # PostgreSQL refuses to run as root: run its binaries as an unprivileged user.
  if [ "$(id -u)" = "0" ]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}

install_binaries() {
  local sp
  sp="$("$PY" -W ignore -c 'import pathlib, pgserver; print(pathlib.Path(pgserver.__file__).parent.parent)')" || {
    echo "pgvector.sh: cannot import pgserver with $PY; run 'make install' first" >&2
    exit 1
  }
  if [ ! -x "$PGBIN/postgres" ] || ! cmp -s "$sp/pgserver/pginstall/bin/postgres" "$PGBIN/postgres"; then
    rm -rf "$DIST.tmp"
    mkdir -p "$DIST.tmp/pgserver"
    cp -a "$sp/pgserver/pginstall" "$DIST.tmp/pgserver/"
    cp -a "$sp/pgserver.libs" "$DIST.tmp/"
    chmod -R a+rX "$DIST.tmp"
    rm -rf "$DIST"
    mv "$DIST.tmp" "$DIST"
  fi
}

running() { "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; }

if [ "${1:-start}" != url ]; then
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  install_binaries
fi

case "${1:-start}" in
  start)
    if ! running; then
      [ "$(id -u)" = "0" ] && { id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres; chown postgres "$DIR"; }
      if [ ! -f "$DIR/data/PG_VERSION" ]; then
        as_pg "'$PGBIN/initdb' -D '$DIR/data' -A trust -U postgres --encoding=UTF8 >/dev/null"
      fi
      as_pg "'$PGBIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w -t 60 -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c max_connections=200\" start >/dev/null" || {
        echo "pgvector.sh: PostgreSQL did not start; last lines of $DIR/server.log:" >&2
        tail -n 20 "$DIR/server.log" >&2 || true
        exit 1
      }
    fi
    "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='factcheck'" | grep -q 1 \
      || "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres factcheck
    "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d factcheck -qc "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null
    echo "pgvector server ready: $URL ($("$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d factcheck -tAc "SELECT 'PostgreSQL ' || current_setting('server_version') || ', pgvector ' || extversion FROM pg_extension WHERE extname='vector'"))"
    ;;
  stop)
    if running; then as_pg "'$PGBIN/pg_ctl' -D '$DIR/data' -m fast -w stop"; fi
    ;;
  status)
    if running; then echo "running on $PORT"; else echo "not running"; exit 1; fi
    ;;
  url)
    echo "$URL"
    ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
