"""What the reader's components pass to each other: declared Doc attributes, and the view the stages read them by.

Every stage is a spaCy component (`Language.factory`, declared next to the stage's `extract`, with `requires`
and `assigns`), and stages talk only through these attributes of the Doc:

    doc._.sitroom_meta         RawDocument: text, doc_id, title, source, url, published (set before the parse)
    doc._.sitroom_published    datetime.date or None, the anchor of relative dates
    doc._.sitroom_sentences    [(start_char, end_char)] of the parser's sentences
    doc._.sitroom_actors       [Entity]  every actor mention, resolved (actors)
    doc._.sitroom_dates        [When]    every temporal expression (dates)
    doc._.sitroom_date_uses    {(start, end): DateUse}  how the sentence uses each date (dates)
    doc._.sitroom_places       [Place]   every toponym (places)
    doc._.sitroom_place_uses   {(start, end): PlaceUse} how the sentence uses each name (places)
    doc._.sitroom_quotes       [Quote]   direct and reported speech (quotes)
    doc._.sitroom_rule_events  [Event]   what the rule coder found (events; the learned reader reads it)
    doc._.sitroom_events       [Event]   the document's events (events)
    doc._.sitroom_failed       (stage, exception) when a stage failed on this document; later stages skip it

`Context(doc)` is that view (`ctx.actors` is `doc._.sitroom_actors`); `Context(raw=..., published=...)` with no
Doc holds the same fields for a test that runs one stage by itself.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc

FIELDS = ("meta", "published", "sentences", "actors", "dates", "date_uses", "places", "place_uses", "quotes",
          "rule_events", "events", "failed")
_LISTS = {"sentences", "actors", "dates", "places", "quotes", "rule_events", "events"}
_DICTS = {"date_uses", "place_uses"}
STAGE_SECONDS: dict = defaultdict(float)  # time spent in each stage in this process (benchmarks read it)


def attr(name: str) -> str:
    return f"sitroom_{name}"


def register() -> None:
    for name in FIELDS:
        if not Doc.has_extension(attr(name)):
            Doc.set_extension(attr(name), default=None)


register()


@dataclass(frozen=True)
class PlaceUse:
    """How its sentence uses a place name: `role` (loc: after a place preposition, subj, mod: a modifier,
    demonym, other), the preposition, the governing word's lemma, the start offset of the word it hangs on,
    whether that word names an event, and that word's lemma."""
    role: str = "other"
    prep: Optional[str] = None
    gov: Optional[str] = None
    head: Optional[int] = None
    event_noun: bool = False
    head_word: Optional[str] = None


NO_PLACE_USE = PlaceUse()


@dataclass(frozen=True)
class DateUse:
    """How its sentence uses a date: `speech` when it dates a statement ("said on Monday")."""
    speech: bool = False


NO_DATE_USE = DateUse()


class Context:
    """The reading context of one document: the Doc's declared sitroom attributes by their short names."""

    __slots__ = ("_doc", "_own", "_read")

    def __init__(self, doc: Optional[Doc] = None, raw=None, published=None, **found):
        object.__setattr__(self, "_doc", doc)
        object.__setattr__(self, "_own", None if doc is not None else {})
        # what was read from (or written through this view to) the Doc: a stage asks for the same attribute
        # per word, and each `doc._` access builds spaCy's Underscore anew. Values are the Doc's own objects.
        object.__setattr__(self, "_read", {})
        if raw is not None:
            self.raw = raw
        if published is not None or doc is None:
            self.published = published
        for k, v in found.items():
            setattr(self, k, v)

    def _key(self, name):
        if name == "raw":
            name = "meta"
        if name not in FIELDS:
            raise AttributeError(f"no reading attribute {name!r} (declared: {', '.join(FIELDS)})")
        return name

    def __getattr__(self, name):
        if name[:1] == "_":  # no reading attribute (and none of the view's own before they are set)
            raise AttributeError(name)
        v = self._read.get(name)
        if v is not None:
            return v
        key = self._key(name)
        if self._doc is not None:
            v = getattr(self._doc._, attr(key))
            if v is None and key == "sentences" and self._doc.has_annotation("SENT_START"):
                v = [(s.start_char, s.end_char) for s in self._doc.sents]
                setattr(self._doc._, attr(key), v)
            if v is not None:
                self._read[name] = v
        else:
            v = self._own.get(key)
        if v is None and key in _LISTS:
            return []
        if v is None and key in _DICTS:
            return {}
        return v

    def __setattr__(self, name, value):
        key = self._key(name)
        self._read.pop(key, None)
        if key == "meta":
            self._read.pop("raw", None)
        if self._doc is not None:
            setattr(self._doc._, attr(key), value)
        else:
            self._own[key] = value

    def place_use(self, p) -> PlaceUse:
        return self.place_uses.get(tuple(p.span), NO_PLACE_USE) if p.span else NO_PLACE_USE

    def date_use(self, w) -> DateUse:
        return self.date_uses.get(tuple(w.span), NO_DATE_USE) if w.span else NO_DATE_USE


def stage_component(name: str, stage):
    """The spaCy component of a stage module: runs its `extract(doc, ctx)` (looked up at each call) and stores
    what it returns as doc._.sitroom_<name>; a document a stage fails on is marked (doc._.sitroom_failed) and
    skipped by the later stages, so the other documents of a batch go on."""
    def component(doc: Doc) -> Doc:
        if doc._.sitroom_failed is not None:
            return doc
        ctx = Context(doc)
        t = time.perf_counter()
        try:
            setattr(ctx, name, stage.extract(doc, ctx))
        except Exception as exc:  # one document's failure must not stop the others
            doc._.sitroom_failed = (name, exc)
        STAGE_SECONDS[name] += time.perf_counter() - t
        return doc
    component.__name__ = f"sitroom_{name}"
    component.__qualname__ = component.__name__
    return component
