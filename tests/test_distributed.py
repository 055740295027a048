"""Distributed runs: the same input gives the same records (ids included) in one process, in two processes and on a
real dask.distributed LocalCluster of two worker processes; a document that fails is reported as in a
single-process run and the rest go on; a dataset loaded into a store equals a direct run into a store; large
JSONL/CSV files are cut at record boundaries and read back exactly as whole."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest

pytest.importorskip("distributed")
pytest.importorskip("duckdb")

from sitroom import dataset, distributed, ingest, places  # noqa: E402
from sitroom.pipeline import Failed, extract_many  # noqa: E402
from sitroom.store import Store  # noqa: E402

from conftest import ROOT  # noqa: E402

TOWNS = ["Kirkuk", "Aleppo", "Mosul", "Homs", "Tikrit", "Idlib", "Raqqa", "Deir ez-Zor"]
BAD_WORD = "Qarawat"   # the fault below breaks the places stage on documents with this word


def _text(i: int) -> str:
    town = TOWNS[i % len(TOWNS)]
    return (f"Militants attacked a police checkpoint near {town} on Tuesday, killing {i + 2} officers, the "
            f"interior ministry said. \"We will find those responsible,\" said Colonel Sami Darwish, a police "
            f"spokesman. Government forces later shelled positions held by the group outside {town}.")


def fault():
    """A bug in the places stage for documents that mention BAD_WORD, installed in whichever process calls it
    (this one, or each Dask worker through client.run)."""
    from sitroom import places as _places
    real = _places.extract

    def fragile(doc, ctx):
        if "Qarawat" in doc.text:
            raise KeyError("no such cell")
        return real(doc, ctx)
    _places.extract = fragile


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Invented reports: one JSONL file large enough to be cut in line ranges (a broken line and a bad document
    among them), a CSV file with line breaks inside quoted fields, and a plain text file."""
    root = tmp_path_factory.mktemp("corpus")
    lines = []
    for i in range(14):
        text = _text(i) if i != 6 else f"Gunmen ambushed a convoy near the village of {BAD_WORD} on Monday."
        lines.append(json.dumps({"text": text, "published": f"2019-03-{i + 1:02d}", "source": "wire"}))
    lines.insert(9, "{not json")
    (root / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["doc_id", "title", "text", "published"])
    for i in range(14, 20):
        w.writerow([f"row-{i}", f"Brief {i}", _text(i).replace(". ", ".\n", 1), "2019-04-02"])
    (root / "briefs.csv").write_text(buf.getvalue(), encoding="utf-8")
    (root / "note.txt").write_text(_text(21), encoding="utf-8")
    return root


def _records(results) -> list:
    out = []
    for r in results:
        if isinstance(r, Failed):
            out.append({"failed": [r.doc_id, r.origin, r.stage, r.error, r.text_hash]})
        else:
            out.append(r.as_dict())
    return out


def _direct(corpus, n_process):
    raws = [x for x in ingest.read([corpus], published="2019-01-01") if not isinstance(x, ingest.Skipped)]
    return _records(extract_many(raws, n_process=n_process))


def _from_dataset(root) -> list:
    """Documents and failures of a dataset, failures put back at their input position (by origin order)."""
    recs = [d.as_dict() for d in dataset.documents(root)]
    fails = _records(dataset.failures(root))
    return recs, fails


@pytest.fixture(scope="module")
def cluster_run(corpus, tmp_path_factory, nlp):
    cluster, client = distributed.local_cluster(2)
    try:
        assert len(client.scheduler_info()["workers"]) == 2
        client.run(fault)
        root = tmp_path_factory.mktemp("ds") / "dataset"
        report = distributed.run([corpus], root, client=client, options={"published": "2019-01-01"},
                                 part_bytes=1500)
    finally:
        client.close()
        cluster.close()
    return root, report


def test_distributed_records_are_identical_in_1_and_2_processes_and_on_a_local_cluster(corpus, cluster_run,
                                                                                      monkeypatch):
    root, report = cluster_run
    monkeypatch.setattr(places, "extract", places.extract)   # restored after the test
    fault()
    one = _direct(corpus, 1)
    two = _direct(corpus, 2)
    assert json.dumps(one) == json.dumps(two)
    docs, fails = _from_dataset(root)
    assert json.dumps(docs) == json.dumps([r for r in one if "failed" not in r])
    assert fails == [r for r in one if "failed" in r]
    assert len(docs) == 20 and all(d["events"] for d in docs)
    # the work was spread: the large file was cut, and both workers read partitions
    assert report.partitions >= 4 and len(report.workers) == 2 and not report.retried
    assert sum(1 for p in (root / "documents").glob("part-*.parquet")) == report.partitions


