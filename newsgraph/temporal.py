"""temporal (the "time" stage): time expressions -> intervals anchored on `published`.

Candidates are spaCy's DATE entities plus our own patterns (weekdays, months, relative
words) that the small model misses. Each candidate is normalised by the first rule that
matches it (rules below, in order; words in data/time/words.yaml). Underspecified
expressions are resolved against the publication date with the tense of the verb that
governs them: in a past-tense clause "on Tuesday" is the most recent Tuesday, in a future
clause the next one. "last <month>" follows newsroom usage: the month just past is "last
month", so in an early-August article "last July" is July of the year before and "last June"
is this June.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from newsgraph.lexicons import load_yaml
from newsgraph.model import Interval, TimeExpr
from newsgraph.nlp import doc_text, sent_of


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    parts: dict[str, tuple[float, float]]  # "early" -> first third of the period


@functools.cache
def _words() -> _Words:
    d = load_yaml("time/words.yaml")
    return _Words(
        months={k: int(v) for k, v in d["months"].items()},
        weekdays={k: int(v) for k, v in d["weekdays"].items()},
        numbers={k: int(v) for k, v in d["numbers"].items()},
        seasons={k: (int(v[0]), int(v[1])) for k, v in d["seasons"].items()},
        parts={k: (float(v[0]), float(v[1])) for k, v in d["parts"].items()},
    )


@functools.cache
def _alternation(kind: str) -> str:
    w = _words()
    names = {
        "month": w.months,
        "weekday": w.weekdays,
        "number": w.numbers,
        "season": w.seasons,
        "part": w.parts,
    }[kind]
    return "(?:" + "|".join(sorted((re.escape(k) for k in names), key=len, reverse=True)) + ")"


# -- intervals ----------------------------------------------------------------------------------


def _day(d: date) -> tuple[Interval, str]:
    return Interval(d, d), "day"


def _month(y: int, m: int) -> tuple[Interval, str]:
    return Interval(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])), "month"


def _year(y: int) -> tuple[Interval, str]:
    return Interval(date(y, 1, 1), date(y, 12, 31)), "year"


def _week_of(d: date) -> tuple[Interval, str]:
    monday = d - timedelta(days=d.weekday())
    return Interval(monday, monday + timedelta(days=6)), "week"


def _shift_months(y: int, m: int, delta: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + delta
    return k // 12, k % 12 + 1


def _part(iv: Interval, part: str) -> Interval:
    """The early/mid/late part of an interval, in whole days."""
    a, b = _words().parts[part]
    span = (iv.end - iv.start).days + 1
    start = iv.start + timedelta(days=int(span * a))
    end = iv.start + timedelta(days=max(int(span * b) - 1, 0))
    if (iv.end - iv.start).days >= 58:  # a season, quarter or year: whole months
        # parts of a year are whole months: early 2020 = Jan-Apr
        months = 12 * (iv.end.year - iv.start.year) + iv.end.month - iv.start.month + 1
        m0 = round(months * a)
        m1 = round(months * b)
        y0, mo0 = _shift_months(iv.start.year, iv.start.month, m0)
        y1, mo1 = _shift_months(iv.start.year, iv.start.month, m1 - 1)
        return Interval(date(y0, mo0, 1), date(y1, mo1, calendar.monthrange(y1, mo1)[1]))
    return Interval(start, end)


# -- resolution of underspecified months and weekdays ---------------------------------------


def _month_occurrence(month: int, anchor: date, modifier: str | None, tense: str) -> tuple[int, int]:
    """The year of a month named without one, e.g. "last July", "in June", "next March"."""
    y = anchor.year
    if modifier == "this":
        return y, month
    if modifier == "next" or (modifier is None and tense == "future"):
        ahead = month > anchor.month or (modifier is None and month == anchor.month)
        return (y, month) if ahead else (y + 1, month)
    if modifier is None and not tense:
        # no tense to go by: the nearest occurrence ("October" in a June article is this October)
        return min(
            ((yy, month) for yy in (y - 1, y, y + 1)),
            key=lambda ym: (abs((ym[0] * 12 + ym[1]) - (y * 12 + anchor.month)), -ym[0]),
        )
    # past: the most recent occurrence not after the anchor month ("in June" in August = this June)
    year = y if month <= anchor.month and not (modifier == "last" and month == anchor.month) else y - 1
    if modifier == "last" and (anchor.year * 12 + anchor.month) - (year * 12 + month) == 1:
        year -= 1  # the month just past is "last month": "last July" in August means a year earlier
    return year, month


def _weekday_occurrence(weekday: int, anchor: date, modifier: str | None, tense: str) -> date:
    if modifier is None and weekday == anchor.weekday():
        return anchor  # wire copy names the day of publication by its weekday ("on Monday")
    if modifier == "next" or (modifier is None and tense == "future"):
        delta = (weekday - anchor.weekday()) % 7 or 7
        return anchor + timedelta(days=delta)
    back = (anchor.weekday() - weekday) % 7
    if modifier == "last":
        return anchor - timedelta(days=back or 7)
    if modifier is None and not tense:
        ahead = (weekday - anchor.weekday()) % 7
        if 0 < ahead < back:  # no tense to go by: "Wednesday" in a Tuesday story is tomorrow
            return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


# -- rules -----------------------------------------------------------------------------------------

# tense of the clause: "past", "future" or "" (present or unknown: the nearest occurrence wins)
Rule = Callable[[re.Match[str], date, str], tuple[Interval, str] | None]
_RULES: list[tuple[str, re.Pattern[str], Rule]] = []


def _rule(name: str, pattern: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        _RULES.append((name, re.compile(pattern.format(**_PIECES()), re.IGNORECASE), fn))
        return fn

    return register


@functools.cache
def _PIECES() -> dict[str, str]:  # a constant, computed once from the data file
    return {
        "M": _alternation("month"),
        "W": _alternation("weekday"),
        "N": r"(?:\d+|" + _alternation("number")[3:-1] + ")",
        "S": _alternation("season"),
        "P": _alternation("part"),
        "Y": r"(?:1[89]\d\d|20\d\d)",
    }


def _num(text: str) -> int:
    t = text.lower()
    return int(t) if t.isdigit() else _words().numbers[t]


def _mon(text: str) -> int:
    return _words().months[text.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _register_rules() -> None:
    @_rule("iso-date", r"\b({Y})-(\d\d)-(\d\d)\b")
    def iso(m, anchor, tense):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return _day(d) if d else None

    @_rule("day-month-year", r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({M})\.?,?\s+({Y})\b")
    def dmy(m, anchor, tense):
        d = _safe_date(int(m[3]), _mon(m[2]), int(m[1]))
        return _day(d) if d else None

    @_rule("month-day-year", r"\b({M})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({Y})\b")
    def mdy(m, anchor, tense):
        d = _safe_date(int(m[3]), _mon(m[1]), int(m[2]))
        return _day(d) if d else None

    @_rule("part-of-month-year", r"\b({P})[- ]({M})\.?,?\s+({Y})\b")
    def part_month_year(m, anchor, tense):
        iv, _ = _month(int(m[3]), _mon(m[2]))
        return _part(iv, m[1].lower()), "month-part"

    @_rule("month-year", r"\b({M})\.?,?\s+(?:of\s+)?({Y})\b")
    def month_year(m, anchor, tense):
        return _month(int(m[2]), _mon(m[1]))

    @_rule(
        "quarter",
        r"\b(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|q[1-4])\s*(?:quarter)?"
        r"(?:\s+of)?\s*({Y})?",
    )
    def quarter(m, anchor, tense):
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}.get(
            m[1].lower()
        ) or int(m[1][1])
        if "quarter" not in m[0].lower() and not m[1].lower().startswith("q"):
            return None
        y = int(m[2]) if m[2] else anchor.year
        return Interval(date(y, 3 * q - 2, 1), _month(y, 3 * q)[0].end), "quarter"

    @_rule("season-year", r"\b({S})\s+(?:of\s+)?({Y})\b")
    def season_year(m, anchor, tense):
        return _season(m[1], int(m[2]))

    @_rule("part-of-year", r"\b({P})[- ]({Y})\b")
    def part_year(m, anchor, tense):
        return _part(_year(int(m[2]))[0], m[1].lower()), "year-part"

    @_rule("decade", r"\b(?:the\s+)?((?:1[89]|20)\d0)'?s\b")
    def decade(m, anchor, tense):
        y = int(m[1])
        return Interval(date(y, 1, 1), date(y + 9, 12, 31)), "decade"

    @_rule("since-year", r"\bsince\s+({Y})\b")
    def since_year(m, anchor, tense):
        return Interval(date(int(m[1]), 1, 1), anchor), "since"

    @_rule("day-month", r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({M})\b")
    def day_month(m, anchor, tense):
        return _day_in_year(_mon(m[2]), int(m[1]), anchor, tense)

    @_rule("month-day", r"\b({M})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{{4}})")
    def month_day(m, anchor, tense):
        return _day_in_year(_mon(m[1]), int(m[2]), anchor, tense)

    @_rule("year", r"(?<![\d-])({Y})(?![\d-])")
    def year(m, anchor, tense):
        return _year(int(m[1]))

    @_rule("yesterday-today-tomorrow", r"\b(yesterday|today|tonight|tomorrow)\b")
    def ytt(m, anchor, tense):
        return _day(anchor + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(m[1].lower(), 0)))

    @_rule(
        "same-unit-a-year-before",
        r"\bthe\s+same\s+(month|period|week)\s+(?:a\s+year\s+(?:ago|earlier|before)|(?:of\s+)?last\s+year"
        r"|(?:of\s+)?the\s+previous\s+year)\b",
    )
    def same_unit_year_before(m, anchor, tense):
        # "sales fell from the same month a year ago": the anchor's month (or week) one year
        # back; a "period" compared with a year before is, in news, the month being reported
        if m[1].lower() == "week":
            return _week_of(anchor - timedelta(days=364))
        y, mo = _shift_months(anchor.year, anchor.month, -12)
        return _month(y, mo)

    @_rule("units-ago", r"\b({N}|an?|one)\s+(day|week|month|year|decade)s?\s+(ago|earlier|before)\b")
    def ago(m, anchor, tense):
        return _units_from(anchor, -_count(m[1]), m[2].lower(), week_as_day=True)

    @_rule("units-later", r"\bin\s+({N}|an?|one)\s+(day|week|month|year)s?(?:'|’)?\s*(?:time)?\b")
    def later(m, anchor, tense):
        if tense != "future":
            return None
        return _units_from(anchor, _count(m[1]), m[2].lower(), week_as_day=False)

    @_rule("past-units", r"\b(?:the\s+)?(?:past|last|previous)\s+({N})\s+(day|week|month|year)s\b")
    def past_units(m, anchor, tense):
        n = _num(m[1])
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[m[2].lower()] * n
        return Interval(anchor - timedelta(days=days), anchor), "span"

    @_rule("earlier-later-this", r"\b(earlier|later)\s+(?:this|in\s+the)\s+(week|month|year)\b")
    def earlier_this(m, anchor, tense):
        unit = m[2].lower()
        whole = {
            "week": _week_of(anchor)[0],
            "month": _month(anchor.year, anchor.month)[0],
            "year": _year(anchor.year)[0],
        }[unit]
        if m[1].lower() == "earlier":
            return Interval(whole.start, anchor), unit
        return Interval(anchor, whole.end), unit

    @_rule(
        "part-of-relative",
        r"\b(beginning|start|end|middle)\s+of\s+(last|this|next|the\s+past|the\s+previous)\s+(week|month|year)\b",
    )
    def part_of_relative(m, anchor, tense):
        step = {"last": -1, "this": 0, "next": 1}.get(m[2].lower().split()[-1], -1)
        unit = m[3].lower()
        if unit == "week":
            whole = _week_of(anchor + timedelta(weeks=step))[0]
        elif unit == "month":
            whole = _month(*_shift_months(anchor.year, anchor.month, step))[0]
        else:
            # TIMEX3 annotates "the end of last year" as that year (with an END modifier)
            return _year(anchor.year + step)
        part = {"beginning": "early", "start": "early", "middle": "mid", "end": "late"}[m[1].lower()]
        return _part(whole, part), f"{unit}-part"

    @_rule("period-of-this", r"\b(?:beginning|start|end|middle|rest|course)\s+of\s+the\s+(week|month|year)\b")
    def period_of_this(m, anchor, tense):
        # "the beginning of the year" (TimeML: the year, with a START modifier)
        unit = m[1].lower()
        if unit == "week":
            return _week_of(anchor)
        if unit == "month":
            return _month(anchor.year, anchor.month)
        return _year(anchor.year)

    @_rule("relative-unit", r"\b(this|last|next|past|previous|coming)\s+(week|month|year)\b")
    def relative_unit(m, anchor, tense):
        mod, unit = m[1].lower(), m[2].lower()
        step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[mod]
        if unit == "week":
            return _week_of(anchor + timedelta(weeks=step))
        if unit == "month":
            y, mo = _shift_months(anchor.year, anchor.month, step)
            return _month(y, mo)
        return _year(anchor.year + step)

    @_rule("part-of-month", r"\b({P})[- ]({M})\b")
    def part_month(m, anchor, tense):
        y, mo = _month_occurrence(_mon(m[2]), anchor, None, tense)
        return _part(_month(y, mo)[0], m[1].lower()), "month-part"

    @_rule("modified-month", r"\b(last|this|next|in|since|by|until|of)?\s*({M})\b(?!\s*\d)")
    def modified_month(m, anchor, tense):
        mod = (m[1] or "").lower()
        if m[2].lower() in ("may", "march") and not mod:
            return None  # "may", "march" alone are verbs more often than months
        if m[2][0].islower():
            return None
        modifier = mod if mod in ("last", "this", "next") else None
        y, mo = _month_occurrence(_mon(m[2]), anchor, modifier, tense)
        if mod == "since":
            return Interval(date(y, mo, 1), anchor), "since"
        return _month(y, mo)

    @_rule("weekday", r"\b(last|this|next|on|coming)?\s*({W})(?:['’]s)?\b")
    def weekday(m, anchor, tense):
        mod = (m[1] or "").lower()
        modifier = mod if mod in ("last", "next") else ("next" if mod == "coming" else None)
        return _day(_weekday_occurrence(_words().weekdays[m[2].lower()], anchor, modifier, tense))

    @_rule("season", r"\b(last|this|next)?\s*({S})\b")
    def season(m, anchor, tense):
        mod = (m[1] or "").lower()
        first, _last = _words().seasons[m[2].lower()]
        y = anchor.year
        if mod == "last" or (not mod and tense != "future"):
            y = anchor.year if first < anchor.month else anchor.year - 1
            if mod == "last" and first <= anchor.month <= _last:
                y = anchor.year - 1
        elif mod == "next" or tense == "future":
            y = anchor.year if first > anchor.month else anchor.year + 1
        return _season(m[2], y)


def _register_late_rules() -> None:
    @_rule("the-day", r"\b(?:the|that)\s+(?:same\s+)?day\b|^now$")
    def the_day(m, anchor, tense):
        return _day(anchor)  # "the day", "the same day": in news copy, the day reported on


def _count(word: str) -> int:
    return 1 if word.lower() in ("a", "an", "one") else _num(word)


def _units_from(anchor: date, n: int, unit: str, week_as_day: bool) -> tuple[Interval, str]:
    """The day, week, month, year or decade `n` units from the anchor ("two years ago": n=-2).
    TimeML names the day for "a week ago", the week for "in a week"."""
    if unit == "day":
        return _day(anchor + timedelta(days=n))
    if unit == "week":
        moved = anchor + timedelta(weeks=n)
        return _day(moved) if week_as_day else _week_of(moved)
    if unit == "month":
        return _month(*_shift_months(anchor.year, anchor.month, n))
    if unit == "year":
        return _year(anchor.year + n)
    return _year(anchor.year + 10 * n)


def _season(name: str, y: int) -> tuple[Interval, str]:
    first, last = _words().seasons[name.lower()]
    end_year = y + 1 if last < first else y
    return Interval(date(y, first, 1), _month(end_year, last)[0].end), "season"


# A day named without a year is the nearest such day; only a clear tense moves it to the
# previous or next year when the nearest one lies more than this many days on the wrong side.
TENSE_OVERRIDE_DAYS = 30


def _day_in_year(month: int, day: int, anchor: date, tense: str) -> tuple[Interval, str] | None:
    options = [d for d in (_safe_date(anchor.year + k, month, day) for k in (-1, 0, 1)) if d]
    if not options:
        return None
    d = min(options, key=lambda x: abs((x - anchor).days))
    if tense == "past" and (d - anchor).days > TENSE_OVERRIDE_DAYS:
        d = _safe_date(d.year - 1, month, day) or d
    elif tense == "future" and (anchor - d).days > TENSE_OVERRIDE_DAYS:
        d = _safe_date(d.year + 1, month, day) or d
    return _day(d)


# -- durations --------------------------------------------------------------------------------

_DURATION = re.compile(
    r"^(?:for\s+|about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|some\s+|the\s+|a\s+)*"
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"several|few|many|a\s+few)\s*(?:-|\s)?(?:day|week|month|year|decade|hour|minute)s?(?:-long|\s+long)?$",
    re.IGNORECASE,
)


def normalise(
    text: str, anchor: date | None, tense: str = ""
) -> tuple[Interval | None, str | None, str | None]:
    """(interval, granularity, rule name) of a time expression; (None, ...) when it has none.
    `tense` is the tense of its clause: "past", "future" or "" (unknown)."""
    if not _RULES:
        _register_rules()
        _register_late_rules()
    if _DURATION.match(text.strip()):
        return None, "duration", "duration"
    if anchor is None:
        # only absolute expressions can be resolved without a publication date
        for name, pattern, fn in _RULES:
            if name in ("iso-date", "day-month-year", "month-day-year", "month-year", "year", "decade"):
                m = pattern.search(text)
                if m and (res := fn(m, date(2000, 1, 1), tense)):
                    return res[0], res[1], name
        return None, None, None
    for name, pattern, fn in _RULES:
        m = pattern.search(text)
        if not m:
            continue
        res = fn(m, anchor, tense)
        if res is not None:
            return res[0], res[1], name
    return None, None, None


# -- finding time expressions ----------------------------------------------------------------


@functools.cache
def _finder(ignore_case: bool = True) -> re.Pattern[str]:
    """Expressions the small model does not label DATE (weekdays, months, bare years, relative
    words), and the parts of a DATE span that lists several ("between 2014 and 2016").

    The pattern is written in lower case; searching lower-cased text without IGNORECASE finds
    the same spans about twice as fast (measured on 300 Reuters articles: 0.17 s against 0.32 s)."""
    p = _PIECES()
    return re.compile(
        r"\b(?:(?:last|this|next|on|coming)\s+)?{W}(?:['’]s)?(?:,?\s+{M}\.?\s+\d{{1,2}}(?:,?\s+{Y})?)?\b"
        r"|\b(?:(?:last|this|next|early|mid|late|in)\s+|(?:early|mid|late)-)?(?:\d{{1,2}}\s+)?{M}\.?"
        r"(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+{Y})?\b"
        r"|\b(?:yesterday|today|tomorrow|tonight)\b"
        r"|\b(?:this|last|next|past|previous)\s+(?:week|month|year)\b"
        r"|\b(?:{N}|an?)\s+(?:day|week|month|year)s?\s+ago\b"
        r"|(?<![\d,.$£€-])(?:1[89]\d\d|20\d\d)(?![\d%])".format(**p),
        re.IGNORECASE if ignore_case else 0,
    )


def _find_times(text: str) -> Iterator[re.Match[str]]:
    lowered = text.lower()
    if len(lowered) == len(text):  # offsets carry over (not so for "İ", which lowers to two chars)
        return _finder(ignore_case=False).finditer(lowered)
    return _finder().finditer(text)


def _candidate_spans(doc: Doc) -> list[tuple[int, int]]:
    """spaCy's DATE/TIME spans, split where they hold several of our matches, plus our matches."""
    text = doc_text(doc)
    found = []
    for m in _find_times(text):
        s, e = _trim_match(text, m.start(), m.end())
        word = text[s:e].split()[-1].lower().rstrip(".")
        if text[s:e][:1].islower() and word in _words().months:
            continue  # "may", "march" in lower case are verbs
        if word in ("may", "march") and m.group(0).lower() == word:
            continue  # a capitalised "May" alone opens sentences too often; "in May" is kept
        found.append((s, e))
    spans = []
    ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    for a, b in ents:
        inside = [(s, e) for s, e in found if a <= s and e <= b]
        if len(inside) >= 2 and re.search(r"\b(and|to|or|through|until)\b|[-–]", text[a:b]):
            spans.extend(inside)  # "between 2014 and 2016": two times
        else:
            spans.append(
                (
                    min([a, *[s for s, e in found if s < b and a < e]]),
                    max([b, *[e for s, e in found if s < b and a < e]]),
                )
            )
    for s, e in found:
        if not any(s < b and a < e for a, b in spans):
            spans.append((s, e))
    return sorted({piece for a, b in spans for piece in _lines_of(text, a, b)})


