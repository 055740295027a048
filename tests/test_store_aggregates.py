"""Schema 5: the counts the store keeps by trigger (event_cube, actor_counts, actor_events) and events.sort_date
equal direct counts over the rows after writes, rewrites of the same documents and a migration from schema 4."""
from __future__ import annotations

import sqlite3

from sitroom import query as q
from sitroom.records import Counts, Document, Entity, Event, When
from sitroom.store import SCHEMA_VERSION, Store
from test_store_scale_views import undo_schema

TYPES = ["ASSAULT", "PROTEST", "AID", "ACCUSE"]
NAMES = ["Delta brigade", "Marsh militia", "Town council", "Aid convoy"]


def docs(version: int, n: int = 24) -> list:
    out = []
    for d in range(n):
        evs = []
        for i in range(3):
            k = d * 3 + i + version
            a = Entity(text=NAMES[k % 4].lower(), name=NAMES[k % 4], country=["NRA", None, "SRB"][k % 3],
                       agent=["MIL", "REB", None][k % 3])
            # the same actor twice in one event (two mentions), and as its own recipient once in a while
            actor = [a, a] if k % 5 == 0 else [a]
            recipient = [a] if k % 7 == 0 else [Entity(text="villagers", name=None, agent="CVL")]
            evs.append(Event(event_type=TYPES[k % 4], sentence=f"Invented sentence {k}.", span=[0, 5],
                             status=["asserted", "future"][k % 2], actor=actor, recipient=recipient,
                             date=When(text="on Monday", start=f"2021-{1 + k % 12:02}-0{1 + k % 9}", granularity="day")
                             if k % 3 else None, counts=Counts(killed=k % 4), event_id=f"d{d}-e{i}-v{version}"))
        out.append(Document(doc_id=f"doc-{d}", text=f"Invented report {d} version {version}.",
                            published=f"2020-{1 + d % 12:02}-15", events=evs))
    return out


def direct(conn) -> dict:
    one = lambda sql: [tuple(r) for r in conn.execute(sql)]  # noqa: E731
    return {
        "total": one("SELECT count(*) FROM events"),
        "by_type": one("SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1"),
        "by_month": one("SELECT substr(COALESCE(e.date_start, d.published), 1, 7) m, e.event_type, count(*), "
                        "sum(e.date_start IS NOT NULL) FROM events e JOIN documents d USING(doc_id) GROUP BY 1, 2 "
                        "ORDER BY 1, 2"),
        "actors": one("SELECT COALESCE(name, text), max(country), max(agent), sum(role='actor'), "
                      "sum(role='recipient'), count(DISTINCT event_id) FROM event_actors GROUP BY 1 "
                      "ORDER BY 6 DESC, 1"),
        "top": one("SELECT COALESCE(name, text), count(DISTINCT event_id) FROM event_actors WHERE role='actor' "
                   "GROUP BY 1 ORDER BY 2 DESC, 1"),
        "sort_date": one("SELECT count(*) FROM events e JOIN documents d USING(doc_id) "
                         "WHERE e.sort_date IS NOT COALESCE(e.date_start, d.published)"),
    }


def kept(conn) -> dict:
    f = q.EventFilter()
    tl = q.timeline(conn, f)
    return {
        "total": [(q.count_events(conn, f),)],
        "by_type": [(r["value"], r["n"]) for r in q.facets(conn, f, limit=50)["type"]],
        "by_month": [(r["period"], r["event_type"], r["n"], r["dated"]) for r in tl],
        "actors": [(r["name"], r["country"], r["agent"], r["as_actor"], r["as_recipient"], r["events"])
                   for r in q.actors(conn, limit=1000)],
        "top": [(r["value"], r["n"]) for r in q.facets(conn, f, limit=50)["actor"]],
        "sort_date": [(0,)],
    }


def test_store_kept_counts_equal_direct_counts_after_writes_and_rewrites(tmp_path):
    s = Store(tmp_path / "s.db")
    s.write(docs(0))
    assert kept(s.conn) == direct(s.conn)
    s.write(docs(1)[::2])          # half the documents again, with other events: deletes then inserts
    assert kept(s.conn) == direct(s.conn)
    assert q.count_actors(s.conn) == s.conn.execute(
        "SELECT count(DISTINCT COALESCE(name, text)) FROM event_actors").fetchone()[0]
    summary = q.summary(s.conn)
    assert summary["events"] == direct(s.conn)["total"][0][0]
    assert summary["events_by_type"] == dict(direct(s.conn)["by_type"])
    # a filter the kept counts can answer (type, whole months) and one they cannot (part of a month) agree
    for f in (q.EventFilter(type="ASSAULT,AID", date_from="2021-02", date_to="2021-06-30", limit=None),
              q.EventFilter(status="future", date_from="2021-02-03", limit=None)):
        assert q.count_events(s.conn, f) == len(q.events(s.conn, f, cap=None)) > 0


def test_store_migrates_a_version_4_file_to_kept_counts(tmp_path):
    path = tmp_path / "v4.db"
    with Store(path) as s:
        s.write(docs(0))
    c = sqlite3.connect(path, isolation_level=None)   # the same rows as a version 4 file holds them
    undo_schema(c, 6)
    for t in ("events_cube_insert", "events_cube_delete", "event_actors_counts_insert", "event_actors_counts_delete"):
        c.execute(f"DROP TRIGGER {t}")
    for i in ("events_sort", "events_type_sort", "events_country_sort", "events_status", "events_quad",
              "events_located", "event_actors_country"):
        c.execute(f"DROP INDEX {i}")
    for t in ("event_cube", "actor_counts", "actor_events"):
        c.execute(f"DROP TABLE {t}")
    c.execute("ALTER TABLE events DROP COLUMN sort_date")
    c.execute("DROP INDEX events_incident")            # and what migration 6 (fusion) adds
    c.execute("ALTER TABLE events DROP COLUMN incident_id")
    for t in ("incidents", "incident_members"):
        c.execute(f"DROP TABLE {t}")
    c.execute("CREATE INDEX events_type ON events(event_type)")
    c.execute("CREATE INDEX events_date ON events(date_start)")
    c.execute("PRAGMA user_version=4")
    c.close()
    s = Store(path)
    assert s.version == SCHEMA_VERSION and kept(s.conn) == direct(s.conn)
    s.write(docs(2)[:5])
    assert kept(s.conn) == direct(s.conn)
