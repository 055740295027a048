"""One door for input: files, folders (recursive), JSONL/CSV/JSON, HTML, standard input.

`read(paths, ...)` yields a RawDocument for every usable document and a Skipped(origin, reason)
for every input that cannot be used — missing, empty, binary, undecodable, too large, malformed,
unsupported — and goes on with the rest. Nothing here raises for bad content: every error is caught
at the boundary of its file and, inside record files, of its record, and named with the file, the
line (or row, or list index) and the reason.

Limits: a single-document file (text, HTML) or one record (a JSONL line, a CSV row) of more than
`max_bytes` (10 MB); a document text of more than `max_chars` (200,000 characters, about 35,000
words: the reader's time grows faster than the length); a JSON file (read whole) of more than 100 MB;
a JSONL/CSV file (read as a stream, one record at a time) of more than 2 GB.

Metadata: JSONL/CSV/JSON records carry `text` plus optional `doc_id, title, source, url, published`
(strings or numbers); HTML gives title, date and url through trafilatura; plain text takes them from a
sidecar file (`NAME.meta.json` or `NAME.txt.meta.json` beside it) or from the caller's defaults (CLI flags).

Publication dates are read strictly (`parse_published`): ISO 8601 dates and datetimes (the calendar date
as written), dates with a written month ("4 March 2019", "Mar 4, 2019", RFC 2822 "Mon, 04 Mar 2019 10:00:00
+0000"), and numeric dates such as 03/04/2019 only with an explicit `date_order` (DMY, MDY or YMD);
anything else (relative words, impossible dates, two-digit years) is an error, never a guess.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .pipeline import RawDocument

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
STREAM_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
RECORD_SUFFIXES = STREAM_SUFFIXES | {".json"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
SIDECAR = ".meta.json"
MAX_BYTES = 10_000_000               # a single-document file, or one record of a record file
MAX_CHARS = 200_000                  # the text of one document
MAX_JSON_BYTES = 100_000_000         # a .json file (parsed whole)
MAX_STREAM_BYTES = 2_000_000_000     # a .jsonl/.csv file (read one record at a time)
META_KEYS = ("doc_id", "title", "source", "url", "published")
DATE_ORDERS = ("DMY", "MDY", "YMD")

csv.field_size_limit(2 ** 31 - 1)    # rows are measured against max_bytes here, not by the csv module


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


@dataclass
class Limits:
    max_bytes: int = MAX_BYTES
    max_chars: int = MAX_CHARS
    date_order: Optional[str] = None


def display(path) -> str:
    """A path as text that can always be printed and stored (undecodable bytes of a file name as \\xNN)."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


# -- dates --------------------------------------------------------------------------------------------------
_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], 1) for m in names}
_MONTH = r"(?P<mon>[a-z]+)\.?"
_TIME = (r"(?:(?:,?\s+|T)(?:at\s+)?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?"
         r"\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2}|[a-z]{2,5})?)?")
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?,?\s+)?"
_WRITTEN = [re.compile(rf"^{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}}){_TIME}$"),
            re.compile(rf"^{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}}){_TIME}$")]
_NUMERIC = re.compile(rf"^(?P<a>\d{{1,4}})(?P<sep>[/.\-])(?P<b>\d{{1,2}})(?P=sep)(?P<c>\d{{1,4}}){_TIME}$")


