"""Schemas 7 and 8: the views that read kept structures instead of the events (the actor substring filter through
actor_strings and the name/text indexes, the whole store's network from actor_links / actor_edges, the whole
store's map clusters from map_cells / map_places; schema 8: the country filter from event_countries, the map
clusters of one type or one year from map_facet_cells / map_facet_places) and the search that ranks only its page
give exactly what a direct computation over the rows gives, after writes, after rewrites of documents (their old
rows deleted, new ones written), deletes, and after a migration from schema 7 and from schema 6. The store is a
real SQLite file holding invented reports written as records."""
from __future__ import annotations

import math
import sqlite3

import pytest

from sitroom import query as q
from sitroom.records import Document, Entity, Event, Place, Quote, Speaker, When
from sitroom.store import MAP_FACET_ZOOM, MAP_ZOOM, SCHEMA_VERSION, Store

TYPES = ["ASSAULT", "PROTEST", "AID", "ACCUSE", "REQUEST", "COERCE"]
# canonical name, surface text: some without a canonical name (text only), one whose text differs in case only
PEOPLE = [("Delta Brigade", "the brigade"), ("Marsh militia", "marsh fighters"), (None, "Unnamed gunmen"),
          ("Town council", "town council"), ("Aid convoy", "the convoy"), (None, "villagers"),
          ("Élan Group", "élan"), ("Brigade of the Delta", "delta men")]
# name, text, lat, lon: two places share coordinates, one has no name (text only), one nothing at all
PLACES = [("Port Alder", "Port Alder", 15.6, 32.5), ("Cedar Ford", "the ford", 36.3, 43.1),
          (None, "a hill village", 15.61, 32.49), ("Lake Town", "Lake Town", 15.6, 32.5),
          (None, None, -33.9, 18.4), ("Far Point", "Far Point", -89.9, -179.5)]


# actors' countries: none, a code in lower case (the filter upper-cases it), one that is also a place country, one
# that no place has
COUNTRIES = [None, "sd", "SD", "IQ", "SDN", None, "ye"]


def person(k: int) -> Entity:
    name, text = PEOPLE[k % len(PEOPLE)]
    return Entity(text=text, name=name, agent="MIL", country=COUNTRIES[k % len(COUNTRIES)])


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
        name, text = PEOPLE[(d + version) % len(PEOPLE)]
        said = [Quote(quote=f"Invented words {d}.", span=[0, 5], direct=bool(d % 2), cue="said",
                      quote_id=f"q{d}-{j}-v{version}", speaker=None if (d + j) % 6 == 5 else
                      Speaker(text=text if j == 0 else "a spokesman", name=name if j == 0 else None))
                for j in range(d % 3)]
        out.append(Document(doc_id=f"doc-{d}", text=f"Invented report {d}, version {version}.",
                            published=f"2021-{1 + d % 12:02}-10", events=evs, quotes=said))
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


