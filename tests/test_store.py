"""Store: schema versioning, idempotent ingest, queries, exports, contract round trip."""
from __future__ import annotations

import json
import sqlite3

import pytest

import sitroom
from sitroom.records import Counts, Document, Entity, Event, Place, Quote, Speaker, When
from sitroom.store import SCHEMA_VERSION, Store, StoreError

TEXT = ("Turkish warplanes struck Kurdish positions near Afrin on Sunday. "
        "\"We will not stop,\" said Ahmet Yilmaz, a Turkish commander.")


def made_doc(doc_id="d1") -> Document:
    """A hand-built document, so store tests do not depend on how well the stages read."""
    ev = Event(event_type="ASSAULT", sentence=TEXT[:63], span=[0, 63], status="asserted", mode=["aerial"],
               actor=[Entity(text="Turkish warplanes", name="Turkish Armed Forces", country="TUR", agent="MIL",
                             span=[0, 17])],
               recipient=[Entity(text="Kurdish positions", name="People's Protection Units", country=None,
                                 agent="REB", span=[25, 42])],
               location=Place(text="Afrin", name="Afrin", country="SY", admin1="Aleppo", lat=36.51, lon=36.87,
                              geonameid=170063, feature="PPLA2", span=[48, 53]),
               date=When(text="Sunday", start="2018-01-21", end="2018-01-21", granularity="day", span=[57, 63],
                         value="2018-01-21"),
               counts=Counts(killed=3), event_id="e1")
    q = Quote(quote="We will not stop", span=[65, 81], direct=True, cue="said", quote_id="q1",
              speaker=Speaker(text="Ahmet Yilmaz", name="Ahmet Yilmaz", title="a Turkish commander"))
    return Document(doc_id=doc_id, text=TEXT, title="Afrin", source="test", published="2018-01-22",
                    events=[ev], quotes=[q], places=[ev.location], dates=[ev.date], actors=ev.actor + ev.recipient)


def test_store_new_file_has_current_schema_and_wal(tmp_path):
    s = Store(tmp_path / "s.db")
    assert s.version == SCHEMA_VERSION
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_refuses_a_file_that_is_not_a_database(tmp_path):
    p = tmp_path / "notes.db"
    p.write_text("just some notes, not sqlite " * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(p)


def test_store_refuses_newer_schema(tmp_path):
    p = tmp_path / "future.db"
    c = sqlite3.connect(p)
    c.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    c.close()
    with pytest.raises(StoreError, match="newer"):
        Store(p)


def test_store_round_trips_a_document(tmp_path):
    s = Store(tmp_path / "s.db")
    doc = made_doc()
    s.write([doc])
    back = s.document("d1").as_dict()
    want = doc.as_dict()
    for k in ("doc_id", "text", "title", "published"):
        assert back[k] == want[k]
    assert back["events"][0]["actor"][0]["name"] == "Turkish Armed Forces"
    assert back["events"][0]["location"]["lat"] == pytest.approx(36.51)
    assert back["quotes"][0]["speaker"]["name"] == "Ahmet Yilmaz"
    assert back["dates"][0]["span"] == [57, 63]
    assert back["dates"][0]["value"] == "2018-01-21" and back["events"][0]["date"]["value"] == "2018-01-21"


def test_store_writing_the_same_document_twice_keeps_one_copy(tmp_path):
    s = Store(tmp_path / "s.db")
    s.write([made_doc()])
    first = s.counts()
    s.write([made_doc()])
    assert s.counts() == first
    assert first["documents"] == 1 and first["events"] == 1 and first["event_actors"] == 2


def test_store_event_filters(tmp_path):
    s = Store(tmp_path / "s.db")
    s.write([made_doc("d1")])
    assert len(s.events(type="assault")) == 1
    assert len(s.events(type="PROTEST")) == 0
    assert len(s.events(actor="turkish")) == 1
    assert len(s.events(recipient="turkish")) == 0
    assert len(s.events(country="SY")) == 1 and len(s.events(country="TUR")) == 1
    assert len(s.events(date_from="2018-01-01", date_to="2018-01-31")) == 1
    assert len(s.events(date_from="2018-02-01")) == 0
    assert len(s.events(status="negated")) == 0
    assert len(s.events(text="warplanes", place="afrin", mode="aerial")) == 1
    row = s.events()[0]
    assert row["actor_country"] == "TUR" and row["killed"] == 3 and row["date_precision"] == "day"


def test_store_full_text_search_and_quotes(tmp_path):
    s = Store(tmp_path / "s.db")
    s.write([made_doc()])
    assert [r["doc_id"] for r in s.search("warplanes Afrin")] == ["d1"]
    assert s.search("Baghdad") == []
    assert s.search('"; DROP TABLE documents; --') == []
    assert [q["quote"] for q in s.quotes(speaker="yilmaz")] == ["We will not stop"]
    assert [q["quote"] for q in s.quotes(text="stop")] == ["We will not stop"]


def test_store_exports_every_format(tmp_path):
    from sitroom.export import export
    s = Store(tmp_path / "s.db")
    s.write([made_doc()])
    assert export(s, "jsonl", tmp_path / "o.jsonl") == 1
    assert json.loads((tmp_path / "o.jsonl").read_text())["doc_id"] == "d1"
    assert export(s, "csv", tmp_path / "o.csv") == 1
    header = (tmp_path / "o.csv").read_text().splitlines()[0].split(",")
    for col in ("event_id", "date", "date_precision", "event_type", "status", "actor", "actor_country",
                "recipient", "location", "admin1", "country", "lat", "lon", "killed", "injured", "size",
                "source", "sentence", "url"):
        assert col in header
    assert export(s, "geojson", tmp_path / "o.geojson") == 1
    gj = json.loads((tmp_path / "o.geojson").read_text())
    assert gj["features"][0]["geometry"]["coordinates"] == [36.87, 36.51]
    import pyarrow.parquet as pq
    assert export(s, "parquet", tmp_path / "o.parquet") == 1
    # typed Parquet (issue 14): the actors of an event are a list, its date a date
    table = pq.read_table(tmp_path / "o.parquet")
    assert table.column("actor").to_pylist() == [["Turkish Armed Forces"]]
    assert str(table.schema.field("date").type) == "date32[day]"


def test_store_read_only_refuses_writes(tmp_path):
    Store(tmp_path / "s.db").write([made_doc()])
    ro = Store(tmp_path / "s.db", read_only=True)
    assert ro.counts()["documents"] == 1
    with pytest.raises(StoreError, match="s.db: the write failed and was undone .*readonly"):
        ro.write([made_doc("d2")])


def test_store_ingest_twice_changes_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"Report {i}: Iraqi troops entered the town of Qaim on Friday.")
    s = Store(tmp_path / "s.db")
    r1 = s.ingest([folder], published="2017-11-05", n_process=1)
    c1 = s.counts()
    r2 = s.ingest([folder], published="2017-11-05", n_process=1)
    assert (r1.stored, r2.stored, r2.unchanged) == (3, 0, 3)
    assert s.counts() == c1


