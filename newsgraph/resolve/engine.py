"""engine: the whole resolution in memory, in the order every engine runs it.

    units -> name groups (units.py) -> candidate pairs (blocking.py) -> system judgements
    (scoring.py) -> ambiguous surnames settled (judgements.py) -> clusters (clusters.py)

The store (store/resolution.py) runs the same steps with DuckDB doing the blocking join and
keeping the results; Spark (spark/resolve.py) runs grouping, blocking and scoring on partitions.
This module is the reference both are tested against, and what the labelled set is scored with.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsgraph.resolve import scoring
from newsgraph.resolve.blocking import candidate_pairs
from newsgraph.resolve.clusters import cluster
from newsgraph.resolve.judgements import SYSTEM, Judgement, settle_ambiguous
from newsgraph.resolve.units import Group, Unit, group_units, make_group


@dataclass(frozen=True, slots=True)
class Resolution:
    groups: dict[str, Group]
    judgements: list[Judgement]  # system judgements, then the analysts' given
    assignment: dict[str, str]  # group key -> entity id

    def entity_of(self, unit: Unit) -> str:
        return self.assignment[unit.group_key]


# Below this many pairs one process judges them all: forking and shipping the judgements back
# cost more than the second core saves (measured: 100k pairs take ~2 s in one process, a fork
# and the pickled judgements back ~0.5 s).
PARALLEL_MIN_PAIRS = 50_000
# Below this many name groups one process builds them all, for the same reason (5k groups of
# the benchmark store take ~1 s in one process).
PARALLEL_MIN_GROUPS = 5_000
# What the worker processes read: set before the fork, inherited, never pickled.
_SHARED: dict[str, Any] = {}


def _forked_map(
    fn: Callable[[list[Any]], list[Any]], items: list[Any], workers: int, **shared: Any
) -> list[Any]:
    """fn over chunks of items in `workers` forked processes (one when workers <= 1), results
    in item order; fn reads `shared` from _SHARED, inherited by the fork rather than pickled."""
    _SHARED.update(shared)
    try:
        if workers <= 1 or "fork" not in mp.get_all_start_methods():
            return fn(items)
        size = max(1, -(-len(items) // (workers * 4)))  # a few chunks a worker: an even finish
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        with mp.get_context("fork").Pool(workers) as pool:
            return [row for part in pool.map(fn, chunks) for row in part]
    finally:
        _SHARED.clear()


def _score_rows(pairs: list[tuple[str, str]]) -> list[tuple[str, float, tuple[str, ...]]]:
    groups, counts = _SHARED["groups"], _SHARED["counts"]
    out = []
    for a, b in pairs:
        s = scoring.score_pair(groups[a], groups[b], scoring.candidates_for((a, b), groups, counts))
        out.append((s.verdict, s.points, s.reasons))
    return out


def _make_groups(keys: list[str]) -> list[Group]:
    units = _SHARED["units"]
    return [make_group(k, units[k]) for k in keys]


def make_groups(units: Mapping[str, Sequence[Unit]], workers: int = 1) -> list[Group]:
    """The group of every key of `units`, in key order; on `workers` processes when they are
    many (a group depends on its own units alone)."""
    keys = sorted(units)
    return _forked_map(_make_groups, keys, workers if len(keys) >= PARALLEL_MIN_GROUPS else 1, units=units)


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
    # each pair's score depends on the pair alone: any split gives the same judgements
    n = workers if len(pairs) >= parallel_min else 1
    rows = _forked_map(_score_rows, pairs, n, groups=groups, counts=counts)
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
