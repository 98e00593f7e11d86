"""Where the time expressions of a text are: spaCy's DATE and TIME spans, split where they
hold several times, plus our own matches of what the small model does not label (weekdays,
months, bare years, relative and anaphoric words, numeric dates, years said aloud)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from spacy.tokens import Doc

from newsgraph.nlp import doc_text
from newsgraph.temporal.rules import pieces
from newsgraph.temporal.words import calendar_words

# Words that join two times inside one spaCy DATE span: "between 2014 and 2016" holds two
# times, "the fourth quarter ended Sept. 30" a quarter and a day.
_JOINS = re.compile(r"\b(and|to|or|through|until)\b|[-–]")
_ENDED = re.compile(r"\s+(?:ended|ending|ends)\s+", re.IGNORECASE)


# What the small model does not label DATE, and the parts of a DATE span that lists several
# ("between 2014 and 2016"). Written in lower case: searching lower-cased text without
# IGNORECASE finds the same spans about twice as fast (measured on 300 Reuters articles: 0.17 s
# against 0.32 s).
_CORE = (
    r"\b(?:(?:{STEP}|on|following)\s+)?{W}(?:['’]s)?(?:,?\s+{M}\.?\s+\d{{1,2}}(?:,?\s+{Y})?)?\b",
    r"\b(?:(?:{STEP}|{P}|in)\s+|{P}-)?(?:\d{{1,2}}\s+)?{M}\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+{YEAR})?\b",
    r"\b{DAYW}\b",
    r"\b{STEP}\s+(?:week|month|year)\b",
    r"\b(?:{SAME}|{FOLLOW}|{PRECEDE})\s+(?:day|week|month|year)\b",
    r"(?<![\d,.$£€-])(?:1[89]\d\d|20\d\d)(?![\d%])",
)
# Rarer expressions, searched for only in a text that holds one of their trigger strings: each
# alternative costs about a tenth of the search on every text (measured on 1,000 Reuters
# articles), a substring test almost nothing.
_OPTIONAL: dict[str, tuple[tuple[str, ...], str]] = {
    "ago": (("ago",), r"\b(?:{N}|an?)\s+(?:day|week|month|year)s?\s+(?:or\s+so\s+)?ago\b"),
    "year-": (("year-",), r"\byear-(?:end|ago|earlier)\b"),
    "numeric": (("/",), r"\b\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d\d)\b"),
    "two-digit": (tuple(q + d for q in "'’" for d in "0123456789"), r"(?<![\w'’])['’]\d\d(?:s)?\b(?!['’])"),
    "spoken": (("eighteen", "nineteen", "twenty", "thousand"), r"\b{SPOKEN}\b"),
}


@functools.cache
def _finder(options: frozenset[str], ignore_case: bool) -> re.Pattern[str]:
    words = {
        **pieces(),
        "YEAR": "(?:{Y}|{SPOKEN})".format(**pieces()) if "spoken" in options else pieces()["Y"],
    }
    alternatives = [*_CORE, *(_OPTIONAL[k][1] for k in _OPTIONAL if k in options)]
    return re.compile("|".join(alternatives).format(**words), re.IGNORECASE if ignore_case else 0)


def _matches(text: str) -> Iterator[re.Match[str]]:
    lowered = text.lower()
    options = frozenset(k for k, (triggers, _) in _OPTIONAL.items() if any(t in lowered for t in triggers))
    if len(lowered) == len(text):  # offsets carry over (not so for "İ", which lowers to two chars)
        return _finder(options, ignore_case=False).finditer(lowered)
    return _finder(options, ignore_case=True).finditer(text)


def candidate_spans(doc: Doc) -> list[tuple[int, int]]:
    """spaCy's DATE/TIME spans, split where they hold several of our matches, plus our matches."""
    text = doc_text(doc)
    found = _our_matches(text)
    spans: list[tuple[int, int]] = []
    for a, b in ((e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")):
        inside = [(s, e) for s, e in found if a <= s and e <= b]
        if (ended := _ENDED.search(text, a, b)) is not None:
            spans.extend([(a, ended.start()), (ended.end(), b)])  # "the quarter ended Sept. 30"
        elif len(inside) >= 2 and _JOINS.search(text, a, b):
            spans.extend(inside)  # "between 2014 and 2016": two times
        else:
            over = [(s, e) for s, e in found if s < b and a < e]
            spans.append((min([a, *(s for s, _ in over)]), max([b, *(e for _, e in over)])))
    for s, e in found:
        if not any(s < b and a < e for a, b in spans):
            spans.append((s, e))
    return sorted({piece for a, b in spans for piece in _lines_of(text, a, b)})


def _our_matches(text: str) -> list[tuple[int, int]]:
    months = calendar_words().months
    found = []
    for m in _matches(text):
        s, e = _trim_match(text, m.start(), m.end())
        word = text[s:e].split()[-1].lower().rstrip(".")
        if text[s:e][:1].islower() and word in months:
            continue  # "may", "march" in lower case are verbs
        if word in ("may", "march") and m.group(0).lower() == word:
            continue  # a capitalised "May" alone opens sentences too often; "in May" is kept
        found.append((s, e))
    return found


_ON_IN = re.compile(r"(?:on|in)\s+", re.IGNORECASE)


def _trim_match(text: str, s: int, e: int) -> tuple[int, int]:
    m = _ON_IN.match(text, s, e)
    return (m.end(), e) if m else (s, e)


def _lines_of(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A span cut at line breaks: a time expression never runs from a headline into a dateline."""
    if "\n" not in text[a:b]:
        return [(a, b)] if text[a:b].strip() else []
    lines, start = [], a
    for m in re.finditer(r"\n", text[a:b]):
        lines.append((start, a + m.start()))
        start = a + m.end()
    lines.append((start, b))
    return [(x, y) for x, y in lines if text[x:y].strip()]


def strip_edges(text: str, s: int, e: int) -> tuple[int, int]:
    """The span without the spaces, quotes, brackets and final full stop around it (the stop of
    an abbreviation, "Jan.", stays)."""
    while s < e and text[s] in " \t\n,.;:'\"“”‘’()":
        if text[s] in "'’" and re.match(r"['’]\d\d\b", text[s:e]):
            break  # '82: the apostrophe is the year's
        s += 1
    while e > s and text[e - 1] in " \t\n,;:'\"“”‘’()":
        e -= 1
    while e > s and text[e - 1] == "." and not re.search(r"\b[A-Z][a-z]{1,3}\.$", text[s:e]):
        e -= 1
    return s, e


def word_before(text: str, s: int) -> str:
    """The word just before offset `s`, lower case ("in" before "March")."""
    m = re.search(r"([^\W\d_]+)\W{0,2}$", text[max(0, s - 30) : s])
    return m[1].lower() if m else ""
