"""events: reads sentences (dependency parse), ctx.actors/dates/places -> writes Event records (ctx.events).

sitroom.events.v1: a lexicon coder. Trigger words and two-word phrases from the PLOVER codebook
(`sitroom.resources.plover`) are found per sentence (verbs and event nouns); dependency rules give
actor (subject, passive agent, possessor, "X-led"/"US strike" modifiers) and recipient (object,
passive subject, "against/on/of" targets); complements of speech acts are the act's content, not
separate events; PLOVER's re-typings are applied (future cooperation -> AGREE, announced
withdrawal -> CONCEDE, "X said Y would attack" -> THREATEN). One event per (sentence, type, actor set).
"""
from __future__ import annotations


from ..records import Entity, Event, Trigger
from ..resources import plover as P
from . import actors as _actors
from . import dates as _dates
from . import event_place as _event_place

from .counts import counts_for
from .status import status_of

NAME = "sitroom.events.v1"

SKIP_ENTS = {"ORG", "PERSON", "GPE", "FAC", "LOC", "NORP", "WORK_OF_ART", "LAW", "PRODUCT"}
VERB_POS = {"VERB", "AUX"}
NOUN_POS = {"NOUN", "PROPN"}
SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
COMPLEMENT = {"xcomp", "ccomp", "acl", "pcomp", "relcl", "advcl"}
HYPO_GOVERNORS = {"threat", "risk", "danger", "prospect", "possibility", "fear", "suggestion", "idea", "pretext",
                  "chance", "option", "consider", "seek", "want", "try", "attempt", "hope", "wish", "propose",
                  "proposal", "able", "possible", "likely", "unlikely", "prevent", "avoid", "deter"}
FUTURE_GOVERNORS = {"plan", "decision", "decide", "intend", "intention", "prepare", "expect", "announce",
                    "schedule", "set", "aim", "pledge", "promise", "vow", "agree", "order", "commit", "going",
                    "propose", "due", "planned", "upcoming", "future", "will"}
NEG_WORDS = {"not", "n't", "never", "no", "neither", "nor", "without"}
CROWD = {"protester", "demonstrator", "student", "worker", "people", "thousand", "hundred", "resident", "supporter",
         "crowd", "activist", "villager", "woman", "man", "youth", "farmer", "teacher", "doctor", "citizen", "prisoner"}
WEAPONISH = {"airstrike", "strike", "missile", "rocket", "bomb", "shell", "jet", "aircraft", "drone", "shelling",
             "attack", "fire", "mine", "explosion", "blast", "gunfire", "artillery", "plane", "helicopter", "tank",
             "gas", "bullet", "round", "shot", "weapon", "grenade", "mortar", "cannon", "ammunition", "bomb"}
CAPTIVES = {"refugee", "shield", "prisoner", "hostage", "detainee", "captive", "fighter", "jihadist", "militant", "suspect", "people",
            "member", "civilian", "man", "woman", "child", "journalist", "worker", "soldier", "national", "citizen"}
RESTRICTIONS = {"curfew", "sanction", "siege", "ban", "restriction", "embargo", "blockade", "closure", "emergency",
                "law", "limit", "control", "restriction"}
REQUIRES_OBJ = {
    "ease": RESTRICTIONS, "relax": RESTRICTIONS, "lift": RESTRICTIONS,
    "suspend": {"aid", "relation", "tie", "talk", "cooperation", "assistance", "trade", "membership", "program",
                "programme", "funding", "flight", "export", "import"},
    "halt": {"aid", "assistance", "trade", "export", "import", "funding", "supply", "shipment", "cooperation"},
    "freeze": {"asset", "aid", "fund", "account", "relation", "tie", "assistance"},
    "recall": {"ambassador", "envoy", "diplomat"},
    "sign": {"agreement", "deal", "accord", "treaty", "pact", "memorandum", "declaration", "ceasefire", "truce",
             "protocol", "contract"},
    "seize": {"town", "city", "village", "area", "territory", "control", "base", "airport", "position", "border",
              "crossing", "land", "district", "province", "neighbourhood", "neighborhood", "hill", "stronghold",
              "capital", "port", "oilfield", "field", "ground"},
    "press": None, "train": {"force", "troop", "soldier", "fighter", "militia", "army", "police", "rebel"},
    "arm": {"rebel", "fighter", "militia", "group", "force", "opposition", "kurd"},
    "return": None, "back": None, "strike": None, "hit": None, "block": None, "engage": None,
    "intercept": {"missile", "rocket", "drone", "aircraft", "plane", "ship", "vessel", "boat", "shell"},
    "destroy": None, "approve": None, "accept": None, "offer": None, "question": None, "commit": None,
    "support": None, "recognize": None, "recognise": None,
}
# Verbs above marked None: need *some* object / complement (dobj, xcomp, ccomp, prep) or passive use.
QUANT_NOUNS = {"ten", "tens", "thousand", "hundred", "dozen", "million", "scores", "score", "number", "group", "crowd", "band",
               "some", "many", "most", "all", "one", "none", "both", "several", "members", "member", "rest"}
COPULAS = {"be", "remain", "become", "pose", "constitute", "represent", "seem", "appear", "stay"}
NEG_REJECT = {"respond", "act", "comply", "change", "budge", "heed", "yield", "bow", "cooperate", "negotiate"}
MEET_NOT = {"response", "demand", "criterion", "need", "target", "deadline", "requirement", "expectation",
            "standard", "fate", "end", "resistance", "condition", "goal", "approval"}


# ------------------------------------------------------------------------------------------------
# Trigger detection
# ------------------------------------------------------------------------------------------------
def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _children(tok, deps):
    return [c for c in tok.children if c.dep_ in deps]


