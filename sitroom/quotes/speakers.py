"""speakers: who a quote belongs to. Reads the parse, doc.ents and ctx.actors -> Speaker records.

`SpeakerResolver(doc, ctx, in_quote)` is built once per document; `resolve(head)` turns the head
token of a speaker phrase ("Maj. Lena Brandt, a spokeswoman for the mission", "Brandt", "he",
"Kenyan commanders") into a Speaker with the full name, title and affiliation where the text
gives them. Pronouns and "the spokesman"-like phrases are resolved to the last fitting speaker
or person mentioned before them.
"""
from __future__ import annotations

import re
from typing import Optional

from ..records import Speaker
from .. import lexicon
from ..parse_helpers import lemma

# Honorifics and ranks that precede names; they are part of the title, not of the name.
HONORIFICS = lexicon.words("speaker_honorifics")
FEMALE_HONORIFICS = lexicon.words("speaker_female_honorifics")
MALE_HONORIFICS = lexicon.words("speaker_male_honorifics")
SUBJ = ("nsubj", "nsubjpass")
# Speakers that stand for their organisation: "a spokesman for the agency" speaks for the agency.
PROXY_HEADS = lexicon.words("speaker_proxy_heads")
# Documents: a statement speaks for whoever issued it ("a statement saying …" made by someone, too).
DOC_NOUNS = lexicon.words("document_nouns")
COUNTRY_ALIASES = lexicon.mapping("speaker_country_aliases")
# Common nouns for a single person: a speaker so described can be "he" or "she" later.
HUMAN_NOUNS = lexicon.words("speaker_human_nouns")
FEMALE_NOUNS = lexicon.words("speaker_female_nouns")
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "it", "we", "them"})
# Phrase parts that are not part of a speaker's noun phrase.
_CUT_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "advmod", "npadvmod"})
_TITLE_SPLIT = re.compile(r"\b(?:for|of|at|with|from)\s+(?:the\s+)?(.+)$", re.I)
_POSS = re.compile(r"(?:’s|'s|’|')$")
_ARTICLE = re.compile(r"^(?:the|a|an|this|that|these|those)\s+", re.I)


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:—–-")
    return _POSS.sub("", text) if text else text


