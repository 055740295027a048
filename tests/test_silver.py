"""The silver training corpus: stand-off records that rebuild against ../shared, folds that never share a
document, and no sentence of ../shared in any tracked file."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from training import silver
from training.corpus import shared_dir
from training.train import fold_of

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def records(shared):
    return silver.load()


def test_silver_corpus_size_and_offsets(records):
    assert len(records) >= 250
    assert sum(len(r["events"]) for r in records) >= 5000
    for r in records:
        text = r["text"]
        for e in r["events"]:
            a, b = e["span"]
            assert text[a:b] == e["sentence"]
            ta, tb = e["trigger"]["span"]
            assert a <= ta < tb <= b and text[ta:tb] == e["trigger"]["text"]
            for ent in e["actor"] + e["recipient"]:
                if ent.get("span"):
                    assert text[ent["span"][0]:ent["span"][1]] == ent["text"]
        for q in r["quotes"]:
            assert text[q["span"][0]:q["span"][1]] == q["quote"]


def test_moved_offset_is_reported_with_file_and_document(shared, tmp_path):
    first = silver.default_files()[0]
    line = next(x for x in first.read_text(encoding="utf-8").splitlines() if '"events": [{' in x)
    r = json.loads(line)
    a, b, h = r["events"][0]["trigger"]
    r["events"][0]["trigger"] = [a + 1, b + 1, h]
    bad = tmp_path / "moved.jsonl"
    bad.write_text(json.dumps(r) + "\n", encoding="utf-8")
    with pytest.raises(silver.SilverError) as exc:
        silver.load([bad])
    msg = str(exc.value)
    assert "moved.jsonl:1" in msg and r["doc_id"] in msg and "trigger" in msg


def test_folds_partition_documents(records):
    ids = [r["doc_id"] for r in records]
    folds = [{d for d in ids if fold_of(d, 5) == f} for f in range(5)]
    assert sum(len(f) for f in folds) == len(set(ids))
    assert all(len(f) >= len(ids) // 10 for f in folds)
    assert [fold_of(d, 5) for d in ids] == [fold_of(d, 5) for d in ids]


RUN = 12  # words in a row; shorter runs are names and set phrases ("... of the UN Security Council")


def _shingles(text: str, n: int = RUN) -> set:
    words = re.findall(r"\w+", text.lower())
    return {hash(" ".join(words[i:i + n])) for i in range(len(words) - n + 1)}


LABELS = ("name", "title", "affiliation", "aliases")  # an entity's label names a phrase of its text by design


def _without_labels(p: Path) -> str:
    """A file's text; for a stand-off file of training/silver, without the entity labels' values."""
    text = p.read_text(encoding="utf-8", errors="replace")
    if p.suffix != ".jsonl" or "training/silver" not in p.as_posix():
        return text

    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in LABELS}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x
    return "\n".join(json.dumps(strip(json.loads(line))) for line in text.splitlines() if line.strip())


def test_no_text_of_shared_in_tracked_files(shared):
    """Twelve words in a row of any article of ../shared/corpus or of the dev gold in a tracked text file
    means a sentence was copied."""
    corpus = set()
    for p in list((shared_dir() / "corpus").rglob("*.jsonl")) + list((shared_dir() / "corpus").rglob("*.txt")):
        for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                text = json.loads(line).get("text", "")
            except (json.JSONDecodeError, AttributeError):
                text = line
            corpus |= _shingles(text)
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    hits = []
    for name in tracked:
        p = ROOT / name
        if p.suffix not in (".py", ".md", ".txt", ".tsv", ".json", ".jsonl", ".js", ".html", ".css", ".toml") \
                or not p.is_file() or p.stat().st_size > 5_000_000:
            continue
        s = _shingles(_without_labels(p))
        if s & corpus:
            hits.append(f"{name}: {len(s & corpus)} runs of {RUN} words")
    assert not hits, "text of ../shared/corpus in tracked files:\n" + "\n".join(hits)
