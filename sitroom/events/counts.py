"""counts: reads one sentence (spaCy Span) and an event's trigger Token -> writes records.Counts.

`counts_for(sent, trigger)` finds the numbers of the sentence that count the
event's dead (`killed`), wounded (`injured`) or participants / strikes
(`size`), following spec/annotation.md rule 7. It works from the parse: a
number is read through the noun it counts ("two soldiers", "dozens of
people") and the word that governs that noun ("were killed", "left … dead",
"death toll rose to …"). When several events share a sentence, numbers in the
trigger's own clause win over numbers of its subtree, which win over the
clause of the verb above a noun trigger; conjoined or adverbial clauses with
their own subject belong to other events. `size` must sit in the trigger's own
clause, and vague quantities give no size.

Not counts: years, dates, times, ages, percentages, money and measures
(NER DATE/TIME/PERCENT/MONEY/QUANTITY/ORDINAL, or a unit noun such as
"years", "km", "percent").

Vague quantities take fixed values, chosen to be a conservative reading of
the word (documented so that users can rely on them): "a dozen" = 12,
"dozens" = 24, "scores" = 40, "hundreds" = 200, "thousands" = 2000,
"tens of thousands" = 20000, "hundreds of thousands" = 200000,
"millions" = 2000000. "More than 250", "at least 19", "nearly 12,000",
"about 350" give the stated number.

`parse_number(text)` is the number reader (digits, "1.2 million", word
numbers up to the millions); other stages may reuse it.
"""
from __future__ import annotations

import re
from typing import Optional

from ..records import Counts
from .. import lexicon
from ..parse_helpers import is_verbal, lemma

NAME = "sitroom.counts.v1"

# --- number reading ---------------------------------------------------------

_NUMBERS = lexicon.rows("number_words")
_UNITS = {r["term"]: int(r["value"]) for r in _NUMBERS if r["kind"] == "unit"}
_TENS = {r["term"]: int(r["value"]) for r in _NUMBERS if r["kind"] == "ten"}
_SCALES = {r["term"]: int(r["value"]) for r in _NUMBERS if r["kind"] == "scale"}
_SCALE_ABBR = {r["term"]: int(r["value"]) for r in _NUMBERS if r["kind"] == "scale-abbreviation"}
# Vague quantities (see the module docstring).
VAGUE = lexicon.mapping("count_vague", cast=lexicon.number)
_NUMBER_WORDS = set(_UNITS) | set(_TENS) | set(_SCALES) | set(VAGUE) | {"a", "an", "and", "of"}

_DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
_DIGITS_ABBR = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|bn)$", re.I)
_SPLIT = re.compile(r"[\s\-]+")


def _digits(word: str) -> Optional[float]:
    m = _DIGITS.match(word)
    if m:
        return float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
    m = _DIGITS_ABBR.match(word)
    if m:
        return float(m.group(1)) * _SCALE_ABBR[m.group(2).lower()]
    return None


def parse_number(text: str) -> Optional[int]:
    """The integer a number phrase states, or None.

    "19" -> 19, "12,000" -> 12000, "1.2 million" -> 1200000, "twenty-five" -> 25,
    "two hundred" -> 200, "a dozen" -> 12, "dozens" -> 24, "tens of thousands" -> 20000.
    Leading hedges are ignored ("more than 250" -> 250). Returns None for text with no number.
    """
    words = [w for w in _SPLIT.split(text.lower().strip()) if w]
    # drop hedges before the number ("at least", "nearly", "about" …)
    while words and words[0] not in _NUMBER_WORDS and _digits(words[0]) is None:
        words.pop(0)
    if not words:
        return None
    if words[0] in ("a", "an") and len(words) > 1:
        words = words[1:]
    if words[:3] in (["tens", "of", "thousands"], ["hundreds", "of", "thousands"]):
        return {"tens": 20_000, "hundreds": 200_000}[words[0]]
    if len(words) == 1 and words[0] in VAGUE and words[0] != "tens":
        return VAGUE[words[0]]
    total, current, seen = 0.0, 0.0, False
    for w in words:
        d = _digits(w)
        if d is not None:
            current += d
            seen = True
        elif w in _UNITS:
            current += _UNITS[w]
            seen = True
        elif w in _TENS:
            current += _TENS[w]
            seen = True
        elif w in _SCALES:
            scale = _SCALES[w]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0.0
            seen = True
        elif w == "dozen":
            current = (current or 1) * 12
            seen = True
        elif w == "and":
            continue
        elif seen:
            break  # the number ended ("27 people")
        else:
            return None
    if not seen:
        return None
    return int(round(total + current))