def test_distributed_a_bad_document_is_reported_and_the_rest_go_on(cluster_run, corpus):
    root, report = cluster_run
    (f,) = report.failed
    assert (f.origin, f.stage, f.error) == (f"{corpus / 'reports.jsonl'}:7", "places", "KeyError: 'no such cell'")
    assert ("fragile" in f.detail) and f.describe().startswith(f"{corpus / 'reports.jsonl'}:7 (doc ")
    assert report.skipped == [(f"{corpus / 'reports.jsonl'}:10", report.skipped[0][1])]
    assert report.skipped[0][1].startswith("invalid JSON line")
    assert report.read == 21 and report.documents == 20


def test_distributed_load_gives_the_store_of_a_direct_run(cluster_run, corpus, tmp_path, monkeypatch):
    root, _ = cluster_run
    monkeypatch.setattr(places, "extract", places.extract)
    fault()
    direct = Store(tmp_path / "direct.db")
    r = direct.ingest([corpus], published="2019-01-01", n_process=1)
    assert (r.stored, len(r.failed)) == (20, 1)
    direct.fuse()   # a single-process run fuses after reading: the dataset holds the same incidents
    loaded = Store(tmp_path / "loaded.db")
    rep = dataset.load(root, loaded)
    assert (rep.stored, len(rep.failed), rep.parts) == (20, 1, len(list((root / "documents").glob("*.parquet"))))
    assert rep.incidents == direct.count_incidents(min_mentions=1) > 0
    assert loaded.fuse().written == 0      # the dataset's incidents leave nothing to fuse
    assert _incidents(loaded) == _incidents(direct)
    assert loaded.counts() == direct.counts()
    assert [d.as_dict() for d in loaded.documents()] == [d.as_dict() for d in direct.documents()]
    strip = lambda rows: [{k: v for k, v in x.items() if k != "added"} for x in rows]  # noqa: E731
    assert strip(loaded.failures()) == strip(direct.failures())
    origins = lambda s: s.conn.execute("SELECT doc_id, origin FROM documents ORDER BY doc_id").fetchall()  # noqa: E731
    assert [tuple(x) for x in origins(loaded)] == [tuple(x) for x in origins(direct)]
    assert loaded.summary() == direct.summary()
    again = dataset.load(root, loaded)   # loading twice changes nothing
    assert (again.stored, again.unchanged) == (0, 20) and loaded.counts() == direct.counts()


def _incidents(store) -> list:
    """Every incident row, every member and every event's incident_id of a store."""
    rows = lambda sql: [tuple(r) for r in store.conn.execute(sql)]  # noqa: E731
    return [rows("SELECT * FROM incidents ORDER BY incident_id"),
            rows("SELECT * FROM incident_members ORDER BY event_id"),
            rows("SELECT event_id, incident_id FROM events ORDER BY event_id")]


def test_distributed_dataset_holds_the_incidents_of_a_single_process_run_and_fuse(cluster_run, corpus, tmp_path,
                                                                                  monkeypatch):
    root, report = cluster_run
    monkeypatch.setattr(places, "extract", places.extract)
    fault()
    direct = Store(tmp_path / "direct.db")
    direct.ingest([corpus], published="2019-01-01", n_process=1)
    fused = direct.fuse(incremental=False)
    assert report.fused is not None and report.fused.incidents == fused.incidents and fused.multi > 0
    want = [tuple(r) for r in direct.conn.execute("SELECT incident_id, mentions, n_documents, event_type, killed_min, "
                                                  "killed_max, figures FROM incidents ORDER BY incident_id")]
    got = dataset.query(root, "SELECT incident_id, mentions, n_documents, event_type, killed_min, killed_max, figures "
                              "FROM incidents ORDER BY incident_id")
    assert [tuple(r.values()) for r in got] == want
    members = dataset.query(root, "SELECT m.event_id, m.incident_id FROM incident_members m JOIN events e "
                                  "USING(event_id) ORDER BY m.event_id")
    assert [tuple(r.values()) for r in members] == [tuple(r) for r in direct.conn.execute(
        "SELECT event_id, incident_id FROM events ORDER BY event_id")]
    # a store that already held events is fused again over everything it holds, not given the dataset's incidents
    mixed = Store(tmp_path / "mixed.db")
    (tmp_path / "other.txt").write_text("Rebels shelled a market in Homs on Sunday, killing 9 people.",
                                        encoding="utf-8")
    mixed.ingest([tmp_path / "other.txt"], published="2019-01-01", n_process=1)
    assert dataset.load(root, mixed).incidents == 0
    again = mixed.fuse()
    unfused = mixed.conn.execute("SELECT count(*) FROM events WHERE incident_id IS NULL").fetchone()[0]
    assert again.written > 0 and unfused == 0


