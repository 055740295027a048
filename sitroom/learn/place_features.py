"""Features of a place as the location of an event, for the learned place chooser.

An event's candidate places are the places the places stage found (ctx.places) in its sentence, in the
three sentences before it and the one after, and the countries the whole document names; one candidate a
name (its nearest mention). Each candidate gets feature names (hashed by `linear`): where it stands from
the event (sentence distance, word distance, dependency path to the trigger), how its sentence uses it
(ctx.place_use: preposition, governing word), its gazetteer class, how often and how early the document
names it, whether it lies inside another candidate, and whether the rule reading (events.place) chose it.
Nothing here is specific to a document or a name.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from .event_features import dep_path
from ..parse_helpers import lemma

BACK, AHEAD = 3, 1          # sentences before / after the event's own that hold candidates
COARSE = {"PCLI": 0, "CONT": 0, "RGN": 1, "ADM1": 2, "ADM2": 3}


def _key(p) -> str:
    return (p.name or p.text or "").lower()


@dataclass
class DocPlaces:
    """Per-document facts the candidates of every event share (computed once a document)."""
    places: list            # ctx.places with a span, in text order
    sent_of: list           # sentence index of each
    counts: Counter         # mentions per name
    first: dict             # name -> index of its first mention among places
    country_counts: Counter  # mentions per country code
    n_sents: int


def doc_places(doc, ctx) -> DocPlaces:
    starts = [s.start_char for s in doc.sents]
    places = sorted((p for p in ctx.places if p.span), key=lambda p: p.span[0])
    sent_of = [bisect_right(starts, p.span[0]) - 1 for p in places]
    counts, first, cc = Counter(), {}, Counter()
    for i, p in enumerate(places):
        k = _key(p)
        counts[k] += 1
        first.setdefault(k, i)
        if p.country:
            cc[p.country] += 1
    return DocPlaces(places, sent_of, counts, first, cc, len(starts))


def candidates(dp: DocPlaces, si: int) -> list:
    """(place, sentence distance) of the candidates for an event in sentence `si`: per name the nearest
    mention in sentences si-BACK .. si+AHEAD (the event's own first, then the nearest before, then after),
    and every country the document names anywhere (distance None)."""
    best = {}
    for p, s in zip(dp.places, dp.sent_of):
        d = s - si
        k = _key(p)
        if not k:
            continue
        if -BACK <= d <= AHEAD:
            rank = (0 if d == 0 else 1 if d < 0 else 2, abs(d))
            if k not in best or best[k][0] is None or rank < best[k][0]:
                best[k] = (rank, p, d)
        elif p.feature == "PCLI" and k not in best:
            best[k] = (None, p, None)
    return [(p, d) for _, p, d in best.values()]


def _bucket(n: int, edges=(1, 2, 3, 5, 9)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def place_features(doc, ctx, dp: DocPlaces, p, dist, trigger, etype: str, rule_place, cands: list) -> list:
    """A candidate place `p` (at sentence distance `dist`, None for a document-level country) as the
    location of the event of type `etype` whose trigger is the token `trigger`."""
    use = ctx.place_use(p)
    k = _key(p)
    dd = "doc" if dist is None else str(max(-BACK, min(AHEAD, dist)))
    fc = p.feature or "none"
    f = ["b", f"d={dd}", f"t={etype}|d={dd}", f"fc={fc}", f"fc={fc}|d={dd}", f"t={etype}|fc={fc}",
         f"n={_bucket(dp.counts[k])}", f"n={_bucket(dp.counts[k])}|fc={fc}"]
    if dist is not None:
        f += [f"r={use.role}", f"r={use.role}|d={dd}", f"pr={use.prep}|d={dd}", f"t={etype}|r={use.role}|pr={use.prep}",
              f"g={use.gov}", f"g={use.gov}|pr={use.prep}"]
        if use.event_noun:
            f.append(f"evnoun|d={dd}")
    if dp.first.get(k) == 0:
        f.append("first_place")
    if p.country and dp.country_counts:
        top = dp.country_counts.most_common(1)[0][0]
        f.append(f"top_country={p.country == top}|fc={fc}")
    share = dp.counts[k] / max(1, len(dp.places))
    f.append(f"share={min(4, int(share * 10))}")
    if rule_place is None:
        f.append("rule=none")
    else:
        same = _key(rule_place) == k
        f += [f"rule={same}", f"rule={same}|d={dd}"]
        if not same and rule_place.country and rule_place.country == p.country:
            f.append("rule_same_country")
    # inside another candidate (a town of the country named), or containing one
    mine = COARSE.get(p.feature or "", 4)
    for q, qd in cands:
        if q is p or not q.country or q.country != p.country:
            continue
        theirs = COARSE.get(q.feature or "", 4)
        if theirs < mine:
            f.append(f"finer_than|qd={'doc' if qd is None else max(-BACK, min(AHEAD, qd))}")
        elif theirs > mine:
            f.append(f"coarser_than|qd={'doc' if qd is None else max(-BACK, min(AHEAD, qd))}")
    if dist == 0 and trigger is not None:
        ps = doc.char_span(p.span[0], p.span[1], alignment_mode="expand")
        if ps is not None and len(ps):
            r = ps.root
            side = "before" if r.i < trigger.i else "after"
            gap = _bucket(abs(r.i - trigger.i), (2, 4, 8, 15, 25))
            path = dep_path(r, trigger, through_root=False)
            f += [f"side={side}|gap={gap}", f"path={path}", f"t={etype}|path={path}", f"tl={lemma(trigger)}|pr={use.prep}"]
    return f
