"""event_place: the Place an event takes (spec/annotation.md rule 5), chosen among the places the places stage
found (ctx.places, with how the sentence uses each name: ctx.place_use(p), a reading.PlaceUse).

`for_event` is called by the events stage once per event; see its docstring for the rules.
"""
from __future__ import annotations

import re
from typing import Optional

from ..records import Place
from ..places import _SPECIFIC, _SPEECH_WORDS, _WAR_NOUNS, gz
from .. import lexicon
from ..parse_helpers import lemma

_PREP_RANK = lexicon.mapping("event_place_prep_rank", cast=lexicon.number)
_ROLE_RANK = {"loc": 2, "other": 1, "subj": 0, "mod": -1, "demonym": -9}


def _on_event(ctx, p: Place, trigger_start: int) -> bool:
    """The name hangs on the event's own word or on a word naming an occurrence: 'the Halabja attack',
    "Syria's civil war", 'besieging Idlib'."""
    role = ctx.place_use(p).role
    if role not in ("mod", "other"):
        return False
    if p.feature == "PCLI" and ctx.place_use(p).head_word not in _WAR_NOUNS:
        return False  # 'US strikes', 'a Russian offensive': a country on an act is its actor
    return ctx.place_use(p).head == trigger_start or (role == "mod" and ctx.place_use(p).event_noun)


def _event_rank(ctx, p: Place, trigger_start: int):
    role = ctx.place_use(p).role
    prep = ctx.place_use(p).prep
    rank = _ROLE_RANK.get(role, 1)
    if role == "loc" and prep == "of" and ctx.place_use(p).gov in _OCCURRENCE_LEMMAS:
        prep = "in"  # "the invasion of Afghanistan", "the siege of Aleppo": the place it befell
        if 0 < (ctx.place_use(p).head or -1) - trigger_start < 25:
            rank = 3  # ... and the event is that very invasion
    elif role == "loc" and _PREP_RANK.get(prep, 0) <= 1:
        rank = 1  # "from Glasgow", "to Europe": an origin or a goal, not where it happened
    if _on_event(ctx, p, trigger_start):
        rank, prep, role = 2, "in", "loc"
        if ctx.place_use(p).head == trigger_start or 0 <= p.span[0] - trigger_start <= 4:
            rank = 3  # on the event's own word: 'the Halabja attack' is that attack's place
    spec = _SPECIFIC.get(p.feature or "", 2)
    if p.feature in ("RGN", "PEN") and p.country:
        spec = 3.5  # a region inside a country (Darfur, the West Bank) is finer than the country
    return (rank, 1 if p.name else 0, spec, _PREP_RANK.get(prep, 0) if role == "loc" else 0,
            -abs(p.span[0] - trigger_start))


_OCCURRENCE_LEMMAS = lexicon.words("event_place_occurrence_lemmas")
_VERBAL_TYPES = {"ACCUSE", "AGREE", "REJECT", "REQUEST", "SUPPORT", "THREATEN", "CONCEDE", "CONSULT",
                 "DISAPPROVE", "APPEAL"}
_GOAL_PREPS = {"to", "into", "toward", "towards"}


def _speech_place(ctx, places: list):
    """Of the places given, the one where a statement or a meeting happened: 'said in Ankara', 'at a press
    briefing in Baghdad', 'speaking at a summit in Doha'."""
    for p in places:
        if p.name and ctx.place_use(p).role == "loc" and (
                ctx.place_use(p).prep in ("in", "at") and ctx.place_use(p).gov in _SPEECH_WORDS
                or ctx.place_use(p).prep == "from" and ctx.place_use(p).gov in ("speak", "speaking", "talk")):
            return p
    return None


_OCCASION_WORDS = _SPEECH_WORDS | {"arrive", "host", "gather", "meet", "visit", "hold"}


def _occasion_place(ctx, sent_start: int):
    """Where the document says its statements or meetings happen ('the king hosted them in Amman', 'said in
    Ankara'): the last such place before the sentence, else the first one after it; None if there is none."""
    before = after = None
    for p in ctx.places:
        if p.span and p.name and ctx.place_use(p).role == "loc" and ctx.place_use(p).prep in ("in", "at") \
                and ctx.place_use(p).gov in _OCCASION_WORDS:
            if p.span[0] < sent_start:
                before = p
            elif after is None:
                after = p
    return before or after


