"""Shared fixtures: the real spaCy pipeline (loaded once per session) and paths."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITROOM_SHARED", ROOT.parent / "shared"))
SAMPLE = ROOT / "examples" / "sample_corpus" / "briefs.jsonl"


@pytest.fixture(scope="session")
def nlp():
    from sitroom import nlp as _nlp
    return _nlp.load()


@pytest.fixture(scope="session")
def extract(nlp):
    """extract(text, published=...) -> Document, with the session's pipeline."""
    import sitroom
    return sitroom.extract


@pytest.fixture(scope="session")
def shared():
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    return SHARED
