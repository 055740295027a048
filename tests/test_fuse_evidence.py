"""The evidence fusion weighs beyond words and names, on invented reports read by the real pipeline into a real
SQLite store: the action a trigger names (the trigger lexicon's PLOVER mode: a capture is not a beheading), a
later mention that refers back to an earlier one of its document ("the capture"), type families that keep a
verbal act apart from what it is about, the date window of an undated report, and the pairs blocking did not
propose scored within a part of the link graph."""
from __future__ import annotations

import pytest

from sitroom import fuse as F
from sitroom.fuse import cluster, mentions, scoring
from sitroom.store import Store

REPORTS = [
    ("post-1", "2021-06-07",
     "Border guards captured two smugglers near Tarbat on Sunday, the interior ministry said. "
     "The two men were carrying rifles. Days earlier, gunmen beheaded a shepherd outside the town. "
     "The capture was confirmed by a police spokesman on Monday."),
    ("post-2", "2021-06-08",
     "Two smugglers were seized by border guards near Tarbat at the weekend. "
     "Their arrest follows months of raids on the border."),
]


@pytest.fixture(scope="module")
def store(nlp, tmp_path_factory):
    import sitroom
    s = Store(tmp_path_factory.mktemp("evidence") / "e.db")
    s.write([sitroom.extract(text, published=pub, doc_id=d, source=d) for d, pub, text in REPORTS])
    F.fuse(s)
    yield s
    s.close()


def _mention(store, doc_id, words):
    ms = [m for m in mentions.load(store.conn).mentions if m.doc_id == doc_id and words in m.sentence]
    assert ms, (doc_id, words)
    return ms[0]


def _incident(store, m):
    return store.conn.execute("SELECT incident_id FROM events WHERE event_id=?", (m.event_id,)).fetchone()[0]


def test_trigger_action_comes_from_the_trigger_lexicon():
    assert mentions.action(mentions.trigger_stem("captured")) == mentions.action(mentions.trigger_stem("abduct"))
    assert mentions.action(mentions.trigger_stem("beheaded")) == mentions.action(mentions.trigger_stem("execution"))
    assert mentions.action(mentions.trigger_stem("captured")) != mentions.action(mentions.trigger_stem("beheaded"))
    assert mentions.action(None) is None


def test_a_capture_and_its_later_reference_are_one_incident_and_a_beheading_is_not(store):
    capture = _mention(store, "post-1", "captured two smugglers")
    again = _mention(store, "post-1", "The capture was confirmed")
    beheading = _mention(store, "post-1", "beheaded a shepherd")
    assert again.anaphoric and not capture.anaphoric
    assert capture.action == again.action != beheading.action
    assert _incident(store, capture) == _incident(store, again) != _incident(store, beheading)
    # the reference back counts for, the other action against
    assert scoring.score(capture, again) > scoring.score(capture, beheading)
    plain = _replace(again, anaphoric=False)
    assert scoring.score(capture, again) == pytest.approx(scoring.score(capture, plain) + scoring.W_ANAPHORA)


def test_another_outlets_report_of_the_capture_joins_it(store):
    capture = _mention(store, "post-1", "captured two smugglers")
    seized = _mention(store, "post-2", "were seized by border guards")
    assert _incident(store, seized) == _incident(store, capture)


def test_type_families_keep_verbal_acts_apart_from_what_they_are_about():
    fam = mentions.FAMILY_OF
    assert fam["ASSAULT"] == fam["COERCE"]                      # a capture is read as either
    assert fam.get("CONCEDE", "CONCEDE") != fam.get("RETREAT", "RETREAT")   # deciding to withdraw is not withdrawing
    assert fam.get("THREATEN", "THREATEN") != fam["ASSAULT"]
    assert fam.get("REQUEST", "REQUEST") != fam.get("ACCUSE", "ACCUSE")


def test_an_undated_report_may_tell_of_an_incident_weeks_before_its_publication():
    lo, hi, day, reported = mentions.interval(None, None, None, "2021-06-30")
    dated = mentions.interval("2021-06-08", "2021-06-08", "day", None)
    assert reported and day is None and lo <= dated[1] and dated[0] <= hi       # three weeks earlier: a candidate
    months = mentions.interval("2021-03-01", "2021-03-01", "day", None)
    assert months[1] < lo                                                        # four months earlier: not


