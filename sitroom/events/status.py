"""status: reads one sentence (spaCy Span) and an event's trigger Token -> writes the event's status.

`status_of(sent, trigger, event_type=None)` returns one of records.STATUSES,
following spec/annotation.md rule 3:

- "asserted": reported as happened or going on;
- "future": announced, planned, expected, promised ("will withdraw", "plans to",
  "is expected to", "is set to", "agreed to", "the planned withdrawal");
- "hypothetical": conditional, possible or feared ("could launch", "may", "if X
  attacks", "threatened to", "fears of an offensive", "a pullout is possible");
- "negated": reported as not happening ("did not attack", "not a single shot
  was fired", "no one was killed", "have yet to reach", "failed to", "denied
  staging").

It reads the grammar, nearest marker first: the trigger's own children (neg, modal
aux, mark "if", determiner "no", modifiers such as "planned"), then each head above
it up to the clause root, where the head's word says what it does to what it
governs (plan/expect → future, fear/threaten/prevent → hypothetical, fail/refuse/deny
→ negated, begin/continue/help → passes its own status down). Clause boundaries
that start a new assertion (relative clauses, reported speech) stop the climb.
For THREATEN the threat itself is asserted, and for REJECT the refusal or denial is
the event (its negative word is not a negation).
"""
from __future__ import annotations

from typing import Optional

from .. import lexicon
from ..parse_helpers import is_verbal, lemma, negated

NAME = "sitroom.status.v1"

ASSERTED, FUTURE, HYPOTHETICAL, NEGATED = "asserted", "future", "hypothetical", "negated"

_NEG_WORDS = lexicon.words("status_negation_words")
_FUTURE_AUX = lexicon.words("status_future_aux")
_HYP_AUX = lexicon.words("status_hypothetical_aux")
_COND_MARKS = {"if", "unless", "whether", "lest"}
_NO_DETS = {"no"}
_NOBODY = {"nobody", "none", "nothing", "noone"}

# Heads whose complement (xcomp / acl / ccomp / object) is not (yet) real.
_FUTURE_HEADS = lexicon.words("status_future_heads")
_HYP_HEADS = lexicon.words("status_hypothetical_heads")
_NEG_HEADS = lexicon.words("status_negated_heads")
# Heads that pass their own status to what they govern ("began to withdraw", "helped them regroup").
_PASS_HEADS = lexicon.words("status_pass_heads")
_FUTURE_MODS = lexicon.words("status_future_modifiers")
_HYP_MODS = lexicon.words("status_hypothetical_modifiers")
_NEG_MODS = lexicon.words("status_negated_modifiers")
_TEMPORAL_MARKS = lexicon.words("status_temporal_marks")
_REFUSAL = lexicon.words("status_refusal_words")

# Dependencies along which a trigger inherits the status of the word above it.
_ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "prep", "attr", "oprd", "dative", "agent",
             "npadvmod", "xcomp", "acomp", "compound", "amod", "nmod", "appos", "poss", "pcomp",
             "csubj", "csubjpass", "advmod", "aux", "auxpass", "prt", "quantmod", "nummod"}


def _would_conditional(tok) -> bool:
    """A 'would' clause that is conditional: it has an if-clause, or it sits in one."""
    for c in tok.children:
        if c.dep_ == "advcl" and any(m.lower_ in _COND_MARKS for m in c.children if m.dep_ == "mark"):
            return True
        if c.dep_ == "prep" and c.lower_ in ("without",):
            return True
    return False


_CAUSE_NOUNS = lexicon.words("status_cause_nouns")
_NEXT = {"next", "coming", "upcoming", "following"}


def _future_time(verb) -> bool:
    """The verb's own time adverbial points ahead ("next week", "in the coming weeks", "tomorrow")."""
    for c in verb.children:
        if c.dep_ in ("npadvmod", "advmod", "prep", "tmod"):
            words = [c] + [t for t in c.subtree]
            if c.lower_ == "tomorrow" or any(t.lower_ in _NEXT for t in words):
                if any(t.ent_type_ == "DATE" or lemma(t) in ("week", "month", "year", "day", "weekend")
                       for t in words) or c.lower_ == "tomorrow":
                    return True
    return False