def _phrase(tok):
    """(entry, extra token) for a two-word phrase headed by tok, else (None, None); (False, x) = not an event."""
    lem = _lemma(tok)
    for c in tok.children:
        if c.dep_ in ("prt", "prep", "dobj", "compound", "amod", "acomp", "advmod"):
            key = (lem, _lemma(c))
            if key in P.PHRASES:
                entry = P.PHRASES[key]
                return (entry if entry is not None else False), c
        if c.dep_ == "prep":  # "go on strike", "put on trial"
            for g in c.children:
                if g.dep_ == "pobj" and (lem, _lemma(g)) in P.PHRASES:
                    entry = P.PHRASES[(lem, _lemma(g))]
                    return (entry if entry is not None else False), g
    if tok.dep_ == "compound" and (lem, _lemma(tok.head)) in P.PHRASES:
        return P.PHRASES[(lem, _lemma(tok.head))], tok.head
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
    lem = _lemma(tok)
    if lem == "hold":
        objs = _children(tok, ("dobj", "nsubjpass"))
        if any(_lemma(o) in CAPTIVES or o.ent_type_ in ("PERSON", "NORP") for o in objs):
            return ("COERCE", "arrest", 0.6), None
        if tok.tag_ == "VBN" and any(_lemma(g) in ("prison", "custody", "jail", "captivity")
                                     for c in _children(tok, ("prep",)) for g in c.children):
            return ("COERCE", "arrest", 0.6), None
        return None, None
    entry = P.VERBS.get(lem)
    if entry is None:
        if lem in NEG_REJECT and any(c.dep_ == "neg" for c in tok.children):
            return ("REJECT", "change", 0.5), None
        return None, None
    if lem in REQUIRES_OBJ:
        need = REQUIRES_OBJ[lem]
        if need is None:
            if not _has_object(tok):
                return None, None
        else:
            objs = [o for o in tok.children if o.dep_ in ("dobj", "nsubjpass")]
            objs += [g for c in _children(tok, ("prep",)) for g in c.children if g.dep_ == "pobj"]
            if not any(_lemma(o) in need for o in objs):
                return None, None
    if lem == "meet" and any(_lemma(o) in MEET_NOT for o in _children(tok, ("dobj",))):
        return None, None
    if lem == "ask" and any(c.dep_ == "advmod" and c.lower_ in ("when", "if") for c in tok.children):
        return None, None
    if lem == "protest":
        subj = _subject(tok)
        if subj is not None and _lemma(subj) not in CROWD and subj.ent_type_ not in ("NORP",) and subj.pos_ != "NUM":
            return ("ACCUSE", "disapprove", 0.6), None
    if lem == "block" and _subj_in(CROWD)(tok):
        return ("PROTEST", "obstruct", 0.6), None
    if lem == "warn":
        if _children(tok, ("dobj",)) and any(c.dep_ in ("xcomp", "ccomp") for c in tok.children):
            objs = _children(tok, ("dobj",))
            if any(c.dep_ == "xcomp" for c in tok.children):
                return ("REQUEST", "change", 0.6), None
    if lem == "vow":
        x = _children(tok, ("xcomp",))
        if x:
            t = P.VERBS.get(_lemma(x[0]))
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
    return lambda tok: any(_lemma(o) in words or o.ent_type_ in ents for o in _objs(tok))


def _subj_in(words, ents=()):
    def f(tok):
        s = _subject(tok)
        if s is None and tok.dep_ == "xcomp":
            s = _subject(tok.head)
        return s is not None and (_lemma(s) in words or s.ent_type_ in ents or any(
            _lemma(c) in words for c in s.children if c.dep_ == "prep" for c in c.children))
    return f


def _has_aux(tok, words):
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in words for c in tok.children)


def _conflict_content(tok):
    for t in tok.subtree:
        if t.i == tok.i:
            continue
        lem = _lemma(t)
        e = P.VERBS.get(lem) if t.pos_ in VERB_POS else P.NOUNS.get(lem)
        if e and e[0] in ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE") or lem in THREAT_WORDS:
            return True
    return False


THREAT_WORDS = {"consequence", "retaliate", "retaliation", "response", "respond", "measure", "reprisal",
                "clash", "confrontation"}
STATIVE_PARTICIPLE_TYPES = {"MOBILIZE", "SUPPORT", "RETREAT", "AID", "COOPERATE", "CONSULT", "SANCTION", "AGREE"}
PEOPLE_MOVING = {"refugee", "displaced", "family", "people", "civilian", "resident", "migrant", "thousand",
                 "hundred", "villager", "evacuee"}
LEADERS = {"president", "minister", "leader", "delegation", "envoy", "king", "premier", "chancellor", "secretary",
           "official", "diplomat", "ambassador", "presidents", "ministers", "leaders", "pope", "emir"}
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
    "decline": lambda t: not any(_lemma(c) in ("comment", "say", "elaborate", "confirm", "discuss") for c in t.children
                                 if c.dep_ == "xcomp"),
    "release": lambda t: _obj_in(CAPTIVES | {"hostage", "prisoner", "detainee"}, ("PERSON", "NORP"))(t),
    "free": lambda t: _obj_in(CAPTIVES | {"hostage", "prisoner", "detainee"}, ("PERSON", "NORP"))(t),
    "displace": lambda t: _has_aux(t, {"were", "was", "been", "be", "are", "is"}) or any(
        c.dep_ == "dobj" for c in t.children),
    "flee": lambda t: t.dep_ == "xcomp" and _lemma(t.head) in ("force", "compel", "make"),
    "warn": _conflict_content,
    "support": lambda t: t.dep_ != "relcl",
    "discuss": lambda t: not _has_aux(t, {"not"}),
    "help": lambda t: _subj_in(set(), ("GPE", "ORG", "NORP"))(t) or _obj_in(set(), ("GPE", "ORG", "NORP"))(t),
    "advise": lambda t: any(_lemma(o) in ("force", "fighter", "troop", "army", "militia", "unit") for o in _objs(t)),
    "brief": lambda t: _has_aux(t, {"be", "was", "were", "been", "will"}) or any(c.dep_ == "dobj" for c in t.children),
    "clear": _obj_in({"area", "town", "city", "village", "territory", "desert", "mile", "kilometre", "kilometer",
                      "district", "neighbourhood", "neighborhood", "region", "province", "pocket", "enclave"},
                     ("GPE", "LOC", "QUANTITY")),
    "eliminate": lambda t: True,
    "advance": lambda t: any(c.dep_ == "prep" and c.lower_ in ("on", "into", "toward", "towards", "through")
                             for c in t.children),
    "chase": lambda t: True,
    "reinforce": lambda t: not _objs(t) or any(_lemma(o) in ("troop", "force", "position", "garrison", "unit",
                                                             "defence", "defense", "border", "presence", "line")
                                               for o in _objs(t)),
    "agree": lambda t: not (any(c.dep_ == "prep" and c.lower_ == "with" for c in t.children) and not any(
        c.dep_ in ("xcomp", "dobj", "ccomp") or c.dep_ == "prep" and c.lower_ in ("on", "to") for c in t.children)),
    "coordinate": lambda t: t.dep_ not in ("amod", "conj") or t.head.pos_ in VERB_POS,
    "threaten": lambda t: (lambda sj: sj is None or (_lemma(sj) not in P.NOUNS and _lemma(sj) not in WEAPONISH
                                                     and sj.pos_ != "NOUN" or sj.ent_type_ != ""
                                                     or _lemma(sj) in LEADERS | CROWD))(_subject(t)),
    "meet": lambda t: not (_subject(t) is not None and _subject(t).pos_ == "PRON"
                           and all(o.pos_ == "PRON" for o in _objs(t))),
    "allow": lambda t: any(c.dep_ == "dobj" for c in t.children) and any(c.dep_ in ("xcomp", "ccomp")
                                                                         for c in t.children),
}


