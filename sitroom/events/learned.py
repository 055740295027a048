"""The learned event reader: reads the parse, ctx.actors/places/dates and the rule coder's events ->
writes the document's Events, decided by five small linear models trained on the silver corpus.

  trigger model  every content word of a sentence -> P(type | word) for the 16 PLOVER types or none;
                 a sentence reports a type when its best word for that type passes the type's threshold
  status model   the chosen trigger in its clause -> asserted / future / hypothetical / negated
  role model     each actor mention of the sentence -> actor / recipient / none of that act
  place model    each candidate place of an event (learn.place_features) -> its location or not

The rule coder's findings are features of every model (its types, trigger, status, roles and place), and
where it found the same type in the sentence its date, counts and modes are kept (its place goes to the
place model, which keeps it when no candidate passes the threshold: `choose_places`). Models are
package data (`sitroom/models/*.npz`, versioned names, cards in `sitroom/models/README.md`);
`use()` swaps them (cross-validation trains one set per fold).
"""
from __future__ import annotations

import contextlib
import copy
from bisect import bisect_right
from importlib import resources
from typing import Optional

import numpy as np

from ..learn.event_features import (
    is_candidate, role_features, sentence_features, span_vector, status_features, trigger_features,
)
from ..learn.linear import LinearModel
from ..learn.place_features import candidates, doc_places, place_features
from ..parse_helpers import doc_text
from ..records import Event, Trigger
from .. import actors as _actors
from .. import dates as _dates
from . import place as _event_place
from .counts import counts_for
from .assemble import _contexts, _modes, points_back, trigger_tokens

NAME = "sitroom.events.learned.v1"
MODEL_FILES = {"sentence": "events-sentence-v1.npz", "trigger": "events-trigger-v1.npz",
               "status": "events-status-v1.npz", "roles": "events-roles-v1.npz", "place": "events-place-v1.npz"}
# every mention this likely takes the role; else the likeliest one, if this likely. Chosen with the rule
# roles below on one silver document fold: see `_with_rule_roles`.
ROLE_SURE, ROLE_BEST = 0.3, 0.1
# when the model gives an act several actors and no recipient, the one of them (not the likeliest actor) that is
# this likely a recipient becomes the recipient: see `decide_roles`
ROLE_SPLIT = 0.2

_MODELS: Optional[dict] = None
# the sentence features `trigger_features` copies onto each candidate: filtered once per sentence here, not
# once per candidate there (the same list either way)
TRIGGER_SENTENCE_FEATURES = ("w=", "speech", "quote_edge", "modal=", "neg")


def available() -> bool:
    """True when models are in use (`use`) or the package holds the trained ones (`make train` writes them)."""
    if _MODELS is not None:
        return True
    base = resources.files("sitroom") / "models"
    return all((base / f).is_file() for f in MODEL_FILES.values())


def models() -> dict:
    global _MODELS
    if _MODELS is None:
        base = resources.files("sitroom") / "models"
        _MODELS = {k: LinearModel.load(base / f) for k, f in MODEL_FILES.items()}
    return _MODELS


@contextlib.contextmanager
def use(m: dict):
    """Read with these models (a dict like `models()`) inside the block."""
    global _MODELS
    old, _MODELS = _MODELS, m
    try:
        yield
    finally:
        _MODELS = old


def candidate_tokens(sent) -> list:
    return [t for t in sent if is_candidate(t)]


def _token_of(doc, span):
    cs = doc.char_span(span[0], span[1], alignment_mode="expand")
    if cs is None or not len(cs):
        return None
    return cs.root


def extract(doc, ctx, rule_events: list) -> list:
    m = models()
    sent_m, trig, status_m, roles_m = m["sentence"], m["trigger"], m["status"], m["roles"]
    types = trig.classes[1:]  # NONE first
    thresholds = trig.thresholds[1:]
    out = []
    for sent in doc.sents:
        s0, s1 = sent.start_char, sent.end_char
        rule = [e for e in rule_events if e.span[0] < s1 and e.span[1] > s0]
        rtypes = {e.event_type for e in rule}
        rule_trig = {}
        for e in rule:
            if e.trigger and e.trigger.span:
                t = _token_of(doc, e.trigger.span)
                if t is not None:
                    rule_trig[t.i] = e
        cands = candidate_tokens(sent)
        sf = sentence_features(sent, rule)
        p_sent = sent_m.proba([sf])[0]
        if cands:
            sf_tok = [x for x in sf if x.startswith(TRIGGER_SENTENCE_FEATURES)]  # the ones trigger_features keeps
            rows = [trigger_features(t, sf_tok, rtypes, rule_trig[t.i].event_type if t.i in rule_trig else None)
                    for t in cands]
            dense = np.stack([span_vector(doc[t.i:t.i + 1]) for t in cands]) if trig.dense_dim else None
            p_tok = trig.proba(rows, dense)[:, 1:]
            p_best = p_tok.max(axis=0)
        else:
            p_tok, p_best = None, np.zeros(len(types))
        score = (p_sent + p_best) / 2
        mentions = _actors.in_span(ctx, s0, s1)
        for j, etype in enumerate(types):
            if score[j] < thresholds[j]:
                continue
            same = [e for e in rule if e.event_type == etype]
            if p_tok is not None:
                tok = cands[int(p_tok[:, j].argmax())]
            elif same and same[0].trigger and _token_of(doc, same[0].trigger.span) is not None:
                tok = _token_of(doc, same[0].trigger.span)
            else:
                tok = sent.root
            out.append(_event(doc, ctx, sent, tok, etype, float(score[j]), same, mentions, status_m, roles_m))
    carry_back(doc, out)
    carry_date(doc, out)
    _event_place.place_statements(doc, ctx, out)
    if m.get("place") is not None:
        choose_places(doc, ctx, out, m["place"])
    return out