def _litotes(noun) -> bool:
    """'no small feat', 'no less than': a 'no' that does not negate."""
    return any(c.dep_ in ("amod", "advmod") and c.lower_ in ("small", "little", "less", "mean", "short", "fewer")
               for c in noun.children)


def _local(tok, trigger, event_type) -> Optional[str]:
    """The status the token's own grammatical markers give, or None when it has none."""
    children = list(tok.children)
    deps = {c.dep_ for c in children}
    # negation on the word itself
    for c in children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never",)):
            if tok == trigger and event_type == "REJECT" and lemma(tok) in _REFUSAL and c.lower_ == "not":
                return NEGATED
            return NEGATED
        if c.dep_ == "det" and c.lower_ in _NO_DETS and tok.pos_ in ("NOUN", "PROPN", "PRON", "NUM") \
                and not _litotes(tok):
            return NEGATED
    if is_verbal(tok):
        # "no one was killed", "nobody attacked", "not a single shot was fired"
        for c in children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj"):
                if c.lower_ in _NOBODY or (c.lower_ == "one" and any(d.lower_ == "no" for d in c.children)):
                    return NEGATED
                if any(d.dep_ in ("det", "neg") and d.lower_ in ("no", "not") for d in c.children) \
                        and c != trigger and not _litotes(c):
                    return NEGATED
        # "have yet to reach"
        if any(c.dep_ == "advmod" and c.lower_ == "yet" for c in children) and "xcomp" in deps \
                and lemma(tok) in ("have", "be"):
            return NEGATED
    # modals and conditionals
    cond = any(c.dep_ == "mark" and c.lower_ in _COND_MARKS for c in children)
    if cond:
        return HYPOTHETICAL
    for c in children:
        if c.dep_ in ("aux", "auxpass"):
            low = c.lower_
            if tok == trigger and event_type == "REQUEST":
                continue  # "should hand over", "must do more": the demand itself
            if low in _HYP_AUX:
                return HYPOTHETICAL
            if low == "would" or low == "'d":
                return HYPOTHETICAL if _would_conditional(tok) else FUTURE
            if low in _FUTURE_AUX:
                return HYPOTHETICAL if _would_conditional(tok) else FUTURE  # "if …, they will …"
    # a present-tense clause about a coming time: "talks resume next week"
    if tok == trigger and tok.tag_ in ("VBZ", "VBP", "VBG") and _future_time(tok):
        return FUTURE
    # "is going to", "is about to" are heads; "to be held" (infinitival relative) is future
    if tok.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in children) \
            and tok.head.pos_ in ("NOUN", "PROPN"):
        return FUTURE
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in children:
            if c.dep_ in ("amod", "compound", "nmod", "acl"):
                low = c.lower_
                if low in _FUTURE_MODS:
                    return FUTURE
                if low in _HYP_MODS:
                    return HYPOTHETICAL
                if low in _NEG_MODS:
                    return NEGATED
    # copula with a modal adjective: "a pullout is possible", "a clash was unlikely"
    if lemma(tok) == "be":
        for c in children:
            if c.dep_ == "acomp":
                if lemma(c) in ("possible", "likely", "unlikely", "probable", "conceivable", "imminent"):
                    return FUTURE if lemma(c) == "imminent" else HYPOTHETICAL
    return None


