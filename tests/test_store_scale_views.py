"""Schema 7: the views that read kept structures instead of the events (the actor substring filter through
actor_strings and the name/text indexes, the whole store's network from actor_links / actor_edges, the whole
store's map clusters from map_cells / map_places) give exactly what a direct computation over the rows gives,
after writes, after rewrites of documents (their old rows deleted, new ones written) and after a migration from
schema 6. The store is a real SQLite file holding invented reports written as records."""
from __future__ import annotations

import math
import sqlite3

import pytest

from sitroom import query as q
from sitroom.records import Document, Entity, Event, Place, When
from sitroom.store import MAP_ZOOM, SCHEMA_VERSION, Store

TYPES = ["ASSAULT", "PROTEST", "AID", "ACCUSE", "REQUEST", "COERCE"]
# canonical name, surface text: some without a canonical name (text only), one whose text differs in case only
PEOPLE = [("Delta Brigade", "the brigade"), ("Marsh militia", "marsh fighters"), (None, "Unnamed gunmen"),
          ("Town council", "town council"), ("Aid convoy", "the convoy"), (None, "villagers"),
          ("Élan Group", "élan"), ("Brigade of the Delta", "delta men")]
# name, text, lat, lon: two places share coordinates, one has no name (text only), one nothing at all
PLACES = [("Port Alder", "Port Alder", 15.6, 32.5), ("Cedar Ford", "the ford", 36.3, 43.1),
          (None, "a hill village", 15.61, 32.49), ("Lake Town", "Lake Town", 15.6, 32.5),
          (None, None, -33.9, 18.4), ("Far Point", "Far Point", -89.9, -179.5)]


def person(k: int) -> Entity:
    name, text = PEOPLE[k % len(PEOPLE)]
    return Entity(text=text, name=name, agent="MIL")


def documents(version: int, n: int = 40) -> list[Document]:
    out = []
    for d in range(n):
        evs = []
        for i in range(4):
            k = d * 4 + i + 5 * version
            actor = [person(k)] + ([person(k)] if k % 6 == 0 else []) + ([person(k + 3)] if k % 5 == 0 else [])
            recipient = [person(k)] if k % 9 == 0 else [person(k + 1)] + ([person(k + 2)] if k % 4 == 0 else [])
            p = PLACES[k % len(PLACES)]
            place = None if k % 7 == 3 else Place(text=p[1], name=p[0], lat=p[2] + (k % 3) * 0.5,
                                                   lon=p[3] if p[3] < -179 else p[3] + (k % 2) * 3.0,
                                                   country=["SD", "IQ", None][k % 3])
            when = When(text="that day", start=f"{2020 + k % 2}-{1 + k % 12:02}-{1 + k % 28:02}", granularity="day")
            evs.append(Event(event_type=TYPES[k % len(TYPES)], sentence=f"Invented sentence {k}.", span=[0, 5],
                             actor=actor if k % 8 else [], recipient=recipient if k % 10 else [], location=place,
                             status=["asserted", "future", "asserted", "negated"][k % 4],
                             date=when if k % 3 else None, event_id=f"d{d}-e{i}-v{version}"))
        out.append(Document(doc_id=f"doc-{d}", text=f"Invented report {d}, version {version}.",
                            published=f"2021-{1 + d % 12:02}-10", events=evs))
    return out


# -- the direct computations: what the views computed before schema 7, over the rows themselves --------------------
def direct_actor_events(conn, value: str, role: str = "actor") -> list:
    return [r[0] for r in conn.execute(
        "SELECT event_id FROM events WHERE event_id IN (SELECT event_id FROM event_actors WHERE role = ? AND "
        "(lower(name) LIKE ? OR lower(text) LIKE ?)) ORDER BY event_id", (role, f"%{value.lower()}%",
                                                                           f"%{value.lower()}%"))]


