"""The rules that read a time expression: RULES, at the end of this file, is the table, in the
order the rules are tried; the first rule whose pattern matches and that returns a Reading
wins. A rule is a small function of the regex match and the Context (the article's date, the
tense of the clause, the words around the expression, the times the text gave before it).

Values follow TIMEX3: a part of a period is the whole period ("early December" is December,
mod START; "earlier this month" is this month); a day, month or weekday without a year is
placed from the article's date by the tense of its clause (intervals.py); "that day", "the
following year" are read from the time the text last gave.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

import dateparser

from newsgraph.model import Interval, TimeExpr
from newsgraph.temporal import intervals as iv
from newsgraph.temporal.intervals import Reading
from newsgraph.temporal.words import alternation, calendar_words, relative_words

# What a rule reads besides the expression itself.
_UNANCHORED = date(2000, 1, 1)  # stands in for a missing article date; absolute rules never read it


@dataclass(frozen=True)
class Context:
    anchor: date = _UNANCHORED  # the article's date (its dateline's, else `published`)
    anchored: bool = False  # False: no article date, only absolute rules apply
    tense: str = ""  # of the clause: "past", "future" or "" (present or unknown)
    before: str = ""  # the word just before the expression, lower case ("in", "since")
    after: str = ""  # the text just after it
    earlier: tuple[TimeExpr, ...] = ()  # the times the text gave before this one, in text order
    sentence_start: int = 0  # where the expression's sentence starts (for "the year")


Rule = Callable[[re.Match[str], Context], Reading | None]


@dataclass(frozen=True)
class TimeRule:
    name: str
    pattern: str  # a regex with {M} months, {Y} years ... (see pieces), case-insensitive
    read: Rule
    absolute: bool = False  # reads a date without the article's date ("3 January 2020")


def read(text: str, ctx: Context) -> tuple[Interval | None, str | None, str | None]:
    """(interval, granularity, rule name) of a time expression; (None, ...) when it has none."""
    for rule, m in _matching_rules(text):
        if not (ctx.anchored or rule.absolute):
            continue
        try:
            reading = rule.read(m, ctx)
        except (ValueError, OverflowError):
            # the value lies outside the years a date holds (1..9999: "2100 years ago" in a
            # 2020 text, "in 9,000,000 days"): the expression is read, and has no value
            return None, None, rule.name
        if reading is not None:
            return reading.interval, reading.granularity, rule.name
    return None, None, None


# A dateline is looked for on the first lines of the text: the headline, then the date line
# (Wikinews: "Title\n\nMarch 01, 2008\n\nBody"); below them a lone date is a table or a list.
DATELINE_LINES = 3
# A date line is short: "Wednesday, September 30, 2020" has 29 characters; a longer line
# holding a date is a sentence ("Clashes broke out on March 3, 2020 in ...").
DATELINE_MAX_CHARS = 60
_DATELINE_RULES = ("iso-date", "numeric-date", "day-month-year", "month-day-year")


def dateline(text: str) -> tuple[int, int, date] | None:
    """(start, end, date) of a date standing alone on one of the first lines of the text (a
    weekday may open it: "Tuesday, March 3, 2020"): the article's own date."""
    start = lines = 0
    while lines < DATELINE_LINES and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if line.strip():
            if (found := _date_of_line(line)) is not None:
                return start + found[0], start + found[1], found[2]
            lines += 1
        start = end + 1
    return None


@functools.cache
def _weekday_or_nothing() -> re.Pattern[str]:
    return re.compile(r"\W*(?:{W}\W*)?$".format(**pieces()), re.IGNORECASE)


def _date_of_line(line: str) -> tuple[int, int, date] | None:
    if len(line) > DATELINE_MAX_CHARS:
        return None
    for rule, pattern in compiled_rules():
        if rule.name not in _DATELINE_RULES:
            continue
        m = pattern.search(line)
        if m is None or not _weekday_or_nothing().match(line[: m.start()]) or line[m.end() :].strip(" .,"):
            continue
        try:
            reading = rule.read(m, Context())
        except (ValueError, OverflowError):
            return None
        if reading is not None and reading.interval is not None:
            return m.start(), m.end(), reading.interval.start
    return None


