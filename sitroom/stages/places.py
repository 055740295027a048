"""places: reads NER GPE/LOC/FAC spans -> writes Place records (ctx.places). First version: unresolved."""
from __future__ import annotations

from ..records import Place

NAME = "sitroom.places.v0"


def extract(doc, ctx) -> list:
    return [Place(text=e.text, span=[e.start_char, e.end_char]) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]


def for_event(ctx, sent_start: int, sent_end: int, trigger_start: int):
    """The Place an event in the sentence [sent_start, sent_end) takes (spec/annotation.md rule 5):
    the most specific place of the sentence, or one clearly carried over, or None."""
    inside = [p for p in ctx.places if p.name and sent_start <= p.span[0] < sent_end]
    return inside[0] if inside else None
