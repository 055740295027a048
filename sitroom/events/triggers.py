"""Trigger finding: reads one sentence (parse, NER) and the PLOVER lexicon (`sitroom.resources.plover`) ->
writes (token, (type, mode, weight), extra token) for every verb, event noun or two-word phrase that
reports an act; per-verb checks drop uses that report none ("hold a meeting" is not an arrest)."""
from __future__ import annotations

from ..resources import plover as P
from .syntax import COPULAS, CROWD, NOUN_POS, VERB_POS, WEAPONISH, children_with, lemma, pobjs, subject_of
from .. import lexicon
from ..parse_helpers import negated

SKIP_ENTS = {"ORG", "PERSON", "GPE", "FAC", "LOC", "NORP", "WORK_OF_ART", "LAW", "PRODUCT"}

CAPTIVES = lexicon.words("captive_nouns")
RESTRICTIONS = lexicon.words("restriction_nouns")
def _required_objects():
    out: dict = {}
    for r in lexicon.rows("verb_required_objects"):
        obj = r["object"]
        if obj == "*":
            out[r["term"]] = None
        else:
            out.setdefault(r["term"], set()).update(lexicon.words(obj[1:]) if obj.startswith("@") else {obj})
    return {k: (frozenset(v) if v is not None else None) for k, v in out.items()}


REQUIRES_OBJ = _required_objects()
# Verbs marked None (object '*'): need *some* object / complement (dobj, xcomp, ccomp, prep) or passive use.

NEG_REJECT = lexicon.words("negated_reject_verbs")
MEET_NOT = lexicon.words("meet_not_objects")


def _phrase(tok):
    """(entry, extra token) for a two-word phrase headed by tok, else (None, None); (False, x) = not an event."""
    lem = lemma(tok)
    for c in tok.children:
        if c.dep_ in ("prt", "prep", "dobj", "compound", "amod", "acomp", "advmod"):
            key = (lem, lemma(c))
            if key in P.PHRASES:
                entry = P.PHRASES[key]
                return (entry if entry is not None else False), c
        if c.dep_ == "prep":  # "go on strike", "put on trial"
            for g in c.children:
                if g.dep_ == "pobj" and (lem, lemma(g)) in P.PHRASES:
                    entry = P.PHRASES[(lem, lemma(g))]
                    return (entry if entry is not None else False), g
    if tok.dep_ == "compound" and (lem, lemma(tok.head)) in P.PHRASES:
        return P.PHRASES[(lem, lemma(tok.head))], tok.head
    return None, None


def _has_object(tok) -> bool:
    return any(c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "dative", "attr", "oprd", "prt", "nsubjpass", "auxpass")
               for c in tok.children) or tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN"


def _verb_trigger(tok):
    entry, extra = _phrase(tok)
    if entry is False:
        return None, None
    if entry:
        return entry, extra
    lem = lemma(tok)
    if lem == "hold":
        objs = children_with(tok, ("dobj", "nsubjpass"))
        if any(lemma(o) in CAPTIVES or o.ent_type_ in ("PERSON", "NORP") for o in objs):
            return ("COERCE", "arrest", 0.6), None
        if tok.tag_ == "VBN" and any(lemma(g) in ("prison", "custody", "jail", "captivity")
                                     for c in children_with(tok, ("prep",)) for g in c.children):
            return ("COERCE", "arrest", 0.6), None
        return None, None
    entry = P.VERBS.get(lem)
    if entry is None:
        if lem in NEG_REJECT and negated(tok):
            return ("REJECT", "change", 0.5), None
        return None, None
    if lem in REQUIRES_OBJ:
        need = REQUIRES_OBJ[lem]
        if need is None:
            if not _has_object(tok):
                return None, None
        else:
            objs = [o for o in tok.children if o.dep_ in ("dobj", "nsubjpass")]
            objs += [g for c in children_with(tok, ("prep",)) for g in c.children if g.dep_ == "pobj"]
            if not any(lemma(o) in need for o in objs):
                return None, None
    if lem == "meet" and any(lemma(o) in MEET_NOT for o in children_with(tok, ("dobj",))):
        return None, None
    if lem == "ask" and any(c.dep_ == "advmod" and c.lower_ in ("when", "if") for c in tok.children):
        return None, None
    if lem == "protest":
        subj = subject_of(tok)
        if subj is not None and lemma(subj) not in CROWD and subj.ent_type_ not in ("NORP",) and subj.pos_ != "NUM":
            return ("ACCUSE", "disapprove", 0.6), None
    if lem == "block" and _subj_in(CROWD)(tok):
        return ("PROTEST", "obstruct", 0.6), None
    if lem == "warn":
        if children_with(tok, ("dobj",)) and any(c.dep_ in ("xcomp", "ccomp") for c in tok.children):
            objs = children_with(tok, ("dobj",))
            if any(c.dep_ == "xcomp" for c in tok.children):
                return ("REQUEST", "change", 0.6), None
    if lem == "vow":
        x = children_with(tok, ("xcomp",))
        if x:
            t = P.VERBS.get(lemma(x[0]))
            if not t or t[0] not in ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN"):
                return ("AGREE", None, 0.5), None
    if lem in ("free", "release") and tok.dep_ == "amod":
        return None, None
    check = VERB_CHECKS.get(lem)
    if check is not None and not check(tok):
        return None, None
    if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and entry[0] in STATIVE_PARTICIPLE_TYPES:
        return None, None
    return entry, None


