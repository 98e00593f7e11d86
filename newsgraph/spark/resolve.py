"""spark.resolve: `newsgraph resolve --spark`, the same resolution with Spark doing the heavy part.

On Spark partitions, with the same functions as the DuckDB engine (newsgraph/resolve/):
    units -> name groups (groupByKey + units.make_group)
    groups -> block keys (blocking.block_keys) -> candidate pairs (groupByKey per block,
              blocks of 2..MAX_BLOCK groups, distinct ordered pairs)
    pairs -> surname-only candidate counts (scoring.full_name_candidates, as a reduceByKey)
          -> system judgements (scoring.score_pair, groups broadcast)
On the driver: the ambiguity rule (judgements.settle_ambiguous) and clustering, which are linear
in the number of judgements, and the writes to the store (one writer: store/db.py).
tests/test_store_spark.py checks that judgements and clusters equal the DuckDB engine's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyspark.sql import SparkSession

from newsgraph.resolve import scoring
from newsgraph.resolve.blocking import MAX_BLOCK, block_keys
from newsgraph.resolve.judgements import SYSTEM, Judgement, settle_ambiguous
from newsgraph.resolve.units import Group, Unit, make_group
from newsgraph.spark.job import session
from newsgraph.store.resolution import RESOLVER, Engine


def _pairs_of_block(members: Iterable[str]) -> Iterator[tuple[str, str]]:
    members = sorted(set(members))
    if 2 <= len(members) <= MAX_BLOCK:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                yield a, b


def spark_resolution(
    spark: SparkSession, units: dict[str, list[Unit]]
) -> tuple[list[Group], list[tuple[str, str]], list[Judgement]]:
    sc = spark.sparkContext
    parts = max(2, sc.defaultParallelism)
    flat = [(k, u) for k, us in units.items() for u in us]
    groups_rdd = sc.parallelize(flat, parts).groupByKey().map(lambda kv: make_group(kv[0], kv[1])).cache()
    pairs_rdd = (
        groups_rdd.flatMap(lambda g: [(b, g.key) for b in block_keys(g)])
        .groupByKey()
        .flatMap(lambda kv: _pairs_of_block(kv[1]))
        .distinct()
        .cache()
    )
    groups = sorted(groups_rdd.collect(), key=lambda g: g.key)
    by_key = sc.broadcast({g.key: g for g in groups})
    counts = dict(
        pairs_rdd.mapPartitions(lambda ps: scoring.full_name_candidates(by_key.value, ps).items())
        .reduceByKey(lambda a, b: a + b)
        .collect()
    )
    bc_counts = sc.broadcast(counts)

    def judge(pair: tuple[str, str]) -> Judgement:
        g = by_key.value
        s = scoring.score_pair(g[pair[0]], g[pair[1]], scoring.candidates_for(pair, g, bc_counts.value))
        return Judgement(pair[0], pair[1], s.verdict, SYSTEM, s.points, s.reasons, author=RESOLVER)

    judged = sorted(pairs_rdd.map(judge).collect(), key=lambda j: j.pair)
    groups_rdd.unpersist()
    pairs_rdd.unpersist()
    partial = {g.key for g in groups if scoring.is_partial(g.parts) and g.type_class == "PERSON"}
    system = settle_ambiguous(judged, partial, scoring.AMBIGUITY_MARGIN)
    return groups, [j.pair for j in judged], system


def spark_judged(master: str = "local[*]", spark: SparkSession | None = None) -> Engine:
    """An engine for store.resolution.resolve_store(judged=...)."""

    def run(units: dict[str, list[Unit]]) -> tuple[list[Group], list[tuple[str, str]], list[Judgement]]:
        own = spark is None
        s = spark or session(master)
        try:
            return spark_resolution(s, units)
        finally:
            if own:
                s.stop()

    return run


__all__ = ["spark_judged", "spark_resolution"]
