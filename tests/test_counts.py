"""counts_for and parse_number: killed / injured / size from small sentences."""
from __future__ import annotations

import pytest

from sitroom.events.counts import counts_for, parse_number


def _counts(nlp, text, word):
    doc = nlp(text)
    trigger = next(t for t in doc if t.text == word)
    return counts_for(trigger.sent, trigger)


@pytest.mark.parametrize("text, value", [
    ("19", 19), ("12,000", 12000), ("1.2 million", 1_200_000), ("twenty-five", 25),
    ("two hundred", 200), ("a dozen", 12), ("two dozen", 24), ("dozens", 24), ("hundreds", 200),
    ("thousands", 2000), ("tens of thousands", 20000), ("more than 250", 250),
    ("three thousand five hundred", 3500), ("seven", 7), ("nothing here", None),
])
def test_counts_parse_number(text, value):
    assert parse_number(text) == value


def test_counts_killed_object_of_verb(nlp):
    c = _counts(nlp, "A car bomb killed more than 40 people at a market in the capital.", "killed")
    assert (c.killed, c.injured) == (40, None)


def test_counts_killed_passive_subject(nlp):
    assert _counts(nlp, "At least 19 were killed when the shells hit the camp.", "killed").killed == 19


def test_counts_killed_word_number(nlp):
    assert _counts(nlp, "Two soldiers were killed in the ambush on Tuesday.", "ambush").killed == 2


def test_counts_a_number_of_dozens_is_read_whole(nlp):
    c = _counts(nlp, "Roughly three dozen villagers were killed in the raid on the market.", "raid")
    assert c.killed == 36


@pytest.mark.parametrize("text, word, killed", [
    ("The group was blamed for the beheading of up to 15 aid workers.", "beheading", 15),
    ("The execution of 12 prisoners drew protests abroad.", "execution", 12),
])
def test_counts_the_people_a_killing_noun_is_of_are_its_dead(nlp, text, word, killed):
    c = _counts(nlp, text, word)
    assert (c.killed, c.size) == (killed, None)


def test_counts_left_dead_and_wounded_dozens(nlp):
    c = _counts(nlp, "The explosion left 12 dead and wounded dozens in the square.", "explosion")
    assert (c.killed, c.injured) == (12, 24)


def test_counts_death_toll(nlp):
    assert _counts(nlp, "The death toll from the bombing rose to 63 on Friday.", "bombing").killed == 63


def test_counts_injuring_participle(nlp):
    c = _counts(nlp, "Gunmen opened fire on a bus, killing three passengers and injuring five.", "opened")
    assert (c.killed, c.injured) == (3, 5)


@pytest.mark.parametrize("text, word, size", [
    ("The air force carried out nearly 12,000 strikes over two years.", "strikes", 12000),
    ("Paris will keep a small contingent of about 250 troops in the country.", "keep", 250),
    ("Some 2,000 troops were deployed to the border.", "deployed", 2000),
    ("About 10,000 protesters marched through the capital on Saturday.", "marched", 10000),
    ("The army plans a 5,000-strong border force.", "force", 5000),
])
def test_counts_size(nlp, text, word, size):
    c = _counts(nlp, text, word)
    assert (c.size, c.killed) == (size, None)


def test_counts_year_is_not_a_count(nlp):
    c = _counts(nlp, "The rebels attacked the town in 2014.", "attacked")
    assert (c.killed, c.injured, c.size) == (None, None, None)


def test_counts_ages_money_and_percent_are_not_counts(nlp):
    text = "A 17-year-old was arrested after the attack that cost $5 million and cut trade by 20 percent."
    c = _counts(nlp, text, "attack")
    assert (c.killed, c.injured, c.size) == (None, None, None)


def test_counts_attach_to_their_own_clause(nlp):
    text = "Jets bombed the depot, killing four guards, while 3,000 protesters rallied in the capital."
    doc = nlp(text)
    bombed = next(t for t in doc if t.text == "bombed")
    rallied = next(t for t in doc if t.text == "rallied")
    assert counts_for(bombed.sent, bombed).killed == 4
    assert counts_for(bombed.sent, bombed).size is None
    assert counts_for(rallied.sent, rallied).size == 3000


def test_counts_vague_quantity_is_no_size(nlp):
    c = _counts(nlp, "The guards detain hundreds of suspected smugglers at the camp.", "detain")
    assert c.size is None


def test_counts_pronoun_one_is_not_a_count(nlp):
    c = _counts(nlp, "No one was killed in the attack.", "killed")
    assert (c.killed, c.size) == (None, None)


def test_counts_death_toll_range_takes_the_lower_bound(nlp):
    assert _counts(nlp, "Local death tolls vary from 800 to 950 people, medics said.", "tolls").killed == 800