def _noun_ok(tok) -> bool:
    """An event noun denotes a specific act (not a thing or a standing state)."""
    lem = _lemma(tok)
    if tok.dep_ in ("attr", "acomp", "dobj") and _lemma(tok.head) in COPULAS:
        return False
    if tok.dep_ == "compound" and _lemma(tok.head) in ("helicopter", "aircraft", "jet", "plane", "dog", "ship",
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
        if tok.dep_ == "dobj" and _lemma(h) in ("make", "issue", "sound", "repeat", "renew", "carry", "deliver"):
            return True
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "to"):
                for g in _pobj(c):
                    e = P.NOUNS.get(_lemma(g)) or P.VERBS.get(_lemma(g))
                    if e and e[0] in ("ASSAULT", "SANCTION", "COERCE", "MOBILIZE"):
                        return True
        return False
    if lem in ("request", "call") and any(_lemma(g) == "comment" for c in tok.children for g in c.children):
        return False
    if lem == "release" and not any(_lemma(g) in CAPTIVES | {"hostage", "prisoner", "detainee"} or
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
                                                       _lemma(c) in ("air", "missile", "military", "drone",
                                                                     "hunger", "general", "chemical", "rocket")):
            return True
        if c.dep_ == "nummod":
            return True
    h = tok.head
    if tok.dep_ in ("dobj", "nsubjpass") and _lemma(h) in P.LIGHT_VERBS:
        return True
    if tok.dep_ == "nsubj" and _lemma(h) in ("kill", "hit", "destroy", "target", "wound", "injure"):
        return True
    return False


def _candidates(sent):
    """(token, entry, extra token) for every trigger in the sentence."""
    out = []
    taken = set()
    for tok in sent:
        if tok.i in taken or tok.ent_type_ in SKIP_ENTS:
            continue
        entry, extra = None, None
        if tok.pos_ in VERB_POS and tok.dep_ != "amod":
            entry, extra = _verb_trigger(tok)
            if entry is None and tok.lemma_.lower() in P.NOUNS and tok.tag_ == "VBG" and tok.dep_ in (
                    "pobj", "dobj", "nsubj", "nsubjpass"):
                entry = P.NOUNS[tok.lemma_.lower()]
        elif tok.pos_ in NOUN_POS:
            entry, extra = _phrase(tok)
            if entry is False:
                entry = None
            if not entry:
                entry = P.NOUNS.get(_lemma(tok)) or P.NOUNS.get(tok.lower_)
                if entry and not _noun_ok(tok):
                    entry = None
        elif tok.pos_ == "ADJ" and tok.lower_ == "committed" and any(c.dep_ == "prep" and c.lower_ == "to"
                                                                       for c in tok.children):
            entry = ("AGREE", None, 0.5)
        elif tok.pos_ == "ADJ" and tok.dep_ != "amod" and tok.lower_ in ("willing", "ready", "prepared") and any(
                c.dep_ == "xcomp" for c in tok.children):
            x = next(c for c in tok.children if c.dep_ == "xcomp")
            xe = P.VERBS.get(_lemma(x))
            entry = ("THREATEN", "violence", 0.5) if xe and xe[0] in ("ASSAULT", "MOBILIZE") else ("AGREE", None, 0.5)
        if entry:
            if extra is not None:
                taken.add(extra.i)
            out.append((tok, entry, extra))
    return out


# ------------------------------------------------------------------------------------------------
# Roles
# ------------------------------------------------------------------------------------------------
REL_PRONOUNS = {"who", "which", "that", "whom"}
NOT_ACTOR_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY", "GPE", "LOC", "FAC"}
NOT_ACTOR = {"year", "month", "week", "day", "time", "weekend", "area", "city", "town", "village", "region",
             "province", "country", "part", "number", "place", "site", "way", "case", "issue", "matter", "effort",
             "plan", "policy", "decision", "idea", "statement", "report", "interview", "letter", "move", "step",
             "border", "territory", "ground", "hand", "end", "start", "result", "response", "thing", "fact",
             "something", "anything", "everything", "nothing", "process", "situation", "conflict", "war",
             "question", "problem", "challenge", "dilemma", "priority", "goal", "aim", "reason", "concern", "risk",
             "danger", "mission", "role", "interest", "presence", "campaign", "operation", "mind", "moment"}


def _subject(tok):
    """The syntactic subject of a verb, inherited through conj / xcomp / relcl."""
    seen = 0
    t = tok
    while t is not None and seen < 4:
        seen += 1
        s = [c for c in t.children if c.dep_ in SUBJ]
        if not s:  # "X helped advise": the parser may hang the subject on the auxiliary
            s = [g for c in t.children if c.dep_ == "aux" for g in c.children if g.dep_ in SUBJ]
        if s:
            s = s[0]
            if s.lower_ in REL_PRONOUNS and t.dep_ == "relcl":
                return t.head
            return s
        if t.dep_ == "conj" and t.head is not t:
            t = t.head
            continue
        if t.dep_ in ("xcomp", "advcl") and t.head is not t:
            objs = _children(t.head, ("dobj",))
            if objs and t.dep_ == "xcomp":
                return objs[0]
            t = t.head
            continue
        if t.dep_ in ("relcl", "acl") and t.tag_ != "VBN":
            h = t.head
            if _lemma(h) in DOC_NOUNS and h.dep_ in ("dobj", "nsubjpass"):  # "issued a declaration demanding"
                return _subject(h.head) or h
            if _lemma(h) in INTENT_NOUNS and t.dep_ == "acl":  # "X's decision to withdraw", "made a plan to"
                poss = _children(h, ("poss",))
                if poss:
                    return poss[0]
                if h.dep_ in ("dobj", "attr") and h.head.pos_ in VERB_POS:
                    return _subject(h.head)
                return None
            return h
        if t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.dep_ == "prep" and t.head.lower_ in GERUND_PREPS:
            v = t.head.head  # "before stepping down", "after signing": the main clause's subject
            linked = t.head.lower_ in ("to", "of")
            if v.pos_ in ("ADV", "ADJ") and v.dep_ in ("advmod", "amod", "prep") and _lemma(v) in (
                    "prior", "ahead", "instead", "due"):  # "prior to", "ahead of", "instead of"
                v, linked = v.head, False
            if v.pos_ in VERB_POS and v.i != t.i and not linked:
                t = v
                continue
        return None
    return None


INTENT_NOUNS = {"decision", "plan", "order", "bid", "attempt", "effort", "promise", "pledge", "intention", "move",
                "vow", "commitment", "offer", "proposal", "refusal", "readiness", "determination", "threat",
                "willingness", "push", "campaign", "failure", "right"}
