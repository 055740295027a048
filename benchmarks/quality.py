#!/usr/bin/env python3
"""Score sitroom on the gold sets in ../shared/gold with ../shared/tools/score.py.

    python benchmarks/quality.py [--sets dev,gsr,timex,lgl,trnews,polnear] [--out DIR] [--json]

For each set it runs the full pipeline over the gold texts (with their `published`
dates), writes the system output as JSONL under --out, and prints score.py's report.
With --json it also writes DIR/scores.json (the CI quality gate reads it).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(__import__("os").environ.get("SITROOM_SHARED", ROOT.parent / "shared"))
GOLD = SHARED / "gold"
SCORER = SHARED / "tools" / "score.py"

SETS = {
    "dev": GOLD / "dev",
    "gsr": GOLD / "plover_gsr_dev.jsonl",
    "timex": GOLD / "timex" / "te3_platinum.jsonl",
    "lgl": GOLD / "geo" / "lgl.jsonl",
    "trnews": GOLD / "geo" / "trnews.jsonl",
    "polnear": GOLD / "attribution" / "polnear_dev.jsonl",
}


def gold_docs(path: Path) -> list[dict]:
    if path.is_dir():
        return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.json"))]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def run_set(name: str, out: Path, n_process: int) -> tuple[Path, float, int]:
    from sitroom.pipeline import Failed, RawDocument, extract_many
    docs = gold_docs(SETS[name])
    raws = [RawDocument(text=d["text"], doc_id=d["doc_id"], published=d.get("published"), source=d.get("source"))
            for d in docs]
    t = time.perf_counter()
    target = out / f"{name}.jsonl"
    with target.open("w", encoding="utf-8") as fh:
        for doc in extract_many(raws, n_process=n_process):
            if isinstance(doc, Failed):       # a score over fewer documents would mislead
                raise SystemExit(f"{name}: {doc.describe()}\n{doc.detail}")
            fh.write(json.dumps(doc.as_dict(), ensure_ascii=False) + "\n")
    return target, time.perf_counter() - t, len(raws)


def score(name: str, system: Path) -> tuple[str, dict]:
    gold = SETS[name]
    report = subprocess.run([sys.executable, str(SCORER), str(gold), str(system), "--by-type"],
                            capture_output=True, text=True, check=True).stdout
    js = json.loads(subprocess.run([sys.executable, str(SCORER), str(gold), str(system), "--json"],
                                   capture_output=True, text=True, check=True).stdout)
    return report, js


def our_date_values(name: str, system: Path) -> dict:
    """TimeML value accuracy from our own `value` field (score.py derives its value from start+granularity,
    so it cannot credit PRESENT_REF, seasons, decades ...): gold DATE expressions matched by overlapping
    span with score.py's match_spans, value compared as a string."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("sitroom_bench_score", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    system_docs = {d["doc_id"]: d for d in gold_docs(system)}
    n_gold = matched = ok = 0
    for g in gold_docs(SETS[name]):
        gt = [t for t in g.get("dates", []) if t.get("type", "DATE") == "DATE" and t.get("value")]
        n_gold += len(gt)
        for gd, sd in scorer.match_spans(gt, system_docs.get(g["doc_id"], {}).get("dates", [])):
            matched += 1
            ok += sd.get("value") == gd["value"]
    return {"gold": n_gold, "matched": matched, "value_ok": ok,
            "value_matched": round(ok / matched, 4) if matched else None,
            "value_all_gold": round(ok / n_gold, 4) if n_gold else None}


def with_line_after(report: str, prefix: str, line: str) -> str:
    """The report with `line` inserted after its first line starting with `prefix` (at the end if none)."""
    lines = report.split("\n")
    at = next((i + 1 for i, x in enumerate(lines) if x.startswith(prefix)), len(lines))
    return "\n".join(lines[:at] + [line] + lines[at:])


def textacy_quotes(out: Path) -> Path:
    """textacy's direct_quotations over the dev documents, in the contract's shape (the quote baseline)."""
    from textacy.extract.triples import direct_quotations
    from sitroom import nlp as _nlp
    nlp = _nlp.load_bare()
    target = out / "dev_textacy.jsonl"
    bailed = []
    with target.open("w", encoding="utf-8") as fh:
        for d in gold_docs(SETS["dev"]):
            doc = nlp(d["text"])
            quotes = []
            try:
                found = list(direct_quotations(doc))
            except ValueError:  # textacy refuses documents with an odd number of quotation marks
                found = []
                bailed.append(d["doc_id"])
            for q in found:
                speaker = " ".join(t.text for t in q.speaker)
                content = " ".join(s.text for s in q.content).strip("\"“”' ")
                quotes.append({"quote": content, "direct": True, "speaker": {"text": speaker, "name": speaker},
                               "cue": " ".join(t.text for t in q.cue)})
            fh.write(json.dumps({"doc_id": d["doc_id"], "events": [], "quotes": quotes}) + "\n")
    if bailed:
        print(f"(textacy bailed out on {len(bailed)} documents with unbalanced quotation marks: {', '.join(bailed)})")
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ",".join(SETS))
    ap.add_argument("--out", default="out/quality", help="where system outputs go")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="also write OUT/scores.json")
    ap.add_argument("--no-textacy", action="store_true", help="skip the textacy quote baseline")
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    scores = {}
    for name in [s.strip() for s in a.sets.split(",") if s.strip()]:
        if not SETS[name].exists():
            print(f"== {name}: {SETS[name]} not found, skipped")
            continue
        system, secs, n = run_set(name, out, a.processes)
        report, js = score(name, system)
        js["seconds"] = round(secs, 1)
        scores[name] = js
        if name == "timex":
            ours = our_date_values(name, system)
            js["dates_value_ours"] = ours
            report = with_line_after(
                report, "dates ",
                f"dates     value ok (ours: When.value)  matched {ours['value_matched']}  "
                f"over all gold {ours['value_all_gold']}  ({ours['value_ok']} of {ours['gold']} gold DATE)")
        print(f"== {name} ({n} documents, {secs:.1f} s) — {SETS[name]}")
        print(report)
        if name == "dev" and not a.no_textacy:
            try:
                baseline = textacy_quotes(out)
            except ImportError:
                print("(textacy not installed: pip install -e '.[bench]' for the quote baseline)\n")
            else:
                b = score("dev", baseline)[1]["quotes"]
                q = js["quotes"]
                print("quotes side by side on dev        P      R      F1     speaker")
                for label, x in (("sitroom", q), ("textacy direct_quotations", b)):
                    sp = f"{x['speaker']:.3f}" if x["speaker"] is not None else "  -  "
                    print(f"  {label:<30} {x['precision']:.3f}  {x['recall']:.3f}  {x['f1']:.3f}  {sp}")
                print()
                scores["dev_textacy_quotes"] = b
    if a.json:
        (out / "scores.json").write_text(json.dumps(scores, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
