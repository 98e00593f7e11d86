"""spark: the same per-article function over Spark partitions, Parquet out.

The only module that imports pyspark. Each partition loads the spaCy pipeline once (it is
cached per Python worker) and runs `pipeline.iter_process` on its records: the records are
validated by `ingest.read_jsonl_lines` exactly as on one machine, so the output is the same
record for record. Tables (schemas in docs/spark_schema.md): documents, entities, events,
quotes, times, rejects; every row carries `doc_id`, its `position` in the document's list and
`record`, the JSON object of the single-machine output, beside a few typed columns to filter on.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from pyspark.sql import SparkSession
from pyspark.sql import types as T

from newsgraph.ingest import read_jsonl_lines
from newsgraph.model import Article
from newsgraph.nlp import load_pipeline
from newsgraph.pipeline import Rejected, iter_process
from newsgraph.store.rows import content_hash

TABLES = ("documents", "entities", "events", "quotes", "times", "rejects")

_SCHEMAS = {
    "documents": T.StructType(
        [
            T.StructField("doc_id", T.StringType()),
            T.StructField("line", T.LongType()),
            T.StructField("published", T.StringType()),
            T.StructField("title", T.StringType()),
            T.StructField("record", T.StringType()),
            # the original text the offsets point into, and the input record's content hash
            # (store/rows.py), so that `newsgraph ingest --from-parquet` stores what ingest stores
            T.StructField("text", T.StringType()),
            T.StructField("content_hash", T.StringType()),
        ]
    ),
    "entities": T.StructType(
        [
            T.StructField("doc_id", T.StringType()),
            T.StructField("position", T.IntegerType()),
            T.StructField("id", T.StringType()),
            T.StructField("type", T.StringType()),
            T.StructField("name", T.StringType()),
            T.StructField("record", T.StringType()),
        ]
    ),
    "events": T.StructType(
        [
            T.StructField("doc_id", T.StringType()),
            T.StructField("position", T.IntegerType()),
            T.StructField("id", T.StringType()),
            T.StructField("type", T.StringType()),
            T.StructField("date_start", T.StringType()),
            T.StructField("date_end", T.StringType()),
            T.StructField("negated", T.BooleanType()),
            T.StructField("record", T.StringType()),
        ]
    ),
    "quotes": T.StructType(
        [
            T.StructField("doc_id", T.StringType()),
            T.StructField("position", T.IntegerType()),
            T.StructField("id", T.StringType()),
            T.StructField("speaker", T.StringType()),
            T.StructField("speaker_kind", T.StringType()),
            T.StructField("direct", T.BooleanType()),
            T.StructField("record", T.StringType()),
        ]
    ),
    "times": T.StructType(
        [
            T.StructField("doc_id", T.StringType()),
            T.StructField("position", T.IntegerType()),
            T.StructField("text", T.StringType()),
            T.StructField("value_start", T.StringType()),
            T.StructField("value_end", T.StringType()),
            T.StructField("record", T.StringType()),
        ]
    ),
    "rejects": T.StructType(
        [
            T.StructField("record_id", T.StringType()),
            T.StructField("line", T.LongType()),
            T.StructField("reason", T.StringType()),
            T.StructField("raw", T.StringType()),
        ]
    ),
}


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def rows_of(
    result: dict[str, Any] | Rejected, line: int, article: Article | None = None
) -> Iterator[tuple[str, tuple]]:
    """(table, row) pairs for one article's result (`article`: its input record)."""
    if isinstance(result, Rejected):
        yield "rejects", (result.record_id, line, result.reason, result.raw)
        return
    doc = result["document"]
    did = doc["id"]
    text, digest = (article.text, content_hash(article)) if article is not None else (None, None)
    yield "documents", (did, line, doc.get("published"), doc.get("title"), _dump(doc), text, digest)
    for i, e in enumerate(result["entities"]):
        yield "entities", (did, i, e["id"], e["type"], e["name"], _dump(e))
    for i, v in enumerate(result["events"]):
        date = v.get("date") or {}
        yield (
            "events",
            (did, i, v["id"], v["type"], date.get("start"), date.get("end"), v["negated"], _dump(v)),
        )
    for i, q in enumerate(result["quotes"]):
        yield "quotes", (did, i, q["id"], q.get("speaker"), q.get("speaker_kind"), q["direct"], _dump(q))
    for i, t in enumerate(result["times"]):
        value = t.get("value") or {}
        yield "times", (did, i, t["text"], value.get("start"), value.get("end"), _dump(t))


def process_partition(lines: Iterable[tuple[str, int]], source: str, allow_undated: bool) -> Iterator[tuple]:
    """(table, row) for every record of a partition of (raw JSON line, 0-based line number)."""
    nlp = load_pipeline()
    for chunk in _chunks(lines, 64):
        records = [
            r for raw, no in chunk for r in read_jsonl_lines([raw], source, allow_undated, first_line=no + 1)
        ]
        for (_, no), record, result in zip(chunk, records, iter_process(records, nlp), strict=True):
            yield from rows_of(result, no + 1, record if isinstance(record, Article) else None)


def _chunks(items: Iterable[tuple[str, int]], size: int) -> Iterator[list[tuple[str, int]]]:
    chunk: list[tuple[str, int]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def session(master: str = "local[*]") -> SparkSession:
    # workers must run this interpreter (the one with newsgraph and the model installed);
    # the UI and the driver stay on loopback
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName("newsgraph")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.python.worker.reuse", "true")
        .getOrCreate()
    )


def run(
    input_path: str,
    output: str,
    master: str = "local[*]",
    partitions: int | None = None,
    allow_undated: bool = False,
    spark: SparkSession | None = None,
) -> dict[str, int]:
    """Extract every article of a JSONL(.gz) or Parquet input into Parquet tables under `output`."""
    spark = spark or session(master)
    if input_path.endswith(".parquet") or (
        os.path.isdir(input_path) and any(f.endswith(".parquet") for f in os.listdir(input_path))
    ):
        lines = spark.read.parquet(input_path).toJSON()
    else:
        lines = spark.read.text(input_path).rdd.map(lambda row: row.value)
    indexed = lines.zipWithIndex()
    if partitions:
        indexed = indexed.repartition(partitions)
    source = os.path.basename(input_path)
    rows = indexed.mapPartitions(lambda part: process_partition(part, source, allow_undated)).cache()
    counts = {}
    for table in TABLES:
        data = rows.filter(lambda tr, t=table: tr[0] == t).map(lambda tr: tr[1])
        df = spark.createDataFrame(data, _SCHEMAS[table])
        df.write.mode("overwrite").parquet(os.path.join(output, table))
        counts[table] = df.count()
    rows.unpersist()
    return counts
