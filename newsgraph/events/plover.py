"""The PLOVER ontology as newsgraph uses it: event types, their trigger words and modes,
loaded once from data/plover/triggers.yaml."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.strings import get_string_id

from newsgraph.errors import LexiconError
from newsgraph.lexicons import load_yaml

TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(frozen=True)
class Ontology:
    verbs: dict[str, tuple[str, ...]]  # lemma (or "lathi-charge") -> types it may trigger, in file order
    phrasal: dict[tuple[str, str], tuple[str, ...]]  # (lemma, particle) -> types
    nouns: dict[str, tuple[str, ...]]  # lemma -> types
    compound_nouns: dict[tuple[str, str], tuple[str, ...]]  # ("air", "strike") -> types
    modes: dict[str, dict[str, frozenset[str]]]  # type -> mode -> words
    negators: frozenset[str]
    denial_verbs: frozenset[str]
    hypothetical_aux: frozenset[str]
    aim_heads: frozenset[str]  # "seeking to expand": an aim
    intent_heads: frozenset[str]  # what these govern is wished or threatened (aim heads too)
    # (verb lemma, type) -> the nouns one of which its object must hold for it to code the type
    object_required: dict[tuple[str, str], frozenset[str]]
    # string ids of every word a trigger may be read at (a verb or noun lemma, a phrase's verb, a
    # compound's words): nlp.tokens_matching finds the few tokens that may trigger
    trigger_hashes: frozenset[int] = frozenset()


@functools.cache
def ontology() -> Ontology:
    data = load_yaml("plover/triggers.yaml")
    verbs: dict[str, list[str]] = {}
    phrasal: dict[tuple[str, str], list[str]] = {}
    nouns: dict[str, list[str]] = {}
    compounds: dict[tuple[str, str], list[str]] = {}
    for etype, entry in data["types"].items():
        if etype not in TYPES:
            raise LexiconError(f"plover/triggers.yaml: unknown PLOVER type {etype}")
        for v in entry.get("verbs") or []:
            words = v.split()
            if len(words) == 1:
                verbs.setdefault(words[0], []).append(etype)
            else:
                phrasal.setdefault((words[0], words[-1]), []).append(etype)
        for n in entry.get("nouns") or []:
            words = n.split()
            if len(words) == 1:
                nouns.setdefault(words[0], []).append(etype)
            else:
                compounds.setdefault((words[0], words[-1]), []).append(etype)
    modes = {t: {m: frozenset(ws) for m, ws in ms.items()} for t, ms in data["modes"].items()}
    words = set(verbs) | {v for v, _ in phrasal} | set(nouns) | {w for pair in compounds for w in pair}
    words |= {w.split("-")[-1] for w in words if "-" in w} | {w.split("-")[0] for w in words if "-" in w}
    return Ontology(
        trigger_hashes=frozenset(get_string_id(w) for w in words),
        verbs={k: tuple(v) for k, v in verbs.items()},
        phrasal={k: tuple(v) for k, v in phrasal.items()},
        nouns={k: tuple(v) for k, v in nouns.items()},
        compound_nouns={k: tuple(v) for k, v in compounds.items()},
        modes=modes,
        negators=frozenset(data["negators"]),
        denial_verbs=frozenset(data["denial_verbs"]),
        hypothetical_aux=frozenset(data["hypothetical_aux"]),
        aim_heads=frozenset(data["aim_heads"]),
        intent_heads=frozenset(data["intent_heads"]) | frozenset(data["aim_heads"]),
        object_required={
            (verb, etype): frozenset(entry["objects"])
            for etype, entry in (data.get("object_required") or {}).items()
            for verb in entry["verbs"]
        },
    )
