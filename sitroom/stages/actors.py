"""actors (`sitroom.actors.v1`): reads the parsed Doc (NER, parse) + the actor dictionary
-> writes ctx.actors: every actor mention as a resolved records.Entity, in text order.

Mentions come from: the actor dictionary (aliases, derived state forms, "Iraqi and Syrian forces"
compounds), NER entities (persons with surname -> full name, title -> agent/country), and pronouns and
generic phrases ("the group", "the militants", "the country", "the president", "he", "they") resolved to
a recent compatible antecedent. `text` is the surface form, `name` the canonical (resolved) name;
unresolved generic phrases keep name None.

Pronoun resolution: agreement in number (they/them/their take groups, or states/people named together,
one mention per conjunct; a nearer uncovered plural people noun leaves them unresolved), animacy (he/she:
full-named, titled or dictionary people; it/its: organisations and states), binding (a possessive takes its
clause's subject or relative noun, an object pronoun never its own verb's subject, a pronoun in an order's
"that" clause never the one ordering, he/she inside a quotation never its speaker), then salience (subjects
of this and the previous sentence, possessors of main subjects). Titles resolve through the document ("the
home secretary" ... "Sajid Javid, the home secretary"), offices of states through their holders ("the
presidents of Iran and Turkey"), counted states through the last states named ("the three powers"); a state
demonym on a people noun is a group from that state ("Croatian extremists": REB, HRV).
"""
from __future__ import annotations

import re
from typing import Optional

from ..records import Entity
from ..resources import actors as _dict

NAME = "sitroom.actors.v1"
RULER_NAME = "sitroom_actor_ruler"

# ---- word lists (lower case)
LOC_PREPS = {"in", "at", "near", "into", "inside", "outside", "across", "around", "throughout", "within", "from",
             "via", "through"}
DIRECTED_VERBS = {"arrive", "land", "deploy", "enter", "intervene", "invade", "withdraw", "pull", "retreat", "expel",
                  "visit", "return", "evacuate", "flee", "oust", "drive"}
MODIFIER_SUFFIX = {"led", "backed", "trained", "allied", "supported", "funded", "armed", "based", "sponsored",
                   "brokered", "aligned", "friendly", "controlled", "held", "run", "linked", "affiliated",
                   "inspired", "made", "equipped"}
TITLES = {
    "president": "GOV", "vice president": "GOV", "vice-president": "GOV", "prime minister": "GOV",
    "premier": "GOV", "minister": "GOV", "foreign minister": "GOV", "defence minister": "GOV",
    "defense minister": "GOV", "interior minister": "GOV", "secretary": "GOV", "defense secretary": "GOV",
    "defence secretary": "GOV", "secretary of state": "GOV", "home secretary": "GOV",
    "foreign secretary": "GOV", "chancellor": "GOV", "king": "GOV", "queen": "GOV", "emir": "GOV",
    "crown prince": "GOV", "prince": "GOV", "sheikh": None, "ambassador": "GOV", "envoy": "GOV",
    "special envoy": "GOV", "governor": "GOV", "mayor": "GOV", "ayatollah": "GOV", "supreme leader": "GOV",
    "leader": None, "spokesman": None, "spokeswoman": None, "spokesperson": None, "official": None,
    "gen.": "MIL", "general": "MIL", "lt.": "MIL", "lt. gen.": "MIL", "maj.": "MIL", "maj. gen.": "MIL",
    "brig.": "MIL", "brig. gen.": "MIL", "col.": "MIL", "colonel": "MIL", "lt. col.": "MIL", "major": "MIL",
    "commander": "MIL", "adm.": "MIL", "admiral": "MIL", "capt.": "MIL", "captain": "MIL", "sgt.": "MIL",
    "sergeant": "MIL", "marshal": "MIL", "field marshal": "MIL", "police chief": "COP", "chief of police": "COP",
    "police commissioner": "COP", "judge": "JUD", "justice": "JUD", "prosecutor": "JUD", "senator": "LEG",
    "sen.": "LEG", "rep.": "LEG", "lawmaker": "LEG", "mp": "LEG", "speaker": "LEG", "mr.": None, "mrs.": None,
    "ms.": None, "dr.": None, "mr": None, "mrs": None, "ms": None, "dr": None,
}
_TITLE_WORDS = {w for t in TITLES for w in t.split()}
MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_CUES = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "queen", "lady", "dame", "princess", "spokeswoman",
               "chairwoman", "congresswoman", "businesswoman", "sister", "mother", "wife", "daughter", "widow",
               "woman", "girl", "grandmother", "actress", "congresswoman", "mp's wife"}
MALE_CUES = {"mr", "mr.", "king", "prince", "sir", "spokesman", "chairman", "congressman", "businessman", "brother",
             "father", "husband", "son", "man", "boy", "sheikh", "lord", "grandfather", "emir"}
PERSON_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
IT_PRONOUNS = {"it", "its", "itself"}
ARMED_HEADS = {"militants", "jihadists", "jihadis", "extremists", "insurgents", "terrorists", "caliphate",
               "militant", "jihadist", "extremist", "insurgent", "terrorist", "insurgency"}
