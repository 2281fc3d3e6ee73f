#!/usr/bin/env bash
# Sign-in under load: correct-password sign-ins, and a wrong-password storm against one account while
# other accounts keep signing in. Rates are ratios of the server's own /api/v1/ping in the same run.
#
#   Benchmarks/sign-in/run.sh [PATH_TO_RELEASE_BINARY]          (SQLite, a temporary file)
#   scripts/with-postgres.sh Benchmarks/sign-in/run.sh [...]     (PostgreSQL from DATABASE_URL)
#
# Prepares COUNT applicant accounts with one random password (`crossing accounts bench-sign-in`),
# serves in production mode (throwaway keys, sandbox providers allowed, TRUST_FORWARDED_FOR so each
# request can come from its own client address), then with wrk (1 thread each):
#   1. GET /api/v1/ping, 64 connections (the baseline);
#   2. correct sign-ins (POST /api/v1/auth/token), SIGNIN_CONNECTIONS connections, each account once,
#      each request from its own address: the bcrypt-bound rate;
#   3. at the same time: a wrong-password storm on one account (STORM_CONNECTIONS connections, a new
#      address per request, so the per-account limit and the lock-out are what must answer) and
#      correct sign-ins of other accounts (SIGNIN_CONNECTIONS connections).
# Checks that the storm is answered 429 (bcrypt ran only for the few attempts the limit allows) and
# that the other accounts' sign-ins all succeed. Prints a markdown table (also written to
# Benchmarks/sign-in/latest-<database>.md). Environment: DURATION (8), COUNT (3000),
# SIGNIN_CONNECTIONS (8), STORM_CONNECTIONS (48), PASSWORD_HASH_COST (12, production's default).
set -euo pipefail
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$script_dir/../.." && pwd)
binary=${1:-$root/.build/release/crossing}
duration=${DURATION:-8}
count=${COUNT:-3000}
signin_connections=${SIGNIN_CONNECTIONS:-8}
storm_connections=${STORM_CONNECTIONS:-48}
log() { printf 'bench-sign-in: %s\n' "$*" >&2; }
[ -x "$binary" ] || { log "no executable at $binary; build it with: swift build -c release --product crossing"; exit 66; }
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
for tool in wrk curl python3 openssl; do
    command -v "$tool" >/dev/null || { log "$tool is missing (apt-get install $tool)"; exit 69; }
done

work_dir=$(mktemp -d "${TMPDIR:-/tmp}/crossing-bench-sign-in.XXXXXX")
server_pid=""
storm_pid=""
# shellcheck disable=SC2317
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    for pid in $storm_pid $server_pid; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            kill -KILL "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
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
export SQLITE_PATH="$work_dir/crossing.sqlite" TRUST_FORWARDED_FOR=true
export PASSWORD_HASH_COST=${PASSWORD_HASH_COST:-12}
database="SQLite (temporary file)"
slug=sqlite
if [ -n "${DATABASE_URL:-}" ]; then database="PostgreSQL (DATABASE_URL)"; slug=postgres; fi

log "migrating and creating $count accounts"
"$binary" migrate --yes --env production >"$work_dir/prepare.log" 2>&1 || { tail -5 "$work_dir/prepare.log" >&2; exit 70; }
"$binary" reference-data load --env production >>"$work_dir/prepare.log" 2>&1 || { tail -5 "$work_dir/prepare.log" >&2; exit 70; }
"$binary" accounts bench-sign-in --count "$count" --output "$work_dir/credentials.txt" --env production \
    >>"$work_dir/prepare.log" 2>&1 || { tail -5 "$work_dir/prepare.log" >&2; exit 70; }

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

