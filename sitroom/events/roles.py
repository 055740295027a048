"""Roles: reads a trigger token (verb or event noun), its event type and ctx.actors -> writes (actor,
recipient) lists of Entities: subject, passive agent, possessor, "X-led"/"US strike" modifiers as actors;
object, passive subject, "against/on/of" targets, authors of demands, places of attacks as recipients."""
from __future__ import annotations

from ..records import Entity
from ..resources import plover as P
from .. import actors as _actors
from .mentions import entities, span_of
from .syntax import (
    COPULAS, CROWD, NOUN_POS, PASS_SUBJ, REL_PRONOUNS, SUBJ, VERB_POS, children_with, lemma, pobjs, subject_of,
)
from .. import lexicon


def verb_roles(ctx, tok, etype, extra=None):
    actor, recip = [], []
    skip = extra.i if extra is not None and extra.dep_ not in ("prep", "prt") else -1
    reduced = tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod")
    if reduced and any(c.dep_ == "dobj" for c in tok.children):  # "the coalition bombed targets": active
        reduced = False
        actor += entities(ctx, tok.head)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or reduced
    involved = passive and lemma(tok) in ("engage", "involve") and not children_with(tok, ("agent",))
    audience = []
    relative = tok.head if tok.dep_ == "relcl" else None  # "prisoners that the militia freed", "men who were held"
    for c in tok.children:
        if c.i == skip:
            continue
        n = relative if relative is not None and c.lower_ in REL_PRONOUNS and c.dep_ in PASS_SUBJ | {"dobj"} else c
        if c.dep_ == "agent":
            for g in pobjs(c):
                actor += entities(ctx, g)
        elif c.dep_ in PASS_SUBJ:
            if involved:  # "X were involved in the looting": X does it
                actor += entities(ctx, n)
            elif etype != "MOBILIZE":
                recip += entities(ctx, n, wide=True)
            else:  # "US troops were deployed": the deployed forces' owner acts
                actor += [e for e in entities(ctx, n, fallback=False) if e.name]
        elif c.dep_ in ("dobj", "dative"):
            if etype != "MOBILIZE":
                if lemma(n) in SPEECH_NOUNS:
                    recip += _author(ctx, n)
                elif etype in ("ACCUSE", "PROTEST", "SANCTION") and _by_agent(n):  # "condemned crimes by X"
                    recip += [e for g in _by_agent(n) for e in entities(ctx, g)]
                else:
                    recip += entities(ctx, n, wide=True) + _holder(ctx, n, etype)
        elif c.dep_ == "prep" and c.lower_ == "in" and etype == "COERCE" and any(
                lemma(g) in CUSTODY for g in pobjs(c)):  # "held in army custody": the keeper
            for g in pobjs(c):
                actor += [e for m in g.children if m.dep_ in ("amod", "compound", "poss", "nmod")
                          for e in entities(ctx, m, fallback=False)]
        elif c.dep_ == "prep" and c.lower_ in ("against", "on", "at", "upon", "to", "with", "into", "in", "from", "over",
                                                "for") and not (c.lower_ == "for" and etype not in ("AID", "SUPPORT")):
            if c.lower_ in ("in", "over", "into") and etype not in ("ASSAULT", "COERCE", "RETREAT"):
                continue
            if c.lower_ == "from" and etype not in ("ASSAULT", "COERCE", "RETREAT", "REJECT", "ACCUSE", "AGREE"):
                continue
            at_target = c.lower_ == "at" and etype in ("ASSAULT", "THREATEN", "ACCUSE")
            for g in pobjs(c):
                if c.lower_ == "to" and lemma(g) in SPEECH_NOUNS and etype in ("CONCEDE", "AGREE", "REJECT"):
                    recip += _author(ctx, g)  # "conceded to demands from X"
                    continue
                ents = entities(ctx, g, fallback=c.lower_ not in ("in", "into", "from", "at") or at_target)
                if c.lower_ == "to" and etype == "ACCUSE":  # "complained to the UN (about X)": the audience
                    audience += ents
                elif c.lower_ == "with" and etype in ("CONSULT", "ASSAULT", "COOPERATE", "AGREE"):
                    actor += ents
                elif c.lower_ in ("in", "into", "at") and not at_target and not any(x.ent_type_ in ("ORG", "NORP", "PERSON")
                                                                 for x in g.subtree):
                    continue
                else:
                    recip += ents
    if passive and not recip and not reduced and not involved and etype != "MOBILIZE" \
            and not any(c.dep_ in PASS_SUBJ for c in tok.children):
        subj = _shared_subject(tok)  # "she crossed the border and was detained there"
        if subj is not None:
            recip += entities(ctx, subj, wide=True)
    if not recip and etype in PLACE_TARGET_TYPES:  # "declared a curfew over X", "shelled X"
        recip += _place_target(ctx, tok)
    if passive and reduced:  # "civilians killed by X"
        recip += entities(ctx, tok.head, wide=True)
    if passive and not actor and tok.dep_ in ("ccomp", "xcomp") and lemma(tok.head) in ORDER_VERBS:
        actor += entities(ctx, subject_of(tok.head))  # "X ordered that the prisoners be moved"
    if not passive:
        subj = subject_of(tok)
        if subj is not None:
            actor = entities(ctx, subj) + actor
    if not recip and etype in ("ACCUSE", "REJECT", "SUPPORT", "CONCEDE", "REQUEST"):
        holders = [tok] + ([extra] if extra is not None else [])
        for hd in holders:
            for c in hd.children:
                if c.dep_ == "prep" and c.lower_ in ("about", "over", "of", "against", "at", "toward", "towards"):
                    for g in pobjs(c):
                        recip += _author(ctx, g) if lemma(g) in SPEECH_NOUNS else entities(ctx, g, fallback=False, wide=True)
    if not recip and etype in P.SPEECH_ACTS:  # "threatened to bomb X", "demanded that X leave"
        recip += _complement_recipients(ctx, tok)
    if not recip and etype == "PROTEST":  # "went on strike, demanding the dismissal of X"
        recip += _protest_target(ctx, tok)
    recip = recip or audience
    if lemma(tok) == "host":  # the visitor is the actor, the host the recipient
        actor, recip = recip, actor
    return actor, recip