def _governs(head, child, event_type) -> Optional[str]:
    """What the word `head` does to the clause or noun `child` below it, or None (no effect)."""
    lem = lemma(head)
    low = head.lower_
    dep = child.dep_
    if dep in ("nsubj", "nsubjpass") and lem not in ("possible", "likely"):
        return None  # a subject is not under the verb's meaning ("the attack prevented ...")
    if lem in _NEG_HEADS or low in _NEG_HEADS:
        if lem == "rule" and not any(c.lower_ == "out" for c in head.children):
            return None
        if lem == "drop" and dep != "xcomp":
            return None
        if dep in ("xcomp", "dobj", "pcomp", "ccomp", "pobj", "prep"):
            return NEGATED
    if lem in _HYP_HEADS or low in _HYP_HEADS:
        if lem in ("warn", "suggest", "worry", "concern") and dep == "ccomp":
            return None  # "warned that X could" — the modal below decides
        if lem == "stop" and dep in ("xcomp", "pcomp", "dobj") and child.tag_ == "VBG":
            return NEGATED  # "stopped attacking"
        return HYPOTHETICAL
    if lem in _FUTURE_HEADS or low in _FUTURE_HEADS:
        if dep in ("xcomp", "acl", "ccomp", "dobj", "pobj", "prep", "pcomp", "advcl", "compound", "amod", "poss"):
            if lem in ("call", "push", "press") and dep == "prep" and child.lower_ == "for":
                return FUTURE  # "called for a ceasefire"
            if lem in ("call", "push", "press", "set", "go", "order", "ask", "deal", "agreement", "vote",
                       "mission", "strategy", "program", "programme", "offer", "bid", "announce", "seek",
                       "resolve", "about", "due") and dep not in ("xcomp", "acl", "pcomp"):
                return None
            if lem == "go" and not (dep == "xcomp" and head.tag_ == "VBG"):
                return None
            return FUTURE
    return None


def _question(sent) -> bool:
    text = sent.text.rstrip(" \"'”’)")
    return text.endswith("?")


def status_of(sent, trigger, event_type: Optional[str] = None) -> str:
    """The status of the event whose head word is `trigger` in the sentence `sent` (a spaCy Span).

    `event_type` (a PLOVER type, optional) applies type-specific readings: THREATEN is asserted
    (the threat happened) unless negated; for REJECT the refusal word is the event itself.
    """
    if _has_past_instance(trigger):
        return _by_type(ASSERTED, trigger, event_type)
    tok = trigger
    prev = None
    status = None
    steps = 0
    skip_neg = False  # set when climbing from a conjunct: it shares the head's modal, not its negation
    while True:
        if prev is not None:
            effect = _governs(tok, prev, event_type)
            if effect is not None:
                if event_type == "REJECT" and effect == NEGATED and lemma(tok) in _REFUSAL:
                    effect = None  # the refusal is the event, the refused thing is its object
                elif event_type == "THREATEN" and lemma(tok) == "threaten":
                    effect = None
            if effect is not None:
                own = _local(tok, trigger, event_type)
                if own == NEGATED and effect in (FUTURE, HYPOTHETICAL):
                    status = NEGATED  # "did not plan to attack"
                elif own == HYPOTHETICAL and effect == FUTURE:
                    status = HYPOTHETICAL  # "may decide to attack"
                elif own == NEGATED and effect == NEGATED:
                    status = ASSERTED  # "did not fail to"
                else:
                    status = effect
                break
        own = _local(tok, trigger, event_type)
        if own == NEGATED and skip_neg:
            own = None
        skip_neg = False
        if own is not None:
            status = own
            break
        # climb, or stop at a clause that makes its own assertion
        dep = tok.dep_
        head = tok.head
        if head == tok or head.i < sent.start or head.i >= sent.end or steps > 12:
            break
        if dep in ("relcl", "parataxis", "appos", "csubj", "csubjpass") or dep == "ROOT":
            break
        if dep == "pobj" and head.dep_ == "prep" and lemma(head.head) in _CAUSE_NOUNS:
            break  # "in reprisal for a bombing": the cause happened
        if dep in ("pcomp", "pobj") and head.lower_ == "as":
            # "such ideas as blockading X": the example is read under "ideas"
            such = [n for n in head.head.children if n.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass")
                    and any(a.lower_ == "such" for a in n.children)]
            if such:
                head = such[0]
        if tok == trigger and _definite(tok) and dep not in ("nsubj", "nsubjpass") \
                and not (dep == "dobj" and lemma(head) in _PASS_HEADS):
            # "the attack", "the minister's call": presupposed, whatever the verb above says, unless the verb
            # is one of fear or prevention ("consider the drawdown", "prevent the attack")
            if dep == "dobj" and lemma(head) in _HYP_HEADS:
                status = HYPOTHETICAL
            break
        if tok == trigger and tok.pos_ in ("NOUN", "PROPN") and dep in ("dobj", "pobj") and lemma(
                head.head if dep == "pobj" and head.dep_ == "prep" else head) in _TOPIC_VERBS:
            break  # "not answering the demands": the demands were made
        if dep == "acl" and tok.tag_ in ("VBN", "VBG"):
            break  # reduced relative clause: "requests routinely denied", "trucks allowed to pass"
        if dep == "ccomp" and lemma(head) not in _PASS_HEADS and lemma(head) not in _FUTURE_HEADS \
                and lemma(head) not in _HYP_HEADS and lemma(head) not in _NEG_HEADS:
            break  # reported speech: "officials said 27 were killed"
        if dep == "advcl":
            marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
            if marks & (_TEMPORAL_MARKS | {"as", "while"}):
                # "until the rebels are disarmed", "when it opens talks": future under a
                # non-asserted main clause or with a present-tense verb after "until"
                if "until" in marks and (tok.tag_ in ("VBZ", "VBP") or any(
                        c.dep_ in ("aux", "auxpass") and c.lower_ in ("is", "are") for c in tok.children)):
                    status = FUTURE
                    break
                upper = status_of(sent, head, None) if head != tok else ASSERTED
                if upper in (FUTURE, HYPOTHETICAL) and tok.tag_ in ("VBZ", "VBP", "VB"):
                    status = FUTURE
                break
            if marks & {"because", "since", "although", "though", "while", "as", "whereas"}:
                break
            # a purpose infinitive ("began a sit-in to protest") shares the main clause's status
        if dep == "conj":
            # a conjoined verb with its own subject or auxiliary, or a finite verb conjoined to a
            # non-finite one ("expects them to begin … but wants"), is its own clause
            if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in tok.children):
                break
            if tok.tag_ in ("VBD", "VBZ", "VBP") and head.tag_ in ("VB", "VBG", "VBN"):
                break
            prev, tok = None, head
            skip_neg = True
            steps += 1
            continue
        prev, tok = tok, head
        steps += 1
    if status is None:
        status = ASSERTED
    if status in (ASSERTED, FUTURE) and _question(sent) and _root_clause(trigger):
        status = HYPOTHETICAL
    return _by_type(status, trigger, event_type)