GERUND_PREPS = {"after", "before", "by", "while", "upon", "on", "since", "without", "to", "of", "following",
                "despite", "when", "through"}


NP_DEPS = {"det", "amod", "compound", "nmod", "poss", "nummod", "quantmod", "case", "appos", "flat", "pobj",
           "predet", "advmod", "npadvmod", "cc", "conj"}


NP_CUT_PREPS = {"for", "during", "after", "before", "since", "until", "despite", "with", "by", "as", "like", "than",
                "because", "amid", "following", "over", "without", "about", "in", "near", "inside", "outside",
                "across", "throughout", "at", "among", "unlike", "alongside"}


def _wide_span(tok):
    """The whole phrase of tok without clauses: wider, for recipients (targets named in trailing phrases)."""
    cut = ("relcl", "acl", "advcl", "ccomp", "punct", "cc", "conj")
    toks = [tok]
    stack = [c for c in tok.children if c.dep_ not in cut]
    while stack:
        c = stack.pop()
        toks.append(c)
        stack.extend(x for x in c.children if x.dep_ not in ("relcl", "acl", "advcl", "ccomp"))
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def _span_of(tok, cut=None):
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
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def _conjuncts(tok):
    out = [tok]
    for c in tok.conjuncts:
        if c.i != tok.i:
            out.append(c)
    return out


def _entities(ctx, tok, fallback=True, wide=False):
    """Resolved actor mentions for the phrase headed by tok (and its conjuncts)."""
    if tok is None:
        return []
    out = []
    if tok.ent_type_ in ("CARDINAL", "QUANTITY") or tok.pos_ == "NUM" or _lemma(tok) in QUANT_NOUNS:
        for p in _children(tok, ("prep",)):
            if p.lower_ == "of":
                for g in _pobj(p):
                    return _entities(ctx, g, fallback, wide)
    for t in _conjuncts(tok):
        s, e = _wide_span(t) if wide and t.dep_ != "ROOT" else _span_of(t)
        found = _actors.in_span(ctx, s, e)
        if found:
            out.extend(found)
        elif fallback and t.pos_ in NOUN_POS and _lemma(t) not in P.NOUNS and _lemma(t) not in WEAPONISH \
                and t.lower_ not in REL_PRONOUNS and t.ent_type_ not in NOT_ACTOR_ENTS and _lemma(t) not in NOT_ACTOR:
            left = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < t.i]
            start = min([c.left_edge.idx for c in left] + [t.idx])
            text = t.doc.text[start:t.idx + len(t.text)]
            out.append(Entity(text=text, name=text, span=[start, t.idx + len(t.text)]))
    return out


def _pobj(prep):
    return [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]


def _verb_roles(ctx, tok, etype, extra=None):
    actor, recip = [], []
    skip = extra.i if extra is not None and extra.dep_ not in ("prep", "prt") else -1
    reduced = tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod")
    if reduced and any(c.dep_ == "dobj" for c in tok.children):  # "the coalition bombed targets": active
        reduced = False
        actor += _entities(ctx, tok.head)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or reduced
    involved = passive and _lemma(tok) in ("engage", "involve") and not _children(tok, ("agent",))
    audience = []
    relative = tok.head if tok.dep_ == "relcl" else None  # "fighters that we captured", "people who were held"
    for c in tok.children:
        if c.i == skip:
            continue
        n = relative if relative is not None and c.lower_ in REL_PRONOUNS and c.dep_ in PASS_SUBJ | {"dobj"} else c
        if c.dep_ == "agent":
            for g in _pobj(c):
                actor += _entities(ctx, g)
        elif c.dep_ in PASS_SUBJ:
            if involved:  # "X were engaged in ethnic cleansing": X does it
                actor += _entities(ctx, n)
            elif etype != "MOBILIZE":
                recip += _entities(ctx, n, wide=True)
            else:  # "US troops were deployed": the deployed forces' owner acts
                actor += [e for e in _entities(ctx, n, fallback=False) if e.name]
        elif c.dep_ in ("dobj", "dative"):
            if etype != "MOBILIZE":
                if _lemma(n) in SPEECH_NOUNS:
                    recip += _author(ctx, n)
                elif etype in ("ACCUSE", "PROTEST", "SANCTION") and _by_agent(n):  # "condemned crimes by X"
                    recip += [e for g in _by_agent(n) for e in _entities(ctx, g)]
                else:
                    recip += _entities(ctx, n, wide=True) + _holder(ctx, n, etype)
        elif c.dep_ == "prep" and c.lower_ == "in" and etype == "COERCE" and any(
                _lemma(g) in CUSTODY for g in _pobj(c)):  # "held in Kurdish custody": the keeper
            for g in _pobj(c):
                actor += [e for m in g.children if m.dep_ in ("amod", "compound", "poss", "nmod")
                          for e in _entities(ctx, m, fallback=False)]
        elif c.dep_ == "prep" and c.lower_ in ("against", "on", "at", "upon", "to", "with", "into", "in", "from", "over",
                                                "for") and not (c.lower_ == "for" and etype not in ("AID", "SUPPORT")):
            if c.lower_ in ("in", "over", "into") and etype not in ("ASSAULT", "COERCE", "RETREAT"):
                continue
            if c.lower_ == "from" and etype not in ("ASSAULT", "COERCE", "RETREAT", "REJECT", "ACCUSE", "AGREE"):
                continue
            at_target = c.lower_ == "at" and etype in ("ASSAULT", "THREATEN", "ACCUSE")
            for g in _pobj(c):
                if c.lower_ == "to" and _lemma(g) in SPEECH_NOUNS and etype in ("CONCEDE", "AGREE", "REJECT"):
                    recip += _author(ctx, g)  # "conceded to demands from X"
                    continue
                ents = _entities(ctx, g, fallback=c.lower_ not in ("in", "into", "from", "at") or at_target)
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
        subj = _shared_subject(tok)  # "he travelled to Syria and was held there"
        if subj is not None:
            recip += _entities(ctx, subj, wide=True)
    if not recip and etype in PLACE_TARGET_TYPES:  # "imposed a curfew in X", "shelled X"
        recip += _place_target(ctx, tok)
    if passive and reduced:  # "civilians killed by X"
        recip += _entities(ctx, tok.head, wide=True)
    if passive and not actor and tok.dep_ in ("ccomp", "xcomp") and _lemma(tok.head) in ORDER_VERBS:
        actor += _entities(ctx, _subject(tok.head))  # "X ordered that her citizenship be revoked"
    if not passive:
        subj = _subject(tok)
        if subj is not None:
            actor = _entities(ctx, subj) + actor
    if not recip and etype in ("ACCUSE", "REJECT", "SUPPORT", "CONCEDE", "REQUEST"):
        holders = [tok] + ([extra] if extra is not None else [])
        for hd in holders:
            for c in hd.children:
                if c.dep_ == "prep" and c.lower_ in ("about", "over", "of", "against", "at", "toward", "towards"):
                    for g in _pobj(c):
                        recip += _author(ctx, g) if _lemma(g) in SPEECH_NOUNS else _entities(ctx, g, fallback=False, wide=True)
    if not recip and etype in P.SPEECH_ACTS:  # "threatened to shell X", "demanded that X leave"
        recip += _complement_recipients(ctx, tok)
    if not recip and etype == "PROTEST":  # "went on strike to demand the resignation of X"
        recip += _protest_target(ctx, tok)
    recip = recip or audience
    if _lemma(tok) == "host":  # the visitor is the actor, the host the recipient
        actor, recip = recip, actor
    return actor, recip