CUSTODY = lexicon.words("custody_words")
ORDER_VERBS = lexicon.words("order_verbs")
HOLDING = lexicon.words("holding_words")


def _holder(ctx, obj, etype):
    """'territory controlled by X' as a target: X is hit too."""
    if etype not in ("ASSAULT", "COERCE"):
        return []
    out = []
    heads = [obj] + [g for p in children_with(obj, ("prep",)) if p.lower_ == "of" for g in pobjs(p)]
    for h in heads:
        for a in children_with(h, ("acl",)):
            if a.tag_ == "VBN" and lemma(a) in HOLDING:
                for ag in children_with(a, ("agent",)):
                    for g in pobjs(ag):
                        out += entities(ctx, g, fallback=False)
    return out


DEMAND_VERBS = lexicon.words("demand_verbs")


def _by_agent(noun):
    """'crimes by X', 'the attack by X': the pobj(s) of the act noun's "by" phrase."""
    if P.NOUNS.get(lemma(noun)) is None and lemma(noun) not in ("crime", "abuse", "violation", "atrocity"):
        return []
    return [g for p in children_with(noun, ("prep",)) if p.lower_ == "by" for g in pobjs(p)]


def _protest_target(ctx, tok):
    """The protest's purpose names its target: 'to demand the dismissal of X', 'calling for X's removal'."""
    holders = [tok]
    if tok.dep_ in ("dobj", "pobj") and tok.head.pos_ in VERB_POS:
        holders.append(tok.head)  # "staged a sit-in to demand ..."
    for hd in holders:
        for x in hd.children:
            if x.dep_ not in ("xcomp", "advcl", "acl", "prep") or x.dep_ == "prep" and x.lower_ not in ("in", "for"):
                continue
            verbs = [x] if x.dep_ != "prep" else [g for g in x.children if g.dep_ in ("pcomp", "pobj")]
            for v in verbs:
                if lemma(v) not in DEMAND_VERBS:
                    continue
                objs = children_with(v, ("dobj",)) + [g for p in children_with(v, ("prep",)) if p.lower_ in ("for", "against")
                                                  for g in pobjs(p)]
                out = [e for o in objs for e in entities(ctx, o, fallback=False, wide=True) if e.name]
                if out:
                    return out
    return []


