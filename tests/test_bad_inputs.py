"""A folder of 2,000 files, 1% of them bad in ten ways, through `sitroom run` as a real process: every good
document is stored, every bad file is named with its reason, and the run goes on."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

GOOD, KINDS = 1980, 10

PLACES = ["Kadugli", "Tal Afar", "Gao", "Kismayo", "Mopti", "Beni", "Marib", "Sirte", "Goma", "Hajjah"]
ACTS = ["police dispersed a protest", "rebels shelled army positions", "troops withdrew", "militants ambushed a convoy",
        "officials met tribal leaders", "the air force struck a depot"]


def good_text(i: int) -> str:
    return (f"Item {i}. {ACTS[i % len(ACTS)].capitalize()} near {PLACES[i % len(PLACES)]} on Monday, "
            f"a spokesman said.")


def write_good(folder, i: int):
    """Good documents in every supported form: plain text (some with a sidecar), Markdown, JSON, JSONL, CSV, HTML."""
    form = i % 12
    text = good_text(i)
    if form == 0:
        (folder / f"g{i:04}.json").write_text(json.dumps({"doc_id": f"j{i}", "text": text,
                                                          "published": "2019-06-04"}), encoding="utf-8")
    elif form == 1:
        (folder / f"g{i:04}.jsonl").write_text(json.dumps({"doc_id": f"l{i}", "text": text}) + "\n", encoding="utf-8")
    elif form == 2:
        (folder / f"g{i:04}.csv").write_text(f'doc_id,text\r\nc{i},"{text}"\r\n', encoding="utf-8")
    elif form == 3:
        body = "".join(f"<p>{text} Paragraph {k} tells more about the fighting near the river crossing.</p>"
                       for k in range(3))
        (folder / f"g{i:04}.html").write_text(f"<html><head><title>Item {i}</title></head><body><article>"
                                              f"<h1>Item {i}</h1>{body}</article></body></html>", encoding="utf-8")
    elif form == 4:
        (folder / f"g{i:04}.md").write_text(f"# Item {i}\n\n{text}\n", encoding="utf-8")
    elif form == 5:
        (folder / f"g{i:04}.txt").write_text(text, encoding="utf-8")
        (folder / f"g{i:04}.txt.meta.json").write_text(json.dumps({"published": "4 June 2019", "title": f"T{i}"}))
    else:
        (folder / f"g{i:04}.txt").write_text(text, encoding="latin-1" if form == 6 else "utf-8")


# ten kinds of bad file: (file name, how to make it, the reason `sitroom run` must give)
BAD = [
    ("empty{}.txt", lambda p: p.write_bytes(b""), "empty file"),
    ("nul{}.txt", lambda p: p.write_bytes(b"\x00\x01\x02binary\x00" * 50), "binary file (NUL bytes)"),
    ("huge{}.txt", lambda p: p.open("wb").truncate(10_000_001), "too large: 10,000,001 bytes (limit 10,000,000)"),
    ("broken{}.json", lambda p: p.write_text('{"text": "unfinished', encoding="utf-8"), "invalid JSON: "),
    ("deep{}.json", lambda p: p.write_text("[" * 50_000 + "]" * 50_000), "invalid JSON: nested too deeply"),
    ("cr{}.csv", lambda p: p.write_bytes(b"doc_id,text\r\nx,a bare\rcarriage return\r\n"),
     "malformed CSV row: a line break (bare CR) inside an unquoted field"),
    ("notext{}.csv", lambda p: p.write_text("id,body\n1,hello there\n"), "CSV without a 'text' column"),
    ("baddate{}.jsonl", lambda p: p.write_text(json.dumps({"text": good_text(0) + " Bad date.",
                                                           "published": "2019-13-45"})),
     "invalid published date: '2019-13-45': month must be in 1..12"),
    ("scan{}.pdf", lambda p: p.write_bytes(b"%PDF-1.4 ..."), "unsupported file type '.pdf'"),
    ("script{}.html", lambda p: p.write_text("<html><head><title>Menu</title></head><body><script>var page = 1;"
                                             "</script></body></html>"),
     "HTML without extractable main text"),
]


@pytest.mark.slow
def test_bad_inputs_a_folder_of_2000_files_with_1_percent_bad_stores_every_good_one(tmp_path):
    assert len(BAD) == KINDS
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(GOOD):
        write_good(folder, i)
    want = {}
    for k, (name, make, reason) in enumerate(BAD):
        for copy in range(2):
            p = folder / name.format(copy)
            make(p)
            origin = f"{p}:2" if name.startswith("cr") else f"{p}:1" if name.startswith("baddate") else str(p)
            want[origin] = reason
    n_files = sum(1 for f in os.listdir(folder) if not f.endswith(".meta.json"))
    assert n_files == 2000 and len(want) == 20
    db = tmp_path / "s.db"
    p = subprocess.run([sys.executable, "-m", "sitroom.cli", "run", str(folder), "--db", str(db), "-q",
                        "--published", "2019-06-05"], capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stderr[-2000:]
    named = dict(line[len("skipped "):].split(": ", 1) for line in p.stderr.splitlines()
                 if line.startswith("skipped "))
    assert set(named) == set(want)
    for origin, reason in want.items():
        assert named[origin].startswith(reason), (origin, named[origin])
    c = sqlite3.connect(db)
    texts = {r[0] for r in c.execute("SELECT text FROM documents")}
    assert len(texts) == GOOD and all(any(good_text(i) in t for t in texts) for i in (0, 1, 2, 3, 4, 5, 6, 1979))
    assert c.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    assert f"{GOOD} stored" in p.stdout and "20 skipped, 0 failed" in p.stdout