def parse_published(value, date_order: Optional[str] = None) -> Optional[str]:
    """A publication date as YYYY-MM-DD, read strictly (see the module docstring); ValueError says why not."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"a date must be written as text, not as {type(value).__name__} {value!r}")
    s = value.strip()
    if date_order is not None and date_order.upper() not in DATE_ORDERS:
        raise ValueError(f"unknown date order {date_order!r} (choose {', '.join(DATE_ORDERS)})")
    iso = _iso(s)
    if iso is not None:
        return iso
    low = re.sub(r"\s+", " ", s.lower())
    for pat in _WRITTEN:
        m = pat.match(low)
        if m:
            if m["mon"] not in _MONTHS:
                raise ValueError(f"{s!r}: {m['mon']!r} is not a month")
            return _date(s, int(m["year"]), _MONTHS[m["mon"]], int(m["day"]))
    m = _NUMERIC.match(low)
    if m:
        if date_order is None:
            raise ValueError(f"{s!r} is ambiguous: give the order of day, month and year (--date-order DMY, MDY "
                             f"or YMD), or write it as YYYY-MM-DD")
        parts = dict(zip(date_order.upper(), (m["a"], m["b"], m["c"])))
        if len(parts["Y"]) != 4:
            raise ValueError(f"{s!r}: the year must have four digits (read as {date_order.upper()})")
        return _date(s, int(parts["Y"]), int(parts["M"]), int(parts["D"]))
    raise ValueError(f"{s!r} is not a date this reader accepts (ISO 8601 such as 2019-03-04, a date with a "
                     f"written month such as 4 March 2019, or a numeric date with --date-order)")


def _iso(s: str) -> Optional[str]:
    if not re.match(r"^\d{4}-?\d{2}", s):
        return None
    for parse in (dt.date.fromisoformat, lambda x: dt.datetime.fromisoformat(x).date()):
        try:
            return parse(s).isoformat()
        except ValueError:
            continue
    if re.match(r"^\d{4}-\d{2}-\d{2}", s):
        try:
            dt.date.fromisoformat(s[:10])
        except ValueError as exc:
            raise ValueError(f"{s!r}: {exc}") from None
        raise ValueError(f"{s!r}: a date followed by something that is not an ISO 8601 time")
    return None


def _date(s: str, year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise ValueError(f"{s!r}: {exc}") from None


def iso_date(value, origin: str, date_order: Optional[str] = None) -> Optional[str]:
    """parse_published, with a bad date as an InputError naming the input."""
    try:
        return parse_published(value, date_order)
    except ValueError as exc:
        raise InputError(origin, f"invalid published date: {exc}") from None


# -- text ---------------------------------------------------------------------------------------------------
def detect(sample: bytes, origin: str) -> str:
    """The encoding of (the start of) some bytes: UTF-8 (with or without BOM), else the detected one.
    Binary content raises."""
    if b"\x00" in sample[:8192] and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(origin, "binary file (NUL bytes)")
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(sample[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise InputError(origin, "undecodable: not UTF-8 and no text encoding detected")
    return best.encoding


def detect_stream(sample: bytes, origin: str) -> str:
    """The encoding of a record file from its first bytes: UTF-8 when most lines of the sample are UTF-8 (the
    others are then bad records of their own), else as `detect` finds it."""
    if b"\x00" not in sample[:8192] and _mostly_utf8(sample):
        return "utf-8-sig"
    return detect(sample, origin)


def _mostly_utf8(sample: bytes) -> bool:
    lines = sample.split(b"\n")[:-1] or [sample]
    bad = 0
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
    return bad * 2 < len(lines)


def _name(encoding: str) -> str:
    return "UTF-8" if encoding.lower().replace("_", "-") in ("utf-8", "utf-8-sig", "utf8") else encoding


def decode(data: bytes, origin: str) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), else the detected encoding. Binary content raises."""
    if not data.strip():
        raise InputError(origin, "empty file")
    encoding = detect(data, origin)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(origin, f"undecodable as {encoding}: {exc}") from exc
    _check_text(text, origin, encoding)
    return text


def _check_text(text: str, origin: str, encoding: str):
    printable = sum(c.isprintable() or c.isspace() for c in text[:5000])
    if printable < 0.95 * min(len(text), 5000):
        raise InputError(origin, f"binary file (decodes as {encoding} but is not text)")


_UNDECODED = re.compile(r"[\udc80-\udcff]")   # bytes a surrogateescape decoding could not read


