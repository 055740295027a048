"""Pronoun resolution: reads a pronoun token and the chain of earlier Mentions -> writes the Mention it
stands for, or None. Agreement in number and animacy, binding (possessives take their clause's subject,
object pronouns never their verb's subject, he/she inside a quotation never its speaker), then salience
(subjects of this and the previous sentence); also the helpers generic phrases share: `last_mention`,
`genders_of`, `conjuncts_of`."""
from __future__ import annotations

from ..resources import actors as _dict
from .words import CIVIL_HEADS, IT_PRONOUNS, PERSON_PRONOUNS, PLURAL_PRONOUNS, generic_kind
from .. import lexicon
from ..parse_helpers import lemma

MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_CUES = lexicon.words("female_cues")
MALE_CUES = lexicon.words("male_cues")

EXPLETIVE_HEADS = lexicon.words("expletive_heads")


def last_mention(chain, pred, mods, person_mods=None, limit=60):
    """The most recent mention that satisfies pred (and whose words include every modifier word)."""
    n = 0
    for m in reversed(chain):
        if m.name is None:
            continue
        n += 1
        if n > limit:
            break
        if not pred(m):
            continue
        if mods and not mods <= (m.words | {(m.name or "").lower()}):
            continue
        if person_mods:
            ok = True
            for w in person_mods:
                if w in ("former", "late"):
                    continue
                st = _dict.default().lookup(w)
                if st is not None and st.kind == "country" and m.country and st.country != m.country:
                    ok = False
            if not ok:
                continue
        return m
    return None


def _person_like(m) -> bool:
    """A person mention he/she can stand for: a full name, a title, or a dictionary person (a lone untitled
    word the model took for a name, "Twitter", is not enough)."""
    return m.kind == "person" and (len((m.name or "").split()) >= 2 or bool(m.title) or
                                   _dict.default().get(m.name or "") is not None)


def resolve_pronoun(doc, tok, low, chain, genders=None):
    poss = tok.dep_ == "poss" or low in ("his", "its", "their")
    reflexive = low.endswith(("self", "selves"))
    # binding: a possessive or reflexive pronoun means its clause's subject ("X defended his
    # budget"); an object pronoun never means its own verb's subject ("X told him")
    binder = _clause_subject(tok, climb=low not in PERSON_PRONOUNS) if (poss or reflexive) else None
    exclude = _coargument_subject(tok) if not (poss or reflexive) else None
    if exclude:
        chain = [m for m in chain if not (exclude[0] <= m.s <= exclude[1])]
    if low in PERSON_PRONOUNS:
        g = "m" if low in MALE_PRONOUNS else "f"
        genders = {} if genders is None else genders
        speakers = _quote_speakers(doc, tok)
        if speakers:                  # "“He calls himself a farmer ...,” X said": he is not the speaker X
            chain = [m for m in chain if doc[m.s:m.e].root.i not in speakers]

        def fits(m):
            return _person_like(m) and genders.get(m.name, g) == g
        bound = _mention_at(binder, chain, tok, fits)
        if bound is not None:
            return bound
        strong = _governing_subject(tok, [m for m in chain if m.name and fits(m)])
        if strong is not None:
            v = tok.head
            if v.dep_ == "ccomp" and strong.text.lower() not in PERSON_PRONOUNS and any(c.dep_ == "nsubj" and strong.s <= c.i < strong.e for c in v.head.children):
                genders.setdefault(strong.name, g)     # "X said she ...": X is a woman
            return strong
        return _by_role(doc, tok, chain, fits) or last_mention(chain, fits, set())
    if low in PLURAL_PRONOUNS:
        def group(m):
            return m.kind not in ("person", "gpe", "country") and m.flag != "loc" and \
                (m.agent is not None or m.kind in ("norp", "generic"))
        bound = _mention_at(binder, chain, tok, lambda m: m.flag != "loc" and (
            group(m) or len(conjuncts_of(doc, m, chain)) > 1))
        if bound is not None:
            return bound
        def plural(m):                # a group, or states/people named together ("Russia and Iran")
            return group(m) or m.flag != "loc" and m.kind in ("country", "person") and m.subj == 2 and \
                len(conjuncts_of(doc, m, chain)) > 1
        res = _by_role(doc, tok, chain, plural) or \
            last_mention(chain, lambda m: m.kind not in ("person", "gpe", "country") and m.flag != "loc", set(),
                  limit=10)
        if res is not None and _plural_noun_between(doc, tok, res, chain):
            return None               # "X said ... the parents are waiting. They ...": number agreement
        return res
    if low in IT_PRONOUNS:
        if low == "it":
            head = tok.head
            if tok.dep_ not in ("nsubj", "nsubjpass") or head.lemma_ in EXPLETIVE_HEADS or \
                    any(c.dep_ in ("ccomp", "csubj", "xcomp") and c.i > tok.i for c in head.children) and \
                    head.lemma_ in EXPLETIVE_HEADS:
                return None
            if tok.dep_ == "nsubj" and any(c.dep_ == "acomp" for c in head.children):
                return None

        def thing(m):
            return m.kind not in ("person", "gpe", "norp", "group") and m.flag != "loc"
        bound = _mention_at(binder, chain, tok, thing)
        if bound is not None:
            return bound
        return _by_role(doc, tok, chain, thing) or last_mention(chain, thing, set(), limit=15)
    return None


