#!/usr/bin/env bash
# Measures `vigil ingest` end to end: generates COUNT synthetic HTML reports (default
# 10000) into a temporary directory, ingests them with the release build into a fresh
# SQLite database, and prints the run's summary (documents/s and the time share of the
# clean, extract and store stages).
#
#   scripts/bench-ingest.sh [COUNT] [extra `vigil ingest` arguments...]
#
# VIGIL=path/to/vigil measures another build (say, an older commit's) on the same corpus;
# KEEP=1 keeps the temporary directory.
set -euo pipefail

count="${1:-10000}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
work="$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-ingest.XXXXXX")"
if [[ "${KEEP:-0}" != 1 ]]; then
    trap 'rm -rf "$work"' EXIT
fi

cd "$root"
cargo build --quiet --release -p vigil --bin vigil -p vigil_pipeline --example gen-corpus
vigil="${VIGIL:-$target/release/vigil}"
"$target/release/examples/gen-corpus" "$work/corpus" "$count" 2026

echo "ingesting $count reports with $vigil ($(nproc) cores)"
# The summary goes to standard error; the per-document lines are not needed.
"$vigil" ingest "$work/corpus" --db "$work/bench.db" --quiet "$@" 2>&1 >/dev/null
echo "database: $(du -h "$work/bench.db" | cut -f1)"
