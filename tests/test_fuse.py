"""Cross-source fusion (issue 13) on invented reports read by the real pipeline into a real SQLite store:
three outlets report one market bombing with different tolls, one of them adds a war's cumulative toll, and an
unrelated protest happens the same day. Clustering, the spread of figures, cumulative tolls kept out, stable
ids, incremental fusion equal to fusing at once, the API on a real localhost server, the CLI, the exports and
the workbench's Incidents tab in headless Chromium."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from sitroom import fuse as F
from sitroom.fuse import blocking, mentions
from sitroom.records import stable_id
from sitroom.store import Store
from sitroom.web import demo

ROOT = Path(__file__).resolve().parents[1]

# (doc_id, source, published, title, text): invented reports, no sentence of any corpus
REPORTS = [
    ("wire-1", "Wire One", "2021-05-04", "Market bombing",
     "A car bomb exploded at a crowded market in Kirkuk on Monday, killing 24 people, police said. "
     "The blast destroyed dozens of stalls. Nobody claimed the attack."),
    ("daily-2", "Daily Two", "2021-05-04", "Kirkuk blast",
     "At least 31 people were killed when a car bomb exploded in a crowded market in Kirkuk on Monday. "
     "\"We will find those responsible,\" said Governor Rakan Saeed. Hospitals asked for blood donations."),
    ("radio-3", "Radio Three", "2021-05-05", "Toll rises",
     "The car bomb that exploded in a Kirkuk market on Monday killed 40 people, officials said on Tuesday. "
     "The war has killed more than 4,000 people in the province since 2014. "
     "\"The bombers wanted to kill as many shoppers as possible,\" said police chief Omar Jaber."),
    ("wire-4", "Wire One", "2021-05-04", "Fuel protest",
     "Thousands of protesters marched through Nairobi on Tuesday to demand lower fuel prices. "
     "Police fired tear gas at the crowd."),
]


@pytest.fixture(scope="module")
def docs(nlp):
    import sitroom
    return [sitroom.extract(text, published=pub, source=src, doc_id=d, title=t) for d, src, pub, t, text in REPORTS]


def _store(path, docs):
    s = Store(path)
    s.write(docs)
    return s


def _event(store, doc_id, words):
    rows = [e for e in store.events(doc_id=doc_id, limit=None) if words in e["sentence"]]
    assert rows, (doc_id, words)
    return rows[0]


def _assignment(store) -> dict:
    return {r["event_id"]: r["incident_id"] for r in store.conn.execute("SELECT event_id, incident_id FROM events")}


@pytest.fixture(scope="module")
def fused(docs, tmp_path_factory):
    s = _store(tmp_path_factory.mktemp("fuse") / "fused.db", docs)
    report = F.fuse(s)
    assert report.full and report.events == s.counts()["events"]
    yield s
    s.close()


def test_three_reports_of_one_bombing_are_one_incident_with_their_spread(fused):
    toll = {d: _event(fused, d, w) for d, w in (("wire-1", "killing 24"), ("daily-2", "31 people"),
                                                ("radio-3", "killed 40"))}
    ids = {e["incident_id"] for e in toll.values()}
    assert len(ids) == 1 and None not in ids
    inc = fused.incident(ids.pop())
    assert inc["n_documents"] >= 3 and inc["n_sources"] == 3
    assert inc["event_type"] == "ASSAULT" and inc["location"] == "Kirkuk"
    assert (inc["killed_min"], inc["killed_max"]) == (24, 40)
    assert inc["figures"]["killed"]["by_source"] == {"Daily Two": [31], "Radio Three": [40], "Wire One": [24]}
    assert inc["first_report"] == "2021-05-04" and inc["last_report"] == "2021-05-05"
    # every member event carries the spread, in the record contract's output (what score_fusion.py reads)
    doc = fused.document("daily-2").as_dict()
    ev = next(e for e in doc["events"] if e["event_id"] == toll["daily-2"]["event_id"])
    assert ev["incident_id"] == inc["incident_id"]
    assert ev["incident"]["killed"] == {"min": 24, "max": 40}


def test_cumulative_toll_is_marked_and_never_in_the_spread(fused):
    war = _event(fused, "radio-3", "since 2014")
    assert war["killed"] == 4000
    bombing = fused.incident(_event(fused, "radio-3", "killed 40")["incident_id"])
    assert war["incident_id"] != bombing["incident_id"]
    assert 4000 not in [v for vals in bombing["figures"]["killed"]["by_source"].values() for v in vals]
    alone = fused.incident(war["incident_id"])
    assert alone["cumulative"] and alone["mentions"] == 1
    assert alone["killed_max"] is None and alone["figures"]["killed"]["cumulative"] == {"Radio Three": [4000]}
    assert [e["cumulative"] for e in alone["events"]] == [True]
    out = next(e for e in fused.document("radio-3").as_dict()["events"] if e["event_id"] == war["event_id"])
    assert out["incident"]["cumulative"] is True and "killed" not in out["incident"]


def test_unrelated_event_the_same_day_stays_apart(fused):
    protest = _event(fused, "wire-4", "protesters marched")
    tear_gas = _event(fused, "wire-4", "tear gas")     # an ASSAULT too, by police, the same day
    bombing = _event(fused, "wire-1", "killing 24")
    assert protest["incident_id"] != bombing["incident_id"] != tear_gas["incident_id"]
    assert fused.incident(protest["incident_id"])["mentions"] == 1
    assert "wire-4" not in {d["doc_id"] for d in fused.incident(bombing["incident_id"])["documents"]}


@pytest.mark.parametrize("sentence,cumulative", [
    ("The war has killed 400,000 people since 2011.", True),
    ("So far this year 120 civilians have died in the region.", True),
    ("In total, 75 soldiers have been lost in the campaign.", True),
    ("A sincere apology followed the raid that killed 12 on Monday.", False),
    ("Rebels killed nine guards at the border post on Friday.", False),
])
def test_cumulative_cues_match_whole_words(sentence, cumulative):
    assert mentions.is_cumulative(sentence) is cumulative


def test_fusing_again_changes_nothing_and_ids_hash_the_earliest_member(fused):
    before = _assignment(fused)
    again = F.fuse(fused)
    assert not again.full and again.considered == 0 and again.written == 0
    assert _assignment(fused) == before
    F.fuse(fused, incremental=False)
    assert _assignment(fused) == before
    for inc in fused.incidents(min_mentions=1, limit=None):
        first = fused.conn.execute(
            "SELECT e.event_id FROM events e JOIN documents d USING(doc_id) WHERE e.incident_id=? "
            "ORDER BY d.published, d.doc_id, e.idx LIMIT 1", (inc["incident_id"],)).fetchone()[0]
        assert inc["incident_id"] == "inc-" + stable_id("incident", first)


def test_incremental_fusion_equals_fusing_everything_at_once(docs, fused, tmp_path):
    s = _store(tmp_path / "incremental.db", docs[:1])
    F.fuse(s)
    for d in docs[1:]:               # one new document at a time, each fused as it comes
        s.write([d])
        report = F.fuse(s)
        assert not report.full and 0 < report.considered <= report.events
    assert _assignment(s) == _assignment(fused)
    rows = lambda st: sorted((r["incident_id"], r["mentions"], r["killed_min"], r["killed_max"])  # noqa: E731
                             for r in st.incidents(min_mentions=1, limit=None))
    assert rows(s) == rows(fused)
    # a document read again (replaced) leaves no stale members behind
    s.write([docs[1]])
    F.fuse(s)
    assert _assignment(s) == _assignment(fused)
    assert rows(s) == rows(fused)
    s.close()


# a second batch of invented reports: one of the bombing published the evening before the others (it sorts
# first in the canonical order and becomes the incident's earliest report), one of an arrest after it, and an
# unrelated flood far away
LATER = [
    ("evening-5", "Evening Five", "2021-05-03", "Market blast",
     "A car bomb tore through a busy market in Kirkuk on Monday, killing at least 20 people, police said."),
    ("gazette-6", "Gazette Six", "2021-05-06", "Arrests",
     "Police arrested three men in Kirkuk on Wednesday over the car bomb that killed 40 people in the market."),
    ("coast-7", "Coast Seven", "2021-05-05", "Floods",
     "Floods swept away hundreds of homes in Mombasa on Wednesday, the Red Cross said."),
]


def _incidents(st) -> list:
    return sorted((r["incident_id"], r["mentions"], r["killed_min"], r["killed_max"], r["n_sources"])
                  for r in st.incidents(min_mentions=1, limit=None))


def test_incremental_batches_deletions_and_rewrites_equal_fusing_at_once(nlp, docs, tmp_path):
    import sitroom
    later = [sitroom.extract(text, published=pub, source=src, doc_id=d, title=t) for d, src, pub, t, text in LATER]
    step = _store(tmp_path / "step.db", docs)          # batch A fused, then batch B fused incrementally
    F.fuse(step)
    bombing = _event(step, "wire-1", "killing 24")["incident_id"]
    protest = {r["event_id"]: r["incident_id"] for r in step.events(doc_id="wire-4", limit=None)}
    step.write(later)
    report = F.fuse(step)
    assert not report.full and 0 < report.considered < report.events
    once = _store(tmp_path / "once.db", docs + later)  # A and B fused at once
    F.fuse(once)
    assert _assignment(step) == _assignment(once) and _incidents(step) == _incidents(once)
    # the bombing's reports are one incident, now named after the earlier report; the protest was not touched
    ids = {_event(step, d, w)["incident_id"] for d, w in (("evening-5", "at least 20"), ("wire-1", "killing 24"),
                                                          ("radio-3", "killed 40"))}
    assert len(ids) == 1 and ids != {bombing}
    assert step.incident(ids.pop())["killed_min"] == 20
    assert {r["event_id"]: r["incident_id"] for r in step.events(doc_id="wire-4", limit=None)} == protest
    # the store keeps the blocking keys of every fused event (how the next batch finds its candidates)
    assert step.conn.execute("SELECT count(DISTINCT event_id) FROM fusion_keys").fetchone()[0] > report.considered
    # a document removed: its events leave their incidents, the others are placed again
    assert step.delete(["evening-5"]) == once.delete(["evening-5"]) == 1
    report = F.fuse(step)
    assert not report.full and report.considered < report.events
    F.fuse(once, incremental=False)
    assert _assignment(step) == _assignment(once) and _incidents(step) == _incidents(once)
    assert step.conn.execute("SELECT count(*) FROM fusion_keys WHERE doc_id='evening-5'").fetchone()[0] == 0
    # a document read again with another text (a corrected toll) replaces its events and their places
    fixed = dict((d, (src, pub, t, text)) for d, src, pub, t, text in REPORTS)["radio-3"]
    radio = sitroom.extract(fixed[3].replace("killed 40", "killed 41"), published=fixed[1], source=fixed[0],
                            doc_id="radio-3", title=fixed[2])
    step.write([radio])
    once.write([radio])
    report = F.fuse(step)
    assert not report.full
    F.fuse(once, incremental=False)
    assert _assignment(step) == _assignment(once) and _incidents(step) == _incidents(once)
    assert step.incident(_event(step, "radio-3", "killed 41")["incident_id"])["killed_max"] == 41
    step.close()
    once.close()


def test_blocking_never_compares_all_pairs(fused):
    ms = mentions.load(fused.conn).mentions
    pairs = list(blocking.Index(ms).pairs())
    n = len(ms)
    assert 0 < len(pairs) < n * (n - 1) // 2
    by = {m.order: m for m in ms}
    for i, j in pairs:   # same family, overlapping dates, no cumulative toll
        a, b = by[i], by[j]
        assert a.family == b.family and a.lo <= b.hi and b.lo <= a.hi and not (a.cumulative or b.cumulative)


def test_a_day_carried_from_an_earlier_sentence_is_no_evidence_of_its_own(fused):
    """The reader dates "The blast destroyed ..." by the Monday of the sentence before: blocking still holds it
    to that day's window, but two reports do not count as one for sharing a day neither of them states."""
    ms = [m for m in mentions.load(fused.conn).mentions if m.doc_id == "wire-1" and m.date_start]
    told = [m for m in ms if "Monday" in m.sentence]
    carried = [m for m in ms if "Monday" not in m.sentence]
    assert told and carried
    assert all(m.day is not None for m in told) and all(m.day is None for m in carried)
    assert {(m.lo, m.hi) for m in carried} == {(told[0].lo, told[0].hi)}


