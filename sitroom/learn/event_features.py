"""Features of a sentence, a trigger candidate and a role candidate, for the learned event reader.

Every function reads the spaCy parse (and, where named, what the rule coder and the actor stage
found) and returns feature names (strings, hashed by `linear`) and dense vectors (the parser's own
token vectors, `doc.tensor`). Nothing here is specific to a document or a name.
"""
from __future__ import annotations

import numpy as np

from ..resources import plover as P
from .. import lexicon
from ..parse_helpers import lemma

CONTENT = {"VERB", "NOUN", "ADJ", "AUX"}
MODALS = lexicon.words("modals")
NEGATORS = lexicon.words("negators")
QUOTES = set("\"“”‘’'")


def is_candidate(t) -> bool:
    """A word that may carry an event: verbs, nouns, adjectives and names (not auxiliaries)."""
    return t.pos_ in ("VERB", "NOUN", "ADJ", "PROPN")


def _ent(t) -> str:
    return t.ent_type_ or ("PRON" if t.pos_ == "PRON" else "")


def lexicon_entry(t):
    """The PLOVER codebook's (type, mode, weight) for a token, by part of speech, else None."""
    lem = lemma(t)
    if t.pos_ in ("VERB", "AUX"):
        return P.VERBS.get(lem)
    if t.pos_ in ("NOUN", "PROPN"):
        return P.NOUNS.get(lem)
    return P.VERBS.get(lem) or P.NOUNS.get(lem)


def token_features(t, prefix="") -> list:
    """A candidate trigger token: its word, class, syntax and the words around it."""
    lem = lemma(t)
    f = [f"{prefix}l={lem}", f"{prefix}lp={lem}/{t.pos_}", f"{prefix}p={t.pos_}", f"{prefix}d={t.dep_}",
         f"{prefix}tag={t.tag_}"]
    h = t.head
    f.append(f"{prefix}h={lemma(h)}")
    f.append(f"{prefix}hd={t.dep_}>{lemma(h)}")
    for c in t.children:
        cl = lemma(c)
        if c.dep_ in ("neg",) or cl in NEGATORS:
            f.append(f"{prefix}neg")
        if c.dep_ in ("aux", "auxpass"):
            f.append(f"{prefix}aux={cl}")
            if cl in MODALS:
                f.append(f"{prefix}modal")
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "agent", "prep", "compound", "amod", "poss", "prt",
                      "xcomp", "ccomp", "dative", "attr"):
            kind = _ent(c) or lemma(c)
            f.append(f"{prefix}c={c.dep_}:{kind}")
            f.append(f"{prefix}lc={lem}|{c.dep_}:{kind}")
            if c.dep_ == "prep":
                for g in c.children:
                    if g.dep_ == "pobj":
                        f.append(f"{prefix}lpp={lem}|{c.lower_}:{_ent(g) or lemma(g)}")
    e = lexicon_entry(t)
    if e:
        f.append(f"{prefix}lex={e[0]}")
        f.append(f"{prefix}lexp={e[0]}/{t.pos_}")
    # the governing words up the tree ("plans to withdraw", "refused to attend")
    # spaCy's root is its own head: the chain repeats the root to its full length (stopping there measured worse)
    g = t
    for k in range(3):
        g = g.head
        f.append(f"{prefix}up{k}={lemma(g)}")
        if k == 0 and lexicon_entry(g):
            f.append(f"{prefix}uplex={lexicon_entry(g)[0]}")
    return f


def sentence_features(sent, rule_events=()) -> list:
    """A sentence: its content words, word pairs, verbs with their arguments, lexicon hits, speech and
    quotation cues, and the types the rule coder found in it."""
    f = ["bias"]
    toks = [t for t in sent if not t.is_space]
    content = [t for t in toks if t.pos_ in CONTENT and not t.is_stop]
    for t in content:
        f.append(f"w={lemma(t)}")
    for a, b in zip(content, content[1:]):
        f.append(f"b={lemma(a)}_{lemma(b)}")
    for t in toks:
        if t.pos_ == "VERB" or t.pos_ == "NOUN" and (lexicon_entry(t) or t.dep_ in ("ROOT", "nsubj", "dobj",
                                                                                    "nsubjpass", "pobj")):
            f.extend(token_features(t, "t."))
        if t.ent_type_ and t.ent_iob_ == "B":
            f.append(f"ent={t.ent_type_}")
        if t.lower_ in MODALS:
            f.append(f"modal={t.lower_}")
        if t.lower_ in NEGATORS:
            f.append("neg")
        if lemma(t) in P.SPEECH_VERBS:
            f.append("speech")
    text = sent.text
    if text[:1] in QUOTES or text.rstrip()[-1:] in QUOTES:
        f.append("quote_edge")
    if any(c in QUOTES for c in text):
        f.append("has_quote")
    n = len(toks)
    f.append(f"len={min(n // 10, 5)}")
    for ev in rule_events:
        f.append(f"rule={ev.event_type}")
        if ev.trigger is not None:
            f.append(f"rule={ev.event_type}:{ev.trigger.text.lower()}")
        f.append(f"rule={ev.event_type}:{ev.status}")
        if ev.actor:
            f.append(f"rule={ev.event_type}:actor")
    return f


