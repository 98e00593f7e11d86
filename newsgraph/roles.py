"""roles: who holds which title in which organisation (stub, being written)."""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.model import Entity


def find_roles(doc: Doc, entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    return entities
