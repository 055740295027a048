"""PLOVER codebook (sitroom.plover.v1): the 16 event types with their quad category, description,
modes and contexts (after the PLOVER manual, draft 2.0, 2024), and the trigger lexicon the events
stage reads: verb lemmas, noun lemmas and two-word phrases per type, keyword cues for modes and
contexts. The codebook is Python data; the word lists are data files in sitroom/lexicon (one per
concept), read once when this module is imported.

Lexicon entries map a lemma to a type; a few entries carry a condition on the word's neighbours
(see `sitroom.events`). Names, not sentences: nothing here is taken from evaluation texts.
"""
from __future__ import annotations

from .. import lexicon

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
# Trigger lexicon (sitroom/lexicon/plover_verbs.tsv, plover_nouns.tsv, plover_phrases.tsv).
# VERBS / NOUNS: lemma -> (type, default mode or None, weight).
# PHRASES: (head lemma, particle/preposition/object lemma) -> entry, or None for a phrase that is no
# event ("carry out"). Checked before single words.
# ---------------------------------------------------------------------------------------------
def _entries(name):
    return {r["term"]: (r["type"], r["mode"] or None, float(r["weight"])) for r in lexicon.rows(name)}


def _phrases():
    out = {}
    for r in lexicon.rows("plover_phrases"):
        head, word = r["term"].split()
        out[(head, word)] = None if r["type"] == "-" else (r["type"], r["mode"] or None, float(r["weight"]))
    return out


VERBS = _entries("plover_verbs")
NOUNS = _entries("plover_nouns")
PHRASES = _phrases()

# Nouns that carry an event only with an event-like modifier; otherwise they name a thing/state.
NOUN_NEEDS_MOD = lexicon.words("event_nouns_needing_modifier")

# Light verbs whose object noun carries the event (the verb's subject is the noun's actor).
LIGHT_VERBS = lexicon.words("light_verbs")
# Of these, verbs whose subject is the *recipient* of the object noun ("faced an attack").
UNDERGO_VERBS = lexicon.words("undergo_verbs")

# Negative evaluations voiced by a speaker ("X called the vote unacceptable") are ACCUSE 'disapprove'.
NEGATIVE_EVALUATION = lexicon.words("negative_evaluations")

# Speech verbs (a plain statement is no event; their clause may carry a REQUEST/ACCUSE).
SPEECH_VERBS = lexicon.words("speech_verbs")

# ---------------------------------------------------------------------------------------------
# Mode and context cues (sitroom/lexicon/mode_cues.tsv, context_cues.tsv): terms matched on the tokens
# of the trigger's sentence at word boundaries (see sitroom.lexicon).
# MODE_CUES: type -> [(mode, (term, ...)), ...] in priority order.
# TRIGGER_ONLY_MODES: modes whose cue must be in the trigger phrase itself (too loose at sentence level).
# CONTEXT_CUES: context -> (term, ...), contexts in report order.
# ---------------------------------------------------------------------------------------------
def _mode_cues():
    out: dict = {}
    for r in lexicon.rows("mode_cues"):
        modes = out.setdefault(r["type"], {})
        modes.setdefault(r["mode"], []).append(r["term"])
    return {t: [(m, tuple(cs)) for m, cs in modes.items()] for t, modes in out.items()}


MODE_CUES = _mode_cues()
TRIGGER_ONLY_MODES = {(r["type"], r["mode"]) for r in lexicon.rows("mode_cues") if r["scope"] == "trigger"}
CONTEXT_CUES: dict = {}
for _r in lexicon.rows("context_cues"):
    CONTEXT_CUES[_r["context"]] = CONTEXT_CUES.get(_r["context"], ()) + (_r["term"],)
