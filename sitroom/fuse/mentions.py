"""Event mentions as fusion reads them: one compact record per stored event, with what blocking and scoring
compare (type family, a date interval, a point or a country, participant names, content words, figures) and
whether its toll is cumulative.

Everything here is a function of the event and its document alone (no statistics over the store), so that an
event scores the same against another whatever else the store holds: fusing again, or fusing new documents
one at a time, gives the same incidents as fusing everything at once.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from .. import lexicon

# PLOVER types that reports of one incident code differently: a capture or a raid read as an assault or as
# coercion. Only events of one family are compared; every other type is a family of its own, because a verbal
# act is an incident apart from what it is about (a decision to withdraw, CONCEDE, is not the withdrawal,
# RETREAT; a demand made in a call is not the call) and a threat or a mobilisation is not the attack.
FAMILIES = {
    "force": ("ASSAULT", "COERCE"),
}
FAMILY_OF = {t: fam for fam, types in FAMILIES.items() for t in types}

COUNTRY_FEATURES = {"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "CONT", "RGN"}

# How far an event's date may be from another's (days added on each side), by the granularity of the date the
# text gives; "reported" events (the text gives no date, so only the publication bounds it) may have happened
# up to a month before it: news reports an incident when it comes out, often weeks after it happened.
SLACK = {"day": 1, "week": 3, "month": 7, "quarter": 20, "year": 45}
REPORTED_BEFORE, REPORTED_AFTER = 31, 1

EMPTY: frozenset = frozenset()
_WORD = re.compile(r"[^\W\d_][\w'-]*")


@dataclass(slots=True)
class Mention:
    """One event as fusion sees it. `order` is its position in the canonical order every step of fusion follows:
    by publication date, then doc_id, then the event's index in its document (what the documents say, not when
    they were stored, so two stores of the same documents fuse alike)."""
    order: int
    event_id: str
    doc_id: str
    idx: int
    event_type: str
    family: str
    status: str
    source: str
    published: Optional[str]
    lo: int                 # day ordinals of the date interval, slack included
    hi: int
    day: Optional[int]      # the exact day when the text gives one
    reported: bool          # dated only by the publication
    date_start: Optional[str]
    date_end: Optional[str]
    granularity: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    country: Optional[str]
    country_level: bool
    place: Optional[str]
    place_inferred: bool    # the document's main place stands in for a location the event does not give
    span_start: Optional[int]
    names: frozenset        # named participants (actors and recipients written with a capital), lower case
    actors: tuple           # names as written
    recipients: tuple
    words: frozenset        # content words of the sentence
    proper: frozenset       # capitalised words inside the sentence (names, places)
    story: frozenset        # places and actors its document names (what the story is about)
    trigger: Optional[str]  # the trigger's first word, stemmed
    killed: Optional[int]
    injured: Optional[int]
    size: Optional[int]
    cumulative: bool
    action: Optional[str] = None    # the trigger's PLOVER mode by the trigger lexicon ("abduct", "targeted")
    anaphoric: bool = False         # the trigger follows a determiner ("the capture", "their arrest")
    sentence: str = field(repr=False, default="")


@dataclass
class Loaded:
    """The mentions of a store in canonical order, and the incident each already belongs to."""
    mentions: list
    incident_of: dict       # order -> incident_id (None: not fused yet)


def _ordinal(day: Optional[str]) -> Optional[int]:
    if not day:
        return None
    try:
        return dt.date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return None


def interval(date_start, date_end, granularity, published) -> tuple:
    """(lo, hi, exact day or None, reported) of an event's date with the slack of its granularity."""
    s = _ordinal(date_start)
    if s is not None:
        e = _ordinal(date_end) or s
        slack = SLACK.get(granularity or "day", SLACK["day"])
        return s - slack, max(s, e) + slack, (s if (granularity or "day") == "day" and e == s else None), False
    p = _ordinal(published)
    if p is not None:
        return p - REPORTED_BEFORE, p + REPORTED_AFTER, None, True
    return -10 ** 7, 10 ** 7, None, True     # no date at all: compatible with any date


_STEMS: dict = {}


def stem(w: str) -> str:
    """A crude stem: common inflections cut ("killings" -> "kill", "casualties" -> "casualty")."""
    out = _STEMS.get(w)
    if out is None:
        out = _stem(w)
        if len(_STEMS) < 500_000:     # a bounded cache of the words seen
            _STEMS[w] = out
    return out


def _stem(w: str) -> str:
    for suf in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)] + ("y" if suf in ("ied", "ies") else "")
    return w


def content_words(sentence: str) -> tuple:
    """(content words, capitalised words inside the sentence): lower case, crude stems, no stop words."""
    stop = lexicon.words("fusion_stopwords")
    words, proper = set(), set()
    for i, w in enumerate(_WORD.findall(sentence or "")):
        low = w.lower().strip("'-")
        if len(low) < 3 or low in stop:
            continue
        words.add(stem(low))
        if i and w[0].isupper():
            proper.add(low)
    return frozenset(words), frozenset(proper)


