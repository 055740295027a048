"""spaCy makes a new Token object on every access (`doc[0] is doc[0]` is False), so tokens are compared by
their index: a test `t.head is t` never holds, and a walk up the tree that waits for it runs past the root."""
from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sitroom"
IDENTITY = re.compile(r"\b(\w+)\.head is (not )?\1\b|\bis (not )?\w+\.head\b")


def test_tokens_are_new_objects_on_every_access(nlp):
    doc = nlp("The patrol returned to the base.")
    root = next(t for t in doc if t.dep_ == "ROOT")
    assert root.head.i == root.i and root.head is not root


def test_no_code_compares_tokens_by_identity():
    found = [f"{p.relative_to(PACKAGE.parent)}:{n}: {line.strip()}"
             for p in sorted(PACKAGE.rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if IDENTITY.search(line)]
    assert not found, "tokens compared by identity (use .i):\n" + "\n".join(found)
