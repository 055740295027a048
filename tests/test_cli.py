"""The sitroom command line, run as users run it: a real process, a real SQLite file."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

CLI = [sys.executable, "-m", "sitroom.cli"]


def sitroom(*args, input=None, cwd=None, check=True):
    p = subprocess.run(CLI + list(args), capture_output=True, text=True, input=input, cwd=cwd, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError(f"sitroom {' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
    return p


def brief(i: int) -> str:
    return (f"Dispatch {i}. Iraqi troops and Kurdish fighters advanced on the town of Tal Afar on Monday, "
            f"an army spokesman said. Coalition aircraft struck {i + 2} positions near the town.")


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(6):
        (d / f"{i:02}.txt").write_text(brief(i), encoding="utf-8")
    (d / "empty.txt").write_text("")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return d


def test_cli_extract_prints_one_valid_document_per_input(tmp_path):
    from sitroom.schema import validate
    path = tmp_path / "dispatch.txt"
    path.write_text("\n\n".join(brief(i) for i in range(3)), encoding="utf-8")
    out = sitroom("extract", str(path), "--published", "2019-06-10").stdout.splitlines()
    assert len(out) == 1
    doc = json.loads(out[0])
    validate(doc)
    assert doc["published"] == "2019-06-10" and doc["events"]


def test_cli_extract_keeps_jsonl_doc_ids_and_reads_stdin(tmp_path):
    lines = "\n".join(json.dumps({"doc_id": f"id-{i}", "text": brief(i), "published": "2017-08-28"})
                      for i in range(2))
    out = sitroom("extract", "-", input=lines).stdout.splitlines()
    assert [json.loads(x)["doc_id"] for x in out] == ["id-0", "id-1"]


def test_cli_run_twice_leaves_identical_counts_and_names_bad_files(tmp_path, folder):
    db = tmp_path / "s.db"
    first = sitroom("run", str(folder), "--db", str(db), "--published", "2017-08-28", "-q")
    assert "empty.txt: empty file" in first.stderr and "binary.txt: binary file" in first.stderr
    counts = lambda: [sqlite3.connect(db).execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: E731
                      for t in ("documents", "events", "quotes", "places", "dates")]
    c1 = counts()
    assert c1[0] == 6
    second = sitroom("run", str(folder), "--db", str(db), "--published", "2017-08-28", "-q")
    assert "0 stored, 6 already stored" in second.stdout
    assert counts() == c1
    summary = json.loads(sitroom("summary", "--db", str(db), "--json").stdout)
    assert summary["versions"]["dates"].startswith("sitroom.dates.v")  # what read the stored documents
    assert summary["versions"]["gazetteer"].startswith("sitroom.gazetteer.")


def test_cli_killed_run_resumes_and_stores_each_document_once(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    n = 60
    for i in range(n):
        (folder / f"{i:03}.txt").write_text(brief(i) + " " + brief(i + 100), encoding="utf-8")
    db = tmp_path / "s.db"
    proc = subprocess.Popen(CLI + ["run", str(folder), "--db", str(db), "--batch", "4", "--processes", "1", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    stored = 0
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            stored = sqlite3.connect(db, timeout=1).execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:
            continue
        if stored >= 8:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < stored < n, "the run should be killed midway"
    sitroom("run", str(folder), "--db", str(db), "-q")
    c = sqlite3.connect(db)
    assert c.execute("SELECT count(*), count(DISTINCT text_hash) FROM documents").fetchone() == (n, n)
    assert c.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == n


def test_cli_events_filters_and_formats(tmp_path, folder):
    db = tmp_path / "s.db"
    sitroom("run", str(folder), "--db", str(db), "--published", "2017-08-28", "-q")
    rows = json.loads(sitroom("events", "--db", str(db), "--format", "json", "--limit", "1000").stdout)
    csv_out = sitroom("events", "--db", str(db), "--format", "csv", "--limit", "1000").stdout.splitlines()
    assert len(csv_out) == len(rows) + 1 and csv_out[0].startswith("event_id,date,")
    none = json.loads(sitroom("events", "--db", str(db), "--format", "json", "--type", "PROTEST",
                              "--text", "no such words").stdout)
    assert none == []
    table = sitroom("events", "--db", str(db))
    assert f"{len(rows)} events" in table.stderr


def test_cli_export_formats(tmp_path, folder):
    db = tmp_path / "s.db"
    sitroom("run", str(folder), "--db", str(db), "--published", "2017-08-28", "-q")
    for fmt in ("jsonl", "csv", "parquet", "geojson"):
        out = tmp_path / f"x.{fmt}"
        sitroom("export", "--db", str(db), "--format", fmt, "-o", str(out))
        assert out.stat().st_size > 0
    lines = (tmp_path / "x.jsonl").read_text().splitlines()
    assert len(lines) == 6
    bad = sitroom("export", "--db", str(db), "--format", "xml", check=False)
    assert bad.returncode != 0 and "xml" in bad.stderr


def test_cli_missing_database_is_a_clear_error(tmp_path):
    p = sitroom("events", "--db", str(tmp_path / "none.db"), check=False)
    assert p.returncode != 0 and "none.db" in p.stderr


def test_cli_quotes_are_searchable_and_exported(tmp_path):
    p = tmp_path / "q.txt"
    p.write_text('"The bridge will be rebuilt by spring," said Omar Haddad, the governor of the province. '
                 'Haddad said the army had cleared the road.', encoding="utf-8")
    db = tmp_path / "s.db"
    sitroom("run", str(p), "--db", str(db), "--published", "2018-02-01", "-q")
    rows = json.loads(sitroom("quotes", "--db", str(db), "--speaker", "haddad", "--format", "json").stdout)
    assert any(r["direct"] and r["speaker_name"] == "Omar Haddad" for r in rows)
    csv_out = sitroom("quotes", "--db", str(db), "--text", "bridge", "--format", "csv").stdout.splitlines()
    assert len(csv_out) == 2 and "bridge" in csv_out[1]


# A real `sitroom` process whose places stage fails on documents that mention Idlib (a fault put in before the
# CLI starts, as a bug in a stage would be); FAULT_OFF runs the same CLI without it.
FAULTY = [sys.executable, "-c",
          "import sys; from sitroom import places; real = places.extract\n"
          "def fragile(doc, ctx):\n"
          "    if 'Idlib' in doc.text: raise KeyError('no such cell')\n"
          "    return real(doc, ctx)\n"
          "places.extract = fragile\n"
          "from sitroom.cli import app; sys.argv[0] = 'sitroom'; app()"]


def test_cli_run_names_failed_documents_exits_1_and_a_resume_leaves_them_alone(tmp_path, folder):
    (folder / "idlib.txt").write_text("Rebels shelled the outskirts of Idlib on Monday, killing four people.",
                                      encoding="utf-8")
    db = tmp_path / "s.db"
    args = ["run", str(folder), "--db", str(db), "--published", "2017-08-28", "-q", "--processes", "1"]
    first = subprocess.run(FAULTY + args, capture_output=True, text=True, timeout=300)
    assert first.returncode == 1
    assert f"failed {folder / 'idlib.txt'} (doc " in first.stderr and "in places: KeyError: 'no such cell'" in first.stderr
    assert "6 stored" in first.stdout and "1 failed" in first.stdout
    listed = json.loads(sitroom("failures", "--db", str(db), "--format", "json").stdout)
    assert [(r["origin"], r["stage"], r["error"]) for r in listed] == [
        (str(folder / "idlib.txt"), "places", "KeyError: 'no such cell'")]
    assert "idlib.txt" in sitroom("failures", "--db", str(db)).stdout
    again = subprocess.run(FAULTY + args, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "0 stored, 6 already stored" in again.stdout
    assert "1 documents failed in an earlier run" in again.stderr
    fixed = sitroom(*args, "--retry-failed")
    assert "1 stored" in fixed.stdout and "0 failed" in fixed.stdout
    assert json.loads(sitroom("failures", "--db", str(db), "--format", "json").stdout) == []


def test_cli_run_refuses_missing_inputs_and_bad_dates_before_reading(tmp_path, folder):
    db = tmp_path / "s.db"
    for args, hint, why in [
        ([str(folder), str(tmp_path / "nope")], "INPUTS", "no such file or folder"),
        ([str(folder), "--published", "2019-13-45"], "--published", "month must be in 1..12"),
        ([str(folder), "--published", "yesterday"], "--published", "not a date this reader accepts"),
        ([str(folder), "--published", "03/04/2019"], "--published", "ambiguous"),
        ([str(folder), "--published", "03/04/2019", "--date-order", "DDM"], "--date-order", "DMY, MDY, YMD"),
    ]:
        p = sitroom("run", *args, "--db", str(db), "-q", check=False)
        assert p.returncode == 2 and hint in p.stderr and why in " ".join(p.stderr.split()), p.stderr
    assert not db.exists() or sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    sitroom("run", str(folder), "--published", "03/04/2019", "--date-order", "DMY", "--db", str(db), "-q")
    assert {r[0] for r in sqlite3.connect(db).execute("SELECT published FROM documents")} == {"2019-04-03"}


def test_cli_run_that_stores_nothing_exits_1(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    p = sitroom("run", str(bad), "--db", str(tmp_path / "s.db"), "-q", check=False)
    assert p.returncode == 1 and "nothing was stored" in p.stderr and "empty.txt: empty file" in p.stderr
    e = sitroom("extract", str(bad), check=False)
    assert e.returncode == 1 and "0 documents extracted, 1 skipped" in e.stderr


def test_cli_filters_take_only_their_listed_values(tmp_path, folder):
    db = tmp_path / "s.db"
    sitroom("run", str(folder), "--db", str(db), "--published", "2017-08-28", "-q")
    for args, hint, listed in [
        (["--type", "ASSALT"], "--type", "ASSAULT"),
        (["--type", "assault,PROTESTS"], "--type", "PROTEST"),
        (["--status", "maybe"], "--status", "hypothetical"),
        (["--sort", "size"], "--sort", "killed"),
        (["--from", "2019-02-30"], "--from", "YYYY-MM-DD"),
        (["--format", "xml"], "--format", "csv"),
    ]:
        p = sitroom("events", "--db", str(db), *args, check=False)
        assert p.returncode == 2 and hint in p.stderr and listed in p.stderr, p.stderr
    ok = json.loads(sitroom("events", "--db", str(db), "--type", "assault", "--status", "ASSERTED",
                            "--format", "json").stdout)
    assert ok and {r["event_type"] for r in ok} == {"ASSAULT"}
    q = sitroom("quotes", "--db", str(db), "--format", "yaml", check=False)
    assert q.returncode == 2 and "table, json, csv" in q.stderr


def test_cli_run_waits_for_another_writer_then_fails_clearly(tmp_path, folder):
    db = tmp_path / "s.db"
    sitroom("run", str(folder), "--db", str(db), "--published", "2017-08-28", "-q")
    (folder / "new.txt").write_text(brief(99), encoding="utf-8")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    p = sitroom("run", str(folder), "--db", str(db), "--wait", "1", "-q", check=False)
    holder.execute("ROLLBACK")
    assert p.returncode == 1 and "another process is writing to this database" in p.stderr and str(db) in p.stderr
    assert "1 stored, 6 already stored" in sitroom("run", str(folder), "--db", str(db), "-q").stdout
