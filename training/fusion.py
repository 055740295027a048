"""Silver fusion clusters: which silver events report the same incident, across documents (stand-off).

    python3 -m training.fusion events DOC_ID...              the silver events of documents, numbered DOC_ID#k
    python3 -m training.fusion compile DRAFT.json --out training/fusion/NAME.jsonl --annotator NAME
    python3 -m training.fusion check [FILES...]              verify every cluster, print counts
    python3 -m training.fusion build OUT.jsonl [FILES...]    the clusters in the shape of the fusion gold
                                                             (../shared/gold/fusion), for score_fusion.py

A draft (kept outside the repository) names the cluster's documents and its incidents; each incident lists
its mentions as silver events, `DOC_ID#k` as `events` prints them:

    {"cluster_id": "s-example", "doc_ids": ["guardian-900", "guardian-901"],
     "incidents": [{"incident_id": "i01", "event_type": "ASSAULT", "description": "own words, short",
                    "date": "2019-10-15", "place": "Tal Abyad, Syria",
                    "mentions": ["guardian-900#3", "guardian-901#0", "guardian-901#7"]}],
     "disagreements": [{"incident_id": "i01", "field": "date", "values": {"guardian-900": "2019-10-15"},
                        "note": "own words"}]}

The stored record keeps offsets and labels only: each mention is the event's sentence and trigger spans
([start, end, crc32 of the text]), its type, status, actor and recipient names and figures, copied from the
silver record, so a change of the text or of the silver event is caught. Killed and injured disagreements
(min and max over an incident's mentions) are derived, as the gold derives them; the others are written
by hand. `build` joins the sentences from ../shared and writes the gold's shape (outside the repository).
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
from collections import defaultdict
from pathlib import Path

from . import corpus
from .silver import SILVER, SilverError, _text, read_standoff

FUSION = Path(__file__).resolve().parent / "fusion"
FIGURES = ("killed", "injured")


def silver_events() -> dict:
    """doc_id -> the silver record's events (training corpus and blind dev)."""
    out = {}
    files = sorted(SILVER.glob("*.jsonl")) + sorted((SILVER / "dev_blind").glob("*.jsonl"))
    for r in read_standoff(files):
        out[r["doc_id"]] = r["events"]
    return out


def _names(ents) -> list:
    return [e["name"] for e in ents or ()]


def show(doc_ids, events=None, out=sys.stdout) -> None:
    events = events if events is not None else silver_events()
    for did in doc_ids:
        t = corpus.get(did)
        evs = events.get(did)
        print(f"== {did}  published {t.published}  {t.title or ''}", file=out)
        if evs is None:
            print("   (no silver record)", file=out)
            continue
        for k, e in enumerate(evs):
            a, b, _ = e["sentence"]
            trig = t.text[e["trigger"][0]:e["trigger"][1]] if e.get("trigger") else "-"
            c = {f: e["counts"].get(f) for f in ("killed", "injured", "size") if (e.get("counts") or {}).get(f) is not None}
            loc = (e.get("location") or {}).get("name")
            date = e.get("date") or {}
            print(f"{did}#{k}  {e['event_type']:<9} {e['status']:<12} trigger={trig!r}  actor={_names(e['actor'])} "
                  f"recipient={_names(e['recipient'])} {c or ''} place={loc} date={date.get('start') or '-'}", file=out)
            print(f"      [{a}-{b}] {t.text[a:b]}", file=out)


def _mention(ref: str, events: dict, where: str) -> dict:
    did, _, k = ref.partition("#")
    evs = events.get(did)
    if evs is None:
        raise SilverError(f"{where}: {did}: no silver record")
    try:
        e = evs[int(k)]
    except (ValueError, IndexError):
        raise SilverError(f"{where}: {ref}: no such event (the document has {len(evs)})") from None
    counts = e.get("counts") or {}
    return {"doc_id": did, "sentence": e["sentence"], "trigger": e.get("trigger"), "event_type": e["event_type"],
            "status": e["status"], "actor": _names(e["actor"]), "recipient": _names(e["recipient"]),
            "killed": counts.get("killed"), "injured": counts.get("injured"), "size": counts.get("size")}


def derived_disagreements(incidents) -> list:
    """Killed and injured spreads over each incident's mentions, with the values per document."""
    out = []
    for inc in incidents:
        for f in FIGURES:
            values = defaultdict(list)
            for m in inc["mentions"]:
                if m.get(f) is not None:
                    values[m["doc_id"]].append(m[f])
            flat = [v for vs in values.values() for v in vs]
            if flat and min(flat) != max(flat):
                out.append({"incident_id": inc["incident_id"], "field": f, "min": min(flat), "max": max(flat),
                            "values": {d: (vs[0] if len(vs) == 1 else vs) for d, vs in sorted(values.items())}})
    return out


