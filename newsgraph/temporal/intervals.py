"""Calendar arithmetic of the time stage: the interval of a day, week, month, quarter, season,
year or decade, and the occurrence of a month, weekday or day named without its year.

A value can fall outside the years `datetime.date` holds (1..9999): "2100 years ago" in a
text of 2020, "in 9,000 years". Such arithmetic raises ValueError or OverflowError here, and
rules.read turns exactly those two into "no value"; `safe_date` is for the one case that is
not an edge but a reading to reject: a day the month does not have ("February 30").
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from newsgraph.model import Interval


@dataclass(frozen=True, slots=True)
class Reading:
    """What a rule reads in a time expression: its interval (None for a duration) and grain."""

    interval: Interval | None
    granularity: str


def day(d: date) -> Reading:
    return Reading(Interval(d, d), "day")


def month(y: int, m: int) -> Reading:
    return Reading(Interval(date(y, m, 1), month_end(y, m)), "month")


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def year(y: int) -> Reading:
    return Reading(Interval(date(y, 1, 1), date(y, 12, 31)), "year")


def week_of(d: date) -> Reading:
    monday = d - timedelta(days=d.weekday())
    return Reading(Interval(monday, monday + timedelta(days=6)), "week")


def quarter(y: int, q: int) -> Reading:
    return Reading(Interval(date(y, 3 * q - 2, 1), month_end(y, 3 * q)), "quarter")


def decade(first_year: int) -> Reading:
    return Reading(Interval(date(first_year, 1, 1), date(first_year + 9, 12, 31)), "decade")


def season(months: tuple[int, int], y: int) -> Reading:
    """A season starting in year `y` (winter runs into the next year)."""
    first, last = months
    return Reading(Interval(date(y, first, 1), month_end(y + 1 if last < first else y, last)), "season")


def since(start: date, anchor: date) -> Reading | None:
    """From `start` up to the article's date; None when `start` lies after it."""
    return Reading(Interval(start, anchor), "since") if start <= anchor else None


# A part of a period this long or longer (a season, quarter, year) is given in whole months:
# 58 days is shorter than any two calendar months (January-February: 59), so a month is
# divided in days and anything of two months or more in months ("early 2020" = January-April).
WHOLE_MONTHS_FROM_DAYS = 58


def part(whole: Interval, share: tuple[float, float]) -> Interval:
    """The share of a period an event dated "early", "mid" or "late" in it lies in."""
    a, b = share
    length = (whole.end - whole.start).days + 1
    if length < WHOLE_MONTHS_FROM_DAYS:
        start = whole.start + timedelta(days=int(length * a))
        return Interval(start, whole.start + timedelta(days=max(int(length * b) - 1, int(length * a))))
    months = 12 * (whole.end.year - whole.start.year) + whole.end.month - whole.start.month + 1
    y0, m0 = shift_months(whole.start.year, whole.start.month, round(months * a))
    y1, m1 = shift_months(whole.start.year, whole.start.month, max(round(months * b) - 1, round(months * a)))
    return Interval(date(y0, m0, 1), month_end(y1, m1))


def shift_months(y: int, m: int, delta: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + delta
    return k // 12, k % 12 + 1


def units_from(anchor: date, n: int, unit: str, week_as_day: bool) -> Reading:
    """The day, week, month, year or decade `n` units from the anchor ("two years ago": n=-2).
    TimeML names the day for "a week ago", the week for "in a week"."""
    if unit == "day":
        return day(anchor + timedelta(days=n))
    if unit == "week":
        moved = anchor + timedelta(weeks=n)
        return day(moved) if week_as_day else week_of(moved)
    if unit == "month":
        return month(*shift_months(anchor.year, anchor.month, n))
    if unit == "year":
        return year(anchor.year + n)
    return year(anchor.year + 10 * n)


def period_of(unit: str, anchor: date, step: int) -> Reading:
    """The week, month or year of the anchor, `step` of them away ("last month": step -1)."""
    if unit == "week":
        return week_of(anchor + timedelta(weeks=step))
    if unit == "month":
        return month(*shift_months(anchor.year, anchor.month, step))
    return year(anchor.year + step)


def safe_date(y: int, m: int, d: int) -> date | None:
    """The date, or None for a day the month does not have or a year out of range."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


# -- the occurrence of a month, weekday or day named without a year ----------------------------

# A day named without a year is the nearest such day; only a clear tense moves it to the
# previous or next year when the nearest one lies more than this many days on the wrong side.
# Swept 0-180 on the public halves of TempEval-3 TimeBank and MEANTIME (value right): 0 and 7
# give 0.924, 15 0.931, 30-90 0.937, 120 0.935, 180 0.931; 30 is the smallest of the best.
TENSE_OVERRIDE_DAYS = 30


def month_occurrence(month_no: int, anchor: date, modifier: str | None, tense: str) -> tuple[int, int]:
    """The year of a month named without one: "last July", "in June", "next March".
    "last <month>" follows newsroom usage: the month just past is "last month", so in an
    early-August article "last July" is July of the year before and "last June" is this June."""
    y = anchor.year
    if modifier == "this":
        return y, month_no
    if modifier == "next" or (modifier is None and tense == "future"):
        ahead = month_no > anchor.month or (modifier is None and month_no == anchor.month)
        return (y, month_no) if ahead else (y + 1, month_no)
    if modifier is None and not tense:
        # no tense to go by: the nearest occurrence ("October" in a June article is this October)
        return min(
            ((yy, month_no) for yy in (y - 1, y, y + 1)),
            key=lambda ym: (abs((ym[0] * 12 + ym[1]) - (y * 12 + anchor.month)), -ym[0]),
        )
    # past: the most recent occurrence not after the anchor month ("in June" in August = this June)
    last = modifier == "last"
    year_ = y if month_no <= anchor.month and not (last and month_no == anchor.month) else y - 1
    if last and (anchor.year * 12 + anchor.month) - (year_ * 12 + month_no) == 1:
        year_ -= 1  # the month just past is "last month": "last July" in August means a year earlier
    return year_, month_no


def weekday_occurrence(weekday: int, anchor: date, modifier: str | None, tense: str) -> date:
    """The date of a weekday named without a date: "on Tuesday", "last Friday", "next Monday"."""
    if modifier is None and weekday == anchor.weekday():
        return anchor  # wire copy names the day of publication by its weekday ("on Monday")
    if modifier == "next" or (modifier is None and tense == "future"):
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    back = (anchor.weekday() - weekday) % 7
    if modifier == "last":
        return anchor - timedelta(days=back or 7)
    if modifier is None and not tense:
        ahead = (weekday - anchor.weekday()) % 7
        if 0 < ahead < back:  # no tense to go by: "Wednesday" in a Tuesday story is tomorrow
            return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


def day_in_year(month_no: int, day_no: int, anchor: date, tense: str) -> date | None:
    """The date of "March 3" without a year: the nearest one, moved a year by a clear tense."""
    options = [d for d in (safe_date(anchor.year + k, month_no, day_no) for k in (-1, 0, 1)) if d]
    if not options:
        return None
    d = min(options, key=lambda x: abs((x - anchor).days))
    if tense == "past" and (d - anchor).days > TENSE_OVERRIDE_DAYS:
        d = safe_date(d.year - 1, month_no, day_no) or d
    elif tense == "future" and (anchor - d).days > TENSE_OVERRIDE_DAYS:
        d = safe_date(d.year + 1, month_no, day_no) or d
    return d
