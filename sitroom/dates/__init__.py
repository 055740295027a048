"""dates: reads NER DATE/TIME spans and the text -> writes When records (ctx.dates), resolved against ctx.published.

Every temporal expression that names a point or period of time is resolved into a `When`
(start, end inclusive, granularity day/week/month/quarter/year) with its TimeML `value`.
Durations ("three years", "for 10 days"), ages and frequencies are not dates and are skipped.
Relative expressions stay unresolved (start=end=None) when the document has no publication date;
their value keeps what is known ("XXXX-WXX-5"). "now", "in the past", "in the future" are listed
with value PRESENT_REF / PAST_REF / FUTURE_REF and no start/end.

`for_event` gives an event its sentence's date, or one carried over from the sentences before when
it is clearly the same occasion (a continued quote of the same speaker, "at the time").

The resolver is replaceable: `RESOLVER` is a `Resolver` (versioned by `Resolver.NAME`); another
object with the same `resolve(text, anchor, tense, ref)` method can take its place.
Pure rules (precompiled regexes, tables, datetime arithmetic): no per-document resources.
"""
from __future__ import annotations

import sys

from spacy.language import Language

from ..reading import stage_component

import bisect
import calendar
import datetime as dt
import re
from typing import Optional

from ..reading import DateUse
from ..records import When
from .. import lexicon
from ..parse_helpers import doc_text, lemma

NAME = "sitroom.dates.v2"  # v2: TimeML values, dates carried over within an occasion

D = dt.date
ONE_DAY = dt.timedelta(days=1)

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
for _name, _i in list(MONTHS.items()):
    MONTHS[_name[:3]] = _i
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                         "sunday"])}
NUMBERS = lexicon.mapping("date_number_words", cast=lexicon.number)
ORDINALS = lexicon.mapping("date_ordinals", cast=lexicon.number)
SEASONS = lexicon.mapping("date_seasons", cast=lexicon.number)

_MON = (r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december|"
        r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[0-9]{3}|20[0-9]{2}|21[0-9]{2})"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART = r"(?: (?:morning|afternoon|evening|night|overnight|lunchtime))?"
_NUM = (r"(?P<num>\d+(?:\.\d+)?|a couple of|a couple|a dozen|half a|an?|one|two|three|four|five|six|seven|"
        r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|eighteen|twenty|thirty|forty|fifty)")
_UNIT = r"(?P<unit>day|week|fortnight|month|year|decade)s?"
_MOD = r"(?P<mod>early|earlier|mid|middle|late|later|the (?:beginning|start|end|middle|close) of|" \
       r"the (?:first|second) half of|(?:the )?(?:first|second) half of)"

# strip these off the front / back before matching (hedges, prepositions); "since" is remembered
_LEAD = re.compile(r"^(?:just|only|about|around|roughly|nearly|almost|some|approximately|more than|less than|"
                   r"at least|as early as|as late as|as recently as|until|till|by|in|on|at|during|from|since|"
                   r"for|over|through|throughout|within|of|as of|starting|beginning|up to|ever since|between)\s+")
_TRAIL = re.compile(r"(?:'s|'|\s+alone|[\s,.;:]+)$")


def _c(p):
    return re.compile(p)


_MONX = _MON.replace("(?P<mon>", "(?:")

