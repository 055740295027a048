"""The learned place and date choosers: their candidates, their features, their decision rule, and what the
shipped models decide on invented reports."""
from __future__ import annotations

import numpy as np

from sitroom.learn import date_features as DF
from sitroom.learn import place_features as PF
from sitroom.pipeline import Context, RawDocument, parse
from training.train import choice_accuracy


def _read(text, published="2024-03-15"):
    raw = RawDocument(text=text, doc_id="t", published=published)
    doc = parse(raw)
    return doc, Context(doc)


TEXT = ("Rebels shelled the town of Gao in Mali on Tuesday. "
        "Residents fled north. "
        "Officials in Bamako said the army would send reinforcements. "
        "Aid groups in Geneva appealed for calm. "
        "The fighting resumed at dawn.")


def test_place_candidates_are_the_nearest_mention_of_each_name_and_the_documents_countries():
    doc, ctx = _read(TEXT)
    dp = PF.doc_places(doc, ctx)
    by_name = lambda cands: {(p.name or p.text): d for p, d in cands}
    last = by_name(PF.candidates(dp, 4))           # the fifth sentence: three back, and the countries
    assert last.get("Bamako") == -2 and last.get("Geneva") == -1
    assert "Gao" not in last                      # four sentences back: out of the window
    congo = [d for p, d in PF.candidates(dp, 4) if p.feature == "PCLI" and p.country == "ML"]
    assert congo == [None]                          # ... but the country the document names is a candidate
    first = by_name(PF.candidates(dp, 0))
    assert first.get("Gao") == 0 and first.get("Bamako") is None or first.get("Bamako", 0) > 0


def test_place_features_say_where_the_candidate_stands():
    doc, ctx = _read(TEXT)
    dp = PF.doc_places(doc, ctx)
    cands = PF.candidates(dp, 0)
    trigger = next(t for t in doc if t.text == "shelled")
    gao = next(p for p, d in cands if (p.name or p.text) == "Gao")
    f = PF.place_features(doc, ctx, dp, gao, 0, trigger, "ASSAULT", gao, cands)
    assert "d=0" in f and "rule=True" in f and "first_place" in f
    assert any(x.startswith("finer_than") for x in f)      # a town inside the country also named
    assert any(x.startswith("path=") for x in f)


def test_date_candidates_and_features():
    doc, ctx = _read(TEXT)
    dd = DF.doc_dates(doc, ctx)
    cands = DF.candidates(dd, 1)
    assert [(w.start, d) for w, d in cands] == [("2024-03-12", -1)]   # "on Tuesday" one sentence back
    f = DF.date_features(doc, ctx, dd, cands[0][0], -1, None, "RETREAT", None, 1)
    assert "k=weekday|d=-1" in f and "age=le7" in f and "rule=none" in f
    assert DF.candidates(dd, 4 + 1) == []                              # too far back


def test_choice_accuracy_counts_right_choices_and_right_abstentions():
    groups = [(np.array([0.9, 0.1]), ["yes", "no"], True),    # right place, taken
              (np.array([0.3, 0.2]), ["no", "no"], False),    # nothing right: abstaining is right
              (np.array([0.6, 0.4]), ["no", "yes"], True)]    # wrong one taken
    assert choice_accuracy(groups, 0.5) == 2 / 3
    assert choice_accuracy(groups, 0.25) == 1 / 3             # the second now takes a wrong place
    assert choice_accuracy(groups, 0.95) == 1 / 3             # abstains on all: only the second is right


def test_shipped_choosers_place_and_date_an_invented_attack(extract):
    d = extract("Gunmen attacked a police post in the town of Maradi on Monday, killing four officers. "
                "The attack was the third in a month.", published="2024-05-08")
    first = next(e for e in d.events if e.event_type == "ASSAULT" and "Gunmen" in e.sentence)
    assert first.location is not None and first.location.name == "Maradi"
    assert first.date is not None and first.date.start == "2024-05-06"
