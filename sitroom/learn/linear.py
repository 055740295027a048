"""Small linear models over hashed sparse features and dense vectors; numpy at inference.

A model is trained with scikit-learn (the `train` extra) and saved as one `.npz` of package data
(weights as float16, classes, thresholds, the feature-hash width and a JSON card); loading and
predicting need numpy only. Feature names are hashed with crc32, so a feature means the same column
in every process and on every machine.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

DEFAULT_BITS = 18


def column(name: str, bits: int) -> int:
    return zlib.crc32(name.encode("utf-8")) & ((1 << bits) - 1)


def hash_rows(rows: Sequence[Sequence[str]], bits: int):
    """Feature-name lists -> a CSR matrix of 0/1 (repeats count once) with 2**bits columns."""
    from scipy.sparse import csr_matrix
    indptr, indices = [0], []
    for feats in rows:
        cols = sorted({column(f, bits) for f in feats})
        indices.extend(cols)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
                      shape=(len(rows), 1 << bits))


@dataclass
class LinearModel:
    """One-vs-rest (multi-label) or softmax (multi-class) linear scores over [hashed sparse | dense]."""
    name: str
    classes: list
    bits: int
    weights: np.ndarray           # (2**bits + dense_dim, n_classes)
    bias: np.ndarray              # (n_classes,)
    multilabel: bool = True
    thresholds: Optional[np.ndarray] = None  # per class, multi-label only
    dense_dim: int = 0
    dense_scale: Optional[np.ndarray] = None  # per dense column (standardisation learnt at training)
    dense_mean: Optional[np.ndarray] = None
    card: dict = field(default_factory=dict)

    # -- inference (numpy only)
    def scores(self, sparse_rows: Sequence[Sequence[str]], dense: Optional[np.ndarray] = None) -> np.ndarray:
        n = len(sparse_rows)
        out = np.tile(self.bias.astype(np.float32), (n, 1))
        w = self.weights
        for i, feats in enumerate(sparse_rows):
            cols = list({column(f, self.bits) for f in feats})
            if cols:
                out[i] += w[cols].astype(np.float32).sum(axis=0)
        if self.dense_dim and dense is not None and n:
            d = (np.asarray(dense, dtype=np.float32) - self.dense_mean) / self.dense_scale
            out += d @ w[1 << self.bits:].astype(np.float32)
        return out

    def proba(self, sparse_rows, dense=None) -> np.ndarray:
        s = self.scores(sparse_rows, dense)
        if self.multilabel:
            return 1.0 / (1.0 + np.exp(-s))
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, sparse_rows, dense=None) -> list:
        """Multi-label: the set of classes over their thresholds, per row; multi-class: the argmax."""
        p = self.proba(sparse_rows, dense)
        if self.multilabel:
            th = self.thresholds if self.thresholds is not None else np.full(len(self.classes), 0.5)
            return [[self.classes[j] for j in np.nonzero(row >= th)[0]] for row in p]
        return [self.classes[j] for j in p.argmax(axis=1)]

    # -- persistence
    def save(self, path: Path) -> None:
        meta = {"name": self.name, "classes": self.classes, "bits": self.bits, "multilabel": self.multilabel,
                "dense_dim": self.dense_dim, "card": self.card}
        arrays = {"weights": self.weights.astype(np.float16), "bias": self.bias.astype(np.float32),
                  "meta": np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)}
        if self.thresholds is not None:
            arrays["thresholds"] = self.thresholds.astype(np.float32)
        if self.dense_dim:
            arrays["dense_mean"] = self.dense_mean.astype(np.float32)
            arrays["dense_scale"] = self.dense_scale.astype(np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            np.savez_compressed(f, **arrays)

    @classmethod
    def load(cls, path) -> "LinearModel":
        with np.load(path) as z:
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            return cls(name=meta["name"], classes=meta["classes"], bits=meta["bits"], weights=z["weights"],
                       bias=z["bias"], multilabel=meta["multilabel"],
                       thresholds=z["thresholds"] if "thresholds" in z else None, dense_dim=meta["dense_dim"],
                       dense_mean=z["dense_mean"] if "dense_mean" in z else None,
                       dense_scale=z["dense_scale"] if "dense_scale" in z else None, card=meta.get("card", {}))


def fit(name: str, sparse_rows, labels, classes: list, *, multilabel: bool, dense=None, bits: int = DEFAULT_BITS,
        C: float = 1.0, class_weight=None, seed: int = 0, card: Optional[dict] = None,
        min_count: int = 1) -> LinearModel:
    """Train with scikit-learn's logistic regression (liblinear one-vs-rest for multi-label, lbfgs softmax
    for multi-class). `labels`: per row a list of classes (multi-label) or one class. Hashed columns that
    fewer than `min_count` rows use get no weight (rare features: noise, and slow to fit)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    X = hash_rows(sparse_rows, bits)
    dense_dim, mean, scale = 0, None, None
    if dense is not None:
        dense = np.asarray(dense, dtype=np.float32)
        dense_dim = dense.shape[1]
        mean = dense.mean(axis=0)
        scale = dense.std(axis=0) + 1e-6
        X = hstack([X, csr_matrix((dense - mean) / scale)], format="csr")
    n_cols = X.shape[1]
    counts = np.bincount(X.indices, minlength=n_cols)
    used = np.nonzero(counts >= min_count)[0]  # train on the columns enough rows use; the others keep weight 0
    X = X[:, used]
    Wu = np.zeros((len(used), len(classes)), dtype=np.float32)
    b = np.zeros(len(classes), dtype=np.float32)
    if multilabel:
        for j, c in enumerate(classes):
            y = np.array([c in ls for ls in labels], dtype=np.int8)
            if y.sum() == 0:
                b[j] = -10.0
                continue
            m = LogisticRegression(C=C, solver="liblinear", class_weight=class_weight, random_state=seed,
                                   max_iter=200, tol=1e-3)
            m.fit(X, y)
            Wu[:, j] = m.coef_[0]
            b[j] = m.intercept_[0]
    else:
        idx = {c: i for i, c in enumerate(classes)}
        y = np.array([idx[c] for c in labels])
        if isinstance(class_weight, dict):  # given by class name
            class_weight = {idx[c]: w for c, w in class_weight.items() if idx[c] in set(y.tolist())}
        m = LogisticRegression(C=C, solver="lbfgs", class_weight=class_weight, random_state=seed, max_iter=500)
        m.fit(X, y)
        present = list(m.classes_)
        for k, ci in enumerate(present):
            if len(present) == 2:  # sklearn's binary case: one coefficient row
                Wu[:, ci] = m.coef_[0] if k == 1 else 0.0
                b[ci] = m.intercept_[0] if k == 1 else 0.0
            else:
                Wu[:, ci] = m.coef_[k]
                b[ci] = m.intercept_[k]
        for ci in set(range(len(classes))) - set(present):
            b[ci] = -10.0
    W = np.zeros((n_cols, len(classes)), dtype=np.float32)
    W[used] = Wu
    return LinearModel(name=name, classes=list(classes), bits=bits, weights=W, bias=b, multilabel=multilabel,
                       dense_dim=dense_dim, dense_mean=mean, dense_scale=scale, card=dict(card or {}))
