#!/usr/bin/env bash
# Choose the word-sense model's training options on held-out notes, without the check part:
# the tune part of protest-notes (data/models/notes-tune-ids.txt) is cut in two folds by the
# parity of the MD5 of each note's id; a model is trained on one fold (and the labelled
# sentences) and scored on the other with protest-notes/score.py, both ways, then trained on
# fold A and scored on fold A (in-sample, to see how much it memorises).
#
#   scripts/sense-cv.sh [NOTES.jsonl]        # EPOCHS, MIN_COUNT, VETO from the environment
#
# NOTES defaults to ../shared/data/protest-notes/dev.jsonl beside the repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
notes="${1:-$root/../shared/data/protest-notes/dev.jsonl}"
score="$(dirname "$notes")/score.py"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$notes" "$root/data/models/notes-tune-ids.txt" "$work" <<'PY'
import hashlib, json, sys
notes, ids, work = sys.argv[1:]
tune = {l.strip() for l in open(ids) if l.strip()}
files = {f: open(f"{work}/{f}", "w") for f in ("idsA", "idsB", "A.jsonl", "B.jsonl")}
for line in open(notes):
    if not line.strip():
        continue
    note_id = json.loads(line)["id"]
    if note_id not in tune:
        continue
    fold = "AB"[int(hashlib.md5(note_id.encode()).hexdigest(), 16) & 1]
    files[f"ids{fold}"].write(note_id + "\n")
    files[f"{fold}.jsonl"].write(line)
PY

cd "$root"
cargo build -q --release -p vigil_extract --example sense_experiment
x=target/release/examples/sense_experiment
s=data/models/sense-sentences.tsv
for run in "A B" "B A" "A A"; do
  set -- $run
  "$x" "$s" "$notes" "$work/ids$1" "$work/$2.jsonl" "$work/out.jsonl"
  printf '== trained on fold %s, scored on fold %s\n' "$1" "$2"
  python3 "$score" "$work/$2.jsonl" "$work/out.jsonl"
done