# Expressions whose matching rules are kept: which patterns match depends on the text alone,
# and news repeats its expressions ("Monday", "last year", "1987"): in 1,000 Reuters articles
# 4,977 expressions have 1,390 distinct texts.
MATCH_CACHE = 8192


@functools.lru_cache(maxsize=MATCH_CACHE)
def _matching_rules(text: str) -> tuple[tuple[TimeRule, re.Match[str]], ...]:
    """The rules whose pattern matches the text, in table order, with their match."""
    return tuple((rule, m) for rule, pattern in compiled_rules() if (m := pattern.search(text)) is not None)


@functools.cache
def compiled_rules() -> tuple[tuple[TimeRule, re.Pattern[str]], ...]:
    words = pieces()
    return tuple((r, re.compile(r.pattern.format(**words), re.IGNORECASE)) for r in RULES)


@functools.cache
def pieces() -> dict[str, str]:
    """The word groups the rule patterns are written with, from data/time/."""
    cal, rel = calendar_words(), relative_words()
    return {
        "M": alternation(cal.months),
        "W": alternation(cal.weekdays),
        "N": r"(?:\d+|" + alternation(cal.counts)[3:-1] + ")",
        "S": alternation(cal.seasons),
        "P": alternation(cal.parts),
        "Q": alternation(cal.quarters),
        "Y": r"(?:1[89]\d\d|20\d\d)",
        "STEP": alternation(rel.steps),
        "DAYW": alternation(rel.day_words),
        "PP": alternation(rel.period_parts),
        "SAME": alternation(rel.same),
        "FOLLOW": alternation(rel.following),
        "PRECEDE": alternation(rel.preceding),
        "LEAD": alternation(rel.duration_leads),
        "DCOUNT": alternation(rel.duration_counts),
        "SPOKEN": spoken_year_pattern(),
    }


# -- small readers shared by the rules ---------------------------------------------------------

# The grains of a time another expression can be read from ("the following year" after
# "May 22, 1995"); spans, durations and decades are too vague to count from.
_ANTECEDENT_GRAINS = frozenset({"day", "week", "month", "quarter", "season", "year"})
_FINER = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "year": 4}
# A year written with two digits ('82) is the latest such year at most this many years after the
# article's date: '25 in a 2020 text is 2025 (plans are dated a few years ahead), '82 is 1982.
# Chosen, not measured: the public corpora hold one two-digit year ('82 in a 2008 text).
TWO_DIGIT_YEAR_AHEAD = 10


def _month_no(text: str) -> int:
    return calendar_words().months[text.lower().rstrip(".")]


def _count(word: str) -> int:
    w = word.lower()
    if w in ("a", "an", "one"):
        return 1
    return int(w) if w.isdigit() else calendar_words().counts[w]


def _step(word: str) -> int:
    return relative_words().steps[word.lower().split()[-1]]


def _direction(modifier: str) -> str | None:
    """ "last", "this" or "next" for a step word ("previous" is "last", "coming" "next")."""
    step = relative_words().steps.get(" ".join(modifier.split()[-1:]))
    return None if step is None else ("last", "this", "next")[step + 1]


def _antecedent(ctx: Context, finest: str = "year") -> TimeExpr | None:
    """The time the text last gave, of a grain at least as fine as `finest`."""
    for t in reversed(ctx.earlier):
        g = t.granularity or ""
        if t.value is not None and g in _ANTECEDENT_GRAINS and _FINER[g] <= _FINER[finest]:
            return t
    return None


def _period_around(unit: str, d: date) -> Reading:
    """The day, week, month or year holding `d`."""
    if unit == "day":
        return iv.day(d)
    return iv.period_of(unit, d, 0)


def _shifted(unit: str, d: date, step: int) -> Reading:
    if unit == "day":
        return iv.day(d + timedelta(days=step))
    return iv.period_of(unit, d, step)


