"""lemmas: the model's rule lemmatizer, its answers cached per (word, POS, morphology).

spaCy's Lemmatizer visits every token in Python and sets `token.lemma_` one by one (~10 µs a
token, 3 % of the pipeline in benchmarks/). Its answer depends only on the token's text, POS
and morphology (spaCy's own cache is keyed on exactly these), so this component reads those
three columns as arrays, asks the model's lemmatizer once per distinct key, and writes the
lemma column back in one call. Tokens that already have a lemma (set by the attribute ruler)
keep it, as with the stock component (`overwrite = False` in the model).
tests/test_nlp.py checks that the lemmas are identical to the stock component's. Verb forms
the model's rules get wrong ("staged" -> "stag") are then corrected from
data/lexicons/lemma_fixes.csv, for VERB and AUX tokens only.

Two things about the wrapped lemmatizer itself: its rules test `form in index` against the
model's list of known words (57k nouns), a linear scan of ~90 µs a call (0.7 s of 18 s for
300 Reuters articles in cProfile); the same words as sets give the same answers at once. And
it keeps its own cache of every key it was asked, without bound; that one is cleared with
ours.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER, MORPH, ORTH, POS
from spacy.lookups import Lookups
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

# Distinct (word, POS, morphology) keys kept per process; cleared when full so memory stays
# flat on any archive (Reuters: ~10k keys after 400 articles, ~27k after 2,400). 20k keys
# (~4 MB) still answer most tokens: the frequent words come back right after a clear.
CACHE_LIMIT = 20_000
_VERBS = frozenset({POS_IDS["VERB"], POS_IDS["AUX"]})


class CachedLemmatizer:
    """Drop-in for a loaded rule Lemmatizer with overwrite off (same lemmas, fewer calls)."""

    def __init__(self) -> None:
        self.inner: Lemmatizer | None = None
        # lemma strings, not their hashes: a hash added inside spaCy's memory zone is gone
        # from the vocabulary after it (pipeline.py runs each batch in a zone)
        self._lemma: dict[tuple[int, int, int], str] = {}
        self._fixes: dict[int, str] = {}  # lowercase verb form (hash) -> lemma

    def wrap(self, inner: Lemmatizer, fixes: dict[str, str] | None = None) -> None:
        """Use `inner` for every new key; `fixes` maps verb forms to the lemma they should get."""
        if inner.mode != "rule" or inner.overwrite:
            raise ValueError(f"only a rule lemmatizer without overwrite can be cached ({inner.mode})")
        inner.lookups = _index_as_sets(inner.lookups)
        self.inner, self._lemma = inner, {}
        self._fixes = {inner.vocab.strings.add(form): lemma for form, lemma in (fixes or {}).items()}

    def __call__(self, doc: Doc) -> Doc:
        if self.inner is None:
            raise ValueError("CachedLemmatizer used before wrap()")
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA, LOWER])
        lemmas = columns[:, 3].copy()
        for i, (orth, pos, morph, lemma, lower) in enumerate(columns.tolist()):
            if lemma == 0:
                lemmas[i] = self._lemma_of(doc, i, (orth, pos, morph))
                if lower in self._fixes and pos in _VERBS:
                    lemmas[i] = doc.vocab.strings.add(self._fixes[lower])
        doc.from_array([LEMMA], lemmas)
        return doc

    def _lemma_of(self, doc: Doc, i: int, key: tuple[int, int, int]) -> int:
        found = self._lemma.get(key)
        if found is None:
            found = self.inner.lemmatize(doc[i])[0]
            if len(self._lemma) >= CACHE_LIMIT:
                self._lemma.clear()
                self.inner.cache.clear()
            self._lemma[key] = found
        return doc.vocab.strings.add(found)


def _index_as_sets(lookups: Lookups) -> Lookups:
    """The same tables, with the lists of known words per POS as frozensets."""
    fast = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            fast.add_table(name, {key: frozenset(words) for key, words in table.items()})
        else:
            fast.set_table(name, table)
    return fast
