#!/usr/bin/env python3
"""Speed baseline for the clean stage: trafilatura over the benchmark pages.

Usage: python3 scripts/bench-clean-baseline.py [BENCH_DIR]
  (needs `pip install trafilatura==2.3.1`; BENCH_DIR defaults to
  ../shared/data/article-extraction-benchmark beside the repository)

Measured the same way as `vigil eval clean`: every page is unzipped into
memory first, then extracted once, single-threaded, with the clock around
the extraction only. Prints pages/s and MB/s, plus the benchmark metric of
trafilatura's output so both tools are compared on one run.
"""

import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=4):
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_scores(truth, pred):
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def main():
    default = Path(__file__).resolve().parent.parent.parent / "shared/data/article-extraction-benchmark"
    bench = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        raw = gzip.decompress((bench / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, raw.decode("utf-8", errors="replace"), len(raw)))

    start = time.perf_counter()
    outputs = [trafilatura.extract(html) or "" for _, html, _ in pages]
    elapsed = time.perf_counter() - start

    scores = [page_scores(truth[pid].get("articleBody", ""), out) for (pid, _, _), out in zip(pages, outputs)]
    precision = sum(p for p, _ in scores) / len(scores)
    recall = sum(r for _, r in scores) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    mb = sum(size for _, _, size in pages) / 1e6
    print(f"trafilatura {trafilatura.__version__}")
    print(f"pages      {len(pages)}")
    print(f"precision  {precision:.4f}")
    print(f"recall     {recall:.4f}")
    print(f"F1         {f1:.4f}")
    print(
        f"speed      {len(pages) / elapsed:.1f} pages/s, {mb / elapsed:.2f} MB/s "
        f"({mb:.1f} MB of HTML in {elapsed:.3f} s, one thread, gunzip not timed)"
    )


if __name__ == "__main__":
    main()
