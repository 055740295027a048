"""Actor dictionary matching: reads the Doc's tokens and the actor dictionary -> writes the entity ruler
(`setup`, before NER) and named Mentions: dictionary aliases (longest first), "Iraqi and Turkish forces"
compounds, fused "U.S.-led" modifiers, and flags for modifier ("US-led") and locative ("in Syria") uses;
`guess_agent` gives NER organisations outside the dictionary an agent from their words."""
from __future__ import annotations

from typing import Optional

from ..resources import actors as _dict
from .mention import Mention, entry_words
from .. import lexicon

RULER_NAME = "sitroom_actor_ruler"

LOC_PREPS = lexicon.words("actor_locative_preps")
DIRECTED_VERBS = lexicon.words("directed_verbs")
MODIFIER_SUFFIX = lexicon.words("modifier_suffixes")

_STATE = {"nlp": None, "key": None, "matchers": None, "ruler": None}


def dictionary():
    return _dict.default()


def _ruler_patterns(d, only=None) -> list:
    """Dictionary aliases the NER model gets wrong: armed groups, organisations, people (not states)."""
    pats, seen = [], set()
    for alias, e in d.aliases():
        if only is not None and e.name not in only:
            continue
        if e.kind == "country" or e.description.startswith(("government of", "armed forces of", "police of")):
            continue
        if e.agent == "GOV" and not e.is_person:
            continue
        if not any(c.isupper() for c in alias):
            continue
        label = "PERSON" if e.is_person else "ORG"
        for a in {alias, alias.replace("'", "’")}:
            if (a, label) not in seen:
                seen.add((a, label))
                pats.append({"label": label, "pattern": a, "id": e.name})
    return pats


def setup(nlp):
    """Adds an entity ruler (before "ner") with the dictionary's organisations, armed groups and people."""
    _STATE["nlp"] = nlp
    if RULER_NAME in nlp.pipe_names:
        return
    kw = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"validate": False, "overwrite_ents": True},
                         **kw)
    _STATE["ruler"], _STATE["ruler_dict"] = ruler, None
    sync_ruler(dictionary())


def sync_ruler(d):
    """The entity ruler rebuilt from the dictionary `d` if it was built from another one or an earlier version
    (actors.add_file, actors.reset); nlp.load() calls this before a parse, never while a document is read."""
    ruler, nlp = _STATE["ruler"], _STATE["nlp"]
    if ruler is None or (_STATE.get("ruler_dict") is d and _STATE.get("ruler_version") == d.version):
        return
    with nlp.select_pipes(enable=[]):
        ruler.clear()
        ruler.add_patterns(_ruler_patterns(d))
    _STATE["ruler_dict"], _STATE["ruler_version"] = d, d.version   # held, so its id is never another's


def _tokenizer(vocab):
    nlp = _STATE["nlp"]
    if nlp is None or nlp.vocab is not vocab:
        from .. import nlp as _nlp
        nlp = _nlp.load()
    return nlp.tokenizer


def _matchers(vocab, d):
    key = (vocab, d, d.version)   # the objects themselves, held: a later dictionary cannot take a freed one's id
    if _STATE["key"] is not None and all(a is b for a, b in zip(_STATE["key"][:2], key[:2])) \
            and _STATE["key"][2] == key[2]:
        return _STATE["matchers"]
    from spacy.matcher import PhraseMatcher
    exact = PhraseMatcher(vocab, attr="ORTH")
    folded = PhraseMatcher(vocab, attr="LOWER")
    tok = _tokenizer(vocab)
    ex_texts, fo_texts = set(), set()
    for alias, e in d.aliases():
        variants = {alias, alias.replace("'", "’")}
        if len(alias.split()) > 1 and not _dict.is_acronym(alias.split()[0]):
            fo_texts.update(v.lower() for v in variants)
        else:
            ex_texts.update(variants)
    exact.add("A", list(tok.pipe(sorted(ex_texts))))
    folded.add("A", list(tok.pipe(sorted(fo_texts))))
    _STATE["key"], _STATE["matchers"] = key, (exact, folded)
    return exact, folded