CUSTODY = {"custody", "prison", "jail", "detention", "captivity", "camp", "cell", "hands"}
ORDER_VERBS = {"order", "decide", "direct", "instruct", "authorise", "authorize", "rule", "decree", "demand",
               "insist", "command", "approve"}
HOLDING = {"control", "hold", "occupy", "run", "capture", "seize", "besiege", "dominate"}


def _holder(ctx, obj, etype):
    """'territory controlled by X' as a target: X is hit too."""
    if etype not in ("ASSAULT", "COERCE"):
        return []
    out = []
    heads = [obj] + [g for p in _children(obj, ("prep",)) if p.lower_ == "of" for g in _pobj(p)]
    for h in heads:
        for a in _children(h, ("acl",)):
            if a.tag_ == "VBN" and _lemma(a) in HOLDING:
                for ag in _children(a, ("agent",)):
                    for g in _pobj(ag):
                        out += _entities(ctx, g, fallback=False)
    return out


DEMAND_VERBS = {"demand", "call", "seek", "urge", "press", "protest", "denounce", "oppose", "condemn", "reject"}


def _by_agent(noun):
    """'crimes by X', 'the attack by X': the pobj(s) of the act noun's "by" phrase."""
    if P.NOUNS.get(_lemma(noun)) is None and _lemma(noun) not in ("crime", "abuse", "violation", "atrocity"):
        return []
    return [g for p in _children(noun, ("prep",)) if p.lower_ == "by" for g in _pobj(p)]


def _protest_target(ctx, tok):
    """The protest's purpose names its target: 'to demand the resignation of X', 'calling for X's removal'."""
    holders = [tok]
    if tok.dep_ in ("dobj", "pobj") and tok.head.pos_ in VERB_POS:
        holders.append(tok.head)  # "staged a hunger strike to demand ..."
    for hd in holders:
        for x in hd.children:
            if x.dep_ not in ("xcomp", "advcl", "acl", "prep") or x.dep_ == "prep" and x.lower_ not in ("in", "for"):
                continue
            verbs = [x] if x.dep_ != "prep" else [g for g in x.children if g.dep_ in ("pcomp", "pobj")]
            for v in verbs:
                if _lemma(v) not in DEMAND_VERBS:
                    continue
                objs = _children(v, ("dobj",)) + [g for p in _children(v, ("prep",)) if p.lower_ in ("for", "against")
                                                  for g in _pobj(p)]
                out = [e for o in objs for e in _entities(ctx, o, fallback=False, wide=True) if e.name]
                if out:
                    return out
    return []


def _shared_subject(tok):
    """The subject a conjoined verb shares with the verb before it."""
    t = tok
    for _ in range(3):
        if t.dep_ != "conj" or t.head is t:
            return None
        t = t.head
        s = [c for c in t.children if c.dep_ in SUBJ | PASS_SUBJ]
        if s:
            return s[0] if s[0].lower_ not in REL_PRONOUNS else None
    return None


SPEECH_NOUNS = {"offer", "proposal", "invitation", "call", "demand", "request", "plan", "appeal", "initiative",
                "suggestion", "idea", "decision", "bid", "ultimatum", "resolution", "peace", "deal", "policy",
                "accusation", "allegation", "claim", "statement", "order", "move"}
DOC_NOUNS = {"declaration", "statement", "letter", "resolution", "report", "communique", "communiqué", "note",
             "message", "appeal", "decree", "order"}


def _author(ctx, noun):
    """Who made the offer/demand/proposal named by `noun` (possessor, "from X", "by X", "X's", "US plan")."""
    out = []
    for c in noun.children:
        if c.dep_ == "poss":
            out += _entities(ctx, c, fallback=False)
        elif c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
            for g in _pobj(c):
                found = _entities(ctx, g, fallback=c.lower_ != "of")
                if not found and g.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):  # a state named as author
                    ent = next(e for e in g.doc.ents if e.start <= g.i < e.end)
                    found = [Entity(text=ent.text, name=ent.text, span=[ent.start_char, ent.end_char])]
                out += found
        elif c.dep_ in ("compound", "amod") and c.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):
            out += _entities(ctx, c, fallback=False)
    return out


def _complement_recipients(ctx, tok):
    out = []
    for x in _children(tok, ("xcomp", "ccomp", "acl")):
        for c in x.children:
            if c.dep_ in ("nsubj", "nsubjpass") and x.dep_ != "xcomp" and c.pos_ != "PRON" or c.dep_ == "nsubj" and c.pos_ == "PRON" \
                    and c.lower_ not in ("it", "that", "this", "which", "who"):
                out += _entities(ctx, c, wide=True)
            elif c.dep_ in ("dobj", "dative") and x.dep_ == "xcomp":
                out += _entities(ctx, c, wide=True)
            elif c.dep_ == "prep" and c.lower_ in ("against", "on", "to", "at"):
                for g in _pobj(c):
                    out += _entities(ctx, g)
    return out


MOVED_UNITS = {"troop", "force", "soldier", "personnel", "marine", "unit", "ship", "warship", "weapon", "jet",
               "aircraft", "battalion", "brigade", "contingent"}
AGENT_ADJS = {"instrumental", "central", "key", "responsible", "crucial", "involved", "vital", "pivotal",
              "essential", "active", "engaged", "complicit"}
PLACE_TARGET_TYPES = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "SANCTION"}


def _place_target(ctx, tok):
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "on", "into"):
            for g in _pobj(c):
                if _lemma(g) in CUSTODY:  # "held in a Kurdish prison": the keeper, not the target
                    continue
                s, e = _span_of(g)
                out += [m for m in _actors.in_span(ctx, s, e)]
    return out


SERIES_NOUNS = {"series", "wave", "spate", "string", "spree", "round", "barrage", "succession", "chain", "number",
                "campaign", "flurry", "volley", "salvo", "rash", "surge"}
