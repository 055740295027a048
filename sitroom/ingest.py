"""One door for input: files, folders (recursive), JSONL/CSV/JSON, HTML, standard input.

`read(paths, ...)` yields a RawDocument for every usable document and a Skipped(origin, reason)
for every input that cannot be used — empty, binary, undecodable, too large, malformed,
unsupported — and goes on with the rest. Nothing here raises for bad content.

Metadata: JSONL/CSV/JSON records carry `text` plus optional `doc_id, title, source, url, published`;
HTML gives title, date and url through trafilatura; plain text takes them from a sidecar file
(`NAME.meta.json` or `NAME.txt.meta.json` beside it) or from the caller's defaults (CLI flags).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .pipeline import RawDocument

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".csv", ".json"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
SIDECAR = ".meta.json"
MAX_BYTES = 10_000_000  # a single document (file or record text) larger than this is skipped
META_KEYS = ("doc_id", "title", "source", "url", "published")

csv.field_size_limit(2 ** 31 - 1)


@dataclass
class Skipped:
    """An input that was not used, and why."""
    origin: str
    reason: str


Item = Union[RawDocument, Skipped]


class InputError(Exception):
    """An input that cannot be used at all; carries the file and the reason."""

    def __init__(self, origin: str, reason: str):
        super().__init__(f"{origin}: {reason}")
        self.origin, self.reason = origin, reason


def decode(data: bytes, origin: str) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), else the detected encoding. Binary content raises."""
    if not data.strip():
        raise InputError(origin, "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(origin, "binary file (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise InputError(origin, "undecodable: not UTF-8 and no text encoding detected")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(origin, f"undecodable as {best.encoding}: {exc}") from exc
    printable = sum(c.isprintable() or c.isspace() for c in text[:5000])
    if printable < 0.95 * min(len(text), 5000):
        raise InputError(origin, f"binary file (decodes as {best.encoding} but is not text)")
    return text


def iso_date(value, origin: str) -> Optional[str]:
    """A publication date as YYYY-MM-DD; accepts ISO dates/datetimes and common written forms."""
    if value in (None, ""):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    s = str(value).strip()
    try:
        return dt.date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        pass
    try:
        from dateutil import parser as du
        return du.parse(s, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError, ImportError) as exc:
        raise InputError(origin, f"invalid published date {s!r}") from exc


def make(text: str, origin: str, meta: dict, defaults: dict, max_bytes: int) -> Item:
    """Build a RawDocument from text and metadata, or say why not."""
    if not isinstance(text, str):
        return Skipped(origin, "no text field" if text is None else f"text is {type(text).__name__}, not a string")
    if not text.strip():
        return Skipped(origin, "empty text")
    if len(text) > max_bytes:
        return Skipped(origin, f"too large: {len(text):,} characters (limit {max_bytes:,})")
    merged = {k: meta.get(k) if meta.get(k) not in (None, "") else defaults.get(k) for k in META_KEYS}
    try:
        published = iso_date(merged["published"], origin)
    except InputError as exc:
        return Skipped(origin, exc.reason)
    doc_id = merged["doc_id"]
    return RawDocument(text=text, doc_id=str(doc_id) if doc_id not in (None, "") else None,
                       title=_str(merged["title"]), source=_str(merged["source"]), url=_str(merged["url"]),
                       published=published, origin=origin)


def _str(v) -> Optional[str]:
    return None if v in (None, "") else str(v)


def sidecar(path: Path) -> dict:
    for cand in (path.with_name(path.name + SIDECAR), path.with_suffix(SIDECAR)):
        if cand.exists():
            try:
                meta = json.loads(cand.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return {}
            return meta if isinstance(meta, dict) else {}
    return {}


def read_records(text: str, origin: str, kind: str, defaults: dict, max_bytes: int) -> Iterator[Item]:
    """Documents from JSONL, JSON (an object or a list of objects) or CSV text."""
    if kind == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "text" not in reader.fieldnames:
            yield Skipped(origin, f"CSV without a 'text' column (columns: {', '.join(reader.fieldnames or [])})")
            return
        for n, row in enumerate(reader, 2):
            yield make(row.get("text"), f"{origin}:{n}", row, defaults, max_bytes)
        return
    if kind == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            yield Skipped(origin, f"invalid JSON: {exc}")
            return
        items = data if isinstance(data, list) else [data]
        for n, obj in enumerate(items):
            where = origin if len(items) == 1 else f"{origin}[{n}]"
            yield make(obj.get("text"), where, obj, defaults, max_bytes) if isinstance(obj, dict) \
                else Skipped(where, "not a JSON object")
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield Skipped(f"{origin}:{n}", f"invalid JSON line: {exc}")
            continue
        if not isinstance(obj, dict):
            yield Skipped(f"{origin}:{n}", "not a JSON object")
            continue
        yield make(obj.get("text"), f"{origin}:{n}", obj, defaults, max_bytes)


def read_html(data: bytes, origin: str, defaults: dict, max_bytes: int) -> Item:
    import trafilatura
    html = decode(data, origin)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None:
        return Skipped(origin, "HTML without extractable main text")
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = get("text")
    meta = {"title": get("title"), "url": get("url"), "published": get("date"),
            "source": get("sitename") or get("hostname")}
    return make(text, origin, meta, defaults, max_bytes)


def read_file(path: Path, defaults: dict, max_bytes: int) -> Iterator[Item]:
    origin = str(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if suffix not in RECORD_SUFFIXES and size > max_bytes:
            yield Skipped(origin, f"too large: {size:,} bytes (limit {max_bytes:,})")
            return
        data = path.read_bytes()
        if suffix in HTML_SUFFIXES:
            yield read_html(data, origin, defaults, max_bytes)
        elif suffix in RECORD_SUFFIXES:
            yield from read_records(decode(data, origin), origin, suffix, defaults, max_bytes)
        else:
            yield make(decode(data, origin), origin, sidecar(path), defaults, max_bytes)
    except InputError as exc:
        yield Skipped(exc.origin, exc.reason)
    except OSError as exc:
        yield Skipped(origin, f"cannot read: {exc.strerror or exc}")


def read_stdin(defaults: dict, max_bytes: int, stream=None) -> Iterator[Item]:
    stream = stream if stream is not None else sys.stdin.buffer
    try:
        text = decode(stream.read(), "<stdin>")
    except InputError as exc:
        yield Skipped(exc.origin, exc.reason)
        return
    head = text.lstrip()[:1]
    if head == "{":
        yield from read_records(text, "<stdin>", ".jsonl", defaults, max_bytes)
    else:
        yield make(text, "<stdin>", {}, defaults, max_bytes)


def files_under(folder: Path) -> Iterator[Path]:
    """Files of a folder, recursively, in a stable order; hidden files and sidecars left out."""
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).parts
        if p.is_file() and not any(x.startswith(".") for x in rel) and not p.name.endswith(SIDECAR):
            yield p


def read(paths: Iterable, published=None, source=None, max_bytes: Optional[int] = None,
         stdin=None) -> Iterator[Item]:
    """Every document under `paths` (files, folders, '-' for standard input), in order."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    limit = max_bytes or MAX_BYTES
    defaults = {"published": published, "source": source}
    for p in paths:
        if str(p) == "-":
            yield from read_stdin(defaults, limit, stdin)
            continue
        path = Path(p)
        if path.is_dir():
            for f in files_under(path):
                if f.suffix.lower() in SUPPORTED:
                    yield from read_file(f, defaults, limit)
                else:
                    yield Skipped(str(f), f"unsupported file type {f.suffix or '(none)'!r}")
        elif path.is_file():
            yield from read_file(path, defaults, limit)
        else:
            yield Skipped(str(path), "no such file or folder")
