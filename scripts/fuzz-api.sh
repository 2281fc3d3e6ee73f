#!/usr/bin/env bash
# Schema-driven fuzzing of the JSON API with schemathesis: starts the debug server on a free loopback
# port with a throwaway SQLite database, sends generated valid and invalid requests (bounded by
# MAX_EXAMPLES per operation and a fixed seed, so a run is repeatable), and fails on any 5xx, any
# response that does not match docs/openapi.yaml, and any schema-violating request that is accepted.
# Business rules that reject schema-valid input (an ID number with a bad check digit) are expected,
# so that one check (positive_data_acceptance) is left out.
#
# A server crash fails the run and prints the server's whole log, whose first backtrace is the
# crashing thread's (that is how a trap in name normalisation was found).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug/crossing}
MAX_EXAMPLES=${MAX_EXAMPLES:-60}
SEED=${SEED:-20261122}
SIGNED_IN_EXAMPLES=${SIGNED_IN_EXAMPLES:-30}

python3 -m pip install -q "schemathesis==4.32.5" 2>/dev/null || python3 -m pip install -q schemathesis

# One fuzzing run against a fresh server. Exit codes: 0 clean, 1 findings, 3 the server died.
fuzz_once() {
  local tmp port server status=0
  tmp=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  SQLITE_PATH="$tmp/crossing.sqlite" LOG_LEVEL=warning "$BIN" serve --hostname 127.0.0.1 --port "$port" \
    >"$tmp/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  # Signed in first (the anonymous pass fuzzes the sign-in endpoint and trips its per-address limit):
  # the second pass runs signed in as the development demo citizen, so the personal endpoints' bodies and
  # parameters are fuzzed too (anonymously they only ever answer 401).
  local token=""
  for _ in $(seq 1 50); do
    token=$(curl -fsS -H 'Content-Type: application/json' \
      -d '{"identifier":"13800001001","password":"Crossing-Demo-2026"}' \
      "http://127.0.0.1:$port/api/v1/auth/token" 2>/dev/null \
      | python3 -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])' 2>/dev/null) && break
    sleep 0.2
  done
  schemathesis run docs/openapi.yaml --url "http://127.0.0.1:$port" --checks all \
    --exclude-checks positive_data_acceptance --max-examples "$MAX_EXAMPLES" --seed "$SEED" --no-color || status=1
  if [ -n "$token" ]; then
    schemathesis run docs/openapi.yaml --url "http://127.0.0.1:$port" --checks all \
      --exclude-checks positive_data_acceptance --max-examples "$SIGNED_IN_EXAMPLES" --seed "$SEED" --no-color \
      -H "Authorization: Bearer $token" \
      --include-path-regex '^/api/v1/(renewals|appointments|account|dependents|me|payments|shipments|timelines)' \
      || status=1
  else
    echo "!!! could not sign in as the demo citizen for the signed-in pass"
    status=1
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    # The crashing thread's backtrace comes before the other threads': show the whole log.
    echo "--- the server died during fuzzing; its whole log ---"
    cat "$tmp/server.log"
    status=3
  else
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    [ "$status" = 0 ] || { echo "--- server log (last 40 lines) ---"; tail -n 40 "$tmp/server.log"; }
  fi
  rm -rf "$tmp"
  return "$status"
}

status=0
fuzz_once || status=$?
[ "$status" != 3 ] || echo "!!! SERVER CRASH during API fuzzing: see the log above"
exit "$status"
