#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a private PostgreSQL (15 on our machines) cluster in a temporary folder, listening only on
# 127.0.0.1 at a free port, creates the database `crossing_test` and runs CMD with
#   DATABASE_URL=postgres://crossing@127.0.0.1:PORT/crossing_test
# exported. Whatever happens (success, failure, Ctrl-C, SIGTERM) the cluster is stopped and its
# folder deleted, and the script exits with CMD's status.
#
# DATABASE_URL is set in CMD's environment, not in the calling shell, so to use it in arguments let
# a shell expand it inside:
#   scripts/with-postgres.sh sh -c 'psql "$DATABASE_URL" -c "select version()"'
#   scripts/with-postgres.sh swift test          # the tests read DATABASE_URL themselves
#
# Needs initdb and pg_ctl (on PATH or under /usr/lib/postgresql/*/bin). If they are missing and we
# are root, `apt-get install postgresql` is run. initdb refuses to run as root, so as root the
# cluster is run as the `postgres` system user (created if missing) via runuser.
set -euo pipefail

log() { printf 'with-postgres: %s\n' "$*" >&2; }

if [ "$#" -eq 0 ]; then
    log "usage: $0 CMD [ARGS...]"
    exit 64
fi

# Directory holding initdb/pg_ctl: PATH first, then the newest Debian versioned folder.
find_pg_bin() {
    local initdb_path candidate
    if initdb_path=$(command -v initdb) && command -v pg_ctl >/dev/null; then
        dirname "$(readlink -f "$initdb_path")"
        return 0
    fi
    for candidate in $(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -rV); do
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

is_root=false
[ "$(id -u)" -eq 0 ] && is_root=true

if ! pg_bin=$(find_pg_bin); then
    if ! $is_root; then
        log "initdb/pg_ctl not found; install PostgreSQL (e.g. apt-get install postgresql) and retry"
        exit 69
    fi
    log "PostgreSQL not found; installing it with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    pg_bin=$(find_pg_bin) || { log "PostgreSQL still not found after installing it"; exit 69; }
fi

# Client programs come from the same installation when it has them, else from PATH.
pg_tool() {
    if [ -x "$pg_bin/$1" ]; then printf '%s\n' "$pg_bin/$1"; else command -v "$1"; fi
}
createdb_bin=$(pg_tool createdb) || { log "createdb not found"; exit 69; }
pg_isready_bin=$(pg_tool pg_isready) || pg_isready_bin=""

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

cluster_dir=$(mktemp -d "${TMPDIR:-/tmp}/crossing-pg.XXXXXX")
data_dir="$cluster_dir/data"
log_file="$cluster_dir/postgres.log"
started=false

# Run a server program as the cluster's owner.
if $is_root; then
    if ! id -u postgres >/dev/null 2>&1; then
        log "creating system user postgres"
        useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    chown postgres: "$cluster_dir"
    chmod 700 "$cluster_dir"
    as_owner() { runuser -u postgres -- "$@"; }
else
    as_owner() { "$@"; }
fi

# Invoked only through the traps below.
# shellcheck disable=SC2317
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if $started; then
        as_owner "$pg_bin/pg_ctl" -D "$data_dir" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$cluster_dir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_owner "$pg_bin/initdb" -D "$data_dir" -A trust -U crossing --no-locale -E UTF8 >"$cluster_dir/initdb.log" 2>&1 || {
    log "initdb failed:"
    tail -n 20 "$cluster_dir/initdb.log" >&2
    exit 70
}

port=$(free_port)
# Tests need no durability; fsync off makes schema setup much faster.
server_options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$cluster_dir'"
server_options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"

started=true
if ! as_owner "$pg_bin/pg_ctl" -D "$data_dir" -l "$log_file" -o "$server_options" -w -t 60 start >/dev/null; then
    log "PostgreSQL failed to start; last lines of $log_file:"
    tail -n 30 "$log_file" >&2 || true
    exit 70
fi

if [ -n "$pg_isready_bin" ]; then
    "$pg_isready_bin" -q -h 127.0.0.1 -p "$port" -U crossing -t 30 || {
        log "PostgreSQL is not accepting connections"
        tail -n 30 "$log_file" >&2 || true
        exit 70
    }
fi

"$createdb_bin" -h 127.0.0.1 -p "$port" -U crossing crossing_test

export DATABASE_URL="postgres://crossing@127.0.0.1:$port/crossing_test"
log "PostgreSQL ready at $DATABASE_URL"

# CMD runs in the background so that a TERM sent to this script is passed on to it at once (bash
# defers traps until a foreground child exits). fd 3 keeps our stdin for it: background commands
# would otherwise read from /dev/null.
exec 3<&0
"$@" <&3 3<&- &
command_pid=$!
exec 3<&-
# shellcheck disable=SC2317
forward_signal() { kill "-$1" "$command_pid" 2>/dev/null || true; }
trap 'forward_signal INT' INT
trap 'forward_signal TERM' TERM

command_status=0
wait "$command_pid" || command_status=$?
# A trapped signal interrupts `wait` early; keep waiting until CMD has really exited.
while kill -0 "$command_pid" 2>/dev/null; do
    command_status=0
    wait "$command_pid" || command_status=$?
done
exit "$command_status"
