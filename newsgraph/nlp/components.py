"""spaCy components of newsgraph, registered under versioned names.

- `newsgraph_entity_ruler` (spaCy's EntityRuler, patterns from data/lexicons/): names the
  small model misses or mislabels (Arabic kunyas and particles, armed groups, acronyms).
  It runs BEFORE `ner`, so the statistical model keeps the ruler's spans and fills in the rest.
"""

from __future__ import annotations

from spacy.language import Language


def add_to(nlp: Language) -> None:
    from newsgraph.entities import ruler_patterns

    patterns = ruler_patterns()
    if patterns:
        ruler = nlp.add_pipe(
            "entity_ruler",
            name="newsgraph_entity_ruler_v1",
            before="ner",
            config={"phrase_matcher_attr": "ORTH", "validate": True},
        )
        ruler.add_patterns(patterns)