def compile_draft(draft: dict, annotator: str, events=None) -> dict:
    events = events if events is not None else silver_events()
    cid = draft["cluster_id"]
    docs = list(draft["doc_ids"])
    seen, incidents = {}, []
    for inc in draft["incidents"]:
        iid = f"{cid}-{inc['incident_id']}"
        where = f"{cid}/{inc['incident_id']}"
        ms = []
        for ref in inc["mentions"]:
            if ref in seen:
                raise SilverError(f"{where}: {ref} is already a mention of {seen[ref]}")
            if ref.partition("#")[0] not in docs:
                raise SilverError(f"{where}: {ref} is not in the cluster's doc_ids")
            seen[ref] = iid
            ms.append(_mention(ref, events, where))
        if len(ms) < 2:
            raise SilverError(f"{where}: an incident needs at least two mentions")
        rec = {"incident_id": iid, "event_type": inc["event_type"], "description": inc.get("description", ""),
               "date": inc.get("date"), "place": inc.get("place"), "mentions": ms}
        types = sorted({m["event_type"] for m in ms})
        if len(types) > 1:
            rec["mention_types"] = types
        incidents.append(rec)
    ids = {i["incident_id"] for i in incidents}
    hand = []
    for d in draft.get("disagreements", ()):
        d = dict(d, incident_id=f"{cid}-{d['incident_id']}")
        if d["incident_id"] not in ids:
            raise SilverError(f"{cid}: disagreement on unknown incident {d['incident_id']}")
        if d["field"] in FIGURES:
            raise SilverError(f"{cid}: killed/injured disagreements are derived from the mentions")
        hand.append(d)
    published = {d: corpus.get(d).published for d in docs}
    return {"cluster_id": cid, "annotator": annotator, "doc_ids": docs, "published": published,
            "incidents": incidents, "disagreements": derived_disagreements(incidents) + hand}


def load(files=None) -> list:
    return read_standoff(files or sorted(FUSION.glob("*.jsonl")))


def build(clusters) -> list:
    """Stand-off clusters -> the fusion gold's shape: each mention's sentence joined from ../shared."""
    out = []
    for c in clusters:
        c = copy.deepcopy(c)
        c.pop("_origin", None)
        for inc in c["incidents"]:
            for m in inc["mentions"]:
                text = corpus.get(m["doc_id"]).text
                where = f"{c['cluster_id']}/{inc['incident_id']}/{m['doc_id']}"
                m["sentence"] = _text(text, m["sentence"], where)
                _text(text, m.pop("trigger", None), where)
        out.append(c)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("events")
    p.add_argument("doc_ids", nargs="+")
    p = sub.add_parser("compile")
    p.add_argument("draft", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--annotator", required=True)
    p = sub.add_parser("check")
    p.add_argument("files", nargs="*", type=Path)
    p = sub.add_parser("build")
    p.add_argument("out", type=Path)
    p.add_argument("files", nargs="*", type=Path)
    a = ap.parse_args(argv)
    try:
        if a.cmd == "events":
            show(a.doc_ids)
        elif a.cmd == "compile":
            rec = compile_draft(json.loads(a.draft.read_text(encoding="utf-8")), a.annotator)
            kept = [r for r in (read_standoff([a.out]) if a.out.exists() else []) if r["cluster_id"] != rec["cluster_id"]]
            for r in kept:
                r.pop("_origin", None)
            a.out.parent.mkdir(parents=True, exist_ok=True)
            a.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept + [rec]), encoding="utf-8")
            n = sum(len(i["mentions"]) for i in rec["incidents"])
            print(f"{a.out}: {rec['cluster_id']}: {len(rec['incidents'])} incidents, {n} mentions, "
                  f"{len(rec['disagreements'])} disagreements")
        else:
            clusters = build(load(a.files))
            if a.cmd == "build":
                a.out.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in clusters), encoding="utf-8")
            for c in clusters:
                n = sum(len(i["mentions"]) for i in c["incidents"])
                multi = sum(len({m["doc_id"] for m in i["mentions"]}) > 1 for i in c["incidents"])
                print(f"{c['cluster_id']}: {len(c['doc_ids'])} documents, {len(c['incidents'])} incidents "
                      f"({multi} across documents), {n} mentions, {len(c['disagreements'])} disagreements")
    except (SilverError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
