"""Features of a resolved date as the date of an event, for the learned date chooser.

An event's candidate dates are the resolved dates (ctx.dates) of its sentence and of the three sentences
before it, one candidate a resolved period (its nearest mention). Each gets feature names (hashed by
`linear`): sentence and word distance, the dependency path to the trigger, the granularity and the kind of
expression (a weekday, a month, a year, a relative phrase), whether it dates a statement (ctx.date_use),
whether it runs up to publication, how far from publication it lies, and whether the rule reading
(dates.for_event) chose it. Nothing here is specific to a document or a name.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass

from .event_features import dep_path

BACK = 3
_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
_RELATIVE = re.compile(r"\b(last|next|this|ago|earlier|later|yesterday|today|tomorrow|past|previous|since)\b", re.I)
_YEAR = re.compile(r"\b\d{4}\b")


@dataclass
class DocDates:
    dates: list       # resolved ctx.dates with a span, in text order
    sent_of: list
    published: object  # datetime.date or None


def doc_dates(doc, ctx) -> DocDates:
    starts = [s.start_char for s in doc.sents]
    dates = sorted((w for w in ctx.dates if w.start and w.span), key=lambda w: w.span[0])
    pub = ctx.published
    if pub is not None and not isinstance(pub, dt.date):
        try:
            pub = dt.date.fromisoformat(str(pub)[:10])
        except ValueError:
            pub = None
    return DocDates(dates, [bisect_right(starts, w.span[0]) - 1 for w in dates], pub)


def candidates(dd: DocDates, si: int) -> list:
    """(date, sentence distance) of the candidates for an event in sentence `si`: per resolved period the
    nearest mention in sentences si-BACK .. si, the event's own sentence first."""
    best = {}
    for w, s in zip(dd.dates, dd.sent_of):
        d = s - si
        if -BACK <= d <= 0:
            k = (w.start, w.end)
            if k not in best or abs(d) <= abs(best[k][1]):
                best[k] = (w, d)
    return list(best.values())


def _kind(text: str) -> str:
    if _WEEKDAY.search(text):
        return "weekday"
    if _RELATIVE.search(text):
        return "relative"
    if _YEAR.search(text):
        return "year_named"
    return "other"


def _age(w, pub) -> str:
    if pub is None:
        return "nopub"
    try:
        days = (pub - dt.date.fromisoformat(w.start[:10])).days
    except ValueError:
        return "bad"
    for edge, name in ((-1, "future"), (1, "le1"), (7, "le7"), (31, "le31"), (366, "le366"), (3660, "le10y")):
        if days <= edge:
            return name
    return "older"


def date_features(doc, ctx, dd: DocDates, w, dist: int, trigger, etype: str, rule_date, n_cands: int) -> list:
    """A candidate date `w` (at sentence distance `dist`) as the date of the event of type `etype` whose
    trigger is the token `trigger`."""
    g = w.granularity or "none"
    kind = _kind(w.text or "")
    age = _age(w, dd.published)
    f = ["b", f"d={dist}", f"t={etype}|d={dist}", f"g={g}", f"g={g}|d={dist}", f"k={kind}|d={dist}",
         f"age={age}", f"age={age}|d={dist}", f"t={etype}|age={age}", f"nc={min(n_cands, 4)}"]
    if ctx.date_use(w).speech:
        f.append(f"speech|d={dist}")
    if dd.published is not None and w.end == dd.published.isoformat() and w.start != w.end:
        f.append("to_publication")
    if rule_date is None:
        f.append("rule=none")
    else:
        same = (rule_date.start, rule_date.end) == (w.start, w.end)
        f += [f"rule={same}", f"rule={same}|d={dist}"]
    if dist == 0 and trigger is not None:
        ws = doc.char_span(w.span[0], w.span[1], alignment_mode="expand")
        if ws is not None and len(ws):
            r = ws.root
            path = dep_path(r, trigger)
            gap = abs(r.i - trigger.i)
            f += [f"side={'before' if r.i < trigger.i else 'after'}|gap={min(gap // 4, 5)}", f"path={path}",
                  f"t={etype}|path={path}"]
    return f
