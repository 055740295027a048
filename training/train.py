"""Train the learned reader's models from labelled documents (the silver corpus by default).

    python3 -m training.train [--out sitroom/models] [--seed 0]

Models (cards in sitroom/models/README.md, written by this command):
  events-sentence-v1  one-vs-rest logistic regression per PLOVER type over a sentence's features
  events-trigger-v1   softmax over NONE + 16 types per content word (it also picks each event's trigger);
                      a sentence reports type T when the mean of the sentence model's P(T) and the best
                      word's P(T) reaches T's threshold, tuned on out-of-fold predictions (3 document
                      folds inside the training set), kept on the trigger model
  events-status-v1    softmax over the four statuses of a labelled trigger; `asserted` only when its
                      probability reaches a threshold tuned out of fold (accuracy - 0.5 x the share of
                      non-asserted events read as asserted)
  events-roles-v1     softmax over actor / recipient / none per (labelled event, actor mention)
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
C_SENTENCE, C_TRIGGER, C_STATUS, C_ROLES, C_CHOICE = 0.3, 0.5, 0.5, 0.3, 0.5
MIN_COUNT = 2                      # hashed columns fewer rows use get no weight
STATUS_PENALTY = 0.5               # weight of "non-asserted read as asserted" against status accuracy
MIN_POSITIVES_FOR_OWN_THRESHOLD = 40
FORWARD_TYPES = {"AGREE", "CONCEDE", "THREATEN"}  # their future is their asserted (spec/annotation.md)


def fingerprint() -> dict:
    """What a set of models (and a cross-validation run) was made from: the silver files, the feature version
    and the training code. The quality gate compares the shipped models' card with the pinned
    cross-validation scores through it, so neither goes stale without the other."""
    import hashlib
    from . import silver
    root = Path(__file__).resolve().parent.parent

    def digest(files):
        h = hashlib.sha256()
        for f in files:
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
        return h.hexdigest()[:16]
    code = [root / "training" / n for n in ("train.py", "examples.py")] + sorted((root / "sitroom" / "learn").glob("*.py"))
    return {"silver": digest(silver.default_files()), "features": X.FEATURES_VERSION, "training_code": digest(code)}


def fold_of(doc_id: str, k: int) -> int:
    """A document's fold: a hash of its id, so folds never depend on order or on the other documents."""
    return zlib.crc32(doc_id.encode("utf-8")) % k


def _stack(rows):
    return np.stack([r.dense for r in rows]) if rows and rows[0].dense is not None else None


def _sentence_index(d):
    """For each token example of a document, the index of its sentence (token examples are in order)."""
    out = []
    for i, n in enumerate(d.tokens_per_sentence):
        out.extend([i] * n)
    return np.asarray(out, dtype=np.int64)


def fit_sentence(docs, seed=0):
    rows = [s for d in docs for s in d.sentences]
    return linear.fit("events-sentence-v1", [s.features for s in rows], [s.types for s in rows], list(PLOVER_TYPES),
                      multilabel=True, C=C_SENTENCE, seed=seed, min_count=MIN_COUNT)


def fit_trigger(docs, seed=0):
    rows = [t for d in docs for t in d.tokens]
    return linear.fit("events-trigger-v1", [r.features for r in rows], [r.label for r in rows], TRIGGER_CLASSES,
                      multilabel=False, C=C_TRIGGER, seed=seed, min_count=MIN_COUNT)


def detection_scores(sent_model, trig_model, d) -> np.ndarray:
    """(n_sentences, 16): the mean of the sentence model's P(type) and the best word's P(type)."""
    ps = sent_model.proba([s.features for s in d.sentences]) if d.sentences else np.zeros((0, 16))
    pt = np.zeros_like(ps)
    if d.tokens:
        p = trig_model.proba([t.features for t in d.tokens], _stack(d.tokens) if trig_model.dense_dim else None)[:, 1:]
        si = _sentence_index(d)
        np.maximum.at(pt, si, p)
    return (ps + pt) / 2


def _f1_at(scores, gold, th):
    pred = scores >= th
    tp = int((pred & gold).sum())
    return 2 * tp / (int(pred.sum()) + int(gold.sum())) if pred.sum() + gold.sum() else 0.0


