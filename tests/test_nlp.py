"""The spaCy pipeline: our faster attribute ruler must annotate exactly like the model's own."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from newsgraph.nlp import MODEL
from newsgraph.nlp.attributes import FastAttributeRuler
from newsgraph.nlp.lemmas import CachedLemmatizer

EXAMPLES = Path(__file__).parent.parent / "examples" / "articles.jsonl"
# Written to reach the rarer rules: contractions and slang (multi-token lemma rules), "there
# is" (expletive), determiners used as pronouns, auxiliaries, subordinators, runs of spaces.
TRICKY = (
    "I ain't gonna sign it, y'all, and you gotta believe me. Let's go. C'mon!\n\n"
    "There is  a deal, but that is not what those who doubted it said.  "
    "It was I who did it; they have nothing, and nobody doubts it.\n"
    "He'd have told 'em if he'd known, said the minister, who was goin' home."
)


@pytest.fixture(scope="module")
def stock():
    return spacy.load(MODEL, exclude=["senter"])


def _texts() -> list[str]:
    return [json.loads(line)["text"] for line in EXAMPLES.read_text(encoding="utf-8").splitlines()] + [TRICKY]


def test_fast_attribute_ruler_gives_identical_annotations(stock):
    texts = _texts()
    before = stock.pipe_names[: stock.pipe_names.index("attribute_ruler")]
    with stock.select_pipes(enable=before):
        docs = list(stock.pipe(texts))
    copies = [doc.copy() for doc in docs]
    fast = FastAttributeRuler.from_ruler(stock.get_pipe("attribute_ruler"))
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    for doc, copy in zip(docs, copies, strict=True):
        assert np.array_equal(doc.to_array(attrs), copy.to_array(attrs))
        stock.get_pipe("attribute_ruler")(doc)
        fast(copy)
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in copy] == [
            (t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc
        ], doc.text[:60]
    tricky = copies[-1]
    assert {t.lemma_ for t in tricky if t.lower_ in {"ai", "gon", "'em"}} == {"be", "go", "them"}
    assert any(t.pos_ == "SPACE" for t in tricky)


def test_pipeline_uses_the_fast_ruler_under_the_stock_name(nlp):
    assert "attribute_ruler" in nlp.pipe_names
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    doc = nlp("The militia did not attack the base.")
    assert [t.pos_ for t in doc][:4] == ["DET", "NOUN", "AUX", "PART"]


def test_an_unknown_rule_shape_is_refused(stock):
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(stock.vocab)
    ruler.add([[{"SHAPE": "Xxxx"}]], {"POS": "PROPN"})
    with pytest.raises(ValueError, match="not supported"):
        FastAttributeRuler.from_ruler(ruler)


def test_cached_lemmatizer_gives_identical_lemmas(stock):
    texts = _texts() * 2  # the second pass is answered from the cache
    before = stock.pipe_names[: stock.pipe_names.index("lemmatizer")]
    with stock.select_pipes(enable=before):
        docs = list(stock.pipe(texts))
    copies = [doc.copy() for doc in docs]
    cached = CachedLemmatizer()
    cached.wrap(stock.get_pipe("lemmatizer"))
    for doc, copy in zip(docs, copies, strict=True):
        stock.get_pipe("lemmatizer")(doc)
        cached(copy)
        assert [t.lemma_ for t in copy] == [t.lemma_ for t in doc], doc.text[:60]
    assert [t.lemma_ for t in copies[-1]][:5] == ["I", "be", "not", "go", "to"]


def test_pipeline_uses_the_cached_lemmatizer(nlp):
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)
    assert [t.lemma_ for t in nlp("Militias were attacking towns.")] == [
        "militia",
        "be",
        "attack",
        "town",
        ".",
    ]


def test_verb_forms_the_model_lemmatizes_wrongly_are_fixed(nlp, stock):
    sentence = "Students staged a sit-in and the army stages raids."
    assert "stag" in [t.lemma_ for t in stock(sentence)]  # the model's own rule lemmatizer
    lemmas = {t.text: t.lemma_ for t in nlp(sentence)}
    assert lemmas["staged"] == "stage" and lemmas["stages"] == "stage"
