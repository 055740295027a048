"""Reads over the store: filtered events, quotes, actors and their network, timeline, places, search.

Every function takes an open sqlite3 connection (row_factory=sqlite3.Row) and returns plain
dicts and lists; parameters are always bound, never formatted into SQL.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Optional

from .records import QUAD, Document

MAX_LIMIT = 1000

# Flat event columns, in the order of the CSV export (ACLED-like).
EVENT_COLUMNS = ["event_id", "date", "date_end", "date_precision", "event_type", "quad", "mode", "context", "status",
                 "actor", "actor_country", "actor_agent", "recipient", "recipient_country", "recipient_agent",
                 "location", "admin1", "country", "lat", "lon", "geonameid", "killed", "injured", "size",
                 "trigger", "sentence", "span_start", "span_end", "confidence", "doc_id", "title", "source",
                 "published", "url"]

SORTS = {"date": "COALESCE(e.date_start, d.published)", "type": "e.event_type", "published": "d.published",
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


def _split(v) -> list:
    if v is None:
        return []
    if isinstance(v, (list, tuple)):
        return [str(x) for x in v if str(x)]
    return [x.strip() for x in str(v).split(",") if x.strip()]


def _where(f: EventFilter) -> tuple[str, list]:
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
    if f.mode:
        clauses.append("e.mode LIKE ?")
        params.append(f'%"{f.mode}"%')
    for role, value in (("actor", f.actor), ("recipient", f.recipient)):
        if value:
            clauses.append(f"e.event_id IN (SELECT event_id FROM event_actors WHERE role='{role}' AND "
                           "(lower(name) LIKE ? OR lower(text) LIKE ?))")
            params += [f"%{value.lower()}%"] * 2
    if f.country:
        codes = [c.upper() for c in _split(f.country)]
        marks = ",".join("?" * len(codes))
        clauses.append(f"(e.country IN ({marks}) OR e.event_id IN "
                       f"(SELECT event_id FROM event_actors WHERE upper(country) IN ({marks})))")
        params += codes + codes
    if f.place:
        clauses.append("(lower(e.location_name) LIKE ? OR lower(e.location_text) LIKE ? OR lower(e.admin1) LIKE ?)")
        params += [f"%{f.place.lower()}%"] * 3
    if f.date_from:
        clauses.append("COALESCE(e.date_end, e.date_start) >= ?")
        params.append(str(f.date_from))
    if f.date_to:
        clauses.append("e.date_start <= ?")
        params.append(str(f.date_to))
    if f.text:
        clauses.append("lower(e.sentence) LIKE ?")
        params.append(f"%{f.text.lower()}%")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _actors_of(conn, event_ids: list) -> dict:
    out: dict = {}
    for i in range(0, len(event_ids), 500):
        chunk = event_ids[i:i + 500]
        rows = conn.execute(f"SELECT * FROM event_actors WHERE event_id IN ({','.join('?' * len(chunk))}) "
                            "ORDER BY event_id, role, idx", chunk).fetchall()
        for r in rows:
            out.setdefault(r["event_id"], {"actor": [], "recipient": []})[r["role"]].append(dict(r))
    return out


def _joined(entities: list, key: str) -> str:
    seen = []
    for a in entities:
        v = a.get(key) if key != "name" else (a.get("name") or a.get("text"))
        if v and v not in seen:
            seen.append(v)
    return "; ".join(seen)


def count_events(conn: sqlite3.Connection, f: EventFilter) -> int:
    where, params = _where(f)
    return conn.execute(f"SELECT count(*) FROM events e JOIN documents d USING(doc_id){where}", params).fetchone()[0]


def events(conn: sqlite3.Connection, f: EventFilter) -> list[dict]:
    """Flat event rows, one dict per event with the EVENT_COLUMNS keys (plus 'actors' and 'recipients' lists)."""
    where, params = _where(f)
    order = SORTS.get(f.sort, SORTS["date"]) + (" DESC" if f.descending else "") + ", e.doc_id, e.idx"
    sql = (f"SELECT e.*, d.title, d.source, d.published, d.url FROM events e JOIN documents d USING(doc_id)"
           f"{where} ORDER BY {order}")
    if f.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = params + [max(0, min(int(f.limit), MAX_LIMIT)), max(0, int(f.offset))]
    rows = conn.execute(sql, params).fetchall()
    roles = _actors_of(conn, [r["event_id"] for r in rows])
    out = []
    for r in rows:
        a = roles.get(r["event_id"], {"actor": [], "recipient": []})
        out.append({
            "event_id": r["event_id"], "date": r["date_start"], "date_end": r["date_end"],
            "date_precision": r["date_granularity"], "event_type": r["event_type"], "quad": r["quad"],
            "mode": ", ".join(json.loads(r["mode"] or "[]")), "context": ", ".join(json.loads(r["context"] or "[]")),
            "status": r["status"],
            "actor": _joined(a["actor"], "name"), "actor_country": _joined(a["actor"], "country"),
            "actor_agent": _joined(a["actor"], "agent"),
            "recipient": _joined(a["recipient"], "name"), "recipient_country": _joined(a["recipient"], "country"),
            "recipient_agent": _joined(a["recipient"], "agent"),
            "location": r["location_name"] or r["location_text"], "admin1": r["admin1"], "country": r["country"],
            "lat": r["lat"], "lon": r["lon"], "geonameid": r["geonameid"],
            "killed": r["killed"], "injured": r["injured"], "size": r["size"],
            "trigger": r["trigger_text"], "sentence": r["sentence"], "span_start": r["span_start"],
            "span_end": r["span_end"], "confidence": r["confidence"], "doc_id": r["doc_id"], "title": r["title"],
            "source": r["source"], "published": r["published"], "url": r["url"],
            "actors": a["actor"], "recipients": a["recipient"],
        })
    return out


def facets(conn: sqlite3.Connection, f: EventFilter, limit: int = 20) -> dict:
    """Counts by type, status, actor and country among the events matching the filter."""
    where, params = _where(f)
    base = f"SELECT e.event_id FROM events e JOIN documents d USING(doc_id){where}"
    out = {}
    for name, col in (("type", "event_type"), ("status", "status"), ("quad", "quad")):
        out[name] = [dict(r) for r in conn.execute(
            f"SELECT {col} AS value, count(*) AS n FROM events WHERE event_id IN ({base}) "
            f"GROUP BY {col} ORDER BY n DESC LIMIT ?", params + [limit])]
    out["actor"] = [dict(r) for r in conn.execute(
        f"SELECT COALESCE(name, text) AS value, count(DISTINCT event_id) AS n FROM event_actors "
        f"WHERE role='actor' AND event_id IN ({base}) GROUP BY value ORDER BY n DESC LIMIT ?", params + [limit])]
    out["country"] = [dict(r) for r in conn.execute(
        f"SELECT country AS value, count(*) AS n FROM events WHERE country IS NOT NULL AND event_id IN ({base}) "
        f"GROUP BY country ORDER BY n DESC LIMIT ?", params + [limit])]
    return out


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
            "confidence": r["confidence"]})
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


def quotes(conn: sqlite3.Connection, speaker: Optional[str] = None, text: Optional[str] = None,
           doc_id: Optional[str] = None, limit: int = 100, offset: int = 0) -> list[dict]:
    clauses, params = [], []
    if speaker:
        clauses.append("(lower(q.speaker_name) LIKE ? OR lower(q.speaker_text) LIKE ?)")
        params += [f"%{speaker.lower()}%"] * 2
    if text:
        clauses.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(fts_query(text))
    if doc_id:
        clauses.append("q.doc_id = ?")
        params.append(doc_id)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = conn.execute(f"SELECT {QUOTE_COLUMNS}, d.title, d.published, d.source FROM quotes q "
                        f"JOIN documents d USING(doc_id)"
                        f"{where} ORDER BY d.published, q.doc_id, q.idx LIMIT ? OFFSET ?",
                        params + [max(0, min(int(limit), MAX_LIMIT)), max(0, int(offset))]).fetchall()
    return [dict(r) | {"direct": bool(r["direct"])} for r in rows]


QUOTE_COLUMNS = ", ".join("q." + c for c in (
    "quote_id", "doc_id", "idx", "quote", "span_start", "span_end", "direct", "speaker_text", "speaker_name",
    "speaker_title", "speaker_affiliation", "cue", "speaker_country", "speaker_agent"))


def fts_query(text: str) -> str:
    """A user's words as a safe FTS5 query: each word quoted, all required."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + w.replace('"', "") + '"' for w in words) or '""'


