"""quotes: reads the parse, doc.ents and ctx.actors -> writes Quote records (ctx.quotes).

Direct quotes are the spans inside quotation marks (curly, straight, single; nested marks stay
inside the outer quote; a paragraph that opens a new mark before closing the last one starts a
new quote) that a speech cue attributes to a speaker: `"…," X said`, `X said: "…"`, fragments
(`X said it was "finished"`), `"…" is how X described …`, and whole-sentence quotes that carry
on a speaker's words. Marked words with no speaker (scare quotes) are not quotes.
Reported speech (direct=False) is the clause of a speech verb (`X said (that) …`, `X told Y …`,
`X urged Y to …`), left out when it is almost all directly quoted words.
Speakers are resolved by `speakers.SpeakerResolver` (full names, pronouns, titles).
"""
from __future__ import annotations

import sys

from spacy.language import Language

from ..reading import stage_component

import re
from bisect import bisect_right

from ..records import Quote
from .speakers import DOC_NOUNS, SpeakerResolver
from .. import lexicon
from ..parse_helpers import doc_text, lemma

NAME = "sitroom.quotes.v1"

# Verbs (lemmas) that attribute quoted words to a speaker.
DIRECT_CUES = lexicon.words("quote_direct_cues")
# Cues that attribute only words that follow as a whole utterance ("…," the minister declared), not words
# inside their own clause ("declared a 'new era'" is a scare quote).
NOT_BEFORE = lexicon.words("quote_not_before_cues")
# Verbs (lemmas) whose clause is reported speech.
INDIRECT_CUES = lexicon.words("quote_indirect_cues")
# Speech verbs whose reported content is an infinitive ("urged X to …", "vowed to …").
INFINITIVE_CUES = lexicon.words("quote_infinitive_cues")
HABITUAL = lexicon.words("quote_habitual_adverbs")
SUBJ_DEPS = ("nsubj", "nsubjpass")
_SENT_END = frozenset({".", "!", "?"})
_MARKS = re.compile(r"[“”\"‘’'\n«»]")
_EDGE = re.compile(r"^[\s,;:—–-]+|[\s,;:—–-]+$")
_TRIM = "“”\"‘’' "        # quotation marks (and spaces) trimmed off the ends of a reported quote
MAX_SINGLE = 400        # a single-quoted span longer than this is an apostrophe mix-up
DIRECT_SHARE = 0.8      # a reported clause this much inside quotation marks is left to the direct quote
INHERIT_CHARS = 1500    # a full-sentence quote with no cue continues a speaker this close before it


def _is_speech(t) -> bool:
    """A verb that reports speech ("said", "told", "warned")."""
    return t.pos_ in ("VERB", "AUX") and (lemma(t) in INDIRECT_CUES or lemma(t) in DIRECT_CUES)


def _own_speech(x) -> bool:
    """A speech verb the parser hung inside a reported clause that is the speaker's next act, not part of what
    was reported: "X said the talks failed and warned that …", "…, adding that …" (no subject of its own)."""
    return x.dep_ in ("conj", "advcl") and _is_speech(x) and (x.dep_ == "conj" or x.tag_ == "VBG") and \
        not any(c.dep_ in SUBJ_DEPS for c in x.children)


