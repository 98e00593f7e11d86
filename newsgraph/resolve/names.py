"""names: a personal or organisation name -> the parts resolution compares.

One romanised name has many spellings ("Qaani", "Qani", "Ghaani", "Kaani") and may be quoted in
its own script ("قاآنی"). Each name word becomes a *skeleton key*: its consonant classes, plus
the class of a word-final vowel ("KN.i"), from two data files (data/resolve/latin_skeleton.csv,
data/resolve/arabic_letters.csv). Arabic script writes consonants and long vowels only, so the
consonant skeleton is the one key both scripts share. The final vowel is kept apart because it
carries meaning string similarity misses: "Soleimani" (SLMN.i, a nisba) is not "Suleiman" (SLMN).

`parse_name` also takes the name apart the way Arabic names are built: honorifics dropped
("General", "Sheikh", "اللواء"), articles dropped ("al-"), a kunya ("Abu Mahdi") and a nasab
("bin Salman") recognised, theophoric compounds glued ("Abd al-Hamid" = "Abdulhamid"), then
given name = first word, surname = last word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from normality import ascii_text

from newsgraph.errors import LexiconError
from newsgraph.lexicons import load_csv, load_lines

# Arabic short-vowel marks, superscript alif, tatweel, and the joiners Persian uses inside words
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d\u200e\u200f]")
_PERSIAN_LETTERS = frozenset("پچژگکی")
_VOWELS = "aeiouyw"
# Words that stand between name parts without being one (Latin script, after ASCII folding)
_ARTICLES = frozenset("al el ul ad ar as at az ash an adh ed er es et ez al' el' l".split())
_GROUP_ARTICLES = frozenset(("al", "el"))
_NASAB = frozenset("bin ibn ben bint ould ibni".split())
_KUNYA = frozenset("abu abou abo umm um".split())
_ABD = frozenset("abd abdul abdel abdol abdal abdoul abdu".split())
_ARABIC_ARTICLE_WORDS = frozenset(["ال", "آل"])
_ARABIC_NASAB = frozenset(["بن", "ابن", "بنت"])
_ARABIC_KUNYA = frozenset(["ابو", "أبو", "ابی", "ام", "أم"])
_ARABIC_ABD = "عبد"
# Words written apart that belong to the word before: "Salah al-Din" = "Salahuddin",
# "Nasr Allah" = "Nasrallah", "حزب الله" = "Hezbollah"
GLUED = frozenset("din deen dine allah ullah ollah الدين الدین الله دين دین".split())
_SUFFIXES = frozenset("jr jr. sr sr. ii iii".split())


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name taken apart; every part is a skeleton key ("KN.i")."""

    text: str
    script: str  # Latin | Arabic | Persian | Cyrillic | Greek | Hebrew | Other
    words: tuple[str, ...]  # the keys of the name words in order (particles dropped)
    given: str | None  # first word of a name of two words or more
    surname: str | None  # last word (a one-word name is a surname)
    middles: tuple[str, ...]  # words between, nasab included
    kunyas: tuple[str, ...]  # the word after Abu/Umm
    nasab: tuple[str, ...]  # the words after bin/ibn (a father's name, never a given name)
    folded: str  # ASCII, lower case, honorifics and particles gone: for string similarity

    @property
    def is_full(self) -> bool:
        return self.given is not None

    @property
    def is_kunya_only(self) -> bool:
        return not self.words and bool(self.kunyas)


# -- data ---------------------------------------------------------------------------------------


@functools.cache
def _latin_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    rules = []
    for row in load_csv("resolve/latin_skeleton.csv"):
        try:
            rules.append((re.compile(row["pattern"]), row["symbols"]))
        except re.error as exc:
            raise LexiconError(f"resolve/latin_skeleton.csv: bad pattern {row['pattern']!r}: {exc}") from exc
    return tuple(rules)


@functools.cache
def _arabic_map() -> dict[str, str]:
    table = {}
    for row in load_csv("resolve/arabic_letters.csv"):
        if len(row["letter"]) != 1:
            raise LexiconError(f"resolve/arabic_letters.csv: {row['letter']!r} is not one letter")
        table[row["letter"]] = row["symbols"]
    return table


@functools.cache
def _honorifics() -> tuple[tuple[str, ...], ...]:
    """Latin honorifics as folded word tuples, longest first ("brig gen" before "brig")."""
    words = {tuple(_fold_words(h)) for h in load_lines("lexicons/honorifics.txt")}
    words |= {tuple(_fold_words(h)) for h in load_lines("resolve/person_titles.txt")}
    return tuple(sorted((w for w in words if w), key=len, reverse=True))


@functools.cache
def _script_honorifics() -> tuple[tuple[str, ...], ...]:
    words = {tuple(h.split()) for h in load_lines("resolve/script_honorifics.txt")}
    return tuple(sorted(words, key=len, reverse=True))


