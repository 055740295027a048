"""PLOVER codebook (sitroom.plover.v1): the 16 event types with their quad category, description,
modes and contexts (after the PLOVER manual, draft 2.0, 2024), and the trigger lexicon the events
stage reads: verb lemmas, noun lemmas and two-word phrases per type, keyword cues for modes and
contexts. Plain Python data, loaded once with the package; nothing here reads files.

Lexicon entries map a lemma to a type; a few entries carry a condition on the word's neighbours
(see `sitroom.events`). Names, not sentences: nothing here is taken from evaluation texts.
"""
from __future__ import annotations

NAME = "sitroom.plover.v1"

# ---------------------------------------------------------------------------------------------
# The 16 types: quad category, description, modes (name -> content) per the manual.
# ---------------------------------------------------------------------------------------------
TYPES = {
    "AGREE": ("verbal cooperation",
              "agree to, offer, promise or otherwise indicate willingness or commitment to cooperate; "
              "future cooperative acts", {}),
    "CONSULT": ("verbal cooperation", "consultations and meetings, visits, hosting, phone calls",
                {"visit": "actor visits, recipient hosts", "third-party": "meeting hosted by a third party",
                 "multilateral": "meeting in a multilateral setting (alliance, IGO)",
                 "phone": "consultation by phone or other remote medium"}),
    "SUPPORT": ("verbal cooperation",
                "express support for, commend, approve; recognise; sign or ratify an agreement", {}),
    "CONCEDE": ("verbal cooperation",
                "verbal concessions: pardons, amnesties, apologies, easing restrictions, declared "
                "ceasefires and withdrawals", {}),
    "COOPERATE": ("material cooperation",
                  "mutual material cooperation: economic, military (joint exercises), judicial, "
                  "intelligence sharing", {}),
    "AID": ("material cooperation",
            "material aid benefiting the recipient: money, arms, personnel, humanitarian aid, asylum, "
            "rescues", {}),
    "RETREAT": ("material cooperation",
                "material concessions: withdrawal, release, disarming, observing a ceasefire, granting "
                "access, resignation",
                {"withdraw": "retreat from territory, withdraw forces", "release": "release captives",
                 "disarm": "disarm, give up weapons", "ceasefire": "implement a ceasefire",
                 "access": "allow third parties access", "resign": "official resignation"}),
    "REQUEST": ("verbal conflict", "requests, demands and orders",
                {"assist": "exchange, relations or assistance",
                 "change": "changes in policy, government or institutions",
                 "yield": "release of prisoners, ending sanctions, easing curfews, ceasefires",
                 "meet": "meetings and negotiations"}),
    "ACCUSE": ("verbal conflict",
               "disapprove, condemn, criticise; accuse, allege, charge, sue; investigate",
               {"disapprove": "express disapproval, condemn, complain",
                "investigate": "any investigation", "allege": "accuse, sue, indict, charge, try"}),
    "REJECT": ("verbal conflict", "rejections and refusals",
               {"assist": "exchange, relations or assistance",
                "change": "changes in policy, government or institutions",
                "yield": "release of prisoners, ending sanctions, easing curfews, ceasefires",
                "meet": "meetings and negotiations"}),
    "THREATEN": ("verbal conflict", "threats, coercive or forceful warnings",
                 {"restrict": "restrict movement, boycotts, blockades, curfews, bans",
                  "arrest": "arrest, detain, imprison", "relations": "suspend relations or talks",
                  "expel": "expel diplomats, peacekeepers, NGOs", "territory": "occupy or seize territory",
                  "violence": "threaten violence"}),
    "PROTEST": ("material conflict", "civilian demonstrations and collective protest actions",
                {"demo": "organised demonstration", "riot": "violent riot", "strike": "labour strike",
                 "hunger": "hunger strike", "boycott": "boycott", "obstruct": "obstruct passage or access",
                 "vandalize": "symbolic damage to property"}),
    "SANCTION": ("material conflict", "reductions in existing, routine or cooperative relations",
                 {"convict": "find guilty, sentence", "expel": "expel from a group or country; forced flight",
                  "withdraw": "withdraw non-military resources",
                  "discontinue": "curtail or end exchanges; international sanctions"}),
    "MOBILIZE": ("material conflict", "military or police moves short of the use of force",
                 {"troops": "armed personnel or units", "weapons": "weapons systems, ships, vehicles",
                  "police": "police or security units", "militia": "non-state armed groups"}),
    "COERCE": ("material conflict", "repression and coercive uses of power short of violence",
               {"seize": "search, confiscate, raid", "restrict": "restrictions on freedoms or movement, sieges",
                "censor": "censorship", "curfew": "curfew", "martial-law": "state of emergency, martial law",
                "arrest": "arrest, detain", "deport": "expel or deport individuals",
                "withhold": "withhold public goods or services", "misinformation": "deception",
                "cyber": "cyber attacks"}),
    "ASSAULT": ("material conflict", "deliberate actions that can cause substantial physical harm",
                {"abduct": "abduct, kidnap, hijack, capture combatants", "beat": "beating",
                 "torture": "torture", "sexual": "sexual violence",
                 "targeted": "targeted killings, assassinations, executions, massacres",
                 "destroy": "intentional destruction of property", "primitive": "fire, blades, rocks",
                 "firearms": "rifles, pistols, machine guns", "explosives": "mines, IEDs, car bombs",
                 "suicide-attack": "suicide attacks", "aerial": "aircraft, helicopters",
                 "drone": "drones", "heavy-weapons": "artillery, rockets, tanks",
                 "crowd-control": "tear gas, water cannon", "unconventional": "chemical, biological, nuclear"}),
}