def tune_thresholds(docs, seed=0, k=3) -> np.ndarray:
    """Per-type detection thresholds that maximise sentence-level F1 on out-of-fold predictions; a type with
    few examples takes the threshold that is best over all types together."""
    S, G = [], []
    for f in range(k):
        train = [d for d in docs if fold_of(d.doc_id, k) != f]
        test = [d for d in docs if fold_of(d.doc_id, k) == f]
        if not train or not test:
            continue
        sm, tm = fit_sentence(train, seed), fit_trigger(train, seed)
        for d in test:
            S.append(detection_scores(sm, tm, d))
            G.append(np.array([[t in s.types for t in PLOVER_TYPES] for s in d.sentences], dtype=bool).reshape(-1, 16))
    S, G = np.vstack(S), np.vstack(G)
    grid = np.round(np.arange(0.05, 0.8, 0.025), 3)
    global_th = max(grid, key=lambda th: _f1_at(S, G, th))
    out = np.full(len(TRIGGER_CLASSES), global_th, dtype=np.float32)
    out[0] = 1.1
    for j in range(16):
        if G[:, j].sum() >= MIN_POSITIVES_FOR_OWN_THRESHOLD:
            out[j + 1] = max(grid, key=lambda th: _f1_at(S[:, j], G[:, j], th))
    return out


def status_label(r) -> str:
    """The status as the scorer reads it: for AGREE, CONCEDE and THREATEN `future` is `asserted`."""
    etype = next((f[5:] for f in r.features if f.startswith("type=")), "")
    return "asserted" if r.label == "future" and etype in FORWARD_TYPES else r.label


def decide_status(p: np.ndarray, tau: float) -> list:
    """Statuses from probabilities over STATUSES: asserted when P(asserted) >= tau, else the likeliest other."""
    return [STATUSES[0] if row[0] >= tau else STATUSES[1 + int(row[1:].argmax())] for row in p]


def fit_status(docs, seed=0):
    rows = [r for d in docs for r in d.status]
    return linear.fit("events-status-v1", [r.features for r in rows], [status_label(r) for r in rows],
                      list(STATUSES), multilabel=False, C=C_STATUS, seed=seed)


def tune_status(docs, seed=0, k=3) -> float:
    P, Y = [], []
    for f in range(k):
        train = [d for d in docs if fold_of(d.doc_id, k) != f]
        test = [r for d in docs if fold_of(d.doc_id, k) == f for r in d.status]
        if not train or not test:
            continue
        P.append(fit_status(train, seed).proba([r.features for r in test]))
        Y += [status_label(r) for r in test]
    P, Y = np.vstack(P), np.array(Y)
    non = Y != "asserted"

    def value(tau):
        pred = np.array(decide_status(P, tau))
        return (pred == Y).mean() - STATUS_PENALTY * ((pred[non] == "asserted").mean() if non.any() else 0)
    return float(max(np.round(np.arange(0.5, 0.96, 0.025), 3), key=value))


CHOICE_CLASSES = ["no", "yes"]
CHOOSERS = {"place": ("places", "events-place-v1")}  # model: (its rows in DocExamples, versioned name)


def fit_choice(kind: str, docs, seed=0):
    """A chooser (the place model): P(yes) that a candidate is the event's location."""
    field, name = CHOOSERS[kind]
    rows = [r for d in docs for r in getattr(d, field)]
    return linear.fit(name, [r.features for r in rows], [r.label for r in rows], CHOICE_CLASSES,
                      multilabel=False, C=C_CHOICE, seed=seed, min_count=MIN_COUNT)


def _groups(rows):
    """Candidate rows, one list per labelled event (the rows of one event are contiguous)."""
    groups = {}
    for r in rows:
        groups.setdefault(r.group, []).append(r)
    return list(groups.values())


def choice_f1(groups, tau) -> float:
    """F1 of the decisions over labelled events, as the reader decides (`events.learned`): the likeliest
    candidate when it passes tau, else the rule reading's candidate, else none; right when it is the labelled
    one. Precision over the decisions made, recall over the events that have a label.
    `groups`: (P(yes) per candidate, labels, has a label, index of the rule's candidate or -1)."""
    tp = fp = fn = 0
    for py, labels, has, rule in groups:
        best = int(py.argmax())
        pick = best if py[best] >= tau else rule
        if pick >= 0:
            right = labels[pick] == "yes"
            tp += right
            fp += not right
            fn += has and not right
        else:
            fn += has
    return 2 * tp / max(1, 2 * tp + fp + fn)


def tune_choice(kind: str, docs, seed=0, k=3) -> float:
    """The chooser's threshold with the best F1 of its decisions (`choice_f1`), on out-of-fold predictions."""
    field = CHOOSERS[kind][0]
    groups = []
    for f in range(k):
        train = [d for d in docs if fold_of(d.doc_id, k) != f]
        test = [d for d in docs if fold_of(d.doc_id, k) == f]
        if not train or not test:
            continue
        m = fit_choice(kind, train, seed)
        yes = m.classes.index("yes")
        for d in test:
            for g in _groups(getattr(d, field)):
                rule = next((i for i, r in enumerate(g) if "rule=True" in r.features), -1)
                groups.append((m.proba([r.features for r in g])[:, yes], [r.label for r in g], bool(g[0].gold), rule))
    return float(max(np.round(np.arange(0.0, 0.7, 0.025), 3), key=lambda tau: choice_f1(groups, tau)))


