"""places: reads NER GPE/LOC/FAC spans -> writes Place records (ctx.places). First version: unresolved."""
from __future__ import annotations

from ..records import Place

NAME = "sitroom.places.v0"


def extract(doc, ctx) -> list:
    return [Place(text=e.text, span=[e.start_char, e.end_char]) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
