"""The annotators' tool: read a document sentence by sentence, write a draft, compile it to stand-off.

    python3 -m training.annotate show DOC_ID [DOC_ID ...]
        the document's metadata and its sentences, numbered, with character offsets
    python3 -m training.annotate compile DRAFT.json --out training/silver/NAME.jsonl --annotator NAME
        turns drafts (one JSON object per document, in a list or as JSON Lines) into stand-off
        records: every text the draft quotes is located in the document and replaced by offsets;
        errors name the document, the item and what is wrong, and nothing is written for a document
        with errors. Records already in OUT for the same doc_id are replaced.
    python3 -m training.annotate list [--corpus guardian_sdf|voa|ngec_synthetic|seeds]
        doc_ids with their length in characters

The draft format (see training/ANNOTATING.md):

    {"doc_id": "guardian-003",
     "events": [{"s": 4, "type": "ASSAULT", "status": "asserted", "trigger": "struck",
                 "actor": [{"text": "Turkish jets", "name": "Turkey", "country": "TUR", "agent": "MIL"}],
                 "recipient": [{"text": "Kurdish positions", "name": "People's Protection Units"}],
                 "location": {"text": "Afrin", "name": "Afrin", "country": "SY"},
                 "date": {"text": "on Sunday", "start": "2018-01-21", "end": "2018-01-21",
                          "granularity": "day"},
                 "killed": 12, "injured": null, "size": null, "mode": ["aerial"], "context": []}],
     "quotes": [{"s": 7, "quote": "first words ... last words", "direct": true, "cue": "said",
                 "speaker": {"text": "he", "name": "Jane Doe", "title": "spokeswoman",
                             "affiliation": "the ministry"}}]}

`s` is the sentence number `show` prints (or "4-5" for a sentence spaCy split in two). Texts are
searched in that sentence first, then in the rest of the document (nearest first); "A ... B" means
the stretch from A to B. The stand-off records hold offsets, labels and an 8-hex checksum of every
span (training/silver.py verifies them), never the document's sentences.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
import zlib
from pathlib import Path

from . import corpus

EVENT_TYPES = ("AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
               "PROTEST SANCTION MOBILIZE COERCE ASSAULT").split()
STATUSES = ("asserted", "future", "hypothetical", "negated")
GRANULARITIES = ("day", "week", "month", "quarter", "year")
CACHE = Path.home() / ".cache" / "sitroom" / "sentences"
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")
QUOTE_CHARS = {"'": "['’‘`]", "’": "['’‘`]", "‘": "['’‘`]", '"': "[\"“”]", "“": "[\"“”]", "”": "[\"“”]",
               "-": "[-–—]", "–": "[-–—]", "—": "[-–—]"}


LENIENT = False   # --lenient: an entity text that is not found loses its span instead of failing
DROPPED: list = []


def checksum(s: str) -> str:
    return f"{zlib.crc32(s.encode('utf-8')):08x}"


def sentences(doc_id: str) -> list:
    """[(start, end)] of the document's sentences as the pipeline's parser splits them (cached)."""
    text = corpus.get(doc_id).text
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"{doc_id}-{key}.json"
    if path.exists():
        return [tuple(x) for x in json.loads(path.read_text())]
    from sitroom import nlp
    doc = nlp.load_bare()(text)
    spans = []
    for s in doc.sents:
        start, end = s.start_char, s.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(spans))
    return spans


def show(doc_id: str) -> str:
    t = corpus.get(doc_id)
    lines = [f"=== {doc_id}  corpus={t.corpus}  published={t.published}  source={t.source}",
             f"title: {t.title}"]
    for i, (s, e) in enumerate(sentences(doc_id)):
        lines.append(f"[{i}] ({s}-{e}) {t.text[s:e]}")
    return "\n".join(lines)


class DraftError(ValueError):
    pass


def _pattern(needle: str, bounded: bool = True) -> str:
    """A regex for the needle: whitespace-tolerant, quote/dash variants alike, and anchored at word
    boundaries where the needle starts or ends with a letter or digit ("he" never matches in "the")."""
    parts = []
    for word in needle.split():
        parts.append("".join(QUOTE_CHARS.get(c, re.escape(c)) for c in word))
    pat = r"\s+".join(parts)
    if bounded and needle[:1].isalnum():
        pat = r"(?<!\w)" + pat
    if bounded and needle[-1:].isalnum():
        pat = pat + r"(?!\w)"
    return pat


def _find(text: str, needle: str, lo: int, hi: int):
    """(start, end) of the first needle that starts in text[lo:hi] (it may run on past hi), tolerant of
    quote/dash variants and whitespace; exact case first."""
    pats = [_pattern(needle)] + ([_pattern(needle, bounded=False)] if len(needle) >= 12 else [])
    for pat in pats:  # a long text may touch a word the source ran into it ("saidit"); a short one never
        for flags in (0, re.IGNORECASE):
            m = re.compile(pat, flags).search(text, lo)
            if m and m.start() < hi:
                return m.start(), m.end()
    return None


def locate(text: str, needle: str, sent: tuple, where: str, anywhere: bool = True):
    """Offsets of `needle` ("A ... B" for a stretch): in the sentence first, then the nearest
    occurrence elsewhere in the document (when `anywhere`)."""
    needle = (needle or "").strip()
    if not needle:
        raise DraftError(f"{where}: empty text")
    pieces = [p for p in ELLIPSIS.split(needle) if p]
    s0, s1 = sent

    def stretch(lo, hi):
        first = _find(text, pieces[0], lo, hi)
        if not first:
            return None
        if len(pieces) == 1:
            return first
        last = None
        start = first[1]
        for p in pieces[1:]:
            last = _find(text, p, start, len(text))
            if not last:
                return None
            start = last[1]
        return first[0], last[1]

    hit = stretch(s0, s1)
    if hit:
        return hit
    if anywhere:
        before = [m for m in _all(text, pieces[0]) if m[1] <= s0]
        after = [m for m in _all(text, pieces[0]) if m[0] >= s1]
        for cand in sorted(before, key=lambda m: s0 - m[1])[:1] + sorted(after, key=lambda m: m[0])[:1]:
            hit = stretch(cand[0], len(text))
            if hit:
                return hit
    raise DraftError(f"{where}: text {needle!r} is not in the sentence"
                     + (" nor elsewhere in the document" if anywhere else ""))


def _all(text, needle):
    return [(m.start(), m.end()) for m in re.finditer(_pattern(needle), text, re.IGNORECASE)]


def _span(text, a, b):
    return [a, b, checksum(text[a:b])]


def _lenient_span(text, needle, sent, where):
    try:
        return _span(text, *locate(text, needle, sent, where))
    except DraftError as exc:
        if not LENIENT:
            raise
        DROPPED.append(str(exc))
        return None


def _sentence(sents, s, where):
    try:
        if isinstance(s, str) and "-" in s:
            a, b = (int(x) for x in s.split("-", 1))
        else:
            a = b = int(s)
        if not (0 <= a <= b < len(sents)):
            raise IndexError
    except (ValueError, IndexError, TypeError):
        raise DraftError(f"{where}: no sentence {s!r} (the document has 0-{len(sents) - 1})") from None
    return sents[a][0], sents[b][1]


def _iso(v, where):
    try:
        return dt.date.fromisoformat(str(v)).isoformat()
    except (TypeError, ValueError):
        raise DraftError(f"{where}: {v!r} is not an ISO date (YYYY-MM-DD)") from None


def _int(v, where):
    if v in (None, ""):
        return None
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise DraftError(f"{where}: {v!r} is not a non-negative integer")
    return v


def _entity(text, e, sent, where, speaker=False, table=None):
    """An actor, recipient or speaker: its span (when the text is given), canonical name and the
    document's `entities` entry for that name (aliases, country, agent)."""
    optional = isinstance(e, str)  # a bare name: its span when the sentence names it so, else none
    if optional:
        e = {"text": e, "name": e}
    if not isinstance(e, dict) or not (e.get("name") or e.get("text")):
        raise DraftError(f"{where}: an entity needs a name")
    span = None
    if e.get("text"):
        try:
            span = _span(text, *locate(text, e["text"], sent, where, anywhere=not optional))
        except DraftError as exc:
            if LENIENT:
                DROPPED.append(str(exc))
            elif not optional:
                raise
    out = {"span": span, "name": (e.get("name") or e.get("text")).strip()}
    known = (table or {}).get(out["name"]) or {}
    keys = ("title", "affiliation") if speaker else ("country", "agent")
    for k in keys + ("aliases",):
        v = e.get(k) or (None if speaker and k != "aliases" else known.get(k))
        if v:
            out[k] = v
    if not speaker and out.get("country") and not re.fullmatch(r"[A-Z]{3}", out["country"]):
        raise DraftError(f"{where}: actor country {out['country']!r} is not ISO alpha-3")
    return out


