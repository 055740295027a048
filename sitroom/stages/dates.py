"""dates: reads NER DATE spans -> writes When records (ctx.dates). First version: unresolved spans."""
from __future__ import annotations

from ..records import When

NAME = "sitroom.dates.v0"


def extract(doc, ctx) -> list:
    return [When(text=e.text, span=[e.start_char, e.end_char]) for e in doc.ents if e.label_ == "DATE"]


def for_event(ctx, sent_start: int, sent_end: int, trigger_start: int):
    """The When an event in the sentence [sent_start, sent_end) takes: the resolved date its sentence
    gives (the one nearest the trigger), or one carried from the same occasion, or None."""
    inside = [w for w in ctx.dates if w.start and sent_start <= w.span[0] < sent_end]
    return min(inside, key=lambda w: abs(w.span[0] - trigger_start)) if inside else None
