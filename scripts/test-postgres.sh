#!/usr/bin/env bash
# Starts and stops a throw-away PostgreSQL server for the tests and benchmarks.
#
#   eval "$(scripts/test-postgres.sh start)"   # prints export lines, see below
#   ...                                        # tests read REXIAN_TEST_PG_DSN
#   scripts/test-postgres.sh stop              # stops it and deletes its files
#
# `start` runs initdb in a fresh temporary directory, listens on 127.0.0.1 only
# (a free port) and on a Unix socket inside that directory, keeps fsync on (the
# store's durability claims are measured against a real fsync), and prints
#   export REXIAN_TEST_PG_DSN='host=127.0.0.1 port=N dbname=postgres user=rexian_test'
#   export REXIAN_TEST_PG_DIR=/tmp/rexian-pg-XXXX
# `standby DIR` adds a streaming-replication standby of the server of DIR
# (pg_basebackup -R into DIR/standby, its own free port) and makes it the
# primary's synchronous standby (synchronous_standby_names = '*'), then prints
#   export REXIAN_TEST_PG_STANDBY_PORT=N
# `stop` stops the server of REXIAN_TEST_PG_DIR (or of the directory given as
# its second argument) and its standby, and removes the directory.
#
# PostgreSQL refuses to run as root: as root the server runs as the `postgres`
# user (created if missing). Authentication is `trust` on loopback only; the
# server holds nothing but test data and is gone after `stop`.
set -euo pipefail

find_bin_dir() {
  if [ -n "${REXIAN_PG_BIN:-}" ]; then echo "$REXIAN_PG_BIN"; return; fi
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then echo "$d"; fi
  done | sort -V | tail -n 1
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Runs a command as the server's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local bin
  bin="$(find_bin_dir)"
  if [ -z "$bin" ]; then
    echo "test-postgres: no initdb under /usr/lib/postgresql/*/bin; run scripts/install-deps.sh" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  local dir port
  dir="$(mktemp -d /tmp/rexian-pg-XXXXXX)"
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
  port="$(free_port)"
  as_owner "$bin/initdb" -D "$dir/data" -U rexian_test -A trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
max_connections = 200
shared_buffers = 256MB
wal_level = replica
max_wal_senders = 4
max_wal_size = 2GB
logging_collector = off
EOF
  cat >"$dir/data/pg_hba.conf" <<EOF
local all         all                trust
host  all         all  127.0.0.1/32  trust
local replication all                trust
host  replication all  127.0.0.1/32  trust
EOF
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "export REXIAN_TEST_PG_DSN='host=127.0.0.1 port=$port dbname=postgres user=rexian_test'"
  echo "export REXIAN_TEST_PG_DIR=$dir"
  echo "export REXIAN_PG_BIN=$bin"
}

standby() {
  local dir="${1:-${REXIAN_TEST_PG_DIR:-}}"
  if [ -z "$dir" ] || [ ! -f "$dir/data/postmaster.pid" ]; then
    echo "test-postgres: no running server in '$dir'" >&2
    exit 1
  fi
  local bin port primary_port
  bin="$(find_bin_dir)"
  port="$(free_port)"
  primary_port="$(sed -n 4p "$dir/data/postmaster.pid")"
  as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U rexian_test \
    -D "$dir/standby" -R -X stream -c fast >"$dir/basebackup.log" 2>&1 \
    || { cat "$dir/basebackup.log" >&2; exit 1; }
  printf "port = %s\nhot_standby = on\n" "$port" >>"$dir/standby/postgresql.conf"
  as_owner "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w -t 60 start >/dev/null \
    || { cat "$dir/standby.log" >&2; exit 1; }
  echo "synchronous_standby_names = '*'" >>"$dir/data/postgresql.conf"
  as_owner "$bin/pg_ctl" -D "$dir/data" reload >/dev/null
  echo "export REXIAN_TEST_PG_STANDBY_PORT=$port"
}

stop() {
  local dir="${1:-${REXIAN_TEST_PG_DIR:-}}"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    echo "test-postgres: nothing to stop (REXIAN_TEST_PG_DIR unset or gone)" >&2
    return 0
  fi
  case "$dir" in
    /tmp/rexian-pg-*) ;;
    *) echo "test-postgres: refusing to remove '$dir' (not a directory this script made)" >&2; exit 1 ;;
  esac
  local bin
  bin="$(find_bin_dir)"
  local data
  for data in "$dir/data" "$dir/standby"; do
    if [ -f "$data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  standby) standby "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | standby [dir] | stop [dir]" >&2; exit 2 ;;
esac
