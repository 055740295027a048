"""Word classes the coreference modules share: pronoun sets and the heads of generic phrases ("militants",
"forces", "the regime", "the president", from sitroom/lexicon/generic_actor_heads.tsv); reads and writes
nothing else."""
from __future__ import annotations

from .. import lexicon

PERSON_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
IT_PRONOUNS = {"it", "its", "itself"}
_HEADS = lexicon.grouped("generic_actor_heads", "kind")
ARMED_HEADS = _HEADS["armed"]
FIGHTER_HEADS = _HEADS["fighters"]
GROUP_HEADS = _HEADS["group"]
FORCE_HEADS = _HEADS["force"]
STATE_HEADS = _HEADS["state"]
GOV_HEADS = _HEADS["gov"]
COALITION_HEADS = _HEADS["coalition"]
PERSON_HEADS = _HEADS["person"]
CIVIL_HEADS = _HEADS["civil"]


def generic_kind(low):
    if low in ARMED_HEADS:
        return "armed"
    if low in FIGHTER_HEADS:
        return "fighters"
    if low in GROUP_HEADS:
        return "group"
    if low in FORCE_HEADS:
        return "force"
    if low in STATE_HEADS:
        return "state"
    if low in GOV_HEADS:
        return "gov"
    if low in COALITION_HEADS:
        return "coalition"
    if low in PERSON_HEADS:
        return "person"
    return None
