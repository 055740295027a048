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


# -- the learned reader: cross-validated scores pinned beside the dev floors

CROSSVAL = ROOT / "benchmarks" / "crossval_scores.json"


def test_crossval_scores_are_current_and_above_their_floors():
    """benchmarks/crossval_scores.json (written by `make crossval`) covers every fold, was made from the
    silver files, features and training code in this tree, and its scores stay above the pinned floors."""
    from training.train import fingerprint
    cv = json.loads(CROSSVAL.read_text())
    run = cv["run"]
    assert run["test_folds"] == list(range(run["folds"])) and run["folds"] >= 5
    assert run["fingerprint"] == fingerprint(), \
        "silver, features or training code changed since the pinned cross-validation: run `make crossval`"
    low = [f"{s}:{m} = {metric(cv[s], m)} < {floor}"
           for s, ms in BASELINE["crossval_floors"].items() for m, floor in ms.items()
           if (metric(cv[s], m) or 0) < floor]
    assert not low, "cross-validated scores fell below their floors:\n" + "\n".join(low)


def test_shipped_models_are_the_cross_validated_ones():
    """The package's models were trained on the same silver, features and code as the pinned scores."""
    from sitroom.events import learned
    from sitroom.learn.linear import LinearModel
    cv = json.loads(CROSSVAL.read_text())
    base = ROOT / "sitroom" / "models"
    assert learned.available()
    for name in learned.MODEL_FILES.values():
        card = LinearModel.load(base / name).card
        assert card["fingerprint"] == cv["run"]["fingerprint"], name
        assert card["documents"] == cv["run"]["documents"], name
    assert sum((base / n).stat().st_size for n in learned.MODEL_FILES.values()) <= 60e6
