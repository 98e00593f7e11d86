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

import numpy as np
from spacy.attrs import IDX, LEMMA, LOWER, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from newsgraph.errors import LexiconError
from newsgraph.lexicons import load_csv, load_yaml
from newsgraph.nlp import doc_text

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
    verb_hashes: frozenset[int]  # string ids of the cue lemmas, to find them in a Doc's arrays
    noun_hashes: frozenset[int]
    prepositional_firsts: frozenset[int]  # string ids of the first words of `prepositional`

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
    verbs, nouns = _cues(VERBS_FILE), _cues(NOUNS_FILE)
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        prepositional=tuple(tuple(w.lower() for w in p) for p in preps),
        medium_nouns=frozenset(_words(cues, "medium_nouns", CUES_FILE)),
        sign_off_dashes=_words(cues, "sign_off_dashes", CUES_FILE),
        label_stopwords=frozenset(_words(cues, "label_stopwords", CUES_FILE)),
        title_nouns=frozenset(_words(titles, "nouns", CUES_FILE)),
        title_words_before=frozenset(_words(titles, "words_before", CUES_FILE)),
        content_objects=frozenset(_words(cues, "content_objects", CUES_FILE)),
        source_kinds=kinds,
        anonymity=anonymity,
        verb_hashes=_hashes(verbs),
        noun_hashes=_hashes(nouns),
        prepositional_firsts=_hashes(p[0].lower() for p in preps),
    )


def _hashes(words: Iterable[str]) -> frozenset[int]:
    return frozenset(get_string_id(w) for w in words)


# -- per-Doc readings, once per article (in doc.user_data: plain ints, no reference cycle) ------

_LINES_KEY = "newsgraph.quotes.lines"
_ANONYMITY_KEY = "newsgraph.quotes.anonymity"
_COLUMNS_KEY = "newsgraph.quotes.columns"
# Words without which the anonymity pattern cannot match: checked first, since the pattern
# itself costs ~0.5 ms an article and most articles have no anonymous source.
_ANONYMITY_HINTS = ("anonym", "named", "identified")


def _columns(doc: Doc) -> np.ndarray:
    """POS, LEMMA and LOWER of every token, read once per Doc."""
    cols = doc.user_data.get(_COLUMNS_KEY)
    if cols is None:
        cols = doc.user_data[_COLUMNS_KEY] = doc.to_array([POS, LEMMA, LOWER])
    return cols


def cue_tokens(doc: Doc, pos: str, lemmas: frozenset[int]) -> list[Token]:
    """The tokens of part of speech `pos` whose lemma is one of `lemmas`, read from the Doc's
    arrays: no Token object is made for the other words (a Token costs ~1 µs; an article has
    hundreds of verbs, a few dozen cues)."""
    cols = _columns(doc)
    rows = np.flatnonzero(cols[:, 0] == POS_IDS[pos])
    return [doc[i] for i, lemma in zip(rows.tolist(), cols[rows, 1].tolist(), strict=True) if lemma in lemmas]


def word_tokens(doc: Doc, words: frozenset[int]) -> list[Token]:
    """The tokens whose lower-case form is one of `words` (string ids; a few)."""
    lower = _columns(doc)[:, 2]
    mask = np.zeros(len(lower), dtype=bool)
    for w in words:
        mask |= lower == w
    return [doc[i] for i in np.flatnonzero(mask).tolist()]


def line_ids(doc: Doc) -> list[int]:
    """For each token, the number of the line (paragraph) it is on (non-decreasing)."""
    ids = doc.user_data.get(_LINES_KEY)
    if ids is None:
        text = doc_text(doc)
        breaks = np.array([m.start() for m in re.finditer("\n", text)], dtype=np.int64)
        ids = doc.user_data[_LINES_KEY] = np.searchsorted(breaks, doc.to_array(IDX), side="right").tolist()
    return ids


def anonymity_spans(doc: Doc, lex: Lexicon) -> list[tuple[int, int, str]]:
    """Every stretch of the text where a source asks not to be named, with its reason."""
    found = doc.user_data.get(_ANONYMITY_KEY)
    if found is None:
        text = doc_text(doc)
        hinted = any(h in text for h in _ANONYMITY_HINTS)
        found = doc.user_data[_ANONYMITY_KEY] = [
            (m.start(), m.end(), (m.group("reason") or m.group(0)).strip(" ,"))
            for m in (lex.anonymity.finditer(text) if hinted else ())
        ]
    return found