FIGHTER_HEADS = {"fighters", "rebels", "militia", "militias", "militiamen", "guerrillas", "fighter", "rebel"}
GROUP_HEADS = {"group", "organization", "organisation", "movement", "outfit", "network", "faction"}
FORCE_HEADS = {"force", "forces", "troops", "soldiers", "army", "military", "units"}
STATE_HEADS = {"country", "nation", "kingdom", "republic", "state"}
GOV_HEADS = {"government", "regime", "administration", "authorities", "leadership", "cabinet"}
COALITION_HEADS = {"coalition", "alliance"}
PERSON_HEADS = {"president", "minister", "premier", "leader", "general", "commander", "secretary", "spokesman",
                "spokeswoman", "envoy", "chief", "king", "emir", "chancellor", "ambassador", "official",
                "presidents", "ministers", "premiers", "leaders", "kings", "emirs"}
DETS = {"the", "this", "that", "these", "those"}
NEUTRAL_MODS = {"jihadist", "militant", "extremist", "terrorist", "armed", "islamist", "remaining", "foreign",
                "local", "same", "former", "entire", "whole", "main", "radical", "hardline", "sunni", "new",
                "terror", "extremist", "islamic", "jihadi", "rebel", "insurgent", "group", "elite", "allied",
                "led", "backed", "the", "a", "its", "their", "his", "her", "outgoing", "incoming", "top",
                "senior", "deputy", "prime", "vice", "defence", "defense", "foreign", "interior", "home",
                "affairs", "state", "special", "military", "security", "government", "national"}
EXPLETIVE_HEADS = {"be", "seem", "appear", "remain", "take", "mean", "matter", "happen", "become", "look",
                   "rain", "make"}
NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "van", "von", "der", "la", "le", "du", "da"}


_STATE = {"nlp": None, "key": None, "matchers": None, "ruler": None, "ruled": set()}


# ---------------------------------------------------------------- setup: entity ruler
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
    d = dictionary()
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(_ruler_patterns(d))
    _STATE["ruler"], _STATE["ruled"] = ruler, set(d.entries)
    _STATE["ruler_version"] = (id(d), d.version)


def _sync_ruler(d):
    """Entries added after setup (actors.add_file) reach the entity ruler for the documents parsed next."""
    ruler, nlp = _STATE["ruler"], _STATE["nlp"]
    if ruler is None or _STATE.get("ruler_version") == (id(d), d.version):
        return
    new = set(d.entries) - _STATE["ruled"]
    if new:
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(_ruler_patterns(d, only=new))
        _STATE["ruled"] |= new
    _STATE["ruler_version"] = (id(d), d.version)


# ---------------------------------------------------------------- dictionary matching
def _tokenizer(vocab):
    nlp = _STATE["nlp"]
    if nlp is None or nlp.vocab is not vocab:
        from .. import nlp as _nlp
        nlp = _nlp.load()
    return nlp.tokenizer


def _matchers(vocab, d):
    key = (id(vocab), id(d), d.version)
    if _STATE["key"] == key:
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


def _dict_matches(doc, d) -> list:
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


def _is_modifier_use(doc, e) -> bool:
    """"US-led", "Iranian-backed": the name modifies something else and is not the actor."""
    return e + 1 < len(doc) and doc[e].text in ("-", "–") and doc[e + 1].lower_ in MODIFIER_SUFFIX


def _locative(doc, s) -> bool:
    """After "in"/"near"/... ("fighters in Mosul"): a place, not an actor; except after verbs of
    arrival and withdrawal ("arrived in Amman", "withdrew from Syria"), where the place is what the act is
    directed at."""
    if s == 0:
        return False
    prep = doc[s - 1]
    return prep.lower_ in LOC_PREPS and prep.head.lemma_ not in DIRECTED_VERBS


def _placey(entry, text) -> bool:
    """A state name or a capital read as a metonym: a place when it follows a locative preposition."""
    if entry.kind == "country":
        return True
    return entry.agent == "GOV" and len(text.split()) <= 2 and text[:1].isupper() and \
        not any(w in text.lower() for w in ("government", "regime", "authorities", "officials", "ministry",
                                              "leadership", "cabinet", "administration"))


# ---------------------------------------------------------------- extraction
class _M:
    """A mention under construction (token span + resolution)."""
    __slots__ = ("s", "e", "text", "name", "country", "agent", "kind", "words", "title", "cs", "ce", "flag", "subj")

    def __init__(self, doc, s, e, name, country=None, agent=None, kind="org", words=None, title=None,
                 cs=None, ce=None):
        self.s, self.e = s, e
        self.cs = doc[s].idx if cs is None else cs
        self.ce = (doc[e - 1].idx + len(doc[e - 1].text)) if ce is None else ce
        self.text = doc.text[self.cs:self.ce]
        self.name, self.country, self.agent, self.kind = name, country, agent, kind
        self.words = words or set()
        self.title = title
        self.flag = ""             # "mod": "US-led" (modifies a noun); "loc": "in Syria" (a place)
        self.subj = 0              # 2: subject of a main clause, 1: of another clause

    @classmethod
    def of(cls, doc, s, e, entry, **kw):
        return cls(doc, s, e, entry.name, entry.country, entry.agent, entry.kind, _entry_words(entry), **kw)

    def entity(self) -> Entity:
        return Entity(text=self.text, name=self.name, country=self.country, agent=self.agent,
                      span=[self.cs, self.ce])


