"""engine: the whole resolution in memory, in the order every engine runs it.

    units -> name groups (units.py) -> candidate pairs (blocking.py) -> system judgements
    (scoring.py) -> ambiguous surnames settled (judgements.py) -> clusters (clusters.py)

The store (store/resolution.py) runs the same steps with DuckDB doing the blocking join and
keeping the results; Spark (spark/resolve.py) runs grouping, blocking and scoring on partitions.
This module is the reference both are tested against, and what the labelled set is scored with.
"""

from __future__ import annotations

import multiprocessing as mp
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


# Below this many pairs one process judges them all: forking and shipping the judgements back
# cost more than the second core saves (measured: 100k pairs take ~1 s in one process).
PARALLEL_MIN_PAIRS = 50_000
# What the worker processes read: set before the fork, inherited, never pickled.
_SHARED: dict[str, object] = {}


def _score_rows(pairs: list[tuple[str, str]]) -> list[tuple[str, float, tuple[str, ...]]]:
    groups, counts = _SHARED["groups"], _SHARED["counts"]
    out = []
    for a, b in pairs:
        s = scoring.score_pair(groups[a], groups[b], scoring.candidates_for((a, b), groups, counts))
        out.append((s.verdict, s.points, s.reasons))
    return out


def _scored(
    groups: Mapping[str, Group],
    pairs: list[tuple[str, str]],
    counts: Mapping[str, int],
    workers: int,
    parallel_min: int,
) -> list[tuple[str, float, tuple[str, ...]]]:
    """(verdict, points, reasons) of every pair, in order; in `workers` forked processes when
    the pairs are many (each pair's score depends on the pair alone, so any split gives the
    same judgements)."""
    _SHARED.update(groups=groups, counts=counts)
    try:
        if workers <= 1 or len(pairs) < parallel_min or "fork" not in mp.get_all_start_methods():
            return _score_rows(pairs)
        size = -(-len(pairs) // (workers * 4))  # a few chunks a worker: an even finish
        chunks = [pairs[i : i + size] for i in range(0, len(pairs), size)]
        with mp.get_context("fork").Pool(workers) as pool:
            return [row for part in pool.map(_score_rows, chunks) for row in part]
    finally:
        _SHARED.clear()


def judge_pairs(
    groups: Mapping[str, Group],
    pairs: Iterable[tuple[str, str]],
    resolver: str = "newsgraph.resolve.v1",
    workers: int = 1,
    parallel_min: int = PARALLEL_MIN_PAIRS,
) -> list[Judgement]:
    """System judgements for candidate pairs (in pair order), ambiguous surnames settled; scored
    in `workers` processes when there are at least `parallel_min` pairs."""
    pairs = sorted(set(pairs))
    counts = scoring.full_name_candidates(groups, pairs)
    rows = _scored(groups, pairs, counts, workers, parallel_min)
    out = [
        Judgement(a, b, verdict, SYSTEM, points, reasons, author=resolver)
        for (a, b), (verdict, points, reasons) in zip(pairs, rows, strict=True)
    ]
    partial = {k for k, g in groups.items() if scoring.is_partial(g.parts) and g.type_class == "PERSON"}
    return settle_ambiguous(out, partial, scoring.AMBIGUITY_MARGIN)


def resolve(units: Iterable[Unit], analyst: Iterable[Judgement] = ()) -> Resolution:
    groups = group_units(units)
    system = judge_pairs(groups, candidate_pairs(groups))
    analyst = list(analyst)
    return Resolution(groups, system + analyst, cluster(groups, system + analyst))