def _lines_of(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A span cut at line breaks: a time expression never runs from a headline into a dateline."""
    pieces, start = [], a
    for m in re.finditer(r"\n", text[a:b]):
        pieces.append((start, a + m.start()))
        start = a + m.end()
    pieces.append((start, b))
    return [(x, y) for x, y in pieces if text[x:y].strip()]


def find_times(doc: Doc, published: date | None) -> tuple[TimeExpr, ...]:
    """Every time expression of the text with the interval it denotes."""
    text = doc_text(doc)
    out = []
    for s, e in _candidate_spans(doc):
        s, e = _strip_edges(text, s, e)
        if s >= e:
            continue
        expr = text[s:e]
        value, granularity, rule = normalise(expr, published, _tense(doc, s, e))
        if value is None and granularity is None and not re.search(r"\d|day|week|month|year", expr, re.I):
            continue  # "the season", "recently": no value and not a duration either
        if rule == "same-unit-a-year-before" and granularity == "month":
            value = _same_month_before(out) or value
        out.append(TimeExpr(s, e, expr, value, granularity, rule))
    return tuple(out)


def _same_month_before(earlier: list[TimeExpr]) -> Interval | None:
    """ "Sales in January fell 5 % from the same month a year ago": the month the text last
    named, a year back (the publication month only when the text named none)."""
    named = [t for t in earlier if t.granularity == "month" and t.value is not None]
    if not named:
        return None
    month = named[-1].value.start
    y, mo = _shift_months(month.year, month.month, -12)
    return _month(y, mo)[0]


def _trim_match(text: str, s: int, e: int) -> tuple[int, int]:
    m = re.match(r"(?:on|in)\s+", text[s:e], re.IGNORECASE)
    return (s + m.end(), e) if m else (s, e)


def _strip_edges(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\n,.;:'\"“”‘’()":
        s += 1
    while e > s and text[e - 1] in " \t\n,;:'\"“”‘’()":
        e -= 1
    while e > s and text[e - 1] == "." and not re.search(r"\b[A-Z][a-z]{1,3}\.$", text[s:e]):
        e -= 1
    return s, e


_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
_MODALS = frozenset({"should", "would", "could", "might", "may", "must", "to"})
_FUTURE_HEADS = frozenset({"plan", "schedule", "expect", "due", "set", "aim", "intend", "hope", "going"})


def _tense(doc: Doc, start: int, end: int) -> str:
    """Tense of the clause of a time expression: "future" ("will elect ... on Wednesday"),
    "past" ("said on Tuesday") or "" (present, or no verb found)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return ""
    verb = _governing_verb(span)
    if verb is None:
        return ""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & _FUTURE_AUX or verb.lemma_ in _FUTURE_HEADS or verb.head.lemma_ in _FUTURE_HEADS:
        return "future"
    if auxes & _MODALS and "have" not in auxes:
        return "future"  # "should be completed in October", "would meet on Friday"
    if span.root.head.lower_ in ("until", "by", "before") and span.root.dep_ == "pobj":
        return "future"  # "closed until Friday": the end of a state still going on
    if verb.tag_ in ("VBD", "VBN") or auxes & {"had", "has", "have", "was", "were", "did"}:
        return "past"
    return ""


def _governing_verb(span: Span) -> Token | None:
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            return tok
        if tok.head.i == tok.i:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None


def governing_time(doc: Doc, times: tuple[TimeExpr, ...], token_i: int) -> TimeExpr | None:
    """The time expression that governs the clause of token `token_i`: one attached (through
    the parse) to the verb of that clause, else one in the same sentence that is not inside
    another clause; None when the sentence has none."""
    tok = doc[token_i]
    sent = sent_of(tok)
    verb = tok if tok.pos_ in ("VERB", "AUX") else _governing_verb(doc[token_i : token_i + 1])
    in_sent = [t for t in times if sent.start_char <= t.start < sent.end_char and t.value is not None]
    if not in_sent:
        return None
    if verb is not None:
        for t in in_sent:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            governor = _governing_verb(span) if span is not None else None
            if governor is not None and governor.i == verb.i:  # Token objects are new on each access
                return t
    # the nearest one in the same sentence, preferring one before a subordinate clause starts
    return min(in_sent, key=lambda t: abs(t.start - tok.idx))


# Subjects that continue the previous sentence's story ("He was arrested on Monday. He was
# released hours later" is not one: "later" is a time of its own and is found first).
_CONTINUING_SUBJECTS = frozenset({"he", "she", "they", "it"})


def carried_time(doc: Doc, times: tuple[TimeExpr, ...], token_i: int) -> TimeExpr | None:
    """The time of the previous sentence, for an event whose own sentence has none, when the
    text clearly continues that sentence: the same paragraph, the event's clause in the past
    tense with a pronoun subject ("Gunmen attacked a checkpoint on Sunday. They killed two
    soldiers."). None otherwise: the event stays undated rather than wrongly dated."""
    tok = doc[token_i]
    verb = tok if tok.pos_ in ("VERB", "AUX") else _governing_verb(doc[token_i : token_i + 1])
    if verb is None or verb.tag_ not in ("VBD", "VBN"):
        return None
    subject = next((ch for ch in verb.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ not in _CONTINUING_SUBJECTS:
        return None
    sent = sent_of(tok)
    if sent.start == 0:
        return None
    previous = sent_of(doc[sent.start - 1])
    text = doc_text(doc)
    if "\n" in text[previous.start_char : sent.start_char]:
        return None  # a new paragraph
    before = [t for t in times if previous.start_char <= t.start < previous.end_char and t.value is not None]
    return before[-1] if len(before) == 1 else None


def load_data() -> None:
    """Load and check this stage's data files now (pipeline.load_data calls it at start)."""
    _words()
