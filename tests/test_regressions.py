"""One test per crash the crash sweep (benchmarks/crash_sweep.py) found, each with a sentence written for it
that has the same shape as the document that crashed."""
from __future__ import annotations


def test_regression_possessive_forces_of_a_person_outside_the_dictionary(extract):
    # "his forces", "his" resolved to a titled person the actor dictionary does not hold: the forces are read
    # through the person's state (the stage looked up the person as if it were a state and got None)
    doc = extract("French President Jean Marchand said on Monday that he had called an emergency meeting of "
                  "his forces.", published="2020-03-02")
    got = {(a.text, a.name, a.country) for a in doc.actors}
    assert ("his", "Jean Marchand", "FRA") in got
    assert ("his forces", "Armed Forces of France", "FRA") in got


def test_regression_a_reported_quote_ending_in_a_quotation_mark_spans_exactly_its_words(extract):
    # the quote's text was stripped of the marks around it but its span kept them: the span held '... “over”'
    # while the quote read '... “over' (293 quotes of 228 documents in ../shared)
    doc = extract("The minister said the new plan was “a dangerous gamble” and would be dropped. She said the "
                  "talks were “over”.", published="2019-01-01")
    reported = [q for q in doc.quotes if not q.direct]
    assert len(reported) == 2
    for q in doc.quotes:
        assert doc.text[q.span[0]:q.span[1]] == q.quote
    assert reported[1].quote == "the talks were “over"