def trigger_stem(trigger: Optional[str]) -> Optional[str]:
    """The trigger's first word, stemmed and cut to five letters ("captured", "capture" -> "captu")."""
    m = _WORD.search(trigger or "")
    return stem(m.group().lower())[:5] if m else None


_ACTIONS: dict = {}


def _actions() -> dict:
    """Trigger stem -> the PLOVER mode the trigger lexicon gives that word (plover_verbs / plover_nouns: capture
    and abduct say "abduct", behead and execute say "targeted"); stems the lexicon gives two modes are left out."""
    if not _ACTIONS:
        from ..resources import plover
        seen: dict = {}
        for table in (plover.VERBS, plover.NOUNS):
            for lemma, (etype, mode, _) in table.items():
                k = trigger_stem(lemma)
                if k:
                    seen.setdefault(k, set()).add(mode)
        _ACTIONS.update({k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and None not in v})
        _ACTIONS.setdefault("", "")
    return _ACTIONS


def action(trigger: Optional[str]) -> Optional[str]:
    """The PLOVER mode of a trigger stem by the trigger lexicon (None: a word without one, or no trigger)."""
    return _actions().get(trigger) if trigger else None


def anaphoric(sentence: Optional[str], span_start: Optional[int], trigger_start: Optional[int]) -> bool:
    """Whether the trigger follows a determiner that refers back (lexicon fusion_anaphoric_determiners: "the
    capture", "their arrest")."""
    if not sentence or span_start is None or trigger_start is None or trigger_start <= span_start:
        return False
    before = _WORD.findall(sentence[: trigger_start - span_start])
    return bool(before) and before[-1].lower() in lexicon.words("fusion_anaphoric_determiners")


def is_cumulative(sentence: str) -> bool:
    """Whether the sentence gives a cumulative or background toll (cues in lexicon/cumulative_toll_cues.tsv)."""
    return lexicon.contains_term(sentence or "", lexicon.terms("cumulative_toll_cues"))


def _names(people: list) -> tuple:
    """Names as written, each once (compared case-insensitively), in order."""
    out, seen = [], set()
    for a in people:
        n = (a or "").strip()
        if n and n.lower() not in seen:
            seen.add(n.lower())
            out.append(n)
    return tuple(out)


def is_name(name: str, sentence: Optional[str], coded=EMPTY) -> bool:
    """Whether a participant is named (a country, an organisation, a person) rather than described ("gunmen",
    "the two men"): the actor dictionary coded it (country or agent), or it is capitalised where a sentence's
    first word would not make it so."""
    if name.lower() in coded:
        return True
    if not name[:1].isupper():
        return False
    if any(w[:1].isupper() for w in name.split()[1:]):
        return True
    return not (sentence or "").lstrip(" \"'\u201c\u2018").startswith(name)


COLUMNS = ("e.event_id, e.doc_id, e.idx, e.event_type, e.status, e.sentence, e.span_start, e.date_start, "
           "e.date_end, e.date_granularity, e.lat, e.lon, e.country, e.feature, e.location_name, e.location_text, "
           "e.killed, e.injured, e.size, e.incident_id, d.published, d.source, e.trigger_text, e.trigger_start, "
           "e.date_text")
ORDER = " ORDER BY d.published, d.doc_id, e.idx"
SQL = "SELECT " + COLUMNS + " FROM events e JOIN documents d USING(doc_id)" + ORDER
WANT = "_fuse_want"     # a temporary table of the event ids a partial load reads


def canonical(m) -> tuple:
    """The sort key of the canonical order (what SQL's ORDER BY d.published, d.doc_id, e.idx gives: no
    publication date first)."""
    return (m.published is not None, m.published or "", m.doc_id, m.idx)


DOC_PLACE_SQL = ("SELECT doc_id, name, country, lat, lon, feature, count(*) AS n, min(idx) AS first FROM places "
                 "WHERE lat IS NOT NULL AND lon IS NOT NULL {where}GROUP BY doc_id, name, country "
                 "ORDER BY doc_id, n DESC, first")


WANT_DOCS = "_fuse_want_docs"


def _doc_filter(conn, doc_ids) -> tuple:
    """(an SQL condition on doc_id, its arguments) for the documents of `doc_ids` (None: every document)."""
    if doc_ids is None:
        return "", ()
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {WANT_DOCS}(doc_id TEXT PRIMARY KEY)")
    conn.execute(f"DELETE FROM {WANT_DOCS}")
    conn.executemany(f"INSERT OR IGNORE INTO {WANT_DOCS}(doc_id) VALUES (?)", ((d,) for d in doc_ids))
    return f"doc_id IN (SELECT doc_id FROM {WANT_DOCS}) ", ()