def search(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[dict]:
    """Documents matching the words of `text`, best first, with a highlighted snippet."""
    rows = conn.execute(
        "SELECT d.doc_id, d.title, d.published, d.source, snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet "
        "FROM documents_fts f JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH ? "
        "ORDER BY rank LIMIT ?", (fts_query(text), max(1, min(int(limit), MAX_LIMIT)))).fetchall()
    return [dict(r) for r in rows]


def actors(conn: sqlite3.Connection, limit: int = 100) -> list[dict]:
    """Actors of events with their counts as actor and as recipient."""
    rows = conn.execute(
        "SELECT COALESCE(name, text) AS name, max(country) AS country, max(agent) AS agent, "
        "sum(role='actor') AS as_actor, sum(role='recipient') AS as_recipient, count(DISTINCT event_id) AS events "
        "FROM event_actors GROUP BY COALESCE(name, text) ORDER BY events DESC, name LIMIT ?",
        (max(1, min(int(limit), MAX_LIMIT)),)).fetchall()
    return [dict(r) for r in rows]


def network(conn: sqlite3.Connection, f: Optional[EventFilter] = None, limit: int = 300) -> dict:
    """Who acts on whom: nodes are actors, edges actor -> recipient weighted by events, with the
    dominant quad category of those events."""
    f = f or EventFilter()
    where, params = _where(f)
    rows = conn.execute(
        "SELECT COALESCE(a.name, a.text) AS source, COALESCE(r.name, r.text) AS target, e.quad AS quad, "
        "count(DISTINCT e.event_id) AS n FROM events e JOIN documents d USING(doc_id) "
        "JOIN event_actors a ON a.event_id = e.event_id AND a.role='actor' "
        "JOIN event_actors r ON r.event_id = e.event_id AND r.role='recipient'"
        f"{where} GROUP BY source, target, quad", params).fetchall()
    edges: dict = {}
    for r in rows:
        if r["source"] == r["target"]:
            continue
        e = edges.setdefault((r["source"], r["target"]), {"source": r["source"], "target": r["target"],
                                                          "weight": 0, "quads": {}})
        e["weight"] += r["n"]
        e["quads"][r["quad"]] = e["quads"].get(r["quad"], 0) + r["n"]
    out = sorted(edges.values(), key=lambda e: -e["weight"])[:limit]
    for e in out:
        e["quad"] = max(e["quads"], key=e["quads"].get)
    nodes: dict = {}
    for e in out:
        for k in ("source", "target"):
            nodes[e[k]] = nodes.get(e[k], 0) + e["weight"]
    return {"nodes": [{"id": k, "weight": v} for k, v in sorted(nodes.items(), key=lambda kv: -kv[1])],
            "edges": out}


def timeline(conn: sqlite3.Connection, f: Optional[EventFilter] = None, bucket: str = "month") -> list[dict]:
    """Event counts by period and type; the period is the event date, or the publication date when the
    event has none (flagged by `dated`)."""
    f = f or EventFilter()
    where, params = _where(f)
    width = {"day": 10, "month": 7, "year": 4}.get(bucket)
    if bucket == "week":
        period = "strftime('%Y-W%W', COALESCE(e.date_start, d.published))"
    elif width:
        period = f"substr(COALESCE(e.date_start, d.published), 1, {width})"
    else:
        raise ValueError(f"bucket must be day, week, month or year, not {bucket!r}")
    rows = conn.execute(
        f"SELECT {period} AS period, e.event_type AS event_type, count(*) AS n, "
        f"sum(e.date_start IS NOT NULL) AS dated FROM events e JOIN documents d USING(doc_id){where} "
        f"GROUP BY period, e.event_type HAVING period IS NOT NULL ORDER BY period", params).fetchall()
    return [dict(r) for r in rows]


def places_geojson(conn: sqlite3.Connection, f: Optional[EventFilter] = None) -> dict:
    """Located events as a GeoJSON FeatureCollection (one point feature per event)."""
    f = f or EventFilter(limit=None)
    rows = [r for r in events(conn, f) if r["lat"] is not None and r["lon"] is not None]
    feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
              "properties": {k: v for k, v in r.items() if k not in ("actors", "recipients", "lat", "lon")}}
             for r in rows]
    return {"type": "FeatureCollection", "features": feats}