# --- what a number counts ----------------------------------------------------

_SKIP_ENTS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}
_MEASURES = lexicon.words("count_measures")
_CURRENCY = lexicon.words("count_currency")
_KILL_WORDS = lexicon.words("count_kill_words")
_INJURE_WORDS = lexicon.words("count_injure_words")
_LIFE_VERBS = {"claim", "cost", "take", "lose"}
_SIZE_NOUNS = lexicon.words("count_size_nouns")
_PERSON_NOUNS = lexicon.words("count_person_nouns")
_CLAUSE_DEPS = {"advcl", "ccomp", "conj", "parataxis", "relcl", "acl", "xcomp", "csubj"}
_CORE_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "oprd", "npadvmod", "appos", "dative", "agent",
              "conj", "ROOT", "ccomp", "xcomp", "advcl", "acomp"}


def _number_heads(sent):
    """(head token, value) for each number phrase of the sentence (the phrase's last number token)."""
    out = []
    toks = list(sent)
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        low = t.lower_
        is_num = t.like_num or low in VAGUE or (low == "dozen")
        if is_num and low == "one" and not _counting_one(toks, i):
            is_num = False
        if not is_num:
            i += 1
            continue
        # extend over a phrase of number tokens ("1.2 million", "twenty five", "tens of thousands")
        j = i
        while j + 1 < n and (toks[j + 1].like_num or toks[j + 1].lower_ in _SCALES or toks[j + 1].lower_ == "dozen"
                             or toks[j + 1].lower_ in ("thousands", "millions")
                             or (toks[j + 1].lower_ == "of" and low in ("tens", "hundreds") and j + 2 < n
                                 and toks[j + 2].lower_ in ("thousands", "millions"))
                             or (toks[j + 1].lower_ == "-" and j + 2 < n and toks[j + 2].like_num)):
            j += 1
        start = i
        if i > 0 and toks[i - 1].lower_ in ("a", "an") and toks[j].lower_ in ("dozen", "hundred", "thousand", "million"):
            start = i - 1
        phrase = " ".join(x.text for x in toks[start:j + 1])
        value = parse_number(phrase)
        if value is not None and _countable(toks, i, j, low):
            # the token that carries the phrase in the parse: the one whose head is outside the phrase
            head = toks[j]
            for x in toks[i:j + 1]:
                if not (i <= x.head.i - toks[0].i <= j) or x.head == x:
                    head = x
                    break
            out.append((head, value))
        i = j + 1
    return out


def _counting_one(toks, i) -> bool:
    """'one' as a count ("one soldier was killed"), not a pronoun ("no one", "the one in March",
    "one-time partners")."""
    t = toks[i]
    if t.tag_ != "CD" or t.dep_ != "nummod":
        return False
    if i + 1 < len(toks) and toks[i + 1].text in ("-", "–"):
        return False
    return not (i > 0 and toks[i - 1].lower_ in ("no", "any", "the", "every", "some", "each", "this", "that"))


def _countable(toks, i, j, low) -> bool:
    first, last = toks[i], toks[j]
    if any(t.ent_type_ in _SKIP_ENTS for t in toks[i:j + 1]):
        # NER sometimes types "at least 27 people" oddly; trust it only for real dates/money/etc.
        if not (first.ent_type_ == "DATE" and _kill_or_size_noun(last)):
            return False
    if i > 0 and toks[i - 1].text.lower() in _CURRENCY:
        return False
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if nxt is not None:
        nl = nxt.lower_
        if nl in ("%", "percent", "per", "pc") or nl in _CURRENCY:
            return False
        if nl == "-" and j + 2 < len(toks) and lemma(toks[j + 2]) in _MEASURES:
            return False  # "12-year-old", "5-km"
        if lemma(nxt) in _MEASURES and nl not in ("times",) and not lemma(nxt) == "point":
            return False
    txt = first.text
    if len(txt) == 4 and txt.isdigit() and 1800 <= int(txt) <= 2100 and i == j:
        return False  # a year
    if low in ("scores", "tens", "hundreds", "thousands", "millions") and i == j:
        # vague plurals count only as "X of N" or as arguments of a verb
        if not (nxt is not None and nxt.lower_ == "of") and first.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            return False
    if low == "scores" and not (nxt is not None and nxt.lower_ == "of"):
        return False
    return True