def _shared_subject(tok):
    """The subject a conjoined verb shares with the verb before it."""
    t = tok
    for _ in range(3):
        if t.dep_ != "conj" or t.head.i == t.i:
            return None
        t = t.head
        s = [c for c in t.children if c.dep_ in SUBJ | PASS_SUBJ]
        if s:
            return s[0] if s[0].lower_ not in REL_PRONOUNS else None
    return None


SPEECH_NOUNS = lexicon.words("speech_nouns")


def _author(ctx, noun):
    """Who made the offer/demand/proposal named by `noun` (possessor, "from X", "by X", "X's", "US plan")."""
    out = []
    for c in noun.children:
        if c.dep_ == "poss":
            out += entities(ctx, c, fallback=False)
        elif c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
            for g in pobjs(c):
                found = entities(ctx, g, fallback=c.lower_ != "of")
                if not found and g.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):  # a state named as author
                    ent = next(e for e in g.doc.ents if e.start <= g.i < e.end)
                    found = [Entity(text=ent.text, name=ent.text, span=[ent.start_char, ent.end_char])]
                out += found
        elif c.dep_ in ("compound", "amod") and c.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):
            out += entities(ctx, c, fallback=False)
    return out


def _complement_recipients(ctx, tok):
    out = []
    for x in children_with(tok, ("xcomp", "ccomp", "acl")):
        for c in x.children:
            if c.dep_ in ("nsubj", "nsubjpass") and x.dep_ != "xcomp" and c.pos_ != "PRON" or c.dep_ == "nsubj" and c.pos_ == "PRON" \
                    and c.lower_ not in ("it", "that", "this", "which", "who"):
                out += entities(ctx, c, wide=True)
            elif c.dep_ in ("dobj", "dative") and x.dep_ == "xcomp":
                out += entities(ctx, c, wide=True)
            elif c.dep_ == "prep" and c.lower_ in ("against", "on", "to", "at"):
                for g in pobjs(c):
                    out += entities(ctx, g)
    return out


MOVED_UNITS = lexicon.words("moved_units")
AGENT_ADJS = lexicon.words("agent_adjectives")
PLACE_TARGET_TYPES = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "SANCTION"}


def _place_target(ctx, tok):
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "on", "into"):
            for g in pobjs(c):
                if lemma(g) in CUSTODY:  # "held in a military prison": the keeper, not the target
                    continue
                s, e = span_of(g)
                out += [m for m in _actors.in_span(ctx, s, e)]
    return out


SERIES_NOUNS = lexicon.words("series_nouns")
REPORTED_MODIFIERS = lexicon.words("reported_modifiers")


def _reported_modifier(c) -> bool:
    """'UN-recorded shelling of ...': the modifier reports the act, it does not do it."""
    doc = c.doc
    nxt = doc[c.i + 2] if c.i + 2 < len(doc) and doc[c.i + 1].text == "-" else None
    return c.lower_.rsplit("-", 1)[-1] in REPORTED_MODIFIERS or nxt is not None and nxt.lower_ in REPORTED_MODIFIERS


def _possessor(ctx, pron, noun):
    """'X repeated its offer': a possessive pronoun whose clause has a named subject is that subject
    (the reflexive reading); otherwise the actors stage's resolution of the pronoun."""
    t = noun
    for _ in range(4):
        if t.head.i == t.i:
            break
        t = t.head
        if t.pos_ in VERB_POS:
            subj = subject_of(t)
            if subj is not None and subj.pos_ != "PRON" and pron.lower_ in ("its", "their", "his", "her"):
                ents = [e for e in entities(ctx, subj, fallback=True) if e.name]
                if ents:
                    return ents
            break
    return [e for e in _actors.in_span(ctx, pron.idx, pron.idx + len(pron.text)) if e.name]