def _objs(tok):
    out = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "dative")]
    out += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return out


def _obj_in(words, ents=()):
    return lambda tok: any(lemma(o) in words or o.ent_type_ in ents for o in _objs(tok))


def _subj_in(words, ents=()):
    def f(tok):
        s = subject_of(tok)
        if s is None and tok.dep_ == "xcomp":
            s = subject_of(tok.head)
        return s is not None and (lemma(s) in words or s.ent_type_ in ents or any(
            lemma(c) in words for c in s.children if c.dep_ == "prep" for c in c.children))
    return f


def _has_aux(tok, words):
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in words for c in tok.children)


def _conflict_content(tok):
    for t in tok.subtree:
        if t.i == tok.i:
            continue
        lem = lemma(t)
        e = P.VERBS.get(lem) if t.pos_ in VERB_POS else P.NOUNS.get(lem)
        if e and e[0] in ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE") or lem in THREAT_WORDS:
            return True
    return False


THREAT_WORDS = lexicon.words("threat_words")
STATIVE_PARTICIPLE_TYPES = {"MOBILIZE", "SUPPORT", "RETREAT", "AID", "COOPERATE", "CONSULT", "SANCTION", "AGREE"}
PEOPLE_MOVING = lexicon.words("people_moving")
LEADERS = lexicon.words("leader_nouns")
VERB_CHECKS = {
    "return": _subj_in(PEOPLE_MOVING),
    "deny": lambda t: _obj_in({"request", "access", "entry", "permission", "visa", "aid", "application",
                               "asylum", "passage", "demand"})(t) or _has_aux(t, {"was", "were", "been", "be"}),
    "accept": _obj_in({"offer", "proposal", "invitation", "plan", "deal", "ceasefire", "truce", "demand", "term",
                       "refugee", "resignation", "condition", "agreement", "mediation", "settlement", "return"}),
    "visit": _obj_in(set(), ("PERSON", "ORG", "GPE", "NORP")),
    "arrive": _subj_in(LEADERS, ("PERSON",)),
    "insist": lambda t: any(_has_aux(c, {"should", "must"}) or (c.tag_ == "VBN" and _has_aux(c, {"be", "is", "are"}))
                            for c in t.children if c.dep_ == "ccomp") or any(
        c.dep_ == "prep" and c.lower_ == "on" for c in t.children),
    "decline": lambda t: not any(lemma(c) in ("comment", "say", "elaborate", "confirm", "discuss") for c in t.children
                                 if c.dep_ == "xcomp"),
    "release": lambda t: _obj_in(CAPTIVES | {"hostage", "prisoner", "detainee"}, ("PERSON", "NORP"))(t),
    "free": lambda t: _obj_in(CAPTIVES | {"hostage", "prisoner", "detainee"}, ("PERSON", "NORP"))(t),
    "displace": lambda t: _has_aux(t, {"were", "was", "been", "be", "are", "is"}) or any(
        c.dep_ == "dobj" for c in t.children),
    "flee": lambda t: t.dep_ == "xcomp" and lemma(t.head) in ("force", "compel", "make"),
    "warn": _conflict_content,
    "support": lambda t: t.dep_ != "relcl",
    "discuss": lambda t: not _has_aux(t, {"not"}),
    "help": lambda t: _subj_in(set(), ("GPE", "ORG", "NORP"))(t) or _obj_in(set(), ("GPE", "ORG", "NORP"))(t),
    "advise": lambda t: any(lemma(o) in ("force", "fighter", "troop", "army", "militia", "unit") for o in _objs(t)),
    "brief": lambda t: _has_aux(t, {"be", "was", "were", "been", "will"}) or any(c.dep_ == "dobj" for c in t.children),
    "clear": _obj_in({"area", "town", "city", "village", "territory", "desert", "mile", "kilometre", "kilometer",
                      "district", "neighbourhood", "neighborhood", "region", "province", "pocket", "enclave"},
                     ("GPE", "LOC", "QUANTITY")),
    "eliminate": lambda t: True,
    "advance": lambda t: any(c.dep_ == "prep" and c.lower_ in ("on", "into", "toward", "towards", "through")
                             for c in t.children),
    "chase": lambda t: True,
    "reinforce": lambda t: not _objs(t) or any(lemma(o) in ("troop", "force", "position", "garrison", "unit",
                                                             "defence", "defense", "border", "presence", "line")
                                               for o in _objs(t)),
    "agree": lambda t: not (any(c.dep_ == "prep" and c.lower_ == "with" for c in t.children) and not any(
        c.dep_ in ("xcomp", "dobj", "ccomp") or c.dep_ == "prep" and c.lower_ in ("on", "to") for c in t.children)),
    "coordinate": lambda t: t.dep_ not in ("amod", "conj") or t.head.pos_ in VERB_POS,
    "threaten": lambda t: (lambda sj: sj is None or (lemma(sj) not in P.NOUNS and lemma(sj) not in WEAPONISH
                                                     and sj.pos_ != "NOUN" or sj.ent_type_ != ""
                                                     or lemma(sj) in LEADERS | CROWD))(subject_of(t)),
    "meet": lambda t: not (subject_of(t) is not None and subject_of(t).pos_ == "PRON"
                           and all(o.pos_ == "PRON" for o in _objs(t))),
    "allow": lambda t: any(c.dep_ == "dobj" for c in t.children) and any(c.dep_ in ("xcomp", "ccomp")
                                                                         for c in t.children),
}


