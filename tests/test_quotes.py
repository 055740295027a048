"""Quotes and their speakers, on small sentences written for these tests."""
from __future__ import annotations

import pytest

from sitroom.quotes import find_quoted


@pytest.fixture(scope="module")
def quotes(extract):
    def run(text):
        return extract(text, published="2020-05-04").quotes
    return run


def _direct(qs):
    return [q for q in qs if q.direct]


def _indirect(qs):
    return [q for q in qs if not q.direct]


def test_quotes_trailing_attribution_with_inverted_speaker(quotes):
    qs = quotes("“The bridge will be rebuilt by spring,” said Maria Lopez, the mayor of Riverton.")
    (q,) = _direct(qs)
    assert q.quote == "The bridge will be rebuilt by spring"
    assert q.speaker.name == "Maria Lopez"
    assert q.cue == "said"


def test_quotes_leading_attribution_with_colon(quotes):
    qs = quotes("Omar Haddad told reporters: “We have not seen any convoy since Tuesday.”")
    (q,) = _direct(qs)
    assert q.quote.startswith("We have not seen any convoy")
    assert q.speaker.name == "Omar Haddad"


def test_quotes_split_around_attribution_gives_two_quotes(quotes):
    qs = quotes("“The roads are closed,” Peter Brandt said. “Nobody can reach the valley for now.”")
    ds = _direct(qs)
    assert [q.quote for q in ds] == ["The roads are closed", "Nobody can reach the valley for now."]
    assert {q.speaker.name for q in ds} == {"Peter Brandt"}


def test_quotes_multi_paragraph_quote_reopens_mark(quotes):
    text = ("Anna Novak said: “We waited for three days. The water ran out on the second day. "
            "“Then the trucks came back and we could leave.”")
    ds = _direct(quotes(text))
    assert len(ds) == 2
    assert ds[1].quote.startswith("Then the trucks")
    assert all(q.speaker.name == "Anna Novak" for q in ds)


def test_quotes_fragment_inside_clause(quotes):
    qs = quotes("The minister, Karl Weber, said the rebel stronghold had been “completely cleared” on Sunday.")
    frag = [q for q in _direct(qs) if q.quote == "completely cleared"]
    assert frag and frag[0].speaker.name == "Karl Weber"


def test_quotes_is_how_described(quotes):
    qs = quotes("“Slow and dangerous” is how Colonel Amir Saleh described the advance on the town.")
    (q,) = _direct(qs)
    assert q.quote == "Slow and dangerous"
    assert q.speaker.name == "Amir Saleh"


def test_quotes_straight_and_nested_marks(quotes):
    text = 'Lena Fischer said: "They keep asking \'why now?\' and we have no answer."'
    (q,) = _direct(quotes(text))
    assert "why now?" in q.quote and q.quote.endswith("no answer.")
    assert q.speaker.name == "Lena Fischer"


def test_quotes_scare_quotes_yield_nothing(quotes):
    qs = quotes("The junta declared a “new dawn” in 2014 and its troops seized several towns.")
    assert _direct(qs) == []


def test_quotes_find_quoted_skips_apostrophes():
    text = "The army’s plan ‘worked’, officials’ notes say, and “it’s over” now."
    spans = [text[s:e] for s, e in find_quoted(text)]
    assert spans == ["worked", "it’s over"]


def test_quotes_reported_speech_said_that(quotes):
    qs = quotes("Sofia Marin said that the ceasefire would hold until the end of the month.")
    (q,) = _indirect(qs)
    assert q.quote == "the ceasefire would hold until the end of the month"
    assert q.speaker.name == "Sofia Marin"
    assert q.direct is False


def test_quotes_reported_speech_told_and_urged(quotes):
    qs = quotes("Tomas Berg told the council the talks had failed. He urged both sides to return to the table.")
    ind = _indirect(qs)
    assert ind[0].quote == "the talks had failed" and ind[0].cue == "told"
    assert ind[1].quote.startswith("to return to the table")
    assert ind[1].speaker.name == "Tomas Berg"


def test_quotes_according_to_is_not_reported_speech(quotes):
    qs = quotes("According to the ministry, the convoy reached the border at dawn.")
    assert qs == []


def test_quotes_mostly_quoted_clause_is_only_direct(quotes):
    qs = quotes("Helena Ruiz said “the situation is getting worse every single day”.")
    assert len(qs) == 1 and qs[0].direct


def test_quotes_surname_resolves_to_full_name(quotes):
    text = ("Daniel Kovac, the head of the relief mission, arrived on Monday. "
            "“We need more trucks,” Kovac said.")
    (q,) = _direct(quotes(text))
    assert q.speaker.name == "Daniel Kovac"
    assert q.speaker.text == "Kovac"


def test_quotes_pronoun_resolves_to_last_speaker(quotes):
    text = ("“The shelling stopped at noon,” said Rania Aziz. "
            "“We could finally bury our dead,” she said.")
    ds = _direct(quotes(text))
    assert [q.speaker.name for q in ds] == ["Rania Aziz", "Rania Aziz"]
    assert ds[1].speaker.text == "she"


def test_quotes_title_and_affiliation_from_apposition(quotes):
    text = "Col. Mark Ellis, a spokesman for the border force, said the crossing would reopen on Friday."
    (q,) = _indirect(quotes(text))
    sp = q.speaker
    assert sp.name == "Mark Ellis"
    assert "spokesman" in sp.title
    assert sp.affiliation == "border force"


def test_quotes_organisation_as_speaker(quotes):
    qs = quotes("The Foreign Office said it had seen the photographs and would ask the embassy for details.")
    (q,) = _indirect(qs)
    assert q.speaker.name == "Foreign Office"


def test_quotes_negated_or_relative_speech_is_not_reported(quotes):
    qs = quotes("Nobody could confirm that the convoy arrived. The army shelled villages that the rebels say are theirs.")
    assert _indirect(qs) == []


def test_quotes_speaker_is_linked_to_the_documents_actor(extract):
    doc = extract('"We will hold the line," said Mazloum Abdi, the commander of the Syrian Democratic Forces.',
                  published="2019-03-01")
    (q,) = doc.quotes
    assert q.speaker.name == "Mazloum Abdi"
    actor = next(a for a in doc.actors if a.name == "Mazloum Abdi")
    assert (q.speaker.country, q.speaker.agent) == (actor.country, actor.agent)
