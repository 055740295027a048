"""actors: reads NER entities -> writes Entity mentions (ctx.actors). First version: NER only."""
from __future__ import annotations

from ..records import Entity

NAME = "sitroom.actors.v0"
LABELS = {"PERSON", "ORG", "NORP", "GPE"}


def extract(doc, ctx) -> list:
    return [Entity(text=e.text, name=e.text, span=[e.start_char, e.end_char])
            for e in doc.ents if e.label_ in LABELS]
