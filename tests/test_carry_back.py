"""The learned reader's carry-back and carry-date: an act told again by a definite noun, with no participants of its own,
keeps those of the last event of its type a few sentences before; other actor-less events stay so."""
from __future__ import annotations

import pytest

from sitroom.events.learned import CARRY_BACK, CARRY_DATE, carry_back, carry_date
from sitroom.records import Entity, Event, Trigger, When


@pytest.fixture(scope="module")
def doc(nlp):
    text = ("Gunmen from the Hill Brigade stormed a police post near Oruma on Monday. "
            "Residents fled to the next village. "
            "The raid left two officers wounded. "
            "A raid on a farm was reported later.")
    return nlp(text)


def _event(doc, etype, word, nth=0, actor=(), recipient=()):
    starts = [t for t in doc if t.text == word]
    t = starts[nth]
    sent = t.sent
    return Event(event_type=etype, sentence=sent.text, span=[sent.start_char, sent.end_char],
                 trigger=Trigger(text=t.text, span=[t.idx, t.idx + len(t.text)]),
                 actor=[Entity(text=a, name=a) for a in actor], recipient=[Entity(text=r, name=r) for r in recipient])


def test_definite_noun_keeps_the_earlier_participants(doc):
    first = _event(doc, "ASSAULT", "stormed", actor=["Hill Brigade"], recipient=["police post"])
    again = _event(doc, "ASSAULT", "raid", 0)
    other = _event(doc, "ASSAULT", "raid", 1)           # "A raid": indefinite, a new act
    moved = _event(doc, "RETREAT", "fled")              # another type: nothing to carry
    events = [first, moved, again, other]
    carry_back(doc, events)
    assert [a.name for a in again.actor] == ["Hill Brigade"] and [r.name for r in again.recipient] == ["police post"]
    assert other.actor == [] and moved.actor == []


def test_nothing_is_carried_past_the_window_or_into_an_event_with_roles(nlp):
    filler = " ".join(f"Nothing happened in week {i}." for i in range(CARRY_BACK + 1))
    doc = nlp(f"Jets bombed the depot at Sefa. {filler} The strike was condemned by the council.")
    first = _event(doc, "ASSAULT", "bombed", actor=["air force"])
    late = _event(doc, "ASSAULT", "strike")
    carry_back(doc, [first, late])
    assert late.actor == []
    doc2 = nlp("Jets bombed the depot at Sefa. The strike by the militia was condemned.")
    a = _event(doc2, "ASSAULT", "bombed", actor=["air force"])
    b = _event(doc2, "ASSAULT", "strike", actor=["militia"])
    carry_back(doc2, [a, b])
    assert [x.name for x in b.actor] == ["militia"]


def _dated(ev, start, gran="day"):
    ev.date = When(text="on Tuesday", start=start, end=start, granularity=gran, value=start)
    return ev


def test_an_undated_act_takes_the_day_of_the_last_one_of_its_type(nlp):
    doc = nlp("Troops shelled the market at Vanto on Tuesday. Traders closed their stalls. "
              "The shelling destroyed twelve shops. Officials may shell the hills next.")
    first = _dated(_event(doc, "ASSAULT", "shelled"), "2031-03-04")
    again = _event(doc, "ASSAULT", "shelling")
    closed = _event(doc, "RETREAT", "closed")                        # another type: stays undated
    maybe = _event(doc, "ASSAULT", "shell")
    maybe.status = "hypothetical"                                    # not asserted: stays undated
    carry_date(doc, [first, closed, again, maybe])
    assert again.date.start == "2031-03-04" and again.date is not first.date
    assert closed.date is None and maybe.date is None


def test_no_date_is_carried_past_the_window_nor_a_coarse_one(nlp):
    filler = " ".join(f"Nothing happened in week {i}." for i in range(CARRY_DATE + 1))
    doc = nlp(f"Jets bombed the depot at Sefa on Friday. {filler} The strike was condemned.")
    late = _event(doc, "ASSAULT", "strike")
    carry_date(doc, [_dated(_event(doc, "ASSAULT", "bombed"), "2031-03-07"), late])
    assert late.date is None
    doc2 = nlp("Jets bombed the depot at Sefa last month. The strike was condemned.")
    b = _event(doc2, "ASSAULT", "strike")
    carry_date(doc2, [_dated(_event(doc2, "ASSAULT", "bombed"), "2031-02-01", gran="month"), b])
    assert b.date is None
