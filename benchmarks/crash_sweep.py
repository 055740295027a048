#!/usr/bin/env python3
"""Crash sweep: every text of ../shared/corpus and ../shared/gold through the input door and the pipeline.

    python3 benchmarks/crash_sweep.py [--workers 2] [--sample N] [--out report.json] [PATH ...]

Reads the folders (default: SHARED/corpus and SHARED/gold) with `sitroom.ingest.read`, as `sitroom run`
does, extracts every document with per-document isolation, and checks each result: a Failed record is a
crash; a Document must validate against the contract's JSON Schema and every span must point at its text
in the document (events at their sentence, quotes, places, dates, actors at their surface text). Prints
the figures and writes a JSON report (--out) listing every crash and every invalid document with its origin;
exits 1 if there is any. `--sample N` takes N documents evenly spread over the whole input (CI runs that,
tests/test_crash_sweep.py); without it every document is read (several thousand, minutes on 2 cores).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("SITROOM_SHARED", ROOT.parent / "shared"))


def documents(paths: list) -> tuple[list, list]:
    """(RawDocuments, Skipped) of everything under `paths`, through the input door."""
    from sitroom import ingest
    raws, skipped = [], []
    for item in ingest.read(paths):
        (skipped if isinstance(item, ingest.Skipped) else raws).append(item)
    return raws, skipped


def sample(items: list, n: int) -> list:
    """n items evenly spread over the list (all of them if n is 0 or not smaller)."""
    if not n or n >= len(items):
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


def problems(doc) -> list:
    """What is wrong with a Document: schema errors and spans that do not point at their text."""
    from sitroom.schema import validate
    out = []
    d = doc.as_dict()
    try:
        validate(d)
    except Exception as exc:  # noqa: BLE001 - any validation error is reported, not raised
        out.append(f"schema: {str(exc).splitlines()[0][:300]}")
    text = d["text"]

    def at(span, want, what):
        if span is None:
            return
        s, e = span
        if not (0 <= s <= e <= len(text)) or (want is not None and text[s:e] != want):
            out.append(f"{what} span {span} does not hold {want!r}")

    for e in d["events"]:
        at(e["span"], e["sentence"], "event")
        if e["trigger"]:
            at(e["trigger"]["span"], e["trigger"]["text"], "trigger")
    for q in d["quotes"]:
        at(q["span"], q["quote"], "quote")
    for kind in ("places", "dates", "actors"):
        for x in d[kind]:
            at(x["span"], x["text"], kind[:-1])
    return out


def sweep(paths: list, workers: int = 1, n: int = 0) -> dict:
    from sitroom import nlp as _nlp
    from sitroom.pipeline import Failed, extract_many
    t0 = time.perf_counter()
    raws, skipped = documents(paths)
    raws = sample(raws, n)
    words = sum(len(r.text.split()) for r in raws)
    _nlp.load()
    t1 = time.perf_counter()
    crashes, invalid, read = [], [], 0
    for raw, res in zip(raws, extract_many(iter(raws), n_process=workers)):   # results come in input order
        read += 1
        if isinstance(res, Failed):
            crashes.append({"origin": res.origin, "doc_id": res.doc_id, "stage": res.stage, "error": res.error,
                            "detail": res.detail})
            continue
        bad = problems(res)
        if bad:
            invalid.append({"origin": raw.origin, "doc_id": res.doc_id, "problems": bad[:20]})
    seconds = time.perf_counter() - t1
    return {"inputs": [str(p) for p in paths], "documents": read, "words": words, "workers": workers,
            "crashes": crashes, "invalid": invalid,
            "skipped": [{"origin": s.origin, "reason": s.reason} for s in skipped],
            "skipped_by_reason": dict(Counter(s.reason.split(":")[0] for s in skipped)),
            "seconds": round(seconds, 1), "seconds_with_ingest": round(time.perf_counter() - t0, 1),
            "words_per_second": round(words / seconds) if seconds else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", help="folders or files (default: SHARED/corpus and SHARED/gold)")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--sample", type=int, default=0, help="only N documents, evenly spread (0: all)")
    ap.add_argument("--out", help="write the JSON report here")
    a = ap.parse_args(argv)
    paths = [Path(p) for p in a.paths] or [SHARED / "corpus", SHARED / "gold"]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"no such input: {', '.join(missing)}", file=sys.stderr)
        return 2
    r = sweep(paths, a.workers, a.sample)
    if a.out:
        Path(a.out).write_text(json.dumps(r, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"crash sweep over {', '.join(r['inputs'])}: {r['documents']} documents ({r['words']:,} words), "
          f"{len(r['crashes'])} crashes, {len(r['invalid'])} invalid, {len(r['skipped'])} inputs skipped "
          f"{r['skipped_by_reason']}; {r['seconds']} s with {r['workers']} workers "
          f"({r['words_per_second']:,} words/s)")
    for c in r["crashes"]:
        print(f"  CRASH {c['origin']} (doc {c['doc_id']}) in {c['stage']}: {c['error']}")
    for d in r["invalid"]:
        print(f"  INVALID {d['origin']} (doc {d['doc_id']}): {'; '.join(d['problems'][:3])}")
    return 1 if r["crashes"] or r["invalid"] else 0


if __name__ == "__main__":
    sys.exit(main())