def test_distributed_dataset_is_queried_in_place_with_duckdb(cluster_run, tmp_path):
    root, report = cluster_run
    rows = dataset.query(root, "SELECT count(*) AS n, sum(killed) AS killed FROM events WHERE event_type = ?",
                         ["ASSAULT"])
    store = Store(tmp_path / "q.db")
    dataset.load(root, store)
    n, killed = store.conn.execute("SELECT count(*), sum(killed) FROM events WHERE event_type='ASSAULT'").fetchone()
    assert rows == [{"n": n, "killed": killed}] and n > 0
    (f,) = dataset.query(root, "SELECT doc_id, stage FROM failures")
    assert f == {"doc_id": report.failed[0].doc_id, "stage": "places"}
    modes = dataset.query(root, "SELECT typeof(mode) AS t FROM events LIMIT 1")
    assert modes == [{"t": "VARCHAR[]"}]


@pytest.mark.parametrize("part_bytes", [200, 500, 1200])
def test_distributed_files_are_cut_at_record_boundaries_and_read_back_as_whole(tmp_path, part_bytes):
    lines = [json.dumps({"text": f"Talks on item {i} resumed in Geneva.", "doc_id": f"j{i}"}) if i % 7 else ""
             for i in range(60)]
    lines[20] = "[1, 2"
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["doc_id", "text"])
    for i in range(60):
        w.writerow([f"c{i}", f"Line one of {i},\nline \"two\" of {i}" if i % 2 else f"One line {i}"])
    (tmp_path / "b.csv").write_text(buf.getvalue(), encoding="utf-8")
    defaults, limits = ingest.options()
    for name in ("a.jsonl", "b.csv"):
        path = tmp_path / name
        parts = ingest.split(path, part_bytes)
        assert len(parts) > 1 and parts[-1][1] == path.stat().st_size
        assert all(a[1] == b[0] for a, b in zip(parts, parts[1:]))
        whole = [repr(x) for x in ingest.read_file(path, defaults, limits)]
        cut = [repr(x) for p in parts for x in ingest.read_file(path, defaults, limits, part=p)]
        assert cut == whole and len(whole) > 50


def test_distributed_plan_keeps_input_order_and_refuses_stdin(corpus):
    parts, skipped = distributed.plan([corpus], part_bytes=1500, min_parts=2)
    files = [f for p in parts for f, _ in p.files]
    order = [str(s) for s in ingest.sources([corpus])]
    assert list(dict.fromkeys(files)) == order and [p.index for p in parts] == list(range(len(parts)))
    with pytest.raises(ValueError, match="standard input"):
        distributed.plan(["-"])


def sitroom(*args, cwd):
    return subprocess.run([sys.executable, "-m", "sitroom.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=os.environ | {"PYTHONPATH": str(ROOT)}, timeout=600)


def test_cli_run_dataset_load_and_query(corpus, tmp_path):
    p = sitroom("run", str(corpus / "briefs.csv"), str(corpus / "note.txt"), "--dataset", "ds",
                "--published", "2019-01-01", "-q", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "7 documents read" in p.stdout and "dataset: ds" in p.stdout and not (tmp_path / "sitroom.db").exists()
    p = sitroom("load", "ds", "--db", "s.db", "-q", cwd=tmp_path)
    assert p.returncode == 0 and "7 documents stored" in p.stdout, p.stderr
    n_inc = int(re.search(r"quotes, (\d+) incidents", p.stdout).group(1))
    assert n_inc > 0 and "0 incidents written" in p.stdout   # the dataset's incidents: nothing left to fuse
    p = sitroom("query", "ds", "SELECT count(*) AS n FROM documents", "--format", "json", cwd=tmp_path)
    assert json.loads(p.stdout) == [{"n": 7}]
    p = sitroom("query", "ds", "SELECT count(*) AS n FROM incidents", "--format", "json", cwd=tmp_path)
    assert json.loads(p.stdout) == [{"n": n_inc}]
    again = sitroom("run", str(corpus / "note.txt"), "--dataset", "ds", cwd=tmp_path)
    assert again.returncode == 2 and "not an empty folder" in again.stderr
    stdin = sitroom("run", "-", "--dataset", "ds2", cwd=tmp_path)
    assert stdin.returncode == 2 and "standard input cannot be partitioned" in stdin.stderr
    missing = sitroom("load", "nowhere", "--db", "s.db", cwd=tmp_path)
    assert missing.returncode == 2 and "no such dataset folder" in missing.stderr


def test_cli_distributed_run_into_a_store_has_the_incidents_of_a_plain_run(corpus, tmp_path):
    inputs = [str(corpus / "briefs.csv"), str(corpus / "note.txt")]
    p = sitroom("run", *inputs, "--dataset", "ds", "--db", "dist.db", "--published", "2019-01-01", "-q",
                cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "0 incidents written" in p.stdout     # the store took the dataset's incidents: nothing left to fuse
    p = sitroom("run", *inputs, "--db", "plain.db", "--published", "2019-01-01", "-q", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    dist, plain = Store(tmp_path / "dist.db"), Store(tmp_path / "plain.db")
    assert _incidents(dist) == _incidents(plain) and dist.count_incidents(min_mentions=1) > 0
