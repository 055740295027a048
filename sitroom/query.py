"""Reads over the store: filtered events, quotes, actors and their network, timeline, places, search.

Every function takes an open sqlite3 connection (row_factory=sqlite3.Row) and returns plain
dicts and lists; parameters are always bound, never formatted into SQL.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Iterator, Optional

from .records import QUAD, Document
from .store import MAP_FACET_ZOOM, MAP_ZOOM

MAX_LIMIT = 1000

# Flat event columns, in the order of the CSV export (ACLED-like).
EVENT_COLUMNS = ["event_id", "date", "date_end", "date_precision", "time_precision", "event_type", "quad", "mode", "context", "status",
                 "actor", "actor_country", "actor_agent", "recipient", "recipient_country", "recipient_agent",
                 "location", "admin1", "country", "lat", "lon", "geonameid", "feature", "geo_precision", "killed", "injured", "size",
                 "trigger", "sentence", "span_start", "span_end", "confidence", "doc_id", "title", "source",
                 "published", "url", "incident_id"]

# The day an event is counted at, by every filter, sort, timeline and export alike: the date the text gives,
# else the publication date (then its time_precision is "reported", never passed off as a resolved date). The
# store keeps it as a column of its own, written with the event and indexed (events.sort_date, schema 5).
EVENT_DAY = "e.sort_date"

# How precisely an event is placed, from the GeoNames feature code of its location (derived, not stored):
# "place" a town or site, "admin2" a district, "admin1" a province or region, "country" a country centroid.
GEO_PRECISION = {"PCLI": "country", "PCL": "country", "PCLD": "country", "PCLF": "country", "PCLS": "country",
                 "CONT": "country", "RGN": "admin1", "ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin2",
                 "ADMD": "admin2"}


def geo_precision(feature: Optional[str], lat=None) -> Optional[str]:
    """The geo precision label of a location's feature code (None when the event has no coordinates)."""
    if lat is None:
        return None
    return GEO_PRECISION.get(feature or "", "place")


def time_precision(granularity: Optional[str], date_start: Optional[str], published: Optional[str]) -> Optional[str]:
    """The text's own granularity (day, month, ...) when it dates the event, else "reported" (the publication
    date stands in), else None (no date at all)."""
    if date_start is not None:
        return granularity or "day"
    return "reported" if published else None


SORTS = {"date": EVENT_DAY, "type": "e.event_type", "published": "d.published",
         "doc": "e.doc_id, e.idx", "killed": "COALESCE(e.killed, -1)"}


@dataclass
class EventFilter:
    """Filters for events; every one optional. Text filters match case-insensitively as substrings
    (actor: canonical name or surface text; place: location name/text/admin1; text: the sentence)."""
    type: Optional[str] = None
    mode: Optional[str] = None
    status: Optional[str] = None
    actor: Optional[str] = None
    recipient: Optional[str] = None
    country: Optional[str] = None
    place: Optional[str] = None
    date_from: Optional[str] = None
    date_to: Optional[str] = None
    text: Optional[str] = None
    doc_id: Optional[str] = None
    quad: Optional[str] = None
    bbox: Optional[str] = None   # "west,south,east,north" in degrees: located events inside
    incident_id: Optional[str] = None   # events of one incident (sitroom.fuse)
    sort: str = "date"
    descending: bool = False
    limit: Optional[int] = 100
    offset: int = 0


