#!/usr/bin/env bash
# The appointment race on PostgreSQL: 200 concurrent clients booking scarce places.
#
#   Benchmarks/appointments/run.sh [PATH_TO_RELEASE_BINARY]     (default .build/release/crossing)
#
# Runs itself inside scripts/with-postgres.sh (a throwaway PostgreSQL cluster) unless DATABASE_URL is
# already set. Starts the release binary in production mode on a free loopback port, then, in the
# same run:
#   1. wrk -t1 -c64 on GET /api/v1/ping (the server's minimal JSON endpoint) for DURATION seconds;
#   2. pgbench's single-row update rate on the same cluster (UPDATE of one random pgbench_accounts
#      row per transaction, 16 clients, DURATION seconds);
#   3. Benchmarks/appointments/race.py: CLIENTS concurrent clients, each its own account, session and
#      client address, racing for every place of one office's released days for passport.first
#      with CAPACITY places per time slot, until every place is gone.
# Prints a markdown table (also written to Benchmarks/results/appointments-latest.md): holds/s and
# booking requests/s as ratios of ping and of the pgbench rate, p50 and p99 latency, and the
# overbooking check (must be zero). The server and the cluster are always stopped.
#
# Environment: CLIENTS (200), CAPACITY (3), DURATION (8).
# The per-account and per-address hourly limits are raised for the run (every client is one
# address and retries on full slots); the limit checks themselves still run on every request.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$script_dir/../.." && pwd)
if [ -z "${DATABASE_URL:-}" ]; then
    exec "$root/scripts/with-postgres.sh" "$0" "$@"
fi

binary=${1:-$root/.build/release/crossing}
clients=${CLIENTS:-200}
capacity=${CAPACITY:-3}
duration=${DURATION:-8}
log() { printf 'bench-appointments: %s\n' "$*" >&2; }
if [ ! -x "$binary" ]; then
    log "no executable at $binary; build it with: swift build -c release --product crossing"
    exit 66
fi
for tool in wrk pgbench psql python3 curl openssl; do
    command -v "$tool" >/dev/null || { log "$tool is missing (apt-get install wrk postgresql-client)"; exit 69; }
done

port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base_url="http://127.0.0.1:$port"
work_dir=$(mktemp -d "${TMPDIR:-/tmp}/crossing-bench-appointments.XXXXXX")
server_pid=""
# shellcheck disable=SC2317
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work_dir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

random_key() { python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())'; }
blind_index_key=$(random_key)
# Production also wants the payment gateway's keys: a throwaway sandbox pair for this run.
payment_private=$(openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -outform DER | base64 -w0)
payment_public=$(printf '%s' "$payment_private" | base64 -d | openssl pkey -inform DER -pubout -outform DER | base64 -w0)
log "starting $binary on $base_url (PostgreSQL)"
FIELD_ENCRYPTION_KEYS="bench:$(random_key)" FIELD_ENCRYPTION_CURRENT_KEY_ID=bench BLIND_INDEX_KEY="$blind_index_key" \
PAYMENT_SANDBOX_PRIVATE_KEY="$payment_private" PAYMENT_GATEWAY_PUBLIC_KEY="$payment_public" \
ALLOW_SANDBOX_IN_PRODUCTION=true AUTO_MIGRATE=true LOG_LEVEL=warning TRUST_FORWARDED_FOR=true \
APPOINTMENT_BOOKINGS_PER_ACCOUNT_PER_HOUR=10000 APPOINTMENT_BOOKINGS_PER_ADDRESS_PER_HOUR=100000 \
APPOINTMENT_MIN_LEAD_MINUTES=0 \
    "$binary" serve --env production --hostname 127.0.0.1 --port "$port" >"$work_dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
    kill -0 "$server_pid" 2>/dev/null || break
    if curl -fsS -o /dev/null --max-time 2 "$base_url/readyz" 2>/dev/null; then break; fi
    sleep 0.5
