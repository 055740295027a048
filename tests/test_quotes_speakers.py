"""Who speaks a quote: participle cues, documents, pronouns and descriptions, on invented sentences."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def quotes(extract):
    def run(text):
        return extract(text, published="2020-05-04").quotes
    return run


def _reported(qs, start):
    found = [q for q in qs if not q.direct and q.quote.startswith(start)]
    assert found, [q.quote for q in qs]
    return found[0]


# -- participle cues: the speaker of "…, adding/saying/claiming …" --------------------------------------

@pytest.mark.parametrize("text,start,speaker", [
    ("Nora Quinn said the minister had a duty to the families, adding that he had acted badly.",
     "he had acted badly", "Nora Quinn"),
    ("Omar Kell said the council had a plan for the flood, noting the dam would hold.",
     "the dam would hold", "Omar Kell"),
])
def test_participle_after_a_reported_clause_belongs_to_the_reporter(quotes, text, start, speaker):
    """The participle hangs off the reported clause in the parse, but the one adding is the one who said it."""
    assert _reported(quotes(text), start).speaker.name == speaker


def test_participle_with_absolute_speaker(quotes):
    q = _reported(quotes("The ministry has tightened its rules, with Tomas Berg, the deputy minister, "
                         "saying the change was overdue."), "the change was overdue")
    assert q.speaker.name == "Tomas Berg"


@pytest.mark.parametrize("text,start,speaker", [
    ("The ministry appeared to contradict the governor by claiming the troops were still needed.",
     "the troops were still needed", "ministry"),
    ("The union tried to calm the workers by insisting the factory would stay open.",
     "the factory would stay open", "union"),
])
def test_participle_after_preposition_takes_the_clause_subject(quotes, text, start, speaker):
    assert _reported(quotes(text), start).speaker.name == speaker


def test_statement_made_by_someone_speaks_for_its_maker(quotes):
    q = _reported(quotes("Mara Ellis made a statement saying Norway was likely to join the talks."),
                  "Norway was likely")
    assert q.speaker.name == "Mara Ellis"          # not "Norway", the subject of what was said


def test_letter_handed_in_speaks_for_who_hands_it(quotes):
    qs = quotes("Protesters will hand in a letter urging the governor to close the mine.")
    q = _reported(qs, "to close the mine")
    assert q.speaker.name == "Protesters"