def compile_event(text, sents, ev, where, table=None):
    if ev.get("type") not in EVENT_TYPES:
        raise DraftError(f"{where}: type {ev.get('type')!r} is not one of {' '.join(EVENT_TYPES)}")
    status = ev.get("status", "asserted")
    if status not in STATUSES:
        raise DraftError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    sent = _sentence(sents, ev.get("s"), where)
    out = {"event_type": ev["type"], "status": status, "sentence": _span(text, *sent)}
    if ev.get("trigger"):
        a, b = locate(text, ev["trigger"], sent, f"{where} trigger", anywhere=False)
        out["trigger"] = _span(text, a, b)
    else:
        raise DraftError(f"{where}: no trigger")
    for role in ("actor", "recipient"):
        vals = ev.get(role) or []
        if not isinstance(vals, list):
            vals = [vals]
        out[role] = [_entity(text, e, sent, f"{where} {role}", table=table) for e in vals]
    loc = ev.get("location")
    if loc:
        if not loc.get("name") and not loc.get("text"):
            raise DraftError(f"{where}: location needs a name")
        span = None
        if loc.get("text"):
            span = _lenient_span(text, loc["text"], sent, f"{where} location")
        c = loc.get("country")
        if c and not re.fullmatch(r"[A-Z]{2}", c):
            raise DraftError(f"{where}: location country {c!r} is not ISO alpha-2")
        out["location"] = {"span": span, "name": loc.get("name") or loc["text"], "country": c,
                           **({"admin1": loc["admin1"]} if loc.get("admin1") else {}),
                           **({"feature": loc["feature"]} if loc.get("feature") else {})}
    else:
        out["location"] = None
    d = ev.get("date")
    if d:
        g = d.get("granularity", "day")
        if g not in GRANULARITIES:
            raise DraftError(f"{where}: granularity {g!r} is not one of {', '.join(GRANULARITIES)}")
        start = _iso(d.get("start"), f"{where} date start")
        end = _iso(d.get("end") or d.get("start"), f"{where} date end")
        if end < start:
            raise DraftError(f"{where}: date ends before it starts")
        span = _lenient_span(text, d["text"], sent, f"{where} date") if d.get("text") else None
        out["date"] = {"span": span, "start": start, "end": end, "granularity": g}
    else:
        out["date"] = None
    out["counts"] = {k: _int(ev.get(k), f"{where} {k}") for k in ("killed", "injured", "size")}
    out["mode"] = list(ev.get("mode") or [])
    out["context"] = list(ev.get("context") or [])
    return out