QUAD = {t: v[0] for t, v in TYPES.items()}
MODES = {t: tuple(v[2]) for t, v in TYPES.items()}
COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}
# Speech-act types: the content of their complement clause is the act's mode, not a separate event.
SPEECH_ACTS = {"REQUEST", "THREATEN", "REJECT", "AGREE", "ACCUSE", "CONCEDE", "SUPPORT"}

# ---------------------------------------------------------------------------------------------
# Trigger lexicon. VERBS / NOUNS: lemma -> (type, default mode or None, weight).
# ---------------------------------------------------------------------------------------------
def _t(t, mode=None, w=0.7):
    return (t, mode, w)


VERBS = {
    # AGREE
    "agree": _t("AGREE"), "pledge": _t("AGREE"), "promise": _t("AGREE"), "offer": _t("AGREE", w=0.6),
    "commit": _t("AGREE", w=0.6), "accept": _t("AGREE", w=0.6), "invite": _t("AGREE", w=0.6),
    "volunteer": _t("AGREE", w=0.5), "allow": _t("CONCEDE", w=0.4), "forgive": _t("SUPPORT", w=0.5),
    # CONSULT
    "meet": _t("CONSULT"), "visit": _t("CONSULT", "visit"), "host": _t("CONSULT", "visit"),
    "negotiate": _t("CONSULT"), "consult": _t("CONSULT"), "confer": _t("CONSULT"),
    "discuss": _t("CONSULT", w=0.6), "telephone": _t("CONSULT", "phone"), "phone": _t("CONSULT", "phone"),
    "mediate": _t("CONSULT", "third-party"),
    # SUPPORT
    "support": _t("SUPPORT", w=0.6), "welcome": _t("SUPPORT"), "praise": _t("SUPPORT"),
    "endorse": _t("SUPPORT"), "commend": _t("SUPPORT"), "applaud": _t("SUPPORT"), "hail": _t("SUPPORT"),
    "congratulate": _t("SUPPORT"), "approve": _t("SUPPORT", w=0.6), "ratify": _t("SUPPORT"),
    "recognize": _t("SUPPORT", w=0.5), "recognise": _t("SUPPORT", w=0.5), "sign": _t("SUPPORT", w=0.6),
    "back": _t("SUPPORT", w=0.5), "thank": _t("SUPPORT", w=0.5),
    # CONCEDE
    "concede": _t("CONCEDE"), "apologize": _t("CONCEDE"), "apologise": _t("CONCEDE"),
    "pardon": _t("CONCEDE"), "compromise": _t("CONCEDE"), "acquit": _t("CONCEDE"), "regret": _t("CONCEDE", w=0.5),
    "ease": _t("CONCEDE", w=0.5), "relax": _t("CONCEDE", w=0.5), "lift": _t("CONCEDE", w=0.5),
    "admit": _t("CONCEDE", w=0.5),
    # COOPERATE
    "cooperate": _t("COOPERATE"), "co-operate": _t("COOPERATE"), "collaborate": _t("COOPERATE"),
    "extradite": _t("COOPERATE"), "coordinate": _t("COOPERATE", w=0.6), "partner": _t("COOPERATE", w=0.6),
    # AID
    "aid": _t("AID"), "assist": _t("AID", w=0.6), "rescue": _t("AID"), "donate": _t("AID"),
    "fund": _t("AID", w=0.6), "finance": _t("AID", w=0.5), "arm": _t("AID", w=0.6), "train": _t("AID", w=0.5),
    "evacuate": _t("AID", w=0.6), "shelter": _t("AID", w=0.5), "airdrop": _t("AID"),
    # RETREAT
    "withdraw": _t("RETREAT", "withdraw"), "retreat": _t("RETREAT", "withdraw"),
    "release": _t("RETREAT", "release"), "free": _t("RETREAT", "release", 0.6), "resign": _t("RETREAT", "resign"),
    "quit": _t("RETREAT", "resign", 0.5), "disarm": _t("RETREAT", "disarm"), "surrender": _t("RETREAT"),
    "return": _t("RETREAT", w=0.4), "abandon": _t("RETREAT", "withdraw", 0.5), "demobilize": _t("RETREAT", "disarm"),
    # REQUEST
    "ask": _t("REQUEST", w=0.6), "request": _t("REQUEST"), "demand": _t("REQUEST"), "urge": _t("REQUEST"),
    "appeal": _t("REQUEST"), "plead": _t("REQUEST"), "insist": _t("REQUEST", w=0.5),
    "petition": _t("REQUEST"), "lobby": _t("REQUEST", w=0.5), "implore": _t("REQUEST"), "press": _t("REQUEST", w=0.4),
    # ACCUSE
    "accuse": _t("ACCUSE", "allege"), "blame": _t("ACCUSE", "allege"), "allege": _t("ACCUSE", "allege"),
    "charge": _t("ACCUSE", "allege", 0.6), "sue": _t("ACCUSE", "allege"), "indict": _t("ACCUSE", "allege"),
    "prosecute": _t("ACCUSE", "allege"), "condemn": _t("ACCUSE", "disapprove"),
    "criticise": _t("ACCUSE", "disapprove"), "criticize": _t("ACCUSE", "disapprove"),
    "denounce": _t("ACCUSE", "disapprove"), "decry": _t("ACCUSE", "disapprove"),
    "deplore": _t("ACCUSE", "disapprove"), "slam": _t("ACCUSE", "disapprove"),
    "object": _t("ACCUSE", "disapprove"), "complain": _t("ACCUSE", "disapprove"),
    "lambast": _t("ACCUSE", "disapprove"), "rebuke": _t("ACCUSE", "disapprove"),
    "censure": _t("ACCUSE", "disapprove"), "investigate": _t("ACCUSE", "investigate"),
    "probe": _t("ACCUSE", "investigate"), "question": _t("ACCUSE", "investigate", 0.4),
    "interrogate": _t("ACCUSE", "investigate"), "protest": _t("PROTEST", "demo", 0.6),
    # REJECT
    "reject": _t("REJECT"), "refuse": _t("REJECT"), "deny": _t("REJECT", w=0.6), "decline": _t("REJECT", w=0.5),
    "veto": _t("REJECT"), "dismiss": _t("REJECT", w=0.5), "oppose": _t("REJECT", w=0.6),
    "rebuff": _t("REJECT"), "snub": _t("REJECT"), "spurn": _t("REJECT"), "resist": _t("REJECT", w=0.5),
    "block": _t("REJECT", w=0.5), "baulk": _t("REJECT"), "balk": _t("REJECT"), "boycott": _t("PROTEST", "boycott"),
    # THREATEN
    "threaten": _t("THREATEN"), "warn": _t("THREATEN", w=0.6), "vow": _t("THREATEN", w=0.5),
    # PROTEST
    "demonstrate": _t("PROTEST", "demo", 0.6), "rally": _t("PROTEST", "demo", 0.5), "march": _t("PROTEST", "demo", 0.5),
    "riot": _t("PROTEST", "riot"), "picket": _t("PROTEST", "demo"),
    # SANCTION
    "sanction": _t("SANCTION", "discontinue"), "embargo": _t("SANCTION", "discontinue"),
    "expel": _t("SANCTION", "expel"), "sever": _t("SANCTION", "discontinue"), "suspend": _t("SANCTION", "discontinue", 0.5),
    "halt": _t("SANCTION", "discontinue", 0.4), "freeze": _t("SANCTION", "discontinue", 0.5),
    "recall": _t("SANCTION", "withdraw", 0.4), "convict": _t("SANCTION", "convict"), "sentence": _t("SANCTION", "convict"),
    "displace": _t("SANCTION", "expel"), "flee": _t("SANCTION", "expel", 0.5), "exile": _t("SANCTION", "expel"),
    # MOBILIZE
    "deploy": _t("MOBILIZE", "troops"), "mobilize": _t("MOBILIZE", "troops"), "mobilise": _t("MOBILIZE", "troops"),
    "mass": _t("MOBILIZE", "troops", 0.5), "reinforce": _t("MOBILIZE", "troops", 0.5),
    "dispatch": _t("MOBILIZE", "troops", 0.5), "patrol": _t("MOBILIZE", "troops", 0.5),
    "redeploy": _t("MOBILIZE", "troops"),
    # COERCE
    "arrest": _t("COERCE", "arrest"), "detain": _t("COERCE", "arrest"), "imprison": _t("COERCE", "arrest"),
    "jail": _t("COERCE", "arrest"), "incarcerate": _t("COERCE", "arrest"), "ban": _t("COERCE", "restrict"),
    "censor": _t("COERCE", "censor"), "confiscate": _t("COERCE", "seize"), "besiege": _t("COERCE", "restrict"),
    "deport": _t("COERCE", "deport"), "revoke": _t("COERCE", "restrict", 0.6), "restrict": _t("COERCE", "restrict", 0.6),
    "blockade": _t("COERCE", "restrict"), "outlaw": _t("COERCE", "restrict"), "cordon": _t("COERCE", "restrict"),
    "repress": _t("COERCE"), "hack": _t("COERCE", "cyber"), "disperse": _t("COERCE", "restrict", 0.5),
    "clamp": _t("COERCE", "restrict", 0.5),
    # ASSAULT
    "attack": _t("ASSAULT"), "strike": _t("ASSAULT", w=0.6), "bomb": _t("ASSAULT", "explosives"),
    "shell": _t("ASSAULT", "heavy-weapons"), "kill": _t("ASSAULT"), "wound": _t("ASSAULT"), "injure": _t("ASSAULT"),
    "shoot": _t("ASSAULT", "firearms"), "assassinate": _t("ASSAULT", "targeted"), "execute": _t("ASSAULT", "targeted"),
    "behead": _t("ASSAULT", "targeted"), "massacre": _t("ASSAULT", "targeted"), "slaughter": _t("ASSAULT", "targeted"),
    "murder": _t("ASSAULT", "targeted"), "kidnap": _t("ASSAULT", "abduct"), "abduct": _t("ASSAULT", "abduct"),
    "hijack": _t("ASSAULT", "abduct"), "capture": _t("ASSAULT", "abduct", 0.6), "torture": _t("ASSAULT", "torture"),
    "rape": _t("ASSAULT", "sexual"), "beat": _t("ASSAULT", "beat", 0.5), "storm": _t("ASSAULT", w=0.6),
    "ambush": _t("ASSAULT"), "clash": _t("ASSAULT"), "fight": _t("ASSAULT", w=0.6), "battle": _t("ASSAULT", w=0.6),
    "invade": _t("ASSAULT"), "raid": _t("ASSAULT", w=0.6), "overrun": _t("ASSAULT"), "retake": _t("ASSAULT"),
    "recapture": _t("ASSAULT"), "seize": _t("ASSAULT", w=0.5), "conquer": _t("ASSAULT"), "liberate": _t("ASSAULT", w=0.6),
    "destroy": _t("ASSAULT", "destroy", 0.6), "target": _t("ASSAULT", w=0.6), "hit": _t("ASSAULT", w=0.5),
    "pound": _t("ASSAULT", "heavy-weapons", 0.6), "bombard": _t("ASSAULT", "heavy-weapons"),
    "oust": _t("ASSAULT", w=0.6), "defeat": _t("ASSAULT", w=0.6), "rout": _t("ASSAULT"), "stab": _t("ASSAULT", "primitive"),
    "burn": _t("ASSAULT", "primitive", 0.4), "torch": _t("ASSAULT", "primitive"), "loot": _t("ASSAULT", "destroy", 0.5),
    "demolish": _t("ASSAULT", "destroy", 0.6), "detonate": _t("ASSAULT", "explosives"), "explode": _t("ASSAULT", "explosives", 0.5),
    "airstrike": _t("ASSAULT", "aerial"), "gas": _t("ASSAULT", "unconventional", 0.5), "assault": _t("ASSAULT"),
    "engage": _t("ASSAULT", w=0.4), "intercept": _t("ASSAULT", w=0.4), "smash": _t("ASSAULT"), "eliminate": _t("ASSAULT", w=0.5),
    "blitz": _t("ASSAULT"), "crush": _t("ASSAULT", w=0.6), "pummel": _t("ASSAULT"), "chase": _t("ASSAULT", w=0.5),
    "counterattack": _t("ASSAULT"), "clear": _t("ASSAULT", w=0.4), "advance": _t("MOBILIZE", "troops", 0.4),
    "regroup": _t("MOBILIZE", "militia", 0.5), "reconstitute": _t("MOBILIZE", "militia", 0.5),
    "backtrack": _t("CONCEDE"), "help": _t("AID", w=0.4), "advise": _t("AID", w=0.4), "brief": _t("CONSULT", w=0.5),
    "arrive": _t("CONSULT", "visit", 0.4),
    "overpower": _t("ASSAULT"), "retaliate": _t("ASSAULT", w=0.6), "encircle": _t("ASSAULT", w=0.5), "occupy": _t("ASSAULT", w=0.5),
    "evict": _t("COERCE", "deport", 0.5),
}

