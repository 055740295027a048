"""Actor mentions under construction: reads a Doc span and a dictionary entry -> writes a Mention (token
span, character span, resolved name, country, agent, kind, words), which becomes a records.Entity."""
from __future__ import annotations

from ..parse_helpers import doc_text
from ..records import Entity


class Mention:
    """A mention under construction (token span + resolution)."""
    __slots__ = ("s", "e", "text", "name", "country", "agent", "kind", "words", "title", "cs", "ce", "flag", "subj")

    def __init__(self, doc, s, e, name, country=None, agent=None, kind="org", words=None, title=None,
                 cs=None, ce=None):
        self.s, self.e = s, e
        self.cs = doc[s].idx if cs is None else cs
        self.ce = (doc[e - 1].idx + len(doc[e - 1].text)) if ce is None else ce
        self.text = doc_text(doc)[self.cs:self.ce]
        self.name, self.country, self.agent, self.kind = name, country, agent, kind
        self.words = words or set()
        self.title = title
        self.flag = ""             # "mod": "US-led" (modifies a noun); "loc": "in Syria" (a place)
        self.subj = 0              # 2: subject of a main clause, 1: of another clause

    @classmethod
    def of(cls, doc, s, e, entry, **kw):
        return cls(doc, s, e, entry.name, entry.country, entry.agent, entry.kind, entry_words(entry), **kw)

    def entity(self) -> Entity:
        return Entity(text=self.text, name=self.name, country=self.country, agent=self.agent,
                      span=[self.cs, self.ce])


_WORDS_CACHE: dict = {}


def entry_words(entry) -> set:
    key = (entry.name, entry.description, len(entry.aliases), len(entry.adjectives))  # an entry given more aliases
    w = _WORDS_CACHE.get(key)                                                        # is a new key
    if w is None:
        w = entry.words()
        for a in entry.adjectives:
            w.add(a.lower())
        _WORDS_CACHE[key] = w
    return w


def state_mention(m, st):
    """A copy of mention m that names the state st."""
    x = Mention.__new__(Mention)
    x.s, x.e, x.cs, x.ce, x.text = m.s, m.e, m.cs, m.ce, m.text
    x.name, x.country, x.agent, x.kind = st.name, st.country, st.agent, st.kind
    x.words, x.title, x.flag, x.subj = entry_words(st), None, "", 0
    return x
