"""time: expressions -> intervals anchored on the article's date (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsgraph.errors import LexiconError
from newsgraph.nlp import remember_text
from newsgraph.temporal import carried_time, find_times, governing_time, normalise
from newsgraph.temporal import words as time_words
from newsgraph.temporal.rules import RULES, compiled_rules

AUG = date(2021, 8, 3)  # a Tuesday
MAY17 = date(2023, 5, 17)  # a Wednesday


def iso(value) -> tuple[str, str] | None:
    return None if value is None else (value.start.isoformat(), value.end.isoformat())


@pytest.mark.parametrize(
    ("text", "anchor", "tense", "start", "end"),
    [
        ("January 2020", AUG, "", "2020-01-01", "2020-01-31"),
        ("3 January 2020", AUG, "", "2020-01-03", "2020-01-03"),
        ("January 3, 2020", AUG, "", "2020-01-03", "2020-01-03"),
        ("2014", AUG, "", "2014-01-01", "2014-12-31"),
        ("last July", AUG, "past", "2020-07-01", "2020-07-31"),  # the month just past is "last month"
        ("last June", AUG, "past", "2021-06-01", "2021-06-30"),
        ("in June", AUG, "past", "2021-06-01", "2021-06-30"),
        ("in October", AUG, "future", "2021-10-01", "2021-10-31"),
        ("last year", AUG, "", "2020-01-01", "2020-12-31"),
        ("on Thursday", date(2019, 4, 9), "past", "2019-04-04", "2019-04-04"),
        ("last Saturday", date(2022, 7, 15), "past", "2022-07-09", "2022-07-09"),
        ("on Wednesday", date(2022, 7, 15), "future", "2022-07-20", "2022-07-20"),
        ("Tuesday's", date(2024, 1, 4), "", "2024-01-02", "2024-01-02"),
        ("yesterday", date(2022, 7, 15), "", "2022-07-14", "2022-07-14"),
        ("two years ago", AUG, "", "2019-01-01", "2019-12-31"),
        ("four years ago", date(2024, 1, 4), "", "2020-01-01", "2020-12-31"),
        ("two months ago", date(2022, 7, 15), "", "2022-05-01", "2022-05-31"),
        ("a week or so ago", date(2022, 7, 15), "", "2022-07-08", "2022-07-08"),
        ("since 2014", AUG, "", "2014-01-01", "2021-08-03"),
        ("the 1990s", AUG, "", "1990-01-01", "1999-12-31"),
        ("the first quarter of 2008", AUG, "", "2008-01-01", "2008-03-31"),
        ("last summer", AUG, "", "2020-06-01", "2020-08-31"),
        ("last week", AUG, "", "2021-07-26", "2021-08-01"),
        ("Wednesday, July 20", date(2022, 7, 15), "future", "2022-07-20", "2022-07-20"),
        ("a hot summer day last June", AUG, "past", "2021-06-01", "2021-06-30"),
        ("the same month a year ago", AUG, "", "2020-08-01", "2020-08-31"),
        ("the same period last year", date(2022, 3, 2), "", "2021-03-01", "2021-03-31"),
        # a month named with a year relative to the article's
        ("January this year", date(1998, 2, 19), "past", "1998-01-01", "1998-01-31"),
        ("June last year", date(1998, 2, 19), "past", "1997-06-01", "1997-06-30"),
        ("October of next year", date(2009, 5, 15), "future", "2010-10-01", "2010-10-31"),
        ("March of last year", date(2022, 1, 10), "past", "2021-03-01", "2021-03-31"),
        ("December this year", date(2022, 1, 10), "future", "2022-12-01", "2022-12-31"),
        # the article's own period, in words of accounts
        ("the current fiscal year", date(1989, 11, 2), "", "1989-01-01", "1989-12-31"),
        ("year-earlier", date(1989, 11, 2), "", "1988-01-01", "1988-12-31"),
        ("by year-end", date(1989, 11, 2), "future", "1989-12-31", "1989-12-31"),
        ("since year-end", date(1989, 10, 30), "past", "1988-12-31", "1988-12-31"),
        ("year's end", date(1989, 10, 26), "future", "1989-01-01", "1989-12-31"),
    ],
)
def test_expression_families(text, anchor, tense, start, end):
    value, _, rule = normalise(text, anchor, tense)
    assert value is not None, rule
    assert iso(value) == (start, end)


@pytest.mark.parametrize("text", ["18 months", "for more than 15 years", "six months", "nearly two years"])
def test_durations_have_no_interval(text):
    assert normalise(text, AUG) == (None, "duration", "duration")


def test_without_a_publication_date_only_absolute_dates_resolve():
    assert normalise("last July", None)[0] is None
    assert normalise("March 3, 2011", None)[0].start == date(2011, 3, 3)


# -- a part of a period is the whole period (TIMEX3 writes "early December" as December, mod
#    START); an event dated by it lies in the part the words name


@pytest.mark.parametrize(
    ("sentence", "published", "expr", "value"),
    [
        (
            "Protesters blocked the main road in Khartoum in early December.",
            "2023-12-20",
            "early December",
            ("2023-12-01", "2023-12-31"),
        ),
        (
            "The ministry will publish the census results in mid-November.",
            "2023-10-02",
            "mid-November",
            ("2023-11-01", "2023-11-30"),
        ),
        (
            "The rebels withdrew from the town in late March.",
            "2024-06-11",
            "late March",
            ("2024-03-01", "2024-03-31"),
        ),
        (
            "Construction of the dam began in early 2019.",
            "2021-05-01",
            "early 2019",
            ("2019-01-01", "2019-12-31"),
        ),
        (
            "The talks collapsed at the end of last year.",
            "2022-02-10",
            "the end of last year",
            ("2021-01-01", "2021-12-31"),
        ),
        (
            "The election is due at the beginning of next month.",
            "2022-02-10",
            "the beginning of next month",
            ("2022-03-01", "2022-03-31"),
        ),
        (
            "Fighting resumed in mid-2016, the monitors said.",
            "2017-01-09",
            "mid-2016",
            ("2016-01-01", "2016-12-31"),
        ),
    ],
)
def test_a_part_of_a_period_has_the_whole_period_as_its_value(extract, sentence, published, expr, value):
    g = extract(sentence, published=published)
    t = next(t for t in g.times if expr in t.text)
    assert iso(t.value) == value


def test_an_event_dated_by_a_part_of_a_period_lies_in_that_part(extract):
    g = extract("Protesters blocked the main road in Khartoum in early December.", published="2023-12-20")
    (protest,) = [v for v in g.events if v.type == "PROTEST"]
    assert iso(protest.date) == ("2023-12-01", "2023-12-10")
    g = extract("The rebels withdrew from the town of Kidal in late March.", published="2024-06-11")
    (retreat,) = [v for v in g.events if v.type == "RETREAT"]
    assert iso(retreat.date) == ("2024-03-21", "2024-03-31")


@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        (
            "Earlier this month, the court released the journalist.",
            "Earlier this month",
            ("2023-05-01", "2023-05-31"),
        ),
        (
            "The government raised fuel prices earlier this year.",
            "earlier this year",
            ("2023-01-01", "2023-12-31"),
        ),
        (
            "Parliament will vote on the budget later this month.",
            "later this month",
            ("2023-05-01", "2023-05-31"),
        ),
        ("The army said it would withdraw later this year.", "later this year", ("2023-01-01", "2023-12-31")),
        ("The minister resigned earlier in the week.", "earlier in the week", ("2023-05-15", "2023-05-21")),
    ],
)
def test_earlier_and_later_this_period_is_the_whole_period(extract, sentence, expr, value):
    g = extract(sentence, published="2023-05-17")
    assert iso(next(t for t in g.times if t.text == expr).value) == value


# -- weekdays and months without a year, placed by the tense of their clause


@pytest.mark.parametrize(
    ("sentence", "expr", "day"),
    [
        ("Gunmen attacked a bus near Quetta on Thursday.", "Thursday", "2023-05-11"),
        ("The index ended the week lower, closing down 2 percent Friday.", "Friday", "2023-05-12"),
        ("The company began raising its stake in the bank on Saturday.", "Saturday", "2023-05-13"),
        ("Police arrested two men in Lagos on Monday.", "Monday", "2023-05-15"),
        ("The president will travel to Cairo on Friday.", "Friday", "2023-05-19"),
        (
            "Shares fell on Monday. They were down 3 percent from the previous Friday.",
            "the previous Friday",
            "2023-05-12",
        ),
    ],
)
def test_a_weekday_points_back_in_a_past_clause_and_ahead_in_a_future_one(extract, sentence, expr, day):
    g = extract(sentence, published="2023-05-17")  # a Wednesday
    assert next(t for t in g.times if t.text == expr).value.start.isoformat() == day


@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        ("The inspectors have been barred from the site since March.", "March", ("2023-03-01", "2023-03-31")),
        ("The company declared a dividend, payable Dec. 15.", "Dec. 15", ("2023-12-15", "2023-12-15")),
        ("The bank has extended the loan through January.", "January", ("2024-01-01", "2024-01-31")),
        ("The turnaround plan announced in January cut 2,000 jobs.", "January", ("2023-01-01", "2023-01-31")),
        ("Sales rose in May, the company said.", "May", ("2023-05-01", "2023-05-31")),
        ("The strike that began in November ended last week.", "November", ("2022-11-01", "2022-11-30")),
        ("The new rules take effect Feb. 1, the regulator said.", "Feb. 1", ("2024-02-01", "2024-02-01")),
    ],
)
def test_a_month_or_day_without_a_year_falls_in_the_year_its_clause_points_to(extract, sentence, expr, value):
    g = extract(sentence, published="2023-10-30")
    assert iso(next(t for t in g.times if t.text == expr).value) == value


def test_a_record_set_on_a_day_lies_behind(extract):
    g = extract("The index closed within 70 points of the record high set on Aug. 6.", published="1998-02-06")
    assert iso(next(t for t in g.times if t.text == "Aug. 6").value) == ("1997-08-06", "1997-08-06")


# -- times read from the time the text last gave


@pytest.mark.parametrize(
    ("text", "published", "expr", "value"),
    [
        (
            "The company lost $3 million in the fourth quarter of 2005 and $9 million for the entire year.",
            "2006-01-27",
            "the entire year",
            ("2005-01-01", "2005-12-31"),
        ),
        (
            "Sales for the full year rose 13 percent, the company said.",
            "1989-11-02",
            "the full year",
            ("1989-01-01", "1989-12-31"),
        ),
        (
            "He was promoted to general in May 1995, and the following year he became attache in Washington.",
            "1998-04-18",
            "the following year",
            ("1996-01-01", "1996-12-31"),
        ),
        (
            "Exports fell in 2008. Imports rose that year as well.",
            "2010-01-28",
            "that year",
            ("2008-01-01", "2008-12-31"),
        ),
        (
            "The army seized the town in 2014; the same year, it lost the airport.",
            "2019-03-01",
            "the same year",
            ("2014-01-01", "2014-12-31"),
        ),
        (
            "Costs were cut to $118 billion last year, $20 billion less than the year previous.",
            "2010-01-28",
            "the year previous",
            ("2008-01-01", "2008-12-31"),
        ),
    ],
)
def test_the_year_and_that_year(extract, text, published, expr, value):
    g = extract(text, published=published)
    assert iso(next(t for t in g.times if expr in t.text).value) == value


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        (
            "Gunmen attacked the checkpoint on Sunday. Later that day, troops arrived.",
            "Later that day",
            "2023-05-14",
        ),
        (
            "The blast struck the market on March 3. A second bomb exploded the same day.",
            "the same day",
            "2023-03-03",
        ),
        (
            "The rebels entered the town on Friday, May 12. They had shelled it the day before.",
            "the day before",
            "2023-05-11",
        ),
        (
            "The minister arrived in Baghdad on Monday. The next day, he met the president.",
            "The next day",
            "2023-05-16",
        ),
        ("The market closed higher on Tuesday, ending the day up 2 percent.", "the day", "2023-05-16"),
        (
            "Clashes broke out on May 2. By the following day the army controlled the city.",
            "the following day",
            "2023-05-03",
        ),
    ],
)
def test_that_day_the_same_day_the_day_before(extract, text, expr, value):
    g = extract(text, published="2023-05-17")
    assert next(t for t in g.times if t.text == expr).value.start.isoformat() == value


def test_the_day_before_an_event_has_no_value(extract):
    g = extract("He was arrested on the day before the vote.", published="2023-05-17")
    assert [t.value for t in g.times if "day" in t.text] == [None]


# -- years said aloud, two-digit years, numeric dates


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("nineteen ninety-six", ("1996-01-01", "1996-12-31")),
        ("nineteen oh five", ("1905-01-01", "1905-12-31")),
        ("the year two thousand", ("2000-01-01", "2000-12-31")),
        ("twenty twelve", ("2012-01-01", "2012-12-31")),
        ("January nineteen ninety-seven", ("1997-01-01", "1997-01-31")),
        ("7/8/07", ("2007-07-08", "2007-07-08")),
        ("13/1/2020", ("2020-01-13", "2020-01-13")),
        ("the '90s", ("1990-01-01", "1999-12-31")),
    ],
)
def test_years_said_aloud_and_numeric_dates(text, value):
    assert iso(normalise(text, date(2008, 10, 27))[0]) == value


@pytest.mark.parametrize("text", ["twenty one", "two thousand troops", "99/99/99", "1/2"])
def test_counts_and_impossible_dates_are_no_dates(text):
    assert normalise(text, date(2008, 10, 27))[0] is None


def test_a_two_digit_year_and_a_spoken_year_in_text(extract):
    g = extract(
        "Asian stock markets slid on Monday, and the Nikkei closed at its lowest level since '82.",
        published="2008-10-27",
    )
    assert iso(next(t for t in g.times if "82" in t.text).value) == ("1982-01-01", "1982-12-31")
    g = extract("In nineteen ninety-one Charles Keating was convicted of fraud.", published="1998-01-15")
    assert iso(next(t for t in g.times if "ninety-one" in t.text).value) == ("1991-01-01", "1991-12-31")


@pytest.mark.parametrize(
    ("sentence", "published", "day", "value"),
    [
        ("Earnings for its fourth quarter ended Sept. 30 fell 50%.", "1989-11-02", "Sept. 30", "1989-09-30"),
        ("Net income for the six months ended Oct. 1 slipped 5%.", "1989-11-02", "Oct. 1", "1989-10-01"),
        (
            "For the year ended Sept. 30, the company earned $422 million.",
            "1989-11-02",
            "Sept. 30",
            "1989-09-30",
        ),
        ("Sales in the fiscal year ending June 30 rose 8%.", "2021-08-03", "June 30", "2021-06-30"),
        (
            "The bank lost money in the quarter ended March 31, 2020.",
            "2020-05-04",
            "March 31, 2020",
            "2020-03-31",
        ),
    ],
)
def test_a_period_ended_on_a_day_gives_the_period_and_the_day(extract, sentence, published, day, value):
    g = extract(sentence, published=published)
    days = {t.text: t for t in g.times}
    assert days[day].value.start.isoformat() == value
    assert not [t.text for t in g.times if " end" in t.text]  # the period and the day are two times


# -- finding them in an article


def test_times_in_an_article_are_found_with_offsets(extract):
    text = (
        "On a hot summer day last June, the commander met militia leaders in Baghdad. "
        "The researcher was shot dead last July. Parliament will elect a new speaker on Wednesday."
    )
    g = extract(text, published="2021-08-03")
    found = {t.text: iso(t.value) for t in g.times if t.value}

    def value(words):
        return next(v for k, v in found.items() if words in k)

    assert value("last June") == ("2021-06-01", "2021-06-30")
    assert value("last July") == ("2020-07-01", "2020-07-31")
    assert value("Wednesday") == ("2021-08-04", "2021-08-04")
    for t in g.times:
        assert text[t.start : t.end] == t.text


def test_a_span_listing_two_years_gives_two_times(extract):
    g = extract("The plan will run between 2024 and 2026, officials said.", published="2023-05-17")
    years = sorted(t.text for t in g.times)
    assert years == ["2024", "2026"]


def test_the_same_month_a_year_ago_is_the_month_the_text_named(extract):
    g = extract(
        "Car sales in January rose 4 percent from the same month a year ago, the ministry said.",
        published="2009-02-03",
    )
    same = next(t for t in g.times if t.text.startswith("the same month"))
    assert iso(same.value) == ("2008-01-01", "2008-01-31")


# -- the dateline's date


DATELINED = "Fighting flares in Tripoli\n\nMarch 01, 2008\n\nMilitias clashed in the capital yesterday."


def test_a_dateline_line_is_the_articles_date(extract):
    g = extract(DATELINED, published="2008-03-11")  # the record's date is a later one
    assert iso(next(t for t in g.times if t.text == "yesterday").value) == ("2008-02-29", "2008-02-29")
    g = extract(DATELINED, published=None)
    assert iso(next(t for t in g.times if t.text == "yesterday").value) == ("2008-02-29", "2008-02-29")


def test_a_dateline_with_its_weekday(extract):
    g = extract(
        "Storm hits coast\n\nTuesday, March 3, 2020\n\nThe storm reached the coast on Sunday.",
        published="2020-03-09",
    )
    assert next(t for t in g.times if t.text == "Sunday").value.start.isoformat() == "2020-03-01"


def test_a_date_inside_a_sentence_is_no_dateline(extract):
    g = extract(
        "Talks resumed on March 1, 2008 in Geneva.\n\nThe envoy left yesterday.", published="2008-03-11"
    )
    assert next(t for t in g.times if t.text == "yesterday").value.start.isoformat() == "2008-03-10"


def test_the_date_of_a_dateline_cut_from_the_text(nlp):
    text = "Gunmen attacked a checkpoint yesterday."
    doc = remember_text(nlp(text), text)
    times = find_times(doc, date(1987, 3, 9), dateline_date=date(1987, 2, 26))
    assert iso(times[0].value) == ("1987-02-25", "1987-02-25")


def test_the_first_sentence_after_a_dateline_is_dated_by_it(nlp):
    text = "Deal reached\n\nMarch 01, 2008\n\nNorthrop Grumman defeated Boeing for the contract. Shares rose."
    doc = remember_text(nlp(text), text)
    times = find_times(doc, date(2008, 3, 1))
    defeated = next(t.i for t in doc if t.text == "defeated")
    rose = next(t.i for t in doc if t.text == "rose")
    assert carried_time(doc, times, defeated).text == "March 01, 2008"
    assert carried_time(doc, times, rose) is None  # not the story's first sentence, nor a continuation


# -- the time of an event's own clause, and the time a continuing sentence carries over


def _verb_time(nlp, text: str, verb: str, published: date = MAY17):
    doc = remember_text(nlp(text), text)
    times = find_times(doc, published)
    i = next(t.i for t in doc if t.text == verb)
    found = governing_time(doc, times, i) or carried_time(doc, times, i)
    return found.text if found else None


def test_governing_time_is_the_one_of_the_clause(extract, nlp):
    g = extract(
        "The militia attacked the base on Monday, and the army responded on Thursday.", published="2023-05-19"
    )
    doc = nlp(g.clean.text)
    responded = next(t.i for t in doc if t.text == "responded")
    assert governing_time(doc, g.times, responded).text == "Thursday"


@pytest.mark.parametrize(
    ("text", "verb", "time"),
    [
        ("The president, who was elected in 2019, was detained.", "detained", None),
        ("The president, who was elected in 2019, was detained on Sunday.", "detained", "Sunday"),
        ("The commander, appointed in March, was killed.", "killed", None),
        ("Rebels who seized the town in May were driven out.", "driven", None),
        ("Police arrested the man who had attacked the checkpoint on Friday.", "arrested", None),
        ("Police arrested the man who had attacked the checkpoint on Friday.", "attacked", "Friday"),
        ("The minister said on Monday that troops had shelled the town.", "shelled", "Monday"),
    ],
)
def test_a_time_in_a_clause_attached_to_an_argument_does_not_date_the_event(nlp, text, verb, time):
    assert _verb_time(nlp, text, verb) == time


@pytest.mark.parametrize(
    ("text", "verb", "time"),
    [
        (
            "Gunmen attacked a checkpoint in Kirkuk on Sunday. They kidnapped two soldiers.",
            "kidnapped",
            "Sunday",
        ),
        (
            "Gunmen attacked a checkpoint in Kirkuk on Sunday. The gunmen kidnapped two soldiers.",
            "kidnapped",
            "Sunday",
        ),
        (
            "Gunmen attacked a checkpoint in Kirkuk on Sunday. They kidnapped two soldiers. They also abducted a "
            "police officer.",
            "abducted",
            "Sunday",
        ),
        (
            "Gunmen attacked a checkpoint in Kirkuk on Sunday. Iraqi troops arrested Ali Hassan.",
            "arrested",
            None,
        ),
        (
            "Gunmen attacked a checkpoint in Kirkuk on Sunday.\n\nThey kidnapped two soldiers.",
            "kidnapped",
            None,
        ),
        ("Gunmen attacked a checkpoint in Kirkuk on Sunday. They hold two soldiers.", "hold", None),
    ],
)
def test_a_date_carries_over_only_to_a_sentence_that_continues_the_story(nlp, text, verb, time):
    assert _verb_time(nlp, text, verb) == time


# -- the rule table and its data


def test_every_rule_has_a_unique_name_and_a_pattern_that_compiles():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)) and len(names) >= 30
    assert len(compiled_rules()) == len(RULES)


def test_a_broken_word_file_names_its_file_and_line():
    with pytest.raises(LexiconError, match=r"time/words\.yaml:\d+: `months`: bad value 13"):
        time_words._mapping("time/words.yaml", {"months": {"january": 13}}, "months", lambda v: 1 <= v <= 12)
    with pytest.raises(LexiconError, match=r"time/relative\.yaml:\d+: `same` lists 'that' twice"):
        time_words._words("time/relative.yaml", {"same": ["that", "that"]}, "same")


# -- no input makes the stage raise: a value outside the years 1..9999 is no value

ANY_DAY = st.dates(min_value=date.min, max_value=date.max)


def test_a_year_out_of_range_is_no_value_not_an_error(extract):
    g = extract("Infants from 2100 years ago were buried with tools.", published="2020-06-01")
    assert [(t.text, t.value, t.rule) for t in g.times] == [("2100 years ago", None, "units-ago")]


@pytest.mark.parametrize(
    ("text", "anchor", "tense"),
    [
        ("yesterday", date.min, ""),
        ("tomorrow", date.max, ""),
        ("last week", date.min, ""),
        ("next year", date.max, ""),
        ("in 99999999999 days", AUG, "future"),
        ("99999999999 weeks ago", AUG, ""),
        ("the day before", date.min, ""),
        ("the following year", date.max, ""),
        ("the end of next month", date.max, ""),
        ("Sunday", date.min, "past"),
        ("the same week a year ago", date(1, 3, 1), ""),
    ],
)
def test_arithmetic_past_the_calendar_gives_no_value(text, anchor, tense):
    value, _, rule = normalise(text, anchor, tense)
    assert value is None and rule is not None


def _time_words() -> list[str]:
    cal, rel = time_words.calendar_words(), time_words.relative_words()
    words = [*cal.months, *cal.weekdays, *cal.counts, *cal.number_units, *cal.number_teens, *cal.number_tens]
    words += [*cal.seasons, *cal.quarters, *cal.parts, *rel.steps, *rel.day_words, *rel.period_parts]
    words += [*rel.same, *rel.following, *rel.preceding, *rel.duration_leads, "the", "of", "a", "since", "in"]
    words += ["day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "quarter", "ago"]
    words += [
        "later",
        "earlier",
        "before",
        "after",
        "year-end",
        "year-ago",
        "hundred",
        "thousand",
        "oh",
        "now",
    ]
    return words


TIME_TOKEN = st.one_of(
    st.sampled_from(_time_words()),
    st.integers(min_value=0, max_value=10**15).map(str),
    st.integers(min_value=1, max_value=9999).map(str),
    st.integers(min_value=0, max_value=99).map(lambda n: f"'{n:02d}"),
    st.builds("{}/{}/{}".format, st.integers(0, 99), st.integers(0, 99), st.integers(0, 9999)),
    st.text(max_size=4),
)
TIME_PHRASE = st.lists(TIME_TOKEN, min_size=1, max_size=6).flatmap(
    lambda toks: st.sampled_from([" ", "-", ", ", "/"]).map(lambda sep: sep.join(toks))
)


@settings(max_examples=600, deadline=None)
@given(text=TIME_PHRASE, anchor=st.one_of(st.none(), ANY_DAY), tense=st.sampled_from(["", "past", "future"]))
@example(text="2100 years ago", anchor=date(2020, 1, 1), tense="past")
@example(text="the year two thousand", anchor=date.max, tense="")
def test_normalise_is_total_on_any_time_phrase_and_any_date(text, anchor, tense):
    value, granularity, rule = normalise(text, anchor, tense)
    if value is not None:
        assert value.start <= value.end and granularity and rule


ARTICLE_TEXT = st.lists(
    st.one_of(
        TIME_PHRASE, st.sampled_from(["Gunmen attacked", "They", "was detained", ".", "\n\n", "said on"])
    ),
    min_size=1,
    max_size=12,
).map(" ".join)


@settings(max_examples=120, deadline=None)
@given(text=st.one_of(ARTICLE_TEXT, st.text(max_size=200)), published=st.one_of(st.none(), ANY_DAY))
def test_find_times_is_total_on_random_text_and_dates(nlp, text, published):
    doc = remember_text(nlp(text), text)
    times = find_times(doc, published)
    for t in times:
        assert 0 <= t.start < t.end <= len(text) and text[t.start : t.end] == t.text
        assert t.value is None or t.value.start <= t.value.end
    for tok in doc:
        governing_time(doc, times, tok.i)
        carried_time(doc, times, tok.i)
