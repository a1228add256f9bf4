#!/usr/bin/env python3
"""Scores the resolve stage as wired into ingest: the reports of a resolve gold set
(crates/vigil_resolve/tests/gold*/reports.jsonl) are ingested one `vigil ingest` run each, in
file order, so that each is resolved against the store as a new report would be; then the
stored person and incident links are read back and compared with the gold clusters, pairwise
(as `vigil eval resolve` does for the in-memory resolution).

usage: scripts/eval-resolve-stored.py VIGIL_BINARY GOLD_DIR
"""
import itertools
import json
import os
import sqlite3
import subprocess
import sys
import tempfile


def pairwise(items):
    """items: list of (gold, predicted-or-None); None stands alone."""
    pred = [p if p is not None else ("alone", i) for i, (_, p) in enumerate(items)]
    both = in_pred = in_gold = 0
    for (i, (gi, _)), (j, (gj, _)) in itertools.combinations(enumerate(items), 2):
        same_pred = pred[i] == pred[j]
        same_gold = gi == gj
        in_pred += same_pred
        in_gold += same_gold
        both += same_pred and same_gold
    p = both / in_pred if in_pred else 1.0
    r = both / in_gold if in_gold else 1.0
    return p, r


def main():
    vigil, gold_dir = sys.argv[1], sys.argv[2]
    reports = [json.loads(l) for l in open(os.path.join(gold_dir, "reports.jsonl")) if l.strip()]
    with tempfile.TemporaryDirectory() as work:
        db = os.path.join(work, "resolve.db")
        for r in reports:
            path = os.path.join(work, r["id"] + ".txt")
            with open(path, "w") as f:
                f.write(r["text"])
            subprocess.run([vigil, "ingest", "--quiet", "--db", "sqlite:" + db,
                            "--published", r["published"], path], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        con = sqlite3.connect(db)
        member = "ended_at IS NULL AND state IN ('auto', 'confirmed')"
        people, incidents = [], []
        for r in reports:
            doc = con.execute("SELECT id FROM documents WHERE locator LIKE ? AND superseded_by IS NULL",
                              ("%/" + r["id"] + ".txt",)).fetchone()
            doc = doc[0] if doc else -1
            persons = con.execute("SELECT id, name FROM entities WHERE document_id = ? AND kind = 'person' ORDER BY id",
                                  (doc,)).fetchall()
            for name, gold in r.get("people", {}).items():
                found = [e for e, n in persons if n == name] or \
                        [e for e, n in persons if name in n or n in name]
                cluster = None
                if found:
                    row = con.execute(f"SELECT cluster_id FROM links WHERE kind = 'person' AND subject = ? AND {member}",
                                      (found[0],)).fetchone()
                    cluster = row[0] if row else None
                people.append((gold, cluster))
            for ev in r.get("events", []):
                rows = con.execute("""SELECT e.id, v.data FROM events e JOIN event_versions v
                                      ON v.event_id = e.id AND v.version = e.current_version
                                      WHERE e.document_id = ? AND e.kind = ? ORDER BY e.id""",
                                   (doc, ev["type"])).fetchall()
                cluster = None
                for eid, data in rows:
                    status = json.loads(data).get("status", {})
                    if status.get("negated") or status.get("hypothetical"):
                        continue
                    row = con.execute(f"SELECT cluster_id FROM links WHERE kind = 'incident' AND subject = ? AND {member}",
                                      (eid,)).fetchone()
                    cluster = row[0] if row else None
                    break
                incidents.append((ev["incident"], cluster))
        for what, items in (("people", people), ("incidents", incidents)):
            p, r = pairwise(items)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{what}: stored pairwise precision {p:.3f} recall {r:.3f} F1 {f1:.3f} ({len(items)} items)")


if __name__ == "__main__":
    main()
