"""The crash sweep (benchmarks/crash_sweep.py) on an evenly spread sample of every text in ../shared/corpus and
../shared/gold: no document crashes and every result is a valid Document whose spans hold their text. The
benchmark runs it over all of them."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_sweep():
    spec = importlib.util.spec_from_file_location("crash_sweep", ROOT / "benchmarks" / "crash_sweep.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_crash_sweep_sample_of_shared_has_no_crash_and_no_invalid_document(shared, nlp):
    r = load_sweep().sweep([shared / "corpus", shared / "gold"], workers=1, n=80)
    assert r["documents"] == 80 and r["words"] > 10_000
    assert r["crashes"] == [], r["crashes"][:3]
    assert r["invalid"] == [], r["invalid"][:3]
    assert all(s["reason"] for s in r["skipped"])
