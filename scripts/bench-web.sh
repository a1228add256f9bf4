#!/usr/bin/env bash
# Load test of the web pages at scale: builds release, fills a store with 100,000
# synthetic events (crates/vigil_server/examples/bulk_db.rs), serves it on loopback and
# runs wrk against the overview, a search and an event page at 16 connections for 30 s
# each, printing p95 latency, error counts and page sizes (and the sizes of the review
# queue, people and organisation lists and wider searches).
#
#   scripts/bench-web.sh                 # the acceptance run
#   EVENTS=20000 DURATION=10s scripts/bench-web.sh
#   BENCH_DB=/tmp/bulk.db scripts/bench-web.sh   # keeps (and reuses) the database
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$(pwd)/target}"
events="${EVENTS:-100000}"
duration="${DURATION:-30s}"
connections="${CONNECTIONS:-16}"

if ! command -v wrk >/dev/null; then
  apt-get install -y -q wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
fi

cargo build --release --locked --quiet -p vigil
cargo build --release --locked --quiet -p vigil_server --example bulk_db

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

db="${BENCH_DB:-$work/bulk.db}"
if [ ! -f "$db" ]; then
  "$target/release/examples/bulk_db" "$db" "$events"
fi

"$target/release/vigil" serve --db "sqlite:$db" --addr 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
fetch() { python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1], timeout=30).read())' "$1"; }
base=""
for _ in $(seq 1 300); do
  base=$(sed -n 's|^Vigil is serving on \(http://[^/]*\)/$|\1|p' "$work/serve.out")
  if [ -n "$base" ] && fetch "$base/healthz" >/dev/null 2>&1; then break; fi
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.err"; exit 1; }
  base=""
  sleep 0.1
done
[ -n "$base" ] || { echo "the server did not answer /healthz"; exit 1; }

# An event from the middle of the store, and a search that matches many events.
id=$(fetch "$base/api/v1/events?limit=1&cursor=$(fetch "$base/api/v1/events?limit=500" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["next"] or "")')" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["id"])')
# "police" is in every synthetic report: the search joins 7,700 detentions out of 100,000 hits.
pages=("/" "/search?q=police&type=detention" "/events/$id")

cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f requests=%d rps=%.0f non_2xx=%d socket_errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.requests / (summary.duration / 1e6), e.status,
    e.connect + e.read + e.write + e.timeout))
end
LUA

printf '%-50s %10s %9s %9s %9s %9s %7s\n' page bytes p50_ms p95_ms requests non_2xx socket
for path in "${pages[@]}"; do
  bytes=$(fetch "$base$path" | wc -c)
  line=$(wrk -t2 -c"$connections" -d"$duration" -s "$work/report.lua" "$base$path" | grep '^RESULT')
  val() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$line"; }
  printf '%-50s %10s %9s %9s %9s %9s %7s\n' "$path" "$bytes" "$(val p50_ms)" "$(val p95_ms)" \
    "$(val requests)" "$(val non_2xx)" "$(val socket_errors)"
done

# Every other page a user opens, by size only (the budget is 150 KB each).
printf '\n%-50s %10s\n' page bytes
for path in /review /people /organisations "/search?q=police" "/search?type=protest&limit=100"; do
  printf '%-50s %10s\n' "$path" "$(fetch "$base$path" | wc -c)"
done
