#!/usr/bin/env bash
# Payment-notification throughput: signed sandbox notifications accepted per second, as a ratio of
# the server's own /api/v1/ping measured in the same run, and a check that nothing was lost.
#
#   Benchmarks/payments/run.sh [PATH_TO_RELEASE_BINARY]        (SQLite, a temporary file)
#   scripts/with-postgres.sh Benchmarks/payments/run.sh [...]   (PostgreSQL from DATABASE_URL)
#
# Prepares COUNT payable orders and their signed "paid" notifications (`crossing payments
# bench-notifications`), serves in production mode with throwaway keys and the sandbox allowed,
# runs wrk (1 thread, CONNECTIONS connections, DURATION s) on /api/v1/ping and then on the notify
# endpoint, waits for the in-process worker to settle, and checks that every distinct notification
# sent is recorded once and its order paid. Environment: DURATION (default 8), CONNECTIONS (64),
# COUNT (default 40000).
set -euo pipefail
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
binary=${1:-.build/release/crossing}
duration=${DURATION:-8}
connections=${CONNECTIONS:-64}
count=${COUNT:-40000}
log() { printf 'bench-payments: %s\n' "$*" >&2; }
[ -x "$binary" ] || { log "no executable at $binary; build it with: swift build -c release"; exit 66; }
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
command -v wrk >/dev/null || { log "wrk is missing (apt-get install wrk)"; exit 69; }

work_dir=$(mktemp -d "${TMPDIR:-/tmp}/crossing-bench-pay.XXXXXX")
server_pid=""
# shellcheck disable=SC2317
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        sleep 1
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
openssl ecparam -name prime256v1 -genkey -noout -out "$work_dir/gateway.pem" 2>/dev/null
FIELD_ENCRYPTION_KEYS="bench:$(random_key)"
BLIND_INDEX_KEY="$(random_key)"
PAYMENT_SANDBOX_PRIVATE_KEY=$(openssl pkcs8 -topk8 -nocrypt -in "$work_dir/gateway.pem" -outform DER | base64 -w0)
PAYMENT_GATEWAY_PUBLIC_KEY=$(openssl ec -in "$work_dir/gateway.pem" -pubout -outform DER 2>/dev/null | base64 -w0)
export FIELD_ENCRYPTION_KEYS BLIND_INDEX_KEY PAYMENT_SANDBOX_PRIVATE_KEY PAYMENT_GATEWAY_PUBLIC_KEY
export FIELD_ENCRYPTION_CURRENT_KEY_ID=bench ALLOW_SANDBOX_IN_PRODUCTION=true LOG_LEVEL=warning
export SQLITE_PATH="$work_dir/crossing.sqlite" PAYMENT_NOTIFY_MAX_AGE_HOURS=48
database="SQLite (temporary file)"
if [ -n "${DATABASE_URL:-}" ]; then database="PostgreSQL (DATABASE_URL)"; fi

log "migrating and preparing $count orders and notifications"
"$binary" migrate --yes --env production >"$work_dir/prepare.log" 2>&1 || { tail -5 "$work_dir/prepare.log" >&2; exit 70; }
"$binary" reference-data load --env production >>"$work_dir/prepare.log" 2>&1 || { tail -5 "$work_dir/prepare.log" >&2; exit 70; }
# In chunks, retried: the command's app starts its own start-up jobs, which can meet SQLite's lock.
: >"$work_dir/bodies.txt"
remaining=$count
while [ "$remaining" -gt 0 ]; do
    chunk=$((remaining < 5000 ? remaining : 5000))
    made=false
    for _ in 1 2 3 4 5; do
        if "$binary" payments bench-notifications --count "$chunk" --output "$work_dir/chunk.txt" --env production \
            >>"$work_dir/prepare.log" 2>&1; then
            made=true
            break
        fi
    done
    $made || { tail -5 "$work_dir/prepare.log" >&2; exit 70; }
    cat "$work_dir/chunk.txt" >>"$work_dir/bodies.txt"
    remaining=$((remaining - chunk))
done

port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base_url="http://127.0.0.1:$port"
AUTO_MIGRATE=false "$binary" serve --env production --hostname 127.0.0.1 --port "$port" >"$work_dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do
    curl -fsS -o /dev/null --max-time 2 "$base_url/readyz" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { tail -n 30 "$work_dir/server.log" >&2; exit 70; }
    sleep 0.5
done
curl -fsS -o /dev/null "$base_url/readyz" || { log "server not ready"; tail -n 30 "$work_dir/server.log" >&2; exit 70; }

rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p'; }
p99() { sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p'; }
wrk -t1 -c"$connections" -d2s "$base_url/api/v1/ping" >/dev/null
ping_out=$(wrk -t1 -c"$connections" -d"${duration}s" --latency "$base_url/api/v1/ping")
notify_out=$(BODIES="$work_dir/bodies.txt" wrk -t1 -c"$connections" -d"${duration}s" --latency \
    -s "$script_dir/notify.lua" "$base_url")
read -r _ sent _ refused _ acknowledged <<<"$(grep '^SENT' <<<"$notify_out")"

# Let the worker settle what was accepted (bounded wait), then count.
query() {
    if [ -n "${DATABASE_URL:-}" ]; then psql "$DATABASE_URL" -Atc "$1"; else sqlite3 -cmd ".timeout 30000" "$SQLITE_PATH" "$1"; fi
}
for _ in $(seq 1 120); do
    pending=$(query "SELECT count(*) FROM outbox_jobs WHERE kind = 'payment.settle' AND status IN ('pending','running')")
    [ "$pending" = "0" ] && break
    sleep 1
done
recorded=$(query "SELECT count(*) FROM payment_notifications")
paid=$(query "SELECT count(*) FROM payments WHERE status = 'paid'")
dead=$(query "SELECT count(*) FROM outbox_jobs WHERE kind = 'payment.settle' AND status = 'dead'")

ping_rps=$(rps <<<"$ping_out")
notify_rps=$(rps <<<"$notify_out")
ratio=$(python3 -c "print(f'{$notify_rps / $ping_rps:.3f}')")
# Every acknowledged notification must be recorded (a request cut off by wrk's stop may be too).
lost=$((acknowledged > recorded ? acknowledged - recorded : 0))
{
    echo "Payment notifications on $database, $(date -u +%Y-%m-%dT%H:%MZ), wrk -t1 -c$connections -d${duration}s"
    echo
    echo "| endpoint | req/s | ratio to ping | p99 |"
    echo "|---|---:|---:|---:|"
    echo "| ping (baseline) | $ping_rps | 1.000 | $(p99 <<<"$ping_out") |"
    echo "| POST payments/notify/sandbox | $notify_rps | $ratio | $(p99 <<<"$notify_out") |"
    echo
    echo "sent $sent, acknowledged $acknowledged (distinct), refused $refused, recorded $recorded, paid $paid, settle dead letters $dead, pending settle jobs ${pending:-?}, lost $lost"
} | tee "$script_dir/latest.md"
if [ "$refused" != "0" ] || [ "$lost" != "0" ] || [ "$paid" != "$recorded" ] || [ "$dead" != "0" ]; then
    log "notifications were refused or lost"
    exit 1
fi
