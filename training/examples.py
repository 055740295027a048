"""Training examples for the learned reader, built from labelled documents (silver or gold records).

Each document is parsed once by the shipped pipeline (with the rule stages, whose findings are
features); the examples of a document are cached under ~/.cache/sitroom/train keyed by its text,
its labels and FEATURES_VERSION, so cross-validation and training re-use one parse.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

FEATURES_VERSION = "f11e"
CACHE = Path.home() / ".cache" / "sitroom" / "train"


@dataclass
class SentenceExample:
    doc_id: str
    index: int            # sentence number in the document
    span: tuple           # (start, end) character offsets
    features: list
    dense: np.ndarray
    types: set            # gold/silver event types of this sentence
    rule_types: set       # what the rule coder found


@dataclass
class Example:
    """One row for a token-, status- or role-model: features, dense vector (or None), label."""
    doc_id: str
    features: list
    label: object
    dense: object = None
    group: int = -1          # roles: the labelled event the row belongs to
    gold: object = None      # roles: the labelled event's (actor, recipient) entities; rule: the rule's reading


@dataclass
class DocExamples:
    doc_id: str
    sentences: list = field(default_factory=list)
    tokens: list = field(default_factory=list)     # trigger candidates: label = type or NONE
    status: list = field(default_factory=list)     # labelled events' triggers: label = status
    roles: list = field(default_factory=list)      # (labelled event, mention): label = actor|recipient|none
    tokens_per_sentence: list = field(default_factory=list)
    rule_roles: list = field(default_factory=list)  # (event index, gold actor, gold recipient, rule actor, rule recip)
    places: list = field(default_factory=list)     # (labelled event, candidate place): label = yes|no


CONTENT_POS = ("VERB", "NOUN", "ADJ", "PROPN")  # the words `is_candidate` admits


def trigger_token(doc, span):
    """The token a labelled trigger span rests on: its syntactic head when that is a content word, else the
    first verb or noun in it."""
    cs = doc.char_span(span[0], span[1], alignment_mode="expand")
    if cs is None or not len(cs):
        return None
    if cs.root.pos_ in CONTENT_POS:
        return cs.root
    return next((t for t in cs if t.pos_ in ("VERB", "NOUN")), None) or next(
        (t for t in cs if t.pos_ in CONTENT_POS), None)


def _norm(s):
    import re
    s = (s or "").lower().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s).replace(".", "")
    s = re.sub(r"[^\w]+", " ", s).strip()
    for a in ("the ", "a ", "an "):
        if s.startswith(a):
            s = s[len(a):]
    return s


def entity_matches(labelled: dict, ent) -> bool:
    """A labelled entity (name, aliases, span) and a system mention are the same: overlapping spans, or names
    equal or contained as whole words (as the scorer reads names)."""
    if labelled.get("span") and ent.span and overlap(labelled["span"], ent.span) > 0:
        return True
    gold = {_norm(labelled.get("name"))} | {_norm(a) for a in labelled.get("aliases") or []}
    sys_ = {_norm(ent.name), _norm(ent.text)}
    gold.discard("")
    sys_.discard("")
    for x in gold:
        for y in sys_:
            if x == y or f" {x} " in f" {y} " or f" {y} " in f" {x} ":
                return True
    return False


def place_matches(labelled: Optional[dict], place) -> bool:
    """A labelled location and a candidate place are the same as the scorer reads them: a name (the labelled
    surface text included) equal to or inside the other's as whole words, or a labelled country and a place
    in that country."""
    if not labelled:
        return False
    gold = {_norm(labelled.get("name")), _norm(labelled.get("text"))} | {_norm(a) for a in labelled.get("aliases") or []}
    sys_ = {_norm(place.name), _norm(place.text)}
    gold.discard("")
    sys_.discard("")
    for x in gold:
        for y in sys_:
            if x == y or f" {x} " in f" {y} " or f" {y} " in f" {x} ":
                return True
    return labelled.get("feature") == "country" and bool(labelled.get("country")) \
        and labelled.get("country") == place.country


def overlap(a, b) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def sentence_of(span, sents) -> int:
    """Index of the parser sentence that overlaps the labelled sentence most (its start breaks ties)."""
    best, best_i = -1, 0
    for i, s in enumerate(sents):
        o = overlap(span, s)
        if o > best:
            best, best_i = o, i
    return best_i


def event_span(rec: dict, ev: dict):
    if ev.get("span"):
        return tuple(ev["span"])
    i = rec["text"].find(ev["sentence"])
    return (i, i + len(ev["sentence"])) if i >= 0 else (0, 0)


def _key(rec: dict) -> str:
    h = hashlib.sha1()
    h.update(FEATURES_VERSION.encode())
    h.update(rec["text"].encode("utf-8"))
    h.update(json.dumps([(e["event_type"], event_span(rec, e)) for e in rec["events"]], sort_keys=True).encode())
    return h.hexdigest()[:16]


def build(rec: dict) -> DocExamples:
    from sitroom.learn.event_features import (
        is_candidate, role_features, sentence_features, span_vector, status_features, trigger_features,
    )
    from sitroom.learn.place_features import candidates, doc_places, place_features
    from sitroom.events.place import for_event
    from sitroom.pipeline import Context, RawDocument, parse

    raw = RawDocument(text=rec["text"], doc_id=rec["doc_id"], published=rec.get("published"),
                      source=rec.get("source"))
    old = os.environ.get("SITROOM_READER")
    os.environ["SITROOM_READER"] = "rules"  # the rule coder's findings are the features; no model reads here
    try:
        doc = parse(raw)
    finally:
        if old is None:
            os.environ.pop("SITROOM_READER")
        else:
            os.environ["SITROOM_READER"] = old
    ctx = Context(doc)
    sents = list(doc.sents)
    spans = [(s.start_char, s.end_char) for s in sents]
    gold = [set() for _ in sents]
    for ev in rec["events"]:
        gold[sentence_of(event_span(rec, ev), spans)].add(ev["event_type"])
    rule = [[] for _ in sents]
    for ev in ctx.rule_events:
        rule[sentence_of(tuple(ev.span), spans)].append(ev)
    did = rec["doc_id"]
    out = DocExamples(did)
    # labelled triggers -> token labels
    tok_label = {}
    labelled_at = []  # (event, trigger token)
    for ev in rec["events"]:
        tspan = (ev.get("trigger") or {}).get("span")
        if not tspan:
            continue
        tok = trigger_token(doc, tspan)
        if tok is not None:
            tok_label.setdefault(tok.i, ev["event_type"])
            labelled_at.append((ev, tok))
    rule_trig = {}
    for ev in ctx.rule_events:
        if ev.trigger and ev.trigger.span:
            tok = trigger_token(doc, ev.trigger.span)
            if tok is not None:
                rule_trig[tok.i] = ev
    for i, s in enumerate(sents):
        sf = sentence_features(s, rule[i])
        rtypes = {e.event_type for e in rule[i]}
        out.sentences.append(SentenceExample(did, i, spans[i], sf, span_vector(s), gold[i], rtypes))
        n0 = len(out.tokens)
        for t in s:
            if is_candidate(t):
                rt = rule_trig.get(t.i)
                out.tokens.append(Example(did, trigger_features(t, sf, rtypes, rt.event_type if rt else None),
                                          tok_label.get(t.i, "NONE"), span_vector(doc[t.i:t.i + 1])))
        out.tokens_per_sentence.append(len(out.tokens) - n0)
    dp = doc_places(doc, ctx)
    # status, roles and place of each labelled event, on the parse
    for gi, (ev, tok) in enumerate(labelled_at):
        si = sentence_of(event_span(rec, ev), spans)
        same = [e for e in rule[si] if e.event_type == ev["event_type"]]
        rule_status = same[0].status if same else None
        out.status.append(Example(did, status_features(tok, ev["event_type"], rule_status), ev["status"]))
        s0, s1 = spans[si]
        inside = []
        for m in [a for a in ctx.actors if a.span and s0 <= a.span[0] and a.span[1] <= s1]:
            mspan = doc.char_span(m.span[0], m.span[1], alignment_mode="expand")
            if mspan is not None and len(mspan):
                inside.append((m, mspan))
        roots = [ms.root for _, ms in inside]
        for m, mspan in inside:
            rr = None
            for e in same:
                if any(x.span == m.span for x in e.actor):
                    rr = "actor"
                elif any(x.span == m.span for x in e.recipient):
                    rr = "recipient"
            label = "none"
            if any(entity_matches(a, m) for a in ev["actor"]):
                label = "actor"
            elif any(entity_matches(a, m) for a in ev["recipient"]):
                label = "recipient"
            out.roles.append(Example(did, role_features(mspan.root, m, tok, ev["event_type"], rr, roots,
                                                                   ctx.place_uses.get(tuple(m.span))), label, group=gi,
                                     gold=(ev["actor"], ev["recipient"], m, rr)))
        rule_place = same[0].location if same else for_event(ctx, s0, s1, tok.idx, ev["event_type"])
        cands = candidates(dp, si)
        for p, d in cands:
            out.places.append(Example(did, place_features(doc, ctx, dp, p, d, tok, ev["event_type"], rule_place, cands),
                                      "yes" if place_matches(ev.get("location"), p) else "no", group=gi,
                                      gold=bool(ev.get("location"))))
        if same:  # the rule coder's reading of this event, for comparison
            out.rule_roles.append((gi, ev["actor"], ev["recipient"], same[0].actor, same[0].recipient))
    return out


def examples(rec: dict) -> DocExamples:
    path = CACHE / f"{rec['doc_id']}-{_key(rec)}.pkl"
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)
    ex = build(rec)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(ex, f)
    tmp.replace(path)  # whole or not at all: another process may read it at once
    return ex