NOUNS = {
    # AGREE
    "agreement": _t("AGREE", w=0.5), "deal": _t("AGREE", w=0.4), "accord": _t("AGREE", w=0.5),
    "pledge": _t("AGREE"), "promise": _t("AGREE", w=0.5), "offer": _t("AGREE", w=0.5), "invitation": _t("AGREE"),
    # CONSULT
    "meeting": _t("CONSULT"), "talk": _t("CONSULT", w=0.6), "summit": _t("CONSULT", "multilateral"),
    "visit": _t("CONSULT", "visit"), "negotiation": _t("CONSULT"), "discussion": _t("CONSULT", w=0.5),
    "consultation": _t("CONSULT"), "dialogue": _t("CONSULT", w=0.5), "conference": _t("CONSULT", "multilateral", 0.5),
    "diplomacy": _t("CONSULT", w=0.4), "mediation": _t("CONSULT", "third-party"), "call": _t("REQUEST", w=0.4),
    # SUPPORT
    "endorsement": _t("SUPPORT"), "praise": _t("SUPPORT"), "recognition": _t("SUPPORT", w=0.4),
    # CONCEDE
    "concession": _t("CONCEDE"), "apology": _t("CONCEDE"), "pardon": _t("CONCEDE"), "amnesty": _t("CONCEDE"),
    "ceasefire": _t("CONCEDE", w=0.6), "truce": _t("CONCEDE", w=0.6), "compromise": _t("CONCEDE", w=0.5),
    # COOPERATE
    "cooperation": _t("COOPERATE"), "co-operation": _t("COOPERATE"), "collaboration": _t("COOPERATE"),
    "extradition": _t("COOPERATE"), "partnership": _t("COOPERATE", w=0.4),
    # AID
    "aid": _t("AID"), "assistance": _t("AID"), "donation": _t("AID"), "rescue": _t("AID"), "evacuation": _t("AID"),
    "asylum": _t("AID", w=0.5), "relief": _t("AID", w=0.4), "airdrop": _t("AID"), "funding": _t("AID", w=0.5),
    # RETREAT
    "withdrawal": _t("RETREAT", "withdraw"), "pullout": _t("RETREAT", "withdraw"), "pull-out": _t("RETREAT", "withdraw"),
    "drawdown": _t("RETREAT", "withdraw"), "retreat": _t("RETREAT", "withdraw"), "release": _t("RETREAT", "release", 0.6),
    "resignation": _t("RETREAT", "resign"), "surrender": _t("RETREAT"), "disarmament": _t("RETREAT", "disarm"),
    "departure": _t("RETREAT", "resign", 0.3),
    # REQUEST
    "demand": _t("REQUEST"), "request": _t("REQUEST"), "appeal": _t("REQUEST"), "plea": _t("REQUEST"),
    "ultimatum": _t("THREATEN"),
    # ACCUSE
    "accusation": _t("ACCUSE", "allege"), "allegation": _t("ACCUSE", "allege"), "charge": _t("ACCUSE", "allege", 0.4),
    "criticism": _t("ACCUSE", "disapprove"), "condemnation": _t("ACCUSE", "disapprove"),
    "investigation": _t("ACCUSE", "investigate"), "probe": _t("ACCUSE", "investigate"),
    "inquiry": _t("ACCUSE", "investigate"), "lawsuit": _t("ACCUSE", "allege"), "complaint": _t("ACCUSE", "disapprove"),
    "objection": _t("ACCUSE", "disapprove"), "trial": _t("ACCUSE", "allege", 0.5), "protestation": _t("ACCUSE", "disapprove"),
    "prosecution": _t("ACCUSE", "allege", 0.5),
    # REJECT
    "rejection": _t("REJECT"), "refusal": _t("REJECT"), "veto": _t("REJECT"), "denial": _t("REJECT", w=0.5),
    # THREATEN
    "threat": _t("THREATEN", "violence", 0.5), "warning": _t("THREATEN", "violence", 0.5),
    # PROTEST
    "protest": _t("PROTEST", "demo"), "demonstration": _t("PROTEST", "demo"), "rally": _t("PROTEST", "demo", 0.5),
    "riot": _t("PROTEST", "riot"), "boycott": _t("PROTEST", "boycott"), "sit-in": _t("PROTEST", "demo"),
    "uprising": _t("PROTEST", "riot", 0.4),
    # SANCTION
    "sanction": _t("SANCTION", "discontinue"), "embargo": _t("SANCTION", "discontinue"),
    "expulsion": _t("SANCTION", "expel"), "conviction": _t("SANCTION", "convict"), "verdict": _t("SANCTION", "convict", 0.4),
    "displacement": _t("SANCTION", "expel"),
    # MOBILIZE
    "deployment": _t("MOBILIZE", "troops"), "mobilization": _t("MOBILIZE", "troops"),
    "mobilisation": _t("MOBILIZE", "troops"), "buildup": _t("MOBILIZE", "troops"), "build-up": _t("MOBILIZE", "troops"),
    "reinforcement": _t("MOBILIZE", "troops", 0.6), "drill": _t("MOBILIZE", "troops", 0.5),
    "exercise": _t("MOBILIZE", "troops", 0.3), "parade": _t("MOBILIZE", "troops", 0.4),
    # COERCE
    "arrest": _t("COERCE", "arrest"), "detention": _t("COERCE", "arrest"), "custody": _t("COERCE", "arrest"),
    "crackdown": _t("COERCE", "restrict"), "siege": _t("COERCE", "restrict"), "curfew": _t("COERCE", "curfew"),
    "blockade": _t("COERCE", "restrict"), "ban": _t("COERCE", "restrict", 0.5), "deportation": _t("COERCE", "deport"),
    "censorship": _t("COERCE", "censor"), "imprisonment": _t("COERCE", "arrest"),
    # ASSAULT
    "attack": _t("ASSAULT"), "strike": _t("ASSAULT", w=0.6), "airstrike": _t("ASSAULT", "aerial"),
    "air-strike": _t("ASSAULT", "aerial"), "bombing": _t("ASSAULT", "explosives"), "bombardment": _t("ASSAULT", "heavy-weapons"),
    "shelling": _t("ASSAULT", "heavy-weapons"), "raid": _t("ASSAULT", w=0.6), "offensive": _t("ASSAULT"),
    "assault": _t("ASSAULT"), "ambush": _t("ASSAULT"), "massacre": _t("ASSAULT", "targeted"),
    "killing": _t("ASSAULT", "targeted", 0.6), "execution": _t("ASSAULT", "targeted", 0.6),
    "assassination": _t("ASSAULT", "targeted"), "clash": _t("ASSAULT"), "fighting": _t("ASSAULT", w=0.6),
    "battle": _t("ASSAULT", w=0.5), "invasion": _t("ASSAULT"), "intervention": _t("ASSAULT", w=0.4),
    "kidnapping": _t("ASSAULT", "abduct"), "abduction": _t("ASSAULT", "abduct"), "torture": _t("ASSAULT", "torture"),
    "shooting": _t("ASSAULT", "firearms"), "gunfire": _t("ASSAULT", "firearms"), "explosion": _t("ASSAULT", "explosives", 0.5),
    "blast": _t("ASSAULT", "explosives", 0.5), "firefight": _t("ASSAULT", "firearms"), "gunbattle": _t("ASSAULT", "firearms"),
    "hostility": _t("ASSAULT", w=0.4), "collision": _t("ASSAULT", w=0.3), "confrontation": _t("ASSAULT", w=0.5),
    "defeat": _t("ASSAULT", w=0.5), "bombing-campaign": _t("ASSAULT", "aerial"), "targeting": _t("ASSAULT", w=0.6),
    "capture": _t("ASSAULT", "abduct", 0.5), "violence": _t("ASSAULT", w=0.3),
    "toll": _t("ASSAULT", w=0.3), "counterattack": _t("ASSAULT"), "clampdown": _t("COERCE", "restrict"),
    "restriction": _t("COERCE", "restrict", 0.5), "support": _t("AID", w=0.3), "help": _t("AID", w=0.3), "rape": _t("ASSAULT", "sexual"),
    "beheading": _t("ASSAULT", "targeted"), "skirmish": _t("ASSAULT"), "incursion": _t("ASSAULT", w=0.6),
    "sortie": _t("ASSAULT", "aerial"),
}

