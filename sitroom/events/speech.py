"""Speech acts: reads a sentence's triggers and parse -> writes which triggers are the content of a speech
act (not events of their own), who voices an act (speech verb subject or quote speaker, ctx.quotes), and
the extra events of reported speech: "X said Y should ..." (REQUEST) and "X called it unacceptable"
(ACCUSE 'disapprove')."""
from __future__ import annotations

from ..records import Entity
from ..resources import plover as P
from .. import actors as _actors
from .assemble import actor_key
from .mentions import entities
from ..parse_helpers import negated
from .syntax import COPULAS, NOUN_POS, VERB_POS, lemma, subject_of

COMPLEMENT = {"xcomp", "ccomp", "acl", "pcomp", "relcl", "advcl"}


def governing_speech_act(tok, triggers):
    """The speech-act trigger whose complement holds tok, if any (its content, not a separate event)."""
    t = tok
    verbal = tok.dep_ == "pcomp" or tok.pos_ in VERB_POS
    for _ in range(4):
        if t.head.i == t.i:
            return None
        dep = t.dep_
        h = t.head
        if dep in COMPLEMENT or dep in ("prep", "pobj", "dobj", "conj"):
            tr = triggers.get(h.i)
            if tr and tr[0] in P.SPEECH_ACTS and h.i != tok.i:
                close = t.i == tok.i or (t.dep_ == "prep" and tok.head.i == t.i)
                if dep in ("xcomp", "ccomp", "pcomp", "acl") or (verbal and dep == "prep") or close and (
                        dep in ("dobj", "pobj", "prep") and tr[0] in ("REQUEST", "REJECT", "THREATEN", "AGREE", "CONCEDE")
                        and tok.pos_ in NOUN_POS) :
                    return h
            if dep == "relcl" or (dep == "advcl" and not tr):
                return None
            t = h
            continue
        return None
    return None


def speech_parent(tok):
    """(speech verb, its subject) when tok heads (or sits in) a clause reported by a speech verb."""
    t = tok
    for _ in range(3):
        if t.head.i == t.i:
            return None, None
        if t.dep_ in ("ccomp", "parataxis") and lemma(t.head) in P.SPEECH_VERBS:
            return t.head, subject_of(t.head)
        if t.dep_ in ("conj", "xcomp", "aux", "advcl"):
            t = t.head
            continue
        return None, None
    return None, None


VERBAL = {"REQUEST", "ACCUSE", "REJECT", "THREATEN", "AGREE", "SUPPORT", "CONCEDE"}
FIRST_PERSON = {"i", "we", "me", "us", "our", "my"}


def speaker_of(ctx, tok):
    """Who voices a verbal act with no named actor: the speech verb's subject, or the quote's speaker."""
    sv, ssubj = speech_parent(tok)
    if ssubj is not None:
        ents = [e for e in entities(ctx, ssubj) if e.name]
        if ents:
            return ents
    subj = subject_of(tok) if tok.pos_ in VERB_POS else None
    if subj is not None and subj.lower_ not in FIRST_PERSON and any(e.name for e in entities(ctx, subj)):
        return None
    for q in getattr(ctx, "quotes", None) or ():
        if q.span and q.span[0] <= tok.idx < q.span[1] and q.speaker is not None:
            sp = q.speaker
            name = sp.name or sp.text
            if name:
                return [Entity(text=sp.text, name=name, span=sp.span)]
    return None


def evaluations(sent, ctx, triggers):
    """"X said the vote was unacceptable", "X called the move a provocation" -> ACCUSE 'disapprove' by X."""
    out = []
    for tok in sent:
        if lemma(tok) not in P.NEGATIVE_EVALUATION and tok.lower_ not in P.NEGATIVE_EVALUATION:
            continue
        if tok.pos_ not in ("ADJ", "NOUN") or tok.dep_ in ("amod", "compound", "nsubj", "nsubjpass"):
            continue
        speaker = None
        t = tok
        for _ in range(4):  # up to the speech verb or "called/described X as"
            if t.head.i == t.i:
                break
            if t.dep_ in ("oprd", "attr", "pobj", "prep", "acomp", "dobj", "ccomp", "conj", "amod") and lemma(t.head) in (
                    "call", "describe", "brand", "label", "refer", "term", "dub"):
                speaker = subject_of(t.head)
                break
            t = t.head
            if lemma(t) in ("deny", "reject", "dismiss"):
                break
            if lemma(t) in P.SPEECH_VERBS:
                speaker = subject_of(t)
                break
        actor = [e for e in entities(ctx, speaker) if e.name] if speaker is not None else []
        if not actor:
            actor = speaker_of(ctx, tok) or []
        if not actor:
            continue
        akeys = actor_key(actor)
        recip = [e for e in _actors.in_span(ctx, sent.start_char, sent.end_char)
                 if e.name and e.name.lower() not in akeys and e.span and e.span[0] > (speaker.idx if speaker is not None else -1)]
        out.append(["ACCUSE", "disapprove", 0.45, tok, None, actor, recip[:2], "asserted"])
    return out


def modal_requests(sent, ctx, triggers):
    """"X said Y should/must do Z" -> REQUEST by X of Y (a demand in reported speech)."""
    out = []
    for tok in sent:
        if tok.pos_ not in VERB_POS or tok.i in triggers:
            continue
        aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        if not aux & {"should", "must"}:
            continue
        sv, ssubj = speech_parent(tok)
        if sv is None or negated(tok) and "must" not in aux:
            continue
        if lemma(tok) in COPULAS or any(c.dep_ == "auxpass" for c in tok.children):
            continue
        actor = entities(ctx, ssubj)
        recip = entities(ctx, subject_of(tok), fallback=False)
        if actor and recip:
            out.append(["REQUEST", None, 0.5, tok, None, actor, recip, "asserted"])
    return out
