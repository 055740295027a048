"""dates: reads NER DATE spans -> writes When records (ctx.dates). First version: unresolved spans."""
from __future__ import annotations

from ..records import When

NAME = "sitroom.dates.v0"


def extract(doc, ctx) -> list:
    return [When(text=e.text, span=[e.start_char, e.end_char]) for e in doc.ents if e.label_ == "DATE"]
