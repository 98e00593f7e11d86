"""events: PLOVER-coded events (stub, being written)."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from newsgraph.model import Entity, Event, TimeExpr


def find_events(
    doc: Doc, entities: tuple[Entity, ...], times: tuple[TimeExpr, ...], published: date | None
) -> tuple[Event, ...]:
    return ()