def document_profiles(conn, doc_ids=None) -> dict:
    """doc_id -> the names of the places and actors its text mentions (lower case): what a story is about (of
    every document, or of those of `doc_ids`)."""
    where, args = _doc_filter(conn, doc_ids)
    where = "WHERE " + where if where else ""
    out: dict = {}
    for doc_id, name in conn.execute(f"SELECT doc_id, lower(COALESCE(name, text)) FROM places {where}UNION "
                                     f"SELECT doc_id, lower(COALESCE(name, text)) FROM actors {where}", args + args):
        if name:
            out.setdefault(doc_id, set()).add(name)
    return {k: frozenset(v) for k, v in out.items()}


def document_places(conn, doc_ids=None) -> dict:
    """doc_id -> the place its text names most often (the first of them on a tie): where an event the text does
    not place most likely happened."""
    where, args = _doc_filter(conn, doc_ids)
    out: dict = {}
    for doc_id, name, country, lat, lon, feature, _, _ in conn.execute(
            DOC_PLACE_SQL.format(where="AND " + where if where else ""), args):
        out.setdefault(doc_id, (name, country, lat, lon, feature))
    return out


def load(conn, event_ids=None) -> Loaded:
    """The stored events as Mentions, in canonical order: every one, or those of `event_ids` (each then as it
    would be in a load of every event, but numbered from 0 in their own order). An event without a location
    takes its document's main place (`place_inferred`)."""
    if event_ids is None:
        doc_ids = None
        rows = conn.execute(SQL)
        actor_sql, actor_args = ("SELECT event_id, role, COALESCE(name, text), COALESCE(country, agent) FROM "
                                 "event_actors ORDER BY event_id, role, idx"), ()
    else:
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {WANT}(event_id TEXT PRIMARY KEY)")
        conn.execute(f"DELETE FROM {WANT}")
        conn.executemany(f"INSERT OR IGNORE INTO {WANT}(event_id) VALUES (?)", ((e,) for e in event_ids))
        rows = conn.execute("SELECT " + COLUMNS + f" FROM {WANT} w JOIN events e USING(event_id) "
                            "JOIN documents d USING(doc_id)" + ORDER).fetchall()
        doc_ids = {r[1] for r in rows}
        actor_sql, actor_args = ("SELECT a.event_id, a.role, COALESCE(a.name, a.text), COALESCE(a.country, a.agent) "
                                 f"FROM {WANT} w JOIN event_actors a USING(event_id) ORDER BY a.event_id, a.role, "
                                 "a.idx"), ()
    doc_places = document_places(conn, doc_ids)
    profiles = document_profiles(conn, doc_ids)
    people: dict = {}
    coded: dict = {}
    for event_id, role, name, code in conn.execute(actor_sql, actor_args):
        people.setdefault(event_id, ([], []))[role == "recipient"].append(name)
        if code and name:
            coded.setdefault(event_id, set()).add(name.lower())
    mentions, incident_of = [], {}
    cum_cache: dict = {}
    for r in rows:
        (event_id, doc_id, idx, etype, status, sentence, span_start, ds, de, gran, lat, lon, country, feature,
         lname, ltext, killed, injured, size, incident_id, published, source, trigger, trigger_start, date_text) = tuple(r)
        lo, hi, day, reported = interval(ds, de, gran, published)
        if day is not None and date_text and sentence and date_text not in sentence:
            day = None   # a day the reader carried from an earlier sentence: no evidence of its own
        inferred = lat is None and doc_id in doc_places
        if inferred:
            lname, country, lat, lon, feature = doc_places[doc_id]
        actors, recipients = people.get(event_id, ((), ()))
        actors, recipients = _names(actors), _names(recipients)
        words, proper = content_words(sentence)
        cum = False
        if killed is not None or injured is not None:
            cum = cum_cache.get(sentence)
            if cum is None:
                cum = cum_cache[sentence] = is_cumulative(sentence)
        n = len(mentions)
        mentions.append(Mention(
            order=n, event_id=event_id, doc_id=doc_id, idx=idx, event_type=etype,
            family=FAMILY_OF.get(etype, etype), status=status, source=source or doc_id, published=published,
            lo=lo, hi=hi, day=day, reported=reported, date_start=ds, date_end=de, granularity=gran, lat=lat,
            lon=lon, country=country, country_level=(feature or "") in COUNTRY_FEATURES, place=lname or ltext,
            place_inferred=inferred, span_start=span_start, names=frozenset(x.lower() for x in actors + recipients
                                                   if is_name(x, sentence, coded.get(event_id, EMPTY))),
            actors=actors, recipients=recipients, words=words, proper=proper, story=profiles.get(doc_id, EMPTY),
            trigger=(t := trigger_stem(trigger)), action=action(t), killed=killed, injured=injured, size=size,
            cumulative=cum, anaphoric=anaphoric(sentence, span_start, trigger_start), sentence=sentence))
        incident_of[n] = incident_id
    return Loaded(mentions, incident_of)
