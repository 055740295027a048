"""events: reads sentences (dependency parse), ctx.actors/dates/places -> writes Event records (ctx.events).

sitroom.events.v2: a lexicon coder. Trigger words and two-word phrases from the PLOVER codebook
(`sitroom.resources.plover`) are found per sentence (verbs and event nouns); dependency rules give
actor (subject, passive agent, possessor, "X-led"/"US strike" modifiers) and recipient (object,
passive subject, "against/on/of" targets); complements of speech acts are the act's content, not
separate events; PLOVER's re-typings are applied (future cooperation -> AGREE, announced
withdrawal -> CONCEDE, "X said Y would attack" -> THREATEN). One event per (sentence, type, actor set).

Where each part lives (this module runs them per sentence and applies suppression and re-typing):
  event_triggers   trigger words and phrases of the PLOVER lexicon, with their per-verb checks
  event_roles      actor and recipient of a verb or event-noun trigger
  event_mentions   a phrase in the parse -> the actor mentions inside it (NP spans)
  event_speech     speech acts: content clauses, speakers, reported demands and condemnations
  event_assemble   one Event per (sentence, type, actor set); roles carried to a follow-up sentence
  event_syntax     parse helpers and word classes the above share (lemma, subject_of, ...)
"""
from __future__ import annotations

import sys

from spacy.language import Language

from ..reading import stage_component

import os

from ..resources import plover as P
from . import learned as _event_learned
from . import place as _event_place
from .assemble import assemble, carry_roles
from .mentions import entities
from .roles import noun_roles, verb_roles
from .speech import VERBAL, evaluations, governing_speech_act, modal_requests, speaker_of, speech_parent
from .syntax import NOUN_POS, VERB_POS, lemma, subject_of
from .triggers import candidates
from .status import status_of
from .. import lexicon

NAME = "sitroom.events.v2"  # v2: statements placed where their speakers are; "in the country" read

HYPO_GOVERNORS = lexicon.words("hypothetical_governors")
FUTURE_GOVERNORS = lexicon.words("future_governors")


def extract(doc, ctx) -> list:
    """The document's events: the learned reader's when its models are there (`event_learned`), reading the
    rule coder's findings as features; the rule coder's alone otherwise or with SITROOM_READER=rules."""
    events = rule_events(doc, ctx)
    ctx.rule_events = events
    if os.environ.get("SITROOM_READER") != "rules" and _event_learned.available():
        return _event_learned.extract(doc, ctx, events)
    return events


def rule_events(doc, ctx) -> list:
    """The rule coder: lexicon triggers and dependency rules, sentence by sentence."""
    events = []
    prev = []
    for sent in doc.sents:
        cur = _sentence_events(sent, ctx)
        carry_roles(cur, prev, sent)
        events.extend(cur)
        prev = cur
    _event_place.place_statements(doc, ctx, events)
    return events