class FilterError(ValueError):
    """A filter value outside its enumeration (or not a date); `field` names the filter."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def validate(f: EventFilter) -> EventFilter:
    """The filter if every enumerated value is one of its kind (types, statuses, quads, sorts) and the
    dates read as YYYY[-MM[-DD]]; else a FilterError naming the value and the valid list. Case as in `_where`."""
    from .records import PLOVER_TYPES, STATUSES
    for field, values, valid in (("type", [v.upper() for v in _split(f.type)], PLOVER_TYPES),
                                 ("status", [v.lower() for v in _split(f.status)], STATUSES),
                                 ("quad", _split(f.quad), QUADS),
                                 ("sort", [f.sort], list(SORTS))):
        bad = [v for v in values if v not in valid]
        if bad:
            raise FilterError(field, f"unknown {field} {', '.join(map(repr, bad))}; valid: {', '.join(valid)}")
    if f.bbox:
        parse_bbox(f.bbox)
    for field in ("date_from", "date_to"):
        v = getattr(f, field)
        if v is not None and not _is_day(str(v)):
            raise FilterError(field, f"{field} {v!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return f


def _is_day(v: str) -> bool:
    import datetime as dt
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", v)
    if not m:
        return False
    try:
        dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return False
    return True


def _day_end(v: str) -> str:
    """The last day a YYYY or YYYY-MM bound covers (so 'to 2017-07' keeps 2017-07-31)."""
    return v + "-12-31" if len(v) == 4 else v + "-31" if len(v) == 7 else v


def parse_bbox(v: str) -> tuple:
    """west,south,east,north as four floats, or a FilterError."""
    try:
        w, s, e, n = (float(x) for x in str(v).split(","))
    except ValueError:
        raise FilterError("bbox", f"bbox {v!r} is not west,south,east,north in degrees") from None
    if not (-90 <= s <= n <= 90 and -180 <= w <= 180 and -180 <= e <= 180):
        raise FilterError("bbox", f"bbox {v!r} is outside the globe or south is above north")
    return w, s, e, n


def _split(v) -> list:
    if v is None:
        return []
    if isinstance(v, (list, tuple)):
        return [str(x) for x in v if str(x)]
    return [x.strip() for x in str(v).split(",") if x.strip()]


def _source(f: EventFilter) -> tuple[str, str, list]:
    """What a view over the events matching `f` reads: (FROM clause aliased e, WHERE, params). A filter on one
    country whose other filters the kept country rows can answer reads event_countries (schema 8: one row per
    event and country key, with the columns the views read) instead of the events; otherwise the events."""
    codes = _split(f.country)
    if len(codes) == 1 and not any((f.mode, f.place, f.text, f.doc_id, f.incident_id)):
        where, params = _where(f, keyed=True)
        return "event_countries e", where, params
    where, params = _where(f)
    return "events e", where, params


def _where(f: EventFilter, keyed: bool = False) -> tuple[str, list]:
    """The WHERE over `events e` that selects the events `f` selects (with `keyed`: over `event_countries e`, for
    a filter on one country, see `_source`)."""
    clauses, params = [], []

    def one_of(col, values, upper=False):
        values = [v.upper() if upper else v for v in values]
        if values:
            clauses.append(f"{col} IN ({','.join('?' * len(values))})")
            params.extend(values)

    one_of("e.event_type", _split(f.type), upper=True)
    one_of("e.status", [s.lower() for s in _split(f.status)])
    one_of("e.quad", _split(f.quad))
    if f.doc_id:
        clauses.append("e.doc_id = ?")
        params.append(f.doc_id)
    if f.incident_id:
        clauses.append("e.incident_id = ?")
        params.append(f.incident_id)
    if f.mode:
        clauses.append("e.mode LIKE ?")
        params.append(f'%"{f.mode}"%')
    for role, value in (("actor", f.actor), ("recipient", f.recipient)):
        if value:   # the matching strings first (actor_strings: a few thousand), then their events by index
            strings = "(SELECT value FROM actor_strings WHERE n > 0 AND lower(value) LIKE ?)"
            clauses.append(f"e.event_id IN (SELECT event_id FROM event_actors WHERE name IN {strings} AND "
                           f"role = '{role}' UNION SELECT event_id FROM event_actors WHERE text IN {strings} AND "
                           f"role = '{role}')")
            params += [f"%{value.lower()}%"] * 2
    if f.country:   # a place country, or an actor's or recipient's upper-cased: the keys of event_countries
        codes = [c.upper() for c in _split(f.country)]
        if keyed:
            clauses.append("e.key = ?")
        else:
            clauses.append(f"e.event_id IN (SELECT event_id FROM event_countries WHERE key IN "
                           f"({','.join('?' * len(codes))}))")
        params += codes
    if f.place:
        clauses.append("(lower(e.location_name) LIKE ? OR lower(e.location_text) LIKE ? OR lower(e.admin1) LIKE ?)")
        params += [f"%{f.place.lower()}%"] * 3
    if f.date_from:
        clauses.append(f"{EVENT_DAY} >= ?")
        params.append(str(f.date_from))
    if f.date_to:
        clauses.append(f"{EVENT_DAY} <= ?")
        params.append(_day_end(str(f.date_to)))
    if f.bbox:
        w, s_, e_, n = parse_bbox(f.bbox)
        clauses.append("e.lat BETWEEN ? AND ? AND " + ("e.lon BETWEEN ? AND ?" if w <= e_ else
                                                        "(e.lon >= ? OR e.lon <= ?)"))
        params += [s_, n, w, e_]
    if f.text:
        clauses.append("lower(e.sentence) LIKE ?")
        params.append(f"%{f.text.lower()}%")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _cube(f: EventFilter) -> Optional[tuple[str, list]]:
    """The WHERE over event_cube (events counted by month, type, status and place country; schema 5) that selects
    the events `f` selects, when the cube can say: filters only on type, status, quad and whole months. Else None
    (the events themselves are read). The same WHERE selects from actor_cube (schema 7), and, when `f` has no
    dates, from event_totals and actor_totals (the cubes without the month: see `_cubes`)."""
    if any((f.mode, f.actor, f.recipient, f.country, f.place, f.text, f.doc_id, f.bbox, f.incident_id)):
        return None
    clauses, params = ["n > 0"], []
    for col, values in (("event_type", [v.upper() for v in _split(f.type)]),
                        ("status", [v.lower() for v in _split(f.status)]), ("quad", _split(f.quad))):
        if values:
            clauses.append(f"{col} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if f.date_from or f.date_to:
        lo, hi = _whole_month(f.date_from, first=True), _whole_month(f.date_to, first=False)
        if lo is False or hi is False:
            return None
        clauses.append("month <> ''")
        for op, v in ((">=", lo), ("<=", hi)):
            if v:
                clauses.append(f"month {op} ?")
                params.append(v)
    return " WHERE " + " AND ".join(clauses), params


def _cubes(f: EventFilter) -> tuple:
    """The kept counts of events and of actors' events that answer `f`'s filters: by month when it has dates."""
    return ("event_cube", "actor_cube") if f.date_from or f.date_to else ("event_totals", "actor_totals")


def _whole_month(v, first: bool):
    """A date bound as the month it starts (first) or ends, None for no bound, False when it cuts a month."""
    import calendar
    if not v:
        return None
    v = str(v)
    if len(v) == 4:
        return v + ("-01" if first else "-12")
    if len(v) == 7:
        return v
    y, m, d = int(v[:4]), int(v[5:7]), int(v[8:10])
    if d == (1 if first else calendar.monthrange(y, m)[1]):
        return v[:7]
    return False


def _dicts(conn: sqlite3.Connection, sql: str, params) -> list[dict]:
    """The rows of `sql` as plain dicts (built in C from tuples: a sqlite3.Row looks a column up by name with a
    scan of the column names, which costs more than the row's read when a view builds thousands of records)."""
    cur = conn.cursor()
    cur.row_factory = None
    cur.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, t)) for t in cur.fetchall()]


def _tuples(conn: sqlite3.Connection, sql: str, params) -> list[tuple]:
    """The rows of `sql` as tuples, whatever the connection's row factory."""
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(sql, params).fetchall()


def _actors_of(conn, event_ids: list) -> dict:
    out: dict = {}
    for i in range(0, len(event_ids), 500):
        chunk = event_ids[i:i + 500]
        for r in _dicts(conn, f"SELECT * FROM event_actors WHERE event_id IN ({','.join('?' * len(chunk))}) "
                              "ORDER BY event_id, role, idx", chunk):
            out.setdefault(r["event_id"], {"actor": [], "recipient": []})[r["role"]].append(r)
    return out


def _joined(entities: list, key: str) -> str:
    seen = []
    for a in entities:
        v = a.get(key) if key != "name" else (a.get("name") or a.get("text"))
        if v and v not in seen:
            seen.append(v)
    return "; ".join(seen)


def count_events(conn: sqlite3.Connection, f: EventFilter) -> int:
    cube = _cube(f)
    if cube:
        return conn.execute(f"SELECT coalesce(sum(n), 0) FROM {_cubes(f)[0]}{cube[0]}", cube[1]).fetchone()[0]
    src, where, params = _source(f)   # no filter reads the documents: counts read the events' indexes alone
    return conn.execute(f"SELECT count(*) FROM {src}{where}", params).fetchone()[0]


