#!/usr/bin/env bash
# Measures the PostgreSQL store beside SQLite on one synthetic corpus (issue 14):
#
#   1. ingest throughput: SQLite (one process), PostgreSQL with 1 and with 2 queue workers;
#   2. three workers, one killed with SIGKILL once half the reports are stored: the store
#      must equal the single worker's (same documents, same events, same counts);
#   3. search, facet and timeline latency (p50/p95) on the SQLite and PostgreSQL stores.
#
#   scripts/bench-postgres.sh [COUNT]        (default 20000 reports)
#
# Uses the server of VIGIL_TEST_POSTGRES when set (its user must create databases), else
# starts a throwaway one with .ci/postgres. KEEP=1 keeps the temporary directory.
set -euo pipefail

count="${1:-20000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
work="$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-pg.XXXXXX")"
cd "$root"
if [[ -z "${VIGIL_TEST_POSTGRES:-}" ]]; then
  source .ci/postgres
fi
cleanup() {
  if [[ "${KEEP:-0}" != 1 ]]; then rm -rf "$work"; fi
  if declare -F vigil_pg_stop >/dev/null; then vigil_pg_stop; fi
}
trap cleanup EXIT

cargo build --quiet --release -p vigil --bin vigil -p vigil_pipeline --example gen-corpus \
  -p vigil_store_postgres --example store_bench
vigil="$target/release/vigil"
bench="$target/release/examples/store_bench"
"$target/release/examples/gen-corpus" "$work/corpus" "$count" 2026 >/dev/null
admin="$VIGIL_TEST_POSTGRES"
base="${admin%/*}"
database() { # a fresh database's URL
  local name="vigil_bench_$1_$$"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
  echo "$base/$name"
}
seconds() { python3 -c "import time; print(f'{time.time():.3f}')"; }
elapsed() { python3 -c "print(f'{$2 - $1:.1f}')"; }
stored() { psql -Atq "$1" -c "SELECT count(*) FROM documents"; }
enqueue() { find "$work/corpus" -name '*.html' | sort | xargs -n 2000 "$vigil" ingest --enqueue --db "$1" 2>/dev/null; }
workers() { # URL N: N workers until the queue is empty; prints the wall time
  local url=$1 n=$2 pids=() start
  enqueue "$url"
  start=$(seconds)
  for _ in $(seq "$n"); do
    "$vigil" ingest --worker --db "$url" --quiet --claim 32 2>"$work/worker-$n-$RANDOM.log" &
    pids+=($!)
  done
  wait "${pids[@]}"
  elapsed "$start" "$(seconds)"
}

echo "== $count reports, $(nproc) cores, $(psql -Atq "$admin" -c 'SHOW server_version')"
start=$(seconds)
"$vigil" ingest "$work/corpus" --db "sqlite:$work/lite.db" --quiet 2>"$work/sqlite.log"
t=$(elapsed "$start" "$(seconds)")
echo "sqlite, 1 process:     ${t} s ($(python3 -c "print(round($count / $t))") reports/s)"

one=$(database one)
t=$(workers "$one" 1)
echo "postgres, 1 worker:    ${t} s ($(python3 -c "print(round($count / $t))") reports/s)"
two=$(database two)
t=$(workers "$two" 2)
echo "postgres, 2 workers:   ${t} s ($(python3 -c "print(round($count / $t))") reports/s)"
"$bench" same "$one" "$two"

three=$(database three)
enqueue "$three"
pids=()
for i in 1 2 3; do
  "$vigil" ingest --worker --db "$three" --quiet --claim 32 --lease-seconds 20 \
    2>"$work/three-$i.log" &
  pids+=($!)
done
until [[ $(stored "$three") -ge $((count / 2)) ]]; do sleep 0.2; done
kill -KILL "${pids[0]}"
echo "killed worker ${pids[0]} with SIGKILL at $(stored "$three") of $count reports stored"
wait "${pids[0]}" || true
wait "${pids[1]}" "${pids[2]}"
psql -Atq "$three" -c "SELECT 'queue: ' || count(*) FILTER (WHERE state = 'done') || ' done, '
  || count(*) FILTER (WHERE state <> 'done') || ' not done, '
  || count(*) FILTER (WHERE attempts > 1) || ' claimed again after the kill' FROM work_queue"
"$bench" same "$one" "$three"

"$bench" latency "sqlite:$work/lite.db" "$one"
