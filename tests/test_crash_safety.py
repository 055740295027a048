"""Crash safety with real processes and a real SQLite file: `kill -9` at any moment of a run (while the schema
is made, while documents are read, inside a write transaction) and then a rerun give exactly what one clean
run gives; two writers on one file both succeed."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

CLI = [sys.executable, "-m", "sitroom.cli"]


def paused_at(hook: str, marker) -> list:
    """The sitroom CLI in a process that, at the point `hook` patches in, writes `marker` and sleeps (so the
    test can kill it exactly there)."""
    return [sys.executable, "-c",
            "import sys, time, pathlib\n"
            f"MARK = pathlib.Path({str(marker)!r})\n"
            "def pause():\n"
            "    MARK.write_text('here'); time.sleep(600)\n"
            f"{hook}\n"
            "from sitroom.cli import app; sys.argv[0] = 'sitroom'; app()"]


IN_MIGRATION = ("import sitroom.store as st\n"
                "real = st.statements\n"
                "def statements(script):\n"
                "    for i, stmt in enumerate(real(script)):\n"
                "        if i == 5: pause()           # five statements of the first migration done, uncommitted\n"
                "        yield stmt\n"
                "st.statements = statements")
IN_WRITE = ("import sitroom.store as st\n"
            "real = st.Store._write_one\n"
            "seen = []\n"
            "def write_one(self, doc, origin):\n"
            "    real(self, doc, origin); seen.append(doc.doc_id)\n"
            "    if len(seen) == 10: pause()      # inside the transaction of the fifth batch, half written\n"
            "st.Store._write_one = write_one")


def brief(i: int) -> str:
    return (f"Bulletin {i}. Government troops shelled rebel positions near the town of Kadugli on Tuesday, "
            f"killing {i + 3} fighters, a military spokesman said. \"We will retake the hills,\" said Colonel "
            f"Amin Tahir, the regional commander. Aid agencies said {i + 40} families had fled.")


def folder_of(path, numbers) -> str:
    path.mkdir()
    for i in numbers:
        (path / f"{i:03}.txt").write_text(brief(i), encoding="utf-8")
    return str(path)


def snapshot(db, drop=()) -> dict:
    """Everything a run stores, but the times it was stored at, the row ids and the columns in `drop`."""
    c = sqlite3.connect(db)
    cols = lambda t: ",".join(f'"{r[1]}"' for r in c.execute(f"PRAGMA table_xinfo({t})")  # noqa: E731
                              if r[1] not in {"id", "added", *drop} and r[6] == 0)
    out = {t: sorted(c.execute(f"SELECT {cols(t)} FROM {t}"))
           for t in ("documents", "events", "event_actors", "quotes", "places", "dates", "actors", "failures")}
    out["fts"] = sorted(c.execute("SELECT d.doc_id FROM documents_fts f JOIN documents d ON d.id = f.rowid "
                                  "WHERE documents_fts MATCH 'Kadugli'"))
    out["quotes_fts"] = sorted(c.execute("SELECT q.quote_id FROM quotes_fts f JOIN quotes q ON q.id = f.rowid "
                                         "WHERE quotes_fts MATCH 'hills'"))
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for t in ("documents_fts", "quotes_fts"):
        c.execute(f"INSERT INTO {t}({t}) VALUES ('integrity-check')")
    c.close()
    return out


def stored(db) -> int:
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        return c.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return -1


def kill_when(cmd: list, ready, timeout: float = 120) -> None:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None and not ready():
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before the moment it was to be killed at"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def test_crash_safety_kill_9_at_any_moment_then_a_rerun_equals_one_clean_run(tmp_path):
    folder = folder_of(tmp_path / "in", range(60))
    args = ["run", folder, "--published", "2019-06-04", "--batch", "2", "--processes", "1", "-q"]
    clean = tmp_path / "clean.db"
    subprocess.run(CLI + args + ["--db", str(clean)], check=True, capture_output=True, timeout=300)
    want = snapshot(clean)
    assert len(want["documents"]) == 60 and want["events"] and want["quotes"] and len(want["fts"]) == 60

    db = tmp_path / "killed.db"
    run = args + ["--db", str(db)]
    m1, m2 = tmp_path / "in-migration", tmp_path / "in-write"
    kill_when(paused_at(IN_MIGRATION, m1) + run, m1.exists)                  # while the schema is made
    assert stored(db) <= 0
    kill_when(CLI + run, lambda: stored(db) >= 4)                           # between commits, reading
    kill_when(paused_at(IN_WRITE, m2) + run, m2.exists)                     # inside a write transaction
    between = stored(db)
    assert 4 <= between < 40
    kill_when(CLI + run, lambda: stored(db) >= between + 2)                  # once more, later
    assert stored(db) < 60
    done = subprocess.run(CLI + run, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert snapshot(db) == want


def test_crash_safety_two_writers_on_one_file_both_succeed(tmp_path):
    a = folder_of(tmp_path / "a", range(0, 16))
    b = folder_of(tmp_path / "b", range(10, 26))        # six documents in both folders
    db = tmp_path / "both.db"
    common = ["--db", str(db), "--published", "2019-06-04", "--batch", "2", "--processes", "1", "-q"]
    procs = [subprocess.Popen(CLI + ["run", f] + common, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in (a, b)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    one = tmp_path / "one.db"
    subprocess.run(CLI + ["run", a, b] + common[2:] + ["--db", str(one)], check=True, capture_output=True,
                   timeout=300)
    got, want = snapshot(db, drop={"origin"}), snapshot(one, drop={"origin"})   # a shared one: either origin
    assert len(got["documents"]) == 26
    assert got == want
    origins = {r[0] for r in sqlite3.connect(db).execute("SELECT origin FROM documents")}
    assert {o.rsplit("/", 1)[0] for o in origins} == {a, b}