def direct_network(conn, limit: int, where: str = "1") -> dict:
    rows = conn.execute(
        "SELECT COALESCE(a.name, a.text), COALESCE(r.name, r.text), e.quad, count(DISTINCT e.event_id) FROM events e "
        "JOIN event_actors a ON a.event_id = e.event_id AND a.role = 'actor' "
        f"JOIN event_actors r ON r.event_id = e.event_id AND r.role = 'recipient' WHERE {where} GROUP BY 1, 2, 3 "
        "ORDER BY 1, 2, 3")
    edges: dict = {}
    for s, t, quad, n in rows:
        if s != t:
            e = edges.setdefault((s, t), {"source": s, "target": t, "weight": 0, "quads": {}})
            e["weight"] += n
            e["quads"][quad] = e["quads"].get(quad, 0) + n
    ranked = sorted(edges.values(), key=lambda e: (-e["weight"], e["source"], e["target"]))
    return q._network(ranked[:limit], len(ranked))   # the dominant quads and the nodes, as the view adds them


def direct_clusters(conn, zoom: int) -> list:
    cell = q.cell_degrees(zoom)
    rows = conn.execute(
        "SELECT CAST((lon + 180) / ? AS INTEGER) gx, CAST((lat + 90) / ? AS INTEGER) gy, count(*), avg(lat), avg(lon), "
        "count(DISTINCT COALESCE(location_name, location_text)), max(COALESCE(location_name, location_text)), "
        + ", ".join(f"sum(quad = '{x}')" for x in q.QUADS) +
        " FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY gx, gy ORDER BY 3 DESC, gx, gy",
        (cell, cell)).fetchall()
    out = []
    for r in rows:
        counts = list(r[7:])
        out.append({"n": r[2], "lat": r[3], "lon": r[4], "places": r[5],
                    "label": r[6] if r[5] == 1 else f"{r[5]} places",
                    "quad": q.QUADS[counts.index(max(counts))] if max(counts) else None,
                    "cell": (r[0], r[1])})
    return out


# filters the kept counts answer (types, statuses, quads, whole months), with the same selection in SQL
CUBE_FILTERS = [({"type": "ASSAULT,AID"}, "event_type IN ('ASSAULT', 'AID')"),
                ({"status": "asserted", "type": "PROTEST"}, "status = 'asserted' AND event_type = 'PROTEST'"),
                ({"quad": "material conflict"}, "quad = 'material conflict'"),
                ({"date_from": "2021-03", "date_to": "2021-08-31"}, "sort_date BETWEEN '2021-03-01' AND '2021-08-31'"),
                ({"date_from": "2021", "date_to": "2021", "type": "COERCE,ACCUSE"},
                 "sort_date LIKE '2021%' AND event_type IN ('COERCE', 'ACCUSE')")]


def direct_facets(conn, where: str, limit: int = 20) -> dict:
    out = {}
    for name, col in (("type", "event_type"), ("status", "status"), ("quad", "quad"), ("country", "country")):
        extra = " AND country IS NOT NULL" if col == "country" else ""
        out[name] = [{"value": v, "n": n} for v, n in conn.execute(
            f"SELECT {col}, count(*) FROM events e WHERE {where}{extra} GROUP BY 1 "
            "ORDER BY 2 DESC, 1 LIMIT ?", (limit,))]
    out["actor"] = [{"value": v, "n": n} for v, n in conn.execute(
        f"SELECT COALESCE(a.name, a.text), count(DISTINCT a.event_id) FROM events e JOIN event_actors a "
        f"ON a.event_id = e.event_id AND a.role = 'actor' WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
        (limit,))]
    return out


