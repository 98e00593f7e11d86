"""The lines of an article and what `clean` measures on each one, once.

A line of the input is a block of the page it came from (a paragraph, a menu item, a caption, a
credit...). Every rule of `clean` reads the same few measures of a line, computed here when the
line is made: its word and token counts, its stop-word density as jusText measures it, whether it
ends like a sentence, how much of it is capitalised and how much is digits, and a key under which
a repeat of the same line elsewhere on the page is found.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from newsgraph.lexicons import load_lines

# A line ending in one of these ends like a sentence (or a quote, or a parenthesis closing one).
FINAL = tuple(".!?:;\"”’'»)…")
_TOKEN = re.compile(r"\w+")
# A link card copied as one line: its Title Case headline (3+ capitalised words) runs into the
# first word of its summary without a space ("... Student-AthleteA 24-year-old woman ...",
# "... Strike PossibleThe United Auto Workers ..."): three lower-case letters before the capital,
# so that "McKinley", "MacDonald" and "YouTube" are no joins.
_GLUED_HEADLINE = re.compile(
    r"^(?:[\"“‘']?[A-Z0-9][\w'’$&.,:;-]*\s+){3,}[\w'’$&.-]*(?:[a-z]{3}|\))[A-Z](?:[a-z]|\s)"
)
GLUED_MIN_WORDS = 12
# An embedded post ends in its link ("... ourselves? pic.twitter.com/s96", "https://t.co/x"):
# whether it ends like a sentence is read before the link.
_TRAILING_LINK = re.compile(r"(?:\s+(?:https?://|pic\.twitter\.com/|www\.)\S+)+$")


@functools.cache
def stopwords() -> frozenset[str]:
    return frozenset(load_lines("lexicons/stopwords.txt"))


@dataclass(slots=True)
class Line:
    """One non-empty line of the original text and what `clean` decided about it."""

    start: int  # offset of the stripped line in the original
    end: int
    text: str  # stripped
    keep_from: int = 0  # chars cut from the start of a kept line (dateline, "/ " artefact)
    cut_reason: str = "dateline"  # why those chars were cut
    reason: str | None = None  # why it is removed; None = kept
    repeated: bool = False  # the same line (or its headline) is elsewhere on the page (page.py)
    words: int = field(init=False)  # whitespace-separated words
    tokens: int = field(init=False)  # \w+ tokens
    stop_density: float = field(init=False)  # share of tokens that are stop words (jusText)
    capitalised: float = field(init=False)  # share of content words that start upper case
    digits: float = field(init=False)  # share of tokens holding a digit
    final: bool = field(init=False)  # ends like a sentence
    key: str = field(init=False)  # lower-cased letters and digits, for repeats and titles
    glued_headline: bool = field(init=False)  # a Title Case headline run into its teaser

    def __post_init__(self) -> None:
        text = self.text
        stops = stopwords()
        tokens = _TOKEN.findall(text)
        lowered = [t.lower() for t in tokens]
        n = len(tokens)
        is_stop = [t in stops for t in lowered]
        content = [t for t, stop in zip(tokens, is_stop, strict=True) if not stop and t.isalpha()]
        self.words = len(text.split())
        self.tokens = n
        self.stop_density = sum(is_stop) / n if n else 0.0
        self.capitalised = sum(t[0].isupper() for t in content) / len(content) if content else 0.0
        # a \w+ token that is not all letters holds a digit (or, rarely, an underscore)
        self.digits = sum(not t.isalpha() for t in tokens) / n if n else 0.0
        linked = "http" in text or "www." in text or "pic.twitter" in text
        self.final = (_TRAILING_LINK.sub("", text) if linked else text).endswith(FINAL)
        self.key = " ".join(lowered)
        self.glued_headline = self.words > GLUED_MIN_WORDS and _GLUED_HEADLINE.match(text) is not None


def key(text: str) -> str:
    """The lower-cased \\w+ tokens joined by single spaces: how repeats and titles are compared
    (Line.key is the same, from the tokens the line has counted already)."""
    return " ".join(_TOKEN.findall(text.lower()))


def split_lines(text: str) -> list[Line]:
    """The non-empty lines of `text`, stripped, with their offsets in `text`."""
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = pos + len(body) - len(body.lstrip())
            out.append(Line(start, start + len(stripped), stripped))
        pos += len(raw)
    return out