def test_store_ingested_documents_validate_against_the_schema(tmp_path):
    from sitroom.schema import validate
    s = Store(tmp_path / "s.db")
    s.write([sitroom.extract(TEXT, published="2018-01-22", doc_id="x")])
    validate(s.document("x").as_dict())
    validate(made_doc().as_dict())


def test_store_migrates_a_version_1_file_and_keeps_its_rows(tmp_path):
    from sitroom.store import MIGRATIONS
    p = tmp_path / "old.db"
    c = sqlite3.connect(p)
    c.executescript(MIGRATIONS[0] + "; PRAGMA user_version=1;")
    c.execute("INSERT INTO documents(doc_id,text,text_hash,added) VALUES ('old','some text','h','2020-01-01')")
    c.commit()
    c.close()
    s = Store(p)
    assert s.version == SCHEMA_VERSION
    cols = {r[1] for r in s.conn.execute("PRAGMA table_info(quotes)")}
    assert {"speaker_country", "speaker_agent"} <= cols
    assert s.counts()["documents"] == 1


def test_store_quote_speakers_keep_their_actor_link(tmp_path):
    s = Store(tmp_path / "s.db")
    doc = made_doc()
    doc.quotes[0].speaker.country, doc.quotes[0].speaker.agent = "TUR", "MIL"
    s.write([doc])
    sp = s.document("d1").quotes[0].speaker
    assert (sp.country, sp.agent) == ("TUR", "MIL")


def numbered_doc(i: int) -> Document:
    d = made_doc(f"d{i}")
    d.text = d.text + f" Report number {i}."
    d.events[0].event_id, d.quotes[0].quote_id = f"e{i}", f"q{i}"
    return d


def test_store_write_work_per_document_does_not_grow_with_the_store(tmp_path):
    # SQLite's virtual-machine steps are counted, not seconds: the same at any store size when every lookup is
    # indexed (a scan over a table or an FTS index grows with the store); benchmarks/store_writes.py times it
    s = Store(tmp_path / "s.db")
    steps = [0]

    def per_doc(first: int, n: int = 40) -> float:
        steps[0] = 0
        s.conn.set_progress_handler(lambda: steps.__setitem__(0, steps[0] + 1), 1)
        s.write([numbered_doc(i) for i in range(first, first + n)])
        s.conn.set_progress_handler(None, 1)
        return steps[0] / n

    at_start = per_doc(0)
    for k in range(40, 1500, 100):
        s.write([numbered_doc(i) for i in range(k, k + 100)])
    later = per_doc(2000)
    assert s.counts()["documents"] == 1580
    assert later < 1.2 * at_start, (at_start, later)
    replaced = per_doc(2000)            # writing stored documents again replaces them, also at a flat cost
    assert replaced < 2.5 * at_start and s.counts()["documents"] == 1580


