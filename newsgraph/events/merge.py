"""One real-world event told several times becomes one Event: candidates of one type that share
a participant, or stand in one sentence, or in one place with no one named (or one of them
naming nobody at all, as a headline does), and whose dates do
not clash, are merged; a definite event noun with no participants of its own ("the explosions",
"the attack") refers back to the latest event of its type. The merged Event keeps every
evidence span, the most precise date, the first claim and every casualty count."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from newsgraph.events.candidate import Candidate
from newsgraph.model import Casualty, Event, Interval


def _compatible(a: Interval | None, b: Interval | None) -> bool:
    return a is None or b is None or (a.start <= b.end and b.start <= a.end)


def _value(c: Candidate) -> Interval | None:
    return c.time.value if c.time is not None else None


@dataclass(frozen=True)
class _Who:
    """What the merge knows of the participants: the generic victims ("people", "civilians":
    agents of sector CVL), whom sharing proves nothing, and the state each one belongs to."""

    generic: frozenset[str]
    country: dict[str, str]
    agents: frozenset[str] = frozenset()

    def named(self, c: Candidate) -> set[str]:
        return c.people - self.generic

    def names(self, c: Candidate) -> set[str]:
        """Participants whose sharing shows one event: names, not agents ("police" fire in many
        places in one article)."""
        return c.people - self.generic - self.agents

    def actor_states(self, c: Candidate) -> set[str]:
        return {self.country[a] for a in c.participants.actors if a in self.country}


def _joins(c: Candidate, g: list[Candidate], who: _Who) -> bool:
    head = g[0]
    if head.type != c.type or head.scope.negated != c.scope.negated:
        return False
    if c.series or any(m.series for m in g):
        return False  # "several such strikes on X" are other strikes than the one on X today
    if not all(_compatible(_value(m), _value(c)) for m in g):
        return False
    p = c.participants
    mine = set(p.targets) - who.generic
    if mine and any((theirs := set(m.participants.targets) - who.generic) and not theirs & mine for m in g):
        return False
    shared = who.names(c) & {x for m in g for x in who.names(m)}
    # "the United States ... an American drone attack": one state acts
    shared_state = who.actor_states(c) & {s for m in g for s in who.actor_states(m)}
    same_sentence = any(m.sentence == c.sentence for m in g)
    unnamed = not who.named(c) and not any(who.named(m) for m in g)
    places = set(p.locations) & {x for m in g for x in m.participants.locations}
    one_actorless = not p.actors or not head.participants.actors
    # "Clashes in Tripoli" (a headline: only a place) and "Militias attacked a police station in
    # Tripoli": a telling with nobody in it is the same event as the one told in its place
    bare = not (p.actors or p.targets) or all(
        not (m.participants.actors or m.participants.targets) for m in g
    )
    in_one_place = places and (unnamed or bare)
    return bool(shared or shared_state or (same_sentence and one_actorless) or in_one_place)


def _unanchored(c: Candidate, who: _Who) -> bool:
    """An event told only by its victims and its words ("At least 103 people were killed",
    "The bombings ... injured 170"): no actor, no name, no place of its own."""
    p = c.participants
    return not p.actors and not who.named(c) and not p.locations


def merge(
    candidates: list[Candidate],
    generic: frozenset[str] = frozenset(),
    country: dict[str, str] | None = None,
    agents: frozenset[str] = frozenset(),
) -> list[list[Candidate]]:
    """Groups of candidates that tell one event. Unanchored candidates are placed last, those
    with a mode first: one joins a group of its type told in its own sentence, else the latest
    group before it of its mode (when it has one) or type; a definite event noun with no one
    named ("the explosions") refers back the same way."""
    who = _Who(generic, country or {}, agents)
    groups: list[list[Candidate]] = []
    later = [c for c in candidates if _unanchored(c, who) or (c.definite and not who.named(c))]
    for c in candidates:
        if any(c is x for x in later):
            continue
        group = next((g for g in groups if _joins(c, g, who)), None)
        if group is None:
            groups.append([c])
        else:
            group.append(c)
    for c in sorted(later, key=lambda c: c.mode is None):
        group = _home(c, groups, who)
        if group is None:
            groups.append([c])
        else:
            group.append(c)
    first = {id(g): min(m.trigger for m in g) for g in groups}
    return sorted(groups, key=lambda g: first[id(g)])


def _home(c: Candidate, groups: list[list[Candidate]], who: _Who) -> list[Candidate] | None:
    same = [
        (min(abs(m.trigger - c.trigger) for m in g if m.sentence == c.sentence), k)
        for k, g in enumerate(groups)
        if g[0].type == c.type and any(m.sentence == c.sentence for m in g)
    ]
    if same:
        return groups[min(same)[1]]  # the nearest event of its sentence
    before = [
        (max(m.trigger for m in g if m.trigger < c.trigger), k)
        for k, g in enumerate(groups)
        if any(m.trigger < c.trigger for m in g) and _refers_back(c, g)
    ]
    return groups[max(before)[1]] if before else next((g for g in groups if _joins(c, g, who)), None)


def _refers_back(c: Candidate, g: list[Candidate]) -> bool:
    head = g[0]
    modes = {m.mode for m in g if m.mode}
    return (
        head.type == c.type
        and head.scope.negated == c.scope.negated
        and (c.mode is None or not modes or c.mode in modes)
        and all(_compatible(_value(m), _value(c)) for m in g)
    )


def to_event(doc: Doc, n: int, group: list[Candidate], prefix: str = "v") -> Event:
    dated = [v for c in group if (v := _value(c)) is not None]
    value = min(dated, key=lambda iv: (iv.end - iv.start).days) if dated else None
    actors = tuple(dict.fromkeys(a for c in group for a in c.participants.actors))
    targets = tuple(dict.fromkeys(t for c in group for t in c.participants.targets if t not in actors))
    locations = tuple(
        dict.fromkeys(
            x for c in group for x in c.participants.locations if x not in actors and x not in targets
        )
    )
    first = group[0]
    return Event(
        id=f"{prefix}{n}",
        type=first.type,
        mode=next((c.mode for c in group if c.mode), None),
        actors=actors,
        targets=targets,
        locations=locations,
        date=value,
        evidence=tuple(dict.fromkeys(c.evidence for c in group)),
        negated=all(c.scope.negated for c in group),
        modality=None if any(c.scope.modality is None for c in group) else first.scope.modality,
        trigger=first.trigger_text,
        actor_text=next((c.participants.actor_text for c in group if c.participants.actor_text), None)
        if not actors
        else None,
        target_text=first.participants.target_text,
        claim=next((c.scope.claim for c in group if c.scope.claim is not None), None),
        casualties=_casualties(group),
    )


def _casualties(group: list[Candidate]) -> tuple[Casualty, ...]:
    seen: dict[tuple[str, int], Casualty] = {}
    for c in group:
        for k in c.casualties:
            seen.setdefault((k.kind, k.evidence.start), k)
    return tuple(seen.values())
