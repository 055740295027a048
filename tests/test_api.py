"""The workbench API over a real SQLite store, served by uvicorn on a free localhost port."""
from __future__ import annotations

import json

import csv
import io
from pathlib import Path

import httpx
import pytest

from sitroom.query import MAX_LIMIT
from sitroom.web import demo

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample_corpus" / "briefs.jsonl"


@pytest.fixture(scope="session")
def store_path(tmp_path_factory):
    """A store built from the hand-annotated demo reports plus the sample corpus when it exists."""
    return demo.build(tmp_path_factory.mktemp("api") / "workbench.db", SAMPLE if SAMPLE.exists() else None)


@pytest.fixture(scope="session")
def api(store_path):
    with demo.serve(store_path) as url:
        with httpx.Client(base_url=url, timeout=10) as client:
            yield client


def test_api_summary_counts_what_the_store_holds(api):
    s = api.get("/api/summary").json()
    assert s["documents"] >= len(demo.REPORTS)
    assert s["events"] >= 16 and s["events_by_type"]["ASSAULT"] >= 5


def test_api_openapi_lists_every_endpoint(api):
    paths = api.get("/openapi.json").json()["paths"]
    for p in ("/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/events/facets", "/api/actors",
              "/api/network", "/api/places", "/api/quotes", "/api/timeline", "/api/search", "/api/summary"):
        assert p in paths


def test_api_documents_list_pages_with_total(api):
    r = api.get("/api/documents", params={"limit": 2, "offset": 1}).json()
    assert r["total"] >= len(demo.REPORTS) and len(r["items"]) == 2
    assert {"doc_id", "title", "published", "n_events"} <= set(r["items"][0])
    found = api.get("/api/documents", params={"text": "Khartoum"}).json()
    assert [d["doc_id"] for d in found["items"]] == ["demo-khartoum"]


def test_api_document_has_records_with_spans_into_its_text(api):
    d = api.get("/api/documents/demo-mosul").json()
    text = d["text"]
    assert len(d["events"]) == 3 and d["quotes"] and d["places"] and d["dates"]
    ev = d["events"][0]
    assert text[ev["span"][0]:ev["span"][1]] == ev["sentence"]
    assert text[slice(*ev["trigger"]["span"])] == "attacked"
    q = d["quotes"][0]
    assert text[slice(*q["span"])] == q["quote"]
    assert all(text[slice(*p["span"])] == p["text"] for p in d["places"])


def test_api_unknown_document_is_404(api):
    r = api.get("/api/documents/no-such-doc")
    assert r.status_code == 404 and "no-such-doc" in r.json()["detail"]


def test_api_events_filter_by_type_status_actor_country_and_dates(api):
    get = lambda **p: api.get("/api/events", params=p).json()  # noqa: E731
    assault = get(type="ASSAULT")
    assert assault["total"] >= 5 and all(e["event_type"] == "ASSAULT" for e in assault["items"])
    assert [e["event_type"] for e in get(status="negated", doc_id="demo-mogadishu")["items"]] == ["COERCE"]
    by_recipient = get(recipient="rapid support")["items"]
    assert "demo-khartoum" in {e["doc_id"] for e in by_recipient}
    assert all("rapid support" in json.dumps(e["recipient"]).lower() for e in by_recipient)
    by_country = get(country="SD")["items"]
    assert "demo-khartoum" in {e["doc_id"] for e in by_country}
    assert all("SD" in json.dumps(e).upper() for e in by_country)
    in_2017 = get(date_from="2017-01-01", date_to="2017-12-31", doc_id="demo-mosul")
    # an event without a date of its own counts at its publication date, marked "reported" (issue 14)
    assert [(e["date"], e["time_precision"]) for e in in_2017["items"]] == [
        ("2017-07-02", "day"), ("2017-07-03", "reported"), ("2017-07-03", "reported")]
    assert get(date_from="2030-01-01")["total"] == 0
    assert get(place="kharkiv", type="assault")["items"][0]["killed"] == 3


def test_api_events_sort_and_paginate(api):
    killed = api.get("/api/events", params={"sort": "killed", "descending": True, "limit": 2}).json()
    assert killed["items"][0]["killed"] >= killed["items"][1]["killed"] or killed["items"][1]["killed"] is None
    total = killed["total"]
    pages = [api.get("/api/events", params={"limit": 5, "offset": o}).json()["items"] for o in range(0, total, 5)]
    ids = [e["event_id"] for p in pages for e in p]
    assert len(ids) == total == len(set(ids))