def for_event(ctx, sent_start: int, sent_end: int, trigger_start: int, event_type: Optional[str] = None):
    """The Place an event in the sentence [sent_start, sent_end) takes (spec/annotation.md rule 5):
    the place the sentence gives for it -- a name introduced by in/near/at ... before a subject or a
    modifier ('US troops'), the more specific before the wider, the nearer the trigger before the farther --
    or None when the sentence names no place. Demonyms ('Iraqi forces') never give the location.
    With `event_type` (PLOVER): a statement or a meeting takes the place where it was made when the sentence
    says so ('said in Ankara'); a MOBILIZE takes where the forces are sent ('deployed to X')."""
    inside = [p for p in ctx.places if p.span and sent_start <= p.span[0] < sent_end
              and ctx.place_use(p).role != "demonym" and not _is_demonym(p)
              and (p.name or ctx.place_use(p).role == "loc")]
    if event_type in _VERBAL_TYPES:
        said = _speech_place(ctx, inside) or (None if inside else _occasion_place(ctx, sent_start))
        if said is not None:
            return said
    elif event_type is not None:
        said = _speech_place(ctx, inside)
        if said is not None and len(inside) > 1:
            inside = [p for p in inside if p is not said]  # an act happens elsewhere than it is announced
    if event_type == "MOBILIZE":
        goals = [p for p in inside if p.name and ctx.place_use(p).role == "loc"
                 and ctx.place_use(p).prep in _GOAL_PREPS and p.span[0] >= trigger_start]
        if goals:
            return min(goals, key=lambda p: p.span[0])
    if not inside:
        return _elsewhere(ctx, sent_start, sent_end)
    best = max(inside, key=lambda p: _event_rank(ctx, p, trigger_start))
    if ctx.place_use(best).role == "mod" and len(inside) == 1 and not _on_event(ctx, best, trigger_start) \
            and best.feature in ("PCLI", None):
        # only "US-backed forces": the sentence does not say where; the previous one may
        return _elsewhere(ctx, sent_start, sent_end)
    return best


def _elsewhere(ctx, sent_start: int, sent_end: int):
    """A sentence that names no place of its own: the place its 'in the country' / 'in the region' stands for,
    else the previous sentence's place."""
    return _anaphor(ctx, sent_start, sent_end) or (_carried_over(ctx, sent_start) if CARRY_OVER else None)


_ANAPHOR = re.compile(r"\b(?:in|across|throughout|inside|around|near|within|to) (?:the|that|this) "
                      r"(?:(?:vast|whole|entire|same|wider|war-torn|besieged) )?(country|city|town|province|region|area)\b")
_WHERE_PREPS = lexicon.words("event_place_where_preps")
_ANAPHOR_FEATURES = {"country": ("PCLI",), "city": ("PPL",), "town": ("PPL",), "province": ("ADM1",),
                     "region": ("PCLI", "ADM1", "RGN", "PEN", "ADM2"), "area": ("PCLI", "ADM1", "RGN", "ADM2", "PPL")}


def _anaphor(ctx, sent_start: int, sent_end: int) -> Optional[Place]:
    """'in the country', 'in the region', 'across the city': the last place of that kind named before its
    sentence (demonyms count: 'Iraqi forces ... in the country' is Iraq; 'US-backed' does not; a region or an area is
    a place named as where something is), with the anaphor's own text and span."""
    m = _ANAPHOR.search(ctx.raw.text, sent_start, sent_end)
    if m is None:
        return None
    kinds = _ANAPHOR_FEATURES[m.group(1)]
    roles = ("loc",) if m.group(1) in ("region", "area") else ("loc", "subj", "other", "demonym")
    before = [p for p in ctx.places if p.span and p.span[0] < sent_start and p.name and p.lat is not None
              and (p.feature or "").startswith(kinds) and ctx.place_use(p).role in roles
              and (roles != ("loc",) or ctx.place_use(p).prep in _WHERE_PREPS)]
    if not before:
        return None
    p = before[-1]
    text = m.group(0).split(" ", 1)[1]
    return Place(text=text, name=p.name, country=p.country, admin1=p.admin1, lat=p.lat, lon=p.lon,
                 geonameid=p.geonameid, feature=p.feature, span=[m.start() + m.group(0).index(text), m.end()])


CARRY_OVER = True
_SENT_END = re.compile(r"[.!?][\"'”’)]*\s+|\n+")


def _carried_over(ctx, sent_start: int):
    """A sentence with no place of its own takes the place the previous sentence (same paragraph) put
    its own event in -- a name introduced by in/near/at ..., never a mere modifier."""
    text = ctx.raw.text
    gap = text[max(0, sent_start - 2):sent_start]
    if "\n" in gap:
        return None  # a new paragraph
    head = text[max(0, sent_start - 600):max(0, sent_start - 1)]
    ends = [m.end() for m in _SENT_END.finditer(head)]
    prev_start = sent_start - 1 - len(head) + (ends[-1] if ends else 0)
    prev = [p for p in ctx.places if p.span and prev_start <= p.span[0] < sent_start and p.name
            and ctx.place_use(p).role == "loc" and ctx.place_use(p).prep in ("in", "near", "at", "inside",
                                                                                      "outside", "around")]
    if not prev:
        return None
    return max(prev, key=lambda p: (_SPECIFIC.get(p.feature or "", 2), p.span[0]))


def _is_demonym(p: Place) -> bool:
    return p.text in gz.demonyms() or p.text.rstrip("s") in gz.demonyms()


# ---------------------------------------------------------------------------------------------------------
# where the speakers are: a statement is located where it was made (spec/annotation.md, doubtful cases)