_WORDS_CACHE: dict = {}


def _entry_words(entry) -> set:
    w = _WORDS_CACHE.get(entry.name)
    if w is None:
        w = entry.words()
        for a in entry.adjectives:
            w.add(a.lower())
        _WORDS_CACHE[entry.name] = w
    return w


def extract(doc, ctx) -> list:
    d = dictionary()
    _sync_ruler(d)
    named: list = []
    covered = set()

    # 1. dictionary aliases
    matches = _dict_matches(doc, d)
    by_end = {}
    for s, e, entry in matches:
        text = doc[s:e].text
        m = _M.of(doc, s, e, entry)
        if _is_modifier_use(doc, e):
            m.flag = "mod"
        elif _placey(entry, text) and _locative(doc, s):
            m.flag = "loc"
        by_end[e] = (m, entry)
        named.append(m)
    named = _compounds(doc, d, named, by_end)
    named.extend(_fused_modifiers(doc, d, named))
    taken = set()
    for m in named:
        taken.update(range(m.s, m.e))
        if m.flag != "mod":
            covered.update(range(m.s, m.e))

    # 2. NER entities and people
    persons = _people(doc, d, named, covered)
    named.extend(persons)
    for m in persons:
        covered.update(range(m.s, m.e))
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "NORP", "GPE") or any(i in covered or i in taken
                                                             for i in range(ent.start, ent.end)):
            continue
        s = ent.start + (1 if ent[0].lower_ == "the" else 0)
        if s >= ent.end:
            continue
        text = doc[s:ent.end].text
        entry = d.lookup(text)
        if entry is not None:
            m = _M.of(doc, s, ent.end, entry)
        else:
            m = _M(doc, s, ent.end, text, None, _guess_agent(text) if ent.label_ == "ORG" else None,
                   "org" if ent.label_ == "ORG" else ent.label_.lower(), set(text.lower().split()))
        if _is_modifier_use(doc, ent.end):
            m.flag = "mod"
        elif ent.label_ == "GPE" and _locative(doc, ent.start):
            m.flag = "loc"
        named.append(m)
        covered.update(range(m.s, m.e))

    named.sort(key=lambda m: (m.cs, -m.ce))
    if doc.has_annotation("DEP"):
        for m in named:
            m.subj = _subject_rank(doc, m)
    # 3. pronouns and generic phrases (they need the parse)
    refs = _references(doc, d, named, covered) if doc.has_annotation("DEP") else []
    # a group word inside a resolved phrase ("the Kurdish militia") is not a mention of its own
    inside = {i for r in refs if r.name and r.e - r.s > 1 for i in range(r.s, r.e)}
    named = [m for m in named if not (m.kind == "norp" and m.s in inside and m.e - 1 in inside)]
    groups = {i for r in refs if r.kind == "group" for i in range(r.s, r.e)}
    named = [m for m in named if not (m.kind == "country" and m.s in groups)]
    out = named + refs
    out.sort(key=lambda m: (m.cs, -m.ce, m.name or ""))
    return [m.entity() for m in out]


def _subject_rank(doc, m) -> int:
    """2: subject of a main clause (or its possessor: "X's opposition was ...", or a conjunct: "X and Y
    said"), 1: subject of another clause, 0: anything else."""
    head = doc[m.s:m.e].root
    if head.dep_ == "conj" and head.head.dep_ in ("nsubj", "nsubjpass"):
        head = head.head
    if head.dep_ == "poss" and head.head.dep_ in ("nsubj", "nsubjpass", "attr"):
        head = head.head           # the possessor of the subject is as salient as the subject
    if head.dep_ == "attr" and head.head.dep_ == "ROOT" and head.head.lemma_ == "be":
        return 2                   # "Most striking was X's opposition"
    if head.dep_ not in ("nsubj", "nsubjpass"):
        return 0
    return 2 if head.head.dep_ in ("ROOT", "conj") else 1


def _fused_modifiers(doc, d, named):
    """"U.S.-led", "Russian-hosted" as one token: the state before the hyphen, over its own characters."""
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
        m = _M(doc, tok.i, tok.i + 1, entry.name, entry.country, entry.agent, entry.kind, _entry_words(entry),
               cs=tok.idx, ce=tok.idx + len(head))
        m.flag = "mod"
        out.append(m)
    return out