@pytest.fixture(scope="module")
def served(fused):
    fused.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with demo.serve(fused.path) as url:
        yield url


def test_api_incidents_page_filters_and_detail(served):
    with httpx.Client(base_url=served, timeout=10) as api:
        listing = api.get("/api/incidents").json()
        assert set(listing) == {"items", "total", "next"} and listing["total"] == len(listing["items"]) >= 1
        top = listing["items"][0]
        assert top["mentions"] >= 3 and top["killed_min"] == 24 and top["killed_max"] == 40
        assert api.get("/api/incidents", params={"type": "PROTEST"}).json()["total"] == 0
        assert api.get("/api/incidents", params={"place": "Kirkuk", "min_mentions": 1}).json()["total"] >= 1
        one = api.get("/api/incidents", params={"limit": 1, "min_mentions": 1}).json()
        assert len(one["items"]) == 1 and one["next"] and "offset=1" in one["next"]
        detail = api.get(f"/api/incidents/{top['incident_id']}").json()
        assert {d["doc_id"] for d in detail["documents"]} >= {"wire-1", "daily-2", "radio-3"}
        assert all(e["sentence"] and e["incident_id"] == top["incident_id"] for e in detail["events"])
        speakers = {c["speaker"] for c in detail["claims"]}
        assert {"Rakan Saeed", "Omar Jaber"} <= {s for s in speakers if s}
        assert api.get("/api/incidents/inc-none").status_code == 404
        assert api.get("/api/incidents", params={"sort": "random()"}).status_code == 422
        events = api.get("/api/events", params={"incident_id": top["incident_id"]}).json()
        assert events["total"] == top["mentions"]
        paths = api.get("/openapi.json").json()["paths"]
        assert "/api/incidents" in paths and "/api/incidents/{incident_id}" in paths


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "sitroom.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    src = d / "reports.jsonl"
    src.write_text("".join(json.dumps({"doc_id": i, "source": s, "published": p, "title": t, "text": x}) + "\n"
                           for i, s, p, t, x in REPORTS), encoding="utf-8")
    r = _cli("run", str(src), "--db", str(d / "cli.db"), "--quiet", "--no-progress")
    assert r.returncode == 0, r.stderr
    assert "fused all events" in r.stdout
    return d / "cli.db", src