def span_vector(span) -> np.ndarray:
    """The mean of the parser's token vectors over a span (zeros when the pipeline keeps none)."""
    doc = span.doc if hasattr(span, "doc") else span
    t = getattr(doc, "tensor", None)
    if t is None or not len(t) or t.shape[0] < span.end:
        return np.zeros(96, dtype=np.float32)
    return np.asarray(t[span.start:span.end].mean(axis=0), dtype=np.float32)


# -- triggers, status and roles: features of one token (and one mention) in its sentence

def trigger_features(t, sentence_feats=(), rule_types=(), rule_trigger=None) -> list:
    """A token as a possible event trigger: its own features, a few of its sentence's, and what the rule
    coder said of it and of the sentence."""
    f = token_features(t)
    f.extend(f"s.{x}" for x in sentence_feats if x.startswith(("w=", "speech", "quote_edge", "modal=", "neg")))
    for rt in rule_types:
        f.append(f"srule={rt}")
    if rule_trigger:
        f.append(f"rtrig={rule_trigger}")
    return f


HYPOTHETICAL_CUES = lexicon.words("hypothetical_cues")
FUTURE_CUES = lexicon.words("future_cues")
NEGATING_GOVERNORS = lexicon.words("negating_governors")


def status_features(t, etype, rule_status=None) -> list:
    """The status of the act a trigger reports: negation, modals, future and hypothetical cues on the path to
    the root and in the trigger's own clause, the tense; the rule coder's reading as one more feature."""
    f = [f"type={etype}", f"tag={t.tag_}", f"l={lemma(t)}"]
    if rule_status:
        f.append(f"rule={rule_status}")
        f.append(f"rule={rule_status}|{etype}")
    chain = [t]
    g = t
    for _ in range(4):   # as in token_features, the root repeats to the chain's full length
        g = g.head
        chain.append(g)
    for k, g in enumerate(chain):
        for c in g.children:
            cl = c.lower_
            if c.dep_ == "neg" or cl in NEGATORS:
                f.append(f"neg@{min(k, 2)}")
            if c.dep_ in ("aux", "auxpass") and cl in MODALS:
                f.append(f"modal@{min(k, 2)}={cl}")
            if c.dep_ == "mark" and cl in ("if", "unless", "whether"):
                f.append(f"cond@{min(k, 2)}")
        gl = lemma(g)
        if k:
            f.append(f"up={gl}")
        if gl in HYPOTHETICAL_CUES:
            f.append(f"hypo@{min(k, 2)}")
        if gl in FUTURE_CUES:
            f.append(f"fut@{min(k, 2)}")
        if k and gl in NEGATING_GOVERNORS:
            f.append(f"negov@{min(k, 2)}")
            f.append(f"negov={gl}")
    for c in t.children:
        if c.dep_ == "det" and c.lower_ in ("no",):
            f.append("det_no")
        if c.dep_ == "det" and c.lower_ in ("any", "such"):
            f.append(f"det={c.lower_}")
        if c.dep_ in ("amod", "compound") and lemma(c) in FUTURE_CUES | HYPOTHETICAL_CUES:
            f.append(f"mod={lemma(c)}")
    if any(tok.lower_ in ("if", "unless") for tok in t.sent):
        f.append("sent_if")
    sent = t.sent
    for tok in sent[max(0, t.i - 6 - sent.start):t.i - sent.start]:   # the words just before the trigger
        w = tok.lower_
        if w in MODALS or w in NEGATORS or w in FUTURE_CUES or w in HYPOTHETICAL_CUES or w in ("to", "going"):
            f.append(f"left={w}")
            f.append(f"left={w}|{etype}")
    for tok in sent[t.i + 1 - sent.start:t.i + 3 - sent.start]:
        if tok.lower_ in NEGATORS or tok.lower_ in ("to",):
            f.append(f"right={tok.lower_}")
    for c in t.subtree:
        if c.dep_ == "det" and c.lower_ == "no" or c.lower_ in ("never", "nor"):
            f.append("sub_neg")
    return f