def _noun_ok(tok) -> bool:
    """An event noun denotes a specific act (not a thing or a standing state)."""
    lem = lemma(tok)
    if tok.dep_ in ("attr", "acomp", "dobj") and lemma(tok.head) in COPULAS:
        return False
    if tok.dep_ == "compound" and lemma(tok.head) in ("helicopter", "aircraft", "jet", "plane", "dog", "ship",
                                                          "submarine", "team", "unit", "squad", "drone", "force",
                                                          "group", "rifle", "boat", "vehicle", "cell",
                                                          "centre", "center", "facility", "camp", "date", "site",
                                                          "record", "warrant", "zone", "route", "system",
                                                          "treaty", "law", "agreement", "deal", "process",
                                                          "programme", "program", "policy", "project", "mechanism",
                                                          "plan", "framework", "manner", "way"):
        return False
    if lem in ("threat", "warning"):
        h = tok.head
        if tok.dep_ == "dobj" and lemma(h) in ("make", "issue", "sound", "repeat", "renew", "carry", "deliver"):
            return True
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "to"):
                for g in pobjs(c):
                    e = P.NOUNS.get(lemma(g)) or P.VERBS.get(lemma(g))
                    if e and e[0] in ("ASSAULT", "SANCTION", "COERCE", "MOBILIZE"):
                        return True
        return False
    if lem in ("request", "call") and any(lemma(g) == "comment" for c in tok.children for g in c.children):
        return False
    if lem == "release" and not any(lemma(g) in CAPTIVES | {"hostage", "prisoner", "detainee"} or
                                    g.ent_type_ == "PERSON" for c in tok.children if c.lower_ == "of"
                                    for g in c.children):
        return False
    if lem in ("collaboration", "cooperation", "co-operation", "consultation", "support") and tok.dep_ == "pobj" \
            and tok.head.lower_ in ("in", "with", "without"):  # "in collaboration with": a manner, not an act
        return False
    if lem not in P.NOUN_NEEDS_MOD:
        return True
    for c in tok.children:
        if c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ in ("of", "on", "against", "by", "with", "between",
                                                               "from", "to", "in", "at", "over", "for"):
            return True
        if c.dep_ in ("compound", "amod", "nmod") and (c.ent_type_ in ("NORP", "GPE", "ORG") or
                                                       lemma(c) in ("air", "missile", "military", "drone",
                                                                     "hunger", "general", "chemical", "rocket")):
            return True
        if c.dep_ == "nummod":
            return True
    h = tok.head
    if tok.dep_ in ("dobj", "nsubjpass") and lemma(h) in P.LIGHT_VERBS:
        return True
    if tok.dep_ == "nsubj" and lemma(h) in ("kill", "hit", "destroy", "target", "wound", "injure"):
        return True
    return False


def candidates(sent):
    """(token, entry, extra token) for every trigger in the sentence."""
    out = []
    taken = set()
    for tok in sent:
        if tok.i in taken or tok.ent_type_ in SKIP_ENTS:
            continue
        entry, extra = None, None
        if tok.pos_ in VERB_POS and tok.dep_ != "amod":
            entry, extra = _verb_trigger(tok)
            if entry is None and lemma(tok) in P.NOUNS and tok.tag_ == "VBG" and tok.dep_ in (
                    "pobj", "dobj", "nsubj", "nsubjpass"):
                entry = P.NOUNS[lemma(tok)]
        elif tok.pos_ in NOUN_POS:
            entry, extra = _phrase(tok)
            if entry is False:
                entry = None
            if not entry:
                entry = P.NOUNS.get(lemma(tok)) or P.NOUNS.get(tok.lower_)
                if entry and not _noun_ok(tok):
                    entry = None
        elif tok.pos_ == "ADJ" and tok.lower_ == "committed" and any(c.dep_ == "prep" and c.lower_ == "to"
                                                                       for c in tok.children):
            entry = ("AGREE", None, 0.5)
        elif tok.pos_ == "ADJ" and tok.dep_ != "amod" and tok.lower_ in ("willing", "ready", "prepared") and any(
                c.dep_ == "xcomp" for c in tok.children):
            x = next(c for c in tok.children if c.dep_ == "xcomp")
            xe = P.VERBS.get(lemma(x))
            entry = ("THREATEN", "violence", 0.5) if xe and xe[0] in ("ASSAULT", "MOBILIZE") else ("AGREE", None, 0.5)
        if entry:
            if extra is not None:
                taken.add(extra.i)
            out.append((tok, entry, extra))
    return out
