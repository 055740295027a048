"""dates stage: temporal expressions found and resolved against the publication date."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from sitroom.pipeline import Context, RawDocument, parse
from sitroom import dates

PUB = dt.date(2019, 6, 10)  # a Monday


@pytest.fixture(scope="module")
def read(nlp):
    def _read(text, published=PUB):
        raw = RawDocument(text=text, published=published.isoformat() if published else None)
        return Context(parse(raw))  # the dates the pipeline's dates component found
    return _read


def find(ctx, surface):
    for w in ctx.dates:
        if surface.lower() in w.text.lower():
            return w
    raise AssertionError(f"{surface!r} not found in {[w.text for w in ctx.dates]}")


def res(ctx, surface):
    w = find(ctx, surface)
    return w.start, w.end, w.granularity


def test_dates_name_is_versioned():
    assert dates.NAME == "sitroom.dates.v2"
    assert dates.RESOLVER.NAME.endswith(".v2")


def test_dates_abbreviated_month_day(read):
    assert res(read("The convoy was ambushed on Apr. 14 near the border."), "Apr. 14") == \
        ("2019-04-14", "2019-04-14", "day")


def test_dates_month_day_past(read):
    assert res(read("Rebels seized the town on March 22, officials said."), "March 22")[0] == "2019-03-22"


def test_dates_day_month_order(read):
    assert res(read("The talks ended on 28 May without a deal."), "28 May")[0] == "2019-05-28"


def test_dates_last_month(read):
    assert res(read("The ministry reported the losses last month."), "last month") == \
        ("2019-05-01", "2019-05-31", "month")


def test_dates_weekday_past_tense_is_most_recent(read):
    ctx = read("The army said on Friday that the bridge was destroyed.")
    assert res(ctx, "Friday") == ("2019-06-07", "2019-06-07", "day")


def test_dates_weekday_future_tense_is_next(read):
    ctx = read("Ministers will meet in Geneva on Thursday to discuss the truce.")
    assert res(ctx, "Thursday")[0] == "2019-06-13"


def test_dates_weekday_of_publication_is_that_day(read):
    assert res(read("Police arrested two men on Monday."), "Monday")[0] == "2019-06-10"


def test_dates_bare_weekday(read):
    assert res(read("Gunmen attacked a checkpoint Tuesday, killing four."), "Tuesday")[0] == "2019-06-04"


def test_dates_earlier_this_year(read):
    start, end, gran = res(read("The group lost its last stronghold earlier this year."), "earlier this year")
    assert (start, gran) == ("2019-01-01", "year") and end < "2019-06-10"


def test_dates_in_year(read):
    assert res(read("The militia was founded in 2009 by former officers."), "2009") == \
        ("2009-01-01", "2009-12-31", "year")


def test_dates_a_week_earlier_follows_previous_date(read):
    ctx = read("The ferry sailed on May 14. A week earlier, the port had reopened.")
    start, end, gran = res(ctx, "week earlier")
    assert gran == "week" and start == "2019-05-07" and end == "2019-05-13"


def test_dates_a_week_ago(read):
    start, end, gran = res(read("The camp was shelled a week ago, residents said."), "a week ago")
    assert gran == "week" and start == "2019-06-03"


def test_dates_late_month(read):
    start, end, gran = res(read("Floods hit the valley in late May."), "late May")
    assert (start, end, gran) == ("2019-05-21", "2019-05-31", "month")


def test_dates_past_six_months(read):
    assert res(read("Dozens of villagers died over the past six months."), "past six months") == \
        ("2018-12-10", "2019-06-10", "month")


def test_dates_weeks_prior_to_an_event_after_a_date(read):
    ctx = read("She gave evidence on April 2, two weeks prior to the vote.")
    start, _, gran = res(ctx, "two weeks prior")
    assert gran == "week" and start == "2019-04-16"


def test_dates_yesterday(read):
    assert res(read("A bomb exploded yesterday in the market."), "yesterday")[0] == "2019-06-09"


def test_dates_this_week_and_next_month(read):
    ctx = read("The envoy arrived this week and talks resume next month.")
    assert res(ctx, "this week") == ("2019-06-10", "2019-06-16", "week")
    assert res(ctx, "next month") == ("2019-07-01", "2019-07-31", "month")


def test_dates_bare_year(read):
    assert res(read("Attacks fell sharply in 2017."), "2017")[2] == "year"


def test_dates_decade_is_year_range(read):
    assert res(read("The dispute dates back to the 1990s."), "1990s") == ("1990-01-01", "1999-12-31", "year")


def test_dates_quarter(read):
    assert res(read("Exports recovered in the first quarter of 2018."), "first quarter") == \
        ("2018-01-01", "2018-03-31", "quarter")


def test_dates_year_range_gives_both_years(read):
    ctx = read("The occupation of 2014-2017 left the city in ruins.")
    assert [w.start for w in ctx.dates] == ["2014-01-01", "2017-01-01"]


def test_dates_durations_are_not_dates(read):
    ctx = read("The siege lasted three years and the prisoners were held for 10 days.")
    assert not [w for w in ctx.dates if w.start]


def test_dates_no_publication_date_leaves_relatives_unresolved(read):
    ctx = read("Troops left on Friday and returned in March 2015.", published=None)
    assert find(ctx, "Friday").start is None
    assert find(ctx, "March 2015").start == "2015-03-01"
    assert all(w.start != PUB.isoformat() for w in ctx.dates)


def test_dates_spans_point_into_text(read):
    text = "Clashes erupted on Apr. 14 and again last month."
    for w in read(text).dates:
        assert text[w.span[0]:w.span[1]] == w.text


def test_dates_for_event_prefers_trigger_clause(read):
    text = "Rebels shelled the town on Sunday, while talks that began last month stalled."
    ctx = read(text)
    w = dates.for_event(ctx, 0, len(text), text.index("shelled"))
    assert w is not None and w.start == "2019-06-09"
    assert dates.for_event(ctx, 0, len(text), text.index("stalled")).text == "last month"


def test_dates_for_event_without_date_in_sentence_is_none(read):
    text = "The army advanced on Sunday. Rebels withdrew from the hills."
    ctx = read(text)
    assert dates.for_event(ctx, text.index("Rebels"), len(text), text.index("withdrew")) is None


def test_dates_resolve_dev_event_dates(shared, read):
    """On the dev gold, the expression a gold event's date comes from resolves to cover the gold start."""
    ok, misses = 0, []
    for path in sorted((shared / "gold" / "dev").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = gold["text"]
        ctx = read(text, dt.date.fromisoformat(gold["published"]))
        for ev in gold["events"]:
            g = ev.get("date")
            sent_at = text.find(ev["sentence"])
            if not g or not g.get("start") or sent_at < 0 or g["text"] not in ev["sentence"]:
                continue
            at = sent_at + ev["sentence"].index(g["text"])
            hits = [w for w in ctx.dates if w.start and w.span[0] < at + len(g["text"]) and at < w.span[1]]
            good = any(g["start"] <= w.start <= (g.get("end") or g["start"]) for w in hits)
            ok += good
            if not good:
                misses.append((g["text"], [(w.text, w.start) for w in hits]))
    assert ok / (ok + len(misses)) >= 0.85, misses


def test_dates_since_runs_to_publication(read):
    assert res(read("The feud has simmered since 2009."), "2009") == ("2009-01-01", "2019-06-10", "year")


def test_dates_between_years_gives_both_years(read):
    ctx = read("The town changed hands between 2014 and 2017.")
    assert [(w.text, w.granularity) for w in ctx.dates] == [("2014", "year"), ("2017", "year")]


def test_dates_hyphenated_mid_month(read):
    start, end, gran = res(read("Protests began in mid-April."), "mid-April")
    assert gran == "month" and "2019-04-08" <= start <= end <= "2019-04-24"


def test_dates_lowercase_month_words_are_not_dates(read):
    assert read("Officials said 2 may not survive; crowds march on the capital.").dates == []


def value(ctx, surface):
    return find(ctx, surface).value


def test_dates_value_is_the_calendar_value_at_the_granularity(read):
    ctx = read("Talks resumed on Apr. 14, stalled last month, and may end in the first quarter of 2020 or in 2021.")
    assert value(ctx, "Apr. 14") == "2019-04-14"
    assert value(ctx, "last month") == "2019-05"
    assert value(ctx, "first quarter") == "2020-Q1"
    assert value(ctx, "2021") == "2021"


def test_dates_value_of_a_week(read):
    assert value(read("Aid convoys arrived this week."), "this week") == "2019-W24"


def test_dates_value_of_now_and_currently_is_present_ref(read):
    ctx = read("The camp now holds 9,000 people and is currently run by a charity.")
    w = find(ctx, "now")
    assert (w.value, w.start, w.end) == ("PRESENT_REF", None, None)
    assert value(ctx, "currently") == "PRESENT_REF"
    assert not [x for x in ctx.dates if x.text.lower() == "now that"]


def test_dates_value_of_in_the_past_is_past_ref(read):
    ctx = read("In the past, the militia has refused every offer.")
    w = find(ctx, "the past")
    assert (w.value, w.start) == ("PAST_REF", None)


def test_dates_the_past_two_years_is_a_period_not_past_ref(read):
    w = find(read("Prices rose sharply over the past three years."), "past three years")
    assert w.start == "2016-06-10" and w.value == "2016"


def test_dates_value_of_in_the_future_is_future_ref(read):
    assert value(read("The mission may expand in the future."), "the future") == "FUTURE_REF"


def test_dates_value_of_today_is_the_publication_day(read):
    assert value(read("The minister resigned today."), "today") == "2019-06-10"


def test_dates_value_of_a_season(read):
    ctx = read("The offensive stalled last summer and resumed in the winter of 2015.")
    assert value(ctx, "last summer") == "2018-SU"
    assert value(ctx, "winter of 2015") == "2015-WI"


def test_dates_value_of_decade_and_century(read):
    ctx = read("The dam was planned in the 1970s and the town dates from the 19th century.")
    assert value(ctx, "1970s") == "197"
    assert value(ctx, "19th century") == "18"


def test_dates_value_of_a_weekend(read):
    assert value(read("Shelling intensified over the weekend."), "weekend").endswith("-WE")


def test_dates_value_without_publication_date_leaves_the_year_unknown(read):
    ctx = read("Troops left on Friday and came back in August, before winter.", published=None)
    assert value(ctx, "Friday") == "XXXX-WXX-5"
    assert value(ctx, "August") == "XXXX-08"
    assert all(w.start is None for w in ctx.dates)


def test_dates_every_value_validates_against_the_schema(extract):
    from sitroom.schema import validate
    doc = extract("Now, as in the past, the army says it struck the camp last summer, on May 3 and in the 1990s.",
                  published="2019-06-10")
    assert {w.value for w in doc.dates} >= {"PRESENT_REF", "PAST_REF", "2018-SU", "2019-05-03", "199"}
    validate(doc.as_dict())


def _with_quote(ctx, text, quoted, speaker):
    from sitroom.records import Quote, Speaker
    at = text.index(quoted)
    ctx.quotes.append(Quote(quote=quoted, span=[at, at + len(quoted)], direct=True,
                            speaker=Speaker(text=speaker, name=speaker), cue="said"))


def _sentence(text, first_words):
    s0 = text.index(first_words)
    nxt = text.find(". ", s0)
    return s0, (nxt + 1 if nxt >= 0 else len(text))


def test_dates_quote_continuation_takes_the_speech_date(read):
    text = ("The governor, Ana Ruiz, said on Sunday the curfew had failed. "
            "\"We will send more police to the port,\" she said.")
    ctx = read(text)
    _with_quote(ctx, text, "the curfew had failed", "Ana Ruiz")
    _with_quote(ctx, text, "We will send more police to the port,", "Ana Ruiz")
    s0, s1 = _sentence(text, "\"We will")
    w = dates.for_event(ctx, s0, s1, text.index("send"))
    assert w is not None and w.text == "Sunday" and w.start == "2019-06-09"


def test_dates_quote_continuation_needs_the_same_speaker(read):
    text = ("The governor, Ana Ruiz, said on Sunday the curfew had failed. "
            "\"We will send more police to the port,\" the mayor said.")
    ctx = read(text)
    _with_quote(ctx, text, "the curfew had failed", "Ana Ruiz")
    _with_quote(ctx, text, "We will send more police to the port,", "Pablo Gomez")
    s0, s1 = _sentence(text, "\"We will")
    assert dates.for_event(ctx, s0, s1, text.index("send")) is None


def test_dates_quote_continuation_ignores_a_date_that_is_not_the_speech_date(read):
    text = ("Ana Ruiz said the bombing on Sunday had killed four guards. "
            "\"We will send more police to the port,\" she said.")
    ctx = read(text)
    _with_quote(ctx, text, "the bombing on Sunday had killed four guards", "Ana Ruiz")
    _with_quote(ctx, text, "We will send more police to the port,", "Ana Ruiz")
    s0, s1 = _sentence(text, "\"We will")
    assert dates.for_event(ctx, s0, s1, text.index("send")) is None


def test_dates_at_the_time_takes_the_previous_sentence_date(read):
    text = "Rebels captured the airport in 2014. At the time, government troops withdrew from the city."
    ctx = read(text)
    s0 = text.index("At the time")
    w = dates.for_event(ctx, s0, len(text), text.index("withdrew"))
    assert w is not None and w.start == "2014-01-01"
    assert find(ctx, "At the time").value == "PAST_REF"


def test_dates_at_the_time_skips_stretches_up_to_publication(read):
    text = ("Militias have fought over the valley for the past three years. "
            "At the time, government troops withdrew from the city.")
    ctx = read(text)
    s0 = text.index("At the time")
    assert dates.for_event(ctx, s0, len(text), text.index("withdrew")) is None


def test_dates_no_carry_over_across_paragraphs(read):
    text = "Rebels captured the airport in 2014.\n\nAt the time, government troops withdrew from the city."
    ctx = read(text)
    s0 = text.index("At the time")
    assert dates.for_event(ctx, s0, len(text), text.index("withdrew")) is None


def test_dates_carry_over_reaches_events_end_to_end(extract):
    text = ("Rebels captured the airport in 2014. At the time, government troops withdrew from the city. "
            "Later, rebels attacked a police station in the south.")
    doc = extract(text, published="2019-06-10")
    by_sentence = {text[e.span[0]:e.span[1]][:12]: e.date for e in doc.events}
    assert by_sentence.get("At the time,") is not None and by_sentence["At the time,"].start == "2014-01-01"
    assert by_sentence.get("Later, rebel", "absent") in (None, "absent")


def test_dates_the_next_day_counts_from_the_last_date_given(read):
    ctx = read("Rebels shelled the port on May 3. The next day, troops entered the town. "
               "The following week, talks began.")
    assert res(ctx, "next day") == ("2019-05-04", "2019-05-04", "day")
    assert value(ctx, "following week") == "2019-W19"


def test_dates_the_next_day_without_an_earlier_date_is_not_resolved(read):
    assert all(w.start is None for w in read("The next day, troops entered the town.").dates)


def test_dates_that_year_reads_against_the_last_period_given(read):
    ctx = read("Militias overran the valley in 2012. Later that year, the army retook the pass. "
               "The following year both sides signed a truce. In March 2014 the truce broke down. "
               "That same month, envoys met in the capital.")
    assert res(ctx, "Later that year") == ("2012-01-01", "2012-12-31", "year")
    assert res(ctx, "following year") == ("2013-01-01", "2013-12-31", "year")
    assert res(ctx, "That same month") == ("2014-03-01", "2014-03-31", "month")


def test_dates_that_year_without_an_earlier_period_is_not_a_date(read):
    ctx = read("Later that year, the army retook the pass.")
    assert all(w.start is None for w in ctx.dates if "that year" in w.text.lower())


def test_dates_the_previous_month_after_a_day_is_the_month_before(read):
    ctx = read("Troops crossed the river on May 3, 2019. The previous month, talks had collapsed.")
    assert res(ctx, "previous month") == ("2019-04-01", "2019-04-30", "month")


def test_dates_a_long_expression_reads_its_calendar_tail(read):
    ctx = read("By the end of that long dry summer of 2016, the convoys had stopped.")
    assert res(ctx, "summer of 2016") == ("2016-06-01", "2016-08-31", "quarter")


@pytest.mark.parametrize("published, expect", [
    (dt.date(2019, 6, 16), {"last week": ("2019-06-10", "2019-06-16"), "this week": ("2019-06-17", "2019-06-23"),
                            "earlier this week": ("2019-06-10", "2019-06-15")}),    # a Sunday: the week is over
    (dt.date(2019, 6, 15), {"last week": ("2019-06-03", "2019-06-09"), "this week": ("2019-06-10", "2019-06-16")}),
])
def test_dates_weeks_from_a_sunday_paper(read, published, expect):
    for surface, (start, end) in expect.items():
        text = {"last week": "The militia burned the depot last week.",
                "this week": "Negotiators will meet this week in the capital.",
                "earlier this week": "Police arrested the organisers earlier this week."}[surface]
        assert res(read(text, published), surface) == (start, end, "week"), (published, surface)
