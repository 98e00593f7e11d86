"""engine: the whole resolution in memory, in the order every engine runs it.

    units -> name groups (units.py) -> candidate pairs (blocking.py) -> system judgements
    (scoring.py) -> ambiguous surnames settled (judgements.py) -> clusters (clusters.py)

The store (store/resolution.py) runs the same steps with DuckDB doing the blocking join and
keeping the results; Spark (spark/resolve.py) runs grouping, blocking and scoring on partitions.
This module is the reference both are tested against, and what the labelled set is scored with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from newsgraph.resolve import scoring
from newsgraph.resolve.blocking import candidate_pairs
from newsgraph.resolve.clusters import cluster
from newsgraph.resolve.judgements import SYSTEM, Judgement, settle_ambiguous
from newsgraph.resolve.units import Group, Unit, group_units


@dataclass(frozen=True, slots=True)
class Resolution:
    groups: dict[str, Group]
    judgements: list[Judgement]  # system judgements, then the analysts' given
    assignment: dict[str, str]  # group key -> entity id

    def entity_of(self, unit: Unit) -> str:
        return self.assignment[unit.group_key]


def judge_pairs(
    groups: Mapping[str, Group], pairs: Iterable[tuple[str, str]], resolver: str = "newsgraph.resolve.v1"
) -> list[Judgement]:
    """System judgements for candidate pairs (in pair order), ambiguous surnames settled."""
    pairs = sorted(set(pairs))
    counts = scoring.full_name_candidates(groups, pairs)
    out = []
    for a, b in pairs:
        s = scoring.score_pair(groups[a], groups[b], scoring.candidates_for((a, b), groups, counts))
        out.append(Judgement(a, b, s.verdict, SYSTEM, s.points, s.reasons, author=resolver))
    partial = {k for k, g in groups.items() if scoring.is_partial(g.parts) and g.type_class == "PERSON"}
    return settle_ambiguous(out, partial, scoring.AMBIGUITY_MARGIN)


def resolve(units: Iterable[Unit], analyst: Iterable[Judgement] = ()) -> Resolution:
    groups = group_units(units)
    system = judge_pairs(groups, candidate_pairs(groups))
    analyst = list(analyst)
    return Resolution(groups, system + analyst, cluster(groups, system + analyst))
