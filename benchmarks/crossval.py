#!/usr/bin/env python3
"""Cross-validated scores of the learned reader next to the rule coder, and their dev scores.

    python3 benchmarks/crossval.py [--folds 5] [--out out/crossval] [--json] [--no-dev] [--save-models DIR]

Document-level k-fold over the silver corpus (training/silver/*.jsonl): a document's fold is a hash of
its doc_id, never a document in both train and test. For each fold the models are trained on the other
folds (training/train.py, fixed seed) and the full pipeline reads the held-out documents; the rule coder
(SITROOM_READER=rules) reads the same documents. Both are scored against the silver records of the
held-out documents with ../shared/tools/score.py. Then the models trained on all the silver read the dev
gold (../shared/gold/dev) and the PLOVER GSR sentences, scored against their gold.
With --json it writes OUT/scores.json (the quality gate reads it).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from training import silver  # noqa: E402
from training.corpus import shared_dir  # noqa: E402
from training.train import fingerprint, fold_of, train  # noqa: E402

MEASURES = [("events", "f1"), ("events", "precision"), ("events", "recall"), ("on_matched_events", "actor"),
            ("on_matched_events", "recipient"), ("on_matched_events", "status"),
            ("on_matched_events", "non_asserted_reported_as_asserted"), ("on_matched_events", "location"),
            ("on_matched_events", "date"), ("quotes", "f1"), ("quotes", "speaker")]


@contextlib.contextmanager
def reader(kind: str, models=None):
    """Read with the learned models given, or with the rule coder alone."""
    from sitroom.events import learned as event_learned
    if kind == "rules":
        old = os.environ.get("SITROOM_READER")
        os.environ["SITROOM_READER"] = "rules"
        try:
            yield
        finally:
            if old is None:
                os.environ.pop("SITROOM_READER", None)
            else:
                os.environ["SITROOM_READER"] = old
    else:
        with event_learned.use(models):
            yield


def read(recs, n_process=2) -> list:
    from sitroom.pipeline import RawDocument, extract_many
    raws = [RawDocument(text=r["text"], doc_id=r["doc_id"], published=r.get("published"), source=r.get("source"))
            for r in recs]
    out = []
    for d in extract_many(raws, n_process=n_process):
        if hasattr(d, "as_dict"):
            out.append(d.as_dict())
        else:  # a Failed record: the document scores as all misses
            print(f"  failed: {d.describe()}", file=sys.stderr)
    return out


def gold_records(path: Path) -> list:
    if path.is_dir():
        return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.json"))]
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def table(rows: dict) -> str:
    cols = list(rows)
    out = ["measure".ljust(40) + "".join(c.rjust(14) for c in cols)]
    for sec, key in MEASURES:
        line = f"{sec}.{key}".ljust(40)
        for c in cols:
            v = rows[c].get(sec, {}).get(key)
            line += (f"{v:.3f}" if isinstance(v, (int, float)) else "-").rjust(14)
        out.append(line)
    return "\n".join(out)


def by_type(scores: dict) -> str:
    cols = list(scores)
    types = sorted({t for s in scores.values() for t in s.get("by_type", {})})
    out = ["type".ljust(12) + "".join(f"{c} F1 (gold)".rjust(22) for c in cols)]
    for t in types:
        line = t.ljust(12)
        for c in cols:
            x = scores[c].get("by_type", {}).get(t)
            line += (f"{x['f1']:.3f} ({x['gold']})" if x else "-").rjust(22)
        out.append(line)
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=Path("out/crossval"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-dev", action="store_true", help="skip the dev and GSR runs")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--fold", type=int, action="append", help="run only these test folds (repeatable)")
    ap.add_argument("--save-models", type=Path, metavar="DIR",
                    help="also save the models trained on all the silver (what `make train` writes) to DIR")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    recs = silver.load()
    print(f"silver: {len(recs)} documents, {sum(len(r['events']) for r in recs)} events, "
          f"{sum(len(r['quotes']) for r in recs)} quotes; {a.folds} document folds")
    learned, rules = [], []
    for f in range(a.folds):
        test = [r for r in recs if fold_of(r["doc_id"], a.folds) == f]
        train_recs = [r for r in recs if fold_of(r["doc_id"], a.folds) != f]
        if not test or (a.fold and f not in a.fold):
            continue
        models = train(train_recs, log=lambda *x: None)
        with reader("learned", models):
            learned += read(test, a.processes)
        with reader("rules"):
            rules += read(test, a.processes)
        print(f"  fold {f}: trained on {len(train_recs)}, read {len(test)} ({time.perf_counter() - t0:.0f} s)")
    gold_path = a.out / "silver_gold.jsonl"
    silver.write_jsonl([r for r in recs if not a.fold or fold_of(r["doc_id"], a.folds) in a.fold], gold_path)
    scores = {"cv_rules": silver.score(gold_path, rules, by_type=True),
              "cv_learned": silver.score(gold_path, learned, by_type=True)}
    silver.write_jsonl(learned, a.out / "cv_learned.jsonl")
    if not a.no_dev:
        models = train(recs, log=lambda *x: None)
        for name, path in (("dev", shared_dir() / "gold" / "dev"), ("gsr", shared_dir() / "gold" / "plover_gsr_dev.jsonl")):
            g = gold_records(path)
            with reader("rules"):
                scores[f"{name}_rules"] = silver.score(path, read(g, a.processes), by_type=True)
            with reader("learned", models):
                out = read(g, a.processes)
            silver.write_jsonl(out, a.out / f"{name}_learned.jsonl")
            scores[f"{name}_learned"] = silver.score(path, out, by_type=True)
    print()
    print(table(scores))
    print()
    print(by_type({k: v for k, v in scores.items() if k.startswith(("cv_", "dev_"))}))
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    if a.save_models and not a.no_dev:
        from training.train import save
        save(models, a.save_models, scores={k: {f"{sec}.{key}": v.get(sec, {}).get(key) for sec, key in MEASURES}
                                            for k, v in scores.items()})
    if a.json:
        scores["run"] = {"folds": a.folds, "test_folds": a.fold or list(range(a.folds)), "documents": len(recs),
                         "fingerprint": fingerprint(), "seconds": round(time.perf_counter() - t0)}
        (a.out / "scores.json").write_text(json.dumps(scores, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
