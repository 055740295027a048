#!/usr/bin/env python3
"""Cross-source fusion scored on the fusion gold (../shared/gold/fusion/dev.jsonl).

    python3 benchmarks/fusion_eval.py [--gold GOLD.jsonl] [--silver] [--db FILE] [--out DIR] [--by-cluster]

Runs the full pipeline over the documents the gold lists (texts from ../shared/corpus: the Guardian articles and
the seeds), stores them, fuses them (sitroom.fuse), writes the system documents (JSONL of the record contract,
with incident_id and incident on each event) and scores them with ../shared/tools/score_fusion.py. The floor is
computed in the same run on the same system events: every event linked to all events of the same type in
documents published on the same day. Prints link P/R/F1, B-cubed F1 and the killed/injured disagreements
exposed, for fusion and for the floor. With --db an existing store of those documents is read again and fused
(no extraction). With --silver the silver fusion clusters of training/fusion (stand-off over the silver events,
built into the gold's shape in the output folder) are scored too, on the same run, and reported apart from dev:
tune on both, and never on dev alone.
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


def gold_clusters(path: Path) -> list:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus_records(doc_ids: set) -> list:
    """The documents named, with their metadata, from ../shared/corpus (seeds, Guardian, VOA)."""
    from training import corpus
    out = []
    for d in sorted(doc_ids):
        try:
            t = corpus.get(d)
        except KeyError as exc:
            raise SystemExit(str(exc)) from None
        out.append({"doc_id": d, "text": t.text, "published": t.published, "source": t.source or d, "title": t.title})
    return out


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
    ap.add_argument("--silver", action="store_true", help="score the silver clusters of training/fusion too")
    ap.add_argument("--by-cluster", action="store_true")
    a = ap.parse_args()
    import sitroom
    from sitroom.fuse import fuse

    sets = {"dev": a.gold}
    out = a.out or Path(tempfile.mkdtemp(prefix="fusion-eval-"))
    out.mkdir(parents=True, exist_ok=True)
    if a.silver:
        from training import fusion as silver_fusion
        sets["silver"] = out / "silver_gold.jsonl"
        sets["silver"].write_text("".join(json.dumps(c, ensure_ascii=False) + "\n"
                                          for c in silver_fusion.build(silver_fusion.load())), encoding="utf-8")
    doc_ids = {d for g in sets.values() for c in gold_clusters(g) for d in c["doc_ids"]}
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
    results = {}
    for name, gold in sets.items():
        ours, base = score(gold, system, a.by_cluster), score(gold, floor, a.by_cluster)
        results[name] = {"fusion": ours, "floor": base}
        print(line(f"{name}: fusion", ours))
        print(line(f"{name}: floor (type + day)", base))
        if a.by_cluster:
            for cid, r in ours["by_cluster"].items():
                print(line(f"  fusion {cid}", r))
                print(line(f"  floor {cid}", base["by_cluster"][cid]))
        for d in ours["figures"].get("detail", []) if isinstance(ours["figures"], dict) else []:
            print("  disagreement", d)
    (out / "scores.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"system files and scores in {out}")


if __name__ == "__main__":
    main()