@functools.cache
def spoken_year_pattern() -> str:
    """A year said aloud: "nineteen ninety-six", "nineteen oh five", "twenty twelve", "two
    thousand (and) eight". Years 1800-2099 only, like written ones; "twenty one" is a count."""
    cal = calendar_words()
    units, teens, tens = (alternation(x) for x in (cal.number_units, cal.number_teens, cal.number_tens))
    century = alternation([w for w, v in cal.number_teens.items() if v in (18, 19)])
    twenty = alternation([w for w, v in cal.number_tens.items() if v == 20])
    rest = rf"(?:{tens}(?:[\s-]+{units})?|{teens})"
    return (
        rf"(?:{century}[\s-]+(?:{rest}|hundred|oh[\s-]+{units})|{twenty}[\s-]+{rest}"
        rf"|two\s+thousand(?:\s+and)?(?:[\s-]+(?:{rest}|{units}))?)"
    )


def spoken_year(words: str) -> int | None:
    """The year of "nineteen ninety-six" (1996), "two thousand and eight" (2008)."""
    cal = calendar_words()
    numbers = {**cal.number_units, **cal.number_teens, **cal.number_tens}
    parts = [w for w in re.split(r"[\s-]+", words.lower()) if w and w != "and"]
    if parts[:2] == ["two", "thousand"]:
        return 2000 + sum(numbers.get(w, 0) for w in parts[2:])
    head, rest = parts[0], parts[1:]
    if rest == ["hundred"]:
        return numbers[head] * 100
    return numbers[head] * 100 + sum(numbers.get(w, 0) for w in rest if w != "oh")


# Distinct numeric dates kept read: a few per thousand articles (2 in 1,000 Reuters articles).
DATEPARSER_CACHE = 4096


@functools.lru_cache(maxsize=DATEPARSER_CACHE)
def _dateparser_day(text: str) -> date | None:
    """A numeric date ("7/8/07", "08.07.2007", "2007/07/08") read by dateparser, which knows the
    formats; month first when the order is ambiguous (dateparser's English default, as US copy
    writes dates). Only numeric dates: on the 275 day-precise dates our rules read in TimeBank,
    MEANTIME and 1,000 Reuters articles dateparser agrees on 274 (it reads "June, 1986 two" as
    June 2) at 2-4 ms a call against ~0.1 ms for our whole rule table, and with strict parsing
    reads no month-year ("June 1986") at all; the first call costs ~0.5 s more (its language
    data)."""
    found = dateparser.parse(
        text,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "MDY"},
    )
    return found.date() if found is not None else None


# The rules whose value is a whole period its words name a part of ("early December").
_PART_RULES = frozenset(
    {"part-of-month-year", "part-of-year", "part-of-month", "part-of-relative", "period-of-this"}
)


def event_time(t: TimeExpr) -> TimeExpr:
    """The time an event dated by `t` is given: the value of "early December" is December (as
    TIMEX3 writes it, with mod START), an event "in early December" lies in its first third."""
    if t.rule not in _PART_RULES or t.value is None:
        return t
    cal, rel = calendar_words(), relative_words()
    mods = {**cal.parts, **rel.period_parts}
    mod = next((mods[w] for w in re.findall(r"[a-z]+", t.text.lower()) if w in mods), "ALL")
    if mod not in cal.mod_shares:
        return t
    return replace(t, value=iv.part(t.value, cal.mod_shares[mod]))


# -- the rules, in the order of RULES ----------------------------------------------------------