_TYPE_WORDS = lexicon.grouped("status_negatable_type_words", "type", "term")


def _by_type(status: str, trigger, event_type: Optional[str]) -> str:
    """Type-specific readings of spec/annotation.md: threats are asserted; for REJECT and ACCUSE a
    negation on some other word is the content of what was said ("Chile is not changing its
    course" is a rejection), not a negated event."""
    if event_type == "THREATEN":
        if status == NEGATED and negated(trigger):
            return NEGATED
        return ASSERTED
    if event_type in _TYPE_WORDS and status == NEGATED and lemma(trigger) not in _TYPE_WORDS[event_type]:
        return ASSERTED
    return status


# Verbs whose object is a topic, not a realisation of the event ("respond to the demands").
_TOPIC_VERBS = lexicon.words("status_topic_verbs")


def _has_past_instance(noun) -> bool:
    """A generic noun illustrated by a specific past event: "raids such as the one in May that
    killed 12 farmers" reports that raid."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    for c in noun.children:
        if c.dep_ == "prep" and (c.lower_ in ("like", "including") or (
                c.lower_ == "as" and any(x.lower_ == "such" for x in c.children))):
            for p in c.children:
                if p.dep_ == "pobj" and any(r.dep_ == "relcl" and r.tag_ == "VBD" for r in p.children):
                    return True
    return False


def _definite(tok) -> bool:
    """A noun with a definite determiner or a possessor ("the attack", "the minister's call")."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    for c in tok.children:
        if c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")):
            return not any(m.dep_ in ("amod", "compound") and m.lower_ in _FUTURE_MODS | _HYP_MODS
                           for m in tok.children)
    return False


def _root_clause(tok) -> bool:
    """True when tok belongs to the main clause of its sentence (no clause boundary above it)."""
    t = tok
    while t.head != t:
        if t.dep_ in ("advcl", "relcl", "ccomp", "acl", "parataxis"):
            return False
        t = t.head
    return True