def check_views_equal_direct(conn):
    for kw, where in CUBE_FILTERS:
        f = q.EventFilter(**kw)
        assert q.count_events(conn, f) == conn.execute(f"SELECT count(*) FROM events WHERE {where}").fetchone()[0]
        for limit in (3, 50):
            assert q.facets(conn, f, limit=limit) == direct_facets(conn, where, limit), (kw, limit)
    # networks of those filters (kept pairs by type, status, month) and of others (the events read)
    for kw, where in CUBE_FILTERS + [({"bbox": "30,10,40,20"}, "lat BETWEEN 10 AND 20 AND lon BETWEEN 30 AND 40"),
                                     ({"actor": "brigade"}, "e.event_id IN (SELECT event_id FROM event_actors WHERE "
                                      "role = 'actor' AND (lower(name) LIKE '%brigade%' OR lower(text) LIKE "
                                      "'%brigade%'))")]:
        for limit in (1, 4, 300):
            assert q.network(conn, q.EventFilter(**kw), limit=limit) == direct_network(conn, limit, where), kw

    # the actor / recipient substring filters: the same events, the same totals, the same pages
    for value in ("brigade", "DELTA", "gunmen", "e", "élan", "ÉLAN", "council", "nobody at all", "%", "_"):
        for role in ("actor", "recipient"):
            f = q.EventFilter(**{role: value}, sort="doc", limit=None)
            want = direct_actor_events(conn, value, role)
            assert sorted(r["event_id"] for r in q.events(conn, f, cap=None)) == want, (role, value)
            assert q.count_events(conn, f) == len(want)
    f = q.EventFilter(actor="brigade", recipient="convoy", type="ASSAULT,AID", limit=None)
    want = set(direct_actor_events(conn, "brigade")) & set(direct_actor_events(conn, "convoy", "recipient"))
    want &= {r[0] for r in conn.execute("SELECT event_id FROM events WHERE event_type IN ('ASSAULT', 'AID')")}
    assert {r["event_id"] for r in q.events(conn, f, cap=None)} == want and q.count_events(conn, f) == len(want)
    # the whole store's network, at every size of the ranking
    n_edges = direct_network(conn, 10 ** 6)["total_edges"]
    assert n_edges > 10
    for limit in (1, 3, 10, n_edges, 300):
        assert q.network(conn, q.EventFilter(), limit=limit) == direct_network(conn, limit), limit
    # the whole store's map clusters at every zoom the store keeps, and one past it
    for zoom in list(range(MAP_ZOOM + 2)):
        got, want = q.clusters(conn, q.EventFilter(), zoom=zoom), direct_clusters(conn, zoom)
        assert len(got["clusters"]) == len(want) > 0, zoom
        for g, w in zip(got["clusters"], want):
            cell = got["cell_degrees"]
            assert (round((w["cell"][0]) * cell - 180, 6), round(max(-90, w["cell"][1] * cell - 90), 6)) == \
                tuple(g["bbox"][:2])
            assert {k: g[k] for k in ("n", "places", "label", "quad")} == {k: w[k] for k in ("n", "places", "label",
                                                                                            "quad")}, zoom
            assert math.isclose(g["lat"], w["lat"], rel_tol=1e-12, abs_tol=1e-9)
            assert math.isclose(g["lon"], w["lon"], rel_tol=1e-12, abs_tol=1e-9)
        assert got["located"] == conn.execute("SELECT count(*) FROM events WHERE lat IS NOT NULL").fetchone()[0]
    # the kept strings are exactly the names and texts of the mentions, with their counts
    strings = dict(conn.execute("SELECT value, n FROM actor_strings WHERE n > 0").fetchall())
    assert strings == dict(conn.execute(
        "SELECT v, count(*) FROM (SELECT name v FROM event_actors WHERE name IS NOT NULL UNION ALL "
        "SELECT text FROM event_actors WHERE text IS NOT NULL) GROUP BY v").fetchall())


def test_kept_views_equal_direct_computations_after_writes_and_rewrites(tmp_path):
    s = Store(tmp_path / "s.db")
    s.write(documents(0))
    check_views_equal_direct(s.conn)
    s.write(documents(1)[::3])      # a third of the documents again with other events: deletes, then inserts
    check_views_equal_direct(s.conn)
    s.write(documents(0)[:7])       # and back, so pairs, cells and places that emptied fill again
    check_views_equal_direct(s.conn)
    for doc_id in ("doc-2", "doc-3"):
        s._delete(doc_id)           # a document removed outright
    check_views_equal_direct(s.conn)
    s.close()


