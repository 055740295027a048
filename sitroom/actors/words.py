"""Word classes the coreference modules share: pronoun sets and the heads of generic phrases ("militants",
"forces", "the regime", "the president"); reads and writes nothing else."""
from __future__ import annotations

PERSON_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
IT_PRONOUNS = {"it", "its", "itself"}
ARMED_HEADS = {"militants", "jihadists", "jihadis", "extremists", "insurgents", "terrorists", "caliphate",
               "militant", "jihadist", "extremist", "insurgent", "terrorist", "insurgency"}
FIGHTER_HEADS = {"fighters", "rebels", "militia", "militias", "militiamen", "guerrillas", "fighter", "rebel"}
GROUP_HEADS = {"group", "organization", "organisation", "movement", "outfit", "network", "faction"}
FORCE_HEADS = {"force", "forces", "troops", "soldiers", "army", "military", "units"}
STATE_HEADS = {"country", "nation", "kingdom", "republic", "state"}
GOV_HEADS = {"government", "regime", "administration", "authorities", "leadership", "cabinet"}
COALITION_HEADS = {"coalition", "alliance"}
PERSON_HEADS = {"president", "minister", "premier", "leader", "general", "commander", "secretary", "spokesman",
                "spokeswoman", "envoy", "chief", "king", "emir", "chancellor", "ambassador", "official",
                "presidents", "ministers", "premiers", "leaders", "kings", "emirs"}

CIVIL_HEADS = {"civilians", "workers", "students", "protesters", "protestors", "demonstrators", "refugees",
               "migrants", "prisoners", "detainees", "villagers", "residents", "farmers", "journalists", "activists",
               "nationals", "citizens", "men", "women", "children", "families", "landowners", "pilgrims",
               "worshippers", "hostages", "tourists", "fishermen", "settlers", "traders", "doctors", "teachers"}


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
