"""Runs the stages over one parsed Doc and assembles the Document; nothing else.

Stages run in order; each reads the Doc and the Context (what earlier stages
found) and returns typed records:

    actors  -> ctx.actors  (Entity mentions, resolved; pronouns and generic phrases included)
    dates   -> ctx.dates   (When, every temporal expression)
    places  -> ctx.places  (Place, every toponym)
    quotes  -> ctx.quotes  (Quote, direct and reported)
    events  -> ctx.events  (Event, with actor/recipient/date/location/counts)

Extraction is a pure function of (text, metadata, resources).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

from .records import Document, stable_id
from .stages import actors, dates, events, places, quotes

STAGES = (actors, dates, places, quotes, events)
BATCH_SIZE = 16


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
STAGE_SECONDS: dict = defaultdict(float)  # time spent in each stage in this process (benchmarks read it)


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


@dataclass
class Context:
    """What the stages know about the document, filled in stage by stage."""
    raw: RawDocument
    published: Optional[dt.date]
    sentences: list = field(default_factory=list)  # [(start_char, end_char)] of the Doc's sentences
    actors: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    places: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    events: list = field(default_factory=list)


def run_stages(doc, raw: RawDocument) -> Document:
    """All stages over one parsed Doc -> the contract's Document."""
    ctx = Context(raw=raw, published=parse_date(raw.published),
                  sentences=[(s.start_char, s.end_char) for s in doc.sents])
    for stage in STAGES:
        field_name = stage.__name__.rsplit(".", 1)[1]  # stages.actors -> ctx.actors
        t = time.perf_counter()
        setattr(ctx, field_name, stage.extract(doc, ctx))
        STAGE_SECONDS[field_name] += time.perf_counter() - t
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
    from . import nlp as _nlp
    raw = RawDocument(text=text, doc_id=doc_id, title=title, source=source, url=url,
                      published=_iso(published))
    return run_stages(_nlp.load()(raw.text), raw)


def _iso(value):
    d = parse_date(value)
    return d.isoformat() if d else None


def _extract_batch(raws: list) -> list:
    from . import nlp as _nlp
    nlp = _nlp.load()
    return [run_stages(doc, raw) for doc, raw in zip(nlp.pipe([r.text for r in raws], batch_size=BATCH_SIZE), raws)]


def _batches(items: Iterable, n: int) -> Iterator[list]:
    batch = []
    for x in items:
        batch.append(x)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_many(raws: Iterable[RawDocument], n_process: Optional[int] = None) -> Iterator[Document]:
    """Read many documents, in input order. With n_process > 1 the parse and the stages run in
    worker processes (each loads the pipeline once); results come back as plain records."""
    from . import nlp as _nlp
    if n_process is None:
        n_process = min(2, os.cpu_count() or 1)
    _nlp.load()  # loaded before forking, so workers share it
    if n_process <= 1:
        for batch in _batches(raws, BATCH_SIZE):
            yield from _extract_batch(batch)
        return
    import multiprocessing as mp
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=n_process, mp_context=ctx) as pool:
        pending = []
        for batch in _batches(raws, BATCH_SIZE):
            pending.append(pool.submit(_extract_batch, batch))
            if len(pending) >= 2 * n_process:
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()