RELATIVE = {"who", "which", "that", "whom"}
PEOPLE_NOUNS = lexicon.words("people_nouns")


def _plural_noun_between(doc, tok, res, chain) -> bool:
    """A plural noun naming people or groups ("the parents", "opposition delegates"), a subject or
    object in this or the previous sentence, after the candidate antecedent and before the pronoun, that no
    mention covers: the nearer plural is the likelier antecedent, so the candidate is dropped."""
    start = tok.sent.start
    if start > 0:
        start = doc[start - 1].sent.start
    lo = max(res.e, start)
    spans = [(m.s, m.e) for m in chain if m.name or m.kind == "generic"]
    for t in doc[lo:tok.i]:
        if t.tag_ != "NNS" or t.dep_ not in ("nsubj", "nsubjpass", "dobj", "dative") or \
                t.lower_ not in PEOPLE_NOUNS and t.lower_ not in CIVIL_HEADS:
            continue
        if t.ent_type_ or any(a <= t.i < b for a, b in spans) or generic_kind(t.lower_) is not None:
            continue                  # (an actor word, "soldiers", "militants", is the generic resolver's)
        return True
    return False


def _clause_verb(tok):
    v = tok.head
    for _ in range(6):
        if v.pos_ in ("VERB", "AUX") or v.head.i == v.i:
            return v
        v = v.head
    return None


def _clause_subject(tok, climb=True):
    """The subject token of the clause holding tok (a relative pronoun's noun; a controlled infinitive's
    controller), or None; never a subject that contains tok itself. With climb, a pronoun inside the subject
    of a reported clause takes the reporting verb's subject ("X said their forces would stay")."""
    v = _clause_verb(tok)
    for _ in range(3):
        if v is None:
            return None
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            t = subj[0]
            if t.lower_ in RELATIVE and v.dep_ == "relcl":
                return v.head
            if not (t.left_edge.i <= tok.i <= t.right_edge.i):
                return t
            # "X said their forces would stay": a pronoun inside the subject of a reported clause
            if not climb or v.dep_ not in ("ccomp", "advcl", "conj") or v.head.i == v.i:
                return None
        elif v.dep_ not in ("xcomp", "conj") or v.head.i == v.i:
            return None
        v = v.head
    return None


SPEECH_LEMMAS = lexicon.words("pronoun_speech_lemmas")
QUOTE_CHARS = {"“": 1, "”": -1}


def _in_quote(doc, i) -> bool:
    """Whether token i lies inside a quotation (curly quotes; straight ones alternate), within its sentence
    and the two before it."""
    sent = doc[i].sent
    lo = sent.start
    for _ in range(2):
        if lo > 0:
            lo = doc[lo - 1].sent.start
    depth, straight = 0, False
    for t in doc[lo:i]:
        if t.text in QUOTE_CHARS:
            depth = max(0, depth + QUOTE_CHARS[t.text])
        elif t.text == '"':
            straight = not straight
    return depth > 0 or straight


