"""Generic phrases: reads a phrase head ("the group", "the country", "the president", "the four nations",
"Albanian militants") and the chain of earlier Mentions -> writes the candidates it may mean: the
salient armed group or state, the office holder or titled person, the last states named, a national
group; and the names it cannot mean (the clause's own subject or objects)."""
from __future__ import annotations

import re

from .mention import Mention, state_mention
from .people import TITLES
from .words import ARMED_HEADS, CIVIL_HEADS, FIGHTER_HEADS, PERSON_HEADS
from .. import lexicon
from ..parse_helpers import lemma

NEUTRAL_MODS = lexicon.words("neutral_modifiers")


def modifier_words(tok) -> set:
    out = set()
    for c in tok.lefts:
        if c.dep_ in ("amod", "compound", "nmod", "npadvmod", "nummod") or c.tag_ in ("JJ", "NNP", "VBN"):
            for t in c.subtree:
                for w in re.split(r"[-–\s]+", t.lower_):
                    if w and w not in NEUTRAL_MODS and w.isalpha():
                        out.add(w)
    return out


def left_span(tok, covered):
    """First token of the phrase headed by tok (determiners, possessives, modifiers)."""
    s = tok.i
    for c in tok.lefts:
        if c.dep_ in ("det", "poss", "amod", "compound", "nmod", "nummod", "quantmod", "advmod", "npadvmod",
                      "punct", "case"):
            s = min(s, c.left_edge.i)
    return s


GOV_OFFICES = lexicon.words("government_offices")


def office_holders(doc, d, tok, named) -> list:
    """"The president(s) of X (and Y)": for each state, the person holding that office named in the document,
    else (for heads of government) the state's government."""
    head = lemma(tok)
    states = []
    for p in tok.children:
        if p.dep_ != "prep" or p.lower_ != "of":
            continue
        for g in p.children:
            if g.dep_ != "pobj":
                continue
            for t in [g] + [c for c in g.conjuncts if c.i != g.i]:
                m = next((m for m in named if m.s <= t.i < m.e and m.kind == "country" and m.country), None)
                if m is None:
                    return []         # "the president of the company": not a state's office
                states.append(m)
    out = []
    for st in states:
        people = [m for m in named if m.kind == "person" and m.country == st.country and m.name and (
            (m.title and lexicon.contains_term(m.title, (head,))) or head in m.words)]
        before = [m for m in people if m.e <= tok.i]
        pick = before[-1] if before else (people[0] if people else None)
        if pick is None and head in GOV_OFFICES:
            g = d.get(d.government_of.get(st.country, ""))
            pick = Mention.of(doc, tok.i, tok.i + 1, g) if g else None
        if pick is not None and all(p.name != pick.name for p in out):
            out.append(pick)
    return out


def title_key(doc, head, s) -> str:
    return " ".join(t.lower_ for t in doc[s:head.i + 1] if t.dep_ not in ("det", "poss", "punct", "case"))


def titled_people(doc, named) -> dict:
    """Titles that name one person anywhere in the document ("Trade Minister Anna Berg", "Anna Berg,
    the trade minister"): title words -> that person's mention; a title held by two people is dropped."""
    out = {}
    for m in named:
        if m.kind != "person" or not m.name:
            continue
        keys = set()
        if m.title and m.title.lower() in TITLES and TITLES[m.title.lower()] is not None:
            keys.add(m.title.lower())
        root = doc[m.s:m.e].root
        heads = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            heads.append(root.head)
        for h in heads:
            if h.lower_ in PERSON_HEADS:
                keys.add(title_key(doc, h, left_span(h, set())))
        for k in keys:
            if k in out and (out[k] is None or out[k].name != m.name):
                out[k] = None
            else:
                out.setdefault(k, m)
    return {k: v for k, v in out.items() if v is not None}


ARMED_GROUP_HEADS = (ARMED_HEADS | FIGHTER_HEADS) - {"caliphate", "insurgency", "militant", "jihadist", "extremist",
                                                     "insurgent", "terrorist", "fighter", "rebel"}


def national_group(doc, d, tok, low, chain):
    """A state's demonym on a plural people noun ("Albanian militants", "Iraqi civilians"): a group from that
    state (its ISO-3; REB for armed heads, CVL for civilians), named by its own words, not the state."""
    if low not in CIVIL_HEADS and low not in ARMED_GROUP_HEADS or tok.tag_ not in ("NNS", "NNPS"):
        return None
    mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod")]
    if not mods:
        return None
    adj = mods[-1]
    if adj.i != tok.i - 1:
        return None
    st = next((m for m in reversed(chain) if m.s == adj.i and m.e == tok.i and m.kind == "country"), None)
    entry = d.get(st.name) if st is not None else None
    if entry is None or adj.text not in entry.adjectives:
        return None
    agent = "CVL" if low in CIVIL_HEADS else "REB"
    name = doc[adj.i:tok.i + 1].text
    return Mention(doc, adj.i, tok.i + 1, name, entry.country, agent, "group", {w.lower() for w in name.split()})


