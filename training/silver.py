"""The silver corpus: stand-off annotations (doc_id + offsets + labels) joined with ../shared texts.

    python3 -m training.silver check [FILES...]      verify every record, print counts
    python3 -m training.silver export OUT.jsonl [FILES...] [--dev-blind]
                                                     full records in the shape of records.md (for score.py)
    python3 -m training.silver score GOLD [FILES...] rebuild and score against GOLD with score.py

FILES default to training/silver/*.jsonl (the training corpus; the blind dev annotations are
training/silver/dev_blind/*.jsonl and the second annotations of the agreement set
training/silver/agreement/*.jsonl).

A stand-off span is [start, end, crc32-hex of text[start:end]]; `load` fails, naming the file, the
document and the field, when a text changed or an offset no longer points at what it named.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from . import corpus
from .annotate import checksum

SILVER = Path(__file__).resolve().parent / "silver"


class SilverError(ValueError):
    pass


def default_files(kind: str = "train") -> list:
    folder = {"train": SILVER, "dev_blind": SILVER / "dev_blind", "agreement": SILVER / "agreement"}[kind]
    return sorted(folder.glob("*.jsonl"))


def read_standoff(files) -> list:
    out = []
    for f in files:
        f = Path(f)
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SilverError(f"{f}:{n}: not JSON: {exc}") from None
                r["_origin"] = f"{f.name}:{n}"
                out.append(r)
    return out


def _text(text, span, where):
    if span is None:
        return None
    a, b, h = span
    if not (0 <= a <= b <= len(text)) or checksum(text[a:b]) != h:
        raise SilverError(f"{where}: offsets [{a}, {b}] no longer point at the text they named")
    return text[a:b]


def _entity(text, e, where):
    surface = _text(text, e.get("span"), where)
    out = {"text": surface or e["name"], "name": e["name"], "span": e["span"][:2] if e.get("span") else None}
    for k in ("country", "agent", "title", "affiliation", "aliases"):
        if e.get(k) is not None:
            out[k] = e[k]
    return out


def rebuild(r: dict) -> dict:
    """One stand-off record -> a full document in the shape of records.md (text joined from ../shared)."""
    did = r["doc_id"]
    where0 = f"{r.get('_origin', '?')} {did}"
    t = corpus.get(did)
    if hashlib.sha1(t.text.encode("utf-8")).hexdigest() != r["text_sha1"]:
        raise SilverError(f"{where0}: the text in ../shared changed since it was annotated")
    text = t.text
    events = []
    for i, e in enumerate(r["events"]):
        w = f"{where0} event {i}"
        ev = {"event_type": e["event_type"], "status": e["status"], "mode": e.get("mode", []),
              "context": e.get("context", []),
              "sentence": _text(text, e["sentence"], w + " sentence"), "span": e["sentence"][:2],
              "trigger": {"text": _text(text, e["trigger"], w + " trigger"), "span": e["trigger"][:2]},
              "actor": [_entity(text, a, w + " actor") for a in e["actor"]],
              "recipient": [_entity(text, a, w + " recipient") for a in e["recipient"]],
              "location": None, "date": None, "counts": e["counts"]}
        if e.get("location"):
            loc = e["location"]
            surface = _text(text, loc.get("span"), w + " location")
            ev["location"] = {"text": surface or loc["name"], "name": loc["name"], "country": loc.get("country"),
                              "span": loc["span"][:2] if loc.get("span") else None}
            for k in ("admin1", "feature"):
                if loc.get(k):
                    ev["location"][k] = loc[k]
        if e.get("date"):
            d = e["date"]
            surface = _text(text, d.get("span"), w + " date")
            ev["date"] = {"text": surface, "start": d["start"], "end": d["end"], "granularity": d["granularity"],
                          "span": d["span"][:2] if d.get("span") else None}
        events.append(ev)
    quotes = []
    for i, q in enumerate(r["quotes"]):
        w = f"{where0} quote {i}"
        quotes.append({"quote": _text(text, q["span"], w), "span": q["span"][:2], "direct": q["direct"],
                       "speaker": _entity(text, q["speaker"], w + " speaker"),
                       "cue": _text(text, q.get("cue"), w + " cue")})
    return {"doc_id": did, "corpus": r.get("corpus"), "annotator": r.get("annotator"), "title": t.title,
            "source": t.source, "published": t.published, "text": text, "events": events, "quotes": quotes}


def load(files=None, kind: str = "train") -> list:
    """Full records of the silver corpus (verified). One record per doc_id: a later file's record for
    the same document replaces an earlier one."""
    recs = {}
    for r in read_standoff(files if files is not None else default_files(kind)):
        recs[r["doc_id"]] = rebuild(r)
    return [recs[k] for k in sorted(recs)]


def write_jsonl(docs, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


def score(gold: Path, system_docs: list, by_type=False) -> dict:
    """Score documents with ../shared/tools/score.py (JSON result)."""
    tool = corpus.shared_dir() / "tools" / "score.py"
    with tempfile.TemporaryDirectory() as tmp:
        sys_path = Path(tmp) / "system.jsonl"
        write_jsonl(system_docs, sys_path)
        cmd = [sys.executable, str(tool), str(gold), str(sys_path), "--json"] + (["--by-type"] if by_type else [])
        res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def stats(docs) -> dict:
    from collections import Counter
    by_corpus = Counter(d["corpus"] for d in docs)
    types = Counter(e["event_type"] for d in docs for e in d["events"])
    status = Counter(e["status"] for d in docs for e in d["events"])
    return {"documents": len(docs), "by_corpus": dict(by_corpus),
            "events": sum(len(d["events"]) for d in docs), "quotes": sum(len(d["quotes"]) for d in docs),
            "types": dict(types.most_common()), "status": dict(status.most_common())}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("check", "export", "score"):
        p = sub.add_parser(name)
        if name == "export":
            p.add_argument("out", type=Path)
        if name == "score":
            p.add_argument("gold", type=Path)
        p.add_argument("files", nargs="*", type=Path)
        p.add_argument("--kind", choices=("train", "dev_blind", "agreement"), default="train")
    args = ap.parse_args(argv)
    try:
        docs = load(args.files or None, kind=args.kind)
    except (SilverError, KeyError) as exc:
        print(f"silver: {exc}", file=sys.stderr)
        return 1
    if args.cmd == "check":
        print(json.dumps(stats(docs), indent=1))
    elif args.cmd == "export":
        write_jsonl(docs, args.out)
        print(f"wrote {len(docs)} documents to {args.out}")
    else:
        print(json.dumps(score(args.gold, docs), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
