"""nlp.casing: the model reads a truecased copy of sentences written all in lower case, all in
capitals or in Title Case; every stage still reads the text as written.

The small model finds names by their capitals: on "prime minister atal bihari vajpayee met
imams in new delhi" it finds almost none, and in a headline "Rebel Drone Strike Kills 12" it
takes the verbs for a name. So, per sentence:

1. `sentence_casings` classifies each sentence from the tokens' lexeme flags (no string work on
   the common, normally written article): normal, lower, upper, or title (most content words
   capitalised and at least one of them a word the article writes in lower case, or a
   capitalised function word inside the sentence: "Strike Kills 12 In Kharkiv").
2. `Truecaser` gives each word of such a sentence the form the article itself writes it in
   (its normally cased sentences, words not opening a sentence); failing that the gazetteer's
   form (acronyms "NATO", multi-word names of states, organisations and places "New Delhi",
   months, "I"); failing that lower case. An acronym defined in the text keeps capitals and
   capitalises what it stands for ("european aeronautic defence and space company (eads)").
3. The model's tagger then reads that copy (tok2vec + tagger only, on those sentences alone):
   a word it tags as a proper noun is capitalised, everywhere in those sentences.

The copy has the same tokens as the text (only letter case differs), so every offset holds.
`newsgraph_truecase_v1` (first in the pipeline) hands the copy to the model, and
`newsgraph_restore_case_v1` (last) copies the annotations back onto a Doc of the words as
written, keeping the copy's text in `doc.user_data` for the entities stage (`cased_text`).
"""

from __future__ import annotations

import calendar
import functools
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    IS_ALPHA,
    IS_LOWER,
    IS_SPACE,
    IS_STOP,
    IS_TITLE,
    IS_UPPER,
    LEMMA,
    MORPH,
    ORTH,
    POS,
    TAG,
)
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from newsgraph.gazetteer import gazetteer, is_well_known_place, places
from newsgraph.names import honorific_words

NORMAL, LOWER, UPPER, TITLE = "normal", "lower", "upper", "title"

# A sentence is judged by its words of letters only: one of fewer than this many words is a
# fragment ("ok.", "USA!") whose casing says nothing.
MIN_WORDS = 3
# Title Case: at least this share of the content words (not stop words) capitalised, and at
# least this many of them. 0.75 and 3: headlines in our cases capitalise 90-100 % of them,
# ordinary sentences full of names ("Boeing, Airbus and Embraer") are told apart by the second
# condition of `_is_title` (a capitalised common word).
TITLE_SHARE = 0.75
TITLE_MIN_WORDS = 3
# A sentence in capitals has at least this many words: shorter runs are table headings, tickers
# and labels ("NET LOSS", "END-DAY BACKLOG"), which the model reads as well as it reads them.
MIN_UPPER_WORDS = 4
# The share of an article's sentences written in lower case from which it counts as written so
# (0.5: a majority). Reuters copy, written normally, has a lower-case piece in 3 % of articles
# (an abbreviation cuts a sentence); IndiaPoliceEvents articles are 95-100 % lower case.
LOWER_SHARE = 0.5
# Multi-word names looked up in the gazetteer, longest first ("united arab emirates").
MAX_NAME_WORDS = 4

_SENTENCE_END = (".", "!", "?")
_ATTRS = [ORTH, IS_ALPHA, IS_LOWER, IS_UPPER, IS_TITLE, IS_STOP, IS_SPACE]
# The annotations the restored Doc takes from the copy. Sentence starts come with HEAD (spaCy
# derives them from the parse; giving both is an error).
_COPIED = [TAG, POS, MORPH, DEP, HEAD, LEMMA, ENT_IOB, ENT_TYPE, ENT_ID, ENT_KB_ID]
_CASED_KEY = "newsgraph.cased_text"
_HINT_KEY = "newsgraph.casing_hint"
_WORDS_KEY = "newsgraph.written_words"


# A text whose letters are less than this share capitals may be written in lower case (the
# sentences are then checked one by one). Normally written English news has 3-6 % capitals
# (Reuters-21578: 4.2 % on average, no article below 2 %); IndiaPoliceEvents, written in lower
# case but for a few share buttons, has 0.1-0.8 %.
LOWER_TEXT_CAPITALS = 0.015
# Lines of at most this many words are checked for Title Case (headlines, subheads).
TITLE_LINE_WORDS = 20
_UPPER_BYTES = bytes(range(65, 91))
_LOWER_BYTES = bytes(range(97, 123))


