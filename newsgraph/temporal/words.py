"""The word data of the time stage, from data/time/*.yaml, loaded once and checked on load.

words.yaml: calendar words (months, weekdays, counts, spoken-year numbers, seasons, quarters,
parts of a period); relative.yaml: words that place a time relative to another (steps, day
words, anaphora, duration openers); clauses.yaml: the tense cues of a clause. A file that
breaks its shape raises LexiconError naming the file and the line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from newsgraph.errors import LexiconError
from newsgraph.lexicons import data_text, load_yaml

_CALENDAR = "time/words.yaml"
_RELATIVE = "time/relative.yaml"
_CLAUSES = "time/clauses.yaml"
_MODS = frozenset({"START", "MID", "END"})  # TIMEX3 mods of a part of a period


@dataclass(frozen=True)
class CalendarWords:
    months: dict[str, int]
    weekdays: dict[str, int]
    counts: dict[str, int]
    number_units: dict[str, int]
    number_teens: dict[str, int]
    number_tens: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    quarters: dict[str, int]
    parts: dict[str, str]  # "early" -> "START"
    mod_shares: dict[str, tuple[float, float]]  # "START" -> (0.0, 0.3334): the first third


@dataclass(frozen=True)
class RelativeWords:
    steps: dict[str, int]
    day_words: dict[str, int]
    period_parts: dict[str, str]  # "beginning" -> "START"; "rest" -> "ALL" (the whole period)
    same: tuple[str, ...]
    following: tuple[str, ...]
    preceding: tuple[str, ...]
    month_cues: frozenset[str]
    spoken_year_cues: frozenset[str]
    duration_leads: tuple[str, ...]
    duration_counts: tuple[str, ...]


@dataclass(frozen=True)
class ClauseWords:
    future_auxiliaries: frozenset[str]
    modals: frozenset[str]
    future_heads: frozenset[str]
    future_verbs: frozenset[str]
    future_attachments: frozenset[str]
    end_prepositions: frozenset[str]
    past_prepositions: frozenset[str]
    past_auxiliaries: frozenset[str]
    continuing_subjects: frozenset[str]
    definite_determiners: frozenset[str]


def load_data() -> None:
    """Load and check every time data file now (a broken file then stops a run at its start)."""
    calendar_words()
    relative_words()
    clause_words()


@functools.cache
def calendar_words() -> CalendarWords:
    d = _file(_CALENDAR)

    def numbers(key: str, lo: int, hi: int) -> dict[str, int]:
        return _mapping(_CALENDAR, d, key, lambda v: isinstance(v, int) and lo <= v <= hi)

    seasons = _mapping(
        _CALENDAR,
        d,
        "seasons",
        lambda v: isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) and 1 <= x <= 12 for x in v),
    )
    shares = _mapping(
        _CALENDAR,
        d,
        "mod_shares",
        lambda v: isinstance(v, list) and len(v) == 2 and 0 <= v[0] < v[1] <= 1,
        lower_keys=False,
    )
    if set(shares) != _MODS:
        raise LexiconError(
            f"{_CALENDAR}:{_line_of(_CALENDAR, 'mod_shares')}: `mod_shares` must name {sorted(_MODS)}"
        )
    return CalendarWords(
        months=numbers("months", 1, 12),
        weekdays=numbers("weekdays", 0, 6),
        counts=numbers("counts", 1, 1000),
        number_units=numbers("number_units", 1, 9),
        number_teens=numbers("number_teens", 10, 19),
        number_tens=numbers("number_tens", 20, 90),
        seasons={k: (v[0], v[1]) for k, v in seasons.items()},
        quarters=numbers("quarters", 1, 4),
        parts=_mapping(_CALENDAR, d, "parts", lambda v: v in _MODS),
        mod_shares={k: (float(v[0]), float(v[1])) for k, v in shares.items()},
    )


@functools.cache
def relative_words() -> RelativeWords:
    d = _file(_RELATIVE)
    return RelativeWords(
        steps=_mapping(_RELATIVE, d, "steps", lambda v: isinstance(v, int) and -1 <= v <= 1),
        day_words=_mapping(_RELATIVE, d, "day_words", lambda v: isinstance(v, int) and -1 <= v <= 1),
        period_parts=_mapping(_RELATIVE, d, "period_parts", lambda v: v in _MODS | {"ALL"}),
        same=_words(_RELATIVE, d, "same"),
        following=_words(_RELATIVE, d, "following"),
        preceding=_words(_RELATIVE, d, "preceding"),
        month_cues=frozenset(_words(_RELATIVE, d, "month_cues")),
        spoken_year_cues=frozenset(_words(_RELATIVE, d, "spoken_year_cues")),
        duration_leads=_words(_RELATIVE, d, "duration_leads"),
        duration_counts=_words(_RELATIVE, d, "duration_counts"),
    )


@functools.cache
def clause_words() -> ClauseWords:
    d = _file(_CLAUSES)

    def words(key: str) -> frozenset[str]:
        return frozenset(_words(_CLAUSES, d, key))

    return ClauseWords(
        future_auxiliaries=words("future_auxiliaries"),
        modals=words("modals"),
        future_heads=words("future_heads"),
        future_verbs=words("future_verbs"),
        future_attachments=words("future_attachments"),
        end_prepositions=words("end_prepositions"),
        past_prepositions=words("past_prepositions"),
        past_auxiliaries=words("past_auxiliaries"),
        continuing_subjects=words("continuing_subjects"),
        definite_determiners=words("definite_determiners"),
    )


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of `words`, longest first (so "sept" wins over "sep"); the
    spaces inside a phrase ("the same") match any run of white space."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


# -- checks -----------------------------------------------------------------------------------


def _file(path: str) -> dict[str, Any]:
    d = load_yaml(path)
    if not isinstance(d, dict):
        raise LexiconError(f"{path}:1: expected a mapping of sections")
    if not isinstance(d.get("version"), int):
        raise LexiconError(f"{path}:{_line_of(path, 'version')}: no integer `version`")
    return d


def _mapping(
    path: str, d: dict[str, Any], key: str, valid: Callable[[Any], bool], lower_keys: bool = True
) -> dict[str, Any]:
    section = d.get(key)
    if not isinstance(section, dict) or not section:
        raise LexiconError(f"{path}:{_line_of(path, key)}: `{key}` must be a non-empty mapping")
    out = {}
    for word, value in section.items():
        if (
            not isinstance(word, str)
            or not word
            or word != (word.strip().lower() if lower_keys else word.strip())
        ):
            raise LexiconError(
                f"{path}:{_line_of(path, str(word))}: `{key}` key {word!r} is not a lower-case word"
            )
        if not valid(value):
            raise LexiconError(f"{path}:{_line_of(path, word)}: `{key}`: bad value {value!r} for {word!r}")
        out[word] = value
    return out


def _words(path: str, d: dict[str, Any], key: str) -> tuple[str, ...]:
    section = d.get(key)
    if not isinstance(section, list) or not section:
        raise LexiconError(f"{path}:{_line_of(path, key)}: `{key}` must be a non-empty list")
    seen: set[str] = set()
    for word in section:
        if not isinstance(word, str) or word != " ".join(word.lower().split()) or not word:
            raise LexiconError(
                f"{path}:{_line_of(path, str(word))}: `{key}` entry {word!r} is not lower-case words"
            )
        if word in seen:
            raise LexiconError(f"{path}:{_line_of(path, word)}: `{key}` lists {word!r} twice")
        seen.add(word)
    return tuple(section)


def _line_of(path: str, needle: str) -> int:
    """The first line of the file that holds `needle` as a word (1 when none does)."""
    pattern = re.compile(r"(?<![\w'])" + re.escape(needle) + r"(?![\w'])")
    for no, line in enumerate(data_text(path).splitlines(), 1):
        if not line.startswith("#") and pattern.search(line):
            return no
    return 1