# -- scripts ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def script_of(text: str) -> str:
    """The script most letters of `text` are written in (Persian: Arabic script with a letter
    only Persian uses)."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            try:
                first = unicodedata.name(ch).split()[0]
            except ValueError:
                continue
            counts[first] = counts.get(first, 0) + 1
    if not counts:
        return "Other"
    top = max(counts, key=lambda k: counts[k])
    if top == "ARABIC":
        return "Persian" if any(c in _PERSIAN_LETTERS for c in text) else "Arabic"
    return {"LATIN": "Latin", "CYRILLIC": "Cyrillic", "GREEK": "Greek", "HEBREW": "Hebrew"}.get(top, "Other")


def is_arabic_script(script: str) -> bool:
    return script in ("Arabic", "Persian")


# -- skeleton keys ------------------------------------------------------------------------------


def _finish(symbols: str, final_h_is_vowel: bool) -> str:
    """Symbols (consonant classes upper case, vowels and semivowels lower case) -> "CORE.v"."""
    s = re.sub(r"(.)\1+", r"\1", symbols)  # doubled letters: Qassem = Qasem
    if s.endswith("h") and (final_h_is_vowel or (len(s) > 1 and s[-2] in _VOWELS)):
        s = s[:-1] + ("" if len(s) > 1 and s[-2] in _VOWELS else "a")
    tail = re.search(f"[{_VOWELS}]+$", s)
    final = ""
    if tail:
        cluster = tail.group()
        if cluster == "ee" or "i" in cluster or "y" in cluster:
            final = "i"
        elif "u" in cluster or "o" in cluster or cluster == "w":
            final = "u"
        else:
            final = "a"
    body = s[: tail.start()] if tail else s
    core = []
    for i, ch in enumerate(body):
        if ch.isupper():
            core.append(ch)
        elif ch in "yw" and i == 0:
            core.append(ch.upper())  # Yasser, Walid: an initial semivowel is a consonant
        elif ch == "h":
            core.append("H")
    key = "".join(core)  # not collapsed again: Dbeibah is DBB (two b's, a vowel between)
    return f"{key}.{final}" if final else key


@functools.lru_cache(maxsize=65536)
def latin_key(word: str) -> str:
    """Skeleton key of one romanised word: "Ghaani" -> "KN.i", "al-Kadhimi" -> "KZM.i"."""
    s = (ascii_text(word) or "").lower()
    s = re.sub(r"[^a-z'`]", "", s)
    for pattern, symbols in _latin_rules():
        s = pattern.sub(symbols, s)
    return _finish(s, final_h_is_vowel=False) or s


@functools.lru_cache(maxsize=65536)
def arabic_key(word: str) -> str:
    """Skeleton key of one word in Arabic script: "قاآني" -> "KN.i"."""
    table = _arabic_map()
    # a Persian he before a zero-width non-joiner is a vowel (خامنه‌ای = Khamenei)
    w = unicodedata.normalize("NFKC", word).replace("ه\u200c", "ة")
    w = _ARABIC_MARKS.sub("", w)
    if w.startswith("ال") and len(w) >= 4:
        w = w[2:]
    return _finish("".join(table.get(ch, "") for ch in w), final_h_is_vowel=True)


def word_key(word: str) -> str:
    script = script_of(word)
    if is_arabic_script(script):
        return arabic_key(word)
    return latin_key(_cyrillic_endings(word) if script == "Cyrillic" else word)


def _cyrillic_endings(word: str) -> str:
    # short i (й) romanises as y in the press (Zelenskiy, Sergey), where ASCII folding gives j
    return word.replace("й", "y").replace("Й", "Y")


@functools.lru_cache(maxsize=131072)
def core(key: str) -> str:
    """The consonant part of a key ("KN.i" -> "KN")."""
    return key.split(".", 1)[0]


def final(key: str) -> str:
    return key.split(".", 1)[1] if "." in key else ""


@functools.lru_cache(maxsize=131072)
def soft(key: str) -> str:
    """The key without its word-final vowel or final H: a final -ah is a ta marbuta in one
    spelling and a ha in another ("Fattah" / "فتاح")."""
    c = core(key)
    return c[:-1] if len(c) > 2 and c.endswith("H") else c


# -- parsing ------------------------------------------------------------------------------------


def _fold_words(text: str) -> list[str]:
    s = (ascii_text(text) or "").lower().replace("’", "'")
    return [w for w in re.split(r"[^a-z0-9']+", s) if w]


@functools.cache
def _prefix_index(prefixes: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for h in prefixes:  # longest first, kept in that order per first word
        index.setdefault(h[0], []).append(h)
    return {k: tuple(v) for k, v in index.items()}


def _strip_prefixes(words: list[str], prefixes: tuple[tuple[str, ...], ...]) -> list[str]:
    index = _prefix_index(prefixes)
    changed = True
    while changed and len(words) > 1:
        changed = False
        for h in index.get(words[0], ()):
            if len(words) > len(h) and tuple(words[: len(h)]) == h:
                words = words[len(h) :]
                changed = True
                break
    return words


@functools.lru_cache(maxsize=65536)
def parse_name(text: str) -> NameParts:
    """Take a name apart; see the module docstring."""
    script = script_of(text)
    if is_arabic_script(script):
        return _parse_arabic(text, script)
    source = text
    if script == "Cyrillic":
        source = " ".join(_cyrillic_endings(w) for w in text.split())
    words = _strip_prefixes(_fold_words(source), _honorifics())
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return _assemble(text, script, words, latin_key)


def _parse_arabic(text: str, script: str) -> NameParts:
    raw = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text).replace("ه\u200c", "ة")).split()
    raw = _strip_prefixes(raw, _script_honorifics())
    words: list[str] = []
    for w in raw:
        if w in _ARABIC_ARTICLE_WORDS:
            continue
        if w in _ARABIC_NASAB:
            words.append("bin")
        elif w in _ARABIC_KUNYA:
            words.append("abu")
        elif w == _ARABIC_ABD:
            words.append("abd")
        else:
            words.append(w)
    return _assemble(text, script, words, arabic_key, ascii_text(text) or "")


def _assemble(
    text: str, script: str, words: list[str], key_of: object, folded: str | None = None
) -> NameParts:
    keyf = key_of  # a word -> key function (latin_key or arabic_key)
    keys: list[str] = []
    kinds: list[str] = []  # word | nasab | kunya
    plain: list[str] = []
    pending: str | None = None  # a marker waiting for its word
    for w in words:
        if w in _ARTICLES:
            continue
        if w in GLUED and keys and kinds[-1] != "kunya" and not plain[-1].startswith("abd"):
            # a ta marbuta before the glued word is read t (هبة الله = Hibatullah)
            joined = plain[-1].replace("ة", "ت") + (w[2:] if w.startswith("ال") else w)
            keys[-1], plain[-1] = keyf(joined), joined  # type: ignore[operator]
            continue
        if w in _NASAB or w in _KUNYA:
            pending = "nasab" if w in _NASAB else "kunya"
            continue
        if pending is None and w in _ABD:
            pending = "abd"
            continue
        if pending == "abd":
            k = keyf(w)  # type: ignore[operator]
            keys.append("BD" + k if not k.startswith("BD") else k)
            kinds.append("word")
            plain.append("abd" + w.removeprefix("al").removeprefix("el"))
            pending = None
            continue
        keys.append(keyf(w))  # type: ignore[operator]
        kinds.append(pending or "word")
        plain.append(("abu " + w) if pending == "kunya" else w)
        pending = None
    if pending == "abd":  # "Abdul" alone
        keys.append("BD")
        kinds.append("word")
        plain.append("abd")
    kunyas = tuple(k for k, kind in zip(keys, kinds, strict=True) if kind == "kunya")
    body = [k for k, kind in zip(keys, kinds, strict=True) if kind != "kunya"]
    given = body[0] if len(body) >= 2 else None
    surname = body[-1] if body else None
    middles = tuple(body[1:-1]) if len(body) >= 3 else ()
    nasab = tuple(k for k, kind in zip(keys, kinds, strict=True) if kind == "nasab")
    if folded is None:
        folded = " ".join(plain)
    return NameParts(text, script, tuple(body), given, surname, middles, kunyas, nasab, folded.lower())


def glue(words: list[str]) -> list[str]:
    """Join the words of GLUED to the word before ("حزب", "الله" -> "حزبالله")."""
    out: list[str] = []
    for w in words:
        if w in GLUED and out:
            out[-1] = out[-1].replace("ة", "ت") + (w[2:] if w.startswith("ال") else w)
        else:
            out.append(w)
    return out


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 8


def initials(name: str) -> str:
    """ "Hayat Tahrir al-Sham" -> "HTS" (articles and small words left out)."""
    words = [w for w in re.split(r"[\s-]+", name) if w.lower() not in ("of", "the", "for", "and", "al", "el")]
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


@functools.lru_cache(maxsize=65536)
def norm_name(text: str) -> str:
    """The name as resolution groups it: case, accents, punctuation and honorifics folded, in its
    own script ("General Esmail Qaani" -> "esmail qaani"; "al-Kadhimi" -> "kadhimi")."""
    script = script_of(text)
    if is_arabic_script(script):
        words = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text)).split()
        return " ".join(_strip_prefixes(words, _script_honorifics()))
    words = _strip_prefixes(_fold_words(text), _honorifics())
    if script not in ("Latin", "Other") and not words:
        return unicodedata.normalize("NFKC", text).casefold().strip()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    # the article is not part of the name: al-Kadhimi, al Kadhimi and Kadhimi are one name
    kept = [w for w in words if w not in _GROUP_ARTICLES]
    return " ".join(kept or words)