def dict_matches(doc, d) -> list:
    """Non-overlapping (start_tok, end_tok, entry), longest first."""
    exact, folded = _matchers(doc.vocab, d)
    cands = []
    for _, s, e in list(exact(doc)) + list(folded(doc)):
        entry = d.lookup(doc[s:e].text)
        if entry is None:
            continue
        cands.append((s, e, entry))
    cands.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken = set()
    out = []
    for s, e, entry in cands:
        if any(i in taken for i in range(s, e)):
            continue
        taken.update(range(s, e))
        out.append((s, e, entry))
    out.sort()
    return out


def is_modifier_use(doc, e) -> bool:
    """"US-led", "Iranian-backed": the name modifies something else and is not the actor."""
    return e + 1 < len(doc) and doc[e].text in ("-", "–") and doc[e + 1].lower_ in MODIFIER_SUFFIX


def locative(doc, s) -> bool:
    """After "in"/"near"/... ("fighters in Mosul"): a place, not an actor; except after verbs of
    arrival and withdrawal ("arrived in Amman", "withdrew from Syria"), where the place is what the act is
    directed at."""
    if s == 0:
        return False
    prep = doc[s - 1]
    return prep.lower_ in LOC_PREPS and prep.head.lemma_ not in DIRECTED_VERBS


# Words that make a capital's name a state body, not a place ("the Damascus government").
STATE_BODY_WORDS = lexicon.terms("state_body_words")


def placey(entry, text) -> bool:
    """A state name or a capital read as a metonym: a place when it follows a locative preposition."""
    if entry.kind == "country":
        return True
    return entry.agent == "GOV" and len(text.split()) <= 2 and text[:1].isupper() and \
        not lexicon.contains_term(text, STATE_BODY_WORDS)


def fused_modifiers(doc, d, named):
    """"U.S.-led", "Qatari-brokered" as one token: the state before the hyphen, over its own characters."""
    out = []
    taken = {i for m in named for i in range(m.s, m.e)}
    for tok in doc:
        if tok.i in taken or "-" not in tok.text[1:-1]:
            continue
        head, _, tail = tok.text.rpartition("-")
        if tail.lower() not in MODIFIER_SUFFIX:
            continue
        entry = d.lookup(head)
        if entry is None:
            continue
        m = Mention(doc, tok.i, tok.i + 1, entry.name, entry.country, entry.agent, entry.kind, entry_words(entry),
               cs=tok.idx, ce=tok.idx + len(head))
        m.flag = "mod"
        out.append(m)
    return out


def compounds(doc, d, named, by_end):
    """"Iraqi and Turkish forces": each adjective before a state-forces/government/police phrase
    becomes a mention of its own state's body, over the whole phrase."""
    drop = set()
    extra = []
    for m in named:
        s = m.s
        first = doc[s].text
        entry = d.get(m.name)
        if entry is None or entry.kind != "org" or m.e - s < 2 or not entry.country:
            continue
        st = d.get(d.state_of.get(entry.country, ""))
        if st is None or first not in st.adjectives + st.aliases + [st.name]:
            continue
        noun = doc[s + 1:m.e].text
        parts, j = [], s - 1
        while j >= 1 and doc[j].lower_ in ("and", ",", "&", "or"):
            prev = by_end.get(j)
            if prev is None or prev[1].kind != "country":
                break
            pm, pentry = prev
            other = d.lookup(f"{pm.text} {noun}")
            if other is None:
                break
            parts.append((pm, other))
            j = pm.s - 1
        if not parts:
            continue
        start = parts[-1][0].s
        m2 = Mention.of(doc, start, m.e, entry)
        drop.add(id(m))
        extra.append(m2)
        for pm, other in parts:
            drop.add(id(pm))
            extra.append(Mention.of(doc, start, m.e, other))
    if not drop:
        return named
    return [m for m in named if id(m) not in drop] + extra


# Words in an organisation's name -> its CAMEO-style agent code, tried in file order.
AGENT_WORDS = lexicon.rows("agent_words")


def guess_agent(text: str) -> Optional[str]:
    """The agent code of the first word class (sitroom/lexicon/agent_words.tsv) found in the name as whole words."""
    for agent in dict.fromkeys(r["agent"] for r in AGENT_WORDS):
        if lexicon.contains_term(text, tuple(r["term"] for r in AGENT_WORDS if r["agent"] == agent)):
            return agent
    return None