def events(conn: sqlite3.Connection, f: EventFilter, cap: Optional[int] = MAX_LIMIT) -> list[dict]:
    """Flat event rows, one dict per event with the EVENT_COLUMNS keys (plus 'actors' and 'recipients' lists).
    `f.limit` rows at most (None: all), and at most `cap` (None: no cap; the HTTP API's pages are capped)."""
    return list(iter_events(conn, f, cap=cap))


def iter_events(conn: sqlite3.Connection, f: EventFilter, cap: Optional[int] = None,
                chunk: int = 500) -> Iterator[dict]:
    """The rows of `events`, streamed `chunk` at a time (exports of a whole store hold one chunk in memory).
    The matching events are sorted by their rowids alone (an index often covers the filter and the order), and
    each chunk's rows and documents are read by rowid: a page at an offset, or the first block of an export,
    sorts small records and reads only the rows it returns."""
    src, where, params = _source(f)
    key = "rowid" if src.startswith("events ") else "event_id"   # the kept country rows give the event_id
    way = " DESC" if f.descending else ""   # ties in the same direction: the index (sort_date, doc_id, idx) serves it
    order = SORTS.get(f.sort, SORTS["date"]) + way + f", e.doc_id{way}, e.idx{way}"
    docs = " JOIN documents d USING(doc_id)" if "d." in order else ""
    cur = _paged(conn, f"SELECT e.{key} FROM {src}{docs}{where} ORDER BY {order}", params, f, cap)
    while ids := [r[0] for r in cur.fetchmany(chunk)]:
        got = {r["event_key"]: r for r in _dicts(
            conn, f"SELECT e.{key} AS event_key, e.*, d.title, d.source, d.published, d.url, d.added FROM events e "
            f"JOIN documents d USING(doc_id) WHERE e.{key} IN ({','.join('?' * len(ids))})", ids)}
        rows = [got[i] for i in ids]
        roles = _actors_of(conn, [r["event_id"] for r in rows])
        for r in rows:
            yield _flat(r, roles.get(r["event_id"]) or {"actor": [], "recipient": []})


def _paged(conn: sqlite3.Connection, sql: str, params: list, f: EventFilter, cap: Optional[int]) -> sqlite3.Cursor:
    """Run `sql` for `f.limit` rows from `f.offset` (None: all), at most `cap`."""
    limit = f.limit if cap is None else min(cap, f.limit if f.limit is not None else cap)
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = params + [max(0, int(limit)), max(0, int(f.offset))]
    return conn.execute(sql, params)


def _listed(v: Optional[str]) -> str:
    """A stored JSON list of words (mode, context) as one comma-joined string."""
    return "" if not v or v == "[]" else ", ".join(json.loads(v))


def _flat(r: dict, a: dict) -> dict:
    return {
        "event_id": r["event_id"], "date": r["date_start"] or r["published"], "date_end": r["date_end"],
        "date_precision": r["date_granularity"],
        "time_precision": time_precision(r["date_granularity"], r["date_start"], r["published"]),
        "event_type": r["event_type"], "quad": r["quad"],
        "mode": _listed(r["mode"]), "context": _listed(r["context"]),
        "status": r["status"],
        "actor": _joined(a["actor"], "name"), "actor_country": _joined(a["actor"], "country"),
        "actor_agent": _joined(a["actor"], "agent"),
        "recipient": _joined(a["recipient"], "name"), "recipient_country": _joined(a["recipient"], "country"),
        "recipient_agent": _joined(a["recipient"], "agent"),
        "location": r["location_name"] or r["location_text"], "admin1": r["admin1"], "country": r["country"],
        "lat": r["lat"], "lon": r["lon"], "geonameid": r["geonameid"], "feature": r["feature"],
        "geo_precision": geo_precision(r["feature"], r["lat"]),
        "killed": r["killed"], "injured": r["injured"], "size": r["size"],
        "trigger": r["trigger_text"], "sentence": r["sentence"], "span_start": r["span_start"],
        "span_end": r["span_end"], "confidence": r["confidence"], "doc_id": r["doc_id"], "title": r["title"],
        "source": r["source"], "published": r["published"], "url": r["url"], "added": r["added"],
        "incident_id": r["incident_id"], "actors": a["actor"], "recipients": a["recipient"],
    }


def facets(conn: sqlite3.Connection, f: EventFilter, limit: int = 20) -> dict:
    """Counts by type, status, actor and country among the events matching the filter."""
    src, where, params = _source(f)
    cube = _cube(f)
    out = {}
    cols = (("type", "event_type"), ("status", "status"), ("quad", "quad"), ("country", "country"))
    if cube:
        for name, col in cols:
            extra = " AND country <> ''" if col == "country" else ""
            out[name] = [{"value": r["value"], "n": r["total"]} for r in conn.execute(
                f"SELECT {col} AS value, sum(n) AS total FROM {_cubes(f)[0]}{cube[0]}{extra} GROUP BY {col} "
                "HAVING sum(n) > 0 ORDER BY total DESC, value LIMIT ?", cube[1] + [limit])]
    else:   # one pass over the matching events: counted by all four at once, and joined to their actors
        counts: dict = {name: {} for name, _ in cols}
        actors: dict = {}
        for r in conn.execute(
                f"WITH m AS MATERIALIZED (SELECT e.event_id, e.event_type, e.status, e.quad, e.country FROM {src}"
                f"{where}) SELECT 0, event_type, status, quad, country, count(*) FROM m GROUP BY 2, 3, 4, 5 "
                "UNION ALL SELECT 1, COALESCE(a.name, a.text), NULL, NULL, NULL, count(DISTINCT a.event_id) FROM m "
                "JOIN event_actors a ON a.event_id = m.event_id AND a.role = 'actor' GROUP BY 2", params):
            if r[0]:
                actors[r[1]] = r[5]
                continue
            for i, (name, _) in enumerate(cols, start=1):
                if r[i] is not None or name != "country":
                    counts[name][r[i]] = counts[name].get(r[i], 0) + r[5]
        counts["actor"] = actors
        for name, by in counts.items():   # ORDER BY n DESC, value (NULL first) as SQL would
            ranked = sorted(by.items(), key=lambda kv: (-kv[1], kv[0] is not None, kv[0] or ""))
            out[name] = [{"value": v, "n": n} for v, n in ranked[:max(0, limit)]]
    if not where:   # the whole store: the counts the store keeps (actor_events)
        out["actor"] = _top_actors(conn, limit)
    elif cube:      # filters the kept counts answer: actors' events by type and status (and month)
        out["actor"] = [{"value": r[0] or None, "n": r[1]} for r in conn.execute(
            f"SELECT actor, sum(n) AS total FROM {_cubes(f)[1]}{cube[0]} GROUP BY actor HAVING sum(n) > 0 "
            "ORDER BY total DESC, actor LIMIT ?", cube[1] + [limit])]
    return {k: out[k] for k in ("type", "status", "quad", "actor", "country")}