def _compounds(doc, d, named, by_end):
    """"Iraqi and Syrian forces": each adjective before a state-forces/government/police phrase
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
        m2 = _M.of(doc, start, m.e, entry)
        drop.add(id(m))
        extra.append(m2)
        for pm, other in parts:
            drop.add(id(pm))
            extra.append(_M.of(doc, start, m.e, other))
    if not drop:
        return named
    return [m for m in named if id(m) not in drop] + extra


def _guess_agent(text: str) -> Optional[str]:
    t = text.lower()
    for words, agent in ((("police", "gendarmerie"), "COP"), (("army", "forces", "military", "brigade", "battalion",
                                                                 "division", "regiment", "command", "navy"), "MIL"),
                         (("ministry", "government", "council of ministers", "presidency", "office"), "GOV"),
                         (("court", "tribunal", "prosecutor"), "JUD"), (("parliament", "congress", "senate",
                                                                         "assembly"), "LEG"),
                         (("party",), "PTY"), (("news", "agency", "newspaper", "times", "post", "tv", "radio"),
                                               "MED"),
                         (("university", "school"), "EDU"), (("company", "corp", "inc", "ltd", "bank"), "BUS")):
        if any(re.search(r"\b" + re.escape(w) + r"\b", t) for w in words):
            return agent
    return None


# ---------------------------------------------------------------- people
def _person_keys(name: str) -> list:
    toks = name.replace("’", "'").split()
    keys = []
    if len(toks) >= 2:
        last = toks[-1]
        keys.append(last.lower())
        stripped = re.sub(r"^(?:al|el|as|ash|ad|an|ar)-", "", last, flags=re.I)
        if stripped != last:
            keys.append(stripped.lower())
        if toks[-2].lower() in NAME_PARTICLES:
            keys.append(" ".join(toks[-2:]).lower())
    return keys


def _title_before(doc, s):
    """(title, agent, start_token) of a title right before token s ("Prime Minister", "Gen.")."""
    best = None
    for n in (3, 2, 1):
        if s - n < 0:
            continue
        t = doc[s - n:s].text.lower()
        if t in TITLES:
            best = (t, TITLES[t], s - n)
            break
    return best


def _affiliation_before(doc, s, named_by_end):
    """A state/organisation mention right before token s ("Iraqi", "Turkey's", "Islamic State")."""
    j = s
    if j > 0 and doc[j - 1].lower_ in ("'s", "’s"):
        j -= 1
    m = named_by_end.get(j)
    return m


def _people(doc, d, named, covered) -> list:
    named_by_end = {m.e: m for m in named}
    people_entries = {}          # key -> (name, country, agent, title)
    for m in named:              # dictionary people ("Assad", "Putin")
        if m.kind == "person":
            e = d.get(m.name)
            for k in _person_keys(m.name) + [m.name.lower()]:
                people_entries.setdefault(k, (m.name, m.country, m.agent, None))

    def describe(s, e):
        title = _title_before(doc, s)
        country = agent = None
        tstart = s
        if title:
            agent = title[1]
            tstart = title[2]
        aff = _affiliation_before(doc, tstart, named_by_end)
        if aff is not None:
            country = aff.country
            if aff.kind != "country" and aff.agent in ("REB", "OPP", "IGO", "NGO", "PTY", "MIL", "COP"):
                agent = agent if agent in ("MIL", "COP") and aff.agent in ("MIL", "COP") else aff.agent
        return (title[0] if title else None), country, agent

    # pass 1: full names
    ents = []
    for ent in doc.ents:
        if any(i in covered for i in range(ent.start, ent.end)):
            continue
        s, e = ent.start, ent.end
        while s < e and (doc[s].lower_ in TITLES or doc[s].lower_ in _TITLE_WORDS) and doc[s].text[:1].isupper() \
                and e - s > 1:
            s += 1
        if e - s > 1 and doc[e - 1].lower_ in ("'s", "’s"):
            e -= 1
        ents.append((ent, s, e))
        if ent.label_ != "PERSON":
            continue
        text = doc[s:e].text
        entry = d.lookup(text)
        if entry is not None and entry.is_person:
            continue
        if e - s >= 2 and text.lower() not in people_entries:
            title, country, agent = describe(s, e)
            people_entries[text.lower()] = (text, country, agent, title)
            for k in _person_keys(text):
                people_entries.setdefault(k, (text, country, agent, title))
    # pass 2: mentions
    out = []
    taken = set()
    for ent, s, e in ents:
        text = doc[s:e].text
        key = text.replace("’", "'").lower()
        entry = d.lookup(text)
        if entry is not None and not entry.is_person:
            continue          # an organisation the model took for a person: handled with ORG entities
        if entry is not None:
            title, country, agent = describe(s, e)
            m = _M.of(doc, s, e, entry, title=title)
            m.country = m.country or country
        elif key in people_entries:
            name, country, agent, title0 = people_entries[key]
            title, c2, a2 = describe(s, e)
            m = _M(doc, s, e, name, country or c2, agent or a2, "person", title=title or title0)
        elif ent.label_ == "PERSON":
            title, country, agent = describe(s, e)
            m = _M(doc, s, e, text, country, agent, "person", title=title)
            people_entries[key] = (text, country, agent, title)
        else:
            continue
        out.append(m)
        taken.update(range(s, e))
    # surnames the model missed or mislabelled as something else
    for tok in doc:
        if tok.i in covered or tok.i in taken or tok.pos_ != "PROPN":
            continue
        hit = people_entries.get(tok.text.replace("’", "'").lower())
        if hit is None or (tok.ent_type_ and tok.ent_type_ not in ("PERSON", "ORG", "NORP")):
            continue
        name, country, agent, title = hit
        out.append(_M(doc, tok.i, tok.i + 1, name, country, agent, "person", title=title))
    return out


# ---------------------------------------------------------------- pronouns and generic phrases
def _modifier_words(tok) -> set:
    out = set()
    for c in tok.lefts:
        if c.dep_ in ("amod", "compound", "nmod", "npadvmod", "nummod") or c.tag_ in ("JJ", "NNP", "VBN"):
            for t in c.subtree:
                for w in re.split(r"[-–\s]+", t.lower_):
                    if w and w not in NEUTRAL_MODS and w.isalpha():
                        out.add(w)
    return out


def _left_span(tok, covered):
    """First token of the phrase headed by tok (determiners, possessives, modifiers)."""
    s = tok.i
    for c in tok.lefts:
        if c.dep_ in ("det", "poss", "amod", "compound", "nmod", "nummod", "quantmod", "advmod", "npadvmod",
                      "punct", "case"):
            s = min(s, c.left_edge.i)
    return s


def _references(doc, d, named, covered) -> list:
    """Resolve pronouns and generic phrases against earlier mentions (named or already resolved)."""
    out = []
    chain = []                     # mentions in text order as we go (named + resolved)
    ni = 0
    default_coalition = d.lookup("U.S.-led coalition")
    genders = _genders(doc, named)
    titled = _titled_people(doc, named)
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
                res = _pronoun(doc, tok, low, chain, genders)
            except _Bound:
                res = None
            if res is not None:
                group = _conjuncts(doc, res, chain) if low in PLURAL_PRONOUNS else [res]
                for r in group:      # "the US and Russia ... their forces": one mention per conjunct
                    m = _M(doc, tok.i, tok.i + 1, r.name, r.country, r.agent, r.kind, r.words, r.title)
                    out.append(m)
                    chain.append(m)
            continue
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        grp = _national_group(doc, d, tok, low, chain)
        if grp is not None:          # "Croatian extremists": a group from Croatia, not the state
            out.append(grp)
            chain.append(grp)
            skip.update(range(grp.s, grp.e))
            continue
        kind = _generic_kind(low)
        if kind is None and low in ("powers", "countries", "nations", "states"):
            kind = "states"
        if kind is None:
            continue
        s = _left_span(tok, covered)
        inner = [m for m in chain if m.s >= s and m.e <= tok.i and m.e > m.s]
        if any(i in covered for i in range(s, tok.i)):
            # "Islamic State fighters": the named mention covers it; "the Russian leader", "Shiite militias":
            # a state adjective or a group word only narrows the reading
            if not inner or any(m.kind not in ("country", "norp") for m in inner) or (
                    kind not in ("person", "force", "gov") and any(m.kind == "country" for m in inner)):
                continue
            inner = [m for m in inner if m.kind == "country"]
        dets = {c.lower_ for c in tok.lefts if c.dep_ in ("det", "poss")}
        has_det = bool(dets & DETS) or bool(dets & {"its", "their", "his", "her"})
        mods = _modifier_words(tok)
        state = inner[0] if inner else None
        if state is None:
            for w in mods:
                e = d.lookup(w)
                if e is not None and e.kind == "country" and w.capitalize() in e.adjectives:
                    state = _M.of(doc, tok.i, tok.i + 1, e)
                    break
        if state is not None:
            mods = {w for w in mods if w not in {a.lower() for a in (d.get(state.name).adjectives
                                                                       if d.get(state.name) else [])}}
        sent_start = tok.sent.start
        plural = tok.tag_ in ("NNS", "NNPS")
        res, keep, more = None, False, []
        rivals = _opposing_subject(chain, tok) | _own_objects(tok, named) \
            if kind in ("armed", "fighters", "group") else set()
        if kind == "armed":
            if has_det or plural or tok.lower_ == "caliphate":
                keep = True
                res = _salient(chain, lambda m: m.agent == "REB" and m.kind != "person" and m.name not in rivals,
                               mods, sent_start)
        elif kind == "fighters":
            if has_det or plural:
                keep = True
                res = _salient(chain, lambda m: m.agent in ("REB", "OPP") and m.kind != "person"
                               and m.name not in rivals, mods, sent_start)
        elif kind == "group":
            if dets & DETS:
                keep = True
                res = _salient(chain, lambda m: m.agent in ("REB", "OPP", "NGO", "PTY", "MED")
                               and m.kind != "person" and m.name not in rivals, mods, sent_start)
        elif kind == "force":
            if state is not None and state.country:
                forces = [e for e in (d.lookup(f"{a} forces") for a in d.get(state.name).adjectives[:1]) if e]
                keep = bool(forces)
                res = _M.of(doc, tok.i, tok.i + 1, forces[0]) if forces else None
            elif (dets & DETS) or mods:
                keep = bool(mods) or low in ("force", "forces")
                if keep:
                    res = _last(chain, lambda m: m.agent in ("MIL", "REB", "COP") and m.kind != "person", mods)
        elif kind == "states":
            count = _count_of(tok)
            if count:                 # "the three powers", "both countries": the last states named
                keep = True
                sts = _recent_states(d, chain, count)
                if sts:
                    res, more = sts[0], sts[1:]
        elif kind == "state":
            if dets & {"the", "this", "that"} and not mods:
                keep = True
                st = _salient_state(chain, sent_start)
                if st is not None and st.kind != "country":
                    e = d.get(d.state_of.get(st.country, ""))
                    st = _M.of(doc, tok.i, tok.i + 1, e) if e else None
                res = st
        elif kind == "gov":
            if state is not None and state.country and (dets & {"the", "this", "that"} or inner):
                keep = True
                g = d.get(d.government_of.get(state.country, ""))
                res = _M.of(doc, tok.i, tok.i + 1, g) if g else None
            elif dets & {"the", "this", "that"}:
                keep = True
                if mods:
                    res = _last(chain, lambda m: m.kind != "person" and m.agent in ("GOV", "OPP", "REB"), mods)
                else:
                    st = _salient_state(chain, sent_start)
                    if st is not None:
                        g = d.get(d.government_of.get(st.country, ""))
                        res = _M.of(doc, tok.i, tok.i + 1, g) if g else None
        elif kind == "coalition":
            nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
            if nxt in ("government", "governments", "partner", "partners", "talks", "deal", "agreement"):
                continue
            keep = True
            if any(t.lower_.endswith("backed") for t in doc[s:tok.i]):   # "a U.S.-backed coalition" of militias
                res = _last(chain, lambda m: m.agent in ("REB", "OPP") and m.words & {"alliance", "coalition"},
                            set())
            else:
                res = _last(chain, lambda m: low in m.words and m.kind != "person", set())
            if res is None and low == "coalition" and default_coalition is not None and \
                    not any(t.lower_.endswith("backed") for t in doc[s:tok.i]):
                res = _M.of(doc, tok.i, tok.i + 1, default_coalition)
        elif kind == "person":
            holders = _office_holders(doc, d, tok, named)
            if holders:               # "the presidents of Iran and Turkey": each state's office holder
                keep = True
                res, more = holders[0], holders[1:]
            elif plural:
                continue
            elif dets & {"the", "this", "that"}:
                keep = True
                c = state.country if state is not None else None
                res = _salient(chain, lambda m: m.kind == "person" and (c is None or m.country == c) and (
                    (m.title and low in m.title) or low in m.words or
                    (low in ("leader", "official") and m.agent is not None)),
                    set(), sent_start)
                if res is None:         # "the home secretary ... the home secretary, Sajid Javid"
                    res = titled.get(_title_key(doc, tok, s))
        if not keep:
            continue
        apposed = _apposed(tok, named)
        if apposed is not None and (kind != "person" or apposed.kind == "person"):
            res = apposed            # "the home secretary, Sajid Javid" / "Sajid Javid, the home secretary"
        if res is None:
            # "Iran-backed Shiite militias": a descriptive phrase with a proper modifier names the actor
            proper = any(t.text[:1].isupper() and t.i != tok.sent.start for t in doc[s:tok.i])
            name = None
            if proper and kind in ("armed", "fighters", "group", "force") and plural | bool(dets & DETS):
                name = doc[s:tok.i + 1].text
                name = re.sub(r"^(?:the|these|those|this|that)\s+", "", name, flags=re.I)
            m = _M(doc, s, tok.i + 1, name, kind="generic", words=mods)
            m.agent = {"armed": "REB", "fighters": "REB", "force": None}.get(kind) if name else None
            if name:
                chain.append(m)
        else:
            m = _M(doc, s, tok.i + 1, res.name, res.country, res.agent, res.kind, res.words, res.title)
            chain.append(m)
            for r in more:
                m2 = _M(doc, s, tok.i + 1, r.name, r.country, r.agent, r.kind, r.words, r.title)
                out.append(m2)
                chain.append(m2)
        out.append(m)
        skip.update(range(s, tok.i + 1))
    return out


GOV_OFFICES = {"president", "minister", "premier", "leader", "king", "emir", "chancellor"}


def _office_holders(doc, d, tok, named) -> list:
    """"The president(s) of X (and Y)": for each state, the person holding that office named in the document,
    else (for heads of government) the state's government."""
    head = tok.lemma_.lower()
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
            (m.title and head in m.title.lower()) or head in m.words)]
        before = [m for m in people if m.e <= tok.i]
        pick = before[-1] if before else (people[0] if people else None)
        if pick is None and head in GOV_OFFICES:
            g = d.get(d.government_of.get(st.country, ""))
            pick = _M.of(doc, tok.i, tok.i + 1, g) if g else None
        if pick is not None and all(p.name != pick.name for p in out):
            out.append(pick)
    return out


