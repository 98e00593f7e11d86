"""time: expressions -> intervals anchored on the publication date (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.temporal import governing_time, normalise

AUG = date(2021, 8, 3)  # a Tuesday


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
        ("earlier this month", AUG, "", "2021-08-01", "2021-08-03"),
        ("on Thursday", date(2019, 4, 9), "past", "2019-04-04", "2019-04-04"),
        ("last Saturday", date(2022, 7, 15), "past", "2022-07-09", "2022-07-09"),
        ("on Wednesday", date(2022, 7, 15), "future", "2022-07-20", "2022-07-20"),
        ("Tuesday's", date(2024, 1, 4), "", "2024-01-02", "2024-01-02"),
        ("yesterday", date(2022, 7, 15), "", "2022-07-14", "2022-07-14"),
        ("two years ago", AUG, "", "2019-01-01", "2019-12-31"),
        ("four years ago", date(2024, 1, 4), "", "2020-01-01", "2020-12-31"),
        ("two months ago", date(2022, 7, 15), "", "2022-05-01", "2022-05-31"),
        ("early 2020", AUG, "", "2020-01-01", "2020-04-30"),
        ("late 2019", AUG, "", "2019-09-01", "2019-12-31"),
        ("since 2014", AUG, "", "2014-01-01", "2021-08-03"),
        ("the 1990s", AUG, "", "1990-01-01", "1999-12-31"),
        ("the first quarter of 2008", AUG, "", "2008-01-01", "2008-03-31"),
        ("last summer", AUG, "", "2020-06-01", "2020-08-31"),
        ("last week", AUG, "", "2021-07-26", "2021-08-01"),
        ("Wednesday, July 20", date(2022, 7, 15), "future", "2022-07-20", "2022-07-20"),
        ("a hot summer day last June", AUG, "past", "2021-06-01", "2021-06-30"),
        ("the same month a year ago", AUG, "", "2020-08-01", "2020-08-31"),
        ("the same period last year", date(2022, 3, 2), "", "2021-03-01", "2021-03-31"),
    ],
)
def test_expression_families(text, anchor, tense, start, end):
    value, _, rule = normalise(text, anchor, tense)
    assert value is not None, rule
    assert (value.start.isoformat(), value.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["18 months", "for more than 15 years", "six months"])
def test_durations_have_no_interval(text):
    assert normalise(text, AUG) == (None, "duration", "duration")


def test_without_a_publication_date_only_absolute_dates_resolve():
    assert normalise("last July", None)[0] is None
    assert normalise("March 3, 2011", None)[0].start == date(2011, 3, 3)


def test_times_in_an_article_are_found_with_offsets(extract):
    text = (
        "On a hot summer day last June, the commander met militia leaders in Baghdad. "
        "The researcher was shot dead last July. Parliament will elect a new speaker on Wednesday."
    )
    g = extract(text, published="2021-08-03")
    found = {t.text: (t.value.start.isoformat(), t.value.end.isoformat()) for t in g.times if t.value}

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


def test_governing_time_is_the_one_of_the_clause(extract, nlp):
    g = extract(
        "The militia attacked the base on Monday, and the army responded on Thursday.", published="2023-05-19"
    )
    doc = nlp(g.clean.text)
    responded = next(t.i for t in doc if t.text == "responded")
    assert governing_time(doc, g.times, responded).text == "Thursday"


def test_the_same_month_a_year_ago_is_the_month_the_text_named(extract):
    g = extract(
        "Car sales in January rose 4 percent from the same month a year ago, the ministry said.",
        published="2009-02-03",
    )
    same = next(t for t in g.times if t.text.startswith("the same month"))
    assert (same.value.start.isoformat(), same.value.end.isoformat()) == ("2008-01-01", "2008-01-31")
