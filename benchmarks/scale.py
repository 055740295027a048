#!/usr/bin/env python3
"""Documents/s of a distributed run on a local dask.distributed cluster with 1 and with 2 workers, side by side.

    python benchmarks/scale.py [--corpus FILE.jsonl] [--limit N] [--workers 1,2] [--partitions P] [--json OUT]

The same documents (the first N of the corpus, one JSONL file cut in P line-range partitions: the same partitions
for every cluster) go through `sitroom.distributed.run` (read by the ingest door, extracted by the pipeline,
written as a Parquet dataset) on a LocalCluster of k single-threaded worker processes (BLAS/OpenMP at one
thread). Each worker's pipeline is loaded and warmed (one document read) before the clock starts, so only the
run is timed, not the model load. Prints documents/s for each k, the ratio to one worker, the peak RSS of each
worker process (psutil; and the high-water mark from getrusage), and the load average of the machine before and
after each measurement (the ratio only means something when nothing else runs: rerun when it is quiet), and the
documents/s of the single-writer step that follows (`dataset.load` of the run's dataset into a new store) and
the seconds of the one-process fuse step (`dataset.fuse`) a run ends with by default: neither is timed in the run.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "corpus" / "guardian_sdf" / "articles.jsonl"


def warm():
    """On a worker: read one document, so the lazily opened resources (gazetteer, lexicons) are open."""
    from sitroom.pipeline import RawDocument, extract_many
    list(extract_many([RawDocument(text="Rebels shelled a checkpoint near the town on Monday, killing two soldiers, "
                                        "a police spokesman said.", published="2020-01-06")], n_process=1))
    return os.getpid()


def worker_memory():
    """On a worker: (RSS now, peak RSS) in MB, from psutil and getrusage."""
    import resource

    import psutil
    return (psutil.Process().memory_info().rss / 2**20, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def measure(k: int, corpus: Path, part_bytes: int, work: Path) -> dict:
    from sitroom import distributed
    t = time.perf_counter()
    cluster, client = distributed.local_cluster(k)
    try:
        client.wait_for_workers(k)
        client.run(warm)
        start_s = time.perf_counter() - t
        load_before = os.getloadavg()
        out = work / f"ds-{k}"
        t = time.perf_counter()
        report = distributed.run([corpus], out, client=client, part_bytes=part_bytes, fuse=False)
        secs = time.perf_counter() - t
        load_after = os.getloadavg()
        mem = client.run(worker_memory)
    finally:
        client.close()
        cluster.close()
    import pyarrow.parquet  # noqa: F401  (imported before the clock: a one-time cost, not the load's)

    from sitroom import dataset
    from sitroom.store import Store
    t = time.perf_counter()
    with Store(work / f"load-{k}.db") as store:   # the single-writer step after the cluster: dataset -> store
        loaded = dataset.load(out, store)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    dataset.fuse(out)                              # the single-process fuse step a run with fuse=True ends with
    fuse_s = time.perf_counter() - t
    shutil.rmtree(out, ignore_errors=True)
    return {"workers": k, "documents": report.read, "failed": len(report.failed), "partitions": report.partitions,
            "seconds": round(secs, 2), "docs_per_s": round(report.read / secs, 2),
            "startup_and_warm_s": round(start_s, 1),
            "rss_mb": sorted(round(m[0]) for m in mem.values()), "peak_rss_mb": sorted(round(m[1]) for m in mem.values()),
            "loadavg_before": [round(x, 2) for x in load_before], "loadavg_after": [round(x, 2) for x in load_after],
            "partitions_per_worker": sorted(report.workers.values()),
            "load_docs_per_s": round(loaded.stored / load_s, 1), "fuse_s": round(fuse_s, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=96, help="the first N documents (default 96)")
    ap.add_argument("--workers", default="1,2", help="cluster sizes to compare, comma-separated")
    ap.add_argument("--partitions", type=int, default=16, help="line-range partitions of the input (default 16)")
    ap.add_argument("--json", help="also write the figures to this file")
    a = ap.parse_args()

    lines = [x for x in Path(a.corpus).read_text(encoding="utf-8").splitlines() if x.strip()][: a.limit]
    work = Path(tempfile.mkdtemp(prefix="sitroom-scale-"))
    corpus = work / "input.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    part_bytes = corpus.stat().st_size // a.partitions + 1
    words = sum(len(json.loads(x).get("text", "").split()) for x in lines)
    print(f"{len(lines)} documents ({words:,} words) from {a.corpus}, {a.partitions} partitions; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    runs = []
    try:
        for k in (int(x) for x in a.workers.split(",")):
            r = measure(k, corpus, part_bytes, work)
            runs.append(r)
            print(f"  {k} worker(s): {r['docs_per_s']:6.2f} docs/s ({r['documents']} documents in {r['seconds']} s, "
                  f"{r['partitions']} partitions {r['partitions_per_worker']}), peak RSS per worker "
                  f"{r['peak_rss_mb']} MB (now {r['rss_mb']}), load average {r['loadavg_before'][0]} -> "
                  f"{r['loadavg_after'][0]}; cluster start + warm {r['startup_and_warm_s']} s (not timed); "
                  f"then sitroom load {r['load_docs_per_s']} docs/s, fuse {r['fuse_s']} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = runs[0]["docs_per_s"]
    for r in runs[1:]:
        r["ratio"] = round(r["docs_per_s"] / base, 2)
        print(f"  ratio {r['workers']} / {runs[0]['workers']} workers: {r['ratio']:.2f}  (target >= 1.7 on 2 cores)")
    if a.json:
        Path(a.json).write_text(json.dumps({"corpus": a.corpus, "documents": len(lines), "words": words,
                                            "cpus": os.cpu_count(), "runs": runs}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