# (pattern, handler-name) tried in order with fullmatch on the normalised expression
PATTERNS = [
    (_c(r"(?P<rel>earlier|later) (?:this|in the) (?P<unit>week|month|year)"), "earlier_this"),
    (_c(r"(?:today|this (?:morning|afternoon|evening)|tonight|earlier today|later today)"), "today"),
    (_c(r"(?:the day before yesterday)"), "day_before_yesterday"),
    (_c(r"yesterday" + _PART), "yesterday"),
    (_c(r"tomorrow" + _PART), "tomorrow"),
    (_c(r"(?:(?P<rel>last|next|this|past|previous|coming) )?" + _WD + _PART + r"(?:,? " + _MON + r" " + _DAY +
        r"(?:,? " + _YEAR + r")?)?"), "weekday"),
    (_c(_WD + r",? " + _DAY + r" " + _MON + r"(?:,? " + _YEAR + r")?"), "weekday"),
    (_c(r"(?:" + _MOD + r" )?" + _MON + r" " + _DAY + r"(?:\s?[-–]\s?(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
        r"(?:,? " + _YEAR + r")?"), "month_day"),
    (_c(r"(?:the )?" + _DAY + r"(?:\s?[-–]\s?(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?(?: of)? " + _MON +
        r"(?:,? " + _YEAR + r")?"), "day_month"),
    (_c(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)"), "iso"),
    (_c(r"(?:" + _MOD + r" )?(?:(?P<rel>last|next|this|past|previous|coming) )?" + _MON +
        r"(?:(?: of)?,? " + _YEAR + r")?"), "month"),
    (_c(r"(?:" + _MOD + r" )?(?:the )?(?:(?:calendar|fiscal|financial) )?(?:year )?" + _YEAR), "year"),
    (_c(r"(?:the )?(?:" + _MOD + r" )?(?P<rel>this|last|next|past|previous|coming|current)"
        r" (?:(?:calendar|fiscal|financial|school|academic) )?year"), "rel_year"),
    (_c(r"(?:" + _MOD + r" )?(?:the )?(?P<rel>this|last|next|past|previous|coming|current) month"), "rel_month"),
    (_c(_MOD + r" (?:the )?year"), "mod_year"),
    (_c(r"(?:" + _MOD + r" )?(?:the )?(?P<rel>this|last|next|previous|coming|current) week"), "rel_week"),
    (_c(r"(?:the )?(?P<rel>this|last|next|previous|coming|past)? ?weekend"), "weekend"),
    (_c(r"(?:the )?(?P<rel>this|last|next|past|previous|coming) (?P<season>spring|summer|autumn|fall|winter)"),
     "season"),
    (_c(r"(?:" + _MOD + r" )?(?:the )?(?P<season>spring|summer|autumn|fall|winter)(?: of)?(?:,? " + _YEAR + r")?"),
     "season"),
    (_c(r"(?:the )?(?P<ord>first|second|third|fourth|last|final|1st|2nd|3rd|4th) quarter(?: of)?"
        r"(?: (?:" + _YEAR + r"|(?P<rel>this|last|next) year))?"), "quarter"),
    (_c(r"q(?P<q>[1-4])(?: " + _YEAR + r")?"), "quarter"),
    (_c(r"(?:the )?(?P<rel>this|last|next|previous|current|past) quarter"), "rel_quarter"),
    (_c(r"(?:the )?(?:" + _MOD + r" )?(?:the )?(?P<dec>1[0-9]{2}0|20[0-9]0)'?s"), "decade"),
    (_c(r"(?:the )?(?P<cent>\d{1,2})(?:st|nd|rd|th) century"), "century"),
    (_c(r"(?:the )?first (?:(?P<num>\w+) )?months of (?:" + _YEAR + r"|(?P<rel>this|last) year)"), "first_months"),
    (_c(r"(?:the )?(?P<rel>past|last|previous) " + _UNIT), "past_one"),
    (_c(r"(?:the )?(?P<rel>past|last|previous|next|coming) " + _NUM + r" " + _UNIT), "past_n"),
    (_c(_NUM + r" " + _UNIT + r" (?P<dir>ago|earlier|before|prior|later|after|from now|on|hence)"), "shift"),
    (_c(r"(?:the )?(?P<rel>next|following|previous|preceding) (?P<unit>day|morning|afternoon|evening|night)"),
     "narrative"),
    (_c(r"the following (?P<unit>week|month|year)"), "narrative"),
]

_MOD_HYPHEN = re.compile(r"\b(mid|early|late)-")
_DURATION_HINT = re.compile(r"\d+-year-old|\bages?\b|\bevery\b|\beach\b|\bdaily\b|\bannually\b|\bweekly\b")


def _days_in_month(y, m):
    return calendar.monthrange(y, m)[1]


def add_months(d: dt.date, n: int) -> dt.date:
    m0 = d.month - 1 + n
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return D(y, m, min(d.day, _days_in_month(y, m)))


def _month_range(y, m):
    return D(y, m, 1), D(y, m, _days_in_month(y, m))


def _year_range(y):
    return D(y, 1, 1), D(y, 12, 31)


def _narrow(start: dt.date, end: dt.date, gran: str, mod: Optional[str]):
    """early / mid / late / the end of ... a period: a sub-range, the granularity stays the period's."""
    if not mod:
        return start, end
    mod = mod.replace("the ", "")
    n = (end - start).days + 1
    if gran == "year":
        y = start.year
        table = {"early": (1, 3), "beginning of": (1, 2), "start of": (1, 2), "first half of": (1, 6),
                 "mid": (4, 9), "middle": (4, 9), "middle of": (4, 9), "late": (10, 12), "end of": (11, 12),
                 "close of": (11, 12), "second half of": (7, 12)}
        a, b = table.get(mod, (1, 12))
        return D(y, a, 1), D(y, b, _days_in_month(y, b))
    third = max(1, n // 3)
    if mod in ("early", "beginning of", "start of", "first half of"):
        return start, start + dt.timedelta(days=(third if mod != "first half of" else n // 2) - 1)
    if mod in ("mid", "middle", "middle of"):
        return start + dt.timedelta(days=third), end - dt.timedelta(days=third)
    if mod in ("late", "end of", "close of", "second half of"):
        k = n // 2 if mod == "second half of" else (n - 2 * third)
        return end - dt.timedelta(days=k - 1), end
    return start, end


def _num(s):
    if s is None:
        return None
    if s in NUMBERS:
        return NUMBERS[s]
    try:
        return float(s) if "." in s else int(s)
    except ValueError:
        return None


def _shift(d: dt.date, n, unit: str) -> dt.date:
    """d moved by n units (n may be negative)."""
    if unit == "day":
        return d + dt.timedelta(days=round(n))
    if unit == "week":
        return d + dt.timedelta(days=round(7 * n))
    if unit == "fortnight":
        return d + dt.timedelta(days=round(14 * n))
    if unit == "month":
        return add_months(d, round(n)) if n == int(n) else d + dt.timedelta(days=round(30.4 * n))
    if unit == "year":
        return add_months(d, round(12 * n))
    if unit == "decade":
        return add_months(d, round(120 * n))
    raise ValueError(unit)


_GRAN = {"day": "day", "week": "week", "fortnight": "week", "month": "month", "year": "year", "decade": "year"}


def _pick_year(make, anchor: dt.date, tense: Optional[str], window_ahead=60):
    """The year for a month/day given without one: past tense -> latest not after the anchor, future ->
    earliest not before it, otherwise this year unless that lies more than `window_ahead` days ahead."""
    s, e = make(anchor.year)
    if tense == "future":
        return (s, e) if e >= anchor else make(anchor.year + 1)
    if tense == "past":
        return (s, e) if s <= anchor else make(anchor.year - 1)
    if s <= anchor or (s - anchor).days <= window_ahead:
        return s, e
    return make(anchor.year - 1)


class Resolver:
    """Rule-based resolver of one temporal expression against an anchor date (usually publication)."""

    NAME = "sitroom.dates.resolver.v2"

    def normalise(self, text: str):
        s = text.lower().replace("’", "'").replace("‘", "'").replace("\xa0", " ")
        s = _MOD_HYPHEN.sub(r"\1 ", re.sub(r"\s+", " ", s).strip())
        since = False
        for _ in range(4):
            t = _TRAIL.sub("", s)
            m = _LEAD.match(t)
            if m:
                since = since or m.group(0).strip() in ("since", "ever since", "starting", "beginning")
                t = t[m.end():]
            if t == s:
                break
            s = t
        return s, since

    def resolve(self, text: str, anchor: Optional[dt.date], tense: Optional[str] = None,
                ref: Optional[dt.date] = None):
        """-> (start, end, granularity) or None. `anchor` is the publication date (None: absolute forms
        only); `tense` 'past'/'future'/None of the governing verb; `ref` the last day-precise date the text
        mentioned before (for "a week earlier")."""
        s, since = self.normalise(text)
        if not s or _DURATION_HINT.search(s):
            return None
        for pat, name in PATTERNS:
            m = pat.fullmatch(s)
            if m:
                try:
                    out = getattr(self, "_" + name)(m, anchor, tense, ref)
                except (ValueError, OverflowError):
                    out = None
                if out is None:
                    continue
                start, end, gran = out
                if since and anchor is not None and start <= anchor:
                    end = max(end, anchor)
                return start, end, gran
        return None

    # --- handlers: each returns (start, end, granularity) or None -------------------------------------
    def _today(self, m, a, tense, ref):
        return (a, a, "day") if a else None

    def _yesterday(self, m, a, tense, ref):
        return (a - ONE_DAY, a - ONE_DAY, "day") if a else None

    def _day_before_yesterday(self, m, a, tense, ref):
        return (a - 2 * ONE_DAY, a - 2 * ONE_DAY, "day") if a else None

    def _tomorrow(self, m, a, tense, ref):
        return (a + ONE_DAY, a + ONE_DAY, "day") if a else None

    def _weekday(self, m, a, tense, ref):
        if m.group("mon") and m.group("day"):
            return self._month_day(m, a, tense, ref)
        if not a:
            return None
        wd = WEEKDAYS[m.group("wd")]
        rel = m.groupdict().get("rel")
        back = (a.weekday() - wd) % 7
        if rel == "last" or rel == "past" or rel == "previous":
            back = back or 7
            d = a - dt.timedelta(days=back)
        elif rel in ("next", "coming"):
            d = a + dt.timedelta(days=((wd - a.weekday()) % 7) or 7)
        elif back == 0:
            d = a
        elif tense == "future" or rel == "this" and tense != "past":
            d = a + dt.timedelta(days=7 - back)
        else:
            d = a - dt.timedelta(days=back)
        return d, d, "day"

    def _month_day(self, m, a, tense, ref):
        mon, day = MONTHS[m.group("mon")], int(m.group("day"))
        g = m.groupdict()
        day2 = int(g["day2"]) if g.get("day2") else day
        if not 1 <= day <= 31 or day2 < day:
            return None

        def make(y):
            return D(y, mon, day), D(y, mon, day2)
        if g.get("year"):
            return (*make(int(g["year"])), "day")
        if not a:
            return None
        return (*_pick_year(make, a, tense, window_ahead=30), "day")

    _day_month = _month_day

    def _iso(self, m, a, tense, ref):
        d = D(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        return d, d, "day"

    def _month(self, m, a, tense, ref):
        mon = MONTHS[m.group("mon")]
        rel, year, mod = m.group("rel"), m.group("year"), m.group("mod")
        if year:
            y = int(year)
            s, e = _month_range(y, mon)
        elif not a:
            return None
        elif rel in ("last", "past", "previous"):
            y = a.year if mon < a.month else a.year - 1
            s, e = _month_range(y, mon)
        elif rel in ("next", "coming"):
            y = a.year if mon > a.month else a.year + 1
            s, e = _month_range(y, mon)
        elif rel == "this":
            s, e = _month_range(a.year, mon)
        else:
            s, e = _pick_year(lambda y: _month_range(y, mon), a, tense, window_ahead=62)
        s, e = _narrow(s, e, "month", mod)
        return s, e, "month"

    def _year(self, m, a, tense, ref):
        s, e = _year_range(int(m.group("year")))
        return (*_narrow(s, e, "year", m.group("mod")), "year")

    def _rel_year(self, m, a, tense, ref):
        if not a:
            return None
        rel = m.group("rel")
        if rel == "past" and not m.group("mod") and not m.group(0).startswith("the past "):
            rel = "last"
        if rel == "past" or (rel in ("last", "previous") and m.group(0).startswith("the ") and not m.group("mod")):
            return add_months(a, -12), a, "year"
        y = a.year + {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[rel]
        s, e = _narrow(*_year_range(y), "year", m.group("mod"))
        return s, e, "year"

    def _mod_year(self, m, a, tense, ref):
        """"the end of the year": this year's; in the first quarter, with a past verb, last year's."""
        if not a:
            return None
        y = a.year - (1 if tense == "past" and a.month <= 3 and m.group("mod") != "early" else 0)
        return (*_narrow(*_year_range(y), "year", m.group("mod")), "year")

    def _rel_month(self, m, a, tense, ref):
        if not a:
            return None
        rel, mod = m.group("rel"), m.group("mod")
        if rel == "past" or (rel in ("last", "previous") and m.group(0).startswith("the ") and not mod):
            return add_months(a, -1), a, "month"
        d = add_months(a, {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[rel])
        s, e = _narrow(*_month_range(d.year, d.month), "month", mod)
        return s, e, "month"

    def _rel_week(self, m, a, tense, ref):
        if not a:
            return None
        rel, mod = m.group("rel"), m.group("mod")
        if rel in ("last", "previous") and m.group(0).startswith("the ") and not mod:
            return a - 7 * ONE_DAY, a, "week"
        monday = a - dt.timedelta(days=a.weekday())
        if a.weekday() == 6 and (rel in ("last", "previous") or rel in ("this", "current") and not mod):
            # on a Sunday the week is over: 'last week' is the one ending today, 'this week' the coming one
            # (but 'earlier this week' the one ending today)
            monday += 7 * ONE_DAY
        monday += dt.timedelta(days=7 * {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1,
                                         "coming": 1}[rel])
        s, e = monday, monday + 6 * ONE_DAY
        if mod in ("earlier", "early") and rel in ("this", "current"):
            e = max(s, a - ONE_DAY)
        elif mod in ("later", "late") and rel in ("this", "current"):
            s = min(e, a + ONE_DAY)
        return s, e, "week"

    def _weekend(self, m, a, tense, ref):
        if not a:
            return None
        rel = m.group("rel")
        sat = a + dt.timedelta(days=(5 - a.weekday()) % 7)  # this coming (or current) Saturday
        if a.weekday() == 6:
            sat = a - ONE_DAY
        if rel in ("last", "past", "previous") or (rel is None and tense != "future" and a.weekday() < 5):
            if sat >= a - ONE_DAY and a.weekday() < 5 or rel in ("last", "past", "previous") and a.weekday() >= 5:
                sat -= 7 * ONE_DAY
        elif rel in ("next", "coming") and a.weekday() >= 5:
            sat += 7 * ONE_DAY
        return sat, sat + ONE_DAY, "week"

    def _season(self, m, a, tense, ref):
        first = SEASONS[m.group("season")]
        g = m.groupdict()

        def make(y):  # winter Y: December Y .. February Y+1
            s = D(y, first, 1)
            return s, add_months(s, 3) - ONE_DAY
        if g.get("year"):
            s, e = make(int(g["year"]))
        elif not a:
            return None
        else:
            rel = g.get("rel")
            cur = make(a.year)
            if first == 12 and a.month <= 2:
                cur = make(a.year - 1)
            if rel in ("last", "past", "previous"):
                s, e = cur if cur[1] < a else make(cur[0].year - 1)  # the latest one already over
            elif rel in ("next", "coming"):
                s, e = cur if cur[0] > a else make(cur[0].year + 1)
            elif rel == "this":
                s, e = cur
            else:
                s, e = _pick_year(make, a, tense, window_ahead=62) if not (cur[0] <= a <= cur[1]) else cur
        s, e = _narrow(s, e, "month", g.get("mod")) if g.get("mod") else (s, e)
        return s, e, "quarter"

    def _quarter(self, m, a, tense, ref):
        g = m.groupdict()
        q = int(g["q"]) if g.get("q") else ORDINALS[g["ord"]]
        if g.get("year"):
            y = int(g["year"])
        elif not a:
            return None
        elif g.get("rel"):
            y = a.year + {"this": 0, "last": -1, "next": 1}[g["rel"]]
        else:
            y = a.year
            if tense == "past" and D(y, 3 * q - 2, 1) > a:
                y -= 1
        s = D(y, 3 * q - 2, 1)
        return s, add_months(s, 3) - ONE_DAY, "quarter"

    def _rel_quarter(self, m, a, tense, ref):
        if not a:
            return None
        s = D(a.year, 3 * ((a.month - 1) // 3) + 1, 1)
        s = add_months(s, {"this": 0, "current": 0, "last": -3, "previous": -3, "past": -3, "next": 3}[m.group("rel")])
        return s, add_months(s, 3) - ONE_DAY, "quarter"

    def _decade(self, m, a, tense, ref):
        y = int(m.group("dec"))
        s, e = _narrow(D(y, 1, 1), D(y + 9, 12, 31), "decade", m.group("mod"))
        return s, e, "year"

    def _century(self, m, a, tense, ref):
        c = int(m.group("cent"))
        if not 1 <= c <= 22:
            return None
        return D(100 * (c - 1) + 1, 1, 1), D(100 * c, 12, 31), "year"

    def _first_months(self, m, a, tense, ref):
        g = m.groupdict()
        if g.get("year"):
            y = int(g["year"])
        elif a:
            y = a.year - (1 if g.get("rel") == "last" else 0)
        else:
            return None
        n = _num(g.get("num")) if g.get("num") else 3
        if not n or n > 12:
            return None
        e = add_months(D(y, 1, 1), int(n)) - ONE_DAY
        if a and e > a >= D(y, 1, 1):
            e = a
        return D(y, 1, 1), e, ("quarter" if n <= 3 else "year")

    def _past_one(self, m, a, tense, ref):
        if not a:
            return None
        unit = m.group("unit")
        if m.group(0).endswith("s"):  # "the past days" is vague
            return None
        return _shift(a, -1, unit), a, _GRAN[unit]

    def _past_n(self, m, a, tense, ref):
        n, unit = _num(m.group("num")), m.group("unit")
        if not a or not n:
            return None
        if m.group("rel") in ("next", "coming"):
            return a, _shift(a, n, unit), _GRAN[unit]
        return _shift(a, -n, unit), a, _GRAN[unit]

    def _shift_(self, m, a, tense, ref):
        n, unit, direction = _num(m.group("num")), m.group("unit"), m.group("dir")
        if not n:
            return None
        if direction in ("ago",):
            base, sign = a, -1
        elif direction in ("from now", "hence"):
            base, sign = a, 1
        elif direction in ("earlier", "before", "prior"):
            base, sign = ref or a, -1
        else:
            base, sign = ref or a, 1
        if base is None:
            return None
        d = _shift(base, sign * n, unit)
        gran = _GRAN[unit]
        if gran == "week":  # the week-long stretch that starts N weeks before/after the base
            return (d, base - ONE_DAY, gran) if sign < 0 else (d, d + 6 * ONE_DAY, gran)
        return d, d, gran

    def _narrative(self, m, a, tense, ref):
        """"the next day", "the previous night", "the following week": counted from the last day-precise
        date the text gave (`ref`), never from publication; unresolved without one."""
        if ref is None:
            return None
        unit = m.group("unit")
        sign = -1 if m.groupdict().get("rel") in ("previous", "preceding") else 1
        if unit in ("week", "month", "year"):
            d = _shift(ref, sign, unit)
            if unit == "week":
                s = d - dt.timedelta(days=d.weekday())
                return s, s + 6 * ONE_DAY, "week"
            if unit == "month":
                return (*_month_range(d.year, d.month), "month")
            return (*_year_range(d.year), "year")
        d = ref + sign * ONE_DAY
        return d, d, "day"

    def _earlier_this(self, m, a, tense, ref):
        if not a:
            return None
        unit, rel = m.group("unit"), m.group("rel")
        if unit == "week":
            s = a - dt.timedelta(days=a.weekday())
            e = s + 6 * ONE_DAY
        elif unit == "month":
            s, e = _month_range(a.year, a.month)
        else:
            s, e = _year_range(a.year)
        if rel == "earlier":
            return s, max(s, a - ONE_DAY), unit
        return min(e, a + ONE_DAY), e, unit


Resolver._shift = Resolver._shift_
RESOLVER = Resolver()


# --- finding the expressions -------------------------------------------------------------------------
_SCAN = re.compile(
    r"(?i)\b(?:"
    r"(?:(?:early|mid|late)[- ])?" + _MONX + r"\s[0-3]?\d(?:st|nd|rd|th)?(?:\s?[-–]\s?[0-3]?\d)?(?:,?\s(?:1[0-9]{3}|20[0-9]{2}))?"
    r"|[0-3]?\d(?:st|nd|rd|th)?(?:\s?[-–]\s?[0-3]?\d)?\s(?:of\s)?" + _MONX + r"(?:,?\s(?:1[0-9]{3}|20[0-9]{2}))?"
    r"|(?:(?:early|mid|late|the\s(?:beginning|start|end|middle)\sof)[- ])(?:" + _MONX +
    r"|(?:1[0-9]{3}|20[0-9]{2})|(?:this|last|next)\syear)"
    r"|(?:earlier|later)\sthis\s(?:week|month|year)"
    r"|(?:at|over|this|last|next)\sthe\sweekend|(?:this|last|next)\sweekend"
    r"|(?:this|last|next)\s(?:spring|summer|autumn|fall|winter|week|month|year)"
    r"|(?:the\s)?(?:past|last|previous|next|coming)\s(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|eighteen|twenty)\s(?:day|week|month|year|decade)s?"
    r"|(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s(?:day|week|fortnight|month|year)s?"
    r"\s(?:ago|earlier|later|prior|before|after|from\snow)"
    r"|(?:yesterday|today|tomorrow|tonight)"
    r"|(?:the\s)?(?:next|following|previous|preceding)\s(?:day|morning|afternoon|evening|night)"
    r"|the\sfollowing\s(?:week|month|year)"
    r"|(?:(?:earlier|later|early|late)\s)?(?:that|the\ssame|that\ssame)\s(?:year|month)"
    r"|the\s(?:previous|preceding)\s(?:year|month)"
    r"|(?:spring|summer|autumn|fall|winter)\s(?:of\s)?(?:1[0-9]{3}|20[0-9]{2})"
    r"|(?:the\s)?(?:first|second|third|fourth|last)\squarter(?:\sof)?(?:\s(?:1[0-9]{3}|20[0-9]{2}))?"
    r"|(?:19|20)\d\d\s?[-–]\s?(?:(?:19|20)\d\d|\d\d)\b"
    r"|(?:between|from)\s(?:1[0-9]|20)\d\d\s(?:and|to|until)\s(?:1[0-9]|20)\d\d"
    r"|(?:the\s)?(?:(?:early|mid|late)[-\s])?(?:1[0-9]|20)\d0'?s"
    r")\b")
_YEAR_RANGE = re.compile(r"(?P<a>(?:1[0-9]|20)\d\d)(?P<sep>\s?[-–/]\s?|\sand\s|\sto\s|\s?[-–]\s?|\suntil\s|\sthrough\s)"
                         r"(?P<b>(?:1[0-9]|20)\d\d|\d\d)$")
_AFTER = re.compile(r"\s(?P<w>ago|earlier|later|prior|before|after|from now)\b", re.I)
_BEFORE = re.compile(r"(?P<w>\b(?:early|mid|late|earlier|later|the (?:beginning|start|end|middle) of|"
                     r"this|last|next))[\s-]$", re.I)
_COUNTED = re.compile(r"(?i)^(?:(?:just|about|some|nearly|almost|only|roughly|more than|less than|over)\s+)*"
                      r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"
                      r"\s(?:day|week|fortnight|month|year|decade)s?$")
_LOWER_MONTH = re.compile(r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
                          r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b")
_DATE_WORD = re.compile(r"(?i)\b(?:yesterday|today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|"
                        r"saturday|sunday)\b")
_ENDS_PRIOR = re.compile(r"\b(prior|before|after)$")
_SINCE = re.compile(r"(?i)\bsince\s+$")
_THAN = re.compile(r"\s+than\b", re.I)
_WORD_START = re.compile(r"(?<=\s)\S")
# a tail of a longer expression is read on its own only when it names the calendar (a year, month or season)
_CALENDAR_WORD = re.compile(r"(?i)\b(?:1[0-9]{3}|20[0-9]{2}|january|february|march|april|may|june|july|august|"
                            r"september|october|november|december|spring|summer|autumn|winter)\b")
# a year or month named by reference to the last period the text gave ("later that year", "the following
# month" after "in March 2009"): read against that period, never against publication
_THAT_PERIOD = re.compile(r"(?:(?P<mod>early|earlier|late|later) )?(?:in )?(?:(?:that|the same|that same) "
                          r"(?P<unit>year|month)|the (?P<rel>following|previous|preceding) (?P<unit2>year|month))")
_PRIOR_TO = re.compile(r"\s*(?:prior\s+to|before|after|ahead\s+of|following)\b", re.I)


_SPEECH = lexicon.words("date_speech_verbs")


def _governor(doc, start_char: int, end_char: int):
    """The verb outside the span that the expression hangs from ("said on Monday" -> said), or None."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span.root
    for _ in range(4):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok not in span:
            return tok
    return None


def _tense(doc, start_char: int, end_char: int) -> Optional[str]:
    """'past' / 'future' / None: the tense of the verb that governs the expression."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") and tok not in span:
            break
        if tok.pos_ in ("NOUN", "PROPN", "NUM", "PRON") and tok not in span:
            rel = [c for c in tok.children if c.dep_ == "relcl" and c.pos_ in ("VERB", "AUX")]
            if rel:  # "the attack in May that killed ..." takes the relative clause's tense
                return _verb_tense(rel[0])
        if tok.head.i == tok.i:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    return _verb_tense(tok)


def _verb_tense(tok, depth=0) -> Optional[str]:
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    lows = {c.lower_ for c in auxes}
    if lows & {"will", "'ll", "shall"} or "going" in lows:
        return "future"
    if tok.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes) or lows & {"has", "have", "'ve", "had"}:
        return "past"
    if "to" in lows and tok.tag_ in ("VB", "VBN"):
        head = tok.head
        if head.lemma_ in ("due", "expect", "plan", "schedule", "set", "intend", "aim", "hope", "prepare") or \
                any(c.lemma_ in ("due", "set") for c in head.children):
            return "future"
        return None if head.tag_ == "VBD" else "future"
    if tok.tag_ == "VBN" and tok.dep_ in ("acl", "relcl", "advcl"):
        return "past"
    if tok.dep_ == "conj" and not auxes and depth < 3 and tok.head.pos_ in ("VERB", "AUX"):
        return _verb_tense(tok.head, depth + 1)  # "began in June and ended by ..." shares the tense
    return None


# --- TimeML values --------------------------------------------------------------------------------------
# Expressions that name no calendar period but the present, the past or the future as such (TimeML's
# PRESENT_REF / PAST_REF / FUTURE_REF). They are listed in `dates` with start/end None.
_UNIT_AHEAD = (r"(?!\s+(?:(?:\w+|\d+)\s+){0,2}(?:days?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies)|"
               r"hours?|minutes?|seasons?|quarters?)\b)")
_REF_SCAN = re.compile(
    r"(?i)\b(?:(?P<present>right\s+now|now(?!\s+that\b)|currently|at\s+present|presently|nowadays|these\s+days|"
    r"at\s+the\s+moment)"
    r"|(?P<past>(?<=\bin\s)the\s+past" + _UNIT_AHEAD + r"|at\s+(?:the|that)\s+time(?!\s+(?:of|when|that)\b)|"
    r"recently|lately)"
    r"|(?P<future>(?<=\bin\s)the\s+future|(?<=\bin\s)future(?=[\s,.;:])))\b")
_REF_VALUE = {"present": "PRESENT_REF", "past": "PAST_REF", "future": "FUTURE_REF"}

_SEASON_CODE = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_V_SEASON = re.compile(r"\b(spring|summer|autumn|fall|winter)\b")
_V_DECADE = re.compile(r"\b(1[0-9]{2}|20[0-9])0'?s\b")
_V_CENTURY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th) century\b")
_V_WEEKEND = re.compile(r"\bweekend\b")
_P_WEEKDAY = re.compile(r"(?:(?:last|next|this|past|previous|coming) )?" + _WD + _PART)
_P_MONTH_DAY = re.compile(_MON + r" " + _DAY)
_P_DAY_MONTH = re.compile(r"(?:the )?" + _DAY + r"(?: of)? " + _MON)
_P_MONTH = re.compile(r"(?:" + _MOD + r" )?(?:(?:last|next|this|past|previous|coming) )?" + _MON)
_P_SEASON = re.compile(r"(?:" + _MOD + r" )?(?:(?:last|next|this|past|previous|coming) )?(?:the )?"
                       r"(?P<season>spring|summer|autumn|fall|winter)")


def timeml_value(start: Optional[str], granularity: Optional[str]) -> Optional[str]:
    """The TimeML value of a calendar start at a granularity ("2016-05-14", "2016-W19", "2016-Q2", "2016")."""
    if not start:
        return None
    d = D.fromisoformat(start[:10])
    gran = granularity or "day"
    if gran == "year":
        return f"{d.year:04d}"
    if gran == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if gran == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if gran == "week":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    return d.isoformat()


def value_of(norm: str, start: Optional[str], granularity: Optional[str]) -> Optional[str]:
    """The TimeML value of a resolved expression (`norm`: its normalised text): the calendar value of its
    start at its granularity, or what that cannot say: a season ("2012-SU"), a decade ("199"), a century
    ("18" for the 19th), a weekend ("2016-W20-WE")."""
    base = timeml_value(start, granularity)
    if base is None:
        return None
    if granularity == "quarter":
        m = _V_SEASON.search(norm)
        if m:
            return f"{start[:4]}-{_SEASON_CODE[m.group(1)]}"
    elif granularity == "year":
        m = _V_CENTURY.search(norm)
        if m:
            return f"{int(m.group(1)) - 1:02d}"
        m = _V_DECADE.search(norm)
        if m:
            return m.group(1)
    elif granularity == "week" and _V_WEEKEND.search(norm):
        return base + "-WE"
    return base


def partial_value(norm: str) -> Optional[str]:
    """The TimeML value of an expression whose year is unknown (no publication date): "XXXX-WXX-5" for a
    Friday, "XXXX-05-14", "XXXX-05", "XXXX-WI"; None where nothing can be said."""
    m = _P_WEEKDAY.fullmatch(norm)
    if m:
        return f"XXXX-WXX-{WEEKDAYS[m.group('wd')] + 1}"
    m = _P_MONTH_DAY.fullmatch(norm) or _P_DAY_MONTH.fullmatch(norm)
    if m and 1 <= int(m.group("day")) <= 31:
        return f"XXXX-{MONTHS[m.group('mon')]:02d}-{int(m.group('day')):02d}"
    m = _P_MONTH.fullmatch(norm)
    if m:
        return f"XXXX-{MONTHS[m.group('mon')]:02d}"
    m = _P_SEASON.fullmatch(norm)
    if m:
        return "XXXX-" + _SEASON_CODE[m.group("season")]
    return None


def _ref_read(text: str, s: int, e: int) -> Optional[str]:
    """PRESENT_REF / PAST_REF / FUTURE_REF when text[s:e] is exactly such an expression, else None."""
    m = _REF_SCAN.fullmatch(text, s, e)
    if m is None:
        return None
    return _REF_VALUE[m.lastgroup]


def _candidates(doc, text: str) -> list:
    """Character spans of temporal expressions: NER DATE/TIME entities, widened by modifiers the NER left
    out ("late" November, three weeks "prior"), and regex finds the NER missed."""
    spans = []
    for e in doc.ents:
        if e.label_ == "DATE" or (e.label_ == "TIME" and _DATE_WORD.search(e.text)):
            s, t = e.start_char, e.end_char
            m = _BEFORE.search(text, max(0, s - 40), s)
            if m:
                s = m.start("w")
            m = _AFTER.match(text, t)
            if m and _COUNTED.match(e.text):
                t = m.end()
            spans.append((s, t, True))
    for m in _SCAN.finditer(text):
        if _LOWER_MONTH.search(m.group(0)):  # "the 2 may not", "a march on the capital"
            continue
        spans.append((m.start(), m.end(), False))
    for m in _REF_SCAN.finditer(text):
        spans.append((m.start(), m.end(), False))
    spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    return spans


def extract(doc, ctx) -> list:
    """Every temporal expression in the Doc as a When, resolved against ctx.published where possible."""
    text = doc_text(doc)
    anchor = ctx.published
    cands = _candidates(doc, text)
    # cluster overlapping candidates
    clusters, cur, cur_end = [], [], -1
    for c in cands:
        if cur and c[0] >= cur_end:
            clusters.append(cur)
            cur = []
        cur.append(c)
        cur_end = max(cur_end, c[1]) if len(cur) > 1 else c[1]
    if cur:
        clusters.append(cur)
    out, ref = [], None  # ref: (date, char offset) of the last day-precise date the text gave
    period = None        # (start, granularity) of the last date of a day, month or year the text gave
    uses = {}
    for cluster in clusters:
        chosen = []  # longest readable candidates first, then readable ones beside them
        for s, e, _ in sorted(cluster, key=lambda c: -(c[1] - c[0])):
            if any(s < w.span[1] and w.span[0] < e for w in chosen):
                continue
            chosen.extend(_read(doc, text, s, e, anchor, ref, period) or ())
        for w in sorted(chosen, key=lambda w: w.span[0]):
            out.append(w)
            if w.start:
                gov = _governor(doc, w.span[0], w.span[1])
                if gov is not None and lemma(gov) in _SPEECH:  # read by for_event
                    uses[tuple(w.span)] = DateUse(speech=True)
            if w.start and w.granularity == "day" and w.start == w.end:
                ref = (D.fromisoformat(w.start), w.span[0])
            if w.start and w.granularity in ("day", "month", "year") and w.end != (anchor.isoformat() if anchor else None):
                period = (D.fromisoformat(w.start), w.granularity)
    ctx.date_uses = uses
    return out


def _that_period(norm: str, period) -> Optional[tuple]:
    """(start, end, granularity) of "that year", "later that month", "the following year" ... against the last
    period the text gave (`period`: its start and granularity), or None when the expression is none of these
    or names a finer period than the one given ("that month" after "in 2009")."""
    m = _THAT_PERIOD.fullmatch(norm)
    if m is None or period is None:
        return None
    start, gran = period
    unit = m.group("unit") or m.group("unit2")
    if unit == "month" and gran == "year":
        return None
    sign = {"following": 1, "previous": -1, "preceding": -1}.get(m.group("rel"), 0)
    if unit == "year":
        s, e = _year_range(start.year + sign)
    else:
        k = start.year * 12 + start.month - 1 + sign
        s, e = _month_range(k // 12, k % 12 + 1)
    if m.group("mod") in ("early", "late"):  # "late that year" narrows; "later that year" is that year
        s, e = _narrow(s, e, unit, m.group("mod"))
    return s, e, unit


def _read(doc, text, s, e, anchor, ref, period=None) -> Optional[list]:
    """The When(s) a candidate span stands for, or None when it is no date (duration, age, set)."""
    surface = text[s:e]
    stripped = surface.rstrip(" ,.;:'’s") if surface.endswith(("'s", "’s")) else surface
    if stripped != surface:
        e = s + len(stripped.rstrip())
        surface = text[s:e]
    if _THAN.match(text, e):  # "two weeks later than planned" is a comparison, not a date
        return None
    ref_value = _ref_read(text, s, e)
    if ref_value is not None:
        return [When(text=surface, value=ref_value, span=[s, e])]
    norm = RESOLVER.normalise(surface)[0]

    m = _YEAR_RANGE.search(surface)
    if m and _YEAR_RANGE.fullmatch(norm or ""):
        a0 = s + m.start("a")
        b0 = s + m.start("b")
        ya = int(m.group("a"))
        yb_s = m.group("b")
        yb = int(yb_s) if len(yb_s) == 4 else ya // 100 * 100 + int(yb_s)
        if yb <= ya:
            return None
        return [When(text=m.group("a"), start=f"{ya}-01-01", end=f"{ya}-12-31", granularity="year",
                     value=f"{ya:04d}", span=[a0, a0 + 4]),
                When(text=yb_s, start=f"{yb}-01-01", end=f"{yb}-12-31", granularity="year",
                     value=f"{yb:04d}", span=[b0, b0 + len(yb_s)])]
    tense = _tense(doc, s, e)
    low = surface.lower()
    ref_date = ref[0] if ref else None
    m = _ENDS_PRIOR.search(low)
    if m and _PRIOR_TO.match(text, s + m.start(1)):
        # "N weeks prior to <something>": read as <something> = a date given earlier in the same
        # sentence + N ("met on May 3, two weeks before the vote" -> the vote); else unresolved
        if ref is None or ref[1] < _sentence_start(doc, s):
            return [When(text=surface, span=[s, e])]
        r = RESOLVER.resolve(low[:m.start(1)] + "later", anchor, tense, ref_date)
    else:
        r = _that_period(norm, period) or RESOLVER.resolve(surface, anchor, tense, ref_date)
    if r is None and e - s > 12:
        m = _DATE_WORD.search(surface)  # "09:30 local time Friday": the day it names
        if m:
            return _read(doc, text, s + m.start(), s + m.end(), anchor, ref, period)
        for m in _WORD_START.finditer(surface, 1):  # "the long hot summer of 2015": the longest tail that reads
            tail = surface[m.start():]
            if _CALENDAR_WORD.search(tail) and RESOLVER.resolve(tail, anchor, tense, ref_date) is not None:
                return _read(doc, text, s + m.start(), e, anchor, ref, period)
    if r is None:
        if _unresolvable_relative(surface, anchor) is False:
            return None
        return [When(text=surface, value=partial_value(norm), span=[s, e])]
    start, end, gran = r
    if anchor is not None and _SINCE.search(text, max(0, s - 12), s) and start <= anchor:
        end = max(end, anchor)  # "since 2009": from then until publication
    return [When(text=surface, start=start.isoformat(), end=end.isoformat(), granularity=gran,
                 value=value_of(norm, start.isoformat(), gran), span=[s, e])]


def _unresolvable_relative(surface: str, anchor) -> bool:
    """True when the span is a relative date we could read with a publication date but there is none."""
    if anchor is not None:
        return False
    r = RESOLVER.resolve(surface, D(2000, 6, 15), None, D(2000, 6, 15))
    return r is not None


def _sentence_start(doc, char):
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.sent.start_char if span is not None else 0


_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s+(?:but|while|whereas|although|though|and|which|who|after|before|when|as|"
                           r"since|until|because)\b|\b(?:but|while|whereas)\b")


_ANAPHORIC = re.compile(r"(?i)\b(?:at\s+(?:the|that)\s+time(?!\s+(?:of|when|that)\b)|that\s+(?:day|night|morning|evening|"
                        r"afternoon)|the\s+same\s+day|back\s+then|at\s+that\s+point)\b")
_CARRY_BACK = 3  # sentences a carried date may come from


def for_event(ctx, sent_start: int, sent_end: int, trigger_start: int):
    """The When an event in the sentence [sent_start, sent_end) takes: the resolved date its sentence
    gives, preferring one in the trigger's clause, then the nearest to the trigger. A sentence with no
    date takes one from the sentences just before it (same paragraph) only when it is clearly the same
    occasion (see `carried`); else None."""
    inside = [w for w in ctx.dates if w.start and w.span and sent_start <= w.span[0] < sent_end]
    if not inside:
        return carried(ctx, sent_start, sent_end)
    text = ctx.raw.text if getattr(ctx, "raw", None) is not None else None

    def cost(w):
        s, e = w.span
        dist = trigger_start - e if e <= trigger_start else s - trigger_start
        dist = max(0, dist)
        broken = False
        if text is not None:
            lo, hi = (e, trigger_start) if e <= trigger_start else (trigger_start, s)
            broken = bool(_CLAUSE_BREAK.search(text, lo, hi)) if hi > lo else False
        return (broken, dist)
    return min(inside, key=cost)


def _speakers(ctx, s0: int, s1: int) -> set:
    out = set()
    for q in ctx.quotes or ():
        if q.span and q.span[0] < s1 and s0 < q.span[1] and q.speaker is not None:
            name = (q.speaker.name or q.speaker.text or "").lower()
            if name:
                out.add(name)
    return out


def _runs_to_publication(w, published) -> bool:
    """"the past three years", "since 2009": a stretch up to publication, not the time of one occasion."""
    return published is not None and w.end == published.isoformat() and w.start != w.end


def _paragraph_break(text: str, start: int, end: int) -> bool:
    """True when a line break separates the words of text[start:end] (two sentences side by side); spaCy
    keeps the break inside one of them as a whitespace token."""
    return "\n" in text[start:end].strip()


def carried(ctx, sent_start: int, sent_end: int):
    """The date a sentence with none of its own takes from the up to three sentences before it in the same
    paragraph, in two cases only:
    - it continues a quote of the same speaker as those sentences ('..., she said on Monday. "...," she
      said.'): the date of the speech act there (a date hanging from the speech verb);
    - it refers back with an anaphoric time phrase ("at the time", "that day", "back then"): the last
      date the sentence before gave (not a stretch up to publication); a sentence between that again
      refers back or continues the quote is passed over.
    Otherwise None. (A learned carrier — a logistic model over every earlier date of the text, with distance,
    paragraph, granularity, same-type and shared-actor features — was tried on one silver document fold: of
    987 labelled events these rules leave undated, 83 have a date and 67 of those a reachable one, but the
    model's picks were never more right than wrong at any threshold (0.15: 14 right, 36 wrong); left out.)"""
    sents = getattr(ctx, "sentences", None)
    raw = getattr(ctx, "raw", None)
    if not sents or raw is None:
        return None
    text = raw.text
    i = bisect.bisect_right(sents, (sent_start, float("inf"))) - 1
    if i <= 0:
        return None
    speakers = _speakers(ctx, sent_start, sent_end)
    anaphoric = bool(_ANAPHORIC.search(text, sent_start, sent_end))
    for j in range(i - 1, max(-1, i - 1 - _CARRY_BACK), -1):
        if not (speakers or anaphoric):
            return None
        ps, pe = sents[j]
        if _paragraph_break(text, ps, sents[j + 1][1]):
            return None
        dated = [w for w in ctx.dates if w.start and w.span and ps <= w.span[0] < pe]
        same = speakers & _speakers(ctx, ps, pe) if speakers else set()
        if same:
            said = [w for w in dated if ctx.date_use(w).speech]
            if said:
                return said[0]
        if anaphoric:
            points = [w for w in dated if not _runs_to_publication(w, ctx.published)]
            if points:
                return points[-1]
            if dated:
                return None
        speakers = same
        anaphoric = anaphoric and (bool(same) or bool(_ANAPHORIC.search(text, ps, pe)))
    return None


COMPONENT = "sitroom_dates"


@Language.factory(COMPONENT, requires=["doc.ents", "doc.sents", "token.dep"],
                  assigns=["doc._.sitroom_dates", "doc._.sitroom_date_uses"])
def make_component(nlp, name):
    """The dates stage as a spaCy component: reads NER dates and the text, against the publication date -> every temporal expression."""
    return stage_component("dates", sys.modules[__name__])