def compile_quote(text, sents, q, where, table=None):
    sent = _sentence(sents, q.get("s"), where)
    if not q.get("quote"):
        raise DraftError(f"{where}: no quote text")
    a, b = locate(text, q["quote"], sent, f"{where} quote", anywhere=False)
    if not isinstance(q.get("direct"), bool):
        raise DraftError(f"{where}: direct must be true or false")
    if not q.get("speaker"):
        raise DraftError(f"{where}: no speaker")
    out = {"span": _span(text, a, b), "direct": q["direct"],
           "speaker": _entity(text, q["speaker"], sent, f"{where} speaker", speaker=True, table=table)}
    if q.get("cue"):
        out["cue"] = _span(text, *locate(text, q["cue"], sent, f"{where} cue"))
    return out


def compile_doc(draft: dict, annotator: str) -> dict:
    doc_id = draft.get("doc_id")
    t = corpus.get(doc_id)
    sents = sentences(doc_id)
    errors, events, quotes = [], [], []
    table = draft.get("entities") or {}
    if not isinstance(table, dict):
        raise DraftError(f"{doc_id}: entities must be an object of name -> {{aliases, country, agent}}")
    for name, info in table.items():
        c = (info or {}).get("country")
        if c and not re.fullmatch(r"[A-Z]{3}", c):
            errors.append(f"{doc_id} entities {name!r}: country {c!r} is not ISO alpha-3")
    for i, ev in enumerate(draft.get("events") or []):
        try:
            events.append(compile_event(t.text, sents, ev, f"{doc_id} event {i} (s={ev.get('s')})", table))
        except DraftError as exc:
            errors.append(str(exc))
    for i, q in enumerate(draft.get("quotes") or []):
        try:
            quotes.append(compile_quote(t.text, sents, q, f"{doc_id} quote {i} (s={q.get('s')})", table))
        except DraftError as exc:
            errors.append(str(exc))
    if errors:
        raise DraftError("\n".join(errors))
    return {"doc_id": doc_id, "corpus": t.corpus, "annotator": annotator,
            "text_sha1": hashlib.sha1(t.text.encode("utf-8")).hexdigest(),
            "events": events, "quotes": quotes}


