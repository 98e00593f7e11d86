"""spaCy components of newsgraph, added under versioned names.

- `newsgraph_names_v1` (spaCy's EntityRuler, phrase patterns from data/lexicons/ built in
  newsgraph/nlp/patterns.py): states and organisations the small model misses or mislabels
  (militias, acronyms, "Hezbollah Brigades").
  It runs FIRST: phrase patterns need only tokens, and spaCy builds phrase patterns by running
  the components before the ruler (a ruler placed later makes it parse every pattern).
- `newsgraph_shapes_v1` (EntityRuler, token patterns that read part-of-speech): facilities
  ("Mitiga airport") and kunyas ("Abu Mahdi al-Muhandis"). It runs after the tagger, before `ner`.
Both leave `ner` to fill in the rest; neither overwrites an entity set before it.
- `newsgraph_truecase_v1` (first of all) hands the model a truecased copy of a Doc whose
  sentences are written all in lower case, in capitals or in Title Case, and
  `newsgraph_restore_case_v1` (last) puts the words as written back under the model's
  annotations (newsgraph/nlp/casing.py). On a normally written Doc both do nothing.
- `newsgraph_attributes_v1` takes the place of the model's `attribute_ruler` (same name in the
  pipeline, same rules, same annotations, ~6x faster: newsgraph/nlp/attributes.py), and
  `newsgraph_lemmas_v1` wraps the model's `lemmatizer` with a cache (newsgraph/nlp/lemmas.py).
"""

from __future__ import annotations

import logging

from spacy.attrs import ORTH
from spacy.language import Language

from newsgraph.lexicons import load_csv
from newsgraph.names import honorific_abbreviations
from newsgraph.nlp.attributes import FastAttributeRuler
from newsgraph.nlp.casing import CaseRestorer, CasingTokenizer, Truecaser
from newsgraph.nlp.lemmas import CachedLemmatizer
from newsgraph.nlp.patterns import ruler_patterns

log = logging.getLogger(__name__)


@Language.factory("newsgraph_attributes_v1")
def make_attributes(nlp: Language, name: str) -> FastAttributeRuler:
    """Empty until `use_fast_attributes` hands it the rules of the model's own ruler."""
    return FastAttributeRuler()


def use_fast_attributes(nlp: Language) -> None:
    """Swap the model's AttributeRuler for the indexed one, keeping its rules and its name."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    try:
        fast = FastAttributeRuler.from_ruler(nlp.get_pipe("attribute_ruler"))
    except ValueError as err:
        log.warning("keeping spaCy's attribute_ruler: %s", err)
        return
    nlp.replace_pipe("attribute_ruler", "newsgraph_attributes_v1").take_rules(fast)


@Language.factory("newsgraph_lemmas_v1")
def make_lemmas(nlp: Language, name: str) -> CachedLemmatizer:
    """Empty until `use_cached_lemmas` hands it the model's own lemmatizer."""
    return CachedLemmatizer()


def use_cached_lemmas(nlp: Language) -> None:
    """Wrap the model's rule lemmatizer in the cached one, keeping its name."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    stock = nlp.get_pipe("lemmatizer")
    try:
        CachedLemmatizer().wrap(stock)
    except ValueError as err:
        log.warning("keeping spaCy's lemmatizer: %s", err)
        return
    fixes = {row["form"]: row["lemma"] for row in load_csv("lexicons/lemma_fixes.csv")}
    nlp.replace_pipe("lemmatizer", "newsgraph_lemmas_v1").wrap(stock, fixes)


@Language.factory("newsgraph_truecase_v1")
def make_truecase(nlp: Language, name: str) -> Truecaser:
    return Truecaser(nlp)


@Language.factory("newsgraph_restore_case_v1")
def make_restore_case(nlp: Language, name: str) -> CaseRestorer:
    return CaseRestorer()


def add_to(nlp: Language) -> None:
    use_fast_attributes(nlp)
    use_cached_lemmas(nlp)
    for abbreviation in honorific_abbreviations():
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    patterns = ruler_patterns()
    phrases = [p for p in patterns if isinstance(p["pattern"], str)]
    shapes = [p for p in patterns if not isinstance(p["pattern"], str)]
    names = nlp.add_pipe("entity_ruler", name="newsgraph_names_v1", first=True, config={"validate": True})
    names.add_patterns(phrases)
    ruler = nlp.add_pipe("entity_ruler", name="newsgraph_shapes_v1", before="ner", config={"validate": True})
    ruler.add_patterns(shapes)
    # added last so that they stand outermost: the truecaser before the first ruler, the
    # restorer after the last component (the phrase patterns above are built without them)
    nlp.tokenizer = CasingTokenizer(nlp.tokenizer)
    nlp.add_pipe("newsgraph_truecase_v1", first=True)
    nlp.add_pipe("newsgraph_restore_case_v1", last=True)
