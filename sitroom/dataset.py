"""A distributed run's results as a partitioned Parquet dataset: written part by part by the workers, loaded
into a store (`load`, through `Store.write`) or queried in place with DuckDB (`query`).

    DATASET/documents/part-000000.parquet   one file per table per partition, same part number in every table
    DATASET/events/…  event_actors/  quotes/  places/  dates/  actors/  failures/   [incidents/]
    DATASET/_dataset.json                    what read the documents (versions), how many parts, and when done

The tables and columns are the store's (`store.TABLE_COLUMNS`, from the same `store.document_rows`), typed:
counts, offsets and ids `int64`, coordinates and confidence `float64`, an event's modes and contexts
`list<string>`, the rest strings (dates as ISO 8601 text, as in the store). `failures` holds the Failed records
(doc_id, text_hash, origin, stage, error, detail); `documents.record` the whole Document as JSON but its text
(what `documents()` and `load` read back: every field, where the flat tables hold what the store holds). A part is written to a temporary name and renamed, so a part
that exists is whole.

`incidents` and `incident_members` (written by `fuse`, once every part is in: fusion groups events across all
documents) hold what `sitroom fuse` leaves in a store: the same incidents, ids included, as a single-process run
followed by a fuse of the same input. `load` copies them into a store that held no events before (a store that
already held some is fused again by its caller: its incidents span both). Both are views for `query`.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .pipeline import Failed
from .records import Document, stable_id
from .store import TABLE_COLUMNS, Store, document_rows

FAILURE_COLUMNS = ("doc_id", "text_hash", "origin", "stage", "error", "detail")
TABLES = tuple(TABLE_COLUMNS) + ("failures",)
OPTIONAL_TABLES = ("incidents", "incident_members")
MANIFEST = "_dataset.json"
INTS = {"idx", "span_start", "span_end", "trigger_start", "trigger_end", "geonameid", "killed", "injured", "size",
        "n_events", "n_quotes", "direct"}
FLOATS = {"lat", "lon", "confidence"}
LISTS = {("events", "mode"), ("events", "context")}


class DatasetError(Exception):
    """A folder that is not a (complete) sitroom dataset, or one that cannot be written."""


def columns(table: str) -> tuple:
    """The columns of a table of the dataset: the store's, plus `record` in documents (the Document as JSON, but
    its text: the store keeps only what its views need, the dataset keeps every field)."""
    return TABLE_COLUMNS[table] + ("record",) if table == "documents" else TABLE_COLUMNS.get(table) or FAILURE_COLUMNS


def schema(table: str):
    import pyarrow as pa
    cols = columns(table)
    return pa.schema([(c, pa.list_(pa.string()) if (table, c) in LISTS else pa.int64() if c in INTS
                       else pa.float64() if c in FLOATS else pa.string()) for c in cols])


def part_name(index: int) -> str:
    return f"part-{index:06d}.parquet"


def write_table(root, table: str, index: int, rows: list, table_schema=None):
    """One part of one table: `rows` are tuples in the schema's column order (or dicts, for an optional
    table), written to a temporary file and renamed."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    folder = Path(root) / table
    folder.mkdir(parents=True, exist_ok=True)
    if table_schema is None and table in OPTIONAL_TABLES:
        t = pa.Table.from_pylist(rows)
    else:
        sch = table_schema or schema(table)
        if rows and isinstance(rows[0], dict):
            rows = [tuple(r.get(c) for c in sch.names) for r in rows]
        cols = list(zip(*rows)) if rows else [[] for _ in sch.names]
        t = pa.table([pa.array(list(c), type=sch.field(i).type) for i, c in enumerate(cols)], schema=sch)
    tmp = folder / f".{part_name(index)}.{os.getpid()}.tmp"
    pq.write_table(t, tmp)
    os.replace(tmp, folder / part_name(index))


def write_part(root, index: int, results: Iterable, origins: Optional[dict] = None) -> dict:
    """The Documents and Failed records of one partition as part `index` of every table; the numbers written."""
    out: dict = {t: [] for t in TABLES}
    seen: set = set()
    for r in results:
        if r.doc_id in seen:   # the same document twice in one input: stored once, the first (as a run stores it)
            continue
        seen.add(r.doc_id)
        if isinstance(r, Failed):
            out["failures"].append((r.doc_id, r.text_hash or "", r.origin, r.stage, r.error, r.detail))
            continue
        for table, rows in document_rows(r, (origins or {}).get(r.doc_id)).items():
            if table == "events":
                rows = [row[:5] + (json.loads(row[5]), json.loads(row[6])) + row[7:] for row in rows]
            if table == "documents":   # the whole record beside its rows: a Document read back is the same
                record = r.as_dict()
                record.pop("text")
                rows = [rows[0] + (json.dumps(record, ensure_ascii=False),)]
            out[table].extend(rows)
    for table in TABLES:   # documents last: a part whose documents file exists has all its tables
        if table != "documents":
            write_table(root, table, index, out[table])
    write_table(root, "documents", index, out["documents"])
    return {t: len(v) for t, v in out.items()}