def make(text, origin: str, meta: dict, defaults: dict, limits: Limits) -> Item:
    """Build a RawDocument from text and metadata, or say why not."""
    if not isinstance(text, str):
        return Skipped(origin, "no text field" if text is None else f"text is {type(text).__name__}, not a string")
    if not text.strip():
        return Skipped(origin, "empty text")
    if len(text) > limits.max_chars:
        return Skipped(origin, f"too large: {len(text):,} characters of text (limit {limits.max_chars:,})")
    merged = {}
    for k in META_KEYS:
        v = meta.get(k)
        if (v is not None and not isinstance(v, (str, int, float))) or isinstance(v, bool):
            return Skipped(origin, f"{k} is a {type(v).__name__}, not a string")
        merged[k] = v if v not in (None, "") else defaults.get(k)
    try:
        published = iso_date(merged["published"] if not isinstance(merged["published"], (int, float))
                             else str(merged["published"]), origin, limits.date_order)
    except InputError as exc:
        return Skipped(origin, exc.reason)
    doc_id = merged["doc_id"]
    return RawDocument(text=text, doc_id=str(doc_id) if doc_id not in (None, "") else None,
                       title=_str(merged["title"]), source=_str(merged["source"]), url=_str(merged["url"]),
                       published=published, origin=origin)


def _str(v) -> Optional[str]:
    return None if v in (None, "") else str(v)


def sidecar(path: Path) -> dict:
    """The metadata of a sidecar file; an unusable sidecar is an InputError (its document is not read
    with the wrong metadata)."""
    for cand in (path.with_name(path.name + SIDECAR), path.with_suffix(SIDECAR)):
        if cand.exists():
            try:
                meta = json.loads(cand.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError) as exc:
                raise InputError(display(path), f"unusable sidecar {cand.name}: {str(exc)[:200]}") from None
            if not isinstance(meta, dict):
                raise InputError(display(path), f"unusable sidecar {cand.name}: not a JSON object")
            return meta
    return {}


# -- record files -------------------------------------------------------------------------------------------
def _record(obj, where: str, defaults: dict, limits: Limits) -> Item:
    if not isinstance(obj, dict):
        return Skipped(where, f"not a JSON object (a {type(obj).__name__})")
    return make(obj.get("text"), where, obj, defaults, limits)


def _json_value(text: str):
    """json.loads; ValueError for anything it cannot read (nesting too deep included)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def read_json(text: str, origin: str, defaults: dict, limits: Limits) -> Iterator[Item]:
    """Documents of a JSON file: an object or a list of objects."""
    try:
        data = _json_value(text)
    except ValueError as exc:
        yield Skipped(origin, f"invalid JSON: {exc}")
        return
    items = data if isinstance(data, list) else [data]
    if not items:
        yield Skipped(origin, "empty JSON list")
    for n, obj in enumerate(items):
        yield _guarded(lambda: _record(obj, origin if len(items) == 1 else f"{origin}[{n}]", defaults, limits),
                       origin if len(items) == 1 else f"{origin}[{n}]")


def _guarded(build, where: str) -> Item:
    """One record built, or a Skipped naming it: no error in one record reaches the others."""
    try:
        return build()
    except Exception as exc:  # the record boundary: whatever goes wrong here is this record's problem
        return Skipped(where, f"unreadable record: {type(exc).__name__}: {str(exc)[:200]}")


def _lines(fh, limit: int) -> Iterator[tuple[bytes, bool]]:
    """(line, too_long) for each line of a binary file, never holding more than `limit` bytes of one line."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:          # the rest of an oversized line, read and dropped in pieces
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield line[:0], True
        else:
            yield line, False


def read_jsonl(fh, origin: str, encoding: str, defaults: dict, limits: Limits, first_line: int = 1) -> Iterator[Item]:
    """Documents of a JSON Lines stream, one record per line; `first_line` is the file's line number where `fh`
    starts (a line range of a file, see `split`)."""
    for n, (raw, too_long) in enumerate(_lines(fh, limits.max_bytes), first_line):
        where = f"{origin}:{n}"
        if too_long:
            yield Skipped(where, f"too large: a line of more than {limits.max_bytes:,} bytes")
            continue
        if n == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        line = raw.decode(encoding, "surrogateescape")
        if not line.strip():
            continue
        if _UNDECODED.search(line):
            yield Skipped(where, f"undecodable: not valid {_name(encoding)}")
            continue
        try:
            obj = _json_value(line)
        except ValueError as exc:
            yield Skipped(where, f"invalid JSON line: {exc}")
            continue
        yield _guarded(lambda: _record(obj, where, defaults, limits), where)


def _csv_reader(fh, encoding: str):
    # lines end at "\n" only: a bare CR inside an unquoted field is then that row's error, not a row break that
    # would cut its text short
    return csv.reader(io.TextIOWrapper(fh, encoding=encoding, errors="surrogateescape", newline="\n"))


