"""Helpers of the event tests: each sentence in normal and in lower case, the events asserted."""

from __future__ import annotations


def both(sentences: list[str]) -> list[str]:
    """Each sentence as written and in the lower case of South Asian wire text."""
    return [s for text in sentences for s in (text, text.lower())]


def both_with(cases: list[tuple]) -> list[tuple]:
    """`both` for parametrised cases whose first item is the sentence: (text, *expected)."""
    return [(s, *rest) for text, *rest in cases for s in (text, text.lower())]


def asserted(g, etypes=("ASSAULT", "COERCE")):
    """The events of these types that are not negated."""
    return [v for v in g.events if v.type in etypes and not v.negated]


def shown(g):
    """The events as an assertion message shows them: type, trigger, actor and target names."""
    names = {e.id: e.name for e in g.entities}
    return [
        (v.type, v.trigger, [names[a] for a in v.actors], [names[t] for t in v.targets]) for v in g.events
    ]
