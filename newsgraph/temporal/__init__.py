"""temporal (the "time" stage): time expressions -> intervals anchored on the article's date.

    spans.py     where the expressions are: spaCy's DATE/TIME spans plus our own matches
    rules.py     what each one means: RULES, the table of named rules in the order they apply
    intervals.py calendar arithmetic (a month, a weekday, a day without its year)
    clauses.py   the tense of an expression's clause; the time of an event's clause (events)
    words.py     the word data of data/time/*.yaml, checked on load

The article's date is its dateline's when the text opens with one ("March 01, 2008" on its own
line, or the date the caller read from a wire dateline), else `published`. Expressions are
read in text order, so "that day" and "the following year" can be read from the time the text
last gave. No input makes this stage raise: a value outside the years 1..9999 is no value.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from newsgraph.model import Interval, TimeExpr
from newsgraph.nlp import doc_text, sent_of
from newsgraph.temporal.clauses import carried_time, governing_time, tense
from newsgraph.temporal.rules import Context, dateline, read
from newsgraph.temporal.spans import candidate_spans, strip_edges, word_before
from newsgraph.temporal.words import load_data

__all__ = ["carried_time", "find_times", "governing_time", "load_data", "normalise"]

# How much text after an expression a rule may look at: enough for the noun phrase that
# makes "before" a preposition in "the day before the vote" (a word and its determiner).
AFTER_CHARS = 20
# A span the rules give no value is kept only if it is about time at all ("five days", "the
# year 2525"): "the season", "recently" are dropped.
_TIME_WORD = re.compile(r"\d|day|week|month|year", re.IGNORECASE)


def find_times(doc: Doc, published: date | None, dateline_date: date | None = None) -> tuple[TimeExpr, ...]:
    """Every time expression of the text with the interval it denotes. `dateline_date`: the date
    of a dateline the clean stage cut from the text ("CLEVELAND, Feb 26 -"), if any."""
    text = doc_text(doc)
    in_text = dateline(text)
    anchor = dateline_date or (in_text[2] if in_text else None) or published
    out: list[TimeExpr] = []
    for s0, e0 in candidate_spans(doc):
        s, e = strip_edges(text, s0, e0)
        if s >= e:
            continue
        expr = text[s:e]
        span = doc.char_span(s, e, alignment_mode="expand")
        ctx = Context(
            anchor=anchor or Context.anchor,
            anchored=anchor is not None,
            tense=tense(span),
            before=word_before(text, s),
            after=text[e : e + AFTER_CHARS],
            earlier=tuple(out),
            sentence_start=sent_of(span).start_char if span is not None and len(span) else 0,
        )
        value, granularity, rule = read(expr, ctx)
        if value is None and granularity is None and not _TIME_WORD.search(expr):
            continue
        out.append(TimeExpr(s, e, expr, value, granularity, rule))
    return tuple(out)


def normalise(
    text: str, anchor: date | None, tense: str = ""
) -> tuple[Interval | None, str | None, str | None]:
    """(interval, granularity, rule name) of a time expression on its own; (None, ...) when it
    has none. `tense` is the tense of its clause: "past", "future" or "" (unknown)."""
    ctx = Context(anchor=anchor or Context.anchor, anchored=anchor is not None, tense=tense)
    return read(text, ctx)