def _kill_or_size_noun(tok) -> bool:
    h = tok.head
    return lemma(h) in _SIZE_NOUNS or lemma(h) in _PERSON_NOUNS


def _counted_noun(num):
    """The noun a number counts (itself when it stands alone), and the noun behind "of" ("dozens of people")."""
    noun = num.head if num.dep_ in ("nummod", "quantmod", "compound", "advmod", "amod") and num.head != num else num
    of_noun = None
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj":
                    of_noun = p
    return noun, of_noun


def _kind(num) -> Optional[str]:
    """'killed', 'injured', 'size' or None: what the number counts, read from the parse."""
    noun, of_noun = _counted_noun(num)
    nl = lemma(noun)
    if noun != num and nl in ("strong",):  # "a 5,000-strong force"
        return "size"
    if nl in _MEASURES or (of_noun is not None and lemma(of_noun) in _MEASURES):
        return None
    words = {nl}
    if of_noun is not None:
        words.add(lemma(of_noun))
    for c in noun.children:
        if c.dep_ in ("amod", "acl", "relcl", "compound", "appos", "conj") and c.i != num.i:
            words.add(lemma(c))
            words.add(c.lower_)
    head = noun.head
    dep = noun.dep_
    if dep == "pobj" and head.dep_ == "prep":
        prep = head.lower_
        head = head.head
        dep = "pobj:" + prep
    verb = head if head != noun else None
    verbs = set()
    if verb is not None:
        verbs.add(lemma(verb))
        verbs.add(verb.lower_)
        # "left 12 dead", "found 5 dead", "the death toll rose to 40"
        for c in verb.children:
            if c.dep_ in ("oprd", "acomp", "xcomp") and c.i != noun.i:
                verbs.add(lemma(c))
            if c.dep_ in ("nsubj", "nsubjpass") and c.i != noun.i and lemma(c) in ("toll", "death", "casualty"):
                verbs.add(lemma(c))
                verbs.update(lemma(x) for x in c.children if x.dep_ in ("compound", "amod"))
        if lemma(verb) in ("toll", "casualty"):
            verbs.update(lemma(x) for x in verb.children if x.dep_ in ("compound", "amod"))
    core = dep in _CORE_DEPS or dep in ("pobj:to", "pobj:of", "pobj:at", "pobj:by", "pobj:from") or noun.dep_ in ("nsubj", "nsubjpass", "dobj")
    near = words | (verbs if core else set())
    if "injury" in near and "toll" in near:
        return "injured"
    if near & _KILL_WORDS or (nl == "life" and verbs & _LIFE_VERBS):
        if not (words & _INJURE_WORDS):
            return "killed"
    if near & _INJURE_WORDS:
        return "injured"
    if nl in _SIZE_NOUNS or (of_noun is not None and lemma(of_noun) in _SIZE_NOUNS) or (nl + "s") in _SIZE_NOUNS:
        return "size"
    if noun == num and core and verb is not None and of_noun is None:
        return "size:bare"  # "10,000 marched", "rescued 600": a count of participants or objects
    return None


def _has_subject(tok) -> bool:
    return any(x.dep_ in ("nsubj", "nsubjpass") for x in tok.children)


def _tokens_below(tok, skip) -> set:
    """Token ids of tok's subtree, not descending into children for which skip(child) is true."""
    ids, stack = set(), [tok]
    while stack:
        t = stack.pop()
        ids.add(t.i)
        stack.extend(c for c in t.children if not skip(c))
    return ids


def _clause_tokens(tok):
    """Token ids of tok's own clause: its subtree minus embedded clauses with their own subject."""
    return _tokens_below(tok, lambda c: c.dep_ in ("ccomp", "parataxis", "relcl", "csubj")
                         or (c.dep_ in ("conj", "advcl") and _has_subject(c)))


def _subtree_without_events(tok):
    """Token ids of tok's subtree minus conjoined or adverbial clauses with their own subject
    ("…, while 3,000 protesters rallied"): those report other events."""
    return _tokens_below(tok, lambda c: c.dep_ in ("conj", "advcl", "parataxis") and _has_subject(c))