def might_need_truecasing(text: str) -> bool:
    """A string check (~30 us an article, against ~300 us for reading the tokens' flags) that
    lets a normally written article skip the truecaser: the text may be in lower case, or hold
    a line in capitals or a short line in Title Case."""
    raw = text.encode("utf-8", "replace")
    upper = len(raw) - len(raw.translate(None, _UPPER_BYTES))
    lower = len(raw) - len(raw.translate(None, _LOWER_BYTES))
    if upper + lower >= 20 and upper < LOWER_TEXT_CAPITALS * (upper + lower):
        return True
    for line in text.split("\n"):
        if line.isupper() and len(line.split()) >= MIN_UPPER_WORDS:
            return True
        if _title_line(line):
            return True
    return False


def _title_line(line: str) -> bool:
    words = line.split()
    if not (TITLE_MIN_WORDS <= len(words) <= TITLE_LINE_WORDS) or line.rstrip().endswith((".", '"', "”")):
        return False
    content = [w for w in words if w[:1].isalpha() and w.lower() not in STOP_WORDS]
    titled = [w for w in content if w[:1].isupper()]
    return len(titled) >= TITLE_MIN_WORDS and len(titled) >= TITLE_SHARE * len(content)


class CasingTokenizer:
    """spaCy's tokenizer with the check above: it tokenises as spaCy does and marks the Doc of a
    text that may need truecasing (`might_need_truecasing`) for the `newsgraph_truecase_v1`
    component, which has only the tokens (joining them back to a text costs ~0.5 ms)."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self._tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self._tokenizer(text)
        if might_need_truecasing(text):
            doc.user_data[_HINT_KEY] = True
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        # everything else (memory zones, the cache, special cases) is the wrapped tokenizer's
        return getattr(self._tokenizer, name)


def sentence_casings(doc: Doc) -> list[tuple[int, int, str]]:
    """(first token, end token, casing) of each sentence of a tokenised Doc, sentences ending
    at ".", "!", "?" or a line break (no parse yet). Counted for all sentences at once from the
    lexeme flags: on a normally written article this costs ~50 us, not a string pass."""
    n = len(doc)
    if not n:
        return []
    arr = doc.to_array(_ATTRS)
    orth = arr[:, 0]
    boundary = arr[:, 6] == 1
    for end_id in _sentence_end_ids():  # np.isin costs 3x more on arrays this short
        boundary |= orth == end_id
    sentence = np.concatenate(([0], np.cumsum(boundary)[:-1]))  # a boundary token ends its sentence
    k = int(sentence[-1]) + 1
    alpha = arr[:, 1] == 1
    content = alpha & (arr[:, 5] == 0)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(sentence[mask], minlength=k)

    words, lower, upper = count(alpha), count(alpha & (arr[:, 2] == 1)), count(alpha & (arr[:, 3] == 1))
    contents, titled = count(content), count(content & (arr[:, 4] == 1))
    long_enough = words >= MIN_WORDS
    cased = long_enough & ((upper == words) | (lower == words))
    if not (cased.any() or (titled >= TITLE_MIN_WORDS).any()):
        return [(0, n, NORMAL)]  # the common case, decided before the per-sentence work
    kinds = np.zeros(k, dtype=np.int8)
    kinds[long_enough & (titled >= TITLE_MIN_WORDS) & (titled >= TITLE_SHARE * contents)] = 3
    kinds[long_enough & (words >= MIN_UPPER_WORDS) & (upper == words)] = 2
    lower_case = long_enough & (lower == words)
    # Lower case is how a whole article is written (an archive, a feed): in a normally written
    # one a lower-case "sentence" is a piece cut at an abbreviation ("(D-Cal." + "to 70 pct")
    if lower_case.sum() >= LOWER_SHARE * long_enough.sum():
        kinds[lower_case] = 1
        kinds[(words > 0) & ~long_enough & (lower == words)] = 1  # its short lines too: "april 9, 2008"
    if not kinds.any():
        return [(0, n, NORMAL)]
    starts = np.concatenate(([0], np.flatnonzero(boundary) + 1))
    starts = starts[starts < n]
    ends = np.concatenate((starts[1:], [n]))
    names = (NORMAL, LOWER, UPPER, TITLE)
    return [
        (int(a), int(b), names[int(c)]) for a, b, c in zip(starts, ends, kinds[: len(starts)], strict=True)
    ]


@functools.cache
def _sentence_end_ids() -> list[int]:
    return [get_string_id(p) for p in _SENTENCE_END]


def needs_truecasing(casings: Iterable[tuple[int, int, str]]) -> bool:
    return any(c != NORMAL for _, _, c in casings)


@functools.cache
def _lexicon() -> dict[str, str]:
    """Lower-cased name -> its written form, for the names newsgraph knows: organisations and
    their acronyms, states, capitals and demonyms, months and weekdays, "I"."""
    gaz = gazetteer()
    out: dict[str, str] = {}
    for names in gaz.org_names.values():
        for n in names:
            out.setdefault(n.lower(), n)
    for n in gaz.country_names:
        out.setdefault(n.lower(), n)
    for n in (*gaz.capital_of, *gaz.demonym_of):
        out.setdefault(n, n.title())
    for n in (*calendar.month_name[1:], *calendar.day_name):
        out.setdefault(n.lower(), n)
    for low, form in list(out.items()):
        if low.endswith(".") and low.count(".") > 1:
            out.setdefault(low[:-1], form[:-1])  # "u.s" + "." as the tokenizer cuts "u.s." in lower case
    out["i"] = "I"
    # a name that is also a function word of English ("us", "who") keeps its lower case here:
    # `proper_noun_forms` gives it its capitals where the tagger reads a proper noun ("the us
    # army"); "may" and "march" are verbs more often than months (`_months_before_numbers`)
    for word in [w for w in out if w in STOP_WORDS or w in ("may", "march")]:
        out.pop(word, None)
    return out


@functools.cache
def _function_word_names() -> dict[str, str]:
    """ "us" -> "US", "who" -> "WHO": names of the gazetteer that are also function words."""
    gaz = gazetteer()
    names = [n for names in gaz.org_names.values() for n in names] + list(gaz.country_names)
    return {n.lower(): n for n in names if n.lower() in STOP_WORDS and n.isupper()}


class Truecaser:
    """The `newsgraph_truecase_v1` component (see the module docstring)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        # taken now, when the component is added to the loaded model (components.add_to), before
        # any text adds strings: taken at the first lower-case article, it held the words of every
        # article read before it, so an article's truecasing (and its names, its events) changed
        # with what the same process had read first (two runs with 2 workers differed on 78 of
        # 621 lower-case articles)
        vocabulary = frozenset(s for s in nlp.vocab.strings if s.isalpha() and s.islower())
        self._known = vocabulary | _lemmatizer_words(nlp)  # add_to wraps the lemmatizer first
        places()  # read the gazetteer's places now, with the model, not in the first article

    def known_words(self) -> frozenset[str]:
        """The lower-case words of the model's own vocabulary as it was loaded (its training
        words), before any article added strings of its own, and the English words of its
        lemmatizer's tables (WordNet's index: "effigy", "valour", which the small model never
        saw; MEANTIME lower-cased: 17 -> 12 spurious names, typed F 0.864 -> 0.866). Both are
        fixed data, taken with the model (before the workers fork), not in the first article."""
        return self._known

    def __call__(self, doc: Doc) -> Doc:
        if not doc.user_data.pop(_HINT_KEY, False):
            return doc
        casings = sentence_casings(doc)
        casings = [(a, b, c) for a, b, c in casings if c != TITLE or self._title_style(doc, a, b, casings)]
        if not needs_truecasing(casings):
            return doc
        words = [t.text for t in doc]
        cased = truecase_words(doc, casings)
        cased = self._proper_nouns(doc, casings, cased)
        copy = Doc(doc.vocab, words=cased, spaces=[bool(t.whitespace_) for t in doc])
        copy.user_data.update(doc.user_data)
        copy.user_data[_WORDS_KEY] = words
        return copy

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def _title_style(self, doc: Doc, start: int, end: int, casings: list[tuple[int, int, str]]) -> bool:
        """A Title Case sentence capitalises common words: one the article writes in lower case
        elsewhere, or a stop word inside it ("Kills 12 In Kharkiv")."""
        body = _written_forms(doc, casings)
        for t in doc[start + 1 : end]:
            if not t.is_title:
                continue
            if t.is_stop or body.get(t.lower_) == t.lower_:
                return True
        return False

    def _proper_nouns(self, doc: Doc, casings: list[tuple[int, int, str]], cased: list[str]) -> list[str]:
        """Capitalise what the model's tagger, reading the truecased sentences, takes for
        proper nouns; see `proper_noun_forms`."""
        index = [i for a, b, c in casings if c != NORMAL for i in range(a, b)]
        if not index:
            return cased
        part = Doc(
            doc.vocab, words=[cased[i] for i in index], spaces=[bool(doc[i].whitespace_) for i in index]
        )
        for name in ("tok2vec", "tagger"):
            if name in self.nlp.pipe_names:
                part = self.nlp.get_pipe(name)(part)
        was_capital = {k for k, i in enumerate(index) if doc[i].is_upper or doc[i].is_title}
        forms = proper_noun_forms(part, self.known_words(), was_capital)
        words = [forms.get(k, t.text) for k, t in enumerate(part)]
        _organisation_heads(words)
        _acronym_expansions(words)
        out = list(cased)
        for k, i in enumerate(index):
            out[i] = words[k]
        return out