def noun_roles(ctx, tok, etype):
    actor, recip = [], []
    pron_poss = None
    kids = list(tok.children)
    if tok.dep_ == "compound":  # "X's resignation letter"
        kids += [c for c in tok.head.children if c.dep_ == "poss"]
    if tok.dep_ == "conj" and tok.head.pos_ in NOUN_POS and not any(c.dep_ == "poss" for c in kids):
        kids += [c for c in tok.head.children if c.dep_ == "poss"]  # "the group's losses and retreat"
    for c in kids:
        if c.dep_ == "poss":
            if c.pos_ == "PRON":  # "its demand": the possessor as the actors stage resolved it (below)
                pron_poss = c
            else:
                actor += entities(ctx, c, fallback=lemma(c) in CROWD)
        elif c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i and not _reported_modifier(c):
            if c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or lemma(c) in ("coalition", "regime", "government",
                                                                                  "army", "police", "rebel"):
                actor += entities(ctx, c, fallback=True)
            elif "-" in c.text or c.dep_ == "amod":  # "US-led", "Qatari-brokered"
                actor += _actors.in_span(ctx, c.idx, c.idx + len(c.text))
        elif c.dep_ == "prep":
            p = c.lower_
            for g in pobjs(c):
                if p == "by" or p == "from" and etype not in ("RETREAT", "CONCEDE", "MOBILIZE"):
                    actor += entities(ctx, g)  # (a withdrawal "from" X: the place left)
                elif p in ("against", "on", "at", "to", "upon") or p == "for" and etype in ("AID", "SUPPORT"):
                    recip += entities(ctx, g, wide=True)
                elif p == "with":
                    (actor if etype in ("CONSULT", "ASSAULT", "COOPERATE", "AGREE") else recip).extend(entities(ctx, g))
                elif p == "between":
                    actor += entities(ctx, g)
                elif p == "of":
                    if lemma(g) in MOVED_UNITS and etype in ("RETREAT", "MOBILIZE", "CONCEDE"):
                        actor += entities(ctx, g, fallback=False)  # "withdrawal of (US) troops": the owner moves
                        continue
                    if etype in ("RETREAT", "CONSULT", "MOBILIZE", "PROTEST", "AGREE", "SUPPORT", "CONCEDE"):
                        actor += entities(ctx, g)
                    else:
                        recip += entities(ctx, g, fallback=etype in ("ASSAULT", "COERCE", "SANCTION"), wide=True)
    h = tok.head
    if tok.dep_ == "pobj" and h.lower_ == "of" and lemma(h.head) in SERIES_NOUNS:  # "a series of killings"
        tok, h = h.head, h.head.head
    if not actor and tok.dep_ in ("dobj", "nsubjpass", "attr") and lemma(h) in P.LIGHT_VERBS:
        if lemma(h) in P.UNDERGO_VERBS:
            recip += entities(ctx, subject_of(h), wide=True)
        else:
            actor += entities(ctx, subject_of(h) if tok.dep_ != "nsubjpass" else None)
            for c in h.children:
                if c.dep_ == "agent":
                    for g in pobjs(c):
                        actor += entities(ctx, g)
                if c.dep_ == "prep" and c.lower_ in ("against", "on", "at") and not recip:
                    for g in pobjs(c):
                        recip += entities(ctx, g, wide=True)
    if not recip and tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "under" and h.head.pos_ in VERB_POS:
        recip += entities(ctx, subject_of(h.head), wide=True)
    if not actor and tok.dep_ in ("pobj", "pcomp") and h.dep_ == "prep":
        x = h.head  # "X were key to the capture of Y", "X was behind the killings"
        if x.pos_ == "ADJ" and lemma(x) in AGENT_ADJS or h.lower_ == "behind" and lemma(x) == "be" or (
                lemma(x) in COPULAS and any(lemma(a) in AGENT_ADJS for a in children_with(x, ("acomp",)))):
            v = x.head if x.pos_ == "ADJ" else x  # (the parser may hang "in" on the copula)
            actor += entities(ctx, subject_of(v))
    if not actor and pron_poss is not None:
        actor += _possessor(ctx, pron_poss, tok)
    if not recip and etype == "PROTEST":
        recip += _protest_target(ctx, tok)
    if not recip and etype in P.SPEECH_ACTS:
        recip += _complement_recipients(ctx, tok)
    if not recip and etype in PLACE_TARGET_TYPES:
        recip += _place_target(ctx, tok)
        if not recip and tok.dep_ in ("dobj",) and lemma(h) in P.LIGHT_VERBS:
            recip += _place_target(ctx, h)
    return actor, recip
