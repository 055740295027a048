"""Assembly: reads one sentence's found acts (type, mode, weight, trigger, actor, recipient, status) ->
writes Event records, one per (type, actor set), with modes, contexts, location (event_place), date
(dates), counts; and carries roles into a next-sentence act told without participants."""
from __future__ import annotations

import weakref

from spacy.tokens import Span

from ..parse_helpers import doc_text
from ..records import Event, Trigger
from ..resources import plover as P
from .. import dates as _dates
from . import place as _event_place
from .counts import counts_for
from .syntax import NOUN_POS
from .. import lexicon


# Every mode and context cue, compiled once for matching tokens at word boundaries.
_MODE_LEX = lexicon.Lexicon((term, (etype, mode)) for etype, modes in P.MODE_CUES.items()
                            for mode, terms in modes for term in terms)
_CONTEXT_LEX = lexicon.Lexicon((term, ctx) for ctx, terms in P.CONTEXT_CUES.items() for term in terms)


def trigger_tokens(sent, a, b):
    """The tokens of the sentence inside the trigger's characters [a, b)."""
    return [t for t in sent if t.idx < b and t.idx + len(t.text) > a]


def _labels(lex, tokens) -> set:
    """The lexicon's labels found in the tokens; for a sentence (a Span) found once per Doc and kept, since
    every event of the sentence asks again (the result is shared: read it, do not change it)."""
    if not isinstance(tokens, Span):
        return lex.labels(tokens)
    per_doc = _SENTENCE_LABELS.get(tokens.doc)
    if per_doc is None:
        per_doc = _SENTENCE_LABELS[tokens.doc] = {}
    key = (id(lex), tokens.start, tokens.end)
    found = per_doc.get(key)
    if found is None:
        found = per_doc[key] = lex.labels(tokens)
    return found


_SENTENCE_LABELS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # Doc -> {(lexicon, start, end): labels}


def _modes(etype, default, sent_tokens, trig_tokens):
    """The event's modes: its default, then each mode of its type whose cue is found in the sentence's
    tokens (or, for trigger-only modes, in the trigger's tokens), in the lexicon's order."""
    out = [default] if default else []
    in_sent = _labels(_MODE_LEX, sent_tokens)
    in_trig = _MODE_LEX.labels(trig_tokens)
    for mode, _ in P.MODE_CUES.get(etype, ()):
        found = in_trig if (etype, mode) in P.TRIGGER_ONLY_MODES else in_sent
        if mode not in out and (etype, mode) in found:
            if etype in ("ASSAULT", "COERCE") or not out:
                out.append(mode)
    return out[:3]


def _contexts(sent_tokens):
    found = _labels(_CONTEXT_LEX, sent_tokens)
    return [ctx for ctx in P.CONTEXT_CUES if ctx in found][:4]


def actor_key(ents):
    return frozenset((e.name or e.text).lower() for e in ents)


def dedupe(ents):
    seen, out = set(), []
    for e in ents:
        k = ((e.name or e.text).lower(), tuple(e.span or ()))
        if k not in seen and (e.name or e.text):
            seen.add(k)
            out.append(e)
    return out


ANAPHORIC_DETS = {"the", "this", "that", "these", "those", "such"}


def points_back(tok) -> bool:
    """A noun with a definite determiner: 'the raid', 'this attack'."""
    return tok.pos_ in NOUN_POS and any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in tok.children)


def carry_roles(cur, prev, sent):
    """An act told on in the next sentence without participants, by a definite noun that points back
    ("Jets struck the town on Monday. The raid lasted an hour.") keeps the previous sentence's actor and
    recipient of the same type; other actor-less events stay actor-less (unnamed perpetrators are not
    guessed)."""
    if not prev:
        return
    for ev in cur:
        if ev.actor or ev.recipient:
            continue
        src = next((p for p in prev if p.event_type == ev.event_type and p.actor), None)
        if src is None:
            continue
        a = ev.trigger.span[0] - sent.start_char if ev.trigger and ev.trigger.span else None
        tok = next((t for t in sent if a is not None and t.idx - sent.start_char == a), None)
        if tok is None:
            continue
        if points_back(tok):
            ev.actor = list(src.actor)
            ev.recipient = list(src.recipient)


def assemble(sent, ctx, found):
    groups = {}
    order = []
    for etype, mode, weight, tok, extra, actor, recip, status in found:
        actor = dedupe(actor)
        akeys = actor_key(actor)
        recip = [r for r in dedupe(recip) if (r.name or r.text).lower() not in akeys]
        key = (etype, akeys)
        if key not in groups:
            groups[key] = dict(etype=etype, modes=[], weight=weight, tok=tok, extra=extra, actor=actor,
                               recip=recip, status=status)
            order.append(key)
        g = groups[key]
        if mode and mode not in g["modes"]:
            g["modes"].append(mode)
        g["recip"] = dedupe(g["recip"] + recip)
        if weight > g["weight"]:
            g.update(weight=weight, tok=tok, extra=extra, status=status)
    # an actor-less group of a type that also has an actor-ful group in the sentence: one act, told twice
    for key in list(order):
        etype, akeys = key
        if not akeys:
            other = next((groups[k] for k in order if k[0] == etype and k[1]), None)
            if other is not None:
                g = groups[key]
                other["recip"] = dedupe(other["recip"] + g["recip"])
                for m in g["modes"]:
                    if m not in other["modes"]:
                        other["modes"].append(m)
                order.remove(key)
    contexts = _contexts(sent) if order else []
    s0, s1 = sent.start_char, sent.end_char
    out = []
    for key in order:
        g = groups[key]
        tok, extra = g["tok"], g["extra"]
        a = min(tok.idx, extra.idx) if extra is not None else tok.idx
        b = max(tok.idx + len(tok.text), extra.idx + len(extra.text)) if extra is not None else tok.idx + len(tok.text)
        trig_text = ctx.raw.text[a:b] if ctx.raw is not None else doc_text(tok.doc)[a:b]
        modes = _modes(g["etype"], None, sent, trigger_tokens(sent, a, b))
        modes = list(dict.fromkeys(g["modes"] + modes))[:3]
        ev = Event(event_type=g["etype"], sentence=sent.text, span=[s0, s1], status=g["status"], mode=modes,
                   context=list(contexts), trigger=Trigger(text=trig_text, span=[a, b]), actor=g["actor"],
                   recipient=g["recip"], location=_event_place.for_event(ctx, s0, s1, a, g["etype"]),
                   date=_dates.for_event(ctx, s0, s1, a), counts=counts_for(sent, tok, g["etype"]),
                   confidence=round(float(g["weight"]), 2))
        out.append(ev)
    return out