def read_csv(fh, origin: str, encoding: str, defaults: dict, limits: Limits, rows=None) -> Iterator[Item]:
    """Documents of a CSV stream with a header row that has a `text` column; one record per row. With `rows`
    (a stream of some of the file's rows and the file's line number where it starts, see `split`) the header
    is read from `fh` and the rows from that stream."""
    reader = _csv_reader(fh, encoding)
    try:
        header = next(reader)
    except StopIteration:
        yield Skipped(origin, "empty CSV")
        return
    except csv.Error as exc:
        yield Skipped(origin, f"malformed CSV header: {exc}")
        return
    if "text" not in header:
        yield Skipped(origin, f"CSV without a 'text' column (columns: {', '.join(header)[:300]})")
        return
    shift = 0
    if rows is not None:
        body, first_line = rows
        reader, shift = _csv_reader(body, encoding), first_line - 1
    while True:
        start = reader.line_num + 1 + shift
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = "a line break (bare CR) inside an unquoted field" if "new-line character" in str(exc) else exc
            yield Skipped(f"{origin}:{start}", f"malformed CSV row: {reason}")
            if reader.line_num + shift < start:
                return
            continue
        where = f"{origin}:{start}"
        if not any(x.strip() for x in row):
            continue
        if sum(len(x) for x in row) > limits.max_bytes:
            yield Skipped(where, f"too large: a row of more than {limits.max_bytes:,} characters")
        elif any(_UNDECODED.search(x) for x in row):
            yield Skipped(where, f"undecodable: not valid {_name(encoding)}")
        elif len(row) != len(header):
            yield Skipped(where, f"malformed CSV row: {len(row)} fields under a header of {len(header)}")
        else:
            yield _guarded(lambda: _record(dict(zip(header, row)), where, defaults, limits), where)


def read_records(text: str, origin: str, kind: str, defaults: dict, limits: Limits) -> Iterator[Item]:
    """Documents from JSONL, JSON (an object or a list of objects) or CSV text."""
    if kind == ".json":
        yield from read_json(text, origin, defaults, limits)
        return
    fh = io.BytesIO(text.encode("utf-8", "surrogatepass"))
    yield from (read_csv if kind == ".csv" else read_jsonl)(fh, origin, "utf-8", defaults, limits)


def read_html(data: bytes, origin: str, defaults: dict, limits: Limits) -> Item:
    import trafilatura
    html = decode(data, origin)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None:
        return Skipped(origin, "HTML without extractable main text")
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    meta = {"title": get("title"), "url": get("url"), "published": get("date"),
            "source": get("sitename") or get("hostname")}
    return make(get("text"), origin, meta, defaults, limits)


