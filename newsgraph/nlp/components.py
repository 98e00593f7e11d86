"""spaCy components of newsgraph, added under versioned names.

- `newsgraph_names_v1` (spaCy's EntityRuler, phrase patterns from data/lexicons/): states and
  organisations the small model misses or mislabels (militias, acronyms, "Hezbollah Brigades").
  It runs FIRST: phrase patterns need only tokens, and spaCy builds phrase patterns by running
  the components before the ruler (a ruler placed later makes it parse every pattern).
- `newsgraph_shapes_v1` (EntityRuler, token patterns that read part-of-speech): facilities
  ("Mitiga airport") and kunyas ("Abu Mahdi al-Muhandis"). It runs after the tagger, before `ner`.
Both leave `ner` to fill in the rest; neither overwrites an entity set before it.
"""

from __future__ import annotations

from spacy.language import Language


def add_to(nlp: Language) -> None:
    from newsgraph.entities import ruler_patterns

    patterns = ruler_patterns()
    phrases = [p for p in patterns if isinstance(p["pattern"], str)]
    shapes = [p for p in patterns if not isinstance(p["pattern"], str)]
    names = nlp.add_pipe("entity_ruler", name="newsgraph_names_v1", first=True, config={"validate": True})
    names.add_patterns(phrases)
    ruler = nlp.add_pipe("entity_ruler", name="newsgraph_shapes_v1", before="ner", config={"validate": True})
    ruler.add_patterns(shapes)