def start(root) -> Path:
    """A folder for a new dataset: created, or an empty one; one that holds anything is refused (parts of
    two runs must not mix)."""
    root = Path(root)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise DatasetError(f"{root}: not an empty folder; give a new dataset folder (parts of two runs must "
                           f"not mix)")
    root.mkdir(parents=True, exist_ok=True)
    return root


def finish(root, parts: int, versions: dict, **extra):
    """The manifest that marks a dataset complete."""
    _write_manifest(root, {"format": "sitroom-dataset", "version": 1, "parts": parts, "tables": list(TABLES),
                           "versions": versions, "finished": time.strftime("%Y-%m-%dT%H:%M:%S")} | extra)


def _write_manifest(root, body: dict):
    tmp = Path(root) / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(body, indent=1), encoding="utf-8")
    os.replace(tmp, Path(root) / MANIFEST)


def manifest(root) -> dict:
    """The manifest of a complete dataset, or a DatasetError saying why the folder is not one."""
    path = Path(root) / MANIFEST
    if not Path(root).is_dir():
        raise DatasetError(f"{root}: no such dataset folder")
    if not path.exists():
        raise DatasetError(f"{root}: not a complete sitroom dataset (no {MANIFEST}: the run that wrote it did "
                           f"not finish)")
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{root}: unreadable {MANIFEST} ({exc})") from None
    missing = [part_name(i) for i in range(body.get("parts", 0))
               if not (Path(root) / "documents" / part_name(i)).exists()]
    if missing:
        raise DatasetError(f"{root}: {len(missing)} of {body['parts']} parts missing ({missing[0]}, ...)")
    return body


def _rows(root, table: str, index: int) -> list:
    import pyarrow.parquet as pq
    path = Path(root) / table / part_name(index)
    return pq.ParquetFile(path).read().to_pylist() if path.exists() else []


def read_part(root, index: int) -> tuple[list, dict, list]:
    """(Documents, {doc_id: origin}, Failed records) of part `index`, in the order they were written."""
    docs, origins = [], {}
    for d in _rows(root, "documents", index):
        docs.append(Document.from_dict(json.loads(d["record"]) | {"text": d["text"]}))
        origins[d["doc_id"]] = d["origin"]
    failed = [Failed(doc_id=r["doc_id"], origin=r["origin"], stage=r["stage"], error=r["error"],
                     text_hash=r["text_hash"] or None, detail=r["detail"] or "")
              for r in _rows(root, "failures", index)]
    return docs, origins, failed


def documents(root) -> Iterator[Document]:
    """Every Document of a complete dataset, in the order of the run's input."""
    for i in range(manifest(root)["parts"]):
        yield from read_part(root, i)[0]


def failures(root) -> list:
    """Every Failed record of a complete dataset."""
    return [f for i in range(manifest(root)["parts"]) for f in read_part(root, i)[2]]


@dataclass
class LoadReport:
    parts: int = 0
    stored: int = 0
    unchanged: int = 0
    events: int = 0
    quotes: int = 0
    incidents: int = 0
    failed: list = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        extra = f", {self.incidents} incidents" if self.incidents else ""
        return (f"{self.parts} parts loaded: {self.stored} documents stored, {self.unchanged} already stored, "
                f"{len(self.failed)} failed, {self.events} events, {self.quotes} quotes{extra}, "
                f"{self.seconds:.1f} s")