def apposed_mention(tok, named):
    """A named mention in apposition with the phrase headed by tok."""
    cands = [c for c in tok.children if c.dep_ == "appos"]
    if tok.dep_ == "appos":
        cands.append(tok.head)
    for c in tok.children:          # "the Somali militia known as al-Shabab"
        if c.dep_ == "acl" and c.lemma_ in ("know", "call", "name", "dub"):
            cands += [g for p in c.children if p.lower_ == "as" for g in p.children if g.dep_ == "pobj"]
    for c in cands:
        for m in named:
            if m.s <= c.i < m.e and m.name and m.flag != "mod":
                return m
    return None


OBJECT_SIDE = {"dobj", "pobj", "prep", "poss", "compound", "amod", "nmod", "dative", "attr"}

COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}


def count_of(tok) -> int:
    """"the four nations", "both countries", "the two nations": the number of states meant (0: none given)."""
    if tok.tag_ != "NNS":
        return 0
    for c in tok.lefts:
        n = COUNT_WORDS.get(c.lower_)
        if n and (c.lower_ == "both" or any(x.lower_ in ("the", "these", "those", "all") for x in tok.lefts)):
            return n
    return 0


def recent_states(d, chain, n) -> list:
    """The last n distinct states named (a state's government or forces count for the state), latest first."""
    out, seen = [], set()
    for m in reversed(chain):
        if not m.name or not m.country or m.kind == "person" or m.flag == "mod" or not (
                m.kind == "country" or m.agent in ("GOV", "MIL")):
            continue
        if m.country in seen:
            continue
        st = d.get(d.state_of.get(m.country, ""))
        if st is None:
            continue
        seen.add(m.country)
        out.append(m if m.kind == "country" else state_mention(m, st))
        if len(out) == n:
            return out
    return []


def own_objects(tok, named) -> set:
    """Names in the objects of the clause a generic phrase is the subject of ("the rebels who routed
    the Taliban", "the militants attacked X"): the phrase does not mean them."""
    verbs = [c for c in tok.children if c.dep_ == "relcl"]
    if tok.dep_ == "nsubj" and tok.head.pos_ in ("VERB", "AUX"):
        verbs.append(tok.head)
    out = set()
    for v in verbs:
        for c in v.children:
            objs = [c] if c.dep_ == "dobj" else [g for g in c.children if g.dep_ == "pobj"] \
                if c.dep_ == "prep" and c.lower_ in ("against", "on", "at") else []
            for o in objs:
                lo, hi = o.left_edge.i, o.right_edge.i
                out.update(m.name for m in named if m.name and lo <= m.s <= hi)
    return out


def opposing_subject(chain, tok) -> set:
    """Names of the subject of the verb whose object holds tok ("X are pursuing the group's commanders"):
    a generic phrase on the object side does not mean the clause's own subject."""
    t, path = tok, []
    for _ in range(5):
        if t.head.i == t.i or t.dep_ not in OBJECT_SIDE:
            return set()
        path.append(t.dep_)
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            break
    else:
        return set()
    if not ({"dobj", "pobj", "dative"} & set(path)):
        return set()
    v = t
    for _ in range(3):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            lo, hi = subj[0].left_edge.i, subj[0].right_edge.i
            return {m.name for m in chain if m.name and lo <= m.s <= hi}
        if v.dep_ not in ("conj", "xcomp") or v.head.i == v.i:
            break
        v = v.head
    return set()


def salient(chain, pred, mods, sent_start, limit=80):
    """The armed group a generic phrase most likely means: mentions so far weighted by frequency,
    with a bonus for the current and previous sentence."""
    score, last_seen = {}, {}
    for idx, m in enumerate(chain):
        if m.name is None or not pred(m):
            continue
        if mods and not mods <= (m.words | {(m.name or "").lower()}):
            continue
        score[m.name] = score.get(m.name, 0) + 1
        last_seen[m.name] = (idx, m)
    if not score:
        return None
    for name, (idx, m) in last_seen.items():
        if m.s >= sent_start:
            score[name] += 1.5
    best = max(score, key=lambda k: (score[k], last_seen[k][0]))
    return last_seen[best][1]


def salient_state(chain, sent_start):
    """The state "the country" / "the regime" most likely means (frequency, recent sentences weigh more)."""
    score, last = {}, {}
    for m in chain:
        if m.name is None or not m.country or m.kind == "person" or not (
                m.kind == "country" or m.agent in ("GOV", "MIL", "COP")):
            continue
        w = 2.0 if m.s >= sent_start else 1.0
        score[m.country] = score.get(m.country, 0) + w
        last[m.country] = m
    if not score:
        return None
    order = {c: i for i, c in enumerate(last)}
    best = max(score, key=lambda c: (score[c], order[c]))
    return last[best]
