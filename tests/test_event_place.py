"""event_place.for_event: which of a sentence's places an event takes."""
from __future__ import annotations

from sitroom.pipeline import Context, RawDocument
from sitroom import places
from sitroom.events import place as event_place


def _places(nlp, text):
    doc = nlp(text)
    ctx = Context(raw=RawDocument(text=text), published=None)
    ctx.places = places.extract(doc, ctx)
    return doc, ctx


def test_event_place_takes_the_most_specific_place(nlp):
    text = "In Syria, an air strike hit a market in the city of Raqqa, killing 12 civilians."
    doc, ctx = _places(nlp, text)
    trigger = text.index("strike")
    p = event_place.for_event(ctx, 0, len(text), trigger)
    assert p is not None and p.text == "Raqqa"


def test_event_place_without_a_place_is_none(nlp):
    text = "The minister said the talks would continue."
    doc, ctx = _places(nlp, text)
    assert event_place.for_event(ctx, 0, len(text), text.index("said")) is None


def test_event_place_ignores_modifiers_and_demonyms(nlp):
    text = "US-backed Kurdish forces shelled Islamic State positions near Hajin."
    doc, ctx = _places(nlp, text)
    p = event_place.for_event(ctx, 0, len(text), text.index("shelled"))
    assert p is None or p.text == "Hajin"


def test_event_place_carries_over_from_previous_sentence(nlp):
    text = ("Turkish jets struck a convoy in Afrin on Friday. "
            "The strikes killed at least nine fighters, monitors said.")
    doc, ctx = _places(nlp, text)
    second = text.index("The strikes")
    p = event_place.for_event(ctx, second, len(text), text.index("killed"))
    assert p is not None and p.text == "Afrin"


def test_event_place_name_on_the_event_noun_is_its_place(nlp):
    # "the Aleppo bombing": the name modifies the event's own word, so it says where it happened
    text = "Russian officials in Moscow denied any role in the Aleppo bombing last week."
    doc, ctx = _places(nlp, text)
    p = event_place.for_event(ctx, 0, len(text), text.index("bombing"))
    assert p is not None and p.text == "Aleppo"


def test_event_place_target_of_against_is_where_it_happened(nlp):
    text = "Officials in Washington ordered missile strikes against Homs on Saturday."
    doc, ctx = _places(nlp, text)
    p = event_place.for_event(ctx, 0, len(text), text.index("strikes"))
    assert p is not None and p.text == "Homs"


def test_event_place_a_town_as_sole_modifier_still_places_it(nlp):
    # only a possessive names the place, but it is a town, not a country acting
    text = "Thousands of Idlib's residents fled as the shelling went on."
    doc, ctx = _places(nlp, text)
    p = event_place.for_event(ctx, 0, len(text), text.index("fled"))
    assert p is not None and p.text == "Idlib"


def test_event_place_country_on_the_act_is_its_actor_not_its_place(nlp):
    text = "The US strikes continued overnight, officials said."
    doc, ctx = _places(nlp, text)
    assert event_place.for_event(ctx, 0, len(text), text.index("strikes")) is None
    text = "Syria's long civil war has displaced millions."
    doc, ctx = _places(nlp, text)
    p = event_place.for_event(ctx, 0, len(text), text.index("displaced"))
    assert p is not None and p.text == "Syria"


def _event_place(ctx, text, trigger, event_type=None):
    t = text.index(trigger)
    return event_place.for_event(ctx, 0, len(text), t, event_type)


def test_event_place_statement_takes_where_it_was_said(nlp):
    text = "The minister said in Ankara that Turkey would strike Kurdish militants in Syria."
    _, ctx = _places(nlp, text)
    p = _event_place(ctx, text, "strike", "THREATEN")
    assert p is not None and p.name == "Ankara"
    assert _event_place(ctx, text, "strike", "ASSAULT").name == "Syria"  # an act: where it happens


def test_event_place_news_conference_place_for_an_accusation(nlp):
    text = "Speaking at a press briefing in Baghdad, the prime minister accused Iran of meddling in Basra."
    _, ctx = _places(nlp, text)
    assert _event_place(ctx, text, "accused", "ACCUSE").name == "Baghdad"


def test_event_place_mobilize_takes_the_destination(nlp):
    text = "After clashes near Aleppo, Washington deployed 300 troops to Iraq."
    _, ctx = _places(nlp, text)
    assert _event_place(ctx, text, "deployed", "MOBILIZE").name == "Iraq"