def test_a_store_emptied_keeps_no_pair_cell_or_string(tmp_path):
    s = Store(tmp_path / "s.db")
    docs = documents(0, n=12)
    s.write(docs)
    with s.transaction():
        for d in docs:
            s._delete(d.doc_id)
    for table in ("actor_strings", "actor_edges", "actor_links", "edge_cube", "edge_totals", "map_cells",
                  "map_places", "event_totals",
                  "actor_cube", "actor_totals"):
        assert s.conn.execute(f"SELECT count(*) FROM {table} WHERE n <> 0").fetchone()[0] == 0, table
    assert s.conn.execute("SELECT count(*) FROM map_cells WHERE places <> 0 OR lat <> 0 OR lon <> 0 OR "
                          + " OR ".join(f"q{i} <> 0" for i in range(len(q.QUADS)))).fetchone()[0] == 0
    assert q.network(s.conn)["edges"] == [] and q.clusters(s.conn)["clusters"] == []
    s.close()


V7 = {"trigger": ["event_actors_strings_insert", "event_actors_strings_delete", "event_actors_actor_edges_insert",
                  "event_actors_actor_edges_delete", "event_actors_recipient_edges_insert",
                  "event_actors_recipient_edges_delete", "events_totals_insert", "events_totals_delete",
                  "event_actors_cube_insert", "event_actors_cube_delete", "events_map_insert", "events_map_delete"],
      "index": ["event_actors_by_name", "event_actors_by_text", "events_map_type", "events_map_day"],
      "table": ["actor_strings", "actor_edges", "actor_links", "edge_cube", "edge_totals", "event_totals", "actor_cube", "actor_totals",
                "map_zooms", "map_cells", "map_places"]}


def undo_schema_7(c: sqlite3.Connection):
    """Drop what migrations 8 (the fusion keys) and 7 add: the rows as a version 6 file holds them."""
    c.execute("DROP TABLE fusion_keys")
    for kind, names in V7.items():
        for name in names:
            c.execute(f"DROP {kind} {name}")
    c.execute("PRAGMA user_version=6")


def test_store_migrates_a_version_6_file_to_the_kept_views(tmp_path):
    path = tmp_path / "v6.db"
    with Store(path) as s:
        s.write(documents(0))
    c = sqlite3.connect(path, isolation_level=None)
    undo_schema_7(c)
    assert not c.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'map_%' OR name LIKE 'actor_strings%'"
                         ).fetchone()[0]
    c.close()
    s = Store(path)
    assert s.version == SCHEMA_VERSION == 8
    assert s.conn.execute("SELECT count(*) FROM fusion_keys").fetchone()[0] == 0   # migration 8: an empty table
    check_views_equal_direct(s.conn)
    s.write(documents(2)[:9])
    check_views_equal_direct(s.conn)
    s.close()


@pytest.mark.parametrize("zoom", [-3, 0, 20])
def test_clusters_clamp_the_zoom_the_same_on_both_paths(tmp_path, zoom):
    with Store(tmp_path / "s.db") as s:
        s.write(documents(0, n=8))
        got = q.clusters(s.conn, q.EventFilter(), zoom=zoom)
        want = direct_clusters(s.conn, zoom)
        assert [c["n"] for c in got["clusters"]] == [c["n"] for c in want] and got["located"] > 0


def test_facets_of_filters_that_read_the_events_equal_direct_counts(tmp_path):
    with Store(tmp_path / "s.db") as s:
        s.write(documents(0))
        s.write(documents(1)[::4])
        for kw, where in (({"bbox": "30,10,40,20"}, "lat BETWEEN 10 AND 20 AND lon BETWEEN 30 AND 40"),
                          ({"country": "SD"}, "(e.country = 'SD' OR e.event_id IN (SELECT event_id FROM "
                                              "event_actors WHERE upper(country) = 'SD'))"),
                          ({"actor": "delta"}, "e.event_id IN (SELECT event_id FROM event_actors WHERE role = "
                                               "'actor' AND (lower(name) LIKE '%delta%' OR lower(text) LIKE "
                                               "'%delta%'))")):
            for limit in (2, 50):
                got = q.facets(s.conn, q.EventFilter(**kw), limit=limit)
                assert got == direct_facets(s.conn, where, limit), kw
                assert sum(x["n"] for x in got["type"]) == q.count_events(s.conn, q.EventFilter(**kw)) or limit < 50