def load(root, store: Store, force: bool = False, progress=None) -> LoadReport:
    """Load a complete dataset into a store through `Store.write`, one transaction per part: as a run of the same
    input into that store would, documents already stored with the same text are left alone (unless `force`),
    a doc_id met twice is stored once (the first), and Failed records are kept as failures (unless the document
    is stored). `progress(index)` is called after each part."""
    body = manifest(root)
    report = LoadReport()
    t0 = time.perf_counter()
    seen: set = set()
    fresh = store.conn.execute("SELECT 1 FROM events LIMIT 1").fetchone() is None
    if body.get("versions"):
        store.record_versions(body["versions"])
    for i in range(body["parts"]):
        docs, origins, failed = read_part(root, i)
        keep = []
        for d in docs:
            if d.doc_id in seen or (not force and store.known(d.doc_id, stable_id(d.text))):
                report.unchanged += 1
                continue
            seen.add(d.doc_id)
            keep.append(d)
        failed = [f for f in failed if f.doc_id not in seen and not store.known(f.doc_id, f.text_hash or "")]
        seen.update(f.doc_id for f in failed)
        store.write(keep, origins, failed)
        report.stored += len(keep)
        report.events += sum(len(d.events) for d in keep)
        report.quotes += sum(len(d.quotes) for d in keep)
        report.failed += failed
        report.parts += 1
        if progress:
            progress(i)
    if fresh and body.get("fuse"):
        report.incidents = _load_incidents(root, store, body["fuse"])
    report.seconds = time.perf_counter() - t0
    return report


def _load_incidents(root, store: Store, fuse_meta: dict) -> int:
    """The dataset's incidents into a store that held no events before the load (the columns both have), each
    member event's incident_id, and the fusion's settings (the store is then fused: `fuse()` has nothing to do)."""
    import pyarrow.parquet as pq
    n = 0
    with store.transaction():
        for table in OPTIONAL_TABLES:
            folder = Path(root) / table
            cols = [r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")]
            if not folder.is_dir() or not cols:
                return 0
            for path in sorted(folder.glob("part-*.parquet")):
                t = pq.ParquetFile(path).read()
                use = [c for c in t.column_names if c in cols]
                rows = [tuple(r[c] for c in use) for r in t.select(use).to_pylist()]
                store.conn.executemany(f"INSERT OR REPLACE INTO {table}({','.join(use)}) "
                                       f"VALUES ({','.join('?' * len(use))})", rows)
                n += len(rows) if table == "incidents" else 0
        store.conn.execute("UPDATE events SET incident_id = (SELECT m.incident_id FROM incident_members m "
                           "WHERE m.event_id = events.event_id)")
        # without the blocking keys of the events (fusion_keys stays empty): the next fuse that has new events to
        # place fuses everything again, which writes them
        fuse_meta = {k: v for k, v in fuse_meta.items() if k != "keys"}
        store.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('fuse', ?)", (json.dumps(fuse_meta),))
    return n


def fuse(root, workdir=None):
    """Fuse the events of a complete dataset into incidents (`sitroom.fuse`, over every document at once) and
    write them as the `incidents` and `incident_members` tables, the fusion's settings in the manifest. The
    events are read through a scratch store (in `workdir`, default a temporary folder; removed after), so the
    incidents are those of a single-process run into a store followed by a fuse. Returns the FuseReport."""
    import shutil
    import tempfile
    body = manifest(root)
    scratch = Path(tempfile.mkdtemp(prefix="sitroom-fuse-", dir=workdir))
    try:
        with Store(scratch / "fuse.db") as store:
            load(root, store)
            report = store.fuse(incremental=False)
            for table in OPTIONAL_TABLES:
                cur = store.conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
                names = [d[0] for d in cur.description]
                rows = [dict(zip(names, r)) for r in cur]
                write_table(root, table, 0, rows, _optional_schema(store, table))
            meta = json.loads(store.conn.execute("SELECT value FROM meta WHERE key='fuse'").fetchone()[0])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    body["fuse"] = meta
    body["tables"] = list(TABLES + OPTIONAL_TABLES)
    _write_manifest(root, body)
    return report


def _optional_schema(store: Store, table: str):
    """The Parquet schema of an optional table: its store columns, INTEGER as int64, REAL as float64, the rest
    strings (so that an empty table has its columns too)."""
    import pyarrow as pa
    kinds = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    return pa.schema([(r[1], kinds.get((r[2] or "").upper(), pa.string()))
                      for r in store.conn.execute(f"PRAGMA table_info({table})")])


def connect(root):
    """A DuckDB connection with one view per table of the dataset (over all its parts), queried in place."""
    import duckdb
    manifest(root)
    con = duckdb.connect()
    for table in TABLES + OPTIONAL_TABLES:
        folder = Path(root) / table
        if folder.is_dir() and any(folder.glob("part-*.parquet")):
            pattern = str(folder / "part-*.parquet").replace("'", "''")
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{pattern}')")
    return con


def query(root, sql: str, params: Optional[list] = None) -> list[dict]:
    """The rows of a SQL query over the dataset's tables (documents, events, event_actors, quotes, places, dates,
    actors, failures, and incidents when it has them), run in place by DuckDB, as dicts."""
    con = connect(root)
    try:
        cur = con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.close()