def _quote_speakers(doc, tok) -> set:
    """Tokens that head the subject of a speech verb outside quotes in this or the previous sentence, when tok
    is inside a quotation (the quote's likely speaker)."""
    if not _in_quote(doc, tok.i):
        return set()
    sent = tok.sent
    lo = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    out = set()
    for t in doc[lo:sent.end]:
        if t.dep_ == "nsubj" and t.head.lemma_ in SPEECH_LEMMAS and not _in_quote(doc, t.head.i):
            out.add(t.i)
            out.update(c.i for c in t.children if c.dep_ == "appos")
    return out





def _coargument_subject(tok):
    """(first, last) token of the subject of the verb an object pronoun belongs to ("X told him")."""
    if tok.dep_ not in ("dobj", "dative", "pobj"):
        return None
    v = tok.head
    if tok.dep_ == "pobj":
        if v.dep_ != "prep":
            return None
        v = v.head
    if v.pos_ not in ("VERB", "AUX"):
        return None
    subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    for _ in range(3):                # "X should find the donors and thank them": X's verb too
        if subj or v.dep_ not in ("conj", "xcomp") or v.head.i == v.i:
            break
        v = v.head
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj or subj[0].lower_ in RELATIVE:
        return None
    return subj[0].left_edge.i, subj[0].right_edge.i


class Bound(Exception):
    """The pronoun is bound to a phrase that names nobody known ("the trade minister, who ... his")."""


def _mention_at(t, chain, tok, pred):
    """The latest mention in the chain over token t (before tok) that satisfies pred."""
    if t is None:
        return None
    for m in reversed(chain):
        if m.s <= t.i < m.e and m.e <= tok.i:
            if m.name is None and m.kind == "generic":
                raise Bound()
            if m.name and pred(m):
                return m
    return None


def conjuncts_of(doc, m, chain) -> list:
    """The mention m and the mentions coordinated with it ("Chile and Peru"), in text order."""
    root = doc[m.s:m.e].root
    top = root
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    heads = {top.i} | {t.i for t in top.subtree if t.dep_ == "conj" and t.head.i in
                       {top.i} | {x.i for x in top.subtree if x.dep_ == "conj"}}
    if len(heads) < 2:
        return [m]
    out, seen = [], set()
    for c in chain:
        if c.name and c.flag != "loc" and doc[c.s:c.e].root.i in heads and c.name not in seen and \
                c.kind != "generic":
            seen.add(c.name)
            out.append(c)
    return out if len(out) >= 2 and m.name in seen else [m]


def _governing_subject(tok, cands):
    """"Norway said it would ...": the subject of the verb that governs the pronoun's clause."""
    v = tok.head
    while v.dep_ in ("ccomp", "xcomp", "conj", "advcl") and v.head.i != v.i:
        v = v.head
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]
        for c in subj:
            for m in reversed(cands):
                if m.s <= c.i < m.e and m.e <= tok.i:
                    return m
    return None


def genders_of(doc, named) -> dict:
    """Gender of people where the text says it: a title or an apposition ("Mrs", "spokeswoman", "his wife")."""
    out = {}
    for m in named:
        if m.kind != "person" or m.name in out:
            continue
        words = set((m.title or "").lower().split())
        head = doc[m.s:m.e].root
        for c in list(head.children) + ([head.head] if head.dep_ == "appos" else []):
            if c.dep_ == "appos" or c.i == head.head.i:
                words.add(lemma(c))
        if m.s > 0:
            words.add(doc[m.s - 1].lower_)
        if words & FEMALE_CUES:
            out[m.name] = "f"
        elif words & MALE_CUES:
            out[m.name] = "m"
    return out


def _by_role(doc, tok, chain, pred):
    """In this and the previous sentence: the latest main-clause subject, else the latest subject, else the
    latest mention that fits."""
    sent = tok.sent
    start = sent.start
    if start > 0:
        start = doc[start - 1].sent.start
    cands = [m for m in chain if m.s >= start and m.e <= tok.i and m.name and pred(m)]
    if not cands:
        return None
    strong = _governing_subject(tok, cands)
    if strong is not None:
        return strong
    same = [m for m in cands if m.s >= sent.start and m.subj]
    if same:
        return same[-1]
    for rank in (2, 1):
        ranked = [m for m in cands if m.subj >= rank and m.e <= tok.i]
        if ranked:
            return ranked[-1]
    return cands[-1]