def _title_key(doc, head, s) -> str:
    return " ".join(t.lower_ for t in doc[s:head.i + 1] if t.dep_ not in ("det", "poss", "punct", "case"))


def _titled_people(doc, named) -> dict:
    """Titles that name one person anywhere in the document ("Home Secretary Sajid Javid", "Sajid Javid,
    the home secretary"): title words -> that person's mention; a title held by two people is dropped."""
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
                keys.add(_title_key(doc, h, _left_span(h, set())))
        for k in keys:
            if k in out and (out[k] is None or out[k].name != m.name):
                out[k] = None
            else:
                out.setdefault(k, m)
    return {k: v for k, v in out.items() if v is not None}


CIVIL_HEADS = {"civilians", "workers", "students", "protesters", "protestors", "demonstrators", "refugees",
               "migrants", "prisoners", "detainees", "villagers", "residents", "farmers", "journalists", "activists",
               "nationals", "citizens", "men", "women", "children", "families", "landowners", "pilgrims",
               "worshippers", "hostages", "tourists", "fishermen", "settlers", "traders", "doctors", "teachers"}
ARMED_GROUP_HEADS = (ARMED_HEADS | FIGHTER_HEADS) - {"caliphate", "insurgency", "militant", "jihadist", "extremist",
                                                     "insurgent", "terrorist", "fighter", "rebel"}