REPORTED_MODIFIERS = {"documented", "reported", "alleged", "confirmed", "verified", "condemned", "denied",
                      "disputed", "claimed", "recorded", "monitored", "investigated", "estimated"}


def _reported_modifier(c) -> bool:
    """'UN-documented use of ...': the modifier reports the act, it does not do it."""
    doc = c.doc
    nxt = doc[c.i + 2] if c.i + 2 < len(doc) and doc[c.i + 1].text == "-" else None
    return c.lower_.rsplit("-", 1)[-1] in REPORTED_MODIFIERS or nxt is not None and nxt.lower_ in REPORTED_MODIFIERS


def _possessor(ctx, pron, noun):
    """'X insisted on its demands': a possessive pronoun whose clause has a named subject is that subject
    (the reflexive reading); otherwise the actors stage's resolution of the pronoun."""
    t = noun
    for _ in range(4):
        if t.head is t:
            break
        t = t.head
        if t.pos_ in VERB_POS:
            subj = _subject(t)
            if subj is not None and subj.pos_ != "PRON" and pron.lower_ in ("its", "their", "his", "her"):
                ents = [e for e in _entities(ctx, subj, fallback=True) if e.name]
                if ents:
                    return ents
            break
    return [e for e in _actors.in_span(ctx, pron.idx, pron.idx + len(pron.text)) if e.name]


def _noun_roles(ctx, tok, etype):
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
                actor += _entities(ctx, c, fallback=_lemma(c) in CROWD)
        elif c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i and not _reported_modifier(c):
            if c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or _lemma(c) in ("coalition", "regime", "government",
                                                                                  "army", "police", "rebel"):
                actor += _entities(ctx, c, fallback=True)
            elif "-" in c.text or c.dep_ == "amod":  # "US-led", "Russian-hosted"
                actor += _actors.in_span(ctx, c.idx, c.idx + len(c.text))
        elif c.dep_ == "prep":
            p = c.lower_
            for g in _pobj(c):
                if p == "by" or p == "from" and etype not in ("RETREAT", "CONCEDE", "MOBILIZE"):
                    actor += _entities(ctx, g)  # (a withdrawal "from" X: the place left)
                elif p in ("against", "on", "at", "to", "upon") or p == "for" and etype in ("AID", "SUPPORT"):
                    recip += _entities(ctx, g, wide=True)
                elif p == "with":
                    (actor if etype in ("CONSULT", "ASSAULT", "COOPERATE", "AGREE") else recip).extend(_entities(ctx, g))
                elif p == "between":
                    actor += _entities(ctx, g)
                elif p == "of":
                    if _lemma(g) in MOVED_UNITS and etype in ("RETREAT", "MOBILIZE", "CONCEDE"):
                        actor += _entities(ctx, g, fallback=False)  # "withdrawal of (US) troops": the owner moves
                        continue
                    if etype in ("RETREAT", "CONSULT", "MOBILIZE", "PROTEST", "AGREE", "SUPPORT", "CONCEDE"):
                        actor += _entities(ctx, g)
                    else:
                        recip += _entities(ctx, g, fallback=etype in ("ASSAULT", "COERCE", "SANCTION"), wide=True)
    h = tok.head
    if tok.dep_ == "pobj" and h.lower_ == "of" and _lemma(h.head) in SERIES_NOUNS:  # "a series of killings"
        tok, h = h.head, h.head.head
    if not actor and tok.dep_ in ("dobj", "nsubjpass", "attr") and _lemma(h) in P.LIGHT_VERBS:
        if _lemma(h) in P.UNDERGO_VERBS:
            recip += _entities(ctx, _subject(h), wide=True)
        else:
            actor += _entities(ctx, _subject(h) if tok.dep_ != "nsubjpass" else None)
            for c in h.children:
                if c.dep_ == "agent":
                    for g in _pobj(c):
                        actor += _entities(ctx, g)
                if c.dep_ == "prep" and c.lower_ in ("against", "on", "at") and not recip:
                    for g in _pobj(c):
                        recip += _entities(ctx, g, wide=True)
    if not recip and tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "under" and h.head.pos_ in VERB_POS:
        recip += _entities(ctx, _subject(h.head), wide=True)
    if not actor and tok.dep_ in ("pobj", "pcomp") and h.dep_ == "prep":
        x = h.head  # "X were instrumental in the defeat of Y", "X was behind the killings"
        if x.pos_ == "ADJ" and _lemma(x) in AGENT_ADJS or h.lower_ == "behind" and _lemma(x) == "be" or (
                _lemma(x) in COPULAS and any(_lemma(a) in AGENT_ADJS for a in _children(x, ("acomp",)))):
            v = x.head if x.pos_ == "ADJ" else x  # (the parser may hang "in" on the copula)
            actor += _entities(ctx, _subject(v))
    if not actor and pron_poss is not None:
        actor += _possessor(ctx, pron_poss, tok)
    if not recip and etype == "PROTEST":
        recip += _protest_target(ctx, tok)
    if not recip and etype in P.SPEECH_ACTS:
        recip += _complement_recipients(ctx, tok)
    if not recip and etype in PLACE_TARGET_TYPES:
        recip += _place_target(ctx, tok)
        if not recip and tok.dep_ in ("dobj",) and _lemma(h) in P.LIGHT_VERBS:
            recip += _place_target(ctx, h)
    return actor, recip


# ------------------------------------------------------------------------------------------------
# Status (fallback until stages.status lands)
# ------------------------------------------------------------------------------------------------
def _clause_chain(tok, n=4):
    out = [tok]
    t = tok
    for _ in range(n):
        if t.head is t or t.dep_ in ("ROOT",):
            break
        if t.dep_ in ("conj", "xcomp", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "acl", "compound", "amod",
                      "ccomp", "advcl", "pcomp", "attr", "relcl"):
            t = t.head
            out.append(t)
            if t.pos_ in VERB_POS and out[-2].dep_ in ("ccomp", "advcl", "relcl"):
                break
        else:
            break
    return out


# ------------------------------------------------------------------------------------------------
# Suppression, re-typing, modes, contexts
# ------------------------------------------------------------------------------------------------
def _governing_speech_act(tok, triggers):
    """The speech-act trigger whose complement holds tok, if any (its content, not a separate event)."""
    t = tok
    verbal = tok.dep_ == "pcomp" or tok.pos_ in VERB_POS
    for _ in range(4):
        if t.head is t:
            return None
        dep = t.dep_
        h = t.head
        if dep in COMPLEMENT or dep in ("prep", "pobj", "dobj", "conj"):
            tr = triggers.get(h.i)
            if tr and tr[0] in P.SPEECH_ACTS and h.i != tok.i:
                close = t is tok or (t.dep_ == "prep" and t.head is h and tok.head is t)
                if dep in ("xcomp", "ccomp", "pcomp", "acl") or (verbal and dep == "prep") or close and (
                        dep in ("dobj", "pobj", "prep") and tr[0] in ("REQUEST", "REJECT", "THREATEN", "AGREE", "CONCEDE")
                        and tok.pos_ in NOUN_POS) :
                    return h
            if dep == "relcl" or (dep == "advcl" and not tr):
                return None
            t = h
            continue
        return None
    return None