# Two-word phrases: (head lemma, particle/preposition/object lemma) -> entry. Checked before single words.
PHRASES = {
    ("call", "for"): _t("REQUEST", w=0.8), ("call", "on"): _t("REQUEST", w=0.8), ("call", "upon"): _t("REQUEST", w=0.8),
    ("rule", "out"): _t("REJECT", w=0.7), ("turn", "down"): _t("REJECT", w=0.7), ("pull", "out"): _t("RETREAT", "withdraw", 0.8),
    ("pull", "back"): _t("RETREAT", "withdraw", 0.8), ("step", "down"): _t("RETREAT", "resign", 0.8),
    ("stand", "down"): _t("RETREAT", "resign", 0.6), ("hand", "over"): _t("RETREAT", "release", 0.6),
    ("open", "fire"): _t("ASSAULT", "firearms", 0.9), ("set", "fire"): _t("ASSAULT", "primitive", 0.8),
    ("shoot", "down"): _t("ASSAULT", w=0.9), ("blow", "up"): _t("ASSAULT", "explosives", 0.8),
    ("take", "control"): _t("ASSAULT", w=0.7), ("seize", "control"): _t("ASSAULT", w=0.8),
    ("gain", "control"): _t("ASSAULT", w=0.6), ("wrest", "control"): _t("ASSAULT", w=0.8),
    ("drive", "out"): _t("ASSAULT", w=0.7), ("drive", "back"): _t("ASSAULT", w=0.7), ("push", "back"): _t("ASSAULT", w=0.6),
    ("claw", "back"): _t("ASSAULT", w=0.6), ("fire", "on"): _t("ASSAULT", "firearms", 0.8), ("fire", "at"): _t("ASSAULT", "firearms", 0.8),
    ("hold", "talk"): _t("CONSULT", w=0.8), ("lift", "curfew"): _t("CONCEDE", w=0.8), ("lift", "sanction"): _t("CONCEDE", w=0.8),
    ("lift", "siege"): _t("CONCEDE", w=0.8), ("lift", "ban"): _t("CONCEDE", w=0.8), ("cut", "tie"): _t("SANCTION", "discontinue", 0.8),
    ("break", "tie"): _t("SANCTION", "discontinue", 0.8), ("cut", "off"): _t("SANCTION", "discontinue", 0.6),
    ("crack", "down"): _t("COERCE", "restrict", 0.8), ("round", "up"): _t("COERCE", "arrest", 0.8),
    ("shut", "down"): _t("COERCE", "restrict", 0.5), ("lock", "up"): _t("COERCE", "arrest", 0.8),
    ("hunger", "strike"): _t("PROTEST", "hunger", 0.9), ("general", "strike"): _t("PROTEST", "strike", 0.9),
    ("go", "strike"): _t("PROTEST", "strike", 0.9), ("claim", "life"): _t("ASSAULT", w=0.7),
    ("win", "back"): _t("ASSAULT", w=0.7), ("bring", "down"): _t("ASSAULT", w=0.5),
    ("draw", "down"): _t("RETREAT", "withdraw", 0.7), ("use", "weapon"): _t("ASSAULT", w=0.6),
    ("move", "in"): _t("MOBILIZE", "troops", 0.5), ("death", "sentence"): _t("SANCTION", "convict", 0.8), ("use", "force"): _t("ASSAULT", w=0.5),
    ("take", "measure"): _t("ASSAULT", w=0.3), ("express", "reservation"): _t("ACCUSE", "disapprove", 0.8),
    ("express", "concern"): _t("ACCUSE", "disapprove", 0.6), ("express", "opposition"): _t("ACCUSE", "disapprove", 0.8),
    ("express", "outrage"): _t("ACCUSE", "disapprove", 0.8), ("express", "regret"): _t("CONCEDE", w=0.7),
    ("express", "support"): _t("SUPPORT", w=0.8), ("voice", "concern"): _t("ACCUSE", "disapprove", 0.7),
    ("voice", "opposition"): _t("ACCUSE", "disapprove", 0.8), ("raise", "concern"): _t("ACCUSE", "disapprove", 0.6), ("step", "up"): None,
    ("upgrade", "tie"): _t("SUPPORT", w=0.8), ("restore", "tie"): _t("SUPPORT", w=0.8), ("establish", "tie"): _t("SUPPORT", w=0.8),
    ("restore", "relation"): _t("SUPPORT", w=0.8), ("establish", "relation"): _t("SUPPORT", w=0.8),
    ("normalize", "relation"): _t("SUPPORT", w=0.8), ("normalise", "relation"): _t("SUPPORT", w=0.8),
    ("upgrade", "relation"): _t("SUPPORT", w=0.8),
    ("lift", "restriction"): _t("CONCEDE", w=0.8), ("ease", "restriction"): _t("CONCEDE", w=0.8),
    ("lift", "embargo"): _t("CONCEDE", w=0.8), ("push", "for"): _t("REQUEST", w=0.6), ("press", "for"): _t("REQUEST", w=0.7),
    ("strengthen", "force"): _t("MOBILIZE", "troops", 0.7), ("boost", "force"): _t("MOBILIZE", "troops", 0.7),
    ("increase", "troop"): _t("MOBILIZE", "troops", 0.7), ("boost", "troop"): _t("MOBILIZE", "troops", 0.7),
    ("reduce", "aid"): _t("SANCTION", "discontinue", 0.7), ("cut", "aid"): _t("SANCTION", "discontinue", 0.8),
    ("reduce", "supply"): _t("SANCTION", "discontinue", 0.6),
    ("force", "out"): _t("SANCTION", "expel", 0.7), ("prevent", "demonstration"): _t("COERCE", "restrict", 0.7),
    ("prevent", "protest"): _t("COERCE", "restrict", 0.7), ("prevent", "rally"): _t("COERCE", "restrict", 0.7),
    ("ban", "protest"): _t("COERCE", "restrict", 0.8),
    ("send", "troop"): _t("MOBILIZE", "troops", 0.8), ("send", "soldier"): _t("MOBILIZE", "troops", 0.8),
    ("send", "force"): _t("MOBILIZE", "troops", 0.7), ("send", "aid"): _t("AID", w=0.8),
    ("send", "weapon"): _t("AID", w=0.7), ("send", "arm"): _t("AID", w=0.7), ("send", "warship"): _t("MOBILIZE", "weapons", 0.8),
    ("station", "troop"): _t("MOBILIZE", "troops", 0.5), ("move", "troop"): _t("MOBILIZE", "troops", 0.7),
    ("move", "into"): _t("MOBILIZE", "troops", 0.4), ("share", "intelligence"): _t("COOPERATE", w=0.8),
    ("share", "information"): _t("COOPERATE", w=0.6), ("provide", "aid"): _t("AID", w=0.8),
    ("provide", "assistance"): _t("AID", w=0.8), ("provide", "weapon"): _t("AID", w=0.7),
    ("grant", "asylum"): _t("AID", w=0.8), ("carry", "out"): None,
    ("put", "trial"): _t("ACCUSE", "allege", 0.8), ("bring", "charge"): _t("ACCUSE", "allege", 0.8),
    ("file", "charge"): _t("ACCUSE", "allege", 0.8), ("file", "lawsuit"): _t("ACCUSE", "allege", 0.8),
    ("hit", "back"): _t("ASSAULT", w=0.7), ("fight", "back"): _t("ASSAULT", w=0.7),
    ("stage", "protest"): None,
}