def test_event_place_statement_without_a_place_takes_the_documents_occasion(nlp):
    text = ("The three foreign ministers met in Doha on Wednesday. "
            "The Egyptian minister rejected any role for foreign troops.")
    _, ctx = _places(nlp, text)
    s = text.index("The Egyptian")
    p = event_place.for_event(ctx, s, len(text), text.index("rejected"), "REJECT")
    assert p is not None and p.name == "Doha"


def _located(extract, text):
    return {(e.event_type, e.trigger.text): (e.location.name if e.location else None)
            for e in extract(text, published="2019-05-02").events}


def test_event_place_statements_of_someone_the_text_puts_somewhere_take_that_place(extract):
    text = ("The opposition leader Omar Haddad, who is in Paris for talks, urged the EU to cut funds to Syria. "
            "Haddad accused Russia of shelling Idlib.")
    got = _located(extract, text)
    assert got[("REQUEST", "urged")] == "Paris"
    assert got[("ACCUSE", "accused")] == "Paris"


def test_event_place_guests_of_a_host_are_where_they_are_hosted(extract):
    text = ("King Abdullah hosted Egypt's Abdel Fattah al-Sisi and France's Emmanuel Macron in Amman on Tuesday. "
            "Macron demanded that foreign fighters leave Libya.")
    assert _located(extract, text)[("REQUEST", "demanded")] == "Amman"


def test_event_place_a_reception_is_not_a_presence(extract):
    text = ("The proposal to close the camps met a cool reception in Africa. "
            "Kenya rejected the demand to shut the camps near Somalia.")
    assert _located(extract, text)[("REJECT", "rejected")] != "Africa"


def test_event_place_where_a_statement_was_made_beats_where_its_speaker_stayed(extract):
    text = ("Omar Haddad, who is in Paris this week, met ministers. "
            "Speaking in Berlin on Tuesday, Haddad accused Russia of shelling Idlib.")
    assert _located(extract, text)[("ACCUSE", "accused")] == "Berlin"


def test_event_place_a_meeting_without_a_place_of_its_own_is_the_one_told_of(extract):
    text = ("The emir hosted Macron in Doha on Monday. "
            "The talks with Egypt's foreign minister lasted three hours, officials said.")
    talks = [e for e in extract(text, published="2019-05-02").events if e.trigger.text == "talks"]
    assert talks and talks[0].event_type == "CONSULT"
    assert talks[0].location is not None and talks[0].location.name == "Doha"


def test_event_place_the_place_an_invasion_is_of_beats_a_town_named_beside_it(nlp):
    text = "The diplomat worked in Paris before the invasion of Kuwait in 1990."
    _, ctx = _places(nlp, text)
    assert _event_place(ctx, text, "invasion", "ASSAULT").name == "Kuwait"


def test_event_place_a_sentence_naming_only_an_actors_country_takes_the_previous_place(nlp):
    text = ("Two fighters were detained in Raqqa on Monday. "
            "Footage of the men being questioned by US-backed forces was posted online.")
    _, ctx = _places(nlp, text)
    s = text.index("Footage")
    p = event_place.for_event(ctx, s, len(text), text.index("questioned"), "ACCUSE")
    assert p is not None and p.name in ("Raqqa", "Ar Raqqah")


def test_event_place_in_the_country_is_the_country_named_before(nlp):
    text = ("Isis fighters regrouped in Iraq last year. "
            "Jets from the coalition struck their camps across the country on Monday.")
    _, ctx = _places(nlp, text)
    s = text.index("Jets")
    p = event_place.for_event(ctx, s, len(text), text.index("struck"), "ASSAULT")
    assert p is not None and p.name == "Iraq" and p.text == "the country"
    assert ctx.raw.text[p.span[0]:p.span[1]] == "the country"


def test_event_place_in_the_region_skips_countries_only_named_as_targets_or_actors(nlp):
    text = ("Tanks gathered in Syria in March. Moscow warned it would retaliate against the US. "
            "Russian jets struck rebel positions in the region.")
    _, ctx = _places(nlp, text)
    s = text.index("Russian jets")
    p = event_place.for_event(ctx, s, len(text), text.index("struck"), "ASSAULT")
    assert p is not None and p.name == "Syria"


def test_event_place_a_place_on_the_attack_itself_beats_other_places_in_the_sentence(nlp):
    text = "Officials at the airbase near Erbil recalled the Halabja gas attack."
    _, ctx = _places(nlp, text)
    p = _event_place(ctx, text, "the Halabja", "ASSAULT")
    assert p is not None and p.text == "Halabja"