def test_api_events_as_csv(api):
    r = api.get("/api/events", params={"format": "csv", "type": "PROTEST"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and all(row["event_type"] == "PROTEST" for row in rows)
    assert "sentence" in rows[0] and "lat" in rows[0]


def test_api_facets_count_matching_events(api):
    f = api.get("/api/events/facets", params={"type": "ASSAULT"}).json()
    assert f["type"] == [{"value": "ASSAULT", "n": f["total"]}]
    assert {"status", "actor", "country", "quad"} <= set(f)
    assert any(a["value"] == "Islamic State" for a in f["actor"])


def test_api_actors_and_network_carry_weights_and_quads(api):
    actors = {a["name"]: a for a in api.get("/api/actors").json()["items"]}
    assert actors["Syrian government"]["events"] >= 2
    net = api.get("/api/network").json()
    ids = {n["id"] for n in net["nodes"]}
    edge = next(e for e in net["edges"] if e["source"] == "Iraqi army" and e["target"] == "Islamic State")
    assert edge["weight"] >= 1 and edge["quad"] == "material conflict"
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])


def test_api_places_are_geojson_points_of_located_events(api):
    r = api.get("/api/places", params={"country": "IQ"})
    gj = r.json()
    assert r.headers["content-type"].startswith("application/geo+json")
    assert gj["type"] == "FeatureCollection" and gj["features"]
    for feat in gj["features"]:
        lon, lat = feat["geometry"]["coordinates"]
        assert 40 < lon < 50 and 30 < lat < 40 and feat["properties"]["country"] == "IQ"


def test_api_quotes_by_speaker_and_words(api):
    by_speaker = api.get("/api/quotes", params={"speaker": "idris"}).json()["items"]
    assert [q["doc_id"] for q in by_speaker] == ["demo-khartoum"]
    by_words = api.get("/api/quotes", params={"text": "sovereignty"}).json()["items"]
    assert by_words and "sovereignty" in by_words[0]["quote"]


def test_api_timeline_buckets_by_period_and_type(api):
    months = api.get("/api/timeline", params={"bucket": "month", "doc_id": "demo-mosul"}).json()["items"]
    assert {(r["period"], r["event_type"]) for r in months} <= {("2017-07", "ASSAULT"), ("2017-07", "REQUEST")}
    assert sum(r["n"] for r in months) == 3
    days = api.get("/api/timeline", params={"bucket": "day", "type": "PROTEST"}).json()["items"]
    assert any(r["period"] == "2023-05-03" for r in days)
    assert api.get("/api/timeline", params={"bucket": "decade"}).status_code == 422


def test_api_search_finds_documents_with_snippets(api):
    hits = api.get("/api/search", params={"q": "power station"}).json()["items"]
    assert hits[0]["doc_id"] == "demo-kharkiv" and "[" in hits[0]["snippet"]
    assert api.get("/api/search", params={"q": "\"*)( OR NEAR"}).status_code == 200


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": MAX_LIMIT + 1}, {"offset": -1},
                                    {"date_from": "last week"}, {"sort": "random()"}, {"format": "xml"},
                                    {"type": "ASSAULT'; DROP TABLE events; --"}, {"actor": "x" * 5000}])
def test_api_rejects_bad_parameters_with_422(api, params):
    assert api.get("/api/events", params=params).status_code == 422


def test_api_odd_text_is_bound_not_executed(api):
    for value in ("' OR 1=1 --", "\\", "\"", "😀", "<b>"):
        r = api.get("/api/events", params={"actor": value, "text": value, "place": value})
        assert r.status_code == 200 and r.json()["total"] == 0
    assert api.get("/api/events", params={"text": "a\u0000b"}).status_code == 422
    assert api.get("/api/summary").json()["events"] >= 16


def test_api_document_text_with_markup_comes_back_verbatim(api):
    d = api.get("/api/documents/demo-markup").json()
    assert "<script>alert(1)</script>" in d["text"]


def test_api_slow_query_is_stopped_with_503(store_path):
    with demo.serve(store_path, query_timeout=0) as url:
        r = httpx.get(url + "/api/events", params={"limit": 1000}, timeout=10)
    assert r.status_code == 503 and "stopped" in r.json()["detail"]


def test_api_store_is_opened_read_only(store_path):
    from sitroom.api import create_app
    with pytest.raises(Exception):
        create_app(store_path.with_name("missing.db"))
    assert not store_path.with_name("missing.db").exists()