# A noun the model's vocabulary has never seen ("lamamra", "darfur", "akhtar") is a name in a
# lower-case sentence: the English words news uses are in the vocabulary the model was trained
# with (84k strings), names from other languages mostly are not. Words shorter than this are
# left to the tagger (abbreviations, units).
MIN_UNKNOWN_LETTERS = 3
# Tags before a word that make it a common noun, whatever GeoNames says ("the van", "his
# mobile", "a new man"): determiners, possessives, adjectives, numbers.
_COMMON_NOUN_BEFORE = frozenset({"DT", "PRP$", "JJ", "JJR", "JJS", "CD", "POS", "PDT", "WP$"})


def _lemmatizer_words(nlp: Language) -> frozenset[str]:
    """The one-word entries of the rule lemmatizer's index (nouns, verbs, adjectives, adverbs)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    pipe = nlp.get_pipe("lemmatizer")
    lemmatizer = getattr(pipe, "inner", None) or pipe
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(w for words in index.values() for w in words if w.isalpha())


def proper_noun_forms(
    part: Doc, known: frozenset[str] = frozenset(), was_capital: frozenset[int] | set[int] = frozenset()
) -> dict[int, str]:
    """Token index -> capitalised form, for the lower-case words of a tagged Doc that name
    something: tagged as proper nouns (here or, tagged a noun here, elsewhere in the Doc), a
    noun the model's vocabulary (`known`) lacks, an acronym in brackets, or a well-known place
    of the gazetteer used as a noun ("from london to sydney": "sydney" tagged NN, not after a
    determiner or an adjective). A word written in capitals (`was_capital`: of a sentence in
    capitals or in Title Case) needs no noun tag for the last two: the tagger reads a lowered
    "entered sirte" as an adverb."""
    # a word tagged a proper noun once is one wherever it is tagged a noun ("boeing" NNP here,
    # NN there); not where it is tagged otherwise (the "new" of "new york" is not the "new" of
    # "a new airliner", tagged JJ)
    tagged = {t.text for t in part if t.tag_ in ("NNP", "NNPS") and t.is_alpha}
    acronyms = {t.text for t in part if _bracketed_acronym(part, t.i)}
    out: dict[int, str] = {}
    function_names = _function_word_names()
    for t in part:
        w = t.text
        after_the = t.i > 0 and part[t.i - 1].lower_ == "the"
        if t.is_stop and (t.tag_ in ("NNP", "NNPS") or after_the) and w in function_names:
            out[t.i] = function_names[w]  # "the us army", "the who said": not "told us"
            continue
        if not (t.is_alpha and t.is_lower) or t.is_stop:
            continue
        nounish = t.tag_.startswith("NN") or t.i in was_capital
        unknown = bool(known) and w not in known and len(w) >= MIN_UNKNOWN_LETTERS and nounish
        if w in acronyms or ((t.tag_ in ("NNP", "NNPS") or unknown) and _voweless(w)):
            out[t.i] = w.upper()  # "(usaf)", "gm", "npd": acronyms
            continue
        proper = t.tag_ in ("NNP", "NNPS") or unknown or (w in tagged and not t.tag_.startswith("JJ"))
        if proper or (nounish and not t.tag_.startswith("VB") and _place_word(part, t.i)):
            out[t.i] = _capitalised(w)
    return out


def _voweless(word: str) -> bool:
    """ "gm", "bbc", "npd": a short word without a vowel is an acronym, unless it is an
    abbreviated title ("mr", "dr", "st")."""
    return 2 <= len(word) <= 5 and not any(v in word for v in "aeiouy") and word not in honorific_words()


def _organisation_heads(words: list[str]) -> None:
    """ "Singapore airlines" -> "Singapore Airlines": an organisation's head word right after a
    capitalised name is part of it."""
    heads = {h.lower(): h for h in gazetteer().org_heads}
    for i in range(1, len(words)):
        head = heads.get(words[i])
        if head is not None and len(head) == len(words[i]) and words[i - 1][:1].isupper():
            words[i] = head


def _acronym_expansions(words: list[str]) -> None:
    """ "general motors" beside "GM": words whose initials spell an acronym of the text, right
    before it in brackets or written twice, are the name it stands for."""
    acronyms = {w for w in words if w.isupper() and w.isalpha() and 2 <= len(w) <= 5}
    for acronym in acronyms:
        letters = acronym.lower()
        found: dict[tuple[str, ...], list[int]] = {}
        for i in range(len(words) - len(letters) + 1):
            span = words[i : i + len(letters)]
            if all(
                w[:1].lower() == c and w.isalpha() and w.lower() not in STOP_WORDS
                for w, c in zip(span, letters, strict=True)
            ):
                found.setdefault(tuple(w.lower() for w in span), []).append(i)
        for span, starts in found.items():
            bracketed = any(words[i + len(span) : i + len(span) + 2] == ["(", acronym] for i in starts)
            if len(starts) >= 2 or bracketed:
                for i in starts:
                    for k in range(i, i + len(span)):
                        words[k] = _capitalised(words[k])


def _bracketed_acronym(part: Doc, i: int) -> bool:
    """ "(mro)", "(usaf)": a short proper noun alone in brackets is an acronym (or a ticker)."""
    t = part[i]
    return (
        0 < i < len(part) - 1
        and part[i - 1].text == "("
        and part[i + 1].text == ")"
        and t.is_alpha
        and 2 <= len(t) <= 5
        and t.tag_ in ("NNP", "NNPS", "NN")
    )


def _place_word(part: Doc, i: int) -> bool:
    before = part[i - 1].tag_ if i > 0 else ""
    if before in _COMMON_NOUN_BEFORE or len(part[i]) < 4:
        return False
    found = places().get(part[i].text)
    return found is not None and found.main_name and (is_well_known_place(found) or found.kind != "city")


def truecase_words(doc: Doc, casings: list[tuple[int, int, str]]) -> list[str]:
    """The words of `doc`, those of its abnormally cased sentences in the form the article, or
    else the gazetteer, writes them; other words of those sentences in lower case."""
    body = _written_forms(doc, casings)
    lexicon = _lexicon()
    words = [t.text for t in doc]
    for start, end, casing in casings:
        if casing == NORMAL:
            continue
        for i in range(start, end):
            w = words[i]
            low = w.lower()
            form = body.get(low) or lexicon.get(low)
            if form is None and casing == UPPER and _looks_like_acronym(w):
                form = w
            words[i] = form if form is not None and len(form) == len(w) else low
        _months_before_numbers(words, start, end)
        _name_phrases(words, start, end, lexicon)
        _defined_acronyms(words, start, end)
        first = next((i for i in range(start, end) if words[i][:1].isalpha()), None)
        if first is not None and words[first].islower():
            words[first] = _capitalised(words[first])
    return words


def _months_before_numbers(words: list[str], start: int, end: int) -> None:
    """ "may 24", "march 01, 2008": the two months that are also verbs, before a day number."""
    for i in range(start, end - 1):
        if words[i] in ("may", "march") and words[i + 1][:1].isdigit():
            words[i] = words[i].title()


def _written_forms(doc: Doc, casings: list[tuple[int, int, str]]) -> dict[str, str]:
    """Lower-cased word -> the form the article's normally written sentences give it most often,
    not counting a sentence's first word (capitalised there whatever it is)."""
    counts: dict[str, Counter[str]] = {}
    for start, end, casing in casings:
        if casing != NORMAL:
            continue
        for t in doc[start + 1 : end]:
            if t.is_alpha:
                counts.setdefault(t.lower_, Counter())[t.text] += 1
    return {low: c.most_common(1)[0][0] for low, c in counts.items()}


