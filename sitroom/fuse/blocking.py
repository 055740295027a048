"""Candidate pairs for fusion without comparing all pairs.

Two mentions are candidates only when they are of the same type family, their date intervals overlap (the
slack of each date's granularity included; reported-only dates get a wider window), neither gives a
cumulative toll, and they share a blocking key: the document, a participant name, a capitalised word of the
sentence (a name or a place), or a cell of a half-degree-shifted one-degree grid around a located (not
country-level) place. A key held by more than PURGE mentions of a family says nothing and is dropped.
The relation is symmetric and depends only on the two mentions, so batch and incremental fusion see the same
candidates.
"""
from __future__ import annotations

import bisect
import math
from typing import Iterable, Iterator

PURGE = 5000


def keys(m) -> list:
    """The blocking keys of a mention (each prefixed with its family)."""
    if m.cumulative:
        return []
    out = [("d", m.doc_id)]
    out += [("a", n) for n in sorted(m.names)]
    out += [("w", w) for w in sorted(m.proper | m.words)]
    if m.trigger:
        out.append(("t", m.trigger))
    if m.lat is not None and m.lon is not None and not m.country_level:
        out.append(("g", math.floor(m.lat), math.floor(m.lon)))
        out.append(("h", math.floor(m.lat + 0.5), math.floor(m.lon + 0.5)))
    return [(m.family,) + k for k in out]


class Index:
    """Mentions by blocking key, each key's members sorted by the start of their date interval."""

    def __init__(self, mentions: list):
        self.mentions = mentions
        groups: dict = {}
        for m in mentions:
            for k in keys(m):
                groups.setdefault(k, []).append(m)
        self.groups = {}
        for k, ms in groups.items():
            if len(ms) < 2 or len(ms) > PURGE:
                continue
            ms.sort(key=lambda x: (x.lo, x.order))
            self.groups[k] = (ms, [x.lo for x in ms], max(x.hi - x.lo for x in ms))

    def candidates(self, m) -> set:
        """Orders of the mentions that are candidates for `m` (not `m` itself)."""
        out = set()
        for k in keys(m):
            g = self.groups.get(k)
            if g is None:
                continue
            ms, los, width = g
            a = bisect.bisect_left(los, m.lo - width)
            b = bisect.bisect_right(los, m.hi)
            for x in ms[a:b]:
                if x.hi >= m.lo and x.order != m.order:
                    out.add(x.order)
        return out

    def pairs(self) -> Iterator[tuple]:
        """Every candidate pair (i, j), i < j in canonical order, once."""
        seen = set()
        for (ms, los, width) in self.groups.values():
            # sweep by interval start: each member against the earlier ones whose interval is still open
            active: list = []
            for x in ms:
                active = [y for y in active if y.hi >= x.lo]
                for y in active:
                    i, j = (y.order, x.order) if y.order < x.order else (x.order, y.order)
                    key = i * 4294967296 + j
                    if key not in seen:
                        seen.add(key)
                        yield i, j
                active.append(x)


def restrict(pairs: Iterable[tuple], keep: set) -> Iterator[tuple]:
    for i, j in pairs:
        if i in keep and j in keep:
            yield i, j
