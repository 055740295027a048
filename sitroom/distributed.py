"""Scale out: a run's input cut into partitions, extracted on Dask workers, written as a Parquet dataset.

    plan(paths)          -> partitions: groups of small files, and line ranges of large JSONL/CSV files
                            (`ingest.split`, cut where the ingest readers end a record), in input order
    extract_partition()  -> on a worker: the partition read by `ingest.read_file` (the one input door, its
                            bad-input policy and origins `FILE:LINE`), extracted by `pipeline.extract_many` (the
                            pure extraction: the same Documents and Failed records as a single-process run), written
                            as part `index` of the dataset (`dataset.write_part`); only a small summary goes back
    run(paths, DIR, client)  every partition on the cluster (or in this process without a client), then the
                            manifest, then the incidents (`dataset.fuse`: fusion groups events across every
                            partition, so it runs here once all are in); `dataset.load` stores the result,
                            `dataset.query` reads it

Each worker process loads the pipeline once (`nlp.load()` caches it per process; the `LoadPipeline` worker
plugin loads it when the worker starts, so no task pays for it) and keeps it for every partition it reads;
a task carries only its partition (file names and byte ranges), never documents or the model. A partition
whose task fails on the cluster (its worker died every time Dask retried it) is read again here, with
`extract_many` over worker processes, where a process that dies costs only the document it was reading.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from . import dataset, ingest

PART_BYTES = 4_000_000      # input bytes per partition (about 1,000 news articles); large files are cut to this
MIN_PART_BYTES = 20_000     # small inputs are still cut in at least `min_parts` partitions, but not below this
THREAD_ENV = {v: "1" for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                               "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")}


@dataclass(frozen=True)
class Partition:
    """Some of a run's input: `files` are (path, part), part None for a whole file or (start, end, first_line)
    for a byte range of a JSONL/CSV file. Partitions are numbered in input order."""
    index: int
    files: tuple
    size: int = 0


def plan(paths: Iterable, part_bytes: int = PART_BYTES, min_parts: int = 1) -> tuple[list, list]:
    """(partitions, skipped): the input under `paths` in partitions of about `part_bytes` bytes (at least
    `min_parts` of them when the input is large enough), in the order `ingest.read` reads it, and the inputs
    it does not read (ingest.Skipped). Standard input cannot be partitioned (ValueError)."""
    files, skipped = [], []
    for src in ingest.sources(paths):
        if isinstance(src, ingest.Skipped):
            skipped.append(src)
        elif src == "-":
            raise ValueError("standard input ('-') cannot be partitioned for a distributed run; give files")
        else:
            try:
                files.append((src, src.stat().st_size))
            except OSError as exc:
                skipped.append(ingest.Skipped(ingest.display(src), f"cannot read: {exc.strerror or exc}"))
    total = sum(size for _, size in files)
    target = max(min(MIN_PART_BYTES, part_bytes), min(part_bytes, total // max(1, min_parts) + 1))
    parts: list = []
    group: list = []
    group_size = 0

    def close_group():
        nonlocal group, group_size
        if group:
            parts.append(Partition(len(parts), tuple(group), group_size))
            group, group_size = [], 0

    for path, size in files:
        if size > target and ingest.splittable(path):
            close_group()
            for start, end, line in ingest.split(path, target):
                parts.append(Partition(len(parts), ((str(path), (start, end, line)),), end - start))
            continue
        group.append((str(path), None))
        group_size += size
        if group_size >= target:
            close_group()
    close_group()
    return parts, skipped


@dataclass
class Tally:
    """Documents read and written, events, quotes, skipped inputs (origin, reason) and Failed records."""
    read: int = 0
    documents: int = 0
    events: int = 0
    quotes: int = 0
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class PartResult(Tally):
    """What a worker sends back for one partition (not its records: they are in the dataset)."""
    index: int = 0
    worker: str = ""


def read_partition(partition: Partition, options: dict) -> tuple[list, list]:
    """(raw documents, skipped) of a partition, read by the ingest door with the run's options."""
    defaults, limits = ingest.options(**options)
    raws, skipped = [], []
    for path, part in partition.files:
        for item in ingest.read_file(Path(path), defaults, limits, part=tuple(part) if part else None):
            (skipped if isinstance(item, ingest.Skipped) else raws).append(item)
    return raws, skipped


def extract_partition(partition: Partition, root: str, options: Optional[dict] = None,
                      n_process: int = 1) -> PartResult:
    """Read, extract and write one partition as part `partition.index` of the dataset at `root` (a folder every
    worker can write: a shared file system). Runs on a worker; the pipeline is the worker process's own."""
    from .pipeline import Failed, extract_many
    t0 = time.perf_counter()
    raws, skipped = read_partition(partition, options or {})
    origins = {}
    for r in raws:
        origins.setdefault(r.doc_id, r.origin)
    results = list(extract_many(raws, n_process=n_process))
    counts = dataset.write_part(root, partition.index, results, origins)
    return PartResult(index=partition.index, read=len(raws), documents=counts["documents"], events=counts["events"],
                      quotes=counts["quotes"], skipped=[(s.origin, s.reason) for s in skipped],
                      failed=[r for r in results if isinstance(r, Failed)], seconds=time.perf_counter() - t0,
                      worker=f"{os.uname().nodename}:{os.getpid()}")