def read_drafts(path: Path) -> list:
    raw = path.read_text(encoding="utf-8").strip()
    if raw.startswith("["):
        return json.loads(raw)
    try:
        one = json.loads(raw)
        return [one]
    except json.JSONDecodeError:
        return [json.loads(line) for line in raw.splitlines() if line.strip()]


def write_records(out: Path, records: list) -> None:
    """Replace OUT's records for these doc_ids, keep the others, in doc_id order."""
    existing = {}
    if out.exists():
        for line in out.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                existing[r["doc_id"]] = r
    for r in records:
        existing[r["doc_id"]] = r
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(existing[k], ensure_ascii=False, sort_keys=True) + "\n"
                           for k in sorted(existing)), encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("show")
    p.add_argument("doc_ids", nargs="+")
    p = sub.add_parser("compile")
    p.add_argument("drafts", nargs="+", type=Path)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--annotator", required=True)
    p.add_argument("--lenient", action="store_true",
                   help="an actor/recipient/speaker text not found keeps its name and loses its span")
    p = sub.add_parser("list")
    p.add_argument("--corpus")
    args = ap.parse_args(argv)
    if args.cmd == "show":
        for d in args.doc_ids:
            print(show(d))
            print()
        return 0
    if args.cmd == "list":
        for did, t in sorted(corpus.texts().items()):
            if not args.corpus or t.corpus == args.corpus:
                print(did, len(t.text))
        return 0
    global LENIENT
    LENIENT = args.lenient
    records, failed = [], 0
    for path in args.drafts:
        try:
            drafts = read_drafts(path)
        except (OSError, json.JSONDecodeError) as exc:
            print(f"{path}: cannot read: {exc}", file=sys.stderr)
            failed += 1
            continue
        for d in drafts:
            try:
                r = compile_doc(d, args.annotator)
            except (DraftError, KeyError) as exc:
                print(f"{path}: {exc}", file=sys.stderr)
                failed += 1
                continue
            records.append(r)
            print(f"{r['doc_id']}: {len(r['events'])} events, {len(r['quotes'])} quotes")
    for msg in DROPPED:
        print(f"span dropped: {msg}", file=sys.stderr)
    if records:
        write_records(args.out, records)
        print(f"wrote {len(records)} document(s) to {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
