"""spark: `spark-extract` in local mode writes the same records as the single-machine run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None:  # CI installs a JRE (scripts/setup.sh); say so rather than skip silently
    pytest.fail("spark tests need Java (scripts/setup.sh installs openjdk-17-jre-headless)", pytrace=False)

import duckdb

from newsgraph.ingest import read_inputs
from newsgraph.pipeline import Rejected
from newsgraph.runner import run_extract

pytestmark = pytest.mark.spark
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _local(path: Path) -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {
        "documents": [],
        "entities": [],
        "events": [],
        "quotes": [],
        "times": [],
        "rejects": [],
    }
    for r in run_extract(read_inputs([str(path)])):
        if isinstance(r, Rejected):
            tables["rejects"].append(r.reason)
            continue
        tables["documents"].append(json.dumps(r["document"], ensure_ascii=False, sort_keys=True))
        for name in ("entities", "events", "quotes", "times"):
            tables[name] += [json.dumps(x, ensure_ascii=False, sort_keys=True) for x in r[name]]
    return {k: sorted(v) for k, v in tables.items()}


def _parquet(out: Path) -> dict[str, list[str]]:
    tables = {}
    for name in ("documents", "entities", "events", "quotes", "times"):
        rows = duckdb.sql(f"SELECT record FROM read_parquet('{out / name}/*.parquet')").fetchall()
        tables[name] = sorted(r[0] for r in rows)
    rows = duckdb.sql(f"SELECT reason FROM read_parquet('{out / 'rejects'}/*.parquet')").fetchall()
    tables["rejects"] = sorted(r[0] for r in rows)
    return tables


def test_spark_output_equals_single_machine_output(tmp_path):
    from newsgraph.spark.job import run, session

    corpus = tmp_path / "corpus.jsonl"
    # the bundled examples plus their bad records: both tables and rejects must agree
    corpus.write_text(
        (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8")
        + (EXAMPLES / "bad_records.jsonl").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    spark = session("local[2]")
    try:
        counts = run(str(corpus), str(tmp_path / "out"), partitions=3, spark=spark)
    finally:
        spark.stop()
    local = _local(corpus)
    assert counts["documents"] == len(local["documents"]) >= 12
    assert _parquet(tmp_path / "out") == local
