"""actors (`sitroom.actors.v1`): reads the parsed Doc (NER, parse) + the actor dictionary
-> writes ctx.actors: every actor mention as a resolved records.Entity, in text order.

Mentions come from: the actor dictionary (aliases, derived state forms, "Iraqi and Turkish forces"
compounds), NER entities (persons with surname -> full name, title -> agent/country), and pronouns and
generic phrases ("the group", "the militants", "the country", "the president", "he", "they") resolved to
a recent compatible antecedent. `text` is the surface form, `name` the canonical (resolved) name;
unresolved generic phrases keep name None.

Pronoun resolution: agreement in number (they/them/their take groups, or states/people named together,
one mention per conjunct; a nearer uncovered plural people noun leaves them unresolved), animacy (he/she:
full-named, titled or dictionary people; it/its: organisations and states), binding (a possessive takes its
clause's subject or relative noun, an object pronoun never its own verb's subject, he/she inside a
quotation never its speaker), then salience (subjects
of this and the previous sentence, possessors of main subjects). Titles resolve through the document ("the
trade minister" ... "Anna Berg, the trade minister"), offices of states through their holders ("the
prime ministers of Spain and Chile"), counted states through the last states named ("the four nations"); a state
demonym on a people noun is a group from that state ("Albanian militants": REB, ALB).

Where each part lives (this module only runs them in order and keeps the stage's public names):
  actor_match     the entity ruler (`setup`) and dictionary matching: aliases, "Iraqi and Turkish forces",
                  "US-led", locative and modifier uses, NER organisations' agents
  actor_people    people: full names, surnames, titles and affiliations
  actor_coref     the text-order walk that resolves pronouns and generic phrases
  actor_pronouns  pronoun resolution (agreement, animacy, binding, salience)
  actor_generic   generic phrases ("the group", "the country", "the president", "the four nations")
  actor_words     word classes shared by the above; actor_mention: the mention under construction
"""
from __future__ import annotations

import bisect
import sys

from spacy.language import Language

from ..reading import stage_component

from .coref import resolve_references
from .match import (
    RULER_NAME, compounds, dict_matches, dictionary, fused_modifiers, guess_agent, is_modifier_use, locative, placey,
    setup, sync_ruler,
)
from .mention import Mention
from .people import people_mentions

NAME = "sitroom.actors.v1"

# the stage's public surface (pipeline and nlp call extract/setup/refresh; events reads in_span)
__all__ = ["NAME", "RULER_NAME", "dictionary", "extract", "in_span", "refresh", "setup"]


def refresh(nlp):
    """The entity ruler in step with the actor dictionary (nlp.load() calls this before parsing)."""
    sync_ruler(dictionary())