# Nouns that carry an event only with an event-like modifier; otherwise they name a thing/state.
NOUN_NEEDS_MOD = {"strike", "exercise", "drill", "call", "deal", "release", "departure", "death", "toll",
                  "casualty", "violence", "charge", "trial", "threat", "warning", "capture", "defeat",
                  "recognition", "relief", "diplomacy", "collision", "confrontation", "verdict", "intervention",
                  "aid", "assistance", "conference", "support", "help", "restriction", "toll", "counterattack"}

# Light verbs whose object noun carries the event (the verb's subject is the noun's actor).
LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "hold", "mount", "make", "issue", "order", "begin",
               "start", "continue", "perform", "undertake", "wage", "unleash", "lead", "step", "escalate",
               "intensify", "resume", "announce", "impose", "declare", "give", "deliver", "provide", "send",
               "offer", "file", "lodge", "express", "voice", "open", "organise", "organize", "plan", "call",
               "face", "suffer", "sustain", "receive", "endure", "take", "have", "level", "bring", "reinforce",
               "extend", "grant", "approve", "authorize", "authorise", "sign", "propose", "seek"}
# Of these, verbs whose subject is the *recipient* of the object noun ("faced an attack").
UNDERGO_VERBS = {"face", "suffer", "sustain", "receive", "endure", "come"}

