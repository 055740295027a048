"""Shortcuts the reader takes for speed give what the plain computation gives (invented sentences)."""
from __future__ import annotations

from sitroom import lexicon
from sitroom.events import learned
from sitroom.learn.event_features import sentence_features, trigger_features
from sitroom.parse_helpers import doc_text


def test_doc_text_is_the_docs_text_and_joined_once(nlp):
    doc = nlp("Rebels shelled the port of Varnholt on Tuesday.  Two ferries sank.")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)            # the same string, not joined again
    other = nlp("Rebels shelled the port of Varnholt on Tuesday.  Two ferries sank.")
    assert doc_text(other) == doc.text and doc_text(other) is not doc_text(doc)  # one per Doc, not per text


def test_lexicon_candidates_are_the_same_on_a_word_seen_again(nlp):
    lex = lexicon.Lexicon([("shell*", "s"), ("shelling", "g"), ("port", "p"), ("ferr*", "f"), ("sank", "k")])
    doc = nlp("Gunboats shelled the port and the shelling sank two ferries; the ports saw more shelling.")
    first = lex.find(doc)
    again = lex.find(doc)
    assert first == again
    found = [(doc[a:b].text, label) for a, b, label in first]
    assert ("shelled", "s") in found and ("shelling", "s") in found and ("shelling", "g") in found
    assert ("ports", "p") in found and ("ferries", "f") in found and ("sank", "k") in found
    assert not any(t == "Gunboats" for t, _ in found)
    small = lexicon.Lexicon([("port", "p")])
    small.CACHE_SIZE = 2                             # a full cache is emptied, and matching goes on the same
    assert small.find(doc) == small.find(doc) == [(a, b, "p") for a, b, _ in small.find(doc)]
    assert len(small._seen) <= 2


def test_trigger_features_from_the_prefiltered_sentence_features(nlp):
    doc = nlp("The council would not say whether the militia had attacked the convoy, officials said.")
    sent = next(iter(doc.sents))
    sf = sentence_features(sent)
    kept = [x for x in sf if x.startswith(learned.TRIGGER_SENTENCE_FEATURES)]
    assert len(kept) < len(sf)                       # the filter drops something ...
    for t in sent:                                   # ... and every candidate's features stay what they were
        if learned.is_candidate(t):
            assert trigger_features(t, kept, {"ASSAULT"}, "ASSAULT") == trigger_features(t, sf, {"ASSAULT"}, "ASSAULT")


def test_in_span_by_offsets_is_the_plain_filter():
    from sitroom import actors
    from sitroom.reading import Context
    from sitroom.records import Entity

    def ent(a, b):
        return Entity(text="x" * (b - a), name=None, span=[a, b])
    ordered = [ent(0, 5), ent(3, 9), ent(6, 8), ent(10, 10), ent(10, 14), ent(12, 20), ent(21, 25)]
    shuffled = [ordered[3], ordered[0], ordered[5], ordered[1]]
    with_none = ordered[:3] + [Entity(text="y", name=None, span=None)] + ordered[3:]
    for mentions in (ordered, shuffled, with_none, []):
        ctx = Context(actors=mentions)
        for a in range(0, 26, 1):
            for b in range(a, 27, 3):
                plain = [m for m in mentions if m.span and a <= m.span[0] and m.span[1] <= b]
                assert actors.in_span(ctx, a, b) == plain
    ctx = Context(actors=ordered)
    assert actors.in_span(ctx, 6, 10) == [ordered[2], ordered[3]]
    ordered.append(ent(22, 24))                      # a list grown since it was indexed is indexed again
    assert actors.in_span(ctx, 21, 25) == [ordered[6], ordered[7]]


def test_sentence_labels_are_found_once_and_stay_the_same(nlp):
    from sitroom.events.assemble import _CONTEXT_LEX, _MODE_LEX, _contexts, _labels, _modes
    doc = nlp("Jets dropped barrel bombs on the market during the ceasefire. Gunmen opened fire on the convoy.")
    for sent in doc.sents:
        assert _labels(_MODE_LEX, sent) == _MODE_LEX.labels(list(sent))
        assert _labels(_CONTEXT_LEX, sent) is _labels(_CONTEXT_LEX, sent)
        assert _contexts(sent) == _contexts(list(sent))
        assert _modes("ASSAULT", None, sent, list(sent)) == _modes("ASSAULT", None, list(sent), list(sent))


def test_context_keeps_what_it_read_and_sees_what_is_written_through_it(nlp):
    import pytest
    from sitroom.reading import Context
    doc = nlp("Envoys from Varnholt met in the harbour town on Friday.")
    ctx = Context(doc)
    uses = ctx.place_uses
    assert ctx.place_uses is uses                    # read once, the Doc's own object after
    ctx.place_uses = {(0, 1): "x"}                   # a write through the view replaces what it kept
    assert ctx.place_uses == {(0, 1): "x"} and doc._.sitroom_place_uses == {(0, 1): "x"}
    ctx.raw = "new meta"
    assert ctx.raw == "new meta" and ctx.meta == "new meta"
    ctx.actors = []
    assert ctx.actors == [] and Context(doc).actors == []
    with pytest.raises(AttributeError):
        ctx.no_such_field
    with pytest.raises(AttributeError):
        ctx._hidden