def _speech_parent(tok):
    """(speech verb, its subject) when tok heads (or sits in) a clause reported by a speech verb."""
    t = tok
    for _ in range(3):
        if t.head is t:
            return None, None
        if t.dep_ in ("ccomp", "parataxis") and _lemma(t.head) in P.SPEECH_VERBS:
            return t.head, _subject(t.head)
        if t.dep_ in ("conj", "xcomp", "aux", "advcl"):
            t = t.head
            continue
        return None, None
    return None, None


def _modes(etype, default, sent_lower, trig_lower):
    out = [default] if default else []
    for mode, cues in P.MODE_CUES.get(etype, ()):
        text = trig_lower if (etype, mode) in P.TRIGGER_ONLY_MODES else sent_lower
        if mode not in out and any(c in text for c in cues):
            if etype in ("ASSAULT", "COERCE") or not out:
                out.append(mode)
    return out[:3]


def _contexts(sent_lower):
    return [ctx for ctx, cues in P.CONTEXT_CUES.items() if any(c in sent_lower for c in cues)][:4]


def _key(ents):
    return frozenset((e.name or e.text).lower() for e in ents)


def _dedupe(ents):
    seen, out = set(), []
    for e in ents:
        k = ((e.name or e.text).lower(), tuple(e.span or ()))
        if k not in seen and (e.name or e.text):
            seen.add(k)
            out.append(e)
    return out


# ------------------------------------------------------------------------------------------------
# The stage
# ------------------------------------------------------------------------------------------------
def extract(doc, ctx) -> list:
    events = []
    prev = []
    for sent in doc.sents:
        cur = _sentence_events(sent, ctx)
        _carry_roles(cur, prev, sent)
        events.extend(cur)
        prev = cur
    _event_place.place_statements(doc, ctx, events)
    return events


ANAPHORIC_DETS = {"the", "this", "that", "these", "those", "such"}


def _carry_roles(cur, prev, sent):
    """An act told on in the next sentence without participants ("Jets struck the town on Monday. But on
    Tuesday, not a single strike was launched."; "The raid ...") keeps the previous sentence's actor and
    recipient of the same type. Only negated acts and definite nouns that point back; other actor-less
    events stay actor-less (unnamed perpetrators are not guessed)."""
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
        anaphoric = tok.pos_ in NOUN_POS and any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS
                                                 for c in tok.children)
        if ev.status == "negated" or anaphoric:
            ev.actor = list(src.actor)
            ev.recipient = list(src.recipient)


def _sentence_events(sent, ctx) -> list:
    cands = _candidates(sent)
    triggers = {tok.i: entry for tok, entry, _ in cands}
    found = []  # (etype, mode, weight, tok, extra, actor, recip, status)
    for tok, (etype, mode, weight), extra in cands:
        if _governing_speech_act(tok, triggers) is not None:
            continue
        if _unrealised_infinitive(tok, triggers):
            continue
        if etype in ("AGREE", "THREATEN") and _lemma(tok) in ("pledge", "promise", "vow", "agree", "commit", "offer"):
            content = [triggers.get(c.i) for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
            content = [c for c in content if c]
            if content and _lemma(tok) not in ("agree", "offer", "commit"):
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
        if rtok is not tok:
            actor, recip = _noun_roles(ctx, rtok, etype)
        elif (tok.pos_ in VERB_POS and tok.tag_ != "VBG" or tok.dep_ in ("acl",)) and not (
                tok.dep_ == "conj" and tok.head.pos_ in NOUN_POS):  # "the group's defeat and retreat": a noun
            actor, recip = _verb_roles(ctx, tok, etype, extra)
        elif tok.pos_ in VERB_POS and any(c.dep_ in ("aux", "nsubj", "dobj") for c in tok.children):
            actor, recip = _verb_roles(ctx, tok, etype, extra)  # "is suing X", "after shelling X": verbal
            a2, r2 = _noun_roles(ctx, tok, etype)
            actor, recip = actor or a2, recip or r2
        else:
            actor, recip = _noun_roles(ctx, tok, etype)
            if tok.pos_ in VERB_POS:
                a2, r2 = _verb_roles(ctx, tok, etype)
                actor, recip = actor or a2, recip or r2
        if etype == "CONSULT" and tok.pos_ in NOUN_POS and not actor and status == "asserted" and not (
                tok.dep_ in ("dobj", "nsubjpass") and _lemma(tok.head) in P.LIGHT_VERBS | {"attend", "host", "join"}):
            continue
        if etype in VERBAL and not any(e.name for e in actor):
            actor = _speaker_of(ctx, tok) or actor
        # PLOVER re-typings
        if status == "negated" and etype in ("AGREE", "SUPPORT") and _lemma(tok) in (
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
                            for c in tok.children) and _subject(tok) is not None:
            sv, ssubj = _speech_parent(tok)
            if sv is not None:
                etype, mode = "THREATEN", ("violence" if etype in ("ASSAULT", "MOBILIZE") else "restrict")
                actor = _entities(ctx, ssubj) + actor
                status = "asserted"
        found.append([etype, mode, weight, tok, extra, actor, recip, status])
    found.extend(_modal_requests(sent, ctx, triggers))
    found.extend(_evaluations(sent, ctx, triggers))
    return _assemble(sent, ctx, found)


VERBAL = {"REQUEST", "ACCUSE", "REJECT", "THREATEN", "AGREE", "SUPPORT", "CONCEDE"}
FIRST_PERSON = {"i", "we", "me", "us", "our", "my"}


def _speaker_of(ctx, tok):
    """Who voices a verbal act with no named actor: the speech verb's subject, or the quote's speaker."""
    sv, ssubj = _speech_parent(tok)
    if ssubj is not None:
        ents = [e for e in _entities(ctx, ssubj) if e.name]
        if ents:
            return ents
    subj = _subject(tok) if tok.pos_ in VERB_POS else None
    if subj is not None and subj.lower_ not in FIRST_PERSON and any(e.name for e in _entities(ctx, subj)):
        return None
    for q in getattr(ctx, "quotes", None) or ():
        if q.span and q.span[0] <= tok.idx < q.span[1] and q.speaker is not None:
            sp = q.speaker
            name = sp.name or sp.text
            if name:
                return [Entity(text=sp.text, name=name, span=sp.span)]
    return None


PRESSURE_NOUNS = {"pressure", "effort", "attempt", "bid", "push", "need", "way", "means", "ability", "capacity",
                  "chance", "opportunity", "time", "order", "incentive", "reason"}
INFINITIVE_OK = {"summon", "seek", "try", "attempt", "threaten", "begin", "continue", "start", "vow", "plan", "decide",
                 "intend", "prepare", "order", "agree", "pledge", "promise", "refuse", "fail", "expect", "be", "have",
                 "resume", "move", "want", "hope", "aim", "propose", "announce", "offer", "manage", "need", "go"}


def _unrealised_infinitive(tok, triggers):
    """'... to fight the group' as a purpose or a pressure ('force X to negotiate'): no act reported."""
    if tok.pos_ not in VERB_POS or tok.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to"
                                                             for c in tok.children):
        return False
    h = tok.head
    if _lemma(tok) == "flee" or h.pos_ not in VERB_POS and _lemma(h) not in PRESSURE_NOUNS:
        return False
    if h.i in triggers and triggers[h.i][0] in P.SPEECH_ACTS or _lemma(h) in INFINITIVE_OK or _lemma(h) in FUTURE_GOVERNORS or _lemma(h) in HYPO_GOVERNORS:
        return False
    return True


