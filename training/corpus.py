"""The texts the silver corpus annotates, by doc_id, read from ../shared (never copied into the repo).

Document ids: `guardian-NNN` (guardian_sdf), `voa-<id>` (voa), `ngec-syn-NNNN` (ngec_synthetic),
`seed-NNN` (seeds). Texts are normalised as the pipeline normalises them, so offsets agree with
what `sitroom.extract` reports.
"""
from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from sitroom.pipeline import normalise

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """../shared beside the repository, or $SITROOM_SHARED."""
    return Path(os.environ.get("SITROOM_SHARED") or REPO.parent / "shared")


@dataclass(frozen=True)
class Text:
    doc_id: str
    corpus: str
    text: str
    published: Optional[str]
    title: Optional[str]
    source: Optional[str]


def _jsonl(path: Path):
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


@functools.lru_cache(maxsize=1)
def texts() -> dict:
    """doc_id -> Text for every document of ../shared/corpus."""
    root = shared_dir() / "corpus"
    out = {}
    for r in _jsonl(root / "guardian_sdf" / "articles.jsonl"):
        out[r["doc_id"]] = Text(r["doc_id"], "guardian_sdf", normalise(r["text"]),
                                (r.get("published") or "")[:10] or None, r.get("title"), r.get("source"))
    for r in _jsonl(root / "voa" / "voa_stories.jsonl"):
        did = f"voa-{r['id']}"
        out[did] = Text(did, "voa", normalise(r["text"]), (r.get("published") or "")[:10] or None,
                        r.get("title"), "VOA")
    for r in _jsonl(root / "ngec_synthetic" / "stories.jsonl"):
        out[r["doc_id"]] = Text(r["doc_id"], "ngec_synthetic", normalise(r["text"]), None,
                                r.get("title"), r.get("source"))
    seeds = root / "seeds"
    for r in _jsonl(seeds / "metadata.jsonl"):
        text = (seeds / r["file"]).read_text(encoding="utf-8")
        out[r["doc_id"]] = Text(r["doc_id"], "seeds", normalise(text), r.get("published"),
                                r.get("title"), r.get("source"))
    return out


def get(doc_id: str) -> Text:
    try:
        return texts()[doc_id]
    except KeyError:
        raise KeyError(f"{doc_id}: no such document in {shared_dir() / 'corpus'}") from None


def dev_ids() -> list:
    """The doc_ids of the dev gold (../shared/gold/dev)."""
    return sorted(p.stem for p in (shared_dir() / "gold" / "dev").glob("*.json"))
