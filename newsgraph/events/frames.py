"""The argument-role patterns of data/events/frames.yaml: which word of the parse is an event's
actor or target, per trigger frame (a verb, an event noun).

The patterns are spaCy DependencyMatcher patterns. They are compiled with spaCy's own
DependencyMatcher when loaded, so a malformed one stops the run with its file and name
(LexiconError), and matched here from one trigger token outward: a frame's patterns are small
paths from the trigger (two or three nodes), and walking them from the trigger costs a few
attribute reads, where the DependencyMatcher would search the whole Doc for every pattern.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Token
from spacy.vocab import Vocab

from newsgraph.errors import LexiconError
from newsgraph.lexicons import load_yaml

FILE = "events/frames.yaml"
ROLES = ("actor", "target")
FRAMES = ("verb", "noun")
_ATTRS = {
    "DEP": lambda t: t.dep_,
    "LOWER": lambda t: t.lower_,
    "LEMMA": lambda t: t.lemma_.lower(),
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
}


@dataclass(frozen=True, slots=True)
class Step:
    """One edge of a pattern: from the node `left` to the node `right` by `op`."""

    left: str
    op: str  # ">" child, "<" head
    right: str
    attrs: tuple[tuple[str, Any], ...]  # (attribute, wanted value or {IN: [...]})


@dataclass(frozen=True, slots=True)
class Pattern:
    name: str
    trigger: tuple[tuple[str, Any], ...]  # attributes the trigger must have
    steps: tuple[Step, ...]
    adds: bool  # `all: true`: adds to what earlier patterns found
    only: str | None  # a word list of frames.yaml the trigger's lemma must be in


@dataclass(frozen=True)
class Frames:
    patterns: dict[tuple[str, str], tuple[Pattern, ...]]  # (frame, role) -> patterns in order
    words: dict[str, frozenset[str]]  # the word lists of frames.yaml (place_preps ...)


def _fits(tok: Token, attrs: tuple[tuple[str, Any], ...]) -> bool:
    for key, wanted in attrs:
        value = _ATTRS[key](tok)
        if isinstance(wanted, dict):
            if "IN" in wanted and value not in wanted["IN"]:
                return False
            if "NOT_IN" in wanted and value in wanted["NOT_IN"]:
                return False
        elif value != wanted:
            return False
    return True


def match(pattern: Pattern, trigger: Token) -> list[Token]:
    """The `arg` tokens the pattern reaches from this trigger (none when it does not fit)."""
    if not _fits(trigger, pattern.trigger):
        return []
    bound: list[dict[str, Token]] = [{"trigger": trigger}]
    for step in pattern.steps:
        nxt = []
        for b in bound:
            here = b[step.left]
            reach = list(here.children) if step.op == ">" else ([here.head] if here.head.i != here.i else [])
            nxt.extend({**b, step.right: t} for t in reach if _fits(t, step.attrs))
        bound = nxt
        if not bound:
            return []
    return [b["arg"] for b in bound]


def _attrs(raw: Any, where: str) -> tuple[tuple[str, Any], ...]:
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: RIGHT_ATTRS must be a mapping")
    unknown = set(raw) - set(_ATTRS)
    if unknown:
        raise LexiconError(
            f"{where}: attributes {sorted(unknown)} are not matched here (known: {sorted(_ATTRS)})"
        )
    return tuple(sorted(raw.items()))


def _pattern(raw: dict[str, Any], where: str, vocab: Vocab) -> Pattern:
    nodes = raw.get("pattern")
    if not isinstance(nodes, list) or len(nodes) < 2:
        raise LexiconError(f"{where}: a pattern needs the trigger and at least one more node")
    try:
        DependencyMatcher(vocab).add(where, [nodes])
    except ValueError as exc:
        raise LexiconError(f"{where}: not a DependencyMatcher pattern ({exc})") from exc
    if nodes[0].get("RIGHT_ID") != "trigger" or nodes[-1].get("RIGHT_ID") != "arg":
        raise LexiconError(f"{where}: the first node must be `trigger` and the last `arg`")
    steps = []
    for node in nodes[1:]:
        if node.get("REL_OP") not in (">", "<"):
            raise LexiconError(f"{where}: only the operators > and < are matched here")
        steps.append(
            Step(node["LEFT_ID"], node["REL_OP"], node["RIGHT_ID"], _attrs(node["RIGHT_ATTRS"], where))
        )
    return Pattern(
        name=str(raw.get("name", "")),
        trigger=_attrs(nodes[0].get("RIGHT_ATTRS", {}), where),
        steps=tuple(steps),
        adds=bool(raw.get("all", False)),
        only=raw.get("only"),
    )


@functools.cache
def frames() -> Frames:
    data = load_yaml(FILE)
    vocab = Vocab()
    patterns: dict[tuple[str, str], tuple[Pattern, ...]] = {}
    for frame in FRAMES:
        for role in ROLES:
            entries = (data.get(frame) or {}).get(role) or []
            patterns[(frame, role)] = tuple(
                _pattern(e, f"{FILE}: {frame}/{role}/{e.get('name', k)}", vocab)
                for k, e in enumerate(entries)
            )
    words = {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}
    for p in (p for ps in patterns.values() for p in ps):
        if p.only is not None and p.only not in words:
            raise LexiconError(f"{FILE}: {p.name}: `only: {p.only}` names no word list of the file")
    return Frames(patterns=patterns, words=words)


def arguments(
    frame: str, role: str, trigger: Token, useful: Callable[[Token], bool] | None = None
) -> list[Token]:
    """The argument tokens of one role of a trigger: those of the first pattern that reaches a
    useful one (one that names an entity, when `useful` is given: "fired rockets at the
    embassy" passes over "rockets" to "the embassy"), plus every `all` pattern's. When none is
    useful, the first pattern's words (the actor's words of "protesters", named or not)."""
    found: list[Token] = []
    fallback: list[Token] = []
    lists = frames().words
    for p in frames().patterns[(frame, role)]:
        if found and not p.adds:
            continue
        only = lists.get(p.only, frozenset()) if p.only else None
        if only is not None and trigger.lemma_.lower() not in only and trigger.lower_ not in only:
            continue
        hits = [t for t in match(p, trigger) if t not in found]
        if useful is not None and not any(useful(t) for t in hits):
            fallback = fallback or ([] if p.adds else hits)
            continue
        found.extend(hits)
    return found or fallback
