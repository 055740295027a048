"""Exports of a store: jsonl (the contract's documents), csv and parquet (one flat row per event), geojson
(located events as points). Every export streams the whole selection (no row cap), a chunk at a time.

Two column profiles for the event rows: `sitroom` (query.EVENT_COLUMNS) and `acled` (ACLED's column names
and codes, sitroom.acled). Parquet is typed: dates are dates, counts integers, coordinates floats, and the
columns that can hold several values (actors, their countries and agent types, modes, contexts) are lists.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from operator import itemgetter
from pathlib import Path
from typing import Iterable, Iterator, Optional, TextIO

from . import acled
from .query import EVENT_COLUMNS, INCIDENT_COLUMNS, EventFilter, IncidentFilter, iter_events, iter_features, \
    iter_incidents

FORMATS = ("jsonl", "csv", "parquet", "geojson")
PROFILES = ("sitroom", "acled")
ROWS = ("events", "incidents")
CHUNK = 2000  # rows per Parquet row group / per streamed block

_INTS = {"killed", "injured", "size", "geonameid", "span_start", "span_end"}
_FLOATS = {"lat", "lon", "confidence"}
_DATES = {"date", "date_end", "published"}
# sitroom columns with one value per actor (or per mode): lists in Parquet, "; "- or ", "-joined in CSV
_LISTS = {"actor": ("actors", "name"), "actor_country": ("actors", "country"), "actor_agent": ("actors", "agent"),
          "recipient": ("recipients", "name"), "recipient_country": ("recipients", "country"),
          "recipient_agent": ("recipients", "agent"), "mode": None, "context": None}


def columns(profile: str = "sitroom") -> list:
    return {"sitroom": EVENT_COLUMNS, "acled": acled.COLUMNS}[_profile(profile)]


def _profile(profile: str) -> str:
    if profile not in PROFILES:
        raise ValueError(f"unknown export profile {profile!r}; choose one of {', '.join(PROFILES)}")
    return profile


def rows(conn, f: Optional[EventFilter] = None, profile: str = "sitroom") -> Iterator[dict]:
    """The event rows of the selection in the profile's columns, streamed."""
    _profile(profile)
    for r in iter_events(conn, f or EventFilter(limit=None)):
        yield acled.row(r) if profile == "acled" else {k: r[k] for k in EVENT_COLUMNS}


def flat_rows(store, f: Optional[EventFilter] = None, profile: str = "sitroom") -> list[dict]:
    return list(rows(store.conn, f, profile))


def write_csv(rows: Iterable[dict], fh: TextIO, profile: str = "sitroom") -> int:
    w = csv.DictWriter(fh, fieldnames=columns(profile), extrasaction="ignore")
    w.writeheader()
    n = 0
    for r in rows:
        w.writerow(r)
        n += 1
    return n


def csv_text(rows: list[dict], profile: str = "sitroom") -> str:
    buf = io.StringIO()
    write_csv(rows, buf, profile)
    return buf.getvalue()


class _Blocks(io.StringIO):
    """A text buffer handed out a block at a time (`flush_block()` returns what was written since the last one)."""

    def flush_block(self) -> str:
        out = self.getvalue()
        self.seek(0)
        self.truncate()
        return out


def stream(conn, fmt: str, f: Optional[EventFilter] = None, profile: str = "sitroom") -> Iterator[str]:
    """The export as text blocks (csv, jsonl of flat rows, geojson): what the HTTP API streams."""
    f = f or EventFilter(limit=None)
    buf = _Blocks()
    flush = buf.flush_block

    if fmt == "csv":   # what write_csv writes (a DictWriter's header and rows), from lists of values
        cols = columns(profile)
        w = csv.writer(buf)
        w.writerow(cols)
        if profile == "sitroom":   # the flat rows hold every column
            records, values = iter_events(conn, f), itemgetter(*cols)
        else:
            records, values = rows(conn, f, profile), (lambda r: [r.get(k) for k in cols])  # noqa: E731
        for i, r in enumerate(records, 1):
            w.writerow(values(r))
            if i % CHUNK == 0:
                yield flush()
        yield flush()
    elif fmt == "jsonl":
        for i, r in enumerate(rows(conn, f, profile), 1):
            buf.write(json.dumps(r, ensure_ascii=False) + "\n")
            if i % CHUNK == 0:
                yield flush()
        yield flush()
    elif fmt == "geojson":
        yield '{"type": "FeatureCollection", "features": ['
        for i, feat in enumerate(iter_features(conn, f)):
            buf.write(("," if i else "") + "\n" + json.dumps(feat, ensure_ascii=False))
            if (i + 1) % CHUNK == 0:
                yield flush()
        yield flush() + "\n]}\n"
    else:
        raise ValueError(f"cannot stream {fmt!r}; choose csv, jsonl or geojson")