def test_cli_run_fuses_and_lists_incidents(cli_store):
    db, _ = cli_store
    r = _cli("incidents", "--db", str(db), "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows[0]["killed_min"] == 24 and rows[0]["killed_max"] == 40 and rows[0]["n_sources"] == 3
    table = _cli("incidents", "--db", str(db))
    assert "24-40" in table.stdout
    again = _cli("fuse", "--db", str(db))
    assert again.returncode == 0 and "0 incidents written" in again.stdout
    assert _cli("incidents", "--db", str(db), "--sort", "nope").returncode == 2


def test_cli_run_no_fuse_leaves_events_unfused(cli_store, tmp_path):
    _, src = cli_store
    r = _cli("run", str(src), "--db", str(tmp_path / "raw.db"), "--quiet", "--no-progress", "--no-fuse")
    assert r.returncode == 0 and "fused" not in r.stdout
    with Store(tmp_path / "raw.db") as s:
        assert s.count_incidents() == 0
        assert s.conn.execute("SELECT count(*) FROM events WHERE incident_id IS NOT NULL").fetchone()[0] == 0


def test_export_incident_rows_as_csv_parquet_and_jsonl(cli_store, tmp_path):
    db, _ = cli_store
    r = _cli("export", "--db", str(db), "--rows", "incidents", "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    top = max(rows, key=lambda x: int(x["mentions"]))
    assert (top["killed_min"], top["killed_max"]) == ("24", "40")
    assert json.loads(top["figures"])["killed"]["by_source"]["Radio Three"] == [40]
    assert _cli("export", "--db", str(db), "--rows", "incidents", "--format", "parquet", "-o",
                str(tmp_path / "inc.parquet")).returncode == 0
    import pyarrow.parquet as pq
    t = pq.read_table(tmp_path / "inc.parquet")
    assert t.num_rows == len(rows) and str(t.schema.field("killed_max").type) == "int64"
    assert str(t.schema.field("actors").type) == "list<element: string>"
    assert str(t.schema.field("first_report").type) == "date32[day]"
    r = _cli("export", "--db", str(db), "--rows", "incidents", "--format", "jsonl")
    assert len([json.loads(x) for x in r.stdout.splitlines()]) == len(rows)
    # documents keep the contract with incident_id and incident on each fused event
    docs = [json.loads(x) for x in _cli("export", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    assert all(e.get("incident_id") for d in docs for e in d["events"])
    events = list(csv.DictReader(io.StringIO(_cli("export", "--db", str(db), "--format", "csv").stdout)))
    assert all(e["incident_id"] for e in events)


# ------------------------------------------------------------------ the workbench's Incidents tab (Chromium)
from test_web import CHROMIUM, browser, open_view, page  # noqa: E402,F401  (fixtures)


@pytest.fixture(scope="module")
def site(served):
    """The store of the invented reports, served (the `page` fixture of test_web opens it)."""
    return served


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_incidents_tab_shows_reports_side_by_side_with_disagreement(page):
    open_view(page, "incidents")
    rows = page.locator("#incidents tbody tr")
    assert rows.count() >= 1
    assert "24–40" in rows.first.inner_text()
    rows.first.locator("a.incident-link").click()
    page.wait_for_selector("#incident-reports .report")
    assert page.locator("#incident-reports .report").count() >= 3        # one column per document
    killed = page.locator("#incident-figures tr[data-figure=killed]")
    assert "disagree" in killed.get_attribute("class")
    assert set(killed.locator("span.value").all_inner_texts()) >= {"24", "31", "40"}
    assert page.locator("#incident-claims li").count() >= 2
    link = page.locator("#incident-reports a.event-link").first
    sentence = link.inner_text()
    link.click()
    page.wait_for_selector("#doc-text .ev.selected")
    assert "".join(page.locator("#doc-text .ev.selected").all_inner_texts()) == sentence
    # and back: the reader links each fused event to its incident
    page.locator("#doc-events li.selected a.incident-link").click()
    page.wait_for_selector("#incident-reports .report")
