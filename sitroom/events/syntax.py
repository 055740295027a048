"""Clause helpers the events modules share: reads spaCy tokens -> writes a verb's subject (through conj /
xcomp / relcl); plus shared word classes (part-of-speech sets; copulas, crowd and weapon words from
sitroom/lexicon). The small token helpers (lemma, children_with, pobjs) are sitroom.parse_helpers',
re-exported here for the events modules."""
from __future__ import annotations

from .. import lexicon
from ..parse_helpers import VERB_POS, children_with, lemma, pobjs  # noqa: F401  (re-exported)

NOUN_POS = {"NOUN", "PROPN"}
SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}

CROWD = lexicon.words("crowd_nouns")
WEAPONISH = lexicon.words("weapon_nouns")

COPULAS = lexicon.words("copulas")


REL_PRONOUNS = {"who", "which", "that", "whom"}


def subject_of(tok):
    """The syntactic subject of a verb, inherited through conj / xcomp / relcl."""
    seen = 0
    t = tok
    while t is not None and seen < 4:
        seen += 1
        s = [c for c in t.children if c.dep_ in SUBJ]
        if not s:  # "X helped train": the parser may hang the subject on the auxiliary
            s = [g for c in t.children if c.dep_ == "aux" for g in c.children if g.dep_ in SUBJ]
        if s:
            s = s[0]
            if s.lower_ in REL_PRONOUNS and t.dep_ == "relcl":
                return t.head
            return s
        if t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
            continue
        if t.dep_ in ("xcomp", "advcl") and t.head.i != t.i:
            objs = children_with(t.head, ("dobj",))
            if objs and t.dep_ == "xcomp":
                return objs[0]
            t = t.head
            continue
        if t.dep_ in ("relcl", "acl") and t.tag_ != "VBN":
            h = t.head
            if lemma(h) in DOC_NOUNS and h.dep_ in ("dobj", "nsubjpass"):  # "published a letter demanding"
                return subject_of(h.head) or h
            if lemma(h) in INTENT_NOUNS and t.dep_ == "acl":  # "X's decision to withdraw", "made a plan to"
                poss = children_with(h, ("poss",))
                if poss:
                    return poss[0]
                if h.dep_ in ("dobj", "attr") and h.head.pos_ in VERB_POS:
                    return subject_of(h.head)
                return None
            return h
        if t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.dep_ == "prep" and t.head.lower_ in GERUND_PREPS:
            v = t.head.head  # "before stepping down", "after signing": the main clause's subject
            linked = t.head.lower_ in ("to", "of")
            if v.pos_ in ("ADV", "ADJ") and v.dep_ in ("advmod", "amod", "prep") and lemma(v) in (
                    "prior", "ahead", "instead", "due"):  # "prior to", "ahead of", "instead of"
                v, linked = v.head, False
            if v.pos_ in VERB_POS and v.i != t.i and not linked:
                t = v
                continue
        return None
    return None


INTENT_NOUNS = lexicon.words("intent_nouns")
GERUND_PREPS = lexicon.words("gerund_preps")


DOC_NOUNS = lexicon.words("document_nouns")
