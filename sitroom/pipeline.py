"""Reads documents with the pipeline and assembles their Documents; nothing else.

The stages are spaCy components after the parser and NER (`nlp.load()` adds them, in this order), each
declaring what it reads and writes as Doc attributes (sitroom/reading.py):

    sitroom_actors  -> doc._.sitroom_actors  (Entity mentions, resolved; pronouns and generic phrases included)
    sitroom_dates   -> doc._.sitroom_dates   (When, every temporal expression)
    sitroom_places  -> doc._.sitroom_places  (Place, every toponym)
    sitroom_quotes  -> doc._.sitroom_quotes  (Quote, direct and reported)
    sitroom_events  -> doc._.sitroom_events  (Event, with actor/recipient/date/location/counts)

A document's metadata enters as doc._.sitroom_meta before the parse (`make_doc`); `assemble` turns the read
Doc into the contract's Document. Extraction is a pure function of (text, metadata, resources); a document a
stage fails on becomes a Failed record and the others go on.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Union

from . import actors, dates, events, places, quotes
from .reading import STAGE_SECONDS, Context  # noqa: F401  (STAGE_SECONDS: benchmarks read it here)
from .records import Document, stable_id

STAGES = (actors, dates, places, quotes, events)
BATCH_SIZE = 16
# A batch also closes before it passes this many characters of text. The parser and NER hold arrays for every
# token of the batch they read: a batch of 16 long articles (27,600 words) took ~470 MB above the loaded
# pipeline, the longest of them (9,600 words) alone ~190 MB. What a document reads as does not depend on its batch.
BATCH_CHARS = 40_000


def versions() -> dict:
    """The versioned names of the parts that read a document (stages, resolvers, gazetteer, spaCy package):
    the store records them with what it holds, so a reader knows what produced the rows."""
    from importlib import metadata

    from . import nlp as _nlp
    from .resources import gazetteer as _gz
    out = {stage.__name__.rsplit(".", 1)[1]: stage.NAME for stage in STAGES}
    out["dates.resolver"] = dates.RESOLVER.NAME
    out["gazetteer"] = _gz.NAME
    try:
        out["spacy_package"] = f"{_nlp.PIPELINE_PACKAGE}=={metadata.version(_nlp.PIPELINE_PACKAGE)}"
    except metadata.PackageNotFoundError:
        out["spacy_package"] = _nlp.PIPELINE_PACKAGE
    return out


@dataclass
class RawDocument:
    """A document as ingested, before any reading. `origin` says where it came from (file, line)."""
    text: str
    doc_id: Optional[str] = None
    title: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    origin: Optional[str] = None

    def __post_init__(self):
        self.text = normalise(self.text)
        if not self.doc_id:
            self.doc_id = stable_id(self.text)


def normalise(text: str) -> str:
    """The project's text normalisation: newlines unified, BOM dropped, lone surrogates (which no encoding can
    write, e.g. from a JSON escape) replaced by U+FFFD one for one. Offsets refer to this text."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_date(value) -> Optional[dt.date]:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip()[:10])


def make_doc(nlp, raw: RawDocument):
    """The Doc of a raw document before any reading: its tokens, with its metadata set as declared attributes
    (doc._.sitroom_meta, doc._.sitroom_published) for the components to read."""
    doc = nlp.make_doc(raw.text)
    doc._.sitroom_meta = raw
    doc._.sitroom_published = parse_date(raw.published)
    return doc


def parse(raw: RawDocument):
    """One document read by the whole pipeline: a Doc whose sitroom attributes hold what each stage found."""
    from . import nlp as _nlp
    nlp = _nlp.load()
    return nlp(make_doc(nlp, raw))


def run_stages(doc, raw: RawDocument) -> Document:
    """The sitroom components over a Doc the parser has read -> the contract's Document."""
    from . import nlp as _nlp
    nlp = _nlp.loaded()
    doc._.sitroom_meta, doc._.sitroom_published, doc._.sitroom_failed = raw, parse_date(raw.published), None
    for stage in STAGES:
        doc = nlp.get_pipe(stage.COMPONENT)(doc)
    if doc._.sitroom_failed is not None:
        raise doc._.sitroom_failed[1]
    return assemble(doc)


def assemble(doc) -> Document:
    """The Document of a Doc the components have read: records with their stable ids."""
    ctx = Context(doc)
    raw = ctx.raw
    for i, e in enumerate(ctx.events):
        e.event_id = stable_id(raw.doc_id, e.span, e.event_type, i)
    for i, q in enumerate(ctx.quotes):
        q.quote_id = stable_id(raw.doc_id, q.span, i)
    pub = ctx.published.isoformat() if ctx.published else None
    return Document(doc_id=raw.doc_id, text=raw.text, title=raw.title, source=raw.source, url=raw.url,
                    published=pub, events=ctx.events, quotes=ctx.quotes, places=ctx.places,
                    dates=ctx.dates, actors=ctx.actors)


def extract(text: str, published=None, source=None, title=None, url=None, doc_id=None) -> Document:
    """Read one document. `published` (date or ISO string) anchors relative dates."""
    raw = RawDocument(text=text, doc_id=doc_id, title=title, source=source, url=url,
                      published=_iso(published))
    doc = parse(raw)
    if doc._.sitroom_failed is not None:
        raise doc._.sitroom_failed[1]
    return assemble(doc)


