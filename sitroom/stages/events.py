"""events: reads sentences, ctx.actors/dates/places -> writes Event records (ctx.events). First version: none."""
from __future__ import annotations

NAME = "sitroom.events.v0"


def extract(doc, ctx) -> list:
    return []
