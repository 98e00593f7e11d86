"""What our own gold cases score beyond ../shared/eval/score.py's metrics: agent entities (sector and
country), coreference references, and the details of events (negation, modality, claim,
casualties). The shared cases declare none of these, so scoring.py's shared metrics keep their
meaning; a case that declares them is scored on them here.

Gold fields read (all optional):
- an entity of `"type": "AGENT"` with `sector` and `country`: a system agent (`kind` agent) stands
  for it when they share a name word and the sector (`agent_map`); it is right when the country
  is the gold's too (metric `agents`);
- an entity's `references`: the pronouns and descriptions that refer to it ("He", "the group");
  the system entity standing for it must hold each among its references (metric `references`);
- an event's `negated`, `modality`, `claimed_by` (a gold entity id, or words of the claimant)
  and `casualties` ([{kind, count, relation}]): each declared field of a gold event is compared
  with the system event of an allowed type whose participants overlap it, negated ones included
  (metric `event_details`: right fields / declared fields).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

Entity = dict[str, Any]


def _fold(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[^0-9a-z]+", " ", re.sub(r"[’'`‘ʼ]", "", plain)).strip()
    return plain[4:] if plain.startswith("the ") else plain


def _words(entity: Entity) -> set[str]:
    return {w for name in [entity.get("name"), *(entity.get("aliases") or [])] for w in _fold(name).split()}


def agent_map(gold: dict[str, Any], system: dict[str, Any]) -> dict[str, str]:
    """System agent id -> the gold AGENT entity it stands for (shared name word, same sector)."""
    g_agents = [e for e in gold.get("entities", []) if e.get("type") == "AGENT"]
    out: dict[str, str] = {}
    for s in system.get("entities", []):
        if s.get("kind") != "agent":
            continue
        fits = [
            (len(_words(s) & _words(g)), g["id"])
            for g in g_agents
            if g.get("sector") == s.get("sector") and _words(s) & _words(g)
        ]
        if fits:
            out[s["id"]] = max(fits)[1]
    return out


def agents(gold: dict[str, Any], system: dict[str, Any]) -> tuple[tuple[int, int, int], list[str]]:
    """(right, system agents standing for a gold agent, gold agents), and what was missed."""
    g_agents = [e for e in gold.get("entities", []) if e.get("type") == "AGENT"]
    mapping = agent_map(gold, system)
    by_gold: dict[str, list[Entity]] = {}
    for s in system.get("entities", []):
        if s.get("id") in mapping:
            by_gold.setdefault(mapping[s["id"]], []).append(s)
    right = sum(any(s.get("country") == g.get("country") for s in by_gold.get(g["id"], [])) for g in g_agents)
    missed = [
        f"{g['name']} {g.get('sector')}/{g.get('country')}"
        for g in g_agents
        if not any(s.get("country") == g.get("country") for s in by_gold.get(g["id"], []))
    ]
    return (right, len(by_gold), len(g_agents)), missed


def references(
    gold: dict[str, Any], system: dict[str, Any], stands_for: dict[str, str]
) -> tuple[tuple[int, int, int], list[str]]:
    """(gold references found on the right entity, system references of those entities, gold
    references), and what was missed."""
    found = tp = n_sys = n_gold = 0
    missed = []
    for g in gold.get("entities", []):
        wanted = [_fold(r) for r in g.get("references") or []]
        if not wanted:
            continue
        n_gold += len(wanted)
        mine = [
            _fold(r.get("text"))
            for s in system.get("entities", [])
            if stands_for.get(s.get("id")) == g["id"]
            for r in s.get("references") or []
        ]
        n_sys += len(mine)
        for w in wanted:
            if w in mine:
                tp += 1
                mine.remove(w)
            else:
                missed.append(f"{g['name']}: {w!r}")
        found += 1
    return (tp, n_sys, n_gold), missed


def _overlaps(s_ids: list[str], g_ids: list[str], stands_for: dict[str, str]) -> bool:
    return not g_ids or bool({stands_for.get(x) for x in s_ids} & set(g_ids))


def _field_right(key: str, want: Any, event: dict[str, Any], stands_for: dict[str, str]) -> bool:
    if key == "negated":
        return bool(event.get("negated")) == bool(want)
    if key == "modality":
        return event.get("modality") == want
    if key == "claimed_by":
        claim = event.get("claim") or {}
        if stands_for.get(claim.get("source") or "") == want:
            return True
        return bool(_fold(str(want))) and _fold(str(want)) in _fold(claim.get("text"))
    if key == "casualties":
        have = {(c.get("kind"), c.get("count"), c.get("relation")) for c in event.get("casualties") or []}
        return all((c["kind"], c["count"], c.get("relation", "=")) in have for c in want)
    raise ValueError(f"unknown event detail {key!r}")


DETAILS = ("negated", "modality", "claimed_by", "casualties")


def event_details(
    gold: dict[str, Any], system: dict[str, Any], stands_for: dict[str, str]
) -> tuple[tuple[int, int, int], list[str]]:
    """(right fields, declared fields, declared fields), and the wrong ones."""
    right = declared = 0
    wrong = []
    for g in gold.get("events", []):
        fields = [k for k in DETAILS if k in g]
        if not fields:
            continue
        declared += len(fields)
        fits = [
            v
            for v in system.get("events", [])
            if v.get("type") in g["types"]
            and _overlaps(v.get("actors") or [], g.get("actors") or [], stands_for)
            and _overlaps(v.get("targets") or [], g.get("targets") or [], stands_for)
        ]
        for k in fields:
            if any(_field_right(k, g[k], v, stands_for) for v in fits):
                right += 1
            else:
                wrong.append(f"{g['id']}: {k}")
    return (right, declared, declared), wrong