def _role(text: str, i: int) -> str:
    """'open', 'close' or '' (an apostrophe) for the mark at text[i]."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in "“«":
        return "open"
    if ch in "”»":
        return "close"
    if ch == "‘":
        return "open" if not prev.isalnum() else ""
    if ch == '"':
        return "open" if (prev.isspace() or prev in "([{—–-/:‘“") else "close"
    # ’ and ': closing only when not inside a word
    if prev.isalnum() and nxt.isalnum():
        return ""
    if ch == "'" and (prev.isspace() or prev in "([{—–“\"") and nxt.isalnum():
        return "open"
    if not prev.isspace() and not nxt.isalnum():
        return "close"
    return ""


def find_quoted(text: str) -> list:
    """Top-level quoted spans [(start, end)] of the inner text, marks excluded."""
    out = []
    state, start, depth = None, 0, 0

    def emit(s, e):
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip(" \t,;:—–-"))
        seg = _EDGE.sub("", seg)
        if seg and any(c.isalnum() for c in seg):
            out.append((s + lead, s + lead + len(seg)))

    for m in _MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            if state == "d":
                emit(start, i)
            state = None
            continue
        role = _role(text, i)
        if not role:
            continue
        kind = "d" if ch in "“”\"«»" else "s"
        if state is None:
            if role == "open":
                state, start, depth = kind, i + 1, 0
        elif state == "d":
            if kind == "s":
                if role == "open":
                    depth += 1
                elif depth > 0:
                    depth -= 1
                elif text[i - 1] in ",.?!":
                    # “… the roads,’ said X: a mismatched closing mark
                    emit(start, i)
                    state = None
                continue
            if kind == "d":
                emit(start, i)
                # a new opening mark inside an open quote: the next paragraph of the same speech
                state, start = ("d", i + 1) if role == "open" else (None, 0)
                depth = 0
        else:  # inside a top-level single quote
            if kind == "s" and role == "close":
                emit(start, i)
                state = None
            elif kind == "d" and role == "open":
                state, start = "d", i + 1
            elif i - start > MAX_SINGLE:
                state = None
    return out


class _DocQuotes:
    """State for one document: quote spans, token membership, resolver."""

    def __init__(self, doc, ctx):
        self.doc = doc
        self.text = doc_text(doc)
        self.spans = find_quoted(self.text)
        self.starts = [s for s, _ in self.spans]
        n = len(doc)
        self.in_quote = [-1] * n
        self.q_tokens = []
        for k, (s, e) in enumerate(self.spans):
            sp = doc.char_span(s, e, alignment_mode="expand")
            if sp is None:
                self.q_tokens.append((0, 0))
                continue
            a, b = sp.start, sp.end
            # the marks themselves belong to the quote
            if a > 0 and doc[a - 1].is_quote or (a > 0 and doc[a - 1].text in "“\"‘'«"):
                a -= 1
            while b < n and (doc[b].is_quote or doc[b].text in "”\"’'»" or
                             (doc[b].is_punct and doc[b].idx < e + 3 and doc[b].text in ",." and
                              b + 1 < n and (doc[b + 1].is_quote or doc[b + 1].text in "”\"’'»"))):
                b += 1
                if doc[b - 1].is_quote or doc[b - 1].text in "”\"’'»":
                    break
            for i in range(a, b):
                self.in_quote[i] = k
            self.q_tokens.append((a, b))
        self.resolver = SpeakerResolver(doc, ctx, self.in_quote)

    # -- regions -------------------------------------------------------------------------------
    def _stop(self, t) -> bool:
        return (t.text in _SENT_END and self.in_quote[t.i] < 0) or (t.is_space and "\n" in t.text)

    def before(self, a: int) -> list:
        out = []
        i = a - 1
        while i >= 0 and len(out) < 60:
            t = self.doc[i]
            k = self.in_quote[i]
            if k >= 0:
                if self.closes_sentence(k):
                    break
                i -= 1
                continue
            if self._stop(t):
                break
            out.append(t)
            i -= 1
        out.reverse()
        return out

    def closes_sentence(self, k: int) -> bool:
        """True when quote k ends its sentence inside the marks ("… today.")."""
        return self.text[self.spans[k][1] - 1] in ".!?…"

    def after(self, k: int, b: int) -> list:
        out = []
        i = b
        n = len(self.doc)
        if self.closes_sentence(k) and i < n:
            # '… today.” He said': only a lower-case attribution ("he said") belongs to the quote
            j = i
            while j < n and (self.doc[j].is_punct or self.doc[j].is_space) and self.in_quote[j] < 0:
                j += 1
            if j >= n or not self.doc[j].text[:1].islower():
                return out
        while i < n and len(out) < 60:
            t = self.doc[i]
            if self.in_quote[i] >= 0 or self._stop(t):
                break
            out.append(t)
            i += 1
        return out

    # -- cues and speakers -----------------------------------------------------------------------
    @staticmethod
    def is_cue(t, lexicon) -> bool:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            return True
        return lemma(t) in lexicon and t.pos_ in ("VERB", "AUX", "NOUN") and t.tag_ != "NN"

    def speaker_head(self, v):
        """The head token of the speaker of cue `v`, or None."""
        doc = self.doc
        if v.lower_ == "according":
            to = doc[v.i + 1]
            for c in to.children:
                if c.dep_ == "pobj" and self.in_quote[c.i] < 0:
                    return c
            return None
        t = v
        participle = v.tag_ == "VBG" and not any(c.dep_ in SUBJ_DEPS for c in v.children)
        if participle:
            w = self._participle_speaker(v)
            if w is not None:
                return w
        for _ in range(4):
            subs = [c for c in t.children if c.dep_ in SUBJ_DEPS and self.in_quote[c.i] < 0
                    and c.lower_ not in ("that", "which", "what")]
            if any(c.dep_ == "nsubjpass" for c in subs):
                # "nicknamed 'the Professor' by local papers": the agent speaks
                for c in t.children:
                    if c.dep_ == "agent":
                        obj = next((x for x in c.children if x.dep_ == "pobj"), None)
                        if obj is not None and self.in_quote[obj.i] < 0:
                            return obj
            if subs:
                c = min(subs, key=lambda x: abs(x.i - t.i))  # "Prime Minister Ana Ruiz said"
                if c.lower_ in ("who",) and t.dep_ == "relcl":
                    return t.head
                return c
            if t.dep_ in ("advcl", "conj", "xcomp", "pcomp", "acl") and t.head.i != t.i and \
                    self.in_quote[t.head.i] < 0:
                h = t.head
                if t.dep_ == "pcomp" and h.dep_ == "prep" and h.head.i != h.i and \
                        not any(c.dep_ == "auxpass" for c in t.children):
                    h = h.head        # "… by claiming …", "after asking …": the verb the phrase belongs to
                if t.dep_ == "acl" and h.pos_ in ("NOUN", "PROPN"):
                    # "a statement saying …" made by someone: the one who made it; "a group calling itself …"
                    if lemma(h) in DOC_NOUNS and h.dep_ == "dobj" and h.head.i != h.i:
                        t = h.head
                        continue
                    return h
                if (participle or v.dep_ == "conj") and h.dep_ == "ccomp" and _is_speech(h.head) and \
                        self.in_quote[h.head.i] < 0:
                    # "X said the talks had failed, adding that …": the participle goes with the speaker,
                    # not with the subject of what was reported
                    h = h.head
                t = h
                continue
            break
        # inverted attribution: "…," said Brandt / said he; not a participle ("saying Norway would …") nor,
        # unless quoted words come just before the cue, the subject of what is said ("and said she would …")
        said = set()
        if v.tag_ == "VBG":
            said = set(range(v.i + 1, v.i + 3))
        elif not self._after_quote(v):
            said = {x.i for c in v.children if c.dep_ in ("ccomp", "xcomp", "advcl") for x in c.subtree}
        for j in (v.i + 1, v.i + 2):
            if j < len(doc) and self.in_quote[j] < 0 and j not in said:
                w = doc[j]
                if w.pos_ in ("PROPN", "PRON") and w.lower_ not in ("it",) or w.ent_type_ == "PERSON":
                    while w.dep_ in ("compound", "flat") and w.head.i > w.i:
                        w = w.head
                    return w
                if not (w.is_punct or w.pos_ in ("ADV",)):
                    break
        if v.i > 0 and self.in_quote[v.i - 1] < 0:
            w = doc[v.i - 1]
            if w.pos_ in ("PROPN", "PRON") or w.ent_type_ == "PERSON":
                return w
        # a parse that lost the subject ("Responding to X, Jane Doe, director at Y, said:"):
        # the nearest person named before the cue in the same sentence
        i = v.i - 1
        while i >= 0 and v.i - i <= 40:
            w = doc[i]
            if self._stop(w):
                break
            if self.in_quote[i] < 0 and w.ent_type_ == "PERSON" and w.ent_iob_ in ("B", "I"):
                while w.i + 1 < v.i and doc[w.i + 1].ent_type_ == "PERSON" and doc[w.i + 1].ent_iob_ == "I":
                    w = doc[w.i + 1]
                return w
            i -= 1
        return None

    def _after_quote(self, v) -> bool:
        """True when quoted words end just before token v (only marks and punctuation between)."""
        i = v.i - 1
        while i >= 0 and self.in_quote[i] < 0 and (self.doc[i].is_punct or self.doc[i].is_space):
            i -= 1
        return i >= 0 and self.in_quote[i] >= 0

    def _participle_speaker(self, v):
        """The speaker of a subjectless participle cue given by its own construction, or None: "with the
        minister saying …" (the object of "with" just before it), "quoted the envoy as saying" / "quoted the
        envoy saying" (the object of the verb it completes)."""
        h = v.head
        if h.i == v.i:
            return None
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ == "with" and c.i < v.i and \
                    all(x.is_punct for x in self.doc[c.right_edge.i + 1:v.i]):
                obj = next((x for x in c.children if x.dep_ == "pobj"), None)
                if obj is not None and self.in_quote[obj.i] < 0:
                    return obj
        if v.dep_ == "pcomp" and h.lower_ == "as" and h.head.i != h.i:
            h = h.head
        elif v.dep_ != "xcomp":
            return None
        if h.pos_ == "VERB":
            obj = next((x for x in h.children if x.dep_ == "dobj" and x.i < v.i), None)
            if obj is not None and self.in_quote[obj.i] < 0:
                return obj
        return None

    def cue_text(self, v) -> str:
        if v.lower_ == "according":
            return "according to"
        parts = [t for t in v.children if t.dep_ in ("aux", "auxpass", "prt") and t.i < v.i
                 and t.i >= v.i - 3] + [v]
        parts += [t for t in v.children if t.dep_ == "prt"]
        return " ".join(t.text for t in sorted(set(parts), key=lambda x: x.i))

    def choose_cue(self, before: list, after: list):
        for k, t in enumerate(after[:8]):
            if t.pos_ in ("SCONJ", "CCONJ") or t.lower_ in ("while", "as", "but", "and", "which", "who"):
                break  # "…", while Norway said …: another clause, not the attribution
            if self.is_cue(t, DIRECT_CUES):
                return t
        back = [t for t in before if self.is_cue(t, DIRECT_CUES) and lemma(t) not in NOT_BEFORE]
        if back:
            return back[-1]
        rest = [t for t in after if self.is_cue(t, DIRECT_CUES)]
        return rest[0] if rest else None

    # -- extraction ----------------------------------------------------------------------------
    def direct_candidates(self) -> list:
        out = []
        for k, (s, e) in enumerate(self.spans):
            a, b = self.q_tokens[k]
            if b <= a:
                continue
            before, after = self.before(a), self.after(k, b)
            words_before = [t for t in before if not (t.is_punct or t.is_space)]
            words_after = [t for t in after if not (t.is_punct or t.is_space)]
            cue = self.choose_cue(before, after)
            head = self.speaker_head(cue) if cue is not None else None
            full = not words_before and (not words_after or cue is None) and len(self.text[s:e].split()) >= 4
            if head is None and not full:
                continue  # scare quotes, titles, names: nobody says them
            out.append({"s": s, "e": e, "direct": True, "cue": cue, "head": head, "tok": a})
        return out

    def indirect_candidates(self) -> list:
        doc, out = self.doc, []
        for v in doc:
            if self.in_quote[v.i] >= 0 or v.pos_ not in ("VERB", "AUX"):
                continue
            lem = lemma(v)
            infinitive = lem in INFINITIVE_CUES
            if lem not in INDIRECT_CUES and not infinitive:
                continue
            if any(c.dep_ == "neg" or c.lower_ in HABITUAL for c in v.children):
                continue
            comps = [c for c in v.children if c.dep_ == "ccomp"] if lem in INDIRECT_CUES else []
            if infinitive and not comps:
                comps = [c for c in v.children if c.dep_ == "xcomp" and any(
                    x.dep_ == "aux" and x.lower_ == "to" for x in c.children)]
            subj = next((c for c in v.children if c.dep_ in SUBJ_DEPS), None)
            before = self._said_before(v, subj) if not comps and lem in INDIRECT_CUES else None
            if not comps and before is None:
                continue
            if subj is not None and subj.dep_ == "nsubjpass":
                continue  # "he was told that …": the speaker is someone else
            head = self.speaker_head(v)
            if head is None:
                continue
            if comps:
                lo = min(c.left_edge.i for c in comps)
                hi = max(c.right_edge.i for c in comps) + 1
                hi = min([hi] + [x.left_edge.i for c in comps for x in c.children if _own_speech(x)])
            else:
                lo, hi = before
            while lo < hi and ((doc[lo].dep_ == "mark" and doc[lo].lower_ == "that") or doc[lo].is_punct
                               or doc[lo].is_space):
                lo += 1
            while hi > lo and ((doc[hi - 1].is_punct and not doc[hi - 1].is_quote) or doc[hi - 1].is_space
                               or doc[hi - 1].dep_ == "cc"):
                hi -= 1
            if hi - lo < 3:
                continue
            s, e = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
            if self.quoted_share(s, e) >= DIRECT_SHARE or self.crosses_quote(s, e) or "\n" in self.text[s:e]:
                continue
            if v.dep_ == "relcl" and doc[lo].lower_ in ("that", "which", "who", "whom"):
                continue  # "the groups that Kenya says are criminals"
            if subj is not None and (subj.lower_ in ("nobody", "none", "noone") or
                                     any(c.lower_ == "no" for c in subj.children)):
                continue  # "nobody could confirm that …"
            out.append({"s": s, "e": e, "direct": False, "cue": v, "head": head, "tok": v.i})
        return out

    def _said_before(self, v, subj):
        """(start, end) tokens of the clause a parenthetical speech verb reports, or None: "The road is
        closed, she said, …" (the parser hangs "said" off the clause as parataxis)."""
        h = v.head
        if v.dep_ != "parataxis" or subj is None or h.i > v.i or h.pos_ not in ("VERB", "AUX") or \
                self.in_quote[h.i] >= 0:
            return None
        lo, hi = h.left_edge.i, v.left_edge.i
        if any(self.in_quote[i] >= 0 and not self.doc[i].is_punct for i in range(lo, hi)):
            return None     # quoted words there are a direct quote of their own
        return lo, hi

    def _sent_span(self, i: int):
        sent = self.doc[i].sent
        return [sent.start_char, sent.end_char]

    def crosses_quote(self, s: int, e: int) -> bool:
        """True when [s, e) starts or ends inside a quotation (a parse that ran across the marks)."""
        k = max(bisect_right(self.starts, s) - 1, 0)
        while k < len(self.spans) and self.spans[k][0] < e:
            qs, qe = self.spans[k]
            if (s < qs < e < qe - 1) or (qs < s < qe < e):
                return True
            k += 1
        return False

    def quoted_share(self, s: int, e: int) -> float:
        """Share of the non-space characters of text[s:e] that lie inside quotation marks."""
        total = sum(1 for c in self.text[s:e] if not c.isspace())
        if not total:
            return 0.0
        inside = 0
        k = max(bisect_right(self.starts, s) - 1, 0)
        while k < len(self.spans) and self.spans[k][0] < e:
            qs, qe = self.spans[k]
            lo, hi = max(s, qs), min(e, qe)
            if hi > lo:
                inside += sum(1 for c in self.text[lo:hi] if not c.isspace())
            k += 1
        return inside / total

    def run(self) -> list:
        """Resolve candidates in text order, so pronouns see the speakers before them."""
        cands = self.direct_candidates() + self.indirect_candidates()
        cands.sort(key=lambda c: (min(c["s"], c["head"].idx if c["head"] is not None else c["s"]),
                                  not c["direct"]))
        out, last = [], None
        for c in cands:
            head, cue = c["head"], c["cue"]
            if head is not None:
                speaker = self.resolver.resolve(head)
                self.resolver.remember(head.idx, speaker, head)
                cue_s = self.cue_text(cue)
            elif last is not None and c["s"] - last[0] <= INHERIT_CHARS:
                speaker, cue_s = last[1], last[2]
                newer = self.resolver.person_between(last[0], c["s"])
                if newer is not None and (speaker is None or newer.name != speaker.name):
                    speaker, cue_s = newer, None   # a person introduced since the last quote goes on speaking
            else:
                continue
            qs, qe = c["s"], c["e"]
            if not c["direct"]:       # a reported quote without the marks around it, its span with it
                while qs < qe and self.text[qs] in _TRIM:
                    qs += 1
                while qe > qs and self.text[qe - 1] in _TRIM:
                    qe -= 1
            text = self.text[qs:qe]
            out.append(Quote(quote=text, span=[qs, qe], direct=c["direct"], speaker=speaker,
                             cue=cue_s, sentence_span=self._sent_span(c["tok"])))
            if c["direct"]:
                last = (c["e"], speaker, cue_s)
        out.sort(key=lambda q: (q.span[0], not q.direct))
        return out


def extract(doc, ctx) -> list:
    """Direct and reported quotes of the document, in text order, speakers linked to the document's actors."""
    quotes = _DocQuotes(doc, ctx).run()
    link_speakers(quotes, ctx.actors)
    return quotes


def link_speakers(quotes: list, actors: list) -> None:
    """Give each speaker the country and agent type of the document's actor of the same canonical name."""
    known = {}
    for a in actors:
        if a.name and (a.country or a.agent):
            known.setdefault(a.name.lower(), a)
    for q in quotes:
        s = q.speaker
        a = known.get((s.name or "").lower()) if s else None
        if a is not None:
            s.country, s.agent = a.country, a.agent


COMPONENT = "sitroom_quotes"


@Language.factory(COMPONENT, requires=["doc.sents", "token.dep", "doc._.sitroom_actors"],
                  assigns=["doc._.sitroom_quotes"])
def make_component(nlp, name):
    """The quotes stage as a spaCy component: reads quotation marks, speech verbs and the actors -> direct and reported quotes with speakers."""
    return stage_component("quotes", sys.modules[__name__])