def summary(conn: sqlite3.Connection, top: int = 10) -> dict:
    """What the store holds: documents, events by type, top actors, a short timeline."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "events": one("SELECT count(*) FROM events"),
        "quotes": one("SELECT count(*) FROM quotes"),
        "places": one("SELECT count(*) FROM places"),
        "events_by_type": {r[0]: r[1] for r in conn.execute(
            "SELECT event_type, count(*) n FROM events GROUP BY event_type ORDER BY n DESC")},
        "events_by_status": {r[0]: r[1] for r in conn.execute(
            "SELECT status, count(*) n FROM events GROUP BY status ORDER BY n DESC")},
        "top_actors": [dict(r) for r in conn.execute(
            "SELECT COALESCE(name, text) AS name, count(DISTINCT event_id) AS events FROM event_actors "
            "WHERE role='actor' GROUP BY COALESCE(name, text) ORDER BY events DESC LIMIT ?", (top,))],
        "timeline": [dict(r) for r in conn.execute(
            "SELECT substr(COALESCE(e.date_start, d.published), 1, 7) AS month, count(*) AS events "
            "FROM events e JOIN documents d USING(doc_id) GROUP BY month HAVING month IS NOT NULL ORDER BY month")],
        "versions": json.loads(row[0]) if (row := conn.execute(
            "SELECT value FROM meta WHERE key='versions'").fetchone()) else {},
    }


QUADS = sorted(set(QUAD.values()))
