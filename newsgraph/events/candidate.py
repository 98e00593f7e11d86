"""The frozen records the event coder passes between its steps. They hold token indexes, never
spaCy Tokens (a Token keeps its Doc alive and is no value), and each step returns a new record
(`dataclasses.replace`) instead of changing one."""

from __future__ import annotations

from dataclasses import dataclass

from newsgraph.model import Casualty, Claim, Evidence, TimeExpr


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word that codes an event in its event sense, with the types it may code."""

    token: int  # the trigger word
    head: int  # the word heading the event phrase ("state" of "state of emergency"); = token mostly
    types: tuple[str, ...]
    noun: bool  # an event noun ("the arrest of X"), else a verb
    anchor: int | None = None  # the verb that carries an event noun ("staged a protest")
    # a known event that only frames the news ("after the attack on the train"): it is evidence of
    # that event where the story reports it, and no event of its own
    background: bool = False


@dataclass(frozen=True, slots=True)
class Participants:
    """Who takes part, as entity ids, and their words when no entity holds them."""

    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    actor_text: str | None = None
    target_text: str | None = None


@dataclass(frozen=True, slots=True)
class Scope:
    """Whether the text asserts the event: denied, unreal (modality), someone's claim."""

    negated: bool = False
    modality: str | None = None  # hypothetical | future | intended | unknown | None (asserted)
    claim: Claim | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An event found at one trigger, before the mentions of one real-world event are merged."""

    type: str
    trigger: int
    head: int
    anchor: int | None
    sentence: int  # token index where the trigger's sentence starts
    evidence: Evidence  # the sentence
    trigger_text: str
    mode: str | None
    participants: Participants
    scope: Scope
    definite: bool = False  # "the attack", "the explosions": may refer back to an event told before
    series: bool = False  # "several such strikes", "dozens of raids": many events, not one telling
    # the event noun whose result this verb's event is ("an offensive that killed 41 people",
    # "were injured in two bomb explosions"): one event with it
    part_of: int | None = None
    casualties: tuple[Casualty, ...] = ()
    time: TimeExpr | None = None
    background: bool = False  # see Trigger.background

    @property
    def people(self) -> set[str]:
        return set(self.participants.actors) | set(self.participants.targets)
