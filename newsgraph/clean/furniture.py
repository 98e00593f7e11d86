"""Page furniture known by its words: the categories of data/lexicons/furniture.yaml (share,
sign-up, cookie, comment-form, "Related" headers, credits, timestamps, bios ...) and the credit
and caption conventions of data/lexicons/noise.yaml. Patterns are compiled once, one regular
expression per category, when first used.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from newsgraph.clean.lines import Line
from newsgraph.errors import LexiconError
from newsgraph.lexicons import load_yaml

_FURNITURE = "lexicons/furniture.yaml"
_WHERE = ("anywhere", "tail")


@dataclass(frozen=True, slots=True)
class Category:
    name: str  # the reason a removed line keeps
    max_words: int  # longer lines are sentences of the story, never furniture
    tail_only: bool  # only after the story's last paragraph
    head: re.Pattern[str] | None  # the patterns anchored at the line's start, tried there only
    anywhere: re.Pattern[str] | None  # the others, searched through the line ...
    keywords: tuple[str, ...]  # ... when the lower-cased line holds one of these

    def matches(self, text: str, keywords: set[str]) -> bool:
        """`keywords`: the keywords of any category the lower-cased line holds."""
        if self.head is not None and self.head.match(text):
            return True
        return (
            self.anywhere is not None
            and not keywords.isdisjoint(self.keywords)
            and self.anywhere.search(text) is not None
        )


@dataclass(frozen=True, slots=True)
class Noise:
    credit_words: frozenset[str]
    wire_agencies: tuple[str, ...]
    wire_pattern: re.Pattern[str]
    caption_credit: re.Pattern[str]
    bullets: tuple[str, ...]
    kicker_labels: frozenset[str]
    pullquote_bullets: tuple[str, ...]
    byline_roles: re.Pattern[str]
    outlet_words: frozenset[str]
    glued_related: re.Pattern[str]  # a "Related stories" header after a sentence's end


@functools.cache
def categories() -> tuple[Category, ...]:
    data = load_yaml(_FURNITURE)
    out = []
    for name, spec in data["categories"].items():
        where = spec.get("where", "anywhere")
        if where not in _WHERE:
            raise LexiconError(f"{_FURNITURE}: category {name}: where {where!r} is not one of {_WHERE}")
        patterns = spec["patterns"]
        # an alternation of anchored patterns is matched at position 0 only: `search` would try
        # every position of a long paragraph before each '^' fails
        head = [p[1:] for p in patterns if p.startswith("^")]
        anywhere = [p for p in patterns if not p.startswith("^")]
        keywords = tuple(str(k).lower() for k in spec.get("keywords") or ())
        if anywhere and not keywords:
            raise LexiconError(f"{_FURNITURE}: category {name}: unanchored patterns need keywords")
        try:
            cat = Category(
                name,
                int(spec["max_words"]),
                where == "tail",
                _alternation(head),
                _alternation(anywhere),
                keywords,
            )
        except re.error as exc:
            raise LexiconError(f"{_FURNITURE}: category {name}: {exc}") from exc
        out.append(cat)
    return tuple(out)


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


@functools.cache
def noise() -> Noise:
    data = load_yaml("lexicons/noise.yaml")
    agencies = tuple(data["wire_agencies"])
    return Noise(
        credit_words=frozenset(w.lower() for w in data["credit_words"]),
        wire_agencies=agencies,
        wire_pattern=re.compile(r"\b(?:" + "|".join(map(re.escape, agencies)) + r")\b"),
        caption_credit=re.compile(data["caption_credit_pattern"]),
        bullets=tuple(data["bullets"]),
        kicker_labels=frozenset(w.lower() for w in data["kicker_labels"]),
        pullquote_bullets=tuple(data["pullquote_bullets"]),
        byline_roles=re.compile(r"\b(?:" + "|".join(map(re.escape, data["byline_roles"])) + r")\b", re.I),
        outlet_words=frozenset(data["outlet_words"]),
        glued_related=re.compile(r"(?<=[.!?\"”’'])\s+(?:" + data["glued_related_header"] + ")"),
    )


def furniture_reason(line: Line, tail: bool = False) -> str | None:
    """The category of page furniture the line is, or None. `tail`: the line comes after the
    story's last paragraph, where the tail-only categories (author bios) apply too."""
    text = line.text
    found = set(_keywords().findall(text.lower()))
    for cat in categories():
        if line.words <= cat.max_words and (tail or not cat.tail_only) and cat.matches(text, found):
            return cat.name
    return None


@functools.cache
def _keywords() -> re.Pattern[str]:
    """Every category's keywords in one expression, longest first: one pass over a line finds
    which categories' unanchored patterns are worth a search (a story's paragraph: none)."""
    words = sorted({k for c in categories() for k in c.keywords}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def wires_in(text: str) -> list[str]:
    """The wire agencies a text names, in the order of noise.yaml."""
    found = set(noise().wire_pattern.findall(text))
    return [a for a in noise().wire_agencies if a in found]


# The longest credit line we met is ~60 characters ("Sakib Ali/Hindustan Times/Getty Images",
# "John Roe/Getty Images via AFP"); 100 leaves room and spares splitting every paragraph.
MAX_CREDIT_CHARS = 100
_CREDIT_SPLIT = re.compile(r"[/|,;■•]|\band\b|\bvia\b")


def is_credit(text: str) -> bool:
    """A line that is only photo credits or agency names: "AFP", "Reuters/File", "(AP)",
    "picture", "Jane Doe/AP Photo", "John Roe/Getty Images via AFP"."""
    if len(text) > MAX_CREDIT_CHARS:
        return False
    if text.startswith(("(", "[")) and text.endswith((")", "]")):
        text = text[1:-1]
    parts = [p.strip().lower() for p in _CREDIT_SPLIT.split(text) if p.strip()]
    if not parts:
        return False
    words = noise().credit_words
    if all(p in words for p in parts):
        return True
    # "Jane Doe/AP Photo", "Michael Conroy, AP": a photographer's name and an agency, short
    # ("By Jane Doe, Reuters" is a byline)
    return (
        len(parts) <= 4
        and len(text.split()) <= 8
        and parts[-1] in words
        and ("/" in text or "," in text)
        and not parts[0].startswith("by ")
    )


def trailing_credit(text: str) -> re.Match[str] | None:
    """The parenthesised credit ending a line: "(Reuters/File photo)", "(Photo: AFP)"."""
    if not text.endswith((")", "]", " ")):
        return None  # the common case, without a regular-expression search
    m = noise().caption_credit.search(text)
    if m is None:
        return None
    inside = re.split(r"[/:,]", m.group(0).strip("()[] "))
    words = noise().credit_words
    return m if any(p.strip().lower() in words for p in inside) else None