_PRESENCE_VERBS = lexicon.words("presence_verbs")
_GUEST_VERBS = {"host", "meet", "welcome", "receive"}  # their objects are there too
_PEOPLE_NOUNS = lexicon.words("event_place_people_nouns")
_PLACE_NOUNS = {"city", "town", "village", "resort", "capital", "port"}  # 'arrived in the resort of Aqaba'


_MEETING = re.compile(r"\b(?:summit|talks|meeting|conference|congress)\b", re.I)


def _presence_verb(doc, p):
    """The verb that puts someone at place `p` ('arrived in Doha', 'Nasser, who is in Paris', 'hosted them
    in Amman'), or None."""
    span = doc.char_span(p.span[0], p.span[1], alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    if root.dep_ == "conj":
        return None  # 'in Rome, Vienna and Oslo': a tour, not a stay
    prep = root.head
    if prep.lower_ == "of" and prep.head.lower_ in _PLACE_NOUNS and prep.head.dep_ == "pobj":
        prep = prep.head.head  # 'in the Red Sea resort of Aqaba'
    if prep.dep_ != "prep" or prep.lower_ not in ("in", "at") or prep.i == root.i:
        return None
    gov = prep.head
    for _ in range(3):  # 'hosted Ruiz and Brandt in Amman', the place parsed onto a guest
        if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ in ("dobj", "conj", "appos"):
            gov = gov.head
    if gov.pos_ not in ("VERB", "AUX") or lemma(gov) not in _PRESENCE_VERBS:
        return None
    if lemma(gov) == "be" and gov.dep_ != "relcl":
        return None  # only 'X, who is in Paris'; 'the strike is in its third week' places no one
    return gov


def _present_tokens(gov):
    """The tokens naming who is there: the verb's subject (or, for 'who is', the noun the clause hangs on),
    a host's guests, and their conjuncts."""
    heads = []
    if gov.dep_ == "relcl":
        heads.append(gov.head)
    heads += [c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("who", "which")]
    if lemma(gov) in _GUEST_VERBS:
        heads += [c for c in gov.children if c.dep_ == "dobj"]
    out = []
    for h in heads:
        out += [t for t in (h, *h.conjuncts) if t.pos_ in ("PROPN", "PRON") or lemma(t) in _PEOPLE_NOUNS]
    return out


def _words(entity) -> set:
    names = {(entity.name or "").lower(), (entity.text or "").lower()}
    return {n for n in names if n}


def venues(doc, ctx) -> list:
    """[(char offset, Place, names present)] for each place the document puts named people in ('the king
    hosted Ruiz and Brandt in Amman': the king, Ruiz and Brandt are in Amman)."""
    out = []
    place_spans = {tuple(q.span) for q in ctx.places if q.span}
    for p in ctx.places:
        if not p.span or not p.name or ctx.place_use(p).role != "loc":
            continue
        gov = _presence_verb(doc, p)
        if gov is None:
            continue
        names = set()
        for t in _present_tokens(gov):
            lo, hi = t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)
            if t.pos_ == "PRON":
                lo, hi = t.idx, t.idx + len(t.text)
            elif t.i == gov.head.i:
                hi = t.idx + len(t.text)  # 'Nasser, who is in Paris': the name, not the clause itself
            for a in ctx.actors:
                if a.span and lo <= a.span[0] < hi and tuple(a.span) not in place_spans:
                    names |= _words(a)  # people, not states: 'Iran' at a summit is not every Iranian act
            if (t.pos_ == "PROPN" or t.ent_type_ == "PERSON") and t.ent_type_ not in ("GPE", "LOC", "NORP") \
                    and not any(q0 <= t.idx < q1 for q0, q1 in place_spans):
                names.add(t.text.lower())
        if names:
            out.append((p.span[0], p, names))
    return out


def _present(entity, names: set) -> bool:
    for w in _words(entity):
        if w in names or w.split()[-1] in names:
            return True
    return False


def place_statements(doc, ctx, events: list) -> None:
    """A statement or meeting (a verbal PLOVER type) by someone the document puts at a place takes that place,
    before the place it is about -- unless its own sentence says where it was made ('said in Ankara'). The
    nearest such place before the event is taken, else the first after it."""
    found = venues(doc, ctx)
    if not found:
        return
    for ev in events:
        if ev.event_type not in _VERBAL_TYPES:
            continue
        s0, s1 = ev.span
        own = [p for p in ctx.places if p.span and s0 <= p.span[0] < s1]
        if _speech_place(ctx, own) is not None:
            continue
        at = ev.trigger.span[0] if ev.trigger and ev.trigger.span else s0
        if _MEETING.search(ev.trigger.text if ev.trigger else "") and not any(
                p.name and (ctx.place_use(p).role == "loc" or _on_event(ctx, p, at)) for p in own):
            hits = [(pos, p) for pos, p, _ in found]  # 'the summit' with no place of its own: the one told of
        else:
            hits = [(pos, p) for pos, p, names in found if any(_present(a, names) for a in ev.actor)]
        if not hits:
            continue
        before = [h for h in hits if h[0] < s1]
        ev.location = (before[-1] if before else hits[0])[1]