rps() { awk '/^Requests\/sec:/ { printf "%.1f", $2 }'; }
pct() { awk -v p="$1" '$1 == p { print $2 }'; }
statuses() { sed -n 's/^STATUS //p'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.4f", a / b; else print "n/a" }'; }
count_of() { tr ' ' '\n' <<<"$1" | awk -F= -v s="$2" '$1 == s { n += $2 } END { print n + 0 }'; }
total_of() { tr ' ' '\n' <<<"$1" | awk -F= '{ n += $2 } END { print n + 0 }'; }
signin() { # MODE FIRST ADDRESS CONNECTIONS
    MODE=$1 FIRST=$2 ADDRESS=$3 CREDENTIALS="$work_dir/credentials.txt" \
        wrk -t1 -c"$4" -d"${duration}s" --timeout 30s --latency -s "$script_dir/signin.lua" "$base_url"
}

log "ping: wrk -t1 -c64 -d${duration}s"
wrk -t1 -c64 -d2s "$base_url/api/v1/ping" >/dev/null
ping_out=$(wrk -t1 -c64 -d"${duration}s" --latency "$base_url/api/v1/ping")

log "correct sign-ins alone: $signin_connections connections"
alone_out=$(signin correct 1 10.1 "$signin_connections")

# Accounts from the middle of the file on, so none is reused across phases (5 sign-ins per 15 min each).
log "wrong-password storm on one account ($storm_connections connections) with correct sign-ins of others"
MODE=storm FIRST=1 ADDRESS=10.2 CREDENTIALS="$work_dir/credentials.txt" \
    wrk -t1 -c"$storm_connections" -d"${duration}s" --timeout 30s --latency -s "$script_dir/signin.lua" "$base_url" \
    >"$work_dir/storm.txt" &
storm_pid=$!
during_out=$(signin correct $((count / 2)) 10.3 "$signin_connections")
wait "$storm_pid"
storm_pid=""
storm_out=$(cat "$work_dir/storm.txt")

ping_rps=$(rps <<<"$ping_out")
alone_rps=$(rps <<<"$alone_out")
storm_rps=$(rps <<<"$storm_out")
during_rps=$(rps <<<"$during_out")
alone_status=$(statuses <<<"$alone_out")
storm_status=$(statuses <<<"$storm_out")
during_status=$(statuses <<<"$during_out")
storm_total=$(total_of "$storm_status")
storm_429=$(count_of "$storm_status" 429)
storm_401=$(count_of "$storm_status" 401)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "uncommitted")
report=$(
    printf '# Sign-in on %s\n\n' "$database"
    printf -- '- Date: %s; commit %s; %s cores; bcrypt cost %s; wrk -t1, %s s per phase\n\n' \
        "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit" "$(nproc)" "$PASSWORD_HASH_COST" "$duration"
    printf '| phase | connections | req/s | ratio to ping | p50 | p99 | answers |\n|---|---:|---:|---:|---:|---:|---|\n'
    printf '| ping (baseline) | 64 | %s | 1 | %s | %s | |\n' "$ping_rps" "$(pct 50% <<<"$ping_out")" "$(pct 99% <<<"$ping_out")"
    printf '| correct sign-ins alone | %s | %s | %s | %s | %s | %s |\n' "$signin_connections" "$alone_rps" \
        "$(ratio "$alone_rps" "$ping_rps")" "$(pct 50% <<<"$alone_out")" "$(pct 99% <<<"$alone_out")" "$alone_status"
    printf '| wrong-password storm, one account | %s | %s | %s | %s | %s | %s |\n' "$storm_connections" "$storm_rps" \
        "$(ratio "$storm_rps" "$ping_rps")" "$(pct 50% <<<"$storm_out")" "$(pct 99% <<<"$storm_out")" "$storm_status"
    printf '| correct sign-ins of others, during the storm | %s | %s | %s | %s | %s | %s |\n' "$signin_connections" \
        "$during_rps" "$(ratio "$during_rps" "$ping_rps")" "$(pct 50% <<<"$during_out")" "$(pct 99% <<<"$during_out")" \
        "$during_status"
    printf '\nStorm: %s answers, %s of them 429 (rate limit or lock-out), %s were 401 (a password actually checked).\n' \
        "$storm_total" "$storm_429" "$storm_401"
)
printf '%s\n' "$report" | tee "$script_dir/latest-$slug.md"
fail=false
if [ "$(count_of "$alone_status" 200)" != "$(total_of "$alone_status")" ]; then log "a correct sign-in failed"; fail=true; fi
if [ "$(count_of "$during_status" 200)" != "$(total_of "$during_status")" ]; then log "a correct sign-in failed during the storm"; fail=true; fi
if [ "$storm_401" -gt 10 ]; then log "the storm got more than 10 password checks"; fail=true; fi
$fail && exit 1
exit 0
