"""Typed records of the sitroom contract (`spec/records.md`, version 1).

Every record is a plain dataclass with `as_dict()` / `from_dict()`; a Document's
`as_dict()` is exactly the JSON object of the contract.
Spans are Python string offsets into `Document.text`, `[start, end)`.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, ClassVar, Optional

CONTRACT_VERSION = 1

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
QUAD = {  # PLOVER's quad categories
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "verbal cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), "material cooperation"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), "verbal conflict"),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "material conflict"),
}
STATUSES = ("asserted", "future", "hypothetical", "negated")
GRANULARITIES = ("day", "week", "month", "quarter", "year")

Span = Optional[list]  # [start, end] or None


def _span(v):
    return [int(v[0]), int(v[1])] if v is not None else None


class Record:
    """as_dict / from_dict shared by all records; nested records are declared in `_nested`."""

    _nested: ClassVar[dict] = {}

    def as_dict(self) -> dict:
        out = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, Record):
                v = v.as_dict()
            elif isinstance(v, list):
                v = [x.as_dict() if isinstance(x, Record) else x for x in v]
            out[f.name] = v
        return out

    @classmethod
    def from_dict(cls, d: Optional[dict]):
        if d is None:
            return None
        kw = {}
        names = {f.name for f in dataclasses.fields(cls)}
        for k, v in d.items():
            if k not in names:
                continue
            sub = cls._nested.get(k)
            if sub is not None and v is not None:
                v = [sub.from_dict(x) for x in v] if isinstance(v, list) else sub.from_dict(v)
            if k == "span":
                v = _span(v)
            kw[k] = v
        return cls(**kw)


@dataclass
class Entity(Record):
    """An actor mention: `text` as in the sentence, `name` canonical, `country` ISO-3, `agent` PLOVER agent type."""
    text: str
    name: Optional[str] = None
    country: Optional[str] = None
    agent: Optional[str] = None
    span: Span = None


@dataclass
class Place(Record):
    """A place mention resolved to a gazetteer entry; `country` ISO-2."""
    text: str
    name: Optional[str] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonameid: Optional[int] = None
    feature: Optional[str] = None
    span: Span = None


@dataclass
class When(Record):
    """A temporal expression resolved against the publication date; `end` inclusive. start/end None if unresolved.
    `value` is its TimeML value ("2016-05-14", "2016-W19", "2012-SU", "199", "PRESENT_REF", "XXXX-05" ...)."""
    text: str
    start: Optional[str] = None
    end: Optional[str] = None
    granularity: Optional[str] = None
    value: Optional[str] = None
    span: Span = None


@dataclass
class Trigger(Record):
    text: str
    span: Span = None


@dataclass
class Counts(Record):
    killed: Optional[int] = None
    injured: Optional[int] = None
    size: Optional[int] = None


@dataclass
class Speaker(Record):
    """Who said it. `country` (ISO-3) and `agent` link the speaker to the document's actor of the same name."""
    text: str
    name: Optional[str] = None
    title: Optional[str] = None
    affiliation: Optional[str] = None
    span: Span = None
    country: Optional[str] = None
    agent: Optional[str] = None


@dataclass
class Quote(Record):
    quote: str
    span: Span
    direct: bool
    speaker: Optional[Speaker] = None
    cue: Optional[str] = None
    quote_id: Optional[str] = None
    sentence_span: Span = None
    _nested: ClassVar[dict] = {"speaker": Speaker}


@dataclass
class Event(Record):
    event_type: str
    sentence: str
    span: Span
    status: str = "asserted"
    mode: list = field(default_factory=list)
    context: list = field(default_factory=list)
    trigger: Optional[Trigger] = None
    actor: list = field(default_factory=list)
    recipient: list = field(default_factory=list)
    location: Optional[Place] = None
    date: Optional[When] = None
    counts: Counts = field(default_factory=Counts)
    confidence: float = 0.5
    event_id: Optional[str] = None
    incident_id: Optional[str] = None   # set by fusion (sitroom.fuse): the incident this mention reports
    incident: Optional[dict] = None     # and that incident's figures: {"killed": {"min", "max"}, ...}
    _nested: ClassVar[dict] = {"trigger": Trigger, "actor": Entity, "recipient": Entity, "location": Place,
                               "date": When, "counts": Counts}

    def as_dict(self) -> dict:
        out = super().as_dict()
        for k in ("incident_id", "incident"):   # only on fused events: extraction output stays as it was
            if out[k] is None:
                del out[k]
        return out


@dataclass
class Document(Record):
    doc_id: str
    text: str
    title: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    events: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    places: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    contract: int = CONTRACT_VERSION
    _nested: ClassVar[dict] = {"events": Event, "quotes": Quote, "places": Place, "dates": When, "actors": Entity}


def stable_id(*parts: Any, n: int = 16) -> str:
    """A short hex id that depends only on its parts."""
    h = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:n]
