"""Phrases to actors: reads the noun phrase headed by a token (its character span, narrow or wide) and
ctx.actors -> writes the actor Entities inside it, or a plain Entity for an unnamed noun (fallback)."""
from __future__ import annotations

from ..records import Entity
from ..resources import plover as P
from .. import actors as _actors
from ..parse_helpers import char_span, doc_text
from .syntax import NOUN_POS, REL_PRONOUNS, WEAPONISH, children_with, lemma, pobjs
from .. import lexicon

QUANT_NOUNS = lexicon.words("quantity_nouns")

NOT_ACTOR_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY", "GPE", "LOC", "FAC"}
NOT_ACTOR = lexicon.words("not_actor_nouns")

NP_DEPS = {"det", "amod", "compound", "nmod", "poss", "nummod", "quantmod", "case", "appos", "flat", "pobj",
           "predet", "advmod", "npadvmod", "cc", "conj"}

NP_CUT_PREPS = lexicon.words("np_cut_preps")


def wide_span(tok):
    """The whole phrase of tok without clauses: wider, for recipients (targets named in trailing phrases)."""
    cut = ("relcl", "acl", "advcl", "ccomp", "punct", "cc", "conj")
    toks = [tok]
    stack = [c for c in tok.children if c.dep_ not in cut]
    while stack:
        c = stack.pop()
        toks.append(c)
        stack.extend(x for x in c.children if x.dep_ not in ("relcl", "acl", "advcl", "ccomp"))
    return char_span(toks)


def span_of(tok, cut=None):
    """Character span of the noun phrase headed by tok: modifiers, possessors, "of" phrases, appositions;
    no relative clauses, other prepositional phrases or conjuncts (taken one by one)."""
    toks = [tok]
    clause = min((c.i for c in tok.children if c.dep_ in ("relcl", "acl", "advcl") and c.i > tok.i), default=None)
    stack = [c for c in tok.children if (c.dep_ in NP_DEPS - {"cc", "conj", "npadvmod"}
             or c.dep_ == "prep" and c.lower_ not in NP_CUT_PREPS) and (clause is None or c.i < clause)]
    while stack:
        c = stack.pop()
        toks.append(c)
        stack.extend(x for x in c.children if x.dep_ in NP_DEPS or x.dep_ == "prep" and x.lower_ not in NP_CUT_PREPS)
    return char_span(toks)


def _conjuncts(tok):
    out = [tok]
    for c in tok.conjuncts:
        if c.i != tok.i:
            out.append(c)
    return out


def entities(ctx, tok, fallback=True, wide=False):
    """Resolved actor mentions for the phrase headed by tok (and its conjuncts)."""
    if tok is None:
        return []
    out = []
    if tok.ent_type_ in ("CARDINAL", "QUANTITY") or tok.pos_ == "NUM" or lemma(tok) in QUANT_NOUNS:
        for p in children_with(tok, ("prep",)):
            if p.lower_ == "of":
                for g in pobjs(p):
                    return entities(ctx, g, fallback, wide)
    for t in _conjuncts(tok):
        s, e = wide_span(t) if wide and t.dep_ != "ROOT" else span_of(t)
        found = _actors.in_span(ctx, s, e)
        if found:
            out.extend(found)
        elif fallback and t.pos_ in NOUN_POS and lemma(t) not in P.NOUNS and lemma(t) not in WEAPONISH \
                and t.lower_ not in REL_PRONOUNS and t.ent_type_ not in NOT_ACTOR_ENTS and lemma(t) not in NOT_ACTOR:
            left = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < t.i]
            start = min([c.left_edge.idx for c in left] + [t.idx])
            text = doc_text(t.doc)[start:t.idx + len(t.text)]
            out.append(Entity(text=text, name=text, span=[start, t.idx + len(t.text)]))
    return out