def _clause_head(tok):
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head != t:
        t = t.head
    return t


def _verb_above(tok, stop=None):
    """The nearest verb above tok (not tok itself), or the sentence root when none; stops at `stop`."""
    t = tok
    while t.head != t:
        t = t.head
        if stop is not None and t == stop:
            return t
        if is_verbal(t):
            return t
    return t


_ANNOUNCE = lexicon.words("count_announce_verbs")


def _size_attaches(num, trigger) -> bool:
    """A size belongs to the event when the number sits in the trigger's own clause: the nearest verb
    above the number is the trigger (or a to-infinitive complement of it, "plan to deploy 250
    troops"); for a noun trigger the number must also be inside its phrase ("nearly 12,000 strikes")."""
    noun_trigger = not is_verbal(trigger)
    noun = _counted_noun(num)[0]
    if noun.dep_ == "pobj" and noun.head.lower_ in ("from", "since"):
        return False  # a starting level: "cutting back from a high of 3,100"
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        np = noun.head.head  # "from a high of 3,100"
        if np.dep_ == "pobj" and np.head.lower_ in ("from", "since"):
            return False
    if noun_trigger and num.i not in {t.i for t in trigger.subtree}:
        return False
    v = _verb_above(num, stop=trigger)
    if v == trigger:
        return True
    if v.dep_ in ("xcomp", "acl") and v.head == trigger and any(c.lower_ == "to" for c in v.children):
        return True
    if v.dep_ == "ccomp" and v.head == trigger and lemma(trigger) in _ANNOUNCE:
        return True  # "announced that 250 sailors would head home"
    if noun_trigger:
        return v == _verb_above(trigger)  # no verb between the number and the trigger noun
    # a verbless fragment around the trigger ("the air force bombed X, for a total of 900 sorties")
    return v == trigger.head and not is_verbal(v)


def counts_for(sent, trigger, event_type: Optional[str] = None) -> Counts:
    """Counts (killed, injured, size) the sentence gives for the event whose trigger token is `trigger`.

    killed/injured: numbers in the trigger's own clause win over those of its subtree, which win over
    the clause of the verb above a noun trigger. size: only numbers of the trigger's own clause, and
    no vague quantities ("hundreds of militants" is no size). `event_type` (PLOVER type, optional)
    keeps deaths out of verbal events unless they sit in the trigger's own clause.
    """
    nums = _number_heads(sent)
    if not nums:
        return Counts()
    own = _clause_tokens(trigger)
    sub = _subtree_without_events(trigger)
    head = _clause_head(trigger)
    around = _clause_tokens(head) | ({t.i for t in head.subtree} if head != trigger else set())
    if head == trigger and trigger.dep_ != "ROOT" and trigger.head.dep_ == "ROOT" \
            and not is_verbal(trigger.head):
        around |= {t.i for t in sent}  # a verbless root: the trigger's clause is the whole sentence
    killish = lemma(trigger) in _KILL_WORDS or trigger.lower_ in ("dead", "death", "deaths")
    violent = event_type in (None, "ASSAULT", "COERCE")
    best: dict = {}
    for num, value in nums:
        kind = _kind(num)
        if kind is None:
            continue
        if num.i in own:
            level = 0
        elif num.i in sub:
            level = 1
        elif num.i in around:
            level = 2
        else:
            continue
        if kind == "size:bare":
            if killish and level <= 2:
                kind = "killed"  # a bare number under a death word: "the toll ... from 1,000"
            else:
                kind = "size"
        if kind == "size":
            if killish and num.i in sub and lemma(_counted_noun(num)[0]) in _PERSON_NOUNS:
                kind = "killed"  # "at least 70 people had died"
            elif _vague(num) or not _size_attaches(num, trigger):
                continue
        if kind in ("killed", "injured") and level > 0 and not violent:
            continue
        key = (level, abs(num.i - trigger.i))
        if kind not in best or key < best[kind][0]:
            best[kind] = (key, value)
    return Counts(killed=best["killed"][1] if "killed" in best else None,
                  injured=best["injured"][1] if "injured" in best else None,
                  size=best["size"][1] if "size" in best else None)


def _vague(num) -> bool:
    return num.lower_ in VAGUE or any(c.lower_ in VAGUE for c in num.children if c.dep_ in ("nummod", "quantmod"))