def test_pairs_blocking_did_not_propose_are_scored_within_a_part():
    edges = {(0, 1): 0.65, (1, 2): 0.65}      # links; 0 and 2 share no blocking key
    assert cluster.clusters([0, 1, 2], dict(edges)) == [[0, 1], [2]]            # unscored: 0, holds 2 apart
    assert cluster.clusters([0, 1, 2], dict(edges), fill=lambda i, j: 0.4) == [[0, 1, 2]]
    assert cluster.clusters([0, 1, 2], dict(edges), fill=lambda i, j: None) == [[0, 1], [2]]
    assert cluster.clusters([0, 1, 2], dict(edges), fill=lambda i, j: -0.3) == [[0, 1], [2]]


def test_two_groups_merge_only_when_a_link_ties_them_directly():
    # two tight pairs whose four cross pairs are all weakly alike (what the same type and story give): their
    # average clears MERGE, but no pair of them is a link, so average-link alone would chain them
    weak = (cluster.MERGE + cluster.LINK) / 2
    assert cluster.MERGE <= weak < cluster.LINK
    pairs = {(0, 1): 0.9, (2, 3): 0.9, (0, 2): weak, (0, 3): weak, (1, 2): weak, (1, 3): weak}
    assert cluster.cluster_part([0, 1, 2, 3], dict(pairs)) == [[0, 1], [2, 3]]
    assert cluster.clusters([0, 1, 2, 3], dict(pairs)) == [[0, 1], [2, 3]]     # and they are two parts
    tied = {**pairs, (1, 2): cluster.LINK}                                          # one direct link
    assert cluster.clusters([0, 1, 2, 3], tied) == [[0, 1, 2, 3]]


def test_a_description_is_no_name_and_neither_matches_nor_clashes(store):
    capture = _mention(store, "post-1", "captured two smugglers")
    assert "border guards" not in capture.names            # a description, capitalised only as the first word
    assert mentions.is_name("Tarbat", capture.sentence) and not mentions.is_name("gunmen", capture.sentence)
    assert mentions.is_name("Border Police", "Border Police raided the camp.")
    assert mentions.is_name("Russia", "Russia shelled the port.", coded={"russia"})
    beheading = _mention(store, "post-1", "beheaded a shepherd")
    clash = _replace(beheading, names=frozenset({"someone else"}))    # the same, had it named another party
    assert capture.names and not beheading.names
    assert scoring.score(capture, beheading) == pytest.approx(scoring.score(capture, clash) + scoring.W_NAMES_CLASH)


def _replace(m, **changes):
    return mentions.Mention(**{k: getattr(m, k) for k in m.__slots__} | changes)


def test_a_country_holds_its_places(store):
    capture = _mention(store, "post-1", "captured two smugglers")
    town = _replace(capture, lat=36.2, lon=43.1, country="IQ", country_level=False, place_inferred=False)
    country = _replace(capture, lat=33.0, lon=44.0, country="IQ", country_level=True, place_inferred=False)
    other = _replace(country, country="SY")
    assert scoring.place_score(town, country) == scoring.W_COUNTRY > 0
    assert scoring.place_score(town, other) == -scoring.W_COUNTRY


def test_a_storys_recurring_names_count_once_as_words(store):
    # the capture and the beheading of one report share the town's name; had both sentences named the same
    # ministry and province as well, only their words would say so (the sentence similarity), not a name term
    # on top of it that holds every event of a story together
    capture = _mention(store, "post-1", "captured two smugglers")
    beheading = _mention(store, "post-1", "beheaded a shepherd")
    both = frozenset({"tarbat", "interior", "ministry", "province"})
    assert scoring.score(_replace(capture, proper=both), _replace(beheading, proper=both)) == \
        scoring.score(capture, beheading)
    more = _replace(beheading, words=beheading.words | {"tarbat", "interior", "ministry"})
    assert scoring.score(capture, more) > scoring.score(capture, beheading)     # as shared words they count
    assert _incident(store, capture) != _incident(store, beheading)
