"""temporal (the "time" stage): time expressions -> intervals anchored on `published` (stub)."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from newsgraph.model import TimeExpr


def find_times(doc: Doc, published: date | None) -> tuple[TimeExpr, ...]:
    return ()