def _up(t, n=12) -> list:
    """t and its governors up to the root (tokens are compared by index: spaCy makes a new Token object on
    every access, so a token is never identical to its own head)."""
    up = [t]
    while up[-1].head.i != up[-1].i and len(up) < n:
        up.append(up[-1].head)
    return up


def dep_path(a, b, limit=4, through_root=True) -> str:
    """The dependency path from token a up to the lowest common ancestor and down to token b ("far" when
    longer than `limit` arcs, or, with through_root=False, when the ancestor is the sentence's root)."""
    up = _up(a)
    index = {t.i: k for k, t in enumerate(up)}
    down = [b]
    while down[-1].i not in index and down[-1].head.i != down[-1].i and len(down) < 12:
        down.append(down[-1].head)
    if down[-1].i not in index:
        return "far"
    k = index[down[-1].i]
    if k + len(down) - 1 > limit or not through_root and down[-1].head.i == down[-1].i:
        return "far"
    ups = [t.dep_ for t in up[:k]]
    downs = [t.dep_ for t in reversed(down[:-1])]
    return "^".join(ups) + "|" + "v".join(downs)


def _clause(t):
    """The verb heading the clause of t (t itself when it is one; the root when none is on the way)."""
    for g in _up(t, 8):
        if g.pos_ in ("VERB", "AUX"):
            return g
    return _up(t)[-1]


def _governing_verb(t):
    """The verb a noun trigger is an argument of ("launched an attack", "talks with"), or None."""
    if t.pos_ not in ("NOUN", "PROPN"):
        return None
    h = t.head
    if h.pos_ == "ADP" and h.head.i != h.i:
        h = h.head
    return h if h.pos_ in ("VERB", "AUX") and h.i != t.i else None


def role_features(m_root, m_entity, t, etype, rule_role=None, others=(), place_use=None) -> list:
    """A mention as the actor or recipient of the act a trigger reports; `others` are the root tokens of the
    sentence's other candidate mentions (how many stand between this one and the trigger); `place_use` is how
    the sentence uses the mention's words as a place ("met in the capital"), when the places stage read them as
    one."""
    path = dep_path(m_root, t)
    side = "before" if m_root.i < t.i else "after"
    dist = min(abs(m_root.i - t.i) // 3, 6)
    agent = getattr(m_entity, "agent", None) or "none"
    kind = m_root.ent_type_ or ("PRON" if m_root.pos_ == "PRON" else m_root.pos_)
    f = [f"path={path}", f"tpath={etype}|{path}", f"side={side}", f"tside={etype}|{side}", f"dist={dist}",
         f"mdep={m_root.dep_}", f"tmdep={etype}|{m_root.dep_}", f"agent={agent}", f"tagent={etype}|{agent}",
         f"kind={kind}", f"tpos={t.pos_}", f"lpath={lemma(t)}|{path}", f"mhead={lemma(m_root.head)}"]
    if t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children):
        f.append(f"passive|{path}")
    if m_root.dep_ == "pobj":
        f.append(f"prep={m_root.head.lower_}")
        f.append(f"tprep={etype}|{m_root.head.lower_}")
    if m_entity.name is None:
        f.append("unresolved")
    if rule_role:
        f.append(f"rule={rule_role}")
        f.append(f"trule={etype}|{rule_role}")
    lo, hi = sorted((m_root.i, t.i))
    between = sum(1 for o in others if lo < o.i < hi and o.i != m_root.i)
    f += [f"between={min(between, 2)}", f"tbetween={etype}|{side}|{min(between, 2)}"]
    v = _governing_verb(t)
    if v is not None:
        hp = dep_path(m_root, v)
        f += [f"hpath={hp}", f"thpath={etype}|{hp}", f"hverb={lemma(v)}|{hp}"]
    if place_use is not None:
        f += [f"asplace={place_use.prep}", f"tasplace={etype}|{place_use.prep}", f"asplace_role={place_use.role}"]
    mc, tc = _clause(m_root), _clause(v if v is not None else t)
    f.append(f"mverb={lemma(mc)}")
    if mc.i == tc.i:
        f += ["sameclause", f"tsameclause={etype}|{m_root.dep_}"]
    return f
