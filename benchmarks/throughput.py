#!/usr/bin/env python3
"""Throughput of the full sitroom pipeline next to the bare spaCy pipeline, same texts, same run.

    python benchmarks/throughput.py [--corpus FILE.jsonl] [--limit N] [--processes 1]

Prints documents/s and words/s of (1) the bare spaCy pipeline package (nlp.pipe) and (2) the full
pipeline (parse + all stages), their ratio, the time share of each stage, the gazetteer load time,
and the peak memory (RSS) of the process.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "corpus" / "guardian_sdf" / "articles.jsonl"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ap.add_argument("--processes", type=int, default=1, help="worker processes for both pipelines")
    a = ap.parse_args()

    from sitroom import nlp as _nlp
    from sitroom import pipeline
    from sitroom.pipeline import RawDocument, extract_many

    rows = [json.loads(x) for x in Path(a.corpus).read_text(encoding="utf-8").splitlines() if x.strip()]
    if a.limit:
        rows = rows[: a.limit]
    raws = [RawDocument(text=r["text"], doc_id=r.get("doc_id") or r.get("id"), published=r.get("published"))
            for r in rows]
    texts = [r.text for r in raws]
    words = sum(len(t.split()) for t in texts)
    print(f"corpus {a.corpus}: {len(texts)} documents, {words:,} words; {a.processes} process(es)")

    __import__("sitroom.resources.gazetteer", fromlist=["build"]).build()  # built ahead, once
    t = time.perf_counter()
    bare = _nlp.load_bare()
    t_bare_load = time.perf_counter() - t
    t = time.perf_counter()
    full_nlp = _nlp.load()
    t_full_load = time.perf_counter() - t
    from sitroom.resources import gazetteer
    t = time.perf_counter()
    gazetteer.Gazetteer().lookup("Mosul")  # a fresh handle on the built index, as a new process opens it
    gaz = f"gazetteer open + first lookup {time.perf_counter() - t:.3f} s"

    for _ in bare.pipe(texts, batch_size=pipeline.BATCH_SIZE, n_process=a.processes):
        pass  # warm-up: the full pipeline below runs after a parse of the same texts, so the bare one does too
    t = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=pipeline.BATCH_SIZE, n_process=a.processes):
        pass
    t_bare = time.perf_counter() - t

    t = time.perf_counter()
    for _ in full_nlp.pipe(texts, batch_size=pipeline.BATCH_SIZE, n_process=a.processes):
        pass
    t_parse = time.perf_counter() - t

    pipeline.STAGE_SECONDS.clear()
    t = time.perf_counter()
    n_events = n_quotes = 0
    for doc in extract_many(raws, n_process=a.processes):
        if isinstance(doc, pipeline.Failed):
            raise SystemExit(doc.describe())
        n_events += len(doc.events)
        n_quotes += len(doc.quotes)
    t_full = time.perf_counter() - t

    def line(name, secs):
        return f"  {name:<34} {secs:7.1f} s  {len(texts) / secs:7.1f} docs/s  {words / secs:9,.0f} words/s"

    print(f"load: bare spaCy {t_bare_load:.2f} s, sitroom pipeline {t_full_load:.2f} s. {gaz}")
    print(line("bare spaCy pipeline (nlp.pipe)", t_bare))
    print(line("sitroom parse only (with rulers)", t_parse))
    print(line("sitroom full pipeline", t_full))
    print(f"  ratio full / bare words/s: {t_bare / t_full:.2f}  (target >= 0.50)")
    if a.processes == 1 and pipeline.STAGE_SECONDS:
        stages = dict(pipeline.STAGE_SECONDS)
        per_doc = {k: 1000 * v / len(texts) for k, v in stages.items()}
        print("  stage time per document: " + ", ".join(f"{k} {v:.1f} ms" for k, v in per_doc.items()))
        dp = stages.get("dates", 0) + stages.get("places", 0)
        print(f"  dates + places: {100 * dp / t_full:.1f}% of the full pipeline's time (target <= 20%)")
    print(f"  {n_events} events, {n_quotes} quotes; peak RSS {peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
