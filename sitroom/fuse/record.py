"""The incident record of a cluster of mentions: counts, first and last report, the consensus of its
reports (type, status, actors, recipients, place, date) and, for each figure, the min, the max and the values
per source. Cumulative tolls are listed apart and never enter a min or a max."""
from __future__ import annotations

from collections import Counter
from ..records import PLOVER_TYPES, QUAD, stable_id

FIGURES = ("killed", "injured", "size")


def incident_id(first_event_id: str) -> str:
    """The incident's id: a hash of its earliest member's event id (the earliest report: publication date, doc_id,
    position), so it stays the same when later reports join the incident."""
    return "inc-" + stable_id("incident", first_event_id)


def _top(counter: Counter, first_seen: list):
    """The most common value; ties go to the value seen first."""
    if not counter:
        return None
    if len(counter) == 1:
        return first_seen[0]
    best = max(counter.values())
    return next(v for v in first_seen if counter[v] == best)


def _consensus_names(ms: list, role: str) -> list:
    if len(ms) == 1:
        return list(getattr(ms[0], role))
    count, seen, spelled = Counter(), [], {}
    for m in ms:
        for n in getattr(m, role):
            k = n.lower()
            count[k] += 1
            if k not in spelled:
                spelled[k] = n
                seen.append(k)
    if not count:
        return []
    need = max(1, (max(count.values()) + 1) // 2)
    return [spelled[k] for k in sorted(seen, key=lambda k: (-count[k], seen.index(k))) if count[k] >= need]


def _place(ms: list) -> dict:
    located = [m for m in ms if m.lat is not None and m.lon is not None and not m.place_inferred]
    precise = [m for m in located if not m.country_level] or located
    if not precise:
        countries = [m.country for m in ms if m.country]
        return {"location": None, "country": _top(Counter(countries), countries), "lat": None, "lon": None}
    keys = [(m.place, m.country) for m in precise]
    place, country = _top(Counter(keys), keys)
    m = next(x for x in precise if (x.place, x.country) == (place, country))
    return {"location": place, "country": country, "lat": m.lat, "lon": m.lon}


def _date(ms: list) -> dict:
    dated = [m for m in ms if m.date_start]
    if not dated:
        return {"date_start": None, "date_end": None, "date_precision": "reported" if ms else None}
    rank = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}
    best = min(rank.get(m.granularity or "day", 5) for m in dated)
    pick = [m for m in dated if rank.get(m.granularity or "day", 5) == best]
    keys = [(m.date_start, m.date_end, m.granularity) for m in pick]
    s, e, g = _top(Counter(keys), keys)
    return {"date_start": s, "date_end": e, "date_precision": g or "day"}


def figures(ms: list) -> dict:
    """{field: {"min", "max", "by_source": {source: [values]}, "cumulative": {source: [values]}}} for the
    figures the mentions give (cumulative tolls only under "cumulative")."""
    out = {}
    for f in FIGURES:
        by_source: dict = {}
        cumulative: dict = {}
        for m in ms:
            v = getattr(m, f)
            if v is None:
                continue
            target = cumulative if m.cumulative and f != "size" else by_source
            vals = target.setdefault(m.source, [])
            if v not in vals:
                vals.append(v)
        if not by_source and not cumulative:
            continue
        values = [v for vals in by_source.values() for v in vals]
        entry = {"min": min(values) if values else None, "max": max(values) if values else None,
                 "by_source": {k: sorted(v) for k, v in sorted(by_source.items())}}
        if cumulative:
            entry["cumulative"] = {k: sorted(v) for k, v in sorted(cumulative.items())}
        out[f] = entry
    return out


def build(ms: list) -> dict:
    """The incident row of a cluster (mentions in canonical order)."""
    first = ms[0]
    types = [m.event_type for m in ms]
    etype = _top(Counter(types), types) or first.event_type
    statuses = [m.status for m in ms]
    published = [m.published for m in ms if m.published]
    figs = figures(ms)
    row = {
        "incident_id": incident_id(first.event_id), "mentions": len(ms),
        "n_documents": len({m.doc_id for m in ms}), "n_sources": len({m.source for m in ms}),
        "first_report": min(published) if published else None, "last_report": max(published) if published else None,
        "event_type": etype if etype in PLOVER_TYPES else first.event_type, "quad": QUAD.get(etype),
        "status": _top(Counter(statuses), statuses),
        "actors": _consensus_names(ms, "actors"), "recipients": _consensus_names(ms, "recipients"),
        **_place(ms), **_date(ms),
        "figures": figs, "cumulative": int(all(m.cumulative for m in ms)), "sentence": first.sentence,
    }
    for f in FIGURES:
        row[f + "_min"] = figs.get(f, {}).get("min")
        row[f + "_max"] = figs.get(f, {}).get("max")
    return row


def spread(figs: dict) -> dict:
    """What each member event carries as `incident`: {field: {"min", "max"}} for the figures it has."""
    return {f: {"min": v["min"], "max": v["max"]} for f, v in figs.items() if v.get("min") is not None}


def member_view(row: dict, cumulative: bool) -> dict:
    out: dict = spread(row["figures"])
    out["mentions"] = row["mentions"]
    out["sources"] = row["n_sources"]
    if cumulative:
        out["cumulative"] = True
    return out
