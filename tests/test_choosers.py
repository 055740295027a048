"""The learned place chooser: its candidates, its features, its decision rule, and what the shipped models
decide on invented reports."""
from __future__ import annotations

import numpy as np

from sitroom.learn import place_features as PF
from sitroom.pipeline import Context, RawDocument, parse
from training.train import choice_f1


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


def test_choice_f1_reads_the_decisions_as_the_reader_makes_them():
    groups = [(np.array([0.9, 0.1]), ["yes", "no"], True, -1),    # right place, taken
              (np.array([0.3, 0.2]), ["no", "no"], False, -1),    # nothing right: abstaining costs nothing
              (np.array([0.6, 0.4]), ["no", "yes"], True, -1),    # wrong one taken: a false and a missed one
              (np.array([0.2, 0.1]), ["no", "yes"], True, 1)]     # under tau: the rule's pick, right
    assert choice_f1(groups, 0.5) == 2 * 2 / (2 * 2 + 1 + 1)
    assert choice_f1(groups, 0.25) == 2 * 2 / (2 * 2 + 2 + 1)    # the second now takes a wrong place too
    assert choice_f1(groups, 0.95) == 2 * 1 / (2 * 1 + 0 + 2)    # only the rule's pick is left


def test_shipped_choosers_place_and_date_an_invented_attack(extract):
    d = extract("Gunmen attacked a police post in the town of Maradi on Monday, killing four officers. "
                "The attack was the third in a month.", published="2024-05-08")
    first = next(e for e in d.events if e.event_type == "ASSAULT" and "Gunmen" in e.sentence)
    assert first.location is not None and first.location.name == "Maradi"
    assert first.date is not None and first.date.start == "2024-05-06"


def test_roles_split_two_actors_of_one_act_into_actor_and_recipient():
    from sitroom.events.learned import ROLE_SPLIT, decide_roles
    classes = ["none", "actor", "recipient"]
    # two mentions both likelier actors than recipients, no recipient: the second becomes the recipient
    p = np.array([[0.1, 0.8, 0.1], [0.2, 0.5, ROLE_SPLIT + 0.05]])
    assert decide_roles(p, classes) == ([0], [1])
    # ... unless it is hardly a recipient at all
    p = np.array([[0.1, 0.8, 0.1], [0.35, 0.5, ROLE_SPLIT - 0.05]])
    assert decide_roles(p, classes) == ([0, 1], [])
    # a recipient already chosen: the actors stay
    p = np.array([[0.1, 0.8, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]])
    assert decide_roles(p, classes) == ([0, 1], [2])


def test_dependency_paths_run_through_the_root_and_role_features_see_the_clause():
    from sitroom.learn.event_features import dep_path, role_features
    doc, ctx = _read("The militia attacked a convoy near the river.")
    militia, attacked, convoy = (next(t for t in doc if t.text == w) for w in ("militia", "attacked", "convoy"))
    assert attacked.dep_ == "ROOT"
    assert dep_path(militia, attacked) == "nsubj|"          # a mention on the root verb has a path ...
    assert dep_path(militia, convoy) == "nsubj|dobj"        # ... and so do two arguments of the root
    assert dep_path(militia, convoy, through_root=False) == "far"   # (places read only paths below the root)
    m = next(a for a in ctx.actors if "militia" in a.text)
    f = role_features(militia, m, attacked, "ASSAULT", None, [militia, convoy])
    assert "path=nsubj|" in f and "sameclause" in f and "between=0" in f and "mverb=attack" in f
    doc, ctx = _read("The rebels launched an attack on the army base at dawn.")
    rebels, attack, army = (next(t for t in doc if t.text == w) for w in ("rebels", "attack", "army"))
    m = next(a for a in ctx.actors if "rebels" in a.text)
    f = role_features(rebels, m, attack, "ASSAULT", None, [rebels, army])
    assert "hpath=nsubj|" in f and "hverb=launch|nsubj|" in f    # a noun trigger: the verb it is the object of
    assert "sameclause" in f
    f = role_features(army, m, rebels, "ASSAULT", None, [rebels, army])
    assert "between=0" in f
    doc, ctx = _read("Soldiers and police officers detained the protesters.")
    ts = {t.text: t for t in doc}
    f = role_features(ts["Soldiers"], m, ts["protesters"], "COERCE", None, [ts["Soldiers"], ts["officers"]])
    assert "between=1" in f                                         # another candidate stands in between


def test_role_features_mark_a_mention_the_sentence_uses_as_a_place():
    from sitroom.learn.event_features import role_features
    doc, ctx = _read("The envoy met rebel leaders in Kampala on Friday.")
    met = next(t for t in doc if t.text == "met")
    place = next(a for a in ctx.actors if a.text == "Kampala")
    root = doc.char_span(*place.span).root
    f = role_features(root, place, met, "CONSULT", None, [root], ctx.place_uses.get(tuple(place.span)))
    assert "asplace=in" in f and "tasplace=CONSULT|in" in f
