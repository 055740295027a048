"""actors: reads NER entities -> writes Entity mentions (ctx.actors). First version: NER only."""
from __future__ import annotations

from ..records import Entity

NAME = "sitroom.actors.v0"
LABELS = {"PERSON", "ORG", "NORP", "GPE"}


def extract(doc, ctx) -> list:
    return [Entity(text=e.text, name=e.text, span=[e.start_char, e.end_char])
            for e in doc.ents if e.label_ in LABELS]


def in_span(ctx, start: int, end: int) -> list:
    """Actor mentions (resolved Entities) whose span lies inside [start, end), in text order."""
    return [m for m in ctx.actors if m.span and start <= m.span[0] and m.span[1] <= end]
