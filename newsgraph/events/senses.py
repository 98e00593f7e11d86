"""Trigger senses (data/events/senses.yaml): whether a trigger word is used in its event sense,
and which type it codes, by the class of its object or subject ("captured a town" ASSAULT,
"captured a commander" COERCE, "hosted foreign troops" no CONSULT, an analyst's "warned" no
THREATEN), plus the verbs that carry an event noun and the other word lists of event senses.

A word's class comes from the entity that holds it (a person, a group, a place; an agent's
class from its sector) or from the class word lists; a word may have several classes ("base"
is a place and armed).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.errors import LexiconError
from newsgraph.events.plover import TYPES
from newsgraph.lexicons import load_yaml
from newsgraph.model import Entity

FILE = "events/senses.yaml"
NONE = "none"  # a sense that codes no event


@dataclass(frozen=True)
class Senses:
    classes: dict[str, frozenset[str]]  # word -> its classes
    partitive_heads: frozenset[str]
    sector_classes: dict[str, frozenset[str]]
    entity_classes: dict[str, frozenset[str]]
    object_senses: dict[str, dict[str, str]]  # verb -> class -> type | none
    subject_senses: dict[str, dict[str, str]]
    complement_objects: dict[str, frozenset[str]]  # verb -> prepositions read like its object
    required_preps: dict[str, frozenset[str]]
    required_clauses: dict[str, frozenset[str]]
    no_event_clauses: dict[str, frozenset[str]]  # "it struck him that ...": no blow
    context_nouns: dict[str, dict[str, frozenset[str]]]
    not_events: dict[str, dict[str, object]]
    modifier_senses: dict[str, dict[str, str]]
    complement_senses: dict[str, dict[str, str]]
    noun_object_senses: dict[str, dict[str, str]]  # event noun -> class of its "on" object -> type
    participant_nouns: frozenset[str]
    light_verbs: frozenset[str]
    carry_out_verbs: frozenset[str]
    lending_verbs: frozenset[str]
    taking_part_verbs: frozenset[str]
    standing_types: frozenset[str]
    alleging: frozenset[str]
    naming_verbs: frozenset[str]
    crowd_words: frozenset[str]
    responsibility_nouns: frozenset[str]
    verbal_senses: dict[str, str]  # verb -> the type it codes as an attack in words | none
    no_event_phrases: frozenset[tuple[str, str]]  # (verb lemma, particle): "shoot back"
    degree_words: dict[str, frozenset[str]]  # verb -> adverbs of degree that make it "affected"
    frame_preps: frozenset[str]  # "after the attack": the time another event is told at
    frame_nouns: frozenset[str]  # "in the wake of the attack"
    frame_verbs: frozenset[str]  # "the riots that followed the attack"
    comparison_preps: frozenset[str]  # "unlike the attack on parliament"
    topic_preps: frozenset[str]  # "regarding the killing of X": the topic of what is said
    place_heads: frozenset[str]  # "Doraha Train": the thing a place's name names
    reaction_words: frozenset[str]  # "condemned the attack": the known event reacted to
    reference_nouns: frozenset[str]  # "the victims of the attack": a known event they refer to
    incident_nouns: frozenset[str]  # "killed in the incident": words for an event of any type
    command_words: frozenset[str]  # "directed the police to arrest": what is ordered, not done


def _check_types(table: dict[str, dict[str, str]], key: str) -> None:
    for word, by_class in table.items():
        for cls, etype in by_class.items():
            if etype != NONE and etype not in TYPES:
                raise LexiconError(f"{FILE}: {key}: {word}/{cls}: {etype!r} is no PLOVER type")


@functools.cache
def senses() -> Senses:
    data = load_yaml(FILE)
    classes: dict[str, set[str]] = {}
    for cls, words in data["classes"].items():
        for w in words:
            classes.setdefault(w, set()).add(cls)
    for key in (
        "object_senses",
        "subject_senses",
        "modifier_senses",
        "complement_senses",
        "noun_object_senses",
    ):
        _check_types(data[key], key)
    _check_types({"verbs": data["verbal_senses"]}, "verbal_senses")
    return Senses(
        classes={w: frozenset(c) for w, c in classes.items()},
        partitive_heads=frozenset(data["partitive_heads"]),
        sector_classes={k: frozenset(v) for k, v in data["sector_classes"].items()},
        entity_classes={k: frozenset(v) for k, v in data["entity_classes"].items()},
        object_senses=data["object_senses"],
        subject_senses=data["subject_senses"],
        complement_objects={k: frozenset(v) for k, v in data["complement_objects"].items()},
        required_preps={k: frozenset(v) for k, v in data["required_preps"].items()},
        required_clauses={k: frozenset(v) for k, v in data["required_clauses"].items()},
        no_event_clauses={k: frozenset(v) for k, v in data["no_event_clauses"].items()},
        context_nouns={
            k: {part: frozenset(ws) for part, ws in v.items()} for k, v in data["context_nouns"].items()
        },
        not_events=data["not_events"],
        modifier_senses=data["modifier_senses"],
        complement_senses=data["complement_senses"],
        noun_object_senses=data["noun_object_senses"],
        participant_nouns=frozenset(data["participant_nouns"]),
        light_verbs=frozenset(data["light_verbs"]),
        carry_out_verbs=frozenset(data["carry_out_verbs"]),
        lending_verbs=frozenset(data["lending_verbs"]),
        taking_part_verbs=frozenset(data["taking_part_verbs"]),
        standing_types=frozenset(data["standing_types"]),
        alleging=frozenset(data["alleging"]),
        naming_verbs=frozenset(data["naming_verbs"]),
        crowd_words=frozenset(data["crowd_words"]),
        responsibility_nouns=frozenset(data["responsibility_nouns"]),
        verbal_senses=data["verbal_senses"],
        no_event_phrases=frozenset(_pair(p) for p in data["no_event_phrases"]),
        degree_words={k: frozenset(v) for k, v in data["degree_words"].items()},
        frame_preps=frozenset(data["frame_preps"]),
        frame_nouns=frozenset(data["frame_nouns"]),
        frame_verbs=frozenset(data["frame_verbs"]),
        comparison_preps=frozenset(data["comparison_preps"]),
        topic_preps=frozenset(data["topic_preps"]),
        place_heads=frozenset(data["place_heads"]),
        reaction_words=frozenset(data["reaction_words"]),
        reference_nouns=frozenset(data["reference_nouns"]),
        incident_nouns=frozenset(data["incident_nouns"]),
        command_words=frozenset(data["command_words"]),
    )


def _pair(phrase: str) -> tuple[str, str]:
    words = phrase.split()
    if len(words) != 2:
        raise LexiconError(f"{FILE}: no_event_phrases: {phrase!r} is not 'verb particle'")
    return words[0], words[1]


def class_of(tok: Token, entity: Entity | None) -> frozenset[str]:
    """The classes of a word: its entity's (an agent's by sector, a person, a group, a place),
    else its own from the class lists."""
    s = senses()
    if tok.lower_ in s.partitive_heads:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((p for p in of.children if p.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None:
            return class_of(pobj, None)
    out: set[str] = set()
    if entity is not None:
        if entity.kind == "agent":
            out |= s.sector_classes.get(entity.sector or "", {"person"})
        else:
            out |= s.entity_classes.get(entity.type, frozenset())
    own = s.classes.get(tok.lemma_.lower(), frozenset()) | s.classes.get(tok.lower_, frozenset())
    out |= own
    if not own:
        # "fired its manager ravi shah", "the employee musa bello": a name is what the title before
        # it says (the entities stage may miss the name, or take it for another type)
        for ch in tok.subtree:
            if ch.dep_ == "compound" and ch.i < tok.i:
                out |= s.classes.get(ch.lemma_.lower(), frozenset()) | s.classes.get(ch.lower_, frozenset())
    if not out and tok.pos_ == "PROPN":
        out.add("person")  # a name the entities stage missed ("siddiqui was picked up"): most are people
    return frozenset(out)


def by_class(table: dict[str, str], classes: frozenset[str], present: bool) -> str | None:
    """The type a sense table gives a word's classes (the first listed class it has), `any` for
    a word of another class; None when the table says nothing (the trigger keeps its types)."""
    for cls, etype in table.items():
        if cls in classes:
            return etype
    if present and "any" in table:
        return table["any"]
    return None