def train(recs, seed=0, log=print) -> dict:
    t0 = time.perf_counter()
    docs = [X.examples(r) for r in recs]
    log(f"examples of {len(docs)} documents in {time.perf_counter() - t0:.0f} s")
    th = tune_thresholds(docs, seed)
    sent, trig = fit_sentence(docs, seed), fit_trigger(docs, seed)
    trig.thresholds = th
    log(f"sentence and trigger models ({sum(len(d.tokens) for d in docs)} words) in {time.perf_counter() - t0:.0f} s")
    status = fit_status(docs, seed)
    status.thresholds = np.array([tune_status(docs, seed)] + [0.0] * 3, dtype=np.float32)
    ro_rows = [r for d in docs for r in d.roles]
    roles = linear.fit("events-roles-v1", [r.features for r in ro_rows], [r.label for r in ro_rows], ROLE_CLASSES,
                       multilabel=False, C=C_ROLES, seed=seed)
    choosers = {}
    for kind, (field, _) in CHOOSERS.items():
        m = choosers[kind] = fit_choice(kind, docs, seed)
        m.thresholds = np.array([0.0, tune_choice(kind, docs, seed)], dtype=np.float32)
        log(f"{kind} model ({sum(len(getattr(d, field)) for d in docs)} candidates, threshold {m.thresholds[1]}) "
            f"in {time.perf_counter() - t0:.0f} s")
    card = {"trained": dt.date.today().isoformat(), "documents": len(docs), "seed": seed,
            "features": X.FEATURES_VERSION, "events": sum(len(r["events"]) for r in recs),
            "sentences": sum(len(d.sentences) for d in docs), "fingerprint": fingerprint()}
    models = {"sentence": sent, "trigger": trig, "status": status, "roles": roles, **choosers}
    for m in models.values():
        m.card.update(card)
    log(f"all models in {time.perf_counter() - t0:.0f} s")
    return models


def save(models: dict, out: Path, scores: dict = None) -> None:
    """Each model as package data, and the model card (sitroom/models/README.md) describing them."""
    from sitroom.events.learned import MODEL_FILES
    for k, m in models.items():
        m.save(out / MODEL_FILES[k])
    card = next(iter(models.values())).card
    lines = ["# Models of the learned event reader", "",
             "Written by `make train` (`python3 -m training.train`); do not edit by hand.", "",
             "| file | name | what it decides | classes | size |", "|---|---|---|---|---|"]
    what = {"sentence": "which PLOVER types a sentence reports (one-vs-rest logistic regression)",
            "trigger": "which word carries each type (softmax per content word); detection thresholds",
            "status": "asserted / future / hypothetical / negated of a trigger (softmax, asserted threshold)",
            "roles": "actor / recipient / none of each actor mention of the sentence (softmax)",
            "place": "whether each candidate place is the event's location (logistic); threshold"}
    for k, m in models.items():
        f = out / MODEL_FILES[k]
        lines.append(f"| `{MODEL_FILES[k]}` | {m.name} | {what[k]} | {len(m.classes)} | "
                     f"{f.stat().st_size / 1e6:.1f} MB |")
    lines += ["", "## Data", "",
              f"- trained {card['trained']} on {card['documents']} documents of the silver corpus "
              f"(`training/silver/*.jsonl`, stand-off over `../shared/corpus`): {card['events']} events, "
              f"{card['sentences']} sentences; features `{card['features']}`; seed {card['seed']}.",
              "- features: words, word pairs and dependency arcs of the spaCy parse, the PLOVER codebook's "
              "entries, the rule coder's findings (types, trigger, status, roles); hashed to 2^18 columns (crc32), "
              f"columns fewer than {MIN_COUNT} rows use dropped; weights float16. (The parser's token vectors as "
              "extra dense features of the trigger model fitted 10x slower and scored no better: sentence-level "
              "detection F1 0.587 against 0.594 without, on one document fold.)",
              "", "## How to retrain", "",
              "`make train` (deterministic for a seed); `python3 benchmarks/crossval.py` gives document-fold "
              "cross-validated scores next to the rule coder's and the dev scores."]
    if scores:
        lines += ["", "## Scores when trained", "", "```", json.dumps(scores, indent=1), "```"]
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


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
