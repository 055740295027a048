"""status_of: asserted / future / hypothetical / negated read from the grammar of small sentences."""
from __future__ import annotations

import pytest

from sitroom.events.status import status_of


def _status(nlp, text, word, event_type=None):
    doc = nlp(text)
    trigger = next(t for t in doc if t.text == word)
    return status_of(trigger.sent, trigger, event_type)


@pytest.mark.parametrize("text, word", [
    ("Rebel fighters attacked an army checkpoint near the city on Sunday.", "attacked"),
    ("Government warplanes have been bombing the district for a week.", "bombing"),
    ("The army opened an offensive on rebel positions in the north.", "offensive"),
    ("Officials said that 14 soldiers were killed in the ambush.", "killed"),
    ("The convoy came under attack after it left the base.", "attack"),
    ("Troops began to withdraw from the border town on Friday.", "withdraw"),
])
def test_status_asserted_forms(nlp, text, word):
    assert _status(nlp, text, word) == "asserted"


@pytest.mark.parametrize("text, word", [
    ("The government will withdraw its troops from the region next year.", "withdraw"),
    ("The ministry plans to deploy another battalion to the coast.", "deploy"),
    ("The army is expected to launch a new offensive in the spring.", "launch"),
    ("The two delegations are due to meet in Vienna on Tuesday.", "meet"),
    ("Both sides agreed to hold talks in the capital.", "talks"),
    ("The planned withdrawal of the peacekeepers worried local leaders.", "withdrawal"),
    ("Officials said the army would send more troops to the province.", "send"),
])
def test_status_future_forms(nlp, text, word):
    assert _status(nlp, text, word) == "future"


@pytest.mark.parametrize("text, word", [
    ("Analysts say the militia could launch an offensive within weeks.", "launch"),
    ("Residents fear a renewed offensive on the town.", "offensive"),
    ("The general said his forces would strike back if the rebels attacked the base.", "attacked"),
    ("Diplomats warned of the danger of a naval clash between the two countries.", "clash"),
    ("The rebels may attack the airport before the election.", "attack"),
    ("Analysts believe a partial pullout of foreign troops is possible.", "pullout"),
])
def test_status_hypothetical_forms(nlp, text, word):
    assert _status(nlp, text, word) == "hypothetical"


@pytest.mark.parametrize("text, word", [
    ("The army did not attack the village.", "attack"),
    ("On Sunday, not a single shell was fired at the city.", "shell"),
    ("No one was killed in the blast.", "killed"),
    ("The two armies have yet to reach the mountain pass.", "reach"),
    ("The rebels failed to capture the airport.", "capture"),
    ("The ministry denied staging the raid on the camp.", "staging"),
])
def test_status_negated_forms(nlp, text, word):
    assert _status(nlp, text, word) == "negated"


def test_status_threat_itself_is_asserted(nlp):
    text = "The militia threatened to attack the capital."
    assert _status(nlp, text, "threatened", "THREATEN") == "asserted"
    assert _status(nlp, text, "attack", "ASSAULT") == "hypothetical"


def test_status_refusal_is_the_reject_event(nlp):
    text = "The opposition refused to attend the peace conference."
    assert _status(nlp, text, "refused", "REJECT") == "asserted"
    assert _status(nlp, text, "attend", "CONSULT") == "negated"


def test_status_definite_noun_is_presupposed(nlp):
    text = "The minister promised a quick response to the bombing of the market."
    assert _status(nlp, text, "bombing") == "asserted"


def test_status_conditional_will_is_hypothetical(nlp):
    assert _status(nlp, "If the talks fail, the army will resume its offensive.", "offensive") == "hypothetical"


def test_status_requested_act_is_future_but_request_asserted(nlp):
    text = "The council called for an immediate ceasefire."
    assert _status(nlp, text, "ceasefire") == "future"
    assert _status(nlp, text, "called", "REQUEST") == "asserted"
    assert _status(nlp, "Neighbours should hand over the suspects.", "hand", "REQUEST") == "asserted"


def test_status_negated_content_of_a_rejection_is_asserted(nlp):
    text = "The cabinet is not softening its stance on the detainees."
    assert _status(nlp, text, "softening", "REJECT") == "asserted"
    assert _status(nlp, text, "softening") == "negated"


def test_status_conjunct_does_not_share_negation(nlp):
    text = "The rebels did not attack the base but seized weapons from a depot."
    assert _status(nlp, text, "seized") == "asserted"
    assert _status(nlp, "The army plans to attack the town and seize the bridge.", "seize") == "future"


def test_status_cause_and_example_events_are_asserted(nlp):
    text = "The navy threatened to shell the port in reprisal for a drone strike on its base."
    assert _status(nlp, text, "strike") == "asserted"
    text = "The unit guards against bombings, such as one in May that killed 20 villagers."
    assert _status(nlp, text, "bombings") == "asserted"


def test_status_purpose_clause_shares_the_main_status(nlp):
    text = "Hundreds of workers began a sit-in on Friday to protest the closure."
    assert _status(nlp, text, "protest") == "asserted"


def test_status_present_tense_with_coming_time_is_future(nlp):
    assert _status(nlp, "Delegations from both sides meet in Geneva next week.", "meet") == "future"


def test_learned_status_features_see_a_negating_governor_and_a_hedging_determiner(nlp):
    """The learned status model reads the verb that governs the act ("refused to ...") and
    determiners like "any" as features; an act with neither gets neither."""
    from sitroom.learn.event_features import status_features

    doc = nlp("The garrison refused to surrender the fort to the rebels.")
    feats = status_features(next(t for t in doc if t.text == "surrender"), "RETREAT")
    assert "negov=refuse" in feats and "negov@1" in feats
    doc = nlp("The envoy ruled out any attack on the port.")
    assert "det=any" in status_features(next(t for t in doc if t.text == "attack"), "ASSAULT")
    doc = nlp("The garrison surrendered the fort to the rebels.")
    feats = status_features(next(t for t in doc if t.text == "surrendered"), "RETREAT")
    assert not [f for f in feats if f.startswith(("negov", "det="))]
