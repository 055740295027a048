"""Exports of a store: jsonl (the contract's documents), csv and parquet (one flat row per event,
ACLED-like columns), geojson (located events as points)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Optional, TextIO

from .query import EVENT_COLUMNS, EventFilter, events, places_geojson

FORMATS = ("jsonl", "csv", "parquet", "geojson")


def flat_rows(store, f: Optional[EventFilter] = None) -> list[dict]:
    f = f or EventFilter(limit=None)
    return [{k: r[k] for k in EVENT_COLUMNS} for r in events(store.conn, f)]


def write_csv(rows: list[dict], fh: TextIO):
    w = csv.DictWriter(fh, fieldnames=EVENT_COLUMNS, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)


def csv_text(rows: list[dict]) -> str:
    buf = io.StringIO()
    write_csv(rows, buf)
    return buf.getvalue()


def export(store, fmt: str, out=None, f: Optional[EventFilter] = None) -> int:
    """Write the store (or the filtered events) as `fmt` to `out` (a path, a text stream, or None for stdout).
    Returns the number of records written."""
    import sys
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if out is None or not isinstance(out, (str, Path)):
            raise ValueError("parquet export needs an output file (-o FILE)")
        import pyarrow as pa
        import pyarrow.parquet as pq
        rows = flat_rows(store, f)
        table = pa.Table.from_pylist(rows, schema=_arrow_schema(pa))
        pq.write_table(table, str(out))
        return len(rows)
    own = isinstance(out, (str, Path))
    fh = open(out, "w", encoding="utf-8", newline="") if own else (out or sys.stdout)
    try:
        if fmt == "jsonl":
            n = 0
            ids = None if f is None else {r["doc_id"] for r in events(store.conn, f)}
            for doc in store.documents():
                if ids is None or doc.doc_id in ids:
                    fh.write(json.dumps(doc.as_dict(), ensure_ascii=False) + "\n")
                    n += 1
            return n
        if fmt == "csv":
            rows = flat_rows(store, f)
            write_csv(rows, fh)
            return len(rows)
        gj = places_geojson(store.conn, f or EventFilter(limit=None))
        json.dump(gj, fh, ensure_ascii=False)
        fh.write("\n")
        return len(gj["features"])
    finally:
        if own:
            fh.close()


def _arrow_schema(pa):
    ints = {"killed", "injured", "size", "geonameid", "span_start", "span_end"}
    floats = {"lat", "lon", "confidence"}
    return pa.schema([(c, pa.int64() if c in ints else pa.float64() if c in floats else pa.string())
                      for c in EVENT_COLUMNS])
