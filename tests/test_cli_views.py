"""Issue 14 on the command line, run as a user runs it: --version, shell completion, progress with total and
ETA from the first document, --force re-reading with new metadata, export --profile (a real process, a real
SQLite file, the real spaCy pipeline)."""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3

from test_cli import brief, sitroom

from sitroom import __version__, acled


def test_version_and_completion():
    out = sitroom("--version").stdout
    assert out.startswith(f"sitroom {__version__} ") and "store schema" in out
    assert "--install-completion" in sitroom("--help").stdout


def test_progress_has_a_total_from_the_start_and_an_eta(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"doc_id": f"p-{i}", "text": brief(i), "published": "2019-03-04"})
                             for i in range(4)), encoding="utf-8")
    p = sitroom("run", str(src), "--db", str(tmp_path / "s.db"), "--progress", "--processes", "1")
    lines = [x for x in p.stderr.splitlines() if x.startswith("progress:")]
    assert lines[0] == "progress: 0/4 documents (loading the language model)"   # before the model loads
    assert re.fullmatch(r"progress: 1/4 documents, [\d.]+ s, ETA \d+ s", lines[1])
    assert re.fullmatch(r"progress: 4/4 documents, [\d.]+ s, ETA 0 s", lines[-1])
    quiet = sitroom("run", str(src), "--db", str(tmp_path / "s.db"))   # not a terminal, not asked: no lines
    assert "progress:" not in quiet.stderr


def test_force_reads_stored_documents_again_with_new_metadata(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(brief(1), encoding="utf-8")
    db = tmp_path / "s.db"
    sitroom("run", str(src), "--db", str(db), "-q")
    published = lambda: sqlite3.connect(db).execute("SELECT published, count(*) FROM documents").fetchone()  # noqa: E731
    assert published() == (None, 1)
    again = sitroom("run", str(src), "--db", str(db), "--published", "2017-08-28", "-q")
    assert "already stored" in again.stdout and published() == (None, 1)   # unchanged text: left alone
    forced = sitroom("run", str(src), "--db", str(db), "--published", "2017-08-28", "--force", "-q")
    assert "1 stored" in forced.stdout and published() == ("2017-08-28", 1)
    events = json.loads(sitroom("events", "--db", str(db), "--format", "json").stdout)
    assert events and {e["time_precision"] for e in events} <= {"day", "week", "month", "year", "reported"}
    assert all(e["date"] == "2017-08-28" for e in events if e["time_precision"] == "reported")


def test_export_profiles(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(brief(2), encoding="utf-8")
    db = tmp_path / "s.db"
    sitroom("run", str(src), "--db", str(db), "--published", "2018-05-06", "-q")
    rows = list(csv.DictReader(io.StringIO(sitroom("export", "--db", str(db), "--format", "csv",
                                                   "--profile", "acled").stdout)))
    assert rows and list(rows[0]) == acled.COLUMNS
    assert all(r["year"] == r["event_date"][:4] for r in rows)
    bad = sitroom("export", "--db", str(db), "--profile", "gdelt", check=False)
    assert bad.returncode == 2 and "gdelt" in bad.stderr