def direct_clusters(conn, zoom: int, where: str = "1") -> list:
    cell = q.cell_degrees(zoom)
    rows = conn.execute(
        "SELECT CAST((lon + 180) / ? AS INTEGER) gx, CAST((lat + 90) / ? AS INTEGER) gy, count(*), avg(lat), avg(lon), "
        "count(DISTINCT COALESCE(location_name, location_text)), max(COALESCE(location_name, location_text)), "
        + ", ".join(f"sum(quad = '{x}')" for x in q.QUADS) +
        f" FROM events e WHERE {where} AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY gx, gy ORDER BY 3 DESC, gx, gy",
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


def check_clusters(conn, f: "q.EventFilter", zoom: int, where: str = "1"):
    """The view's clusters of `f` at `zoom` are the direct grouping of the events `where` selects."""
    got, want = q.clusters(conn, f, zoom=zoom), direct_clusters(conn, zoom, where)
    assert len(got["clusters"]) == len(want), (f, zoom)
    cell = got["cell_degrees"]
    for g, w in zip(got["clusters"], want):
        assert (round((w["cell"][0]) * cell - 180, 6), round(max(-90, w["cell"][1] * cell - 90), 6)) == \
            tuple(g["bbox"][:2])
        assert {k: g[k] for k in ("n", "places", "label", "quad")} == {k: w[k] for k in ("n", "places", "label",
                                                                                        "quad")}, (f, zoom)
        assert math.isclose(g["lat"], w["lat"], rel_tol=1e-12, abs_tol=1e-9)
        assert math.isclose(g["lon"], w["lon"], rel_tol=1e-12, abs_tol=1e-9)
    assert got["located"] == conn.execute(f"SELECT count(*) FROM events e WHERE {where} AND lat IS NOT NULL"
                                          ).fetchone()[0]
    return got


def direct_country(codes: list) -> str:
    """The country filter as the views ran it before schema 8: a place country, or an actor's or recipient's."""
    marks = ", ".join(f"'{c}'" for c in codes)
    return (f"(e.country IN ({marks}) OR e.event_id IN (SELECT event_id FROM event_actors WHERE upper(country) IN "
            f"({marks})))")


def direct_timeline(conn, where: str) -> list:
    return [{"period": p, "event_type": t, "n": n, "dated": d, "reported": n - d} for p, t, n, d in conn.execute(
        f"SELECT substr(sort_date, 1, 7) p, event_type, count(*), sum(date_start IS NOT NULL) FROM events e "
        f"WHERE {where} GROUP BY p, event_type HAVING p IS NOT NULL ORDER BY p, event_type")]


# country filters: one code (the kept rows answer it, alone or with other filters), several, in lower case, a code
# only actors have, one only a place has, one nothing has; with the same selection in SQL
COUNTRY_FILTERS = [({"country": "SD"}, direct_country(["SD"])), ({"country": "sdn"}, direct_country(["SDN"])),
                   ({"country": "IQ,ye"}, direct_country(["IQ", "YE"])), ({"country": "YE"}, direct_country(["YE"])),
                   ({"country": "ZZ"}, direct_country(["ZZ"])),
                   ({"country": "SD", "type": "ASSAULT,AID", "status": "asserted"},
                    direct_country(["SD"]) + " AND event_type IN ('ASSAULT', 'AID') AND status = 'asserted'"),
                   ({"country": "IQ", "date_from": "2021-02-03", "date_to": "2021-10"},
                    direct_country(["IQ"]) + " AND sort_date BETWEEN '2021-02-03' AND '2021-10-31'"),
                   ({"country": "SD", "actor": "brigade"}, direct_country(["SD"]) + " AND e.event_id IN (SELECT "
                    "event_id FROM event_actors WHERE role = 'actor' AND (lower(name) LIKE '%brigade%' OR lower(text) "
                    "LIKE '%brigade%'))"),
                   ({"country": "SD", "bbox": "30,10,40,20"},
                    direct_country(["SD"]) + " AND lat BETWEEN 10 AND 20 AND lon BETWEEN 30 AND 40"),
                   ({"country": "IQ", "text": "sentence 1"},
                    direct_country(["IQ"]) + " AND lower(sentence) LIKE '%sentence 1%'")]


def check_country_views(conn):
    for kw, where in COUNTRY_FILTERS:
        f = q.EventFilter(**kw)
        ids = [r[0] for r in conn.execute(f"SELECT event_id FROM events e WHERE {where} ORDER BY event_id")]
        assert q.count_events(conn, f) == len(ids), kw
        for sort, desc, order in (("date", True, "sort_date DESC, doc_id DESC, idx DESC"),
                                  ("doc", False, "doc_id, idx"),
                                  ("killed", True, "COALESCE(killed, -1) DESC, doc_id DESC, idx DESC"),
                                  ("type", False, "event_type, doc_id, idx"),
                                  ("published", False, "(SELECT published FROM documents d WHERE d.doc_id = e.doc_id), "
                                                       "doc_id, idx")):
            page = q.events(conn, q.EventFilter(**kw, sort=sort, descending=desc, limit=7, offset=2), cap=None)
            want = [r[0] for r in conn.execute(f"SELECT event_id FROM events e WHERE {where} ORDER BY {order} "
                                               "LIMIT 7 OFFSET 2")]
            assert [r["event_id"] for r in page] == want, (kw, sort)
        full = q.events(conn, q.EventFilter(**kw, sort="doc", limit=None), cap=None)
        assert [r["event_id"] for r in full] == [r[0] for r in conn.execute(
            f"SELECT event_id FROM events e WHERE {where} ORDER BY doc_id, idx")]
        every = {r["event_id"]: r for r in q.events(conn, q.EventFilter(sort="doc", limit=None), cap=None)}
        assert full == [every[r["event_id"]] for r in full]   # the same flat rows as the events' path reads
        for limit in (2, 50):
            assert q.facets(conn, f, limit=limit) == direct_facets(conn, where, limit), (kw, limit)
        assert q.timeline(conn, f) == direct_timeline(conn, where), kw
        for limit in (1, 300):
            assert q.network(conn, f, limit=limit) == direct_network(conn, limit, where), kw
        for zoom in (2, 6):
            check_clusters(conn, f, zoom, where)
    # the kept keys are exactly the events' place countries and upper-cased actor countries, with their counts
    assert list(map(tuple, conn.execute("SELECT key, event_id, n FROM event_countries ORDER BY 1, 2"))) == list(map(
        tuple, conn.execute("SELECT key, event_id, count(*) FROM (SELECT country AS key, event_id FROM events WHERE country IS NOT NULL "
        "UNION ALL SELECT upper(country), event_id FROM event_actors WHERE country IS NOT NULL) GROUP BY 1, 2 "
        "ORDER BY 1, 2")))
    cols = ", ".join(c for c in ("sort_date", "doc_id", "idx", "event_type", "status", "quad", "country",
                                 "date_start", "lat", "lon", "location_name", "location_text", "killed"))
    assert conn.execute(f"SELECT count(*) FROM (SELECT event_id, {cols} FROM event_countries EXCEPT "
                        f"SELECT event_id, {cols} FROM events)").fetchone()[0] == 0


# one type, one whole year (the kept cells per type and year, at zooms MAP_FACET_ZOOM to MAP_ZOOM), and filters
# near them that read the events: two types, a year bound by 'YYYY' (which also keeps a day written '2021'), a
# type and a year
FACET_FILTERS = [({"type": "ASSAULT"}, "event_type = 'ASSAULT'"), ({"type": "aid"}, "event_type = 'AID'"),
                 ({"type": "COERCE"}, "event_type = 'COERCE'"),
                 ({"date_from": "2021-01-01", "date_to": "2021-12-31"},
                  "sort_date BETWEEN '2021-01-01' AND '2021-12-31'"),
                 ({"date_from": "2020-01-01", "date_to": "2020-12"}, "sort_date BETWEEN '2020-01-01' AND '2020-12-31'"),
                 ({"date_from": "2021", "date_to": "2021"}, "sort_date >= '2021' AND sort_date <= '2021-12-31'"),
                 ({"type": "ASSAULT,AID"}, "event_type IN ('ASSAULT', 'AID')"),
                 ({"type": "PROTEST", "date_from": "2021-01-01", "date_to": "2021-12-31"},
                  "event_type = 'PROTEST' AND sort_date BETWEEN '2021-01-01' AND '2021-12-31'")]


def check_facet_maps(conn):
    for kw, where in FACET_FILTERS:
        for zoom in range(MAP_FACET_ZOOM - 1, MAP_ZOOM + 2):
            check_clusters(conn, q.EventFilter(**kw), zoom, where)
    # the kept cells are the direct grouping, facet by facet (no cell of a facet that has no event left in it)
    for zoom in range(MAP_FACET_ZOOM, MAP_ZOOM + 1):
        cell = q.cell_degrees(zoom)
        for facet, where in (("type:" + t, f"event_type = '{t}'") for t in TYPES):
            kept = conn.execute("SELECT gx, gy, n, places FROM map_facet_cells WHERE zoom = ? AND facet = ? AND n > 0 "
                                "ORDER BY gx, gy", (zoom, facet)).fetchall()
            assert list(map(tuple, kept)) == list(map(tuple, conn.execute(
                "SELECT CAST((lon + 180) / ? AS INTEGER) gx, CAST((lat + 90) / ? AS INTEGER) gy, count(*), "
                "count(DISTINCT COALESCE(location_name, location_text)) FROM events WHERE lat IS NOT NULL AND "
                f"lon IS NOT NULL AND {where} GROUP BY 1, 2 ORDER BY 1, 2", (cell, cell)))), (zoom, facet)


def check_search(conn):
    """The search ranks only its page: the same page as ranking every match (bm25, then the order stored)."""
    for words in ("invented report", "version", "report 3", "nothing like it"):
        for offset in (0, 3, 30):
            match = q.fts_query(words)
            want = [dict(r) for r in conn.execute(
                "SELECT d.doc_id, d.title, d.published, d.source, snippet(documents_fts, 1, '[', ']', ' … ', 12) "
                "AS snippet FROM documents_fts f JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH ? "
                "ORDER BY rank, f.rowid LIMIT 5 OFFSET ?", (match, offset))]
            assert q.search(conn, words, limit=5, offset=offset) == want, (words, offset)
        assert q.count_search(conn, words) == conn.execute(
            "SELECT count(*) FROM documents WHERE id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
            (q.fts_query(words),)).fetchone()[0]


def check_speakers(conn):
    """The speaker substring filter through speaker_strings: the quotes and totals of matching every quote."""
    few = q.FEW_QUOTES
    try:
        for q.FEW_QUOTES in (few, 3, 0):   # the strings' quotes read by index, or every quote's speaker matched
            for value in ("brigade", "DELTA", "gunmen", "spokes", "e", "élan", "ÉLAN", "nobody at all", "%", "_"):
                like = f"%{value.lower()}%"
                want = [r[0] for r in conn.execute(
                    "SELECT q.quote_id FROM quotes q JOIN documents d USING(doc_id) WHERE lower(q.speaker_name) LIKE ? "
                    "OR lower(q.speaker_text) LIKE ? ORDER BY d.published DESC, q.doc_id, q.idx", (like, like))]
                assert [r["quote_id"] for r in q.quotes(conn, speaker=value, limit=1000)] == want, value
                assert q.count_quotes(conn, speaker=value) == len(want)
                assert [r["quote_id"] for r in q.quotes(conn, speaker=value, limit=2, offset=1)] == want[1:3]
    finally:
        q.FEW_QUOTES = few
    strings = dict(conn.execute("SELECT value, n FROM speaker_strings WHERE n > 0").fetchall())
    assert strings == dict(conn.execute(
        "SELECT v, count(*) FROM (SELECT speaker_name v FROM quotes WHERE speaker_name IS NOT NULL UNION ALL "
        "SELECT speaker_text FROM quotes WHERE speaker_text IS NOT NULL) GROUP BY v").fetchall())


def check_views_equal_direct(conn):
    check_speakers(conn)
    check_country_views(conn)
    check_facet_maps(conn)
    check_search(conn)
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
        assert check_clusters(conn, q.EventFilter(), zoom)["clusters"], zoom
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


def crowded(n: int) -> list[Document]:
    """Reports whose events share a few map cells among several places each (names and coordinates independent of
    type, date and actors), so that a delete takes a place out of a cell that keeps others."""
    spots = [(15.6, 32.5), (15.7, 32.6), (-33.9, 18.4)]
    out = []
    for d in range(n):
        evs = []
        for i in range(4):
            k = d * 4 + i
            lat, lon = spots[(d + i) % len(spots)]
            place = Place(text=f"spot {k % 5}", name=None if k % 7 == 0 else f"Spot {k % 5}", lat=lat, lon=lon,
                          country=["SD", "IQ", None][(d + 2 * i) % 3])
            when = When(text="then", start=f"{2020 + (d + i) % 2}-0{1 + k % 9}-1{k % 10}", granularity="day")
            evs.append(Event(event_type=TYPES[(d * 3 + i) % len(TYPES)], sentence=f"Invented line {k}.", span=[0, 5],
                             actor=[person(k + d)], recipient=[person(k + 2 * d + 1)], location=place,
                             status="asserted", date=when, event_id=f"c{d}-e{i}"))
        out.append(Document(doc_id=f"crowd-{d}", text=f"Invented crowded report {d}.", published="2021-05-05",
                            events=evs))
    return out


def test_kept_cells_and_countries_follow_each_delete(tmp_path):
    """Documents removed one at a time: a place leaves a cell while others stay, a country key loses one of the
    mentions that give it, then its last one."""
    s = Store(tmp_path / "s.db")
    docs = crowded(24)
    s.write(docs)
    emptied = "SELECT count(*) FROM {0}_places p JOIN {0}_cells c USING({1}gx, gy) WHERE p.n = 0 AND c.n > 0"
    for d in docs[::2]:
        with s.transaction():
            s._delete(d.doc_id)
        check_facet_maps(s.conn)
        for zoom in (MAP_FACET_ZOOM, MAP_ZOOM):
            check_clusters(s.conn, q.EventFilter(), zoom)
        for kw, where in COUNTRY_FILTERS[:5]:
            assert q.count_events(s.conn, q.EventFilter(**kw)) == s.conn.execute(
                f"SELECT count(*) FROM events e WHERE {where}").fetchone()[0]
    # the deletes did take places out of cells that kept other places, in both grids
    assert s.conn.execute(emptied.format("map", "zoom, ")).fetchone()[0] > 0
    assert s.conn.execute(emptied.format("map_facet", "zoom, facet, ")).fetchone()[0] > 0
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
                  "actor_cube", "actor_totals", "map_facet_cells", "map_facet_places"):
        assert s.conn.execute(f"SELECT count(*) FROM {table} WHERE n <> 0").fetchone()[0] == 0, table
    for table in ("map_cells", "map_facet_cells"):
        assert s.conn.execute(f"SELECT count(*) FROM {table} WHERE places <> 0 OR lat <> 0 OR lon <> 0 OR "
                              + " OR ".join(f"q{i} <> 0" for i in range(len(q.QUADS)))).fetchone()[0] == 0
    assert s.conn.execute("SELECT count(*) FROM event_countries").fetchone()[0] == 0
    assert s.conn.execute("SELECT count(*) FROM speaker_strings WHERE n <> 0").fetchone()[0] == 0
    assert q.network(s.conn)["edges"] == [] and q.clusters(s.conn)["clusters"] == []
    s.close()