def read_file(path: Path, defaults: dict, limits: Limits, part: Optional[tuple] = None) -> Iterator[Item]:
    """Every document of one file, or with `part` = (start, end, first_line) of a JSONL/CSV file (from `split`)
    the documents of that byte range. Whatever goes wrong in it is a Skipped naming the file (and the record)."""
    origin = display(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        limit = MAX_STREAM_BYTES if suffix in STREAM_SUFFIXES else MAX_JSON_BYTES if suffix == ".json" \
            else limits.max_bytes
        if size > limit:
            yield Skipped(origin, f"too large: {size:,} bytes (limit {limit:,})")
            return
        if size == 0:
            yield Skipped(origin, "empty file")
            return
        if suffix in STREAM_SUFFIXES:
            with open(path, "rb") as fh:
                sample = fh.read(1 << 16)
                if not sample.strip():
                    yield Skipped(origin, "empty file")
                    return
                encoding = detect_stream(sample, origin)
                if encoding.replace("-", "").replace("_", "").lower().startswith(("utf16", "utf32")):
                    yield from read_records(decode(path.read_bytes(), origin), origin, suffix, defaults, limits)
                    return
                fh.seek(0)
                if part is not None:
                    yield from _read_part(fh, origin, suffix, encoding, defaults, limits, part)
                    return
                n = 0
                for n, item in enumerate((read_csv if suffix == ".csv" else read_jsonl)(
                        fh, origin, encoding, defaults, limits), 1):
                    yield item
                if n == 0:
                    yield Skipped(origin, "no records")
            return
        data = path.read_bytes()
        if suffix in HTML_SUFFIXES:
            yield read_html(data, origin, defaults, limits)
        elif suffix == ".json":
            yield from read_json(decode(data, origin), origin, defaults, limits)
        else:
            yield make(decode(data, origin), origin, sidecar(path), defaults, limits)
    except InputError as exc:
        yield Skipped(exc.origin, exc.reason)
    except OSError as exc:
        yield Skipped(origin, f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # the file boundary: an error in one file never stops the others
        yield Skipped(origin, f"unreadable: {type(exc).__name__}: {str(exc)[:200]}")


class _Range(io.RawIOBase):
    """The bytes [start, end) of an open binary file, as a stream of their own."""

    def __init__(self, fh, start: int, end: int):
        self.fh, self.left = fh, end - start
        fh.seek(start)

    def readable(self):
        return True

    def readinto(self, b) -> int:
        n = self.fh.readinto(memoryview(b)[:max(0, min(len(b), self.left))])
        self.left -= n or 0
        return n or 0


def _read_part(fh, origin: str, suffix: str, encoding: str, defaults: dict, limits: Limits,
               part: tuple) -> Iterator[Item]:
    start, end, first_line = part
    body = io.BufferedReader(_Range(open(fh.name, "rb"), start, end), 1 << 16)
    with body:
        if suffix == ".csv":
            yield from read_csv(fh, origin, encoding, defaults, limits, rows=(body, first_line))
        else:
            yield from read_jsonl(body, origin, encoding, defaults, limits, first_line=first_line)


def splittable(path: Path) -> bool:
    """Whether `split` can cut this file in line ranges: a JSONL/CSV file within the stream limit whose
    encoding is read line by line (not UTF-16/32, which is read whole)."""
    try:
        if path.suffix.lower() not in STREAM_SUFFIXES or not 0 < path.stat().st_size <= MAX_STREAM_BYTES:
            return False
        with open(path, "rb") as fh:
            encoding = detect_stream(fh.read(1 << 16), display(path))
    except (OSError, InputError):
        return False
    return not encoding.replace("-", "").replace("_", "").lower().startswith(("utf16", "utf32"))


def split(path: Path, part_bytes: int) -> list:
    """A JSONL/CSV file cut into parts of about `part_bytes` at record boundaries: [(start, end, first_line)],
    byte ranges with the file's line number where each starts, for `read_file(..., part=)`. JSONL is cut at
    any line end; CSV only where the csv reader ends a row (a quoted field may hold line breaks), found with
    the same reader `read_csv` uses; a CSV part never holds the header (each part reads it from the file)."""
    path = Path(path)
    size = path.stat().st_size
    if not splittable(path) or size <= part_bytes:
        return [(0, size, 1)]
    is_csv = path.suffix.lower() == ".csv"
    with open(path, "rb") as fh:
        encoding = detect_stream(fh.read(1 << 16), display(path))
        fh.seek(0)
        ends = _row_ends(fh, encoding) if is_csv else _line_ends(fh)
        start, line = next(ends, (size, 1)) if is_csv else (0, 1)   # a CSV file's parts begin after its header
        parts = []
        for pos, next_line in ends:
            if pos - start >= part_bytes:
                parts.append((start, pos, line))
                start, line = pos, next_line
        if start < size:
            parts.append((start, size, line))
    return parts or [(0, size, 1)]


def _line_ends(fh) -> Iterator[tuple[int, int]]:
    """(offset after a line end, the number of the next line) for each line of a binary file."""
    pos, line = 0, 1
    for raw in iter(lambda: fh.readline(1 << 20), b""):
        pos += len(raw)
        if raw.endswith(b"\n"):
            line += 1
            yield pos, line


def _row_ends(fh, encoding: str) -> Iterator[tuple[int, int]]:
    """(offset after a CSV row, the number of the next line) for each row as read_csv's reader ends them."""
    state = {"pos": 0, "line": 1}

    def lines():
        for raw in iter(lambda: fh.readline(1 << 20), b""):
            state["pos"] += len(raw)
            if raw.endswith(b"\n"):
                state["line"] += 1
            yield raw.decode(encoding, "surrogateescape")

    reader = csv.reader(lines())
    last = -1
    while True:
        try:
            next(reader)
        except StopIteration:
            return
        except csv.Error:
            if state["pos"] == last:
                return
        last = state["pos"]
        yield state["pos"], state["line"]


def read_stdin(defaults: dict, limits: Limits, stream=None) -> Iterator[Item]:
    stream = stream if stream is not None else sys.stdin.buffer
    try:
        data = stream.read(MAX_STREAM_BYTES + 1)
        if len(data) > MAX_STREAM_BYTES:
            yield Skipped("<stdin>", f"too large: more than {MAX_STREAM_BYTES:,} bytes")
            return
        text = decode(data, "<stdin>")
    except InputError as exc:
        yield Skipped(exc.origin, exc.reason)
        return
    head = text.lstrip()[:1]
    if head == "{":
        yield from read_records(text, "<stdin>", ".jsonl", defaults, limits)
    elif len(data) > limits.max_bytes:
        yield Skipped("<stdin>", f"too large: {len(data):,} bytes (limit {limits.max_bytes:,})")
    else:
        yield make(text, "<stdin>", {}, defaults, limits)


def files_under(folder: Path, errors: Optional[list] = None) -> Iterator[Path]:
    """Files of a folder, recursively, in a stable order; hidden files and sidecars left out. Folders that
    cannot be listed are added to `errors` as (path, reason)."""
    found = []

    def unreadable(exc: OSError):
        if errors is not None:
            errors.append((exc.filename or str(folder), exc.strerror or str(exc)))

    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(top) / f for f in files if not f.startswith(".") and not f.endswith(SIDECAR))
    yield from sorted(found)


def read(paths: Iterable, published=None, source=None, max_bytes: Optional[int] = None,
         stdin=None, date_order: Optional[str] = None, max_chars: Optional[int] = None) -> Iterator[Item]:
    """Every document under `paths` (files, folders, '-' for standard input), in order. `published` and
    `source` are the defaults for inputs without their own; `date_order` (DMY, MDY, YMD) reads numeric dates."""
    # a bad default date is the caller's error: ValueError
    defaults, limits = options(published, source, max_bytes, date_order, max_chars)
    for source_ in sources(paths):
        if isinstance(source_, Skipped):
            yield source_
        elif source_ == "-":
            yield from read_stdin(defaults, limits, stdin)
        else:
            yield from read_file(source_, defaults, limits)


def options(published=None, source=None, max_bytes: Optional[int] = None, date_order: Optional[str] = None,
            max_chars: Optional[int] = None) -> tuple[dict, Limits]:
    """The (defaults, limits) `read` reads with, for `read_file` called on its own (a partition of a run)."""
    if published not in (None, ""):
        published = parse_published(published, date_order)
    return {"published": published, "source": source}, Limits(max_bytes or MAX_BYTES, max_chars or MAX_CHARS,
                                                              date_order)


def sources(paths: Iterable) -> Iterator[Union[Path, str, Skipped]]:
    """The inputs `read` reads, in its order: each supported file (a Path), '-' for standard input, or a
    Skipped for what is not read (missing, unsupported, not a regular file, a folder that cannot be listed)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for p in paths:
        if str(p) == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            errors: list = []
            for f in files_under(path, errors):
                if not f.is_file():
                    yield Skipped(display(f), "not a regular file")
                elif f.suffix.lower() in SUPPORTED:
                    yield f
                else:
                    yield Skipped(display(f), f"unsupported file type {f.suffix or '(none)'!r}")
            for where, reason in errors:
                yield Skipped(display(where), f"cannot list folder: {reason}")
        elif path.is_file():
            yield path
        elif path.exists():
            yield Skipped(display(path), "not a regular file or folder")
        else:
            yield Skipped(display(path), "no such file or folder")


def count(paths: Iterable, **options) -> Optional[int]:
    """How many documents `read(paths, **options)` yields (None when one input is standard input, which
    cannot be read twice): the total a progress bar shows before the first document is read."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = list(paths)
    if any(str(p) == "-" for p in paths):
        return None
    return sum(1 for item in read(paths, **options) if not isinstance(item, Skipped))
