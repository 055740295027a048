#!/usr/bin/env python3
"""Cross-source fusion scored on the fusion gold (../shared/gold/fusion/dev.jsonl).

    python3 benchmarks/fusion_eval.py [--gold GOLD.jsonl] [--db FILE] [--out DIR] [--by-cluster]

Runs the full pipeline over the documents the gold lists (texts from ../shared/corpus: the Guardian articles and
the seeds), stores them, fuses them (sitroom.fuse), writes the system documents (JSONL of the record contract,
with incident_id and incident on each event) and scores them with ../shared/tools/score_fusion.py. The floor is
computed in the same run on the same system events: every event linked to all events of the same type in
documents published on the same day. Prints link P/R/F1, B-cubed F1 and the killed/injured disagreements
exposed, for fusion and for the floor. With --db an existing store of those documents is read again and fused
(no extraction).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("SITROOM_SHARED", ROOT.parent / "shared"))
GOLD = SHARED / "gold" / "fusion" / "dev.jsonl"
SCORER = SHARED / "tools" / "score_fusion.py"
CORPUS = SHARED / "corpus"


def gold_clusters(path: Path) -> list:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus_records(doc_ids: set) -> list:
    """The documents named, with their metadata, from ../shared/corpus (seeds and JSONL corpora)."""
    out = {}
    meta = CORPUS / "seeds" / "metadata.jsonl"
    if meta.exists():
        for line in meta.read_text(encoding="utf-8").splitlines():
            m = json.loads(line)
            if m["doc_id"] in doc_ids:
                out[m["doc_id"]] = {"doc_id": m["doc_id"], "text": (CORPUS / "seeds" / m["file"]).read_text(encoding="utf-8"),
                                    "published": m.get("published"), "source": m.get("source") or m["doc_id"],
                                    "title": m.get("title")}
    for path in sorted(CORPUS.glob("*/*.jsonl")):
        if path.name == "metadata.jsonl":
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not any(f'"{d}"' in line for d in doc_ids - set(out)):
                    continue
                d = json.loads(line)
                if d.get("doc_id") in doc_ids and d["doc_id"] not in out:
                    out[d["doc_id"]] = {k: d.get(k) for k in ("doc_id", "text", "published", "source", "title")}
    missing = doc_ids - set(out)
    if missing:
        raise SystemExit(f"{CORPUS}: no text for {', '.join(sorted(missing))}")
    return [out[d] for d in sorted(out)]


def score(gold: Path, system: Path, by_cluster: bool) -> dict:
    cmd = [sys.executable, str(SCORER), str(gold), str(system)] + (["--by-cluster"] if by_cluster else [])
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def line(name: str, r: dict) -> str:
    lk, b3, fig = r["links"], r["bcubed"], r["figures"]
    return (f"{name:<22} link P {lk['precision']:.3f} R {lk['recall']:.3f} F1 {lk['f1']:.3f}   "
            f"B3 P {b3['precision']:.3f} R {b3['recall']:.3f} F1 {b3['f1']:.3f}   "
            f"figures {fig['exposed']}/{fig['gold_disagreements']}   aligned {r['aligned_mentions']}/{r['gold_mentions']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--db", type=Path, help="a store of the gold's documents to fuse again (default: build one)")
    ap.add_argument("--out", type=Path, help="folder for the system files (default: a temporary one)")
    ap.add_argument("--by-cluster", action="store_true")
    a = ap.parse_args()
    import sitroom
    from sitroom.fuse import fuse

    clusters = gold_clusters(a.gold)
    doc_ids = {d for c in clusters for d in c["doc_ids"]}
    out = a.out or Path(tempfile.mkdtemp(prefix="fusion-eval-"))
    out.mkdir(parents=True, exist_ok=True)
    db = a.db or out / "fusion.db"
    store = sitroom.Store(db)
    if not a.db:
        src = out / "documents.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in corpus_records(doc_ids)),
                       encoding="utf-8")
        t = time.perf_counter()
        rep = store.ingest([str(src)], n_process=1)
        print(f"pipeline: {rep.summary()} ({time.perf_counter() - t:.1f} s)")
    print(fuse(store, incremental=False).summary())
    docs = [store.document(d).as_dict() for d in sorted(doc_ids) if store.document(d) is not None]
    system = out / "system.jsonl"
    system.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    floor = out / "floor.jsonl"     # same type, same publication day: on the same system events
    with floor.open("w", encoding="utf-8") as fh:
        for d in docs:
            for e in d["events"]:
                e["incident_id"] = f"{e['event_type']}@{d['published']}"
                e.pop("incident", None)
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    ours, base = score(a.gold, system, a.by_cluster), score(a.gold, floor, a.by_cluster)
    print(line("fusion", ours))
    print(line("floor (type + day)", base))
    if a.by_cluster:
        for cid, r in ours["by_cluster"].items():
            print(line(f"  fusion {cid}", r))
            print(line(f"  floor {cid}", base["by_cluster"][cid]))
    for d in ours["figures"].get("detail", []) if isinstance(ours["figures"], dict) else []:
        print("  disagreement", d)
    (out / "scores.json").write_text(json.dumps({"fusion": ours, "floor": base}, indent=1), encoding="utf-8")
    print(f"system files and scores in {out}")


if __name__ == "__main__":
    main()
