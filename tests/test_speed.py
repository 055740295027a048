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