# Negative evaluations voiced by a speaker ("X called the vote unacceptable") are ACCUSE 'disapprove'.
NEGATIVE_EVALUATION = {"unacceptable", "illegal", "irresponsible", "provocation", "lie", "outrageous",
                       "shameful", "criminal", "disgraceful", "aggression", "violation", "unjustified", "baseless",
                       "absurd", "reckless", "hypocritical", "hypocrisy", "barbaric", "atrocity",
                       "unlawful", "propaganda", "false", "fabricated", "betrayal", "blunder",
                       "irrelevant", "enemy", "punishment", "destabilising",
                       "destabilizing", "unhelpful", "wrong", "bias"}

# Speech verbs (a plain statement is no event; their clause may carry a REQUEST/ACCUSE).
SPEECH_VERBS = {"say", "tell", "add", "state", "declare", "announce", "claim", "insist", "argue", "write",
                "tweet", "note", "explain", "stress", "remark", "respond", "reply", "predict", "suggest",
                "believe", "think", "indicate", "signal"}

# ---------------------------------------------------------------------------------------------
# Mode and context cues (lower-case lemmas or words found in the trigger's sentence).
# ---------------------------------------------------------------------------------------------
MODE_CUES = {
    "ASSAULT": [
        ("suicide-attack", ("suicide", "self-detonat")),
        ("drone", ("drone", "uav", "unmanned")),
        ("aerial", ("airstrike", "air strike", "air-strike", "air raid", "warplane", "jet", "aircraft", "helicopter",
                    "bomber", "air force", "airpower", "sortie", "air campaign")),
        ("unconventional", ("chemical", "sarin", "chlorine", "nerve agent", "mustard gas", "nuclear", "biological",
                            "toxic gas", "poison gas")),
        ("heavy-weapons", ("shell", "artillery", "mortar", "rocket", "tank", "missile", "howitzer", "barrel bomb",
                           "tomahawk", "cannon")),
        ("explosives", ("car bomb", "ied", "explosive", "landmine", "land mine", "grenade", "roadside bomb",
                        "bombing", "detonat", "blew up", "blown up", "blast")),
        ("firearms", ("gunmen", "gunman", "gunfire", "shot dead", "shooting", "opened fire", "sniper", "rifle",
                      "machine gun", "gunbattle", "firefight", "shot")),
        ("crowd-control", ("tear gas", "teargas", "water cannon", "rubber bullet", "baton charge", "lathi")),
        ("abduct", ("kidnap", "abduct", "hostage", "hijack", "captured", "capture", "seized")),
        ("targeted", ("assassinat", "execut", "behead", "massacre", "targeted killing", "murder")),
        ("torture", ("tortur",)),
        ("sexual", ("rape", "sexual")),
        ("beat", ("beat", "beaten", "clubbed", "punched")),
        ("primitive", ("machete", "knife", "stabb", "burnt alive", "burned alive", "set fire", "stones", "axe")),
        ("destroy", ("destroy", "demolish", "razed", "raze")),
    ],
    "COERCE": [
        ("arrest", ("arrest", "detain", "detention", "custody", "jail", "prison", "imprison", "held", "hold")),
        ("curfew", ("curfew",)), ("martial-law", ("martial law", "state of emergency")),
        ("deport", ("deport", "expel", "evict")), ("censor", ("censor", "blocked website", "shut down newspaper")),
        ("seize", ("raid", "confiscat", "search", "seize", "seized", "stripped")),
        ("restrict", ("siege", "besieg", "blockade", "ban", "restrict", "cordon", "checkpoint", "disperse")),
        ("withhold", ("cut off water", "cut off power", "electricity", "withheld", "withhold")),
        ("cyber", ("hack", "cyber")), ("misinformation", ("disinformation", "misinformation", "propaganda")),
    ],
    "MOBILIZE": [
        ("weapons", ("warship", "destroyer", "missile", "air defence", "air defense", "s-400", "tank", "carrier",
                     "ship", "submarine", "jet", "aircraft", "weapon", "battery", "fleet")),
        ("police", ("police", "riot police", "security forces", "gendarm")),
        ("militia", ("militia", "fighters", "rebels", "militants", "paramilitar")),
        ("troops", ("troop", "soldier", "army", "forces", "marines", "battalion", "brigade", "units")),
    ],
    "RETREAT": [
        ("resign", ("resign", "step down", "stepped down", "quit")), ("release", ("release", "freed", "free ", "hostage", "prisoner")),
        ("disarm", ("disarm", "weapons handed", "lay down")), ("ceasefire", ("ceasefire", "cease-fire", "truce")),
        ("access", ("access", "allowed in", "let in", "humanitarian corridor")),
        ("withdraw", ("withdraw", "withdrawal", "pull out", "pullout", "pulled out", "retreat", "drawdown", "leave")),
    ],
    "REQUEST": [
        ("yield", ("release", "ceasefire", "cease-fire", "lift", "end the siege", "free ", "truce")),
        ("meet", ("talks", "meet", "negotiat", "dialogue", "discussion")),
        ("assist", ("help", "aid", "assist", "support", "funds", "protection")),
        ("change", ("resign", "step down", "reform", "change", "repatriat", "prosecute", "withdraw", "stop", "end ",
                    "remove", "dismiss", "reined", "rein in", "allow")),
    ],
    "REJECT": [
        ("yield", ("release", "ceasefire", "cease-fire", "lift", "free ", "truce")),
        ("meet", ("talks", "meet", "negotiat", "dialogue", "conference", "peace process")),
        ("assist", ("aid", "assist", "help", "access", "refugees", "accept")),
        ("change", ("demand", "change", "policy", "resign", "call")),
    ],
    "ACCUSE": [
        ("investigate", ("investigat", "probe", "inquiry", "questioned", "interrogat")),
        ("allege", ("accus", "allege", "charge", "sue", "trial", "prosecut", "blame", "indict", "false flag")),
        ("disapprove", ("condemn", "critic", "denounc", "decr", "object", "complain", "disapprov", "deplor",
                        "unacceptable", "protest", "slam")),
    ],
    "THREATEN": [
        ("arrest", ("arrest", "detain", "jail", "imprison")), ("expel", ("expel", "deport")),
        ("relations", ("sever ties", "cut ties", "relations", "talks", "boycott")), ("territory", ("occupy", "annex", "seize territory")),
        ("restrict", ("blockade", "curfew", "ban", "restrict", "cut off", "embargo", "sanction")),
        ("violence", ("attack", "strike", "shoot", "force", "retaliat", "war", "missile", "military", "respond",
                      "response", "kill", "bomb", "invade", "clash", "weapons")),
    ],
    "PROTEST": [
        ("hunger", ("hunger strike",)), ("riot", ("riot",)), ("boycott", ("boycott",)),
        ("strike", ("general strike", "on strike", "walkout", "walked out")),
        ("obstruct", ("blocked road", "blockade", "blocked the", "barricade", "sit-in")), ("vandalize", ("vandal", "defac")),
        ("demo", ("protest", "demonstrat", "rally", "march")),
    ],
    "SANCTION": [
        ("convict", ("convict", "sentence", "guilty", "verdict")),
        ("expel", ("expel", "displac", "flee", "fled", "exile", "kicked out")),
        ("withdraw", ("withdr", "recall", "pulled out of")),
        ("discontinue", ("sanction", "embargo", "suspend", "halt", "sever", "cut ties", "freeze", "cut off")),
    ],
    "CONSULT": [
        ("phone", ("phone", "telephone", "call with", "video link", "videoconference")),
        ("multilateral", ("summit", "nato", "united nations", "un security council", "foreign ministers", "g20", "g7",
                          "eu ministers", "conference")),
        ("third-party", ("mediat", "brokered", "hosted by")),
        ("visit", ("visit", "arrived", "hosted", "trip to")),
    ],
}
# Modes that only apply when the cue is in the trigger phrase itself (too loose at sentence level).
TRIGGER_ONLY_MODES = {("ASSAULT", "beat"), ("ASSAULT", "destroy"), ("ASSAULT", "abduct"), ("COERCE", "arrest"),
                      ("RETREAT", "withdraw"), ("MOBILIZE", "troops")}