@dataclass
class RunReport(Tally):
    """What a distributed run did: the partitions' tallies added up, and where they ran."""
    partitions: int = 0
    retried: list = field(default_factory=list)   # partitions read again here after their task failed
    workers: dict = field(default_factory=dict)   # worker -> partitions it read
    fused: object = None                          # the FuseReport of the dataset's incidents (None: not fused)

    def summary(self) -> str:
        retried = f", {len(self.retried)} partitions read again here" if self.retried else ""
        fused = f", {self.fused.incidents} incidents" if self.fused is not None else ""
        return (f"{self.read} documents read in {self.partitions} partitions on {len(self.workers)} workers, "
                f"{self.documents} written, {len(self.skipped)} skipped, {len(self.failed)} failed, "
                f"{self.events} events, {self.quotes} quotes{fused}{retried}, {self.seconds:.1f} s")


class LoadPipeline:
    """A Dask worker plugin: the worker process loads the pipeline when it starts (once; `nlp.load` keeps it),
    so no partition pays for it and a benchmark can time extraction alone."""
    name = "sitroom-pipeline"

    def setup(self, worker=None):
        for k, v in THREAD_ENV.items():
            os.environ.setdefault(k, v)
        from . import nlp
        nlp.load()


def prepare(client):
    """Register the LoadPipeline plugin on a client's cluster (every worker, and those that join later)."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class _Plugin(LoadPipeline, WorkerPlugin):
        pass
    register = getattr(client, "register_plugin", None) or client.register_worker_plugin
    register(_Plugin(), name=LoadPipeline.name)
    return client


def local_cluster(n_workers: int, memory_limit: Optional[str] = None):
    """A dask.distributed LocalCluster of `n_workers` processes with one thread each (one pipeline per core,
    BLAS/OpenMP at one thread), and its Client with the pipeline plugin registered. Close both when done."""
    from distributed import Client, LocalCluster
    for k, v in THREAD_ENV.items():
        os.environ.setdefault(k, v)
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                           memory_limit=memory_limit or "auto", env=dict(THREAD_ENV))
    return cluster, prepare(Client(cluster))


def connect(address: str):
    """A Client of a running Dask scheduler (tcp://HOST:8786), with the pipeline plugin registered."""
    from distributed import Client
    return prepare(Client(address))


def run(paths: Iterable, root, client=None, options: Optional[dict] = None, part_bytes: int = PART_BYTES,
        progress=None, fallback_processes: int = 2, fuse: bool = True) -> RunReport:
    """Read, extract and write everything under `paths` as a Parquet dataset at `root` (a new or empty folder):
    each partition on a Dask worker of `client` (None: one after another in this process). Inputs that cannot
    be read are in `report.skipped`, documents that failed in the pipeline in `report.failed` (and in the
    dataset's failures table); the rest goes on. `progress(PartResult)` is called as each partition is done.
    With `fuse`, the dataset's events are then fused into incidents (`dataset.fuse`, in this process)."""
    from .pipeline import versions
    t0 = time.perf_counter()
    root = dataset.start(root)
    n_workers = max(1, len(client.scheduler_info().get("workers", {}))) if client is not None else 1
    partitions, skipped = plan(paths, part_bytes=part_bytes, min_parts=2 * n_workers)
    report = RunReport(partitions=len(partitions), skipped=[(s.origin, s.reason) for s in skipped])
    results = {}
    if client is None:
        for p in partitions:
            results[p.index] = extract_partition(p, str(root), options)
            if progress:
                progress(results[p.index])
    else:
        from distributed import as_completed
        futures = {client.submit(extract_partition, p, str(root), options, pure=False,
                                 key=f"sitroom-part-{p.index}-{os.getpid()}-{time.time_ns()}"): p
                   for p in partitions}
        for fut in as_completed(futures):
            p = futures[fut]
            try:
                results[p.index] = fut.result()
            except Exception as exc:  # the task failed on the cluster (e.g. its workers died): read it here
                report.retried.append((p.index, f"{type(exc).__name__}: {str(exc)[:300]}"))
                results[p.index] = extract_partition(p, str(root), options, n_process=fallback_processes)
            if progress:
                progress(results[p.index])
    seen_skips = set(map(tuple, report.skipped))
    for i in sorted(results):
        r = results[i]
        report.read += r.read
        report.documents += r.documents
        report.events += r.events
        report.quotes += r.quotes
        report.failed += r.failed
        for s in r.skipped:   # a CSV header problem is met by every part of the file: named once
            if tuple(s) not in seen_skips:
                seen_skips.add(tuple(s))
                report.skipped.append(tuple(s))
        report.workers[r.worker] = report.workers.get(r.worker, 0) + 1
    dataset.finish(root, len(partitions), versions(), read=report.read, documents=report.documents,
                   failed=len(report.failed), skipped=len(report.skipped))
    if fuse:
        report.fused = dataset.fuse(root)
    report.seconds = time.perf_counter() - t0
    return report