V7 = {"trigger": ["event_actors_strings_insert", "event_actors_strings_delete", "event_actors_actor_edges_insert",
                  "event_actors_actor_edges_delete", "event_actors_recipient_edges_insert",
                  "event_actors_recipient_edges_delete", "events_totals_insert", "events_totals_delete",
                  "event_actors_cube_insert", "event_actors_cube_delete", "events_map_insert", "events_map_delete"],
      "index": ["event_actors_by_name", "event_actors_by_text", "events_map_type", "events_map_day"],
      "table": ["actor_strings", "actor_edges", "actor_links", "edge_cube", "edge_totals", "event_totals", "actor_cube", "actor_totals",
                "map_zooms", "map_cells", "map_places"]}


V10 = {"table": ["fusion_keys"]}
V9 = {"trigger": ["quotes_speakers_insert", "quotes_speakers_delete"],
      "index": ["quotes_by_speaker_name", "quotes_by_speaker_text", "events_id_sort", "events_located"],
      "table": ["speaker_strings"]}
V8 = {"trigger": ["events_countries_insert", "events_countries_delete", "event_actors_countries_insert",
                  "event_actors_countries_delete", "events_facet_map_insert", "events_facet_map_delete"],
      "table": ["event_countries", "map_facet_cells", "map_facet_places"]}