CONTEXT_CUES = {
    "terrorism": ("terror", "isis", "islamic state", "isil", "daesh", "al-qaida", "al-qaeda", "al qaeda", "jihad",
                  "taliban", "boko haram", "al-shabaab", "suicide bomb", "extremis", "hezbollah", "hamas"),
    "military": ("army", "military", "troops", "soldier", "air force", "navy", "pentagon", "defence", "defense",
                 "marines", "armed forces", "warship", "general staff"),
    "diplomatic": ("diplomat", "ambassador", "embassy", "foreign minister", "secretary of state", "summit",
                   "envoy", "talks", "negotiat", "foreign ministry"),
    "migration": ("refugee", "migrant", "displaced", "border crossing", "asylum seeker", "repatriat"),
    "asylum": ("asylum",),
    "human security": ("humanitarian", "food", "water supply", "shelter", "aid convoy", "famine", "starvation"),
    "health": ("hospital", "medical", "cholera", "epidemic", "disease", "health"),
    "cbrn": ("chemical", "sarin", "chlorine", "nuclear", "biological weapon", "opcw"),
    "legal": ("court", "trial", "prosecut", "judge", "lawyer", "tribunal", "legal", "indict"),
    "human rights": ("human rights", "amnesty international", "human rights watch"),
    "peacekeeping": ("peacekeep",),
    "economic": ("trade", "economic", "economy", "tariff", "investment", "reconstruction"),
    "election": ("election", "ballot", "vote", "campaign", "poll"),
    "repression": ("crackdown", "repress", "political prisoner", "dissident"),
    "religion ethnicity": ("ethnic", "sectarian", "christian", "yazidi", "shia", "sunni", "kurdish", "religious"),
    "crime": ("criminal", "gang", "smuggl", "murder"),
    "trafficking": ("traffick", "smuggl"),
    "intelligence": ("intelligence", "spy", "espionage", "cia", "mi6"),
}
