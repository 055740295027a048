"""Quality gate: the dev scores must not fall below the floors pinned in benchmarks/eval_baseline.json.

Floors only ever move up (benchmarks/pin_baseline.py raises them, never lowers them)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = json.loads((ROOT / "benchmarks" / "eval_baseline.json").read_text())


def metric(scores: dict, path: str):
    v = scores
    for k in path.split("."):
        v = v[k]
    return v


@pytest.fixture(scope="module")
def scores(tmp_path_factory, shared):
    out = tmp_path_factory.mktemp("quality")
    sets = sorted(set(BASELINE["floors"]) | set(BASELINE.get("ceilings", {})))
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "quality.py"), "--sets", ",".join(sets),
                    "--out", str(out), "--json", "--no-textacy"], check=True, capture_output=True, timeout=1500)
    return json.loads((out / "scores.json").read_text())


@pytest.mark.slow
def test_quality_gate_floors(scores):
    low = [f"{s}:{m} = {metric(scores[s], m)} < {floor}"
           for s, ms in BASELINE["floors"].items() for m, floor in ms.items()
           if (metric(scores[s], m) or 0) < floor]
    assert not low, "scores fell below their floors:\n" + "\n".join(low)


@pytest.mark.slow
def test_quality_gate_ceilings(scores):
    high = [f"{s}:{m} = {metric(scores[s], m)} > {ceil}"
            for s, ms in BASELINE.get("ceilings", {}).items() for m, ceil in ms.items()
            if metric(scores[s], m) is not None and metric(scores[s], m) > ceil]
    assert not high, "error rates rose above their ceilings:\n" + "\n".join(high)