CARRY_BACK = 3   # sentences


def carry_back(doc, events: list) -> None:
    """An act told again without its participants, by a definite noun that points back ("Gunmen stormed a
    police post on Monday. ... The raid left two officers dead."), keeps the participants of the last event of
    its type with an actor within the CARRY_BACK sentences before (the rule coder's `carry_roles` looks only at
    the sentence before, and only at its own events)."""
    starts = [s.start_char for s in doc.sents]
    for k, ev in enumerate(events):
        if ev.actor or ev.recipient or not ev.trigger or not ev.trigger.span:
            continue
        tok = _token_of(doc, ev.trigger.span)
        if tok is None or not points_back(tok):
            continue
        si = bisect_right(starts, ev.span[0]) - 1
        for src in reversed(events[:k]):
            sj = bisect_right(starts, src.span[0]) - 1
            if si - sj > CARRY_BACK:
                break
            if sj < si and src.event_type == ev.event_type and src.actor:
                ev.actor, ev.recipient = list(src.actor), list(src.recipient)
                break


CARRY_DATE = 3   # sentences


def carry_date(doc, events: list) -> None:
    """An asserted event with no date of its own takes the day of the nearest earlier event of its type that has
    one, in an earlier sentence at most CARRY_DATE before ("Troops shelled the town on Tuesday. ... The shelling
    destroyed the market."): a report keeps telling one day's act before it moves on. Only a day is carried (a
    week or a year says too little to pass on) and never into a planned, possible or denied event. Measured on
    one silver document fold (benchmarks/crossval.py --fold 0): date 0.681 -> 0.724 (+11 of 254 dated events);
    silver events with no date that the reader dates 9.8% -> 11.5% (a window of 2: 0.713, 11.0%; of 5: 0.728, 13.1%)."""
    starts = [s.start_char for s in doc.sents]
    for k, ev in enumerate(events):
        if ev.date is not None or ev.status != "asserted":
            continue
        si = bisect_right(starts, ev.span[0]) - 1
        for src in reversed(events[:k]):
            sj = bisect_right(starts, src.span[0]) - 1
            if si - sj > CARRY_DATE:
                break
            if sj < si and src.event_type == ev.event_type and src.date is not None:
                if src.date.granularity == "day" and src.date.start:
                    ev.date = copy.deepcopy(src.date)
                break


def choose_places(doc, ctx, events: list, model) -> None:
    """Each event's location re-decided by the place model among its candidates (learn.place_features): the
    likeliest candidate when it passes the model's threshold, else the rule reading's place (the location the
    event has on entry, also one of the model's features). Measured on one silver document fold (benchmarks/
    crossval.py --fold 0), matched events with a labelled place: rule reading 0.461, the model alone (none
    under its threshold) 0.566, the model else the rule 0.612; a date model built the same way scored below
    the rule dates (0.599 against 0.663) and was left out."""
    if not events:
        return
    dp = doc_places(doc, ctx)
    starts = [s.start_char for s in doc.sents]
    yes = model.classes.index("yes")
    tau = float(model.thresholds[1]) if model.thresholds is not None else 0.5
    for ev in events:
        cands = candidates(dp, bisect_right(starts, ev.span[0]) - 1)
        if not cands:
            continue
        tok = _token_of(doc, ev.trigger.span) if ev.trigger and ev.trigger.span else None
        py = model.proba([place_features(doc, ctx, dp, p, d, tok, ev.event_type, ev.location, cands)
                          for p, d in cands])[:, yes]
        best = int(py.argmax())
        if py[best] >= tau:
            ev.location = cands[best][0]


