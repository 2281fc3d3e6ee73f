#!/usr/bin/env bash
# Screenshots of the portal: starts the debug server on a free loopback port with a throwaway SQLite
# database, runs scripts/screenshots.py against it, and stops the server whatever happens.
# Installs Chromium, its driver, CJK fonts and Selenium when missing (as root, from Debian and PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug/crossing}
OUT=${1:-screenshots}

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
  else
    echo "chromium and chromium-driver are needed: apt-get install chromium chromium-driver fonts-noto-cjk" >&2
    exit 1
  fi
fi
python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q selenium

tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SQLITE_PATH="$tmp/crossing.sqlite" LOG_LEVEL=warning "$BIN" serve --hostname 127.0.0.1 --port "$port" >"$tmp/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
python3 scripts/screenshots.py "http://127.0.0.1:$port" "$OUT"