def _iso(value):
    d = parse_date(value)
    return d.isoformat() if d else None


@dataclass
class Failed:
    """A document that could not be read: its id and origin, the step that failed (`parse`, a stage name, `assemble`
    or `worker`) and the error; `detail` holds the innermost frames of the traceback."""
    doc_id: str
    origin: Optional[str]
    stage: str
    error: str
    text_hash: Optional[str] = None
    detail: str = ""

    def describe(self) -> str:
        where = self.origin or self.doc_id
        return f"{where} (doc {self.doc_id}): failed in {self.stage}: {self.error}"


Result = Union[Document, Failed]


def failed(raw: RawDocument, exc: BaseException, stage: str) -> Failed:
    """The Failed record of `raw` for an exception raised in `stage` (a stage name, `parse` or `assemble`)."""
    import traceback
    try:
        error = f"{type(exc).__name__}: {exc}".strip()
    except Exception:  # an exception whose message itself fails
        error = type(exc).__name__
    detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-4))
    return Failed(doc_id=raw.doc_id, origin=raw.origin, stage=stage, error=error[:2000],
                  text_hash=stable_id(raw.text), detail=detail[-8000:])


def read_one(doc, raw: RawDocument) -> Result:
    """The result of one read document: its Document, or its Failed record when a stage failed on it."""
    if doc._.sitroom_failed is not None:
        stage, exc = doc._.sitroom_failed
        return failed(raw, exc, stage)
    try:
        return assemble(doc)
    except Exception as exc:  # one document's failure, whatever it is, must not stop the others
        return failed(raw, exc, "assemble")


def _parse_and_read(nlp, raw: RawDocument) -> Result:
    try:
        doc = nlp(make_doc(nlp, raw))
    except Exception as exc:
        return failed(raw, exc, "parse")
    return read_one(doc, raw)


def _extract_batch(raws: list) -> list:
    """Parse and read a batch; a document whose parse breaks the batch's pipe is retried alone, so only it fails."""
    from . import nlp as _nlp
    nlp = _nlp.load()
    out: list = []
    try:
        for doc, raw in zip(nlp.pipe([make_doc(nlp, r) for r in raws], batch_size=BATCH_SIZE), raws):
            out.append(read_one(doc, raw))
    except Exception:
        out.extend(_parse_and_read(nlp, raw) for raw in raws[len(out):])
    return out


def batches(raws: Iterable[RawDocument], n: int = BATCH_SIZE, chars: Optional[int] = None) -> Iterator[list]:
    """The raw documents in input order, in batches of at most `n` documents and `chars` characters of text
    (default BATCH_CHARS); a longer document is a batch of its own."""
    chars = BATCH_CHARS if chars is None else chars
    batch: list = []
    size = 0
    for raw in raws:
        if batch and (len(batch) == n or size + len(raw.text) > chars):
            yield batch
            batch, size = [], 0
        batch.append(raw)
        size += len(raw.text)
    if batch:
        yield batch


def extract_many(raws: Iterable[RawDocument], n_process: Optional[int] = None) -> Iterator[Result]:
    """Read many documents, in input order: a Document for each, or a Failed record for one that could not be
    read (the others go on). With n_process > 1 the parse and the stages run in worker processes (each loads the
    pipeline once); results come back as plain records. A worker that dies (killed, out of memory) costs only
    the document it was reading: the batches it held are read again one document per process."""
    from . import nlp as _nlp
    if n_process is None:
        n_process = min(2, os.cpu_count() or 1)
    _nlp.load()  # loaded before forking, so workers share it
    if n_process <= 1:
        for batch in batches(raws):
            yield from _extract_batch(batch)
        return
    import multiprocessing as mp
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    pool = ProcessPoolExecutor(max_workers=n_process, mp_context=ctx)
    pending: list = []  # (batch, future), in input order
    try:
        for batch in batches(raws):
            pending.append((batch, pool.submit(_extract_batch, batch)))
            while len(pending) >= 2 * n_process or (pending and pending[0][1].done()):
                results, pool = _collect(pending, pool, n_process, ctx)
                yield from results
        while pending:
            results, pool = _collect(pending, pool, n_process, ctx)
            yield from results
    finally:
        pool.shutdown(cancel_futures=True)


def _collect(pending: list, pool, n_process: int, ctx):
    """The results of the oldest pending batch, and the pool to go on with (a new one if a worker died)."""
    try:
        results = pending[0][1].result()
        pending.pop(0)
        return results, pool
    except BrokenProcessPool:
        pass
    pool.shutdown(cancel_futures=True)
    held = [raw for b, _ in pending for raw in b]
    pending.clear()
    results = [_alone(raw, ctx) for raw in held]
    return results, ProcessPoolExecutor(max_workers=n_process, mp_context=ctx)


def _alone(raw: RawDocument, ctx) -> Result:
    """One document in a process of its own: its result, or a Failed record if that process dies."""
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as one:
        try:
            return one.submit(_extract_batch, [raw]).result()[0]
        except BrokenProcessPool:
            return Failed(doc_id=raw.doc_id, origin=raw.origin, stage="worker",
                          error="the worker process reading this document died (killed or out of memory)",
                          text_hash=stable_id(raw.text))