done
if ! curl -fsS -o /dev/null --max-time 2 "$base_url/readyz" 2>/dev/null; then
    log "server did not become ready; last lines of its log:"
    tail -n 30 "$work_dir/server.log" >&2 || true
    exit 70
fi

to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; unit = v; sub(/^[0-9.]+/, "", unit)
        if (unit == "us") n /= 1000; else if (unit == "s") n *= 1000; printf "%.1f", n }'
}
log "ping: wrk -t1 -c64 -d${duration}s"
wrk -t1 -c64 -d1s "$base_url/api/v1/ping" >/dev/null
ping_out=$(wrk -t1 -c64 -d"${duration}s" --latency "$base_url/api/v1/ping")
ping_rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$ping_out")
ping_p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$ping_out")")

log "pgbench: single-row updates, 16 clients, ${duration}s"
pgbench -i -s 1 -q "$DATABASE_URL" >/dev/null 2>&1
printf '\\set aid random(1, 100000)\nUPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;\n' >"$work_dir/update.sql"
pg_out=$(pgbench -n -c 16 -j 2 -T "$duration" -f "$work_dir/update.sql" "$DATABASE_URL" 2>&1)
pg_tps=$(awk '/^tps = / { printf "%.0f", $3 }' <<<"$pg_out")

log "race: $clients clients, $capacity places per time slot"
race=$(python3 "$script_dir/race.py" "$base_url" "$DATABASE_URL" "$blind_index_key" --clients "$clients" --capacity "$capacity")
field() { python3 -c "import json, sys; print(json.loads(sys.argv[1])$2)" "$race"; }
holds_ps=$(field "$race" "['holdsPerSecond']")
requests_ps=$(field "$race" "['requestsPerSecond']")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "uncommitted")

report=$(
    printf '# Appointment race (PostgreSQL)\n\n'
    printf -- '- Date: %s; commit %s; %s cores, %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit" "$(nproc)" "$(uname -sr)"
    printf -- '- Race: %s clients, %s time slots x %s places = %s places, %s requests in %s s\n' "$clients" \
        "$(field "$race" "['slots']")" "$capacity" "$(field "$race" "['places']")" "$(field "$race" "['requests']")" "$(field "$race" "['seconds']")"
    printf -- '- Outcomes: %s\n\n' "$(field "$race" "['outcomes']")"
    printf '| measure | value | ratio to ping | ratio to pgbench updates |\n|---|---:|---:|---:|\n'
    printf '| ping (wrk -c64), req/s | %s | 1 | |\n' "$ping_rps"
    printf '| pgbench single-row UPDATE (16 clients), tps | %s | | 1 |\n' "$pg_tps"
    printf '| holds granted per second | %s | %s | %s |\n' "$holds_ps" "$(ratio "$holds_ps" "$ping_rps")" "$(ratio "$holds_ps" "$pg_tps")"
    printf '| booking requests per second (granted + full) | %s | %s | %s |\n' "$requests_ps" "$(ratio "$requests_ps" "$ping_rps")" "$(ratio "$requests_ps" "$pg_tps")"
    printf '\nBooking latency p50 %s ms, p99 %s ms (ping p99 %s ms). Places taken %s = holds granted %s; slots over capacity: %s; slots with more active appointments than places: %s.\n' \
        "$(field "$race" "['p50ms']")" "$(field "$race" "['p99ms']")" "$ping_p99" "$(field "$race" "['placesTaken']")" \
        "$(field "$race" "['holds']")" "$(field "$race" "['overbookedSlots']")" "$(field "$race" "['slotsWithMoreAppointmentsThanPlaces']")"
)
mkdir -p "$root/Benchmarks/results"
printf '%s\n' "$report" >"$root/Benchmarks/results/appointments-latest.md"
printf '%s\n' "$report"
overbooked=$(field "$race" "['overbookedSlots'] + json.loads(sys.argv[1])['slotsWithMoreAppointmentsThanPlaces']")
if [ "$overbooked" != 0 ]; then log "OVERBOOKING DETECTED"; exit 1; fi
