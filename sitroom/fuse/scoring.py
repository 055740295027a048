"""How likely two candidate mentions report the same incident: a weighted sum of evidence, about 0 for
unrelated mentions and 1 or more for two reports of one incident.

- sentence similarity: cosine of the sentences' content words (binary weights, a fixed stop list in
  lexicon/fusion_stopwords.tsv; no corpus statistics, so a pair scores the same whatever the store holds);
- trigger: the same trigger stem counts for. The capitalised words of the sentences (names, places) count once,
  as content words of the sentence similarity: counted again on their own they weighed a story's recurring names
  three times (words, these words, participants), which held every event of a story that names the same group
  and town together whatever each one did;
- participants: overlap of actor and recipient names (disjoint named participants count against; a vague
  description, "the two men", "gunmen", is no name: it neither matches nor clashes);
- figures: the same killed / injured figure counts for (different figures do not count against: reports of
  one incident disagree on tolls all the time);
- date: the same exact day counts for, two different exact days against; only a day the mention's own sentence
  states (a day the reader carried from an earlier sentence bounds blocking but is no evidence: measured on the
  fusion dev gold, counted as evidence it dropped link F1 0.580 -> 0.549, merging a story's background into the
  day's incident);
- place: the same or a near place counts for, places far apart or in different countries against; a country
  holds its places, so a place and the country it lies in count for, a little (an event the text does not
  place takes its document's main place, compared by country only);
- document: two mentions of one sentence, or of neighbouring events of one document, count for; so does a
  later mention that refers back ("the capture", "their arrest") to an earlier one of the same trigger or
  action in its document;
- story: two documents that name the same places and actors tell the same story (counts for their mentions),
  two that share none tell different ones (counts against);
- action: two triggers the trigger lexicon gives the same PLOVER mode (capture / abduct) count for, two it
  gives different modes (capture / behead) count against: one incident is one action;
- type: the same PLOVER type counts for (candidates are already of one family).
"""
from __future__ import annotations

import math
from functools import lru_cache

W_TEXT = 1.0
W_TYPE = 0.3
W_TRIGGER = 0.2
W_NAMES = 0.35
W_NAMES_CLASH = 0.1
W_FIGURE = 0.25
W_DAY = 0.2
W_DAY_CLASH = 0.4
W_NEAR = 0.15
W_FAR = 0.15
W_STORY = 0.5
W_STORY_APART = 0.3
W_COUNTRY = 0.05     # weak: geocoding often puts reports of one incident in neighbouring countries
W_ADJACENT = 0.15
W_SAME_SENTENCE = 0.2
W_ACTION = 0.2
W_ACTION_CLASH = 0.3
W_ANAPHORA = 0.5   # a definite reference back ("the capture") to the same action: a link by itself

NEAR_KM, FAR_KM = 40.0, 200.0


def cosine(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def km(a, b) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def place_score(a, b) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return 0.0
    if a.country and b.country and a.country != b.country:
        return -W_COUNTRY
    if a.country_level or b.country_level or a.place_inferred or b.place_inferred:
        # a country (or a document's main place) contains the places of that country: as near as it can say
        return W_COUNTRY if a.country and a.country == b.country else 0.0
    d = km(a, b)
    if d <= NEAR_KM:
        return W_NEAR
    return -W_FAR if d > FAR_KM else 0.0


@lru_cache(maxsize=65536)
def story_score(x: frozenset, y: frozenset) -> float:
    """Evidence from two documents' places and actors (the same pair of documents comes back often)."""
    shared = len(x & y)
    return W_STORY * shared / len(x | y) if shared else -W_STORY_APART


def score(a, b) -> float:
    """The evidence that mentions a and b report one incident (symmetric)."""
    s = W_TEXT * cosine(a.words, b.words)
    if a.event_type == b.event_type:
        s += W_TYPE
    if a.trigger and a.trigger == b.trigger:
        s += W_TRIGGER
    elif a.action and a.action == b.action:
        s += W_ACTION
    elif a.action and b.action:
        s -= W_ACTION_CLASH
    if a.names and b.names:
        shared = len(a.names & b.names)
        s += W_NAMES * shared / len(a.names | b.names) if shared else -W_NAMES_CLASH
    if a.killed is not None and a.killed == b.killed:
        s += W_FIGURE
    if a.injured is not None and a.injured == b.injured:
        s += W_FIGURE
    if a.day is not None and b.day is not None:
        s += W_DAY if a.day == b.day else -W_DAY_CLASH
    s += place_score(a, b)
    if a.doc_id != b.doc_id:
        if a.story and b.story:
            s += story_score(a.story, b.story)
    else:
        if a.span_start is not None and a.span_start == b.span_start:
            s += W_SAME_SENTENCE
        elif abs(a.idx - b.idx) <= 2:
            s += W_ADJACENT
        later = a if a.idx > b.idx else b
        if later.anaphoric and ((a.trigger and a.trigger == b.trigger) or (a.action and a.action == b.action)):
            s += W_ANAPHORA
    return s
