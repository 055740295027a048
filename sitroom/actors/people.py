"""People: reads NER entities, the named Mentions so far and the actor dictionary -> writes person Mentions
(full names, later surnames resolved to the full name, dictionary people) with title, agent and
affiliation ("Iraqi Prime Minister X": IRQ, GOV)."""
from __future__ import annotations

import re

from .mention import Mention
from .. import lexicon

TITLES = lexicon.mapping("person_titles")
_TITLE_WORDS = {w for t in TITLES for w in t.split()}

NAME_PARTICLES = lexicon.words("name_particles")


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


def people_mentions(doc, d, named, covered) -> list:
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
            m = Mention.of(doc, s, e, entry, title=title)
            m.country = m.country or country
        elif key in people_entries:
            name, country, agent, title0 = people_entries[key]
            title, c2, a2 = describe(s, e)
            m = Mention(doc, s, e, name, country or c2, agent or a2, "person", title=title or title0)
        elif ent.label_ == "PERSON":
            title, country, agent = describe(s, e)
            m = Mention(doc, s, e, text, country, agent, "person", title=title)
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
        out.append(Mention(doc, tok.i, tok.i + 1, name, country, agent, "person", title=title))
    return out