def undo_schema(c: sqlite3.Connection, version: int):
    """Drop what the migrations past `version` add: the rows as a file of that version holds them."""
    for undo in [V10, V9, V8, V7][:10 - version]:
        for kind, names in undo.items():
            for name in names:
                c.execute(f"DROP {kind} {name}")
        if undo is V9:   # schema 5's index of located events
            c.execute("CREATE INDEX events_located ON events(lat, lon, quad) WHERE lat IS NOT NULL")
    c.execute(f"PRAGMA user_version={version}")


@pytest.mark.parametrize("version", [6, 7, 8, 9])
def test_store_migrates_an_older_file_to_the_kept_views(tmp_path, version):
    path = tmp_path / f"v{version}.db"
    with Store(path) as s:
        s.write(documents(0))
    c = sqlite3.connect(path, isolation_level=None)
    undo_schema(c, version)
    assert bool(c.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'speaker_strings%'").fetchone()[0]) == \
        (version == 9)
    assert bool(c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'event_countries'").fetchone()[0]) == \
        (version >= 8)
    assert bool(c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'map_cells'").fetchone()[0]) == \
        (version >= 7)
    c.close()
    s = Store(path)
    assert s.version == SCHEMA_VERSION == 10
    assert s.conn.execute("SELECT count(*) FROM fusion_keys").fetchone()[0] == 0   # migration 10: an empty table
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
