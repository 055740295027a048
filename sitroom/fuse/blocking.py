"""Candidate pairs for fusion without comparing all pairs.

Two mentions are candidates only when they are of the same type family, their date intervals overlap (the
slack of each date's granularity included; reported-only dates get a wider window), neither gives a
cumulative toll, and they share blocking keys: one strong key (the document, a participant name, a cell of a
half-degree-shifted one-degree grid around a located place that is not a whole country) or WEAK_NEEDED weak
ones (the mention's most distinctive content words: its names and places first, then its longest words; and
its trigger's stem). A key held by more mentions of a family than PURGE (strong) or PURGE_WEAK (weak) says
nothing and is dropped (`purged` lists them). The relation is symmetric and
depends only on the two mentions and the purged keys, so batch and incremental fusion see the same candidates
as long as the purged keys stay the same (fusion fuses everything again when they change).

The store keeps every fused mention's keys (table fusion_keys: `rows`), so an incremental fuse asks SQLite for
the candidates of the mentions it reaches (`store_candidates`) and counts each key's members there
(`store_purged`), without reading the other events.
"""
from __future__ import annotations

import bisect
import math
from typing import Iterator

from .mentions import stem

PURGE = 5000          # members a strong key may have (a family's mentions of one document, name, cell)
PURGE_WEAK = 400      # members a weak key may have (a family's mentions with one word)
WEAK_NEEDED = 1
WEAK_KEYS = 5         # words of a mention that are weak keys (None: all its content words)


def distinctive(m) -> list:
    """The WEAK_KEYS words of a mention that say most about its incident, by the mention alone: capitalised
    words (names, places) first, then the longest content words."""
    proper = sorted({stem(w) for w in m.proper} & m.words)
    rest = sorted(m.words - set(proper), key=lambda w: (-len(w), w))
    return proper + rest if WEAK_KEYS is None else (proper + rest)[:WEAK_KEYS]


def keys(m) -> tuple:
    """(strong keys, weak keys) of a mention, each key prefixed with its family."""
    if m.cumulative:
        return [], []
    strong = [("d", m.doc_id)] + [("a", n) for n in sorted(m.names)]
    if m.lat is not None and m.lon is not None and not m.country_level and not m.place_inferred:
        strong.append(("g", math.floor(m.lat), math.floor(m.lon)))
        strong.append(("h", math.floor(m.lat + 0.5), math.floor(m.lon + 0.5)))
    weak = [("w", w) for w in distinctive(m)]
    if m.trigger and ("w", m.trigger) not in weak:
        weak.append(("w", m.trigger))
    return [(m.family,) + k for k in strong], [(m.family,) + k for k in weak]


def encode(key: tuple) -> str:
    """A key as the store keeps it (one string)."""
    return "\x1f".join(map(str, key))


WIDE = 500     # days: a key row whose date interval is wider is "wide" (the few dated by a year or not at all)


def rows(m) -> list:
    """The fusion_keys rows of a mention: (key, event_id, doc_id, lo, hi, wide)."""
    strong, weak = keys(m)
    wide = int(m.hi - m.lo > WIDE)
    return [(encode(k), m.event_id, m.doc_id, m.lo, m.hi, wide) for k in strong + weak]


def too_many(key: str, n: int) -> bool:
    """Whether a key of `n` members says nothing (PURGE, PURGE_WEAK)."""
    return n > (PURGE_WEAK if key.split("\x1f", 2)[1] == "w" else PURGE)


def digest(purged) -> str:
    """A short hash of the purged keys (encoded; fusion compares it with the last run's)."""
    import hashlib
    return hashlib.sha1(repr(sorted(purged)).encode("utf-8")).hexdigest()[:16]


def store_purged(conn) -> set:
    """The purged keys of the mentions whose keys the store holds (fusion_keys)."""
    return {k for k, n in conn.execute("SELECT key, count(*) FROM fusion_keys GROUP BY key HAVING count(*) > ?",
                                       (min(PURGE, PURGE_WEAK),)) if too_many(k, n)}