def _national_group(doc, d, tok, low, chain):
    """A state's demonym on a plural people noun ("Croatian extremists", "Iraqi civilians"): a group from that
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
    return _M(doc, adj.i, tok.i + 1, name, entry.country, agent, "group", {w.lower() for w in name.split()})


def _apposed(tok, named):
    """A named mention in apposition with the phrase headed by tok."""
    cands = [c for c in tok.children if c.dep_ == "appos"]
    if tok.dep_ == "appos":
        cands.append(tok.head)
    for c in tok.children:          # "the Kurdish militia known as the YPG"
        if c.dep_ == "acl" and c.lemma_ in ("know", "call", "name", "dub"):
            cands += [g for p in c.children if p.lower_ == "as" for g in p.children if g.dep_ == "pobj"]
    for c in cands:
        for m in named:
            if m.s <= c.i < m.e and m.name and m.flag != "mod":
                return m
    return None


def _generic_kind(low):
    if low in ARMED_HEADS:
        return "armed"
    if low in FIGHTER_HEADS:
        return "fighters"
    if low in GROUP_HEADS:
        return "group"
    if low in FORCE_HEADS:
        return "force"
    if low in STATE_HEADS:
        return "state"
    if low in GOV_HEADS:
        return "gov"
    if low in COALITION_HEADS:
        return "coalition"
    if low in PERSON_HEADS:
        return "person"
    return None


OBJECT_SIDE = {"dobj", "pobj", "prep", "poss", "compound", "amod", "nmod", "dative", "attr"}


COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}


def _count_of(tok) -> int:
    """"the three powers", "both countries", "the two nations": the number of states meant (0: none given)."""
    if tok.tag_ != "NNS":
        return 0
    for c in tok.lefts:
        n = COUNT_WORDS.get(c.lower_)
        if n and (c.lower_ == "both" or any(x.lower_ in ("the", "these", "those", "all") for x in tok.lefts)):
            return n
    return 0


def _recent_states(d, chain, n) -> list:
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
        out.append(m if m.kind == "country" else _state_mention(m, st))
        if len(out) == n:
            return out
    return []


def _state_mention(m, st):
    """A copy of mention m that names the state st."""
    x = _M.__new__(_M)
    x.s, x.e, x.cs, x.ce, x.text = m.s, m.e, m.cs, m.ce, m.text
    x.name, x.country, x.agent, x.kind = st.name, st.country, st.agent, st.kind
    x.words, x.title, x.flag, x.subj = _entry_words(st), None, "", 0
    return x


def _own_objects(tok, named) -> set:
    """Names in the objects of the clause a generic phrase is the subject of ("the fighters who defeated
    ISIS", "the militants attacked X"): the phrase does not mean them."""
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


def _opposing_subject(chain, tok) -> set:
    """Names of the subject of the verb whose object holds tok ("X are battling the group's fighters"):
    a generic phrase on the object side does not mean the clause's own subject."""
    t, path = tok, []
    for _ in range(5):
        if t.head is t or t.dep_ not in OBJECT_SIDE:
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
        if v.dep_ not in ("conj", "xcomp") or v.head is v:
            break
        v = v.head
    return set()


def _salient(chain, pred, mods, sent_start, limit=80):
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


def _salient_state(chain, sent_start):
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


def _last(chain, pred, mods, person_mods=None, limit=60):
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


def _pronoun(doc, tok, low, chain, genders=None):
    poss = tok.dep_ == "poss" or low in ("his", "its", "their")
    reflexive = low.endswith(("self", "selves"))
    # binding: a possessive or reflexive pronoun means its clause's subject ("X faces a fight over his
    # decision"); an object pronoun never means its own verb's subject ("X told him")
    binder = _clause_subject(tok, climb=low not in PERSON_PRONOUNS) if (poss or reflexive) else None
    exclude = _coargument_subject(tok) if not (poss or reflexive) else None
    exclude = exclude or _directive_subject(tok)
    if exclude:
        chain = [m for m in chain if not (exclude[0] <= m.s <= exclude[1])]
    if low in PERSON_PRONOUNS:
        g = "m" if low in MALE_PRONOUNS else "f"
        genders = {} if genders is None else genders
        speakers = _quote_speakers(doc, tok)
        if speakers:                  # "“He gives his name as ...,” X said": he/his is not the speaker X
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
        return _by_role(doc, tok, chain, fits) or _last(chain, fits, set())
    if low in PLURAL_PRONOUNS:
        def group(m):
            return m.kind not in ("person", "gpe", "country") and m.flag != "loc" and \
                (m.agent is not None or m.kind in ("norp", "generic"))
        bound = _mention_at(binder, chain, tok, lambda m: m.flag != "loc" and (
            group(m) or len(_conjuncts(doc, m, chain)) > 1))
        if bound is not None:
            return bound
        def plural(m):                # a group, or states/people named together ("Russia and Iran")
            return group(m) or m.flag != "loc" and m.kind in ("country", "person") and m.subj == 2 and \
                len(_conjuncts(doc, m, chain)) > 1
        res = _by_role(doc, tok, chain, plural) or \
            _last(chain, lambda m: m.kind not in ("person", "gpe", "country") and m.flag != "loc", set(),
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
        return _by_role(doc, tok, chain, thing) or _last(chain, thing, set(), limit=15)
    return None


RELATIVE = {"who", "which", "that", "whom"}
PEOPLE_NOUNS = {"parents", "delegates", "delegations", "officials", "members", "relatives", "people", "victims",
                "survivors", "opponents", "critics", "analysts", "experts", "diplomats", "lawmakers", "voters",
                "supporters", "governments", "countries", "nations", "allies", "partners", "powers", "states",
                "leaders", "ministers", "politicians", "negotiators", "mediators", "observers", "inspectors",
                "investigators", "officers", "guards", "police", "locals", "neighbours", "neighbors", "friends",
                "sons", "daughters", "brothers", "sisters", "wives", "husbands", "mothers", "fathers", "girls",
                "boys", "youths", "adults", "patients", "doctors", "nurses", "aid workers", "volunteers",
                "recruits", "returnees", "suspects", "defendants", "lawyers", "judges", "companies", "agencies",
                "organisations", "organizations", "groups", "parties", "factions", "sides"}


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
        if t.ent_type_ or any(a <= t.i < b for a, b in spans) or _generic_kind(t.lower_) is not None:
            continue                  # (an actor word, "soldiers", "militants", is the generic resolver's)
        return True
    return False


def _clause_verb(tok):
    v = tok.head
    for _ in range(6):
        if v.pos_ in ("VERB", "AUX") or v.head is v:
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
            if not climb or v.dep_ not in ("ccomp", "advcl", "conj") or v.head is v:
                return None
        elif v.dep_ not in ("xcomp", "conj") or v.head is v:
            return None
        v = v.head
    return None


SPEECH_LEMMAS = {"say", "tell", "add", "write", "explain", "remark", "insist", "argue", "claim", "warn", "note"}
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


DIRECTIVE_VERBS = {"order", "demand", "urge", "ask", "request", "insist", "command", "instruct", "direct", "decree",
                   "require", "recommend", "propose"}


def _directive_subject(tok):
    """(first, last) token of the subject of an order-type verb whose "that" clause holds tok ("X ordered that
    her citizenship be revoked"): the one ordered about is someone else."""
    v = _clause_verb(tok)
    if v is None or v.dep_ != "ccomp" or v.head.lemma_ not in DIRECTIVE_VERBS:
        return None
    subj = [c for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj or subj[0].lower_ in RELATIVE:
        return None
    return subj[0].left_edge.i, subj[0].right_edge.i


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
    for _ in range(3):                # "X should take back the fighters and put them on trial": X's verb too
        if subj or v.dep_ not in ("conj", "xcomp") or v.head is v:
            break
        v = v.head
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj or subj[0].lower_ in RELATIVE:
        return None
    return subj[0].left_edge.i, subj[0].right_edge.i


class _Bound(Exception):
    """The pronoun is bound to a phrase that names nobody known ("the home secretary, who ... his")."""


def _mention_at(t, chain, tok, pred):
    """The latest mention in the chain over token t (before tok) that satisfies pred."""
    if t is None:
        return None
    for m in reversed(chain):
        if m.s <= t.i < m.e and m.e <= tok.i:
            if m.name is None and m.kind == "generic":
                raise _Bound()
            if m.name and pred(m):
                return m
    return None


def _conjuncts(doc, m, chain) -> list:
    """The mention m and the mentions coordinated with it ("the US and Russia"), in text order."""
    root = doc[m.s:m.e].root
    top = root
    while top.dep_ == "conj" and top.head is not top:
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
    """"France said it would ...": the subject of the verb that governs the pronoun's clause."""
    v = tok.head
    while v.dep_ in ("ccomp", "xcomp", "conj", "advcl") and v.head.i != v.i:
        v = v.head
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]
        for c in subj:
            for m in reversed(cands):
                if m.s <= c.i < m.e and m.e <= tok.i:
                    return m
    return None


def _genders(doc, named) -> dict:
    """Gender of people where the text says it: a title or an apposition ("Mrs", "spokeswoman", "his wife")."""
    out = {}
    for m in named:
        if m.kind != "person" or m.name in out:
            continue
        words = set((m.title or "").lower().split())
        head = doc[m.s:m.e].root
        for c in list(head.children) + ([head.head] if head.dep_ == "appos" else []):
            if c.dep_ == "appos" or c is head.head:
                words.add(c.lemma_.lower())
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


def in_span(ctx, start: int, end: int) -> list:
    """Actor mentions (resolved Entities) whose span lies inside [start, end), in text order."""
    return [m for m in ctx.actors if m.span and start <= m.span[0] and m.span[1] <= end]
