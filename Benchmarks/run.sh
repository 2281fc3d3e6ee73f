#!/usr/bin/env bash
# Benchmark the API endpoints against the minimal /api/v1/ping baseline.
#
#   Benchmarks/run.sh [PATH_TO_RELEASE_BINARY]      (default .build/release/crossing)
#
# Builds nothing: build first with `swift build -c release`. Starts the server in production mode on
# a free loopback port with a throwaway SQLite database (or the PostgreSQL database in DATABASE_URL,
# when set), waits for /readyz, warms up, then runs `wrk -t1 -c64 -d${DURATION}s --latency` per
# endpoint. Prints a markdown table (req/s, ratio to the baseline measured in the same run, p50,
# p99) with the server's resident memory afterwards, and writes it to Benchmarks/results/latest.md.
# The server is always stopped at the end.
#
# Environment: DURATION (seconds per endpoint, default 8), CONNECTIONS (default 64),
# DATABASE_URL (optional; passed through to benchmark on PostgreSQL).
# With the defaults the whole run takes about a minute (bounded well under two).
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
binary=${1:-.build/release/crossing}
duration=${DURATION:-8}
connections=${CONNECTIONS:-64}
results_dir="$script_dir/results"

log() { printf 'bench: %s\n' "$*" >&2; }

case $duration in '' | *[!0-9]*) log "DURATION must be a whole number of seconds"; exit 64 ;; esac
case $connections in '' | *[!0-9]*) log "CONNECTIONS must be a whole number"; exit 64 ;; esac

if [ ! -x "$binary" ]; then
    log "no executable at $binary; build it with: swift build -c release"
    exit 66
fi
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        log "wrk is missing; install it (apt-get install wrk) and retry"
        exit 69
    fi
    log "installing wrk"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
fi

port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()')
base_url="http://127.0.0.1:$port"
work_dir=$(mktemp -d "${TMPDIR:-/tmp}/crossing-bench.XXXXXX")
server_log="$work_dir/server.log"
server_pid=""

# Invoked only through the traps below.
# shellcheck disable=SC2317
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work_dir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

database="SQLite (temporary file)"
if [ -n "${DATABASE_URL:-}" ]; then
    export DATABASE_URL
    database="PostgreSQL (DATABASE_URL)"
fi

log "starting $binary on $base_url"
# Production refuses to start without data-protection keys: throwaway random ones for this run.
random_key() { python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())'; }
FIELD_ENCRYPTION_KEYS="bench:$(random_key)" FIELD_ENCRYPTION_CURRENT_KEY_ID=bench BLIND_INDEX_KEY="$(random_key)" ALLOW_SANDBOX_IN_PRODUCTION=true \
SQLITE_PATH="$work_dir/crossing.sqlite" AUTO_MIGRATE=true LOG_LEVEL=warning \
    "$binary" serve --env production --hostname 127.0.0.1 --port "$port" >"$server_log" 2>&1 &
server_pid=$!

ready=false
for _ in $(seq 1 60); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        break
    fi
    if curl -fsS -o /dev/null --max-time 2 "$base_url/readyz" 2>/dev/null; then
        ready=true
        break
    fi
    sleep 0.5
done
if ! $ready; then
    if kill -0 "$server_pid" 2>/dev/null; then
        log "server did not become ready within 30 s; last lines of its log:"
    else
        log "server exited during start-up; last lines of its log:"
    fi
    tail -n 30 "$server_log" >&2 || true
    exit 70
fi

# name|path; the first one is the baseline.
endpoints=(
    "ping (baseline)|/api/v1/ping"
    "offices by city|/api/v1/offices?city=110100"
    "office detail|/api/v1/offices/bj-dongcheng"
    "fee on a date|/api/v1/fees/passport.ordinary?date=2019-06-30"
)

for entry in "${endpoints[@]}"; do
    path=${entry#*|}
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base_url$path" || true)
    if [ "$status" != 200 ]; then
        log "GET $path answered $status, not 200; the numbers for it would be meaningless"
        exit 70
    fi
done

log "warming up"
for entry in "${endpoints[@]}"; do
    wrk -t1 -c"$connections" -d1s "$base_url${entry#*|}" >/dev/null
done

# Converts a wrk duration (e.g. 512.00us, 1.23ms, 1.02s) to milliseconds with two decimals.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; unit = v; sub(/^[0-9.]+/, "", unit)
        if (unit == "us") n /= 1000; else if (unit == "s") n *= 1000; else if (unit == "m") n *= 60000
        printf "%.2f", n
    }'
}

rows=()
baseline_rps=""
for entry in "${endpoints[@]}"; do
    name=${entry%%|*}
    path=${entry#*|}
    log "wrk -t1 -c$connections -d${duration}s GET $path"
    output=$(wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s --latency "$base_url$path")
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$output")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$output")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$output")")
    # "Socket errors: connect 0, read 0, write 0, timeout 0" and "Non-2xx or 3xx responses: N".
    failures=$(awk '/Non-2xx or 3xx responses:/ { n += $NF }
        /Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$output")
    [ -n "$baseline_rps" ] || baseline_rps=$rps
    ratio=$(awk -v r="$rps" -v b="$baseline_rps" 'BEGIN { if (b > 0) printf "%.2f", r / b; else print "n/a" }')
    note=""
    [ "$failures" -eq 0 ] || note=" ($failures errors)"
    rows+=("| $name | \`GET $path\` | $rps$note | $ratio | $p50 | $p99 |")
done

rss=$(awk '/^VmRSS:/ { printf "%.1f MB", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null || echo "n/a")
peak=$(awk '/^VmHWM:/ { printf "%.1f MB", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null || echo "n/a")
commit=$(git -C "$script_dir/.." rev-parse --short HEAD 2>/dev/null || echo "uncommitted")

report=$(
    printf '# Crossing benchmark\n\n'
    printf -- '- Date: %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    printf -- "- Commit: %s; binary: \`%s\`\n" "$commit" "$binary"
    printf -- '- Machine: %s cores, %s\n' "$(nproc)" "$(uname -sr)"
    printf -- '- Database: %s\n' "$database"
    printf -- "- Load: \`wrk -t1 -c%s -d%ss --latency\` per endpoint, after a 1 s warm-up each\n\n" "$connections" "$duration"
    printf '| Endpoint | Request | Req/s | Ratio to ping | p50 (ms) | p99 (ms) |\n'
    printf '|---|---|---:|---:|---:|---:|\n'
    printf '%s\n' "${rows[@]}"
    printf '\nServer resident memory after the run: %s (peak %s).\n' "$rss" "$peak"
)

mkdir -p "$results_dir"
printf '%s\n' "$report" >"$results_dir/latest.md"
printf '%s\n' "$report"
log "written to $results_dir/latest.md"