def export(store, fmt: str, out=None, f: Optional[EventFilter] = None, profile: str = "sitroom",
           rows_of: str = "events") -> int:
    """Write the store (or the filtered events) as `fmt` to `out` (a path, a text stream, or None for stdout).
    jsonl writes the contract's documents (those with a matching event when filtered); csv, parquet and geojson
    one row (feature) per event. With `rows_of="incidents"`: one row (feature, JSON line) per incident
    (sitroom.fuse). Returns the number of records written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if rows_of not in ROWS:
        raise ValueError(f"unknown rows {rows_of!r}; choose one of {', '.join(ROWS)}")
    if rows_of == "incidents":
        return export_incidents(store.conn, fmt, out, f)
    _profile(profile)
    if fmt == "parquet":
        if out is None or not isinstance(out, (str, Path)):
            raise ValueError("parquet export needs an output file (-o FILE)")
        return write_parquet(store.conn, out, f, profile)
    own = isinstance(out, (str, Path))
    fh = open(out, "w", encoding="utf-8", newline="") if own else (out or sys.stdout)
    try:
        if fmt == "jsonl":
            return _write_documents(store, fh, f)
        if fmt == "csv":
            return write_csv(rows(store.conn, f, profile), fh, profile)
        n = 0
        for block in stream(store.conn, "geojson", f):
            fh.write(block)
            n += block.count('"type": "Feature",')
        return n
    finally:
        if own:
            fh.close()


def _write_documents(store, fh: TextIO, f: Optional[EventFilter]) -> int:
    n = 0
    ids = None if f is None else {r["doc_id"] for r in iter_events(store.conn, f)}
    for doc in store.documents():
        if ids is None or doc.doc_id in ids:
            fh.write(json.dumps(doc.as_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


# -- Parquet ----------------------------------------------------------------------------------------
def arrow_schema(profile: str = "sitroom"):
    """The typed Arrow schema of a profile's event rows."""
    import pyarrow as pa
    if _profile(profile) == "acled":
        return pa.schema([(c, pa.int64() if c in acled.INTS else pa.float64() if c in acled.FLOATS else
                           pa.date32() if c in acled.DATES else pa.string()) for c in acled.COLUMNS])
    return pa.schema([(c, pa.int64() if c in _INTS else pa.float64() if c in _FLOATS else
                       pa.date32() if c in _DATES else pa.list_(pa.string()) if c in _LISTS else pa.string())
                      for c in EVENT_COLUMNS])


def _day(v: Optional[str]) -> Optional[dt.date]:
    if not v:
        return None
    try:
        return dt.date.fromisoformat(v[:10])
    except ValueError:
        return None


def _typed(r: dict, profile: str) -> dict:
    if profile == "acled":
        out = acled.row(r)
        for c in acled.DATES:
            out[c] = _day(out[c])
        return out
    out = {k: r[k] for k in EVENT_COLUMNS}
    for c in _DATES:
        out[c] = _day(out[c])
    for c, src in _LISTS.items():
        if src is None:
            out[c] = [v.strip() for v in (r[c] or "").split(",") if v.strip()]
        else:
            role, key = src
            out[c] = [(a.get(key) if key != "name" else (a.get("name") or a.get("text"))) for a in r[role]]
    return out


def write_parquet(conn, out, f: Optional[EventFilter] = None, profile: str = "sitroom") -> int:
    """The selection as a typed Parquet file, written a row group of CHUNK rows at a time."""
    return _parquet(out, arrow_schema(profile),
                    (_typed(r, profile) for r in iter_events(conn, f or EventFilter(limit=None))))


