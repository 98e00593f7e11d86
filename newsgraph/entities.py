"""entities: mentions -> in-document entities with every alias (stub, being written)."""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.model import Article, CleanText, Entity, Mention

SCORED = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")


def ruler_patterns() -> list[dict]:
    return []


def find_entities(doc: Doc, clean: CleanText, article: Article) -> tuple[Entity, ...]:
    groups: dict[tuple[str, str], list[Mention]] = {}
    for ent in doc.ents:
        if ent.label_ in SCORED:
            groups.setdefault((ent.label_, ent.text), []).append(
                Mention(ent.start_char, ent.end_char, ent.text, ent.label_)
            )
    return tuple(
        Entity(id=f"e{i}", type=label, name=name, aliases=(name,), mentions=tuple(ms))
        for i, ((label, name), ms) in enumerate(groups.items(), 1)
    )
