"""spark: the `spark-extract` command. pyspark is imported only when the command runs
(newsgraph/spark/job.py), so the rest of newsgraph works without it."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_subcommand(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "spark-extract",
        help="extract articles on Apache Spark, Parquet tables out",
        description="Run the same per-article extraction on Spark (local mode by default, any master "
        "URL for a cluster): reads JSONL (.jsonl, .jsonl.gz) or Parquet of articles and writes Parquet "
        "tables documents, entities, events, quotes, times and rejects under OUT (docs/spark_schema.md).",
    )
    p.add_argument("input", metavar="IN", help="JSONL(.gz) file or Parquet file/directory of articles")
    p.add_argument("output", metavar="OUT", help="output directory for the Parquet tables")
    p.add_argument("--master", default="local[*]", help="Spark master URL (default local[*])")
    p.add_argument("--partitions", type=int, help="repartition the input into N partitions")
    p.add_argument("--allow-undated", action="store_true", help="extract records without a 'published' date")
    p.set_defaults(func=_cli)


def _cli(args: argparse.Namespace) -> int:
    from newsgraph.spark.job import run

    counts = run(args.input, args.output, args.master, args.partitions, args.allow_undated)
    print("newsgraph: " + ", ".join(f"{n} {t}" for t, n in counts.items()), file=sys.stderr)
    return 3 if counts.get("rejects") else 0