def decide_roles(p, classes) -> tuple:
    """Indices of the actor and recipient mentions from role probabilities (rows: mentions): every mention
    at least ROLE_SURE likely in a role, else the likeliest one if it is at least ROLE_BEST likely. When that
    leaves several actors and no recipient, the actor (other than the likeliest) likeliest to be the recipient
    becomes it if it is at least ROLE_SPLIT likely so ("the envoy met the minister": two people, one act).
    Measured on the labelled events of three silver document folds (roles model trained on the other four,
    rule roles added as the reader does): recipient 0.484 / 0.478 / 0.476 -> 0.520 / 0.513 / 0.512, actor
    0.735 / 0.727 / 0.706 -> 0.726 / 0.720 / 0.702, recipients right 0.455 / 0.485 / 0.495 -> 0.439 / 0.472 / 0.483."""
    ia, ir = classes.index("actor"), classes.index("recipient")
    out = []
    for j, other in ((ia, ir), (ir, ia)):
        sure = [i for i in range(len(p)) if p[i, j] >= ROLE_SURE and p[i, j] >= p[i, other]]
        if not sure and len(p):
            best = int(p[:, j].argmax())
            sure = [best] if p[best, j] >= ROLE_BEST and p[best, j] >= p[best, other] else []
        out.append(sure)
    actor, recip = out[0], [i for i in out[1] if i not in out[0]]
    if not recip and len(actor) > 1:
        top = max(actor, key=lambda i: p[i, ia])
        other = max((i for i in actor if i != top), key=lambda i: p[i, ir])
        if p[other, ir] >= ROLE_SPLIT:
            actor, recip = [i for i in actor if i != other], [other]
    return actor, recip


def _event(doc, ctx, sent, tok, etype, prob, same, mentions, status_m, roles_m) -> Event:
    s0, s1 = sent.start_char, sent.end_char
    base = same[0] if same else None
    # status: asserted only when the model is sure enough of it
    p = status_m.proba([status_features(tok, etype, base.status if base else None)])[0]
    tau = float(status_m.thresholds[0]) if status_m.thresholds is not None else 0.5
    st = status_m.classes[0] if p[0] >= tau else status_m.classes[1 + int(p[1:].argmax())]
    # roles
    actor, recip = [], []
    if mentions:
        spans = [doc.char_span(m.span[0], m.span[1], alignment_mode="expand") for m in mentions]
        roots = [ms.root for ms in spans if ms is not None and len(ms)]
        rows = []
        for mnt, ms in zip(mentions, spans):
            root = ms.root if ms is not None and len(ms) else tok
            rr = None
            if base is not None:
                if any(x.span == mnt.span for x in base.actor):
                    rr = "actor"
                elif any(x.span == mnt.span for x in base.recipient):
                    rr = "recipient"
            rows.append(role_features(root, mnt, tok, etype, rr, roots, ctx.place_uses.get(tuple(mnt.span))))
        ia, ir = decide_roles(roles_m.proba(rows), roles_m.classes)
        actor = _one_per_name([mentions[i] for i in ia])
        names = {_key(a) for a in actor}
        recip = _one_per_name([mentions[i] for i in ir if _key(mentions[i]) not in names])
    if base is not None:
        actor, recip = _with_rule_roles(actor, recip, base)
    a, b = tok.idx, tok.idx + len(tok.text)
    if base is not None and base.trigger and base.trigger.span and base.trigger.span[0] <= a < base.trigger.span[1]:
        a, b = base.trigger.span
    trig_text = doc_text(doc)[a:b]
    if base is not None:
        location, date, counts, modes, context = base.location, base.date, base.counts, base.mode, base.context
    else:
        location = _event_place.for_event(ctx, s0, s1, a, etype)
        date = _dates.for_event(ctx, s0, s1, a)
        counts = counts_for(sent, tok, etype)
        modes = _modes(etype, None, sent, trigger_tokens(sent, a, b))
        context = _contexts(sent)
    return Event(event_type=etype, sentence=sent.text, span=[s0, s1], status=st, mode=list(modes),
                 context=list(context), trigger=Trigger(text=trig_text, span=[a, b]), actor=actor, recipient=recip,
                 location=location, date=date, counts=counts, confidence=round(prob, 2))


def _key(e) -> str:
    return (e.name or e.text).lower()


def _with_rule_roles(actor: list, recip: list, base: Event) -> tuple:
    """The model's roles plus those the rule coder gave its event of the same type in the sentence that the
    model left out. Measured on one silver document fold (benchmarks/crossval.py --fold 0), matched events:
    thresholds 0.5/0.2 alone: actor 0.603, recipient 0.387, 57% of the roles given right (1.01 actors per
    event); 0.3/0.1 with the rule recipients: 0.666 / 0.491; with the rule actors too: 0.721 / 0.491,
    50% right (1.53 actors per event)."""
    have = {_key(x) for x in actor + recip}
    recip = recip + [x for x in base.recipient if _key(x) not in have]
    have |= {_key(x) for x in recip}
    actor = actor + [x for x in base.actor if _key(x) not in have]
    return actor, recip


def _one_per_name(ents):
    seen, out = set(), []
    for e in ents:
        k = _key(e)
        if k not in seen:
            seen.add(k)
            out.append(e)
    return out
