#!/usr/bin/env python3
"""Throughput of the full sitroom pipeline next to the bare spaCy pipeline, same texts, same run.

    python benchmarks/throughput.py [--corpus FILE.jsonl] [--limit N] [--processes 1]

Prints documents/s and words/s of (1) the bare spaCy pipeline package (nlp.pipe) and (2) the full
pipeline (parse + all stages), their ratio, the time share of each stage, the gazetteer load time,
and the peak memory (RSS) of each.

Each pipeline is measured in a fresh process of its own, one after the other, as a `sitroom run` process
holds only the full pipeline: the bare one parses the texts once to warm up, then is timed; the full one
parses them once (timed as "parse only", in the batches extraction uses), then extracts them (timed). Its
peak RSS is that of the extraction (the high-water mark is reset before it where Linux allows). With
--processes N > 1 the figure per process is that of the largest worker.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "corpus" / "guardian_sdf" / "articles.jsonl"
TARGET_MB = 700


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_mb() -> float:
    """The peak RSS of the largest child process waited for (worker processes)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def reset_peak() -> bool:
    """Resets this process's RSS high-water mark (Linux /proc/self/clear_refs); False where it cannot."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def load_raws(corpus: str, limit: int):
    from sitroom.pipeline import RawDocument
    rows = [json.loads(x) for x in Path(corpus).read_text(encoding="utf-8").splitlines() if x.strip()]
    if limit:
        rows = rows[:limit]
    return [RawDocument(text=r["text"], doc_id=r.get("doc_id") or r.get("id"), published=r.get("published"))
            for r in rows]


def part_bare(raws, processes: int) -> dict:
    from sitroom import nlp as _nlp
    from sitroom import pipeline
    texts = [r.text for r in raws]
    t = time.perf_counter()
    bare = _nlp.load_bare()
    load = time.perf_counter() - t
    for _ in bare.pipe(texts, batch_size=pipeline.BATCH_SIZE, n_process=processes):
        pass  # warm-up: the full pipeline is timed after a parse of the same texts, so the bare one is too
    t = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=pipeline.BATCH_SIZE, n_process=processes):
        pass
    return {"load": load, "secs": time.perf_counter() - t, "peak_mb": peak_mb(), "worker_peak_mb": children_peak_mb()}


def _parse_batch(batch) -> int:
    from sitroom import nlp as _nlp
    nlp = _nlp.load()
    return sum(1 for _ in nlp.pipe([r.text for r in batch], batch_size=len(batch)))


def part_full(raws, processes: int) -> dict:
    from sitroom import nlp as _nlp
    from sitroom import pipeline
    from sitroom.pipeline import extract_many
    from sitroom.resources import gazetteer
    t = time.perf_counter()
    _nlp.load()
    load = time.perf_counter() - t
    t = time.perf_counter()
    gazetteer.Gazetteer().lookup("Mosul")  # a fresh handle on the built index, as a new process opens it
    gaz = time.perf_counter() - t

    t = time.perf_counter()  # parse only, in the batches (and worker processes) extraction reads them in
    if processes <= 1:
        for batch in pipeline.batches(raws):
            _parse_batch(batch)
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=processes, mp_context=mp.get_context("fork")) as pool:
            list(pool.map(_parse_batch, pipeline.batches(raws)))
    t_parse = time.perf_counter() - t

    reset = reset_peak()
    pipeline.STAGE_SECONDS.clear()
    t = time.perf_counter()
    n_events = n_quotes = 0
    for doc in extract_many(raws, n_process=processes):
        if isinstance(doc, pipeline.Failed):
            raise SystemExit(doc.describe())
        n_events += len(doc.events)
        n_quotes += len(doc.quotes)
    t_full = time.perf_counter() - t
    return {"load": load, "gaz": gaz, "parse": t_parse, "secs": t_full, "stages": dict(pipeline.STAGE_SECONDS),
            "events": n_events, "quotes": n_quotes, "peak_mb": peak_mb(), "peak_reset": reset,
            "worker_peak_mb": children_peak_mb()}


def run_part(part: str, a) -> dict:
    """One part in a fresh Python process; its figures as the last line of its output."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--part", part, "--corpus", a.corpus,
           "--limit", str(a.limit), "--processes", str(a.processes)]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ap.add_argument("--processes", type=int, default=1, help="worker processes for both pipelines")
    ap.add_argument("--part", choices=("bare", "full"), help=argparse.SUPPRESS)  # one side, in this process
    a = ap.parse_args()

    if a.part:
        raws = load_raws(a.corpus, a.limit)
        figures = (part_bare if a.part == "bare" else part_full)(raws, a.processes)
        print(json.dumps(figures))
        return 0

    raws = load_raws(a.corpus, a.limit)
    n_docs = len(raws)
    words = sum(len(r.text.split()) for r in raws)
    del raws
    print(f"corpus {a.corpus}: {n_docs} documents, {words:,} words; {a.processes} process(es)")
    __import__("sitroom.resources.gazetteer", fromlist=["build"]).build()  # built ahead, once
    bare = run_part("bare", a)
    full = run_part("full", a)

    def line(name, secs):
        return f"  {name:<34} {secs:7.1f} s  {n_docs / secs:7.1f} docs/s  {words / secs:9,.0f} words/s"

    print(f"load: bare spaCy {bare['load']:.2f} s, sitroom pipeline {full['load']:.2f} s. "
          f"gazetteer open + first lookup {full['gaz']:.3f} s")
    print(line("bare spaCy pipeline (nlp.pipe)", bare["secs"]))
    print(line("sitroom parse only (with rulers)", full["parse"]))
    print(line("sitroom full pipeline", full["secs"]))
    print(f"  ratio full / bare words/s: {bare['secs'] / full['secs']:.2f}  (target >= 0.50)")
    if a.processes == 1 and full["stages"]:
        stages = full["stages"]
        per_doc = {k: 1000 * v / n_docs for k, v in stages.items()}
        print("  stage time per document: " + ", ".join(f"{k} {v:.1f} ms" for k, v in per_doc.items()))
        dp = stages.get("dates", 0) + stages.get("places", 0)
        print(f"  dates + places: {100 * dp / full['secs']:.1f}% of the full pipeline's time (target <= 20%)")
    print(f"  {full['events']} events, {full['quotes']} quotes")
    if a.processes == 1:
        what = "the extraction" if full["peak_reset"] else "the whole process"
        print(f"  peak RSS per process: full pipeline {full['peak_mb']:.0f} MB ({what}; target <= {TARGET_MB}), "
              f"bare spaCy {bare['peak_mb']:.0f} MB")
    else:
        print(f"  peak RSS per process: full pipeline largest worker {full['worker_peak_mb']:.0f} MB, main "
              f"{full['peak_mb']:.0f} MB (target <= {TARGET_MB}); bare spaCy largest worker "
              f"{bare['worker_peak_mb']:.0f} MB, main {bare['peak_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
