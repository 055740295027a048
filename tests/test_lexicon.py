"""The word lists as data (sitroom.lexicon): files load, bad files fail with the file and the reason, and
cues match whole words only — never inside another word — while stems and multi-word cues still match."""
from __future__ import annotations

import pytest

from sitroom import lexicon
from sitroom.events.assemble import _contexts, _modes
from sitroom.resources import plover as P

PUBLISHED = "2021-05-04"


def test_every_shipped_lexicon_loads_with_a_term_column():
    names = lexicon.names()
    assert {"mode_cues", "context_cues", "plover_verbs", "plover_nouns", "plover_phrases"} <= set(names)
    for name in names:
        rows = lexicon.rows(name)
        assert rows, name
        assert all(r["term"] and r["term"] == r["term"].strip() for r in rows), name


def test_codebook_tables_come_from_the_files():
    assert P.VERBS["attack"] == ("ASSAULT", None, 0.7)
    assert P.VERBS["shell"] == ("ASSAULT", "heavy-weapons", 0.7)
    assert P.PHRASES[("carry", "out")] is None
    assert P.PHRASES[("open", "fire")] == ("ASSAULT", "firearms", 0.9)
    assert ("ASSAULT", "beat") in P.TRIGGER_ONLY_MODES
    assert [m for m, _ in P.MODE_CUES["ASSAULT"]][:2] == ["suicide-attack", "drone"]


def test_bad_lexicon_file_names_the_file_and_the_line(tmp_path, monkeypatch):
    (tmp_path / "broken.tsv").write_text("# a comment\nterm\tlabel\nfine\tx\ntoo\tmany\tcells\n")
    monkeypatch.setattr(lexicon, "_path", lambda name: tmp_path / f"{name}.tsv")
    lexicon.rows.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match=r"broken\.tsv:4: 3 cells"):
            lexicon.rows("broken")
        with pytest.raises(lexicon.LexiconError, match="no file missing.tsv"):
            lexicon.rows("missing")
        (tmp_path / "noterm.tsv").write_text("word\tlabel\n")
        with pytest.raises(lexicon.LexiconError, match=r"noterm\.tsv:1: .*'term'"):
            lexicon.rows("noterm")
    finally:
        lexicon.rows.cache_clear()


def test_split_term_cuts_like_the_tokenizer():
    assert lexicon.split_term("air-strike") == ("air", "-", "strike")
    assert lexicon.split_term("Car  bomb*") == ("car", "bomb*")
    assert lexicon.split_term("s-400") == ("s-400",)


@pytest.mark.parametrize("text,terms,hit", [
    ("The minister said nothing more.", ["aid"], False),
    ("Two men died in the blast.", ["ied"], False),
    ("Troops entered Lebanon at dawn.", ["ban"], False),
    ("The ban on rallies stays.", ["ban"], True),
    ("An IED hit the convoy.", ["ied"], True),
    ("The assassination was condemned.", ["assassinat*"], True),
    ("The killer escaped.", ["kill"], False),
    ("They blew   up the bridge.", ["blew up"], True),
    ("They blew the bridge up.", ["blew up"], False),
])
def test_contains_term_matches_whole_words(text, terms, hit):
    assert lexicon.contains_term(text, terms) is hit


def test_find_terms_gives_character_spans():
    text = "Food aid arrived; the aide said aid would follow."
    assert [text[a:b] for a, b in lexicon.find_terms(text, ["aid"])] == ["aid", "aid"]


def test_lexicon_on_tokens_uses_lemmas_stems_and_sequences(nlp):
    doc = nlp("Drones struck as air strikes and shelling hit the town")
    lex = lexicon.Lexicon([("drone", "d"), ("air strike", "a"), ("shell*", "s"), ("strike", "x"), ("town hall", "t")])
    found = {(doc[a:b].text, label) for a, b, label in lex.find(doc)}
    assert ("Drones", "d") in found            # by lemma
    assert ("air strikes", "a") in found       # a two-word cue over two tokens
    assert ("shelling", "s") in found          # a stem
    assert not any(label == "t" for _, label in found)


@pytest.mark.parametrize("sentence,etype,absent_mode,absent_context", [
    # "said" holds "aid", "officials" holds "cia", "denied" and "died" hold "ied", "Lebanon" holds "ban"
    ("Officials said the army would ask Sweden to reconsider.", "REQUEST", "assist", "intelligence"),
    ("Police denied that two men died when rebels attacked the Lebanon road.", "ASSAULT", "explosives", None),
])
def test_substring_cues_no_longer_fire_inside_words(nlp, sentence, etype, absent_mode, absent_context):
    doc = nlp(sentence)
    sent = next(iter(doc.sents))
    modes = _modes(etype, None, sent, list(sent))
    assert absent_mode not in modes
    if absent_context:
        assert absent_context not in _contexts(sent)


def test_lebanon_fires_no_ban_cue(nlp):
    sent = next(iter(nlp("Soldiers detained three men near the Lebanon border.").sents))
    assert "restrict" not in _modes("COERCE", None, sent, list(sent))
    sent = next(iter(nlp("Soldiers detained three men after the ban on rallies.").sents))
    assert "restrict" in _modes("COERCE", None, sent, list(sent))


def test_multi_word_and_inflected_cues_still_give_modes(nlp):
    sent = next(iter(nlp("Government jets carried out air strikes on the town, and a car bomb exploded later.").sents))
    modes = _modes("ASSAULT", None, sent, list(sent))
    assert "aerial" in modes and "explosives" in modes
    sent = next(iter(nlp("Gunmen opened fire on a market, the interior ministry said.").sents))
    assert "firearms" in _modes("ASSAULT", None, sent, list(sent))


def test_events_of_a_document_keep_their_modes_and_drop_substring_contexts(extract):
    text = ("Rebels fired mortars at an army base on Monday, officials said. "
            "Separately, the intelligence service said it had arrested two suspects.")
    evs = extract(text, published=PUBLISHED).events
    assault = next(e for e in evs if e.event_type == "ASSAULT")
    assert "heavy-weapons" in assault.mode
    assert "military" in assault.context and "intelligence" not in assault.context
    arrest = next(e for e in evs if e.event_type == "COERCE")
    assert "intelligence" in arrest.context