def units_from_now(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "(the stock would be redeemed) in five years": a future clause, counted from the article's date."""
    if ctx.tense != "future" or not (m[1] or ctx.before in ("in", "within")):
        return None
    return iv.units_from(ctx.anchor, _count(m[2]), m[3].lower(), week_as_day=False)


def duration(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "for more than 15 years", "six months": a length of time, no date."""
    return Reading(None, "duration")


def iso_date(m: re.Match[str], ctx: Context) -> Reading | None:
    """2020-01-03"""
    d = iv.safe_date(int(m[1]), int(m[2]), int(m[3]))
    return iv.day(d) if d else None


def numeric_date(m: re.Match[str], ctx: Context) -> Reading | None:
    """7/8/07, 08.07.2007, 2007/07/08 (by dateparser)"""
    d = _dateparser_day(m[0])
    return iv.day(d) if d else None


def day_month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """3 January 2020, 3rd of Jan. 2020"""
    d = iv.safe_date(int(m[3]), _month_no(m[2]), int(m[1]))
    return iv.day(d) if d else None


def month_day_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """January 3, 2020"""
    d = iv.safe_date(int(m[3]), _month_no(m[1]), int(m[2]))
    return iv.day(d) if d else None


def part_of_month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """early December 2019: December 2019 (TIMEX3 mod START)"""
    return iv.month(int(m[3]), _month_no(m[2]))


def month_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """January 2020, June of 2019"""
    return iv.month(int(m[2]), _month_no(m[1]))


def month_spoken_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "January nineteen ninety-seven" """
    y = spoken_year(m[2])
    return iv.month(y, _month_no(m[1])) if y is not None else None


def month_of_relative_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "January this year", "June last year", "October of next year" """
    return iv.month(ctx.anchor.year + _step(m[2]), _month_no(m[1]))


def quarter(m: re.Match[str], ctx: Context) -> Reading | None:
    """the first quarter of 2008, Q3, the fourth quarter (of the article's year)"""
    if "quarter" not in m[0].lower() and not m[1].lower().startswith("q"):
        return None
    y = int(m[2]) if m[2] else ctx.anchor.year
    return iv.quarter(y, calendar_words().quarters[m[1].lower()])


def season_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """summer 2019, the winter of 2020"""
    return iv.season(calendar_words().seasons[m[1].lower()], int(m[2]))


def part_of_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """early 2020, mid-1996: the whole year (TIMEX3 mod START, MID)"""
    return iv.year(int(m[2]))


def decade(m: re.Match[str], ctx: Context) -> Reading | None:
    """the 1990s"""
    return iv.decade(int(m[1]))


def spoken(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "nineteen ninety-six", "the year two thousand", as broadcast transcripts write years"""
    words = m[1]
    if words.lower().startswith("two") and not (
        m[0].lower().startswith("the") or ctx.before in relative_words().spoken_year_cues
    ):
        return None  # "two thousand troops"
    y = spoken_year(words)
    return iv.year(y) if y is not None else None


def since_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """since 2014: from 2014 up to the article's date"""
    return iv.since(date(int(m[1]), 1, 1), ctx.anchor)


def two_digit_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """'82 (1982), the '90s (the 1990s)"""
    yy = int(m[1])
    y = 2000 + yy if 2000 + yy <= ctx.anchor.year + TWO_DIGIT_YEAR_AHEAD else 1900 + yy
    if m[2]:
        return iv.decade(y) if yy % 10 == 0 else None
    return iv.year(y)


def day_month(m: re.Match[str], ctx: Context) -> Reading | None:
    """3 January, the 3rd of January: the nearest such day, moved by the tense"""
    d = iv.day_in_year(_month_no(m[2]), int(m[1]), ctx.anchor, ctx.tense)
    return iv.day(d) if d else None


def month_day(m: re.Match[str], ctx: Context) -> Reading | None:
    """January 3, Jan. 3rd"""
    d = iv.day_in_year(_month_no(m[1]), int(m[2]), ctx.anchor, ctx.tense)
    return iv.day(d) if d else None


def year(m: re.Match[str], ctx: Context) -> Reading | None:
    """2014"""
    return iv.year(int(m[1]))


def day_word(m: re.Match[str], ctx: Context) -> Reading | None:
    """yesterday, today, tonight, tomorrow (also inside "late yesterday", "earlier today")"""
    return iv.day(ctx.anchor + timedelta(days=relative_words().day_words[m[1].lower()]))


def same_unit_a_year_before(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "fell from the same month a year ago": the month the text last named, a year back (the
    article's month when it named none); a "period" compared with a year before is, in news,
    the month being reported; "the same week" is the article's week a year back"""
    if m[1].lower() == "week":
        return iv.week_of(ctx.anchor - timedelta(days=364))  # 52 weeks: the same weekday
    named = [t.value.start for t in ctx.earlier if t.granularity == "month" and t.value is not None]
    base = named[-1] if named else ctx.anchor
    return iv.month(*iv.shift_months(base.year, base.month, -12))


def units_ago(m: re.Match[str], ctx: Context) -> Reading | None:
    """two years ago, a week or so ago, three days earlier (from the article's date)"""
    return iv.units_from(ctx.anchor, -_count(m[1]), m[2].lower(), week_as_day=True)


def units_later(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "(he was released in 2005;) two years later": counted from the time the text last gave"""
    unit = m[2].lower()
    before = _antecedent(ctx, finest=unit if unit != "week" else "day")
    if before is None or before.value is None:
        return None
    return iv.units_from(before.value.start, _count(m[1]), unit, week_as_day=True)


def past_units(m: re.Match[str], ctx: Context) -> Reading | None:
    """the past three weeks: the span up to the article's date"""
    # a month of 30 days and a year of 365: "the past two months" is a span, not calendar months
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[m[2].lower()] * _count(m[1])
    return Reading(Interval(ctx.anchor - timedelta(days=days), ctx.anchor), "span")


def earlier_later_this(m: re.Match[str], ctx: Context) -> Reading | None:
    """earlier this month, later this year, earlier in the week: the whole period (TIMEX3 mod
    START / END)"""
    return iv.period_of(m[1].lower(), ctx.anchor, 0)


def year_end(m: re.Match[str], ctx: Context) -> Reading | None:
    """year-end: the closing day of the year, the last one passed in a past clause ("since
    year-end"), else the article's year's ("by year-end")"""
    past = ctx.tense == "past" or ctx.before in ("since", "from")
    y = ctx.anchor.year - 1 if past and (ctx.anchor.month, ctx.anchor.day) != (12, 31) else ctx.anchor.year
    return iv.day(date(y, 12, 31))


def year_ago_modifier(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "year-ago results", "year-earlier income": the year before the article's"""
    return iv.year(ctx.anchor.year - 1)


def part_of_relative(m: re.Match[str], ctx: Context) -> Reading | None:
    """the end of last year, the beginning of next month: the whole period (TIMEX3 mod END, START)"""
    return iv.period_of(m[2].lower(), ctx.anchor, _step(m[1]))


def period_of_this(m: re.Match[str], ctx: Context) -> Reading | None:
    """the beginning of the year, the rest of the month, year end, year's end: the article's period"""
    return iv.period_of((m[1] or "year").lower(), ctx.anchor, 0)


def current_period(m: re.Match[str], ctx: Context) -> Reading | None:
    """the current year, the present quarter, the (current) fiscal year: the article's"""
    unit = (m[1] or m[2]).lower()
    if unit == "quarter":
        return iv.quarter(ctx.anchor.year, (ctx.anchor.month - 1) // 3 + 1)
    return iv.period_of(unit, ctx.anchor, 0)


# "the day before" read from the time last given ends its phrase ("the day before.", "the day
# after, police said"); with words after it "before" is a preposition ("the day before the
# vote", "the day after he was freed") and the day hangs on an event we cannot date.
_PHRASE_END = re.compile(r"\s*(?:[.,;:!?)\"”’]|$)")


def shifted_from_last(m: re.Match[str], ctx: Context) -> Reading | None:
    """the following year, the next day, the day before, the previous month: one unit from the
    time the text last gave (from the article's date when it gave none)"""
    if m[1]:
        unit, step = m[2].lower(), 1 if " ".join(m[1].lower().split()) in relative_words().following else -1
    else:
        unit, step = m[3].lower(), 1 if m[4].lower() in ("after", "later") else -1
        if not _PHRASE_END.match(ctx.after):
            return Reading(None, unit)  # "the day before the vote": a day we cannot place
    return _shifted_from_antecedent(unit, ctx, step)


def same_as_last(m: re.Match[str], ctx: Context) -> Reading | None:
    """that day, the same year, that time: the time the text last gave (for a day without
    one: the article's date)"""
    unit = m[1].lower()
    before = _antecedent(ctx, finest="year" if unit == "time" else unit)
    if before is None or before.value is None:
        return iv.day(ctx.anchor) if unit == "day" else None
    if unit == "time":
        return Reading(before.value, before.granularity or "day")
    return _period_around(unit, before.value.start)


def relative_unit(m: re.Match[str], ctx: Context) -> Reading | None:
    """this week, last month, next year"""
    return iv.period_of(m[2].lower(), ctx.anchor, _step(m[1]))


# "the year previous", "the day before." when spaCy's span stops at "the year" / "the day".
_SHIFT_AFTER = re.compile(r"\s+(before|after|earlier|later|previous|prior)\s*(?:[.,;:!?)\"”’]|$)", re.I)


# "the day before the vote" (a noun phrase after "before"); not "late in the day after falling
# 250 points", where a gerund clause hangs on the verb
_HANGS_ON = re.compile(r"\s+(?:before|after)\s+(?![a-z]+ing\b)\w", re.I)


def _shift_after(ctx: Context) -> int | None:
    """+1 / -1 for "the year after." / "the day before.", 0 for none, None for "the day before
    the vote" (a time that hangs on an event we cannot date)."""
    if _HANGS_ON.match(ctx.after):
        return None
    m = _SHIFT_AFTER.match(ctx.after)
    if m is None:
        return 0
    return 1 if m[1].lower() in ("after", "later") else -1


def _shifted_from_antecedent(unit: str, ctx: Context, step: int) -> Reading:
    """One unit before or after the time the text last gave (the article's date when none)."""
    before = _antecedent(ctx, finest=unit)
    base = before.value.start if before is not None and before.value is not None else ctx.anchor
    return _shifted(unit, base, step)


def the_year(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "for the year", "the full year": the year its sentence named before it ("a loss in the
    fourth quarter of 2005 and for the entire year"), else the article's year"""
    step = _shift_after(ctx)
    if step is None:
        return Reading(None, "year")  # "the year before the war"
    if step:
        return _shifted_from_antecedent("year", ctx, step)  # "the year previous"
    named = [t for t in ctx.earlier if t.start >= ctx.sentence_start and t.value is not None]
    named = [t for t in named if (t.granularity or "") in _ANTECEDENT_GRAINS]
    return iv.year(named[-1].value.start.year if named and named[-1].value else ctx.anchor.year)


def part_of_month(m: re.Match[str], ctx: Context) -> Reading | None:
    """early December, mid-November: the whole month (TIMEX3 mod START, MID), placed by the tense"""
    return iv.month(*iv.month_occurrence(_month_no(m[2]), ctx.anchor, None, ctx.tense))


def modified_month(m: re.Match[str], ctx: Context) -> Reading | None:
    """June, last July, in June, since March: the month's latest or next occurrence by the tense"""
    mod = (m[1] or "").lower()
    if m[2].lower() in ("may", "march") and (mod or ctx.before) not in relative_words().month_cues:
        return None
    if m[2][0].islower():
        return None  # "may", "march" in lower case are verbs
    modifier = mod if mod in ("last", "this", "next") else None
    y, mo = iv.month_occurrence(_month_no(m[2]), ctx.anchor, modifier, ctx.tense)
    if mod == "since":
        return iv.since(date(y, mo, 1), ctx.anchor)
    return iv.month(y, mo)


def weekday(m: re.Match[str], ctx: Context) -> Reading | None:
    """on Tuesday, last Friday, next Monday, Tuesday's; "the previous Friday", "the following
    Monday": the one before or after the day the text last gave"""
    mod = (m[1] or "").lower()
    wd = calendar_words().weekdays[m[2].lower()]
    if mod in ("previous", "following") and (before := _antecedent(ctx, finest="day")) and before.value:
        base = before.value.start
        if mod == "previous":
            return iv.day(base - timedelta(days=(base.weekday() - wd) % 7 or 7))
        return iv.day(base + timedelta(days=(wd - base.weekday()) % 7 or 7))
    modifier = "next" if mod == "following" else _direction(mod)
    return iv.day(iv.weekday_occurrence(wd, ctx.anchor, None if modifier == "this" else modifier, ctx.tense))


def season(m: re.Match[str], ctx: Context) -> Reading | None:
    """last summer, this winter, in the spring"""
    mod = _direction((m[1] or "").lower()) or ""
    first, last = months = calendar_words().seasons[m[2].lower()]
    a = ctx.anchor
    y = a.year
    if mod == "last" or (not mod and ctx.tense != "future"):
        y = a.year if first < a.month else a.year - 1
        if mod == "last" and first <= a.month <= last:
            y = a.year - 1
    elif mod == "next" or ctx.tense == "future":
        y = a.year if first > a.month else a.year + 1
    return iv.season(months, y)


def the_day(m: re.Match[str], ctx: Context) -> Reading | None:
    """ "later in the day", "to end the day", now: the day the text last gave, else the article's"""
    if m[0].lower() == "now":
        return iv.day(ctx.anchor)
    step = _shift_after(ctx)
    if step is None:
        return Reading(None, "day")  # "the day before the vote"
    if step:
        return _shifted_from_antecedent("day", ctx, step)  # "the day before."
    before = _antecedent(ctx, finest="day")
    return iv.day(before.value.start if before is not None and before.value is not None else ctx.anchor)


_UNIT = "(day|week|month|year)"

RULES: tuple[TimeRule, ...] = (
    # lengths first: "in five years" in a future clause is a date, "five years" a duration
    TimeRule(
        "units-from-now",
        r"^(in\s+|within\s+)?({N}|an?|one)\s+" + _UNIT + r"s?(?:['’]?\s*time)?$",
        units_from_now,
    ),
    TimeRule(
        "duration",
        r"^(?:{LEAD}\s+)*(?:\d+|{N}|an?|{DCOUNT})\s*(?:-|\s)?(?:day|week|month|year|decade|hour|minute)s?"
        r"(?:-long|\s+long)?$",
        duration,
        absolute=True,
    ),
    # absolute dates: the year is written
    TimeRule("iso-date", r"\b({Y})-(\d\d)-(\d\d)\b", iso_date, absolute=True),
    TimeRule(
        "numeric-date",
        r"\b(?:\d{{1,2}}[/.]\d{{1,2}}[/.](?:\d{{4}}|\d\d)|{Y}/\d{{1,2}}/\d{{1,2}})\b",
        numeric_date,
        absolute=True,
    ),
    TimeRule(
        "day-month-year",
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({M})\.?,?\s+({Y})\b",
        day_month_year,
        absolute=True,
    ),
    TimeRule(
        "month-day-year",
        r"\b({M})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({Y})\b",
        month_day_year,
        absolute=True,
    ),
    TimeRule("part-of-month-year", r"\b({P})[- ]({M})\.?,?\s+({Y})\b", part_of_month_year, absolute=True),
    TimeRule("month-year", r"\b({M})\.?,?\s+(?:of\s+)?({Y})\b", month_year, absolute=True),
    TimeRule("month-spoken-year", r"\b({M})\.?,?\s+(?:of\s+)?({SPOKEN})\b", month_spoken_year, absolute=True),
    TimeRule("month-of-relative-year", r"\b({M})\.?,?\s+(?:of\s+)?({STEP})\s+year\b", month_of_relative_year),
    TimeRule("quarter", r"\b(?:the\s+)?({Q})\s*(?:quarter)?(?:\s+of)?\s*({Y})?", quarter),
    TimeRule("season-year", r"\b({S})\s+(?:of\s+)?({Y})\b", season_year, absolute=True),
    TimeRule("part-of-year", r"\b({P})[- ]({Y})\b", part_of_year, absolute=True),
    TimeRule("decade", r"\b(?:the\s+)?((?:1[89]|20)\d0)'?s\b", decade, absolute=True),
    TimeRule("spoken-year", r"(?:\bthe\s+year\s+)?\b({SPOKEN})\b", spoken, absolute=True),
    TimeRule("since-year", r"\bsince\s+({Y})\b", since_year),
    TimeRule("two-digit-year", r"(?<![\w'’])['’](\d\d)(s)?\b", two_digit_year),
    # a day or month of the article's year, or the nearest one
    TimeRule("day-month", r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({M})\b", day_month),
    TimeRule("month-day", r"\b({M})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{{4}})", month_day),
    TimeRule("year", r"(?<![\d-])({Y})(?![\d-])", year, absolute=True),
    # relative to the article's date
    TimeRule("day-word", r"\b({DAYW})\b", day_word),
    TimeRule(
        "same-unit-a-year-before",
        r"\bthe\s+same\s+(month|period|week)\s+(?:a\s+year\s+(?:ago|earlier|before)|(?:of\s+)?last\s+year"
        r"|(?:of\s+)?the\s+previous\s+year)\b",
        same_unit_a_year_before,
    ),
    TimeRule(
        "units-ago",
        r"\b({N}|an?|one)\s+(day|week|month|year|decade)s?\s+(?:or\s+so\s+)?(?:ago|earlier|before)\b",
        units_ago,
    ),
    TimeRule("units-later", r"\b({N}|an?|one)\s+" + _UNIT + r"s?\s+later\b", units_later),
    TimeRule("past-units", r"\b(?:the\s+)?(?:past|last|previous)\s+({N})\s+" + _UNIT + r"s\b", past_units),
    TimeRule(
        "earlier-later-this",
        r"\b(?:earlier|later)\s+(?:this|in\s+the)\s+(week|month|year)\b",
        earlier_later_this,
    ),
    TimeRule("year-end", r"\byear-end\b", year_end),
    TimeRule("year-ago-modifier", r"\byear-(?:ago|earlier)\b", year_ago_modifier),
    TimeRule(
        "part-of-relative",
        r"\b(?:{PP})\s+of\s+({STEP}|the\s+past|the\s+previous)\s+(week|month|year)\b",
        part_of_relative,
    ),
    TimeRule(
        "period-of-this",
        r"\b(?:{PP})\s+of\s+the\s+(week|month|year)\b|\byear(?:['’]s)?\s+end\b",
        period_of_this,
    ),
    TimeRule(
        "current-period",
        r"\b(?:current|present)\s+(?:fiscal\s+|calendar\s+)?(week|month|year|quarter)\b|\b(?:the|this)\s+fiscal\s+(year)\b",
        current_period,
    ),
    # relative to the time the text last gave
    TimeRule(
        "shifted-from-last",
        r"\b({FOLLOW}|{PRECEDE})\s+"
        + _UNIT
        + r"\b|\bthe\s+"
        + _UNIT
        + r"\s+(before|after|earlier|later|previous|prior)\b",
        shifted_from_last,
    ),
    TimeRule("same-as-last", r"\b(?:{SAME})\s+(day|week|month|year|time)\b", same_as_last),
    TimeRule("relative-unit", r"\b({STEP})\s+(week|month|year)\b", relative_unit),
    TimeRule("the-year", r"\bthe\s+(?:full\s+|entire\s+|whole\s+)?year\b(?!\s*-)", the_year),
    # a month, weekday or season without a year, placed by the tense
    TimeRule("part-of-month", r"\b({P})[- ]({M})\b", part_of_month),
    TimeRule(
        "modified-month", r"\b(last|this|next|in|since|by|until|of)?\s*({M})\b(?!\s*\d)", modified_month
    ),
    TimeRule("weekday", r"\b({STEP}|on|following)?\s*({W})(?:['’]s)?\b", weekday),
    TimeRule("season", r"\b({STEP})?\s*({S})\b", season),
    TimeRule("the-day", r"\bthe\s+day\b|^now$", the_day),
)