FRONT = "_fuse_front"


def store_candidates(conn, ms: list, purged: set) -> list:
    """(event_id, candidate event_id) for the mentions `ms`, from the keys the store holds: the candidates the
    Index of every mention would give them (WEAK_NEEDED 1: one shared key that is not purged, overlapping dates)."""
    assert WEAK_NEEDED == 1, "store candidates need WEAK_NEEDED == 1"
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {FRONT}(src TEXT, key TEXT, lo INTEGER, hi INTEGER)")
    conn.execute(f"DELETE FROM {FRONT}")
    conn.executemany(f"INSERT INTO {FRONT}(src, key, lo, hi) VALUES (?,?,?,?)",
                     [(m.event_id, k, m.lo, m.hi) for m in ms for k, *_ in rows(m) if k not in purged])
    # a narrow row that overlaps starts at most WIDE days before the mention does: both ends of lo bound its scan
    return conn.execute(f"SELECT f.src, k.event_id FROM {FRONT} f JOIN fusion_keys k ON k.key = f.key AND "
                        "k.wide = 0 AND k.lo BETWEEN f.lo - ? AND f.hi AND k.hi >= f.lo WHERE k.event_id != f.src "
                        f"UNION SELECT f.src, k.event_id FROM {FRONT} f JOIN fusion_keys k ON k.key = f.key AND "
                        "k.wide = 1 AND k.lo <= f.hi AND k.hi >= f.lo WHERE k.event_id != f.src", (WIDE,)).fetchall()


def compatible(a, b) -> bool:
    """Whether two mentions may report one incident at all: one type family, overlapping dates, no cumulative
    toll (what blocking asks before any key)."""
    return a.family == b.family and not a.cumulative and not b.cumulative and a.lo <= b.hi and b.lo <= a.hi


class Index:
    """Mentions by blocking key, each key's members sorted by the start of their date interval."""

    def __init__(self, mentions: list):
        self.mentions = mentions
        self.keys = [keys(m) for m in mentions]
        groups: dict = {}
        for m, (strong, weak) in zip(mentions, self.keys):
            for k in strong + weak:
                groups.setdefault(k, []).append(m)
        self.groups = {}
        self.purged = []
        for k, ms in groups.items():
            if len(ms) > (PURGE_WEAK if k[1] == "w" else PURGE):
                self.purged.append(encode(k))
                continue
            if len(ms) < 2:
                continue
            ms.sort(key=lambda x: (x.lo, x.order))
            self.groups[k] = ([x.order for x in ms], [x.lo for x in ms], [x.hi for x in ms],
                              max(x.hi - x.lo for x in ms))

    def purged_digest(self) -> str:
        """A short hash of the purged keys (fusion compares it with the last run's)."""
        return digest(self.purged)

    def _overlapping(self, k, m, after: int):
        g = self.groups.get(k)
        if g is None:
            return ()
        orders, los, his, width = g
        a = bisect.bisect_left(los, m.lo - width)
        b = bisect.bisect_right(los, m.hi)
        lo, me = m.lo, m.order
        return [o for o, h in zip(orders[a:b], his[a:b]) if h >= lo and o > after and o != me]

    def candidates(self, m, after: int = -1) -> set:
        """Orders of the mentions that are candidates for `m` (not `m` itself; only orders above `after`)."""
        strong, weak = self.keys[m.order]
        out = set()
        for k in strong:
            out.update(self._overlapping(k, m, after))
        if WEAK_NEEDED == 1:
            for k in weak:
                out.update(self._overlapping(k, m, after))
            return out
        shared: dict = {}
        for k in weak:
            for o in self._overlapping(k, m, after):
                if o not in out:
                    shared[o] = shared.get(o, 0) + 1
        out.update(o for o, n in shared.items() if n >= WEAK_NEEDED)
        return out

    def pairs(self) -> Iterator[tuple]:
        """Every candidate pair (i, j), i < j in canonical order, once."""
        for m in self.mentions:
            i = m.order
            for j in self.candidates(m, after=i):
                yield i, j