def load_document(conn: sqlite3.Connection, doc_id: str) -> Optional[Document]:
    """Rebuild the contract's Document from the rows of the store."""
    d = conn.execute("SELECT * FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
    if d is None:
        return None
    span = lambda r, p="span": [r[p + "_start"], r[p + "_end"]] if r[p + "_start"] is not None else None  # noqa: E731
    roles = _actors_of(conn, [r["event_id"] for r in conn.execute("SELECT event_id FROM events WHERE doc_id=?",
                                                                  (doc_id,))])
    ent = lambda a: {"text": a["text"], "name": a["name"], "country": a["country"], "agent": a["agent"],  # noqa: E731
                     "span": span(a)}
    evs = []
    for r in conn.execute("SELECT * FROM events WHERE doc_id=? ORDER BY idx", (doc_id,)):
        a = roles.get(r["event_id"], {"actor": [], "recipient": []})
        evs.append({
            "event_id": r["event_id"], "event_type": r["event_type"], "mode": json.loads(r["mode"] or "[]"),
            "context": json.loads(r["context"] or "[]"), "status": r["status"], "sentence": r["sentence"],
            "span": span(r), "trigger": {"text": r["trigger_text"], "span": span(r, "trigger")}
            if r["trigger_text"] is not None else None,
            "actor": [ent(x) for x in a["actor"]], "recipient": [ent(x) for x in a["recipient"]],
            "location": {"text": r["location_text"], "name": r["location_name"], "country": r["country"],
                         "admin1": r["admin1"], "lat": r["lat"], "lon": r["lon"], "geonameid": r["geonameid"],
                         "feature": r["feature"]} if r["location_text"] is not None else None,
            "date": {"text": r["date_text"], "start": r["date_start"], "end": r["date_end"],
                     "granularity": r["date_granularity"], "value": r["date_value"]}
            if r["date_text"] is not None else None,
            "counts": {"killed": r["killed"], "injured": r["injured"], "size": r["size"]},
            "confidence": r["confidence"], "incident_id": r["incident_id"]})
    _incident_views(conn, doc_id, evs)
    qs = [{"quote_id": r["quote_id"], "quote": r["quote"], "span": span(r), "direct": bool(r["direct"]),
           "speaker": {"text": r["speaker_text"], "name": r["speaker_name"], "title": r["speaker_title"],
                       "affiliation": r["speaker_affiliation"], "country": r["speaker_country"],
                       "agent": r["speaker_agent"]} if r["speaker_text"] is not None else None,
           "cue": r["cue"]} for r in conn.execute("SELECT * FROM quotes WHERE doc_id=? ORDER BY idx", (doc_id,))]
    places = [{k: r[k] for k in ("text", "name", "country", "admin1", "lat", "lon", "geonameid", "feature")}
              | {"span": span(r)} for r in conn.execute("SELECT * FROM places WHERE doc_id=? ORDER BY idx", (doc_id,))]
    dates = [{"text": r["text"], "start": r["start"], "end": r["end"], "granularity": r["granularity"],
              "value": r["value"], "span": span(r)}
             for r in conn.execute("SELECT * FROM dates WHERE doc_id=? ORDER BY idx", (doc_id,))]
    actors = [ent(r) for r in conn.execute("SELECT * FROM actors WHERE doc_id=? ORDER BY idx", (doc_id,))]
    return Document.from_dict({"doc_id": d["doc_id"], "text": d["text"], "title": d["title"], "source": d["source"],
                               "url": d["url"], "published": d["published"], "events": evs, "quotes": qs,
                               "places": places, "dates": dates, "actors": actors})


def _incident_views(conn: sqlite3.Connection, doc_id: str, evs: list):
    """Each fused event's `incident`: the figures of its incident (min, max), how many mentions and sources."""
    from .fuse.record import member_view
    ids = sorted({e["incident_id"] for e in evs if e.get("incident_id")})
    rows = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in conn.execute(f"SELECT incident_id, mentions, n_sources, figures FROM incidents WHERE incident_id IN "
                              f"({','.join('?' * len(chunk))})", chunk):
            rows[r["incident_id"]] = {"mentions": r["mentions"], "n_sources": r["n_sources"],
                                      "figures": json.loads(r["figures"])}
    cumulative = {r[0] for r in conn.execute("SELECT event_id FROM incident_members WHERE doc_id = ? AND cumulative",
                                             (doc_id,))}
    for e in evs:
        row = rows.get(e.get("incident_id"))
        if row is not None:
            e["incident"] = member_view(row, e["event_id"] in cumulative)


def _few_quotes(conn: sqlite3.Connection, speaker: Optional[str]) -> bool:
    """Whether the speaker strings that `speaker` matches have few quotes (FEW_QUOTES at most, counted from
    speaker_strings: a few thousand strings)."""
    return bool(speaker) and conn.execute(
        "SELECT coalesce(sum(n), 0) FROM speaker_strings WHERE n > 0 AND lower(value) LIKE ?",
        (f"%{speaker.lower()}%",)).fetchone()[0] <= FEW_QUOTES


def _quote_where(speaker: Optional[str], text: Optional[str], doc_id: Optional[str],
                 few: bool = False) -> tuple[str, list]:
    """The WHERE over `quotes q`. A speaker of `few` quotes: the matching strings first (speaker_strings), then
    their quotes by index; else the speakers of every quote are matched (most quotes match: a scan is cheaper)."""
    clauses, params = [], []
    if speaker and few:
        strings = "(SELECT value FROM speaker_strings WHERE n > 0 AND lower(value) LIKE ?)"
        clauses.append(f"q.id IN (SELECT id FROM quotes WHERE speaker_name IN {strings} UNION "
                       f"SELECT id FROM quotes WHERE speaker_text IN {strings})")
        params += [f"%{speaker.lower()}%"] * 2
    elif speaker:
        clauses.append("(lower(q.speaker_name) LIKE ? OR lower(q.speaker_text) LIKE ?)")
        params += [f"%{speaker.lower()}%"] * 2
    if text:
        clauses.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(fts_query(text))
    if doc_id:
        clauses.append("q.doc_id = ?")
        params.append(doc_id)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


FEW_QUOTES = 20_000   # quotes of a speaker filter's strings, below which its page is read from its quotes


def quotes(conn: sqlite3.Connection, speaker: Optional[str] = None, text: Optional[str] = None,
           doc_id: Optional[str] = None, limit: int = 100, offset: int = 0) -> list[dict]:
    """Quotes with their speakers and documents, newest document first."""
    # a speaker of few quotes: those quotes are read first and sorted (CROSS JOIN keeps them the outer loop); else
    # the planner may walk the documents newest first and stop at the page
    few = _few_quotes(conn, speaker)
    where, params = _quote_where(speaker, text, doc_id, few)
    rows = conn.execute(f"SELECT {QUOTE_COLUMNS}, d.title, d.published, d.source FROM quotes q "
                        f"{'CROSS JOIN documents d ON d.doc_id = q.doc_id' if few else 'JOIN documents d USING(doc_id)'}"
                        f"{where} ORDER BY d.published DESC, q.doc_id, q.idx LIMIT ? OFFSET ?",
                        params + [max(0, min(int(limit), MAX_LIMIT)), max(0, int(offset))]).fetchall()
    return [dict(r) | {"direct": bool(r["direct"])} for r in rows]


def count_quotes(conn: sqlite3.Connection, speaker: Optional[str] = None, text: Optional[str] = None,
                 doc_id: Optional[str] = None) -> int:
    where, params = _quote_where(speaker, text, doc_id, _few_quotes(conn, speaker))
    return conn.execute(f"SELECT count(*) FROM quotes q{where}", params).fetchone()[0]


QUOTE_COLUMNS = ", ".join("q." + c for c in (
    "quote_id", "doc_id", "idx", "quote", "span_start", "span_end", "direct", "speaker_text", "speaker_name",
    "speaker_title", "speaker_affiliation", "cue", "speaker_country", "speaker_agent"))


def fts_query(text: str) -> str:
    """A user's words as a safe FTS5 query: each word quoted, all required."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + w.replace('"', "") + '"' for w in words) or '""'


def search(conn: sqlite3.Connection, text: str, limit: int = 20, offset: int = 0) -> list[dict]:
    """Documents matching the words of `text`, best first (FTS5's bm25 score; equal scores in the order the
    documents were stored), with a highlighted snippet. Only the page is ranked in full: SQLite keeps the best
    `offset + limit` matches while it scores them (FTS5's `ORDER BY rank` sorts every match), and the snippets
    and documents are read for the page's rows alone."""
    match = fts_query(text)
    ids = [r[0] for r in conn.execute(
        "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts), rowid "
        "LIMIT ? OFFSET ?", (match, max(1, min(int(limit), MAX_LIMIT)), max(0, int(offset))))]
    if not ids:
        return []
    got = {r["id"]: r for r in conn.execute(
        "SELECT d.id, d.doc_id, d.title, d.published, d.source, snippet(documents_fts, 1, '[', ']', ' … ', 12) "
        "AS snippet FROM documents_fts f JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH ? "
        f"AND f.rowid IN ({','.join('?' * len(ids))})", [match] + ids)}
    return [{k: got[i][k] for k in ("doc_id", "title", "published", "source", "snippet")} for i in ids]


def count_search(conn: sqlite3.Connection, text: str) -> int:
    return conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?",
                        (fts_query(text),)).fetchone()[0]


def actors(conn: sqlite3.Connection, limit: int = 100, offset: int = 0) -> list[dict]:
    """Actors of events with their counts as actor and as recipient (events: distinct events they are in), from
    the counts the store keeps by trigger (actor_counts, actor_events: the same numbers as grouping the mentions)."""
    rows = conn.execute(
        "SELECT c.actor AS actor_name, max(CASE WHEN c.as_actor + c.as_recipient > 0 THEN nullif(c.country, '') END) "
        "AS country, max(CASE WHEN c.as_actor + c.as_recipient > 0 THEN nullif(c.agent, '') END) AS agent, "
        "sum(c.as_actor) AS as_actor, sum(c.as_recipient) AS as_recipient, e.events AS events "
        "FROM actor_counts c JOIN actor_events e ON e.actor = c.actor WHERE e.events > 0 "
        "GROUP BY c.actor ORDER BY events DESC, actor_name LIMIT ? OFFSET ?",
        (max(1, min(int(limit), MAX_LIMIT)), max(0, int(offset)))).fetchall()
    return [{"name": r["actor_name"] or None} | {k: r[k] for k in r.keys() if k != "actor_name"} for r in rows]


def count_actors(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM actor_events WHERE events > 0").fetchone()[0]


def _top_actors(conn: sqlite3.Connection, limit: int) -> list[dict]:
    """The actors of the most events as actor, over the whole store: [{value, n}]."""
    return [{"value": r[0] or None, "n": r[1]} for r in conn.execute(
        "SELECT actor, actor_events FROM actor_events WHERE actor_events > 0 ORDER BY actor_events DESC, actor "
        "LIMIT ?", (limit,))]


def network(conn: sqlite3.Connection, f: Optional[EventFilter] = None, limit: int = 300) -> dict:
    """Who acts on whom: nodes are actors, edges actor -> recipient weighted by events, with the
    dominant quad category of those events."""
    f = f or EventFilter()
    src, where, params = _source(f)
    if not where:   # the whole store: the pairs the store keeps (actor_links ranked by weight, actor_edges by quad)
        top = conn.execute("SELECT source, target FROM actor_links WHERE source <> target AND n > 0 "
                           "ORDER BY n DESC, source, target LIMIT ?", (max(0, int(limit)),)).fetchall()
        rows = [(r["source"] or None, r["target"] or None, r["quad"] or None, r["n"]) for s, t in top
                for r in conn.execute("SELECT source, target, quad, n FROM actor_edges WHERE source = ? AND "
                                      "target = ? AND n > 0 ORDER BY quad", (s, t))]
        out = list(_edges(rows).values())
        total = conn.execute("SELECT count(*) FROM actor_links WHERE source <> target AND n > 0").fetchone()[0]
        return _network(out, total)
    cube = _cube(f)
    if cube:   # filters the kept counts answer: actor pairs by type and status (and month)
        table = "edge_cube" if f.date_from or f.date_to else "edge_totals"
        pairs = (f"SELECT source AS from_actor, target AS to_actor, nullif(quad, '') AS quad, n FROM {table}"
                 f"{cube[0]}", cube[1])
    else:
        # The aliases must not be names of a joined table's columns: SQLite resolves GROUP BY names to columns
        # first, so "GROUP BY source" grouped by documents.source and merged all of an outlet's actors.
        pairs = ("SELECT COALESCE(a.name, a.text) AS from_actor, COALESCE(r.name, r.text) AS to_actor, "
                 f"e.quad AS quad, count(DISTINCT e.event_id) AS n FROM {src} "
                 "JOIN event_actors a ON a.event_id = e.event_id AND a.role='actor' "
                 "JOIN event_actors r ON r.event_id = e.event_id AND r.role='recipient'"
                 f"{where} GROUP BY from_actor, to_actor, e.quad", params)
    # ranked in SQL (an edge's weight: its events, summed over quads; ties by names), counted by quad per edge
    per_quad = ", ".join(f"sum(CASE WHEN quad IS ? THEN n END) AS q{i}" for i in range(len(QUADS) + 1))
    rows = conn.execute(
        f"WITH p AS ({pairs[0]}), w AS (SELECT from_actor, to_actor, sum(n) AS weight, {per_quad} FROM p "
        "WHERE from_actor IS NOT to_actor GROUP BY from_actor, to_actor HAVING sum(n) > 0) "
        "SELECT *, (SELECT count(*) FROM w) AS total FROM w ORDER BY weight DESC, from_actor, to_actor LIMIT ?",
        pairs[1] + [None] + QUADS + [max(0, int(limit))]).fetchall()
    kept = (lambda v: v or None) if cube else (lambda v: v)  # noqa: E731  (the kept pairs write '' for none)
    out = [{"source": kept(r["from_actor"]), "target": kept(r["to_actor"]), "weight": r["weight"],
            "quads": {quad: r[f"q{i}"] for i, quad in enumerate([None] + QUADS) if r[f"q{i}"]}} for r in rows]
    total = rows[0]["total"] if rows else conn.execute(
        f"WITH p AS ({pairs[0]}) SELECT count(*) FROM (SELECT 1 FROM p WHERE from_actor IS NOT to_actor "
        "GROUP BY from_actor, to_actor HAVING sum(n) > 0)", pairs[1]).fetchone()[0]
    return _network(out, total)


def _edges(rows) -> dict:
    """(from, to, quad, events) rows, grouped by quad, as edges {(from, to): {source, target, weight, quads}}
    (an actor acting on itself is no edge)."""
    edges: dict = {}
    for source, target, quad, n in rows:
        if source == target:
            continue
        e = edges.setdefault((source, target), {"source": source, "target": target, "weight": 0, "quads": {}})
        e["weight"] += n
        e["quads"][quad] = e["quads"].get(quad, 0) + n
    return edges


def _network(out: list, total_edges: int) -> dict:
    """The network of the ranked edges `out`: each edge's dominant quad, the nodes by weight."""
    for e in out:
        e["quad"] = max(e["quads"], key=e["quads"].get)
    nodes: dict = {}
    for e in out:
        for k in ("source", "target"):
            nodes[e[k]] = nodes.get(e[k], 0) + e["weight"]
    return {"nodes": [{"id": k, "weight": v} for k, v in sorted(nodes.items(), key=lambda kv: -kv[1])],
            "edges": out, "total_edges": total_edges}


def timeline(conn: sqlite3.Connection, f: Optional[EventFilter] = None, bucket: str = "month") -> list[dict]:
    """Event counts by period and type; the period is the event date, or the publication date when the
    event has none (flagged by `dated`)."""
    f = f or EventFilter()
    cube = _cube(f)
    if cube and bucket in ("month", "year"):
        period = "month" if bucket == "month" else "substr(month, 1, 4)"
        rows = conn.execute(
            f"SELECT {period} AS bucket_period, event_type AS bucket_type, sum(n) AS n, sum(dated) AS dated "
            f"FROM event_cube{cube[0]} AND month <> '' GROUP BY bucket_period, event_type HAVING sum(n) > 0 "
            "ORDER BY bucket_period, event_type", cube[1]).fetchall()
        return [{"period": r["bucket_period"], "event_type": r["bucket_type"], "n": r["n"], "dated": r["dated"],
                 "reported": r["n"] - r["dated"]} for r in rows]
    src, where, params = _source(f)
    width = {"day": 10, "month": 7, "year": 4}.get(bucket)
    if bucket == "week":
        period = f"strftime('%Y-W%W', {EVENT_DAY})"
    elif width:
        period = f"substr({EVENT_DAY}, 1, {width})"
    else:
        raise ValueError(f"bucket must be day, week, month or year, not {bucket!r}")
    rows = conn.execute(
        f"SELECT {period} AS bucket_period, e.event_type AS bucket_type, count(*) AS n, "
        f"sum(e.date_start IS NOT NULL) AS dated FROM {src}{where} "
        f"GROUP BY bucket_period, e.event_type HAVING bucket_period IS NOT NULL ORDER BY bucket_period, e.event_type",
        params).fetchall()
    return [{"period": r["bucket_period"], "event_type": r["bucket_type"], "n": r["n"], "dated": r["dated"],
             "reported": r["n"] - r["dated"]} for r in rows]
    return [dict(r) for r in rows]


def places_geojson(conn: sqlite3.Connection, f: Optional[EventFilter] = None) -> dict:
    """Located events as a GeoJSON FeatureCollection (one point feature per event; all of them)."""
    f = f or EventFilter(limit=None)
    return {"type": "FeatureCollection", "features": list(iter_features(conn, f))}


def iter_features(conn: sqlite3.Connection, f: EventFilter, cap: Optional[int] = None) -> Iterator[dict]:
    """The located events matching `f` as GeoJSON point features, streamed."""
    for r in iter_events(conn, f, cap=cap):
        if r["lat"] is not None and r["lon"] is not None:
            yield {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                   "properties": {k: v for k, v in r.items() if k not in ("actors", "recipients", "lat", "lon")}}


def cell_degrees(zoom: int) -> float:
    """The side of a map cluster's grid cell at a zoom level: 1/8 of a web-map tile (zoom 0: 45 degrees)."""
    return 360.0 / (2 ** max(0, min(int(zoom), 20)) * 8)


def clusters(conn: sqlite3.Connection, f: Optional[EventFilter] = None, zoom: int = 2) -> dict:
    """Located events matching `f` counted on a grid whose cells shrink as `zoom` grows (computed in SQL, so
    the map shows every located event however many): per cell the count, the mean point, the dominant quad,
    the number of distinct places and the cell's bbox (a filter that lists the cell's events). `located` and
    `total` count the matching events with and without coordinates."""
    f = f or EventFilter()
    src, where, params = _source(f)
    cell = cell_degrees(zoom)
    qs = ", ".join(f"q{i}" for i in range(len(QUADS)))
    level = max(0, min(int(zoom), 20))
    facet = _map_facet(f) if MAP_FACET_ZOOM <= level <= MAP_ZOOM else None
    if not where and level <= MAP_ZOOM:   # the whole store, at a zoom whose grid the store keeps (map_cells)
        rows = _tuples(conn,
            f"SELECT gx, gy, n, lat / n AS mlat, lon / n AS mlon, places, CASE WHEN places = 1 THEN ("
            "SELECT max(place) FROM map_places p WHERE p.zoom = c.zoom AND p.gx = c.gx AND p.gy = c.gy AND p.n > 0) "
            f"END AS place_name, {qs} FROM map_cells c WHERE zoom = ? AND n > 0 ORDER BY n DESC, gx, gy",
            (level,))
    elif facet:   # one type or one whole year at a zoom whose grid the store keeps per type and year
        rows = _tuples(conn,
            f"SELECT gx, gy, n, lat / n AS mlat, lon / n AS mlon, places, CASE WHEN places = 1 THEN ("
            "SELECT max(place) FROM map_facet_places p WHERE p.zoom = c.zoom AND p.facet = c.facet AND p.gx = c.gx "
            f"AND p.gy = c.gy AND p.n > 0) END AS place_name, {qs} FROM map_facet_cells c WHERE zoom = ? AND "
            "facet = ? AND n > 0 ORDER BY n DESC, gx, gy", (level, facet))
    else:
        located = (" AND " if where else " WHERE ") + "e.lat IS NOT NULL AND e.lon IS NOT NULL"
        rows = _tuples(conn,
            "SELECT CAST((e.lon + 180) / ? AS INTEGER) AS gx, CAST((e.lat + 90) / ? AS INTEGER) AS gy, "
            "count(*) AS n, avg(e.lat) AS mlat, avg(e.lon) AS mlon, "
            "count(DISTINCT COALESCE(e.location_name, e.location_text)) AS places, "
            "max(COALESCE(e.location_name, e.location_text)) AS place_name, "
            + ", ".join(f"sum(e.quad = '{q}') AS q{i}" for i, q in enumerate(QUADS)) +
            f" FROM {src}{where}{located} GROUP BY gx, gy ORDER BY n DESC, gx, gy",
            [cell, cell] + params)
    out = []
    # a zoom-6 world map has some 20,000 cells: each cell's record is built from a tuple, its bbox edges from the
    # rounded edges of its grid column and row (computed once per column and row)
    cols: dict = {}
    rows_: dict = {}
    for gx, gy, n, mlat, mlon, places, place_name, *counts in rows:
        if (ew := cols.get(gx)) is None:
            w = gx * cell - 180
            ew = cols[gx] = (round(w, 6), round(min(180, w + cell), 6))
        if (sn := rows_.get(gy)) is None:
            s_ = gy * cell - 90
            sn = rows_[gy] = (round(max(-90, s_), 6), round(min(90, s_ + cell), 6))
        counts = [c or 0 for c in counts]
        top = max(counts)
        out.append({"lat": mlat, "lon": mlon, "n": n, "places": places,
                    "label": place_name if places == 1 else f"{places} places",
                    "quad": QUADS[counts.index(top)] if top else None, "bbox": [ew[0], sn[0], ew[1], sn[1]]})
    total = count_events(conn, f)
    return {"zoom": int(zoom), "cell_degrees": cell, "clusters": out, "located": sum(c["n"] for c in out),
            "total": total}


def _map_facet(f: EventFilter) -> Optional[str]:
    """The facet of map_facet_cells (schema 8) that holds the located events `f` selects, when `f` is one event
    type ('type:PROTEST') or one whole year, 1 January to 31 December ('year:2019'), and nothing else; else None."""
    others = (f.mode, f.status, f.quad, f.actor, f.recipient, f.country, f.place, f.text, f.doc_id, f.bbox,
              f.incident_id)
    if any(others):
        return None
    types = [v.upper() for v in _split(f.type)]
    if len(types) == 1 and not (f.date_from or f.date_to):
        return "type:" + types[0]
    if not types and f.date_from and f.date_to:
        lo, hi = str(f.date_from), _day_end(str(f.date_to))
        if re.fullmatch(r"\d{4}-01-01", lo) and hi == lo[:4] + "-12-31":
            return "year:" + lo[:4]
    return None


def summary(conn: sqlite3.Connection, top: int = 10) -> dict:
    """What the store holds: documents, events by type, top actors, a short timeline."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "events": one("SELECT coalesce(sum(n), 0) FROM event_totals"),
        "quotes": one("SELECT count(*) FROM quotes"),
        "places": one("SELECT count(*) FROM places"),
        "incidents": one("SELECT count(*) FROM incidents WHERE mentions > 1"),
        "events_by_type": {r[0]: r[1] for r in conn.execute(
            "SELECT event_type, sum(n) AS total FROM event_totals GROUP BY event_type HAVING sum(n) > 0 "
            "ORDER BY total DESC, event_type")},
        "events_by_status": {r[0]: r[1] for r in conn.execute(
            "SELECT status, sum(n) AS total FROM event_totals GROUP BY status HAVING sum(n) > 0 "
            "ORDER BY total DESC, status")},
        "top_actors": [{"name": r["value"], "events": r["n"]} for r in _top_actors(conn, top)],
        "timeline": [dict(r) for r in conn.execute(
            "SELECT month, sum(n) AS events FROM event_cube WHERE month <> '' GROUP BY month HAVING sum(n) > 0 "
            "ORDER BY month")],
        "versions": json.loads(row[0]) if (row := conn.execute(
            "SELECT value FROM meta WHERE key='versions'").fetchone()) else {},
    }


QUADS = sorted(set(QUAD.values()))


# -- incidents (sitroom.fuse) ---------------------------------------------------------------------------
INCIDENT_COLUMNS = ["incident_id", "mentions", "n_documents", "n_sources", "first_report", "last_report",
                    "event_type", "quad", "status", "actors", "recipients", "location", "country", "lat", "lon",
                    "date_start", "date_end", "date_precision", "killed_min", "killed_max", "injured_min",
                    "injured_max", "size_min", "size_max", "cumulative", "sentence", "figures"]
INCIDENT_SORTS = {"mentions": "i.mentions", "sources": "i.n_sources", "reported": "i.first_report",
                  "date": "COALESCE(i.date_start, i.first_report)", "killed": "COALESCE(i.killed_max, -1)"}


@dataclass
class IncidentFilter(EventFilter):
    """Incidents with at least one member event matching the event filters, and at least `min_mentions`
    mentions and `min_sources` sources. Sorts: INCIDENT_SORTS (default: most mentions first)."""
    min_mentions: int = 1
    min_sources: int = 1
    sort: str = "mentions"
    descending: bool = True


def validate_incidents(f: IncidentFilter) -> IncidentFilter:
    """As `validate`, with the incident sorts."""
    if f.sort not in INCIDENT_SORTS:
        raise FilterError("sort", f"unknown sort {f.sort!r}; valid: {', '.join(INCIDENT_SORTS)}")
    sort, f.sort = f.sort, "date"
    try:
        validate(f)
    finally:
        f.sort = sort
    return f


def _incident_where(f: IncidentFilter) -> tuple:
    where, params = _where(f)
    clauses = ["i.mentions >= ?", "i.n_sources >= ?"]
    params = [max(1, int(f.min_mentions)), max(1, int(f.min_sources))] + params
    if where:
        clauses.append(f"i.incident_id IN (SELECT e.incident_id FROM events e JOIN documents d USING(doc_id){where})")
    return " WHERE " + " AND ".join(clauses), params


def _incident_row(r: sqlite3.Row) -> dict:
    out = {k: r[k] for k in INCIDENT_COLUMNS}
    out["actors"], out["recipients"] = json.loads(r["actors"]), json.loads(r["recipients"])
    out["figures"] = json.loads(r["figures"])
    out["cumulative"] = bool(r["cumulative"])
    return out


def count_incidents(conn: sqlite3.Connection, f: IncidentFilter) -> int:
    where, params = _incident_where(f)
    return conn.execute(f"SELECT count(*) FROM incidents i{where}", params).fetchone()[0]


def iter_incidents(conn: sqlite3.Connection, f: IncidentFilter, cap: Optional[int] = None,
                   chunk: int = 500) -> Iterator[dict]:
    """Incident rows (INCIDENT_COLUMNS; actors, recipients and figures as lists and dicts), streamed."""
    where, params = _incident_where(f)
    order = INCIDENT_SORTS.get(f.sort, INCIDENT_SORTS["mentions"]) + (" DESC" if f.descending else "")
    sql = f"SELECT i.* FROM incidents i{where} ORDER BY {order}, i.incident_id"
    cur = _paged(conn, sql, params, f, cap)
    while rows := cur.fetchmany(chunk):
        yield from (_incident_row(r) for r in rows)


def incidents(conn: sqlite3.Connection, f: IncidentFilter, cap: Optional[int] = MAX_LIMIT) -> list:
    return list(iter_incidents(conn, f, cap=cap))


CLAIM_WINDOW = 400   # characters: a quote this close to a member sentence is about the incident


def incident(conn: sqlite3.Connection, incident_id: str) -> Optional[dict]:
    """One incident: its row, its member events (flat rows with sentences, figures and whether the event gives
    a cumulative toll), its documents, and the quotes about it (claims): quotes of the member documents near a
    member sentence or naming one of its actors, grouped by speaker."""
    r = conn.execute("SELECT * FROM incidents WHERE incident_id=?", (incident_id,)).fetchone()
    if r is None:
        return None
    out = _incident_row(r)
    cumulative = {x[0] for x in conn.execute(
        "SELECT event_id FROM incident_members WHERE incident_id=? AND cumulative", (incident_id,))}
    events = [e | {"cumulative": e["event_id"] in cumulative}
              for e in iter_events(conn, EventFilter(incident_id=incident_id, sort="doc", limit=None))]
    out["events"] = events
    docs: dict = {}
    for e in events:
        docs.setdefault(e["doc_id"], {"doc_id": e["doc_id"], "title": e["title"], "source": e["source"],
                                      "published": e["published"], "url": e["url"], "events": []})["events"].append(
            e["event_id"])
    out["documents"] = sorted(docs.values(), key=lambda d: (d["published"] or "", d["doc_id"]))
    out["claims"] = _claims(conn, events, out["actors"] + out["recipients"])
    return out


def _claims(conn: sqlite3.Connection, events: list, names: list) -> list:
    spans: dict = {}
    for e in events:
        if e["span_start"] is not None:
            spans.setdefault(e["doc_id"], []).append((e["span_start"], e["span_end"]))
    words = [n.lower() for n in names if n and len(n) > 2]
    claims = []
    for doc_id in sorted({e["doc_id"] for e in events}):
        for q in quotes(conn, doc_id=doc_id, limit=MAX_LIMIT):
            near = any(q["span_start"] is not None and q["span_start"] <= b + CLAIM_WINDOW and
                       q["span_end"] >= a - CLAIM_WINDOW for a, b in spans.get(doc_id, []))
            if near or any(w in q["quote"].lower() for w in words):
                claims.append(q | {"speaker": q["speaker_name"] or q["speaker_text"] or None})
    claims.sort(key=lambda q: ((q["speaker"] or "~").lower(), q["published"] or "", q["doc_id"], q["idx"]))
    return claims

