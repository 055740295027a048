"""Train the learned reader's models from labelled documents (the silver corpus by default).

    python3 -m training.train [--out sitroom/models] [--with-dev] [--seed 0]

Models (see sitroom/models/README.md for their cards):
  events-trigger-v1   softmax over NONE + 16 PLOVER types, per content word, with per-type thresholds
                      tuned on out-of-fold predictions (3 document folds inside the training set)
  events-status-v1    softmax over the four statuses, per labelled trigger
  events-roles-v1     softmax over actor / recipient / none, per (labelled event, actor mention)
Everything is deterministic for a given seed and input.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import zlib
from pathlib import Path

import numpy as np

from sitroom.learn import linear
from sitroom.records import PLOVER_TYPES, STATUSES

from . import examples as X

TRIGGER_CLASSES = ["NONE"] + list(PLOVER_TYPES)
ROLE_CLASSES = ["none", "actor", "recipient"]
MODELS_DIR = Path(__file__).resolve().parent.parent / "sitroom" / "models"
C_TRIGGER, C_STATUS, C_ROLES = 0.5, 0.5, 0.5
MIN_POSITIVES_FOR_OWN_THRESHOLD = 25


def fold_of(doc_id: str, k: int) -> int:
    """A document's fold: a hash of its id, so folds never depend on order or on the other documents."""
    return zlib.crc32(doc_id.encode("utf-8")) % k


def _stack(rows):
    return np.stack([r.dense for r in rows]) if rows and rows[0].dense is not None else None


def fit_trigger(docs, seed=0):
    rows = [t for d in docs for t in d.tokens]
    return linear.fit("events-trigger-v1", [r.features for r in rows], [r.label for r in rows], TRIGGER_CLASSES,
                      multilabel=False, dense=_stack(rows), C=C_TRIGGER, seed=seed)


def tune_thresholds(docs, seed=0, k=3) -> np.ndarray:
    """Per-type thresholds that maximise sentence-level F1 on out-of-fold predictions; types with few
    examples take the threshold that is best over all types."""
    scores = {j: [] for j in range(1, len(TRIGGER_CLASSES))}  # j -> [(best prob in sentence, is gold)]
    for f in range(k):
        train = [d for d in docs if fold_of(d.doc_id, k) != f]
        test = [d for d in docs if fold_of(d.doc_id, k) == f]
        if not train or not test:
            continue
        m = fit_trigger(train, seed)
        for d in test:
            _collect(m, d, scores)
    grid = np.arange(0.05, 0.95, 0.025)

    def f1_at(pairs, th):
        tp = sum(1 for p, g in pairs if p >= th and g)
        ns = sum(1 for p, g in pairs if p >= th)
        ng = sum(1 for p, g in pairs if g)
        return 2 * tp / (ns + ng) if ns + ng else 0.0

    all_pairs = [x for v in scores.values() for x in v]
    global_th = max(grid, key=lambda th: f1_at(all_pairs, th))
    out = np.full(len(TRIGGER_CLASSES), global_th, dtype=np.float32)
    out[0] = 1.1
    for j, pairs in scores.items():
        if sum(g for _, g in pairs) >= MIN_POSITIVES_FOR_OWN_THRESHOLD:
            out[j] = max(grid, key=lambda th: f1_at(pairs, th) + 1e-4 * (th == global_th))
    return out


def _collect(model, d, scores):
    p = model.proba([t.features for t in d.tokens], _stack(d.tokens)) if d.tokens else None
    sent_of_tok = _sentence_index(d)
    for si, s in enumerate(d.sentences):
        idx = [i for i, x in enumerate(sent_of_tok) if x == si]
        for j in range(1, len(TRIGGER_CLASSES)):
            best = float(p[idx, j].max()) if idx else 0.0
            scores[j].append((best, TRIGGER_CLASSES[j] in s.types))


def _sentence_index(d):
    """For each token example of a document, the index of its sentence (token examples are in order)."""
    out = []
    for i, n in enumerate(d.tokens_per_sentence):
        out.extend([i] * n)
    return out


def train(recs, seed=0, log=print) -> dict:
    t0 = time.perf_counter()
    docs = [X.examples(r) for r in recs]
    log(f"examples of {len(docs)} documents in {time.perf_counter() - t0:.0f} s")
    t = time.perf_counter()
    th = tune_thresholds(docs, seed)
    trig = fit_trigger(docs, seed)
    trig.thresholds = th
    log(f"trigger model ({sum(len(d.tokens) for d in docs)} words) in {time.perf_counter() - t:.0f} s")
    st_rows = [r for d in docs for r in d.status]
    status = linear.fit("events-status-v1", [r.features for r in st_rows], [r.label for r in st_rows],
                        list(STATUSES), multilabel=False, C=C_STATUS, seed=seed)
    ro_rows = [r for d in docs for r in d.roles]
    roles = linear.fit("events-roles-v1", [r.features for r in ro_rows], [r.label for r in ro_rows], ROLE_CLASSES,
                       multilabel=False, C=C_ROLES, seed=seed)
    card = {"trained": dt.date.today().isoformat(), "documents": len(docs), "seed": seed,
            "features": X.FEATURES_VERSION, "events": sum(len(r["events"]) for r in recs)}
    for m in (trig, status, roles):
        m.card.update(card)
    log(f"all models in {time.perf_counter() - t0:.0f} s")
    return {"trigger": trig, "status": status, "roles": roles}


def save(models: dict, out: Path) -> None:
    from sitroom.stages.event_learned import MODEL_FILES
    for k, m in models.items():
        m.save(out / MODEL_FILES[k])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=MODELS_DIR)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    from . import silver
    recs = silver.load()
    models = train(recs, a.seed)
    save(models, a.out)
    print(f"wrote {', '.join(sorted(models))} to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