def _sentence_events(sent, ctx) -> list:
    cands = candidates(sent)
    triggers = {tok.i: entry for tok, entry, _ in cands}
    found = []  # (etype, mode, weight, tok, extra, actor, recip, status)
    for tok, (etype, mode, weight), extra in cands:
        if governing_speech_act(tok, triggers) is not None:
            continue
        if _unrealised_infinitive(tok, triggers):
            continue
        if etype in ("AGREE", "THREATEN") and lemma(tok) in ("pledge", "promise", "vow", "agree", "commit", "offer"):
            content = [triggers.get(c.i) for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
            content = [c for c in content if c]
            if content and lemma(tok) not in ("agree", "offer", "commit"):
                ct = content[0][0]
                if ct in ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE"):
                    etype, mode = "THREATEN", "violence" if ct != "COERCE" else "arrest"
                elif ct in ("ACCUSE", "CONCEDE", "REJECT"):
                    etype, mode = ct, content[0][1]
                elif ct == "RETREAT":
                    etype, mode = "CONCEDE", None
        status = status_of(sent, tok, etype)
        rtok = tok
        if extra is not None and tok.dep_ == "compound" and tok.head.i == extra.i:  # "hunger strike"
            rtok = extra
        if rtok.i != tok.i:
            actor, recip = noun_roles(ctx, rtok, etype)
        elif (tok.pos_ in VERB_POS and tok.tag_ != "VBG" or tok.dep_ in ("acl",)) and not (
                tok.dep_ == "conj" and tok.head.pos_ in NOUN_POS):  # "the group's defeat and retreat": a noun
            actor, recip = verb_roles(ctx, tok, etype, extra)
        elif tok.pos_ in VERB_POS and any(c.dep_ in ("aux", "nsubj", "dobj") for c in tok.children):
            actor, recip = verb_roles(ctx, tok, etype, extra)  # "is suing X", "after shelling X": verbal
            a2, r2 = noun_roles(ctx, tok, etype)
            actor, recip = actor or a2, recip or r2
        else:
            actor, recip = noun_roles(ctx, tok, etype)
            if tok.pos_ in VERB_POS:
                a2, r2 = verb_roles(ctx, tok, etype)
                actor, recip = actor or a2, recip or r2
        if etype == "CONSULT" and tok.pos_ in NOUN_POS and not actor and status == "asserted" and not (
                tok.dep_ in ("dobj", "nsubjpass") and lemma(tok.head) in P.LIGHT_VERBS | {"attend", "host", "join"}):
            continue
        if etype in VERBAL and not any(e.name for e in actor):
            actor = speaker_of(ctx, tok) or actor
        # PLOVER re-typings
        if status == "negated" and etype in ("AGREE", "SUPPORT") and lemma(tok) in (
                "accept", "agree", "agreement", "support", "endorse", "approve", "deal", "accord"):
            etype, status = "REJECT", "asserted"
        if etype == "PROTEST" and mode == "boycott" and status == "future":
            etype, mode, status = "THREATEN", "relations", "asserted"
        if etype == "RETREAT" and mode in ("withdraw", None) and (status == "future" or _announced(tok)):
            etype = "CONCEDE"
        elif etype in P.COOPERATIVE and status == "future":
            etype = "AGREE"
        elif etype in ("ASSAULT", "COERCE", "MOBILIZE") and status == "future" and tok.pos_ in VERB_POS \
                and not any(c.dep_ in ("auxpass", "nsubjpass") or c.dep_ == "aux" and c.lower_ == "to"
                            for c in tok.children) and subject_of(tok) is not None:
            sv, ssubj = speech_parent(tok)
            if sv is not None:
                etype, mode = "THREATEN", ("violence" if etype in ("ASSAULT", "MOBILIZE") else "restrict")
                actor = entities(ctx, ssubj) + actor
                status = "asserted"
        found.append([etype, mode, weight, tok, extra, actor, recip, status])
    found.extend(modal_requests(sent, ctx, triggers))
    found.extend(evaluations(sent, ctx, triggers))
    return assemble(sent, ctx, found)


PRESSURE_NOUNS = lexicon.words("pressure_nouns")
INFINITIVE_OK = lexicon.words("infinitive_governors_ok")


def _unrealised_infinitive(tok, triggers):
    """'... to confront the rebels' as a purpose or a pressure ('force X to negotiate'): no act reported."""
    if tok.pos_ not in VERB_POS or tok.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to"
                                                             for c in tok.children):
        return False
    h = tok.head
    if lemma(tok) == "flee" or h.pos_ not in VERB_POS and lemma(h) not in PRESSURE_NOUNS:
        return False
    if h.i in triggers and triggers[h.i][0] in P.SPEECH_ACTS or lemma(h) in INFINITIVE_OK or lemma(h) in FUTURE_GOVERNORS or lemma(h) in HYPO_GOVERNORS:
        return False
    return True


CONCEDE_GOVERNORS = lexicon.words("concede_governors")


def _announced(tok):
    t = tok
    for _ in range(4):
        if t.head.i == t.i:
            return False
        t = t.head
        if lemma(t) in CONCEDE_GOVERNORS:
            return True
    return any(lemma(c) in CONCEDE_GOVERNORS for c in tok.children if c.dep_ in ("compound", "amod"))


COMPONENT = "sitroom_events"


@Language.factory(COMPONENT, requires=["doc.sents", "token.dep", "token.lemma", "doc._.sitroom_actors", "doc._.sitroom_dates", "doc._.sitroom_places", "doc._.sitroom_quotes"],
                  assigns=["doc._.sitroom_rule_events", "doc._.sitroom_events"])
def make_component(nlp, name):
    """The events stage as a spaCy component: reads the parse and what the other stages found -> PLOVER events."""
    return stage_component("events", sys.modules[__name__])
