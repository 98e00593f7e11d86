"""names: how a personal or organisation name is written, folded and compared.

The one owner of name words: honorifics and titles that precede a name, name particles
("al", "bin"), common given names, post-nominal letters, the transliteration rules that fold
romanisations of one Arabic/Persian name to one key, and the folding functions every stage
uses to compare names ("Al-Kazemi" -> "kazimi"). Data in newsgraph/data/lexicons/, loaded once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from normality import ascii_text

from newsgraph.errors import LexiconError
from newsgraph.lexicons import load_csv, load_lines

# Sizes of the folding caches: name words repeat within and across articles, but the words of
# an archive are unbounded, so the caches are bounded (16k keys ~ 2 MB).
FOLD_CACHE = 16_384


@dataclass(frozen=True)
class NameWords:
    honorifics: tuple[tuple[str, ...], ...]  # lower-cased token sequences, longest first
    honorific_words: frozenset[str]  # every word of every honorific, lower-cased
    particles: frozenset[str]
    given_names: frozenset[str]  # lower-cased
    given_name_titles: frozenset[str]  # "King Salman": titles used with the given name alone
    post_nominals: frozenset[str]  # "MP", "OBE": letters after a name, not part of it
    kunya_words: tuple[str, ...]  # "Abu", "Umm" as written
    kunya_keys: frozenset[str]  # the same, folded ("abu", "um")
    role_heads: frozenset[str]  # last words of the titles of lexicons/titles.csv ("lawyer", "spokesman")
    translit: tuple[tuple[re.Pattern[str], str], ...]


@functools.cache
def name_words() -> NameWords:
    translit = tuple(
        (re.compile(r["pattern"]), r["replacement"]) for r in load_csv("lexicons/translit_rules.csv")
    )
    kunyas = load_lines("lexicons/kunya_words.txt")
    honorifics = tuple(
        sorted(
            (tuple(h.lower().split()) for h in load_lines("lexicons/honorifics.txt")), key=len, reverse=True
        )
    )
    return NameWords(
        honorifics=honorifics,
        honorific_words=frozenset(w for h in honorifics for w in h),
        particles=frozenset(load_lines("lexicons/name_particles.txt")),
        given_names=frozenset(n.lower() for n in load_lines("lexicons/given_names.txt")),
        given_name_titles=frozenset(w.lower() for w in load_lines("lexicons/given_name_titles.txt")),
        post_nominals=frozenset(load_lines("lexicons/post_nominals.txt")),
        kunya_words=kunyas,
        kunya_keys=frozenset(_fold(w, translit) for w in kunyas),
        role_heads=frozenset(r["title"].split()[-1].lower() for r in load_csv("lexicons/titles.csv")),
        translit=translit,
    )


@functools.cache
def honorific_abbreviations() -> tuple[str, ...]:
    """One-word honorifics written with a full stop ("Brig.", "Lt."), as written, in lower and
    upper case: the tokenizer keeps each one token (spaCy's own exceptions split "Brig." and
    then reads the stop as a sentence end, cutting "the spokesman, Brig. Gen. X" in two)."""
    found = [h for h in load_lines("lexicons/honorifics.txt") if " " not in h and h.endswith(".")]
    return tuple(dict.fromkeys(v for h in found for v in (h, h.lower(), h.upper())))


def honorific_words() -> frozenset[str]:
    """Every word of every honorific ("brig.", "gen.", "prime", ...), lower-cased."""
    return name_words().honorific_words


@functools.lru_cache(maxsize=FOLD_CACHE)
def plain(name: str) -> str:
    """Case-, accent- and punctuation-folded name, without a leading "the"."""
    s = (ascii_text(name) or "").lower()
    s = re.sub(r"[’'`ʼ‘]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return re.sub(r"^the ", "", s)


@functools.lru_cache(maxsize=FOLD_CACHE)
def fold_token(token: str) -> str:
    """Transliteration key of one name word: "Al-Kazemi" -> "kazimi", "Qaani" -> "kani"."""
    return _fold(token, name_words().translit)


def _fold(token: str, translit: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    s = (ascii_text(token) or "").lower()
    s = re.sub(r"^(al|el|ul|ad|ar|as|at|az|ash)[-‐ ]", "", s)
    for pattern, repl in translit:
        s = pattern.sub(repl, s)
    return s


@functools.cache
def _turkic_kurdish() -> tuple[dict[int, str], dict[int, str], frozenset[str]]:
    """(letters table, letters-and-vowels table, marker letters) of
    data/lexicons/turkic_kurdish_latin.csv."""
    letters: dict[int, str] = {}
    vowels: dict[int, str] = {}
    markers = set()
    for row in load_csv("lexicons/turkic_kurdish_latin.csv"):
        if len(row["letter"]) != 1 or row["kind"] not in ("marker", "letter", "vowel"):
            raise LexiconError(f"lexicons/turkic_kurdish_latin.csv: bad row {row['letter']!r}")
        letter, english = row["letter"], row["english"]
        table = vowels if row["kind"] == "vowel" else letters
        table[ord(letter)] = english
        # the capital of dotless ı is the plain I, which marks nothing and stays itself
        capitals = [letter.upper()] if not letter.upper().isascii() else []
        for capital in capitals:
            table[ord(capital)] = english.capitalize()
        if row["kind"] == "marker":
            markers |= {letter, *capitals}
    return letters, letters | vowels, frozenset(markers)


def english_readings(words: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """The words of a name in Turkish/Kurdish Latin spelling as English romanisation writes
    them ("Ferhad Şami" -> "Ferhad Shami" and "Farhad Shami"); none when no letter marks that
    spelling."""
    words = tuple(words)
    letters, both, markers = _turkic_kurdish()
    if not any(ch in markers for w in words for ch in w):
        return ()
    return tuple(tuple(w.translate(table) for w in words) for table in (letters, both))


def is_kunya_key(key: str) -> bool:
    """A folded name word that opens a kunya ("abu", "um")."""
    return key in name_words().kunya_keys


def bare(word: str) -> str:
    """A surname without its article: "al-Kadhimi" -> "Kadhimi"."""
    return re.sub(r"^(?:al|el|Al|El|AL|EL)[-‐]", "", word)


def split_honorific(words: list[str]) -> tuple[list[str], list[str]]:
    """(honorific words, name words): "Brig. Gen. Yahya Rasool" -> (["Brig.", "Gen."], [...])."""
    low = [w.lower() for w in words]
    cut = 0
    for _ in range(3):  # "Prime Minister Gen. X": up to three titles stack before a name
        for h in name_words().honorifics:
            if len(low) - cut > len(h) and tuple(low[cut : cut + len(h)]) == h:
                cut += len(h)
                break
        else:
            break
    return words[:cut], words[cut:]


def is_honorific(words: Iterable[str]) -> bool:
    """The words are an honorific alone ("Lib Dem", "General"), no name."""
    return tuple(w.lower() for w in words) in name_words().honorifics


def acronym(words: Iterable[str]) -> str:
    """Initials of the capitalised words: "Popular Mobilization Forces" -> "PMF"."""
    return "".join(w[0] for w in words if w[:1].isupper() and w.lower() not in ("of", "the", "and", "for"))