CONCEDE_GOVERNORS = {"announce", "announcement", "decision", "decide", "plan", "order", "insistence", "pledge",
                     "promise", "intend", "intention", "strategy", "vow", "declare", "agree", "planned"}


def _announced(tok):
    t = tok
    for _ in range(4):
        if t.head is t:
            return False
        t = t.head
        if _lemma(t) in CONCEDE_GOVERNORS:
            return True
    return any(_lemma(c) in CONCEDE_GOVERNORS for c in tok.children if c.dep_ in ("compound", "amod"))


def _evaluations(sent, ctx, triggers):
    """"X said it was unacceptable", "X called the move a provocation" -> ACCUSE 'disapprove' by X."""
    out = []
    for tok in sent:
        if _lemma(tok) not in P.NEGATIVE_EVALUATION and tok.lower_ not in P.NEGATIVE_EVALUATION:
            continue
        if tok.pos_ not in ("ADJ", "NOUN") or tok.dep_ in ("amod", "compound", "nsubj", "nsubjpass"):
            continue
        speaker = None
        t = tok
        for _ in range(4):  # up to the speech verb or "called/described X as"
            if t.head is t:
                break
            if t.dep_ in ("oprd", "attr", "pobj", "prep", "acomp", "dobj", "ccomp", "conj", "amod") and _lemma(t.head) in (
                    "call", "describe", "brand", "label", "refer", "term", "dub"):
                speaker = _subject(t.head)
                break
            t = t.head
            if _lemma(t) in ("deny", "reject", "dismiss"):
                break
            if _lemma(t) in P.SPEECH_VERBS:
                speaker = _subject(t)
                break
        actor = [e for e in _entities(ctx, speaker) if e.name] if speaker is not None else []
        if not actor:
            actor = _speaker_of(ctx, tok) or []
        if not actor:
            continue
        akeys = _key(actor)
        recip = [e for e in _actors.in_span(ctx, sent.start_char, sent.end_char)
                 if e.name and e.name.lower() not in akeys and e.span and e.span[0] > (speaker.idx if speaker is not None else -1)]
        out.append(["ACCUSE", "disapprove", 0.45, tok, None, actor, recip[:2], "asserted"])
    return out


def _modal_requests(sent, ctx, triggers):
    """"X said Y should/must do Z" -> REQUEST by X of Y (a demand in reported speech)."""
    out = []
    for tok in sent:
        if tok.pos_ not in VERB_POS or tok.i in triggers:
            continue
        aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        if not aux & {"should", "must"}:
            continue
        sv, ssubj = _speech_parent(tok)
        if sv is None or any(c.dep_ == "neg" for c in tok.children) and "must" not in aux:
            continue
        if _lemma(tok) in COPULAS or any(c.dep_ == "auxpass" for c in tok.children):
            continue
        actor = _entities(ctx, ssubj)
        recip = _entities(ctx, _subject(tok), fallback=False)
        if actor and recip:
            out.append(["REQUEST", None, 0.5, tok, None, actor, recip, "asserted"])
    return out


def _assemble(sent, ctx, found):
    groups = {}
    order = []
    for etype, mode, weight, tok, extra, actor, recip, status in found:
        actor = _dedupe(actor)
        akeys = _key(actor)
        recip = [r for r in _dedupe(recip) if (r.name or r.text).lower() not in akeys]
        key = (etype, akeys)
        if key not in groups:
            groups[key] = dict(etype=etype, modes=[], weight=weight, tok=tok, extra=extra, actor=actor,
                               recip=recip, status=status)
            order.append(key)
        g = groups[key]
        if mode and mode not in g["modes"]:
            g["modes"].append(mode)
        g["recip"] = _dedupe(g["recip"] + recip)
        if weight > g["weight"]:
            g.update(weight=weight, tok=tok, extra=extra, status=status)
    # an actor-less group of a type that also has an actor-ful group in the sentence: one act, told twice
    for key in list(order):
        etype, akeys = key
        if not akeys:
            other = next((groups[k] for k in order if k[0] == etype and k[1]), None)
            if other is not None:
                g = groups[key]
                other["recip"] = _dedupe(other["recip"] + g["recip"])
                for m in g["modes"]:
                    if m not in other["modes"]:
                        other["modes"].append(m)
                order.remove(key)
    sent_lower = sent.text.lower()
    contexts = _contexts(sent_lower)
    s0, s1 = sent.start_char, sent.end_char
    out = []
    for key in order:
        g = groups[key]
        tok, extra = g["tok"], g["extra"]
        a = min(tok.idx, extra.idx) if extra is not None else tok.idx
        b = max(tok.idx + len(tok.text), extra.idx + len(extra.text)) if extra is not None else tok.idx + len(tok.text)
        trig_text = ctx.raw.text[a:b] if ctx.raw is not None else tok.doc.text[a:b]
        modes = _modes(g["etype"], None, sent_lower, trig_text.lower())
        modes = list(dict.fromkeys(g["modes"] + modes))[:3]
        ev = Event(event_type=g["etype"], sentence=sent.text, span=[s0, s1], status=g["status"], mode=modes,
                   context=list(contexts), trigger=Trigger(text=trig_text, span=[a, b]), actor=g["actor"],
                   recipient=g["recip"], location=_event_place.for_event(ctx, s0, s1, a, g["etype"]),
                   date=_dates.for_event(ctx, s0, s1, a), counts=counts_for(sent, tok, g["etype"]),
                   confidence=round(float(g["weight"]), 2))
        out.append(ev)
    return out
