"""Coreference walk: reads the Doc (parse) and the named Mentions -> writes Mentions for pronouns and generic
phrases in text order, each resolved against the chain of earlier mentions (see actor_pronouns and
actor_generic); a phrase that resolves to nobody keeps name None."""
from __future__ import annotations

import re

from .generic import (
    apposed_mention, count_of, left_span, modifier_words, national_group, office_holders, opposing_subject,
    own_objects, recent_states, salient, salient_state, title_key, titled_people,
)
from .mention import Mention
from .pronouns import Bound, conjuncts_of, genders_of, last_mention, resolve_pronoun
from .words import IT_PRONOUNS, PERSON_PRONOUNS, PLURAL_PRONOUNS, generic_kind

DETS = {"the", "this", "that", "these", "those"}


def resolve_references(doc, d, named, covered) -> list:
    """Resolve pronouns and generic phrases against earlier mentions (named or already resolved)."""
    out = []
    chain = []                     # mentions in text order as we go (named + resolved)
    ni = 0
    default_coalition = d.lookup("U.S.-led coalition")
    genders = genders_of(doc, named)
    titled = titled_people(doc, named)
    skip = set(covered)
    for tok in doc:
        while ni < len(named) and named[ni].s <= tok.i:
            if named[ni].flag != "mod":
                chain.append(named[ni])
            ni += 1
        if tok.i in skip:
            continue
        low = tok.lower_
        res = None
        if tok.pos_ == "PRON" or low in PERSON_PRONOUNS | PLURAL_PRONOUNS | IT_PRONOUNS:
            try:
                res = resolve_pronoun(doc, tok, low, chain, genders)
            except Bound:
                res = None
            if res is not None:
                group = conjuncts_of(doc, res, chain) if low in PLURAL_PRONOUNS else [res]
                for r in group:      # "Chile and Peru ... their envoys": one mention per conjunct
                    m = Mention(doc, tok.i, tok.i + 1, r.name, r.country, r.agent, r.kind, r.words, r.title)
                    out.append(m)
                    chain.append(m)
            continue
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        grp = national_group(doc, d, tok, low, chain)
        if grp is not None:          # "Albanian militants": a group from Albania, not the state
            out.append(grp)
            chain.append(grp)
            skip.update(range(grp.s, grp.e))
            continue
        kind = generic_kind(low)
        if kind is None and low in ("powers", "countries", "nations", "states"):
            kind = "states"
        if kind is None:
            continue
        s = left_span(tok, covered)
        inner = [m for m in chain if m.s >= s and m.e <= tok.i and m.e > m.s]
        if any(i in covered for i in range(s, tok.i)):
            # "Taliban fighters": the named mention covers it; "the Chilean leader", "Shiite militias":
            # a state adjective or a group word only narrows the reading
            if not inner or any(m.kind not in ("country", "norp") for m in inner) or (
                    kind not in ("person", "force", "gov") and any(m.kind == "country" for m in inner)):
                continue
            inner = [m for m in inner if m.kind == "country"]
        dets = {c.lower_ for c in tok.lefts if c.dep_ in ("det", "poss")}
        has_det = bool(dets & DETS) or bool(dets & {"its", "their", "his", "her"})
        mods = modifier_words(tok)
        state = inner[0] if inner else None
        if state is None:
            for w in mods:
                e = d.lookup(w)
                if e is not None and e.kind == "country" and w.capitalize() in e.adjectives:
                    state = Mention.of(doc, tok.i, tok.i + 1, e)
                    break
        if state is not None:
            mods = {w for w in mods if w not in {a.lower() for a in (d.get(state.name).adjectives
                                                                       if d.get(state.name) else [])}}
        sent_start = tok.sent.start
        plural = tok.tag_ in ("NNS", "NNPS")
        res, keep, more = None, False, []
        rivals = opposing_subject(chain, tok) | own_objects(tok, named) \
            if kind in ("armed", "fighters", "group") else set()
        if kind == "armed":
            if has_det or plural or tok.lower_ == "caliphate":
                keep = True
                res = salient(chain, lambda m: m.agent == "REB" and m.kind != "person" and m.name not in rivals,
                               mods, sent_start)
        elif kind == "fighters":
            if has_det or plural:
                keep = True
                res = salient(chain, lambda m: m.agent in ("REB", "OPP") and m.kind != "person"
                               and m.name not in rivals, mods, sent_start)
        elif kind == "group":
            if dets & DETS:
                keep = True
                res = salient(chain, lambda m: m.agent in ("REB", "OPP", "NGO", "PTY", "MED")
                               and m.kind != "person" and m.name not in rivals, mods, sent_start)
        elif kind == "force":
            if state is not None and state.country:
                forces = [e for e in (d.lookup(f"{a} forces") for a in _state_adjectives(d, state)[:1]) if e]
                keep = bool(forces)
                res = Mention.of(doc, tok.i, tok.i + 1, forces[0]) if forces else None
            elif (dets & DETS) or mods:
                keep = bool(mods) or low in ("force", "forces")
                if keep:
                    res = last_mention(chain, lambda m: m.agent in ("MIL", "REB", "COP") and m.kind != "person", mods)
        elif kind == "states":
            count = count_of(tok)
            if count:                 # "the four nations", "both countries": the last states named
                keep = True
                sts = recent_states(d, chain, count)
                if sts:
                    res, more = sts[0], sts[1:]
        elif kind == "state":
            if dets & {"the", "this", "that"} and not mods:
                keep = True
                st = salient_state(chain, sent_start)
                if st is not None and st.kind != "country":
                    e = d.get(d.state_of.get(st.country, ""))
                    st = Mention.of(doc, tok.i, tok.i + 1, e) if e else None
                res = st
        elif kind == "gov":
            if state is not None and state.country and (dets & {"the", "this", "that"} or inner):
                keep = True
                g = d.get(d.government_of.get(state.country, ""))
                res = Mention.of(doc, tok.i, tok.i + 1, g) if g else None
            elif dets & {"the", "this", "that"}:
                keep = True
                if mods:
                    res = last_mention(chain, lambda m: m.kind != "person" and m.agent in ("GOV", "OPP", "REB"), mods)
                else:
                    st = salient_state(chain, sent_start)
                    if st is not None:
                        g = d.get(d.government_of.get(st.country, ""))
                        res = Mention.of(doc, tok.i, tok.i + 1, g) if g else None
        elif kind == "coalition":
            nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
            if nxt in ("government", "governments", "partner", "partners", "talks", "deal", "agreement"):
                continue
            keep = True
            if any(t.lower_.endswith("backed") for t in doc[s:tok.i]):   # "a French-backed coalition" of militias
                res = last_mention(chain, lambda m: m.agent in ("REB", "OPP") and m.words & {"alliance", "coalition"},
                            set())
            else:
                res = last_mention(chain, lambda m: low in m.words and m.kind != "person", set())
            if res is None and low == "coalition" and default_coalition is not None and \
                    not any(t.lower_.endswith("backed") for t in doc[s:tok.i]):
                res = Mention.of(doc, tok.i, tok.i + 1, default_coalition)
        elif kind == "person":
            holders = office_holders(doc, d, tok, named)
            if holders:               # "the prime ministers of Spain and Chile": each state's office holder
                keep = True
                res, more = holders[0], holders[1:]
            elif plural:
                continue
            elif dets & {"the", "this", "that"}:
                keep = True
                c = state.country if state is not None else None
                res = salient(chain, lambda m: m.kind == "person" and (c is None or m.country == c) and (
                    (m.title and low in m.title) or low in m.words or
                    (low in ("leader", "official") and m.agent is not None)),
                    set(), sent_start)
                if res is None:         # "the trade minister ... the trade minister, Anna Berg"
                    res = titled.get(title_key(doc, tok, s))
        if not keep:
            continue
        apposed = apposed_mention(tok, named)
        if apposed is not None and (kind != "person" or apposed.kind == "person"):
            res = apposed            # "the trade minister, Anna Berg" / "Anna Berg, the trade minister"
        if res is None:
            # "Saudi-backed Salafist militias": a descriptive phrase with a proper modifier names the actor
            proper = any(t.text[:1].isupper() and t.i != tok.sent.start for t in doc[s:tok.i])
            name = None
            if proper and kind in ("armed", "fighters", "group", "force") and plural | bool(dets & DETS):
                name = doc[s:tok.i + 1].text
                name = re.sub(r"^(?:the|these|those|this|that)\s+", "", name, flags=re.I)
            m = Mention(doc, s, tok.i + 1, name, kind="generic", words=mods)
            m.agent = {"armed": "REB", "fighters": "REB", "force": None}.get(kind) if name else None
            if name:
                chain.append(m)
        else:
            m = Mention(doc, s, tok.i + 1, res.name, res.country, res.agent, res.kind, res.words, res.title)
            chain.append(m)
            for r in more:
                m2 = Mention(doc, s, tok.i + 1, r.name, r.country, r.agent, r.kind, r.words, r.title)
                out.append(m2)
                chain.append(m2)
        out.append(m)
        skip.update(range(s, tok.i + 1))
    return out


def _state_adjectives(d, m) -> list:
    """The adjectives of the state a mention stands for: its own entry's, else (a person the dictionary does not
    hold, as "his" in "his forces" resolved to a president) those of the state of its country."""
    e = d.get(m.name) or d.get(d.state_of.get(m.country or "", ""))
    return e.adjectives if e is not None else []