def _parquet(out, schema, typed_rows: Iterable[dict]) -> int:
    """Typed rows into a Parquet file, a row group of CHUNK rows at a time (streamed)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    n = 0
    with pq.ParquetWriter(str(out), schema) as w:
        batch: list = []
        for r in typed_rows:
            batch.append(r)
            if len(batch) >= CHUNK:
                w.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or not n:
            w.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


# -- incident rows (sitroom.fuse) --------------------------------------------------------------------
_INC_INTS = {"mentions", "n_documents", "n_sources", "killed_min", "killed_max", "injured_min", "injured_max",
             "size_min", "size_max"}
_INC_DATES = {"first_report", "last_report", "date_start", "date_end"}
_INC_LISTS = {"actors", "recipients"}


def incident_flat(r: dict) -> dict:
    """An incident row for CSV: lists joined with "; ", figures as JSON."""
    out = dict(r)
    for c in _INC_LISTS:
        out[c] = "; ".join(r[c])
    out["figures"] = json.dumps(r["figures"], ensure_ascii=False, sort_keys=True)
    return out


def incident_schema():
    import pyarrow as pa
    return pa.schema([(c, pa.int64() if c in _INC_INTS else pa.float64() if c in ("lat", "lon") else
                       pa.date32() if c in _INC_DATES else pa.list_(pa.string()) if c in _INC_LISTS else
                       pa.bool_() if c == "cumulative" else pa.string()) for c in INCIDENT_COLUMNS])


def _incident_typed(r: dict) -> dict:
    out = dict(r)
    for c in _INC_DATES:
        out[c] = _day(out[c])
    out["figures"] = json.dumps(r["figures"], ensure_ascii=False, sort_keys=True)
    return out


def stream_incidents(conn, fmt: str, f: Optional[EventFilter] = None, written: Optional[list] = None) -> Iterator[str]:
    """Incident rows as text blocks (csv, jsonl, geojson points of located incidents), CHUNK rows a block;
    `written[0]` counts the rows written."""
    f = _incident_filter(f)
    written = written if written is not None else [0]
    buf = _Blocks()
    flush = buf.flush_block

    if fmt == "csv":
        w = csv.DictWriter(buf, fieldnames=INCIDENT_COLUMNS, extrasaction="ignore")
        w.writeheader()
    elif fmt == "geojson":
        buf.write('{"type": "FeatureCollection", "features": [')
    elif fmt != "jsonl":
        raise ValueError(f"cannot stream incidents as {fmt!r}; choose csv, jsonl or geojson")
    n = 0
    for r in iter_incidents(conn, f):
        if fmt == "csv":
            w.writerow(incident_flat(r))
        elif fmt == "jsonl":
            buf.write(json.dumps(r, ensure_ascii=False) + "\n")
        elif r["lat"] is not None and r["lon"] is not None:
            feat = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                    "properties": {k: v for k, v in r.items() if k not in ("lat", "lon")}}
            buf.write(("," if n else "") + "\n" + json.dumps(feat, ensure_ascii=False))
        else:
            continue
        n += 1
        written[0] = n
        if n % CHUNK == 0:
            yield flush()
    if fmt == "geojson":
        buf.write("\n]}\n")
    yield flush()


def _incident_filter(f: Optional[EventFilter]) -> IncidentFilter:
    if isinstance(f, IncidentFilter):
        return f
    kw = {k: v for k, v in vars(f).items() if k not in ("sort", "descending", "limit", "offset")} if f else {}
    return IncidentFilter(**kw, limit=None)


def export_incidents(conn, fmt: str, out=None, f: Optional[EventFilter] = None) -> int:
    """The incidents (those with a member event matching `f`) as csv, jsonl, geojson or typed parquet."""
    if fmt == "parquet":
        if out is None or not isinstance(out, (str, Path)):
            raise ValueError("parquet export needs an output file (-o FILE)")
        return _parquet(out, incident_schema(), (_incident_typed(r) for r in iter_incidents(conn, _incident_filter(f))))
    own = isinstance(out, (str, Path))
    fh = open(out, "w", encoding="utf-8", newline="") if own else (out or sys.stdout)
    written = [0]
    try:
        for block in stream_incidents(conn, fmt, f, written):
            fh.write(block)
        return written[0]
    finally:
        if own:
            fh.close()