def _name_phrases(words: list[str], start: int, end: int, lexicon: dict[str, str]) -> None:
    """Multi-word names of the gazetteer and of GeoNames in their written form ("new delhi" ->
    "New Delhi", "saudi arabia" -> "Saudi Arabia"), longest first."""
    index = places()
    i = start
    while i < end:
        for size in range(min(MAX_NAME_WORDS, end - i), 1, -1):
            span = words[i : i + size]
            if not span[0][:1].isalpha() or not span[-1][:1].isalpha():
                continue
            low = " ".join(w.lower() for w in span)
            known = lexicon.get(low)
            if known is not None and len(known.split()) == size:
                words[i : i + size] = [
                    k if len(k) == len(w) else w for k, w in zip(known.split(), span, strict=True)
                ]
                i += size
                break
            found = index.get(low)
            if found is not None and found.main_name and not any(w in _FUNCTION_WORDS for w in low.split()):
                words[i : i + size] = [_capitalised(w) for w in span]
                i += size
                break
        else:
            i += 1


_FUNCTION_WORDS = frozenset("of the and in on at to for a an by with from".split())


def _defined_acronyms(words: list[str], start: int, end: int) -> None:
    """ "(eads)" after "european aeronautic defence and space company": an acronym whose letters
    are the initials of the words before it, which are the name it stands for."""
    for i in range(start + 1, end - 1):
        if words[i - 1] != "(" or words[i + 1] != ")":
            continue
        letters = words[i].lower()
        if not (2 <= len(letters) <= 8 and letters.isalpha()):
            continue
        span = _expansion(words, start, i - 1, letters)
        if span is None:
            continue
        words[i] = words[i].upper()
        for k in range(*span):
            if words[k].lower() not in _FUNCTION_WORDS:
                words[k] = _capitalised(words[k])