def test_store_migrates_a_version_3_file_and_its_search_still_finds_it(tmp_path):
    from sitroom.store import MIGRATIONS, statements
    p = tmp_path / "v3.db"
    c = sqlite3.connect(p)
    for i in range(3):
        for stmt in statements(MIGRATIONS[i]):
            c.execute(stmt)
    c.execute("PRAGMA user_version=3")
    c.execute("INSERT INTO documents(doc_id,title,text,text_hash,added) VALUES ('old','Convoy','A convoy was "
              "ambushed on the mountain road.','h','2020-01-01')")
    c.execute("INSERT INTO documents_fts(doc_id,title,text) VALUES ('old','Convoy','A convoy was ambushed on the "
              "mountain road.')")
    c.execute("INSERT INTO quotes(quote_id,doc_id,idx,quote,direct,speaker_text,speaker_name) VALUES "
              "('q','old',0,'The road is closed',1,'the governor','Lena Brask')")
    c.execute("INSERT INTO quotes_fts(quote_id,quote,speaker) VALUES ('q','The road is closed','Lena Brask')")
    c.commit()
    c.close()
    s = Store(p)
    assert s.version == SCHEMA_VERSION
    assert [r["doc_id"] for r in s.search("mountain convoy")] == ["old"]
    assert [q["quote"] for q in s.quotes(text="closed")] == ["The road is closed"]
    assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    s.conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    s.write([made_doc("new")])                     # the FTS triggers keep the migrated index in step
    assert {r["doc_id"] for r in s.search("warplanes")} == {"new"}
    s.write([made_doc("new")])
    assert s.conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'warplanes'").fetchone()[0] == 1


def test_store_two_processes_opening_a_new_file_migrate_it_once(tmp_path):
    import subprocess
    import sys
    p = tmp_path / "race.db"
    code = f"from sitroom.store import Store; Store({str(p)!r}).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [pr.communicate(timeout=120)[1] for pr in procs]
    assert [pr.returncode for pr in procs] == [0, 0, 0, 0], errors
    assert Store(p).version == SCHEMA_VERSION


def test_store_a_writer_held_up_too_long_fails_clearly_and_loses_nothing(tmp_path):
    p = tmp_path / "s.db"
    Store(p).write([numbered_doc(1)])
    holder = sqlite3.connect(p, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    s = Store(p, timeout=0.3)
    with pytest.raises(StoreError, match="another process is writing"):
        s.write([numbered_doc(2)])
    holder.execute("ROLLBACK")
    s.write([numbered_doc(2)])
    assert s.counts()["documents"] == 2


def test_store_failures_are_kept_listed_and_left_alone_until_retried(tmp_path, monkeypatch):
    from sitroom import places
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Iraqi troops entered the town of Qaim on Friday.", encoding="utf-8")
    (folder / "b.txt").write_text("Rebels shelled the outskirts of Idlib on Monday, killing four people.",
                                  encoding="utf-8")
    real = places.extract

    def fragile(doc, ctx):
        if "Idlib" in doc.text:
            raise KeyError("no such cell")
        return real(doc, ctx)
    monkeypatch.setattr(places, "extract", fragile)
    s = Store(tmp_path / "s.db")
    r1 = s.ingest([folder], published="2019-05-06", n_process=1)
    assert (r1.stored, len(r1.failed)) == (1, 1)
    (f,) = r1.failed
    assert (f.stage, f.error, f.origin) == ("places", "KeyError: 'no such cell'", str(folder / "b.txt"))
    (row,) = s.failures()
    assert (row["doc_id"], row["stage"], row["origin"]) == (f.doc_id, "places", str(folder / "b.txt"))
    assert "fragile" in row["detail"]
    r2 = s.ingest([folder], published="2019-05-06", n_process=1)
    assert (r2.stored, r2.unchanged, r2.failed_before, r2.failed) == (0, 1, 1, [])
    monkeypatch.setattr(places, "extract", real)
    r3 = s.ingest([folder], published="2019-05-06", n_process=1, retry_failed=True)
    assert (r3.stored, r3.failed) == (1, [])
    assert s.failures() == [] and s.counts()["documents"] == 2
