#!/usr/bin/env python3
"""Raise the quality floors in benchmarks/eval_baseline.json to the scores of a quality run, never lower them.

    python benchmarks/quality.py --json --out out/quality && python benchmarks/pin_baseline.py out/quality/scores.json

Floors are set a small margin (--margin, default 0.01) under the measured score so that harmless
reorderings do not fail CI; ceilings (error rates) a margin above. A floor never goes down and a
ceiling never goes up.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

BASELINE = Path(__file__).with_name("eval_baseline.json")


def get(d, path):
    for k in path.split("."):
        d = d[k]
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scores")
    ap.add_argument("--margin", type=float, default=0.01)
    a = ap.parse_args()
    scores = json.loads(Path(a.scores).read_text())
    base = json.loads(BASELINE.read_text())
    for s, metrics in base["floors"].items():
        for m, old in metrics.items():
            if s in scores and get(scores[s], m) is not None:
                metrics[m] = round(max(old, get(scores[s], m) - a.margin), 3)
    for s, metrics in base.get("ceilings", {}).items():
        for m, old in metrics.items():
            if s in scores and get(scores[s], m) is not None:
                metrics[m] = round(min(old, get(scores[s], m) + a.margin), 3)
    BASELINE.write_text(json.dumps(base, indent=2) + "\n")
    print(json.dumps(base, indent=2))


if __name__ == "__main__":
    main()