def extract(doc, ctx) -> list:
    d = dictionary()
    named: list = []
    covered = set()

    # 1. dictionary aliases
    matches = dict_matches(doc, d)
    by_end = {}
    for s, e, entry in matches:
        text = doc[s:e].text
        m = Mention.of(doc, s, e, entry)
        if is_modifier_use(doc, e):
            m.flag = "mod"
        elif placey(entry, text) and locative(doc, s):
            m.flag = "loc"
        by_end[e] = (m, entry)
        named.append(m)
    named = compounds(doc, d, named, by_end)
    named.extend(fused_modifiers(doc, d, named))
    taken = set()
    for m in named:
        taken.update(range(m.s, m.e))
        if m.flag != "mod":
            covered.update(range(m.s, m.e))

    # 2. NER entities and people
    persons = people_mentions(doc, d, named, covered)
    named.extend(persons)
    for m in persons:
        covered.update(range(m.s, m.e))
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "NORP", "GPE") or any(i in covered or i in taken
                                                             for i in range(ent.start, ent.end)):
            continue
        s = ent.start + (1 if ent[0].lower_ == "the" else 0)
        if s >= ent.end:
            continue
        text = doc[s:ent.end].text
        entry = d.lookup(text)
        if entry is not None:
            m = Mention.of(doc, s, ent.end, entry)
        else:
            m = Mention(doc, s, ent.end, text, None, guess_agent(text) if ent.label_ == "ORG" else None,
                   "org" if ent.label_ == "ORG" else ent.label_.lower(), set(text.lower().split()))
        if is_modifier_use(doc, ent.end):
            m.flag = "mod"
        elif ent.label_ == "GPE" and locative(doc, ent.start):
            m.flag = "loc"
        named.append(m)
        covered.update(range(m.s, m.e))

    named.sort(key=lambda m: (m.cs, -m.ce))
    if doc.has_annotation("DEP"):
        for m in named:
            m.subj = _subject_rank(doc, m)
    # 3. pronouns and generic phrases (they need the parse)
    refs = resolve_references(doc, d, named, covered) if doc.has_annotation("DEP") else []
    # a group word inside a resolved phrase ("the Somali militia") is not a mention of its own
    inside = {i for r in refs if r.name and r.e - r.s > 1 for i in range(r.s, r.e)}
    named = [m for m in named if not (m.kind == "norp" and m.s in inside and m.e - 1 in inside)]
    groups = {i for r in refs if r.kind == "group" for i in range(r.s, r.e)}
    named = [m for m in named if not (m.kind == "country" and m.s in groups)]
    out = named + refs
    out.sort(key=lambda m: (m.cs, -m.ce, m.name or ""))
    return [m.entity() for m in out]


def _subject_rank(doc, m) -> int:
    """2: subject of a main clause (or its possessor: "X's opposition was ...", or a conjunct: "X and Y
    said"), 1: subject of another clause, 0: anything else."""
    head = doc[m.s:m.e].root
    if head.dep_ == "conj" and head.head.dep_ in ("nsubj", "nsubjpass"):
        head = head.head
    if head.dep_ == "poss" and head.head.dep_ in ("nsubj", "nsubjpass", "attr"):
        head = head.head           # the possessor of the subject is as salient as the subject
    if head.dep_ == "attr" and head.head.dep_ == "ROOT" and head.head.lemma_ == "be":
        return 2                   # "Most striking was X's opposition"
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return 0
    return 2 if head.head.dep_ in ("ROOT", "conj") else 1


def in_span(ctx, start: int, end: int) -> list:
    """Actor mentions (resolved Entities) whose span lies inside [start, end), in text order."""
    actors = ctx.actors
    starts = _starts(actors)
    if starts is None:
        return [m for m in actors if m.span and start <= m.span[0] and m.span[1] <= end]
    out = []
    for k in range(bisect.bisect_left(starts, start), len(actors)):
        if starts[k] > end:
            break
        if actors[k].span[1] <= end:
            out.append(actors[k])
    return out


_STARTS: tuple = (None, 0, None)  # (the mention list last asked about, its length, its mentions' start offsets)


def _starts(actors: list):
    """The start offsets of the mentions, when every one has a span and they are in order of start (as
    `extract` gives them), else None; kept for the list last asked about (one document's, asked per word)."""
    global _STARTS
    last, n, starts = _STARTS
    if last is actors and n == len(actors):
        return starts
    starts = [m.span[0] for m in actors] if all(m.span for m in actors) else None
    if starts is not None and any(a > b for a, b in zip(starts, starts[1:])):
        starts = None
    _STARTS = (actors, len(actors), starts)
    return starts


COMPONENT = "sitroom_actors"


@Language.factory(COMPONENT, requires=["doc.ents", "doc.sents", "token.dep", "token.lemma", "token.tag"],
                  assigns=["doc._.sitroom_actors"])
def make_component(nlp, name):
    """The actors stage as a spaCy component: reads the parse and NER (with the entity ruler's dictionary matches) -> every actor mention, resolved."""
    return stage_component("actors", sys.modules[__name__])
