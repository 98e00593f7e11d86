"""quotes: who said what, named or not (stub, being written)."""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.model import Entity, Quote


def find_quotes(doc: Doc, entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    return ()
