#!/usr/bin/env bash
# Whole-process speed and peak memory of the clean stage against trafilatura, in one run:
# for each set, `vigil eval clean --bench SET` and scripts/bench-clean-baseline.py SET
# (trafilatura 2.3.1) are each run as one process, pinned to one core (taskset), under
# /usr/bin/time -v. Prints wall seconds, peak RSS, F1 and the speed ratio per set.
# Both processes read and gunzip the same pages and score them by the same metric, so
# the wall times compare like with like (interpreter start and imports included).
#
#   scripts/bench-clean-speed.sh [SET_DIR...]
#
# Needs `pip install trafilatura==2.3.1 lxml_html_clean` (lxml 6 moved its cleaner out). Sets default to the benchmark and the two
# clean-dev sets under ../shared/data beside the repository. VIGIL=path measures another build.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
data="$(cd "$root/.." && pwd)/shared/data"
target="${CARGO_TARGET_DIR:-$root/target}"
if [[ $# -eq 0 ]]; then
    set -- "$data/article-extraction-benchmark" "$data/clean-dev/dragnet" "$data/clean-dev/readability"
fi
cd "$root"
if [[ -z "${VIGIL:-}" ]]; then
    cargo build --quiet --release -p vigil --bin vigil
fi
vigil="${VIGIL:-$target/release/vigil}"
log="$(mktemp "${TMPDIR:-/tmp}/vigil-bench-clean.XXXXXX")"
trap 'rm -f "$log"' EXIT

# Run a command on one core under /usr/bin/time -v; print "seconds rss_kib", keep its output in $log.out.
measure() {
    taskset -c 0 /usr/bin/time -v "$@" >"$log.out" 2>"$log"
    local wall rss
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')"
    rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")"
    echo "$wall $rss"
}

printf '%-30s %10s %10s %8s %10s %10s %8s %7s\n' set vigil_s vigil_MiB vigil_F1 traf_s traf_MiB traf_F1 ratio
for set in "$@"; do
    name="$(basename "$set")"
    read -r vs vr < <(measure "$vigil" eval clean --bench "$set")
    vf="$(awk '/^F1/ {print $2; exit}' "$log.out")"
    read -r ts tr < <(measure python3 "$root/scripts/bench-clean-baseline.py" "$set")
    tf="$(awk '/^F1/ {print $2}' "$log.out")"
    printf '%-30s %10.2f %10.1f %8s %10.2f %10.1f %8s %6.1fx\n' "$name" "$vs" "$(echo "$vr/1024" | bc -l)" "${vf:-?}" \
        "$ts" "$(echo "$tr/1024" | bc -l)" "${tf:-?}" "$(echo "$ts/$vs" | bc -l)"
done
rm -f "$log.out"
