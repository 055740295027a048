"""Issue 14: every view's numbers against a direct count over a real store; the list envelope, streamed
exports, the ACLED profile and typed Parquet against a real uvicorn server and a real SQLite file.

The store holds invented reports written straight as records (no parse needed): 130 documents from two
outlets, 1,300 events (more than one API page cap), actors shared across outlets, half the events without
a date of their own, some located on a town and some only on a country.
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys

import httpx
import pytest

from sitroom import acled
from sitroom.query import MAX_LIMIT, EventFilter, cell_degrees, clusters, facets, network
from sitroom.records import Counts, Document, Entity, Event, Place, Trigger, When
from sitroom.store import Store
from sitroom.web import demo

ACTORS = [("Northern army", "NRA", "MIL"), ("Hill rebels", None, "REB"), ("Relief agency", None, "NGO"),
          ("Villagers", None, "CVL"), ("River police", "RVR", "COP")]
TOWNS = [("Port Alder", "SD", 15.6, 32.5, "PPL"), ("Cedar Ford", "IQ", 36.3, 43.1, "PPLA"),
         ("Sudan", "SD", 15.0, 30.0, "PCLI"), ("Iraq", "IQ", 33.0, 44.0, "PCLI"), ("Lake Province", "SD", 13.2, 30.2, "ADM1")]
TYPES = ["ASSAULT", "PROTEST", "REQUEST", "AID", "ACCUSE"]
N_DOCS, PER_DOC = 130, 10


def invented_documents() -> list[Document]:
    docs = []
    for d in range(N_DOCS):
        text = f"Report {d}. " + " ".join(f"Sentence {i} of an invented report about a clash." for i in range(PER_DOC))
        month = 1 + d % 12
        published = f"{2020 + d % 3}-{month:02}-{1 + d % 27:02}"
        evs = []
        for i in range(PER_DOC):
            k = d * PER_DOC + i
            a, r = ACTORS[k % 5], ACTORS[(k + 1 + k // 5 % 3) % 5]
            town = TOWNS[k % 5] if k % 7 else None
            dated = k % 2 == 0
            evs.append(Event(
                event_id=f"v{d:03}-{i}", event_type=TYPES[k % 5], sentence=f"Sentence {i} of an invented report.",
                span=[0, 10], mode=["aerial"] if k % 11 == 0 else [], trigger=Trigger(text="clash", span=[0, 5]),
                actor=[Entity(text=a[0], name=a[0], country=a[1], agent=a[2])] +
                      ([Entity(text="Hill rebels", name="Hill rebels", agent="REB")] if k % 13 == 0 and a[0] != "Hill rebels" else []),
                recipient=[Entity(text=r[0], name=r[0], country=r[1], agent=r[2])],
                location=Place(text=town[0], name=town[0], country=town[1], lat=town[2] + (k % 3) * 0.01,
                               lon=town[3], feature=town[4]) if town else None,
                date=When(text="on Monday", start=f"2021-{1 + k % 12:02}-{1 + k % 28:02}",
                          end=f"2021-{1 + k % 12:02}-{1 + k % 28:02}", granularity="day") if dated else None,
                counts=Counts(killed=k % 4 or None)))
        docs.append(Document(doc_id=f"inv-{d:03}", text=text, title=f"Invented report {d}",
                             source="Outlet A" if d % 2 else "Outlet B", published=published, events=evs))
    return docs


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("views") / "views.db"
    with Store(path) as s:
        s.write(invented_documents())
    return path


@pytest.fixture(scope="module")
def conn(db):
    c = sqlite3.connect(db)
    c.row_factory = sqlite3.Row
    yield c
    c.close()


@pytest.fixture(scope="module")
def url(db):
    with demo.serve(db) as u:
        yield u


def one(conn, sql, *params):
    return conn.execute(sql, params).fetchone()[0]


# -- aggregates against direct counts --------------------------------------------------------------------
def test_network_edges_are_per_actor_pair_not_per_outlet(conn):
    net = network(conn, EventFilter(), limit=1000)
    assert net["total_edges"] == len(net["edges"]) > 5
    for e in net["edges"]:
        n = one(conn, "SELECT count(DISTINCT a.event_id) FROM event_actors a JOIN event_actors r "
                      "ON r.event_id = a.event_id AND r.role='recipient' AND r.name = ? "
                      "WHERE a.role='actor' AND a.name = ?", e["target"], e["source"])
        assert e["weight"] == n, e
    # the edges hold every actor -> recipient pair of the store (two outlets did not merge them)
    pairs = {(r[0], r[1]) for r in conn.execute(
        "SELECT DISTINCT a.name, r.name FROM event_actors a JOIN event_actors r ON r.event_id = a.event_id "
        "AND r.role='recipient' WHERE a.role='actor' AND a.name <> r.name")}
    assert {(e["source"], e["target"]) for e in net["edges"]} == pairs


def test_facets_match_direct_counts(conn):
    f = facets(conn, EventFilter(type="ASSAULT,PROTEST"), limit=50)
    for row in f["type"]:
        assert row["n"] == one(conn, "SELECT count(*) FROM events WHERE event_type = ?", row["value"])
    for row in f["actor"]:
        assert row["n"] == one(conn, "SELECT count(DISTINCT a.event_id) FROM event_actors a JOIN events e USING(event_id) "
                                     "WHERE a.role='actor' AND a.name = ? AND e.event_type IN ('ASSAULT','PROTEST')",
                               row["value"])
    for row in f["country"]:
        assert row["n"] == one(conn, "SELECT count(*) FROM events WHERE country = ? AND event_type IN "
                                     "('ASSAULT','PROTEST')", row["value"])


def test_timeline_buckets_agree_with_the_date_filters(url, conn):
    rows = httpx.get(url + "/api/timeline", params={"bucket": "month"}).json()["items"]
    assert sum(r["n"] for r in rows) == one(conn, "SELECT count(*) FROM events") == N_DOCS * PER_DOC
    assert sum(r["reported"] for r in rows) == one(conn, "SELECT count(*) FROM events WHERE date_start IS NULL") > 0
    by_month: dict = {}
    for r in rows:
        by_month[r["period"]] = by_month.get(r["period"], 0) + r["n"]
    for period, n in list(by_month.items())[:12]:
        page = httpx.get(url + "/api/events", params={"date_from": period, "date_to": period, "limit": 1}).json()
        assert page["total"] == n, period   # a bar's count is what clicking it lists


def test_undated_events_take_the_publication_date_marked_reported(url, conn):
    items = httpx.get(url + "/api/events", params={"doc_id": "inv-003", "sort": "doc"}).json()["items"]
    pub = one(conn, "SELECT published FROM documents WHERE doc_id='inv-003'")
    for e in items:
        stored = one(conn, "SELECT date_start FROM events WHERE event_id = ?", e["event_id"])
        if stored is None:
            assert (e["date"], e["time_precision"], e["date_precision"]) == (pub, "reported", None)
        else:
            assert (e["date"], e["time_precision"]) == (stored, "day")


def test_map_clusters_hold_every_located_event_at_every_zoom(url, conn):
    located = one(conn, "SELECT count(*) FROM events WHERE lat IS NOT NULL")
    assert located > MAX_LIMIT
    for zoom in (0, 2, 5, 9):
        body = httpx.get(url + "/api/map/clusters", params={"zoom": zoom}).json()
        assert body["located"] == sum(c["n"] for c in body["clusters"]) == located
        assert body["total"] == N_DOCS * PER_DOC and body["cell_degrees"] == cell_degrees(zoom)
    fine = clusters(conn, EventFilter(), zoom=9)["clusters"]
    assert len(fine) > len(clusters(conn, EventFilter(), zoom=0)["clusters"])
    c = fine[0]   # a cluster's bbox lists exactly its events
    assert httpx.get(url + "/api/events", params={"bbox": ",".join(map(str, c["bbox"])), "limit": 1}).json()["total"] == c["n"]
    assert httpx.get(url + "/api/events", params={"bbox": "10,20,5"}).status_code == 422


def test_geo_precision_is_derived_from_the_feature(url):
    items = httpx.get(url + "/api/events", params={"limit": 50, "sort": "doc"}).json()["items"]
    seen = {(e["feature"], e["geo_precision"]) for e in items}
    assert {("PCLI", "country"), ("PPL", "place"), ("PPLA", "place"), ("ADM1", "admin1"), (None, None)} <= seen


# -- the envelope and the schema --------------------------------------------------------------------------
@pytest.mark.parametrize("route,params", [("/api/events", {"limit": 400}), ("/api/documents", {"limit": 50}),
                                          ("/api/quotes", {}), ("/api/actors", {"limit": 2}),
                                          ("/api/search", {"q": "invented", "limit": 40}),
                                          ("/api/timeline", {"bucket": "year"})])
def test_every_list_is_one_envelope_and_next_walks_all_of_it(url, route, params):
    body = httpx.get(url + route, params=params).json()
    assert set(body) == {"items", "total", "next"}
    seen = list(body["items"])
    while body["next"]:
        body = httpx.get(body["next"]).json()
        seen += body["items"]
    assert len(seen) == body["total"]
    if route == "/api/events":
        assert len({e["event_id"] for e in seen}) == N_DOCS * PER_DOC


def test_openapi_describes_response_bodies_and_docs_work_offline(url):
    spec = httpx.get(url + "/openapi.json").json()
    for path in ("/api/events", "/api/documents", "/api/quotes", "/api/actors", "/api/search", "/api/timeline",
                 "/api/network", "/api/map/clusters", "/api/events/facets"):
        schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in schema, path
    page = spec["components"]["schemas"]["Page_EventRow_"]
    assert set(page["properties"]) == {"items", "total", "next"}
    assert "time_precision" in spec["components"]["schemas"]["EventRow"]["properties"]
    html = httpx.get(url + "/docs")
    if html.status_code == 503:
        pytest.skip("swagger-ui-dist not installed (make web)")
    assert "cdn" not in html.text.lower() and "vendor/swagger-ui/swagger-ui-bundle.js" in html.text
    js = httpx.get(url + "/vendor/swagger-ui/swagger-ui-bundle.js")
    assert js.status_code == 200 and len(js.content) > 100_000


# -- exports -------------------------------------------------------------------------------------------------
def test_export_streams_the_whole_selection(url, conn):
    with httpx.stream("GET", url + "/api/export", params={"format": "csv"}) as r:
        assert r.headers["content-type"].startswith("text/csv") and "content-length" not in r.headers
        text = "".join(r.iter_text())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == N_DOCS * PER_DOC > MAX_LIMIT
    gj = httpx.get(url + "/api/export", params={"format": "geojson", "type": "ASSAULT"}).json()
    assert len(gj["features"]) == one(conn, "SELECT count(*) FROM events WHERE lat IS NOT NULL AND event_type='ASSAULT'")
    lines = httpx.get(url + "/api/export", params={"format": "jsonl", "profile": "acled"}).text.splitlines()
    assert len(lines) == N_DOCS * PER_DOC and set(json.loads(lines[0])) == set(acled.COLUMNS)


def test_acled_profile_columns_and_codes(url):
    text = httpx.get(url + "/api/export", params={"format": "csv", "profile": "acled", "doc_id": "inv-000"}).text
    assert text.splitlines()[0].split(",") == acled.COLUMNS
    text = httpx.get(url + "/api/export", params={"format": "csv", "profile": "acled"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    by_id = {r["event_id_cnty"]: r for r in rows}
    remote = by_id["v000-0"]   # k=0: Northern army (MIL) -> Hill rebels (REB), ASSAULT in the aerial mode, no place
    assert (remote["event_type"], remote["inter1"], remote["inter2"], remote["interaction"], remote["iso"]) == \
        ("Explosions/Remote violence", "1", "2", "12", "")
    civ = by_id["v001-0"]   # k=10: Northern army -> Villagers (CVL), ASSAULT at a town in Sudan, dated
    assert (civ["event_type"], civ["interaction"], civ["civilian_targeting"]) == \
        ("Violence against civilians", "17", "Civilian targeting")
    assert (civ["iso"], civ["country"], civ["region"], civ["geo_precision"]) == ("729", "Sudan", "Northern Africa", "1")
    assert civ["year"] == "2021" and civ["time_precision"] == "1" and civ["timestamp"].isdigit()
    assert civ["actor1"] == "Northern army" and civ["actor2"] == "Villagers"
    reported = by_id["v000-1"]   # k=1: no date of its own, located on a town in Iraq
    assert reported["time_precision"] == "3" and "time_precision=reported" in reported["tags"]
    assert (reported["event_date"], reported["region"]) == ("2020-01-01", "Middle East")
    country_only = by_id["v000-2"]   # k=2: the centroid of Sudan
    assert country_only["geo_precision"] == "3" and "geo_precision=country" in country_only["tags"]
    assoc = by_id["v001-3"]   # k=13: a second actor goes to assoc_actor_1
    assert assoc["assoc_actor_1"] == "Hill rebels" and assoc["actor1"] != "Hill rebels"
    assert all(r["civilian_targeting"] == "" or r["actor2"] == "Villagers" for r in rows)


def test_parquet_is_typed(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa
    from sitroom.export import export
    with Store(db, read_only=True) as s:
        n = export(s, "parquet", tmp_path / "e.parquet")
        na = export(s, "parquet", tmp_path / "a.parquet", profile="acled")
    assert n == na == N_DOCS * PER_DOC
    t = pq.read_table(tmp_path / "e.parquet")
    assert t.schema.field("date").type == pa.date32() and t.schema.field("published").type == pa.date32()
    assert t.schema.field("actor").type == pa.list_(pa.string()) and t.schema.field("killed").type == pa.int64()
    assert t.schema.field("lat").type == pa.float64()
    multi = [a for a in t.column("actor").to_pylist() if len(a) > 1]
    assert multi and all("Hill rebels" in a for a in multi)   # several actors stay several values
    a = pq.read_table(tmp_path / "a.parquet")
    assert a.schema.field("event_date").type == pa.date32() and a.schema.field("iso").type == pa.int64()
    assert a.num_rows == N_DOCS * PER_DOC


def test_cli_lists_more_than_a_page_and_says_how_many_match(db):
    p = subprocess.run([sys.executable, "-m", "sitroom.cli", "events", "--db", str(db), "--limit", "5000",
                        "--format", "json"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and len(json.loads(p.stdout)) == N_DOCS * PER_DOC
    p = subprocess.run([sys.executable, "-m", "sitroom.cli", "events", "--db", str(db), "--limit", "7",
                        "--format", "csv"], capture_output=True, text=True, timeout=120)
    assert len(p.stdout.splitlines()) == 8 and f"showing 7 of {N_DOCS * PER_DOC} events" in p.stderr
