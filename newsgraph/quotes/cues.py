"""quotes.cues: every attribution cue, read once from the data files and checked.

Cue families (the PolNeAR and PARC 3.0 annotation guidelines; provenance in each file):
- verbs of saying, believing, intending and showing: data/lexicons/cue_verbs.csv, each with
  the frames where its content stands (a that-clause, an infinitive, the object, ...);
- nouns that take the content as their complement ("the claim that ..."): cue_nouns.csv;
- prepositional cues ("according to"), the medium a source spoke in ("in a statement"), the
  punctuation cues (a colon, a sign-off dash, a "NAME:" label) and the words that mark a quoted
  title rather than a quote: attribution_cues.yaml;
- the kinds of unnamed source and the anonymity pattern: unnamed_sources.yaml.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from newsgraph.errors import LexiconError
from newsgraph.lexicons import load_csv, load_yaml

VERBS_FILE = "lexicons/cue_verbs.csv"
NOUNS_FILE = "lexicons/cue_nouns.csv"
CUES_FILE = "lexicons/attribution_cues.yaml"
SOURCES_FILE = "lexicons/unnamed_sources.yaml"

FAMILIES = ("speech", "belief", "intention", "evidence")
_PLAIN_FRAMES = frozenset({"that", "to", "obj", "topic", "oprd", "quote", "colon"})

# What a user filters on: the kind of attribution each family of cue makes when its content is
# not in quotation marks (direct and mixed quotes are told apart by their marks).
KIND_OF_FAMILY = {"speech": "indirect", "belief": "belief", "intention": "belief", "evidence": "evidence"}


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue word: its family and the frames where its content stands."""

    lemma: str
    family: str
    frames: frozenset[str]

    def takes(self, frame: str) -> bool:
        return frame in self.frames

    @property
    def preps(self) -> frozenset[str]:
        """The prepositions whose object is the content ("call for", "warn of")."""
        return frozenset(f[5:] for f in self.frames if f.startswith("prep:"))


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: Mapping[str, Cue]
    nouns: Mapping[str, Cue]
    prepositional: tuple[tuple[str, ...], ...]
    medium_nouns: frozenset[str]
    sign_off_dashes: tuple[str, ...]
    label_stopwords: frozenset[str]
    title_nouns: frozenset[str]
    title_words_before: frozenset[str]
    content_objects: frozenset[str]
    source_kinds: Mapping[str, str]  # head noun of an unnamed source -> its kind
    anonymity: re.Pattern[str]

    def human(self, word: str) -> bool:
        """A noun for people ("official", "residents"): a source, never what a source says."""
        return self.source_kinds.get(word) in ("unnamed_official", "analyst", "unnamed_other")


def _cues(path: str) -> dict[str, Cue]:
    return cues_from_rows(path, load_csv(path))


def cues_from_rows(path: str, rows: Iterable[Mapping[str, str]]) -> dict[str, Cue]:
    """Cue words from the rows of cue_verbs.csv or cue_nouns.csv, checked (LexiconError names
    the file, the row and the word)."""
    out: dict[str, Cue] = {}
    for no, row in enumerate(rows, 1):
        where = f"{path}: row {no} ({row['lemma']!r})"
        if row["family"] not in FAMILIES:
            raise LexiconError(f"{where}: family {row['family']!r} is not one of {', '.join(FAMILIES)}")
        frames = frozenset(row["frames"].split())
        bad = [f for f in frames if f not in _PLAIN_FRAMES and not re.fullmatch(r"prep:[a-z]+", f)]
        if bad or not frames:
            raise LexiconError(f"{where}: unknown frames {bad or 'none given'}")
        out[row["lemma"].lower()] = Cue(row["lemma"].lower(), row["family"], frames)
    return out


def _words(data: Mapping[str, object], key: str, path: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w for w in value):
        raise LexiconError(f"{path}: {key} must be a non-empty list of words")
    return tuple(value)


@functools.cache
def lexicon() -> Lexicon:
    cues = load_yaml(CUES_FILE)
    preps = cues.get("prepositional")
    if not isinstance(preps, list) or not all(isinstance(p, list) and len(p) >= 2 for p in preps):
        raise LexiconError(f"{CUES_FILE}: prepositional must be a list of word lists")
    titles = cues.get("titles") or {}
    sources = load_yaml(SOURCES_FILE)
    kinds = {w: kind for kind, words in sources["kinds"].items() for w in words}
    try:
        anonymity = re.compile(sources["anonymity_pattern"], re.IGNORECASE)
    except (KeyError, re.error) as exc:
        raise LexiconError(f"{SOURCES_FILE}: anonymity_pattern: {exc}") from exc
    return Lexicon(
        verbs=_cues(VERBS_FILE),
        nouns=_cues(NOUNS_FILE),
        prepositional=tuple(tuple(w.lower() for w in p) for p in preps),
        medium_nouns=frozenset(_words(cues, "medium_nouns", CUES_FILE)),
        sign_off_dashes=_words(cues, "sign_off_dashes", CUES_FILE),
        label_stopwords=frozenset(_words(cues, "label_stopwords", CUES_FILE)),
        title_nouns=frozenset(_words(titles, "nouns", CUES_FILE)),
        title_words_before=frozenset(_words(titles, "words_before", CUES_FILE)),
        content_objects=frozenset(_words(cues, "content_objects", CUES_FILE)),
        source_kinds=kinds,
        anonymity=anonymity,
    )
