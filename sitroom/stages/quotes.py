"""quotes: reads sentences and ctx.actors -> writes Quote records (ctx.quotes). First version: none."""
from __future__ import annotations

NAME = "sitroom.quotes.v0"


def extract(doc, ctx) -> list:
    return []
