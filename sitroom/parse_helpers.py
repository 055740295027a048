"""The one copy of the small parse helpers every reader stage uses on spaCy tokens: the lower-case lemma,
whether a token is verbal, its children by dependency, a preposition's objects, whether a word is
negated, the character span of a group of tokens, and a Doc's text computed once."""
from __future__ import annotations

import weakref

VERB_POS = {"VERB", "AUX"}

_TEXTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def doc_text(doc) -> str:
    """`doc.text`, joined once per Doc: spaCy joins every token's text again at each access, which is
    linear in the document, so slicing it per mention is quadratic. A Doc's text never changes (the
    retokenizer keeps it), so the first join serves for the Doc's lifetime."""
    try:
        return _TEXTS[doc]
    except KeyError:
        text = _TEXTS[doc] = doc.text
        return text


def lemma(tok) -> str:
    """The token's lemma in lower case (its lower-case form where the lemmatizer left none)."""
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def is_verbal(tok) -> bool:
    """A verb or auxiliary by part of speech, or a verb form by fine-grained tag (VB*)."""
    return tok.pos_ in VERB_POS or tok.tag_.startswith("VB")


def children_with(tok, deps):
    """The token's children whose dependency label is in deps, in text order."""
    return [c for c in tok.children if c.dep_ in deps]


def pobjs(prep):
    """A preposition's objects (pobj) and clausal complements (pcomp)."""
    return [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]


def negated(tok) -> bool:
    """Whether the word has a negation child ("not", "n't", "never")."""
    return any(c.dep_ == "neg" for c in tok.children)


def char_span(toks) -> tuple:
    """(start, end) character offsets covering the tokens."""
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)