def _expansion(words: list[str], start: int, before: int, letters: str) -> tuple[int, int] | None:
    """(first, end) of the words before `before` whose initials, function words aside, spell
    `letters`; None when there are none."""
    k, need = before, len(letters)
    while k > start and need > 0:
        k -= 1
        w = words[k].lower()
        if w in _FUNCTION_WORDS or w == "&":
            continue
        if not w[:1].isalpha() or w[0] != letters[need - 1]:
            return None
        need -= 1
    return (k, before) if need == 0 else None


def _looks_like_acronym(word: str) -> bool:
    """A capitalised token of capitals without a vowel ("BBC", "DRC"): an acronym in any text."""
    return 2 <= len(word) <= 5 and word.isupper() and not any(v in word for v in "AEIOU")


def _capitalised(word: str) -> str:
    out = word[:1].upper() + word[1:]
    return out if len(out) == len(word) else word


class CaseRestorer:
    """The `newsgraph_restore_case_v1` component: a Doc the truecaser replaced becomes a Doc of
    the words as written again, with the annotations the model made on the copy."""

    def __call__(self, doc: Doc) -> Doc:
        words = doc.user_data.get(_WORDS_KEY)
        if words is None:
            return doc
        written = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
        written.from_array(_COPIED, doc.to_array(_COPIED))
        written.user_data.update({k: v for k, v in doc.user_data.items() if k != _WORDS_KEY})
        written.user_data[_CASED_KEY] = doc.text
        return written

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


def cased_text(doc: Doc, text: str) -> str:
    """The truecased copy of `text` the model read (`text` itself when nothing was truecased)."""
    return doc.user_data.get(_CASED_KEY, text)