class SpeakerResolver:
    """Per-document speaker resolution: names, surnames, pronouns and recent speakers."""

    def __init__(self, doc, ctx, in_quote):
        self.doc = doc
        self.in_quote = in_quote  # list[int]: quote index per token, -1 outside quotes
        self.history: list = []   # (char position, Speaker, is_person, gender)
        self.persons: list = []   # (char position, full name) of person mentions outside quotes
        self.full: dict = {}      # surname / single name (lower) -> full name
        self.gender: dict = {}    # full name -> "m"/"f"
        self._person_tokens = {}
        names = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            toks = [t for t in ent if t.text.lower() not in HONORIFICS and not t.is_punct]
            toks = [t for t in toks if not _POSS.fullmatch(t.text)]
            if not toks:
                continue
            name = _clean(" ".join(t.text for t in toks))
            for t in ent:
                self._person_tokens[t.i] = ent
            if len(toks) >= 2:
                names.append(name)
            prev = doc[ent.start - 1] if ent.start > 0 else None
            if prev is not None and prev.text.lower() in FEMALE_HONORIFICS:
                self.gender.setdefault(name, "f")
            elif prev is not None and prev.text.lower() in MALE_HONORIFICS:
                self.gender.setdefault(name, "m")
        # single actor mentions from ctx.actors that carry a longer resolved name
        for m in getattr(ctx, "actors", None) or []:
            if m.name and m.text and m.name != m.text and len(m.name.split()) >= 2:
                self.full.setdefault(m.text.lower(), m.name)
        for name in names:
            parts = name.split()
            self.full.setdefault(parts[-1].lower(), name)
            self.full.setdefault(name.lower(), name)
            if len(parts) >= 3:  # "von der Leyen", "al-Sadr", "de la Cruz"
                self.full.setdefault(" ".join(parts[-2:]).lower(), name)
                self.full.setdefault(" ".join(parts[1:]).lower(), name)
        for ent in doc.ents:
            if ent.label_ == "PERSON" and ent.start < len(in_quote) and in_quote[ent.start] < 0:
                root = ent.root
                if not all(t.pos_ == "PROPN" or t.is_punct for t in ent):
                    continue
                if root.dep_ in SUBJ or (root.dep_ in ("appos", "compound") and root.head.dep_ in SUBJ):
                    self.persons.append((ent.start_char, self.full_name(ent.text)))
        # a surname the model did not tag as a person ("Weber arrived …"), known from a person's full name
        full_names = set(names)
        for t in doc:
            if t.dep_ in SUBJ and t.pos_ == "PROPN" and t.i not in self._person_tokens and in_quote[t.i] < 0 \
                    and t.ent_type_ not in ("GPE", "NORP", "LOC") and self.full.get(t.text.lower()) in full_names:
                self.persons.append((t.idx, self.full[t.text.lower()]))
        self.persons.sort()
        # canonical names the actors stage gives to mentions (span start -> name)
        self.actor_names = {}
        for m in getattr(ctx, "actors", None) or []:
            if m.span and m.name:
                self.actor_names[m.span[0]] = m.name

    # -- names -------------------------------------------------------------------------------
    def full_name(self, text: str) -> str:
        toks = [t for t in text.split() if t.lower() not in HONORIFICS]
        name = _clean(" ".join(toks)) or _clean(text)
        key = name.lower()
        if key in self.full:
            return self.full[key]
        last = key.split()[-1] if key else key
        if len(key.split()) == 1 and last in self.full:
            return self.full[last]
        return name

    def _is_person_token(self, t) -> bool:
        if t.i in self._person_tokens:
            return True
        if t.pos_ == "PROPN" and t.text.lower() in self.full:
            return True
        return False

    # -- phrases -----------------------------------------------------------------------------
    def phrase(self, head):
        """Token range [start, end) of the speaker noun phrase headed by `head`, appositions included."""
        doc = self.doc
        keep = {head.i}
        stack = [head]
        while stack:
            t = stack.pop()
            for c in t.children:
                if c.dep_ in _CUT_DEPS or self.in_quote[c.i] >= 0:
                    continue
                if c.dep_ == "prep" and c.lower_ not in ("for", "of", "at", "with", "from", "in", "to"):
                    continue
                keep.add(c.i)
                stack.append(c)
        start = min(keep)
        end = max(keep) + 1
        # keep it contiguous around the head: stop at gaps
        s = head.i
        while s - 1 >= start and (s - 1) in keep:
            s -= 1
        e = head.i + 1
        while e < end and e in keep:
            e += 1
        while e > s + 1 and (doc[e - 1].is_punct or doc[e - 1].is_space):
            e -= 1
        while s < e - 1 and (doc[s].is_punct or doc[s].is_space):
            s += 1
        return s, e

    # -- resolution --------------------------------------------------------------------------
    def resolve(self, head) -> Optional[Speaker]:
        doc = self.doc
        low = head.lower_
        span = [head.idx, head.idx + len(head.text)]
        if low in PERSON_PRONOUNS or low in GROUP_PRONOUNS or low in ("i", "me", "you"):
            if low in PERSON_PRONOUNS:
                found = self._last_person(head.idx, "f" if low in ("she", "her") else "m") or \
                    self._coref(head)
            elif low in ("i", "me", "you"):
                return None
            else:
                found = self._last_group(head.idx) or self._coref(head)
            if found is None:
                return Speaker(text=head.text, name=None, span=span)
            return Speaker(text=head.text, name=found.name, title=found.title,
                           affiliation=found.affiliation, span=span)
        s, e = self.phrase(head)
        ph = doc[s:e]
        text = _clean(ph.text)
        persons = self._persons_in(s, e, head)
        title = affiliation = None
        if persons:
            persons = self._main_persons(persons, head)
            names = [self.full_name(p.text) for p in persons]
            name = " and ".join(dict.fromkeys(names))
            title, affiliation = self._title(s, e, persons, head)
            return Speaker(text=text, name=name, title=title, affiliation=affiliation,
                           span=[ph.start_char, ph.end_char])
        # "the spokesman", "the man": a definite description of a speaker met before
        core = self._core(head)
        if head.pos_ == "NOUN" and head.i > 0 and any(c.lower_ in ("the", "this", "that") for c in head.lefts):
            for _, sp, _, _ in reversed(self.history):
                hay = " ".join(x for x in (sp.text, sp.title or "") if x).lower()
                if re.search(r"\b" + re.escape(head.lower_) + r"\b", hay):
                    return Speaker(text=text, name=sp.name, title=sp.title, affiliation=sp.affiliation,
                                   span=[ph.start_char, ph.end_char])
        if e - s > 1:
            title, affiliation = self._title(s, e, [], head)
        if lemma(head) in PROXY_HEADS:
            org = self._proxy_org(head)
            if org:
                core = org
            elif lemma(head) in DOC_NOUNS:
                maker = self._document_maker(head)
                if maker is not None and maker.name:
                    return Speaker(text=text, name=maker.name, title=maker.title, affiliation=maker.affiliation,
                                   span=[ph.start_char, ph.end_char])
        return Speaker(text=text, name=core, title=title, affiliation=affiliation,
                       span=[ph.start_char, ph.end_char])

    def _document_maker(self, head, depth=0) -> Optional[Speaker]:
        """Who issued the document a speaker phrase names: "a statement by X", "a report published by X",
        "X's statement"; for "the statement", the one who issued the statement mentioned before ("X issued a
        statement on Monday. … the statement said", "X said in a statement …")."""
        doc = self.doc
        for c in head.children:
            if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN") and self.in_quote[c.i] < 0:
                return self.resolve(c)
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                obj = next((x for x in c.children if x.dep_ == "pobj"), None)
                if obj is not None and self.in_quote[obj.i] < 0:
                    return self.resolve(obj)
            if c.dep_ == "acl":
                for a in c.children:
                    obj = next((x for x in a.children if x.dep_ == "pobj"), None) if a.dep_ == "agent" else None
                    if obj is not None and self.in_quote[obj.i] < 0:
                        return self.resolve(obj)
        if depth or not any(c.lower_ in ("the", "this", "that") for c in head.lefts):
            return None
        lo = head.sent.start
        for _ in range(3):
            if lo > 0:
                lo = doc[lo - 1].sent.start
        key = lemma(head)
        for i in range(head.i - 1, lo - 1, -1):
            t = doc[i]
            if self.in_quote[i] >= 0 or lemma(t) != key or t.pos_ != "NOUN":
                continue
            verb = t.head if t.dep_ == "dobj" else \
                t.head.head if t.dep_ == "pobj" and t.head.lower_ == "in" else None   # "X said in a statement"
            if verb is not None:
                subj = next((x for x in verb.children if x.dep_ in SUBJ and self.in_quote[x.i] < 0), None)
                if subj is not None:
                    return self.resolve(subj)
            return self._document_maker(t, depth + 1)
        return None

    def _proxy_org(self, head) -> Optional[str]:
        """The organisation a spokesman or statement speaks for: "for the UN", "for the agency"."""
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "from"):
                obj = next((x for x in c.children if x.dep_ == "pobj"), None)
                if obj is None:
                    continue
                if obj.ent_type_ in ("ORG", "GPE", "NORP"):
                    return self._core(obj)
                # "the agency": the organisation of that kind named before
                key = obj.lower_
                for ent in reversed([x for x in self.doc.ents if x.label_ == "ORG" and x.end <= head.i]):
                    if any(t.lower_ == key for t in ent):
                        return _ARTICLE.sub("", _clean(ent.text))
                return self._core(obj)
        for c in head.lefts:  # "a Defence Ministry spokesperson"
            if c.dep_ in ("compound", "nmod") and c.ent_type_ in ("ORG",):
                return None
        return None

    def _persons_in(self, s, e, head) -> list:
        """Person names inside the phrase: entities, or proper nouns known as people."""
        out, seen = [], set()
        for i in range(s, e):
            t = self.doc[i]
            if i in seen or self.in_quote[i] >= 0:
                continue
            ent = self._person_tokens.get(i)
            if ent is not None:
                seen.update(range(ent.start, ent.end))
                out.append(ent)
            elif t.pos_ == "PROPN" and t.text.lower() in self.full and t.ent_type_ not in ("GPE", "NORP"):
                # "Brandt" tagged ORG by the small model, but known as a person's surname
                j = i
                while j + 1 < e and self.doc[j + 1].pos_ == "PROPN" and self.doc[j + 1].ent_type_ == t.ent_type_:
                    j += 1
                seen.update(range(i, j + 1))
                out.append(self.doc[i:j + 1])
        if not out and head.pos_ == "PROPN" and head.ent_type_ in ("", "ORG") and head.text[:1].isupper():
            # a bare name the model did not tag as PERSON: accept it when it heads "X said"
            k = head.i
            while k - 1 >= s and self.doc[k - 1].dep_ in ("compound", "flat") and self.doc[k - 1].pos_ == "PROPN":
                k -= 1
            cand = self.doc[k:head.i + 1]
            if cand.text.lower() in self.full or (len(cand) >= 2 and head.ent_type_ == "" and all(
                    x.text[:1].isupper() for x in cand)):
                out.append(cand)
        return out

    @staticmethod
    def _main_persons(persons, head) -> list:
        """The person the phrase is about (the head, its apposition, else the first), with people
        coordinated with it ("John Smith and Jane Doe"); names inside modifiers are dropped."""
        def has(p, t):
            return p.start <= t.i < p.end
        main = next((p for p in persons if has(p, head)), None)
        if main is None:
            main = next((p for p in persons if p.root.dep_ == "appos" and p.root.head.i == head.i), None)
        if main is None:
            main = persons[0]
        out = [main]
        for p in persons:
            if p is not main and p.root.dep_ == "conj" and any(has(q, p.root.head) for q in out):
                out.append(p)
        return out

    def _core(self, head) -> str:
        """An organisation or group's name: the noun phrase's head with its modifiers, no article."""
        doc = self.doc
        ent = None
        if head.ent_type_ in ("ORG", "GPE", "NORP", "FAC"):
            for x in doc.ents:
                if x.start <= head.i < x.end:
                    ent = x
                    break
        if ent is not None and ent.label_ in ("ORG", "GPE", "FAC"):
            name = self.actor_names.get(ent.start_char)
            if name and name != ent.text:
                return name
            name = _ARTICLE.sub("", _clean(ent.text))
            return COUNTRY_ALIASES.get(name.lower(), name) if ent.label_ == "GPE" else name
        s = head.i
        for c in head.lefts:
            if c.dep_ in ("compound", "amod", "nmod", "nummod", "poss") and self.in_quote[c.i] < 0:
                s = min(s, c.left_edge.i)
        e = head.i + 1
        for c in head.rights:  # "local officials in the province" keeps its prepositional phrase
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "in") and self.in_quote[c.i] < 0:
                e = max(e, c.right_edge.i + 1)
                break
        return _ARTICLE.sub("", _clean(doc[s:e].text))

    def _title(self, s, e, persons, head):
        """Title and affiliation from the phrase outside the person's name(s)."""
        doc = self.doc
        inside = set()
        for p in persons:
            inside.update(range(p.start, p.end))
        parts, cur = [], []
        for i in range(s, e):
            t = doc[i]
            if i in inside or t.dep_ == "cc" or t.lower_ in ("and",):
                if cur:
                    parts.append(cur)
                    cur = []
                continue
            if t.is_punct and t.text in ",;()":
                if cur:
                    parts.append(cur)
                    cur = []
                continue
            cur.append(t)
        if cur:
            parts.append(cur)
        texts = []
        for p in parts:
            txt = _ARTICLE.sub("", _clean("".join(t.text_with_ws for t in p).strip()))
            if txt and any(t.is_alpha for t in p):
                texts.append(txt)
        if not texts:
            return None, None
        title = max(texts, key=len)
        affiliation = None
        m = _TITLE_SPLIT.search(title)
        if m:
            affiliation = _ARTICLE.sub("", m.group(1)).strip() or None
        else:
            for p in parts:
                for t in p:
                    if t.dep_ == "poss" and t.ent_type_ in ("ORG", "GPE", "NORP"):
                        affiliation = _clean(t.text)
                        break
        title = " ".join(w for w in title.split() if w.lower().strip(".") not in ("former",)) or title
        return title, affiliation

    def _last_person(self, pos: int, gender: str):
        """The last speaker who is a person, unless a person is named as a subject after that speaker: the
        later subject takes over, however far back the speaker was ("Ruiz said … Weber arrived on Monday
        … he said")."""
        best = None
        for p, sp, is_person, g in reversed(self.history):
            if p < pos and is_person and (g is None or g == gender):
                best = (p, sp)
                break
        for p, name in reversed(self.persons):
            if p >= pos or self.gender.get(name, gender) != gender:
                continue
            if best is None or (p > best[0] and name != best[1].name):
                best = (p, self._speaker_named(name))
            break
        return best[1] if best else None

    def _coref(self, head):
        """Who the actors stage resolved this pronoun to ("Norway said it would …")."""
        name = self.actor_names.get(head.idx)
        return Speaker(text=head.text, name=name) if name else None

    def person_between(self, start: int, end: int) -> Optional[Speaker]:
        """The last person named as a subject between two character positions, or None."""
        for p, name in reversed(self.persons):
            if start <= p < end:
                return self._speaker_named(name)
        return None

    def _speaker_named(self, name: str) -> Speaker:
        """The last speaker of that name (with the title and affiliation they were given), else a bare one."""
        return next((h[1] for h in reversed(self.history) if h[1].name == name), None) or Speaker(text=name, name=name)

    def _last_group(self, pos: int):
        for p, sp, is_person, _ in reversed(self.history):
            if p < pos and not is_person and sp.name:
                return sp
        return None

    def remember(self, pos: int, speaker: Speaker, head) -> None:
        """Record a resolved speaker so later pronouns and descriptions can refer to it."""
        if speaker is None or not speaker.name:
            return
        if head.pos_ == "PRON" or head.lower_ in PERSON_PRONOUNS or head.lower_ in GROUP_PRONOUNS:
            is_person = head.lower_ in PERSON_PRONOUNS
        else:
            is_person = bool(self._persons_in(*self.phrase(head), head)) or lemma(head) in HUMAN_NOUNS
        g = None
        if head.lower_ in ("she", "her") or lemma(head) in FEMALE_NOUNS:
            g = "f"
        elif head.lower_ in ("he", "him"):
            g = "m"
        g = self.gender.get(speaker.name, g)
        if g and speaker.name:
            self.gender.setdefault(speaker.name, g)
        self.history.append((pos, speaker, is_person, g))
