"""parquet: `newsgraph ingest --from-parquet DIR` stores what `spark-extract` wrote to DIR.

The Parquet tables (docs/spark_schema.md) keep each item's JSON record, so each document's
extractor dict is rebuilt exactly and goes through the same rows and the same batched,
idempotent writer as `newsgraph ingest`. DuckDB reads the Parquet files; no Spark needed.
Tables written before `text` and `content_hash` existed still load: the hash is then taken
over the document record, and the original text stays NULL (offsets are kept all the same).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb

from newsgraph import __version__
from newsgraph.errors import StoreError
from newsgraph.store import db
from newsgraph.store.ingest import COMMIT_ARTICLES, IngestReport
from newsgraph.store.resolution import resolve_store
from newsgraph.store.rows import document_rows
from newsgraph.store.writer import StoredDocument, StoredReject, batch_bytes, write_batch

ITEM_TABLES = ("entities", "events", "quotes", "times")


def _glob(directory: Path, table: str) -> str | None:
    d = directory / table
    if d.is_dir() and any(d.glob("*.parquet")):
        return str(d / "*.parquet")
    return None


def _columns(con: duckdb.DuckDBPyConnection, pattern: str) -> set[str]:
    return {r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [pattern]).fetchall()}


def read_spark_output(directory: str | os.PathLike[str]) -> tuple[list[dict[str, Any]], list[StoredReject]]:
    """(documents, rejects): each document {"result": extractor dict, "text", "content_hash"}."""
    root = Path(directory)
    docs_glob = _glob(root, "documents")
    if docs_glob is None:
        raise StoreError(f"{root}: no documents/*.parquet (not the output of `newsgraph spark-extract`)")
    con = duckdb.connect()
    try:
        cols = _columns(con, docs_glob)
        extra = ", ".join(c if c in cols else f"NULL AS {c}" for c in ("text", "content_hash"))
        docs = {}
        for did, line, record, text, digest in con.execute(
            f"SELECT doc_id, line, record, {extra} FROM read_parquet(?) ORDER BY line, doc_id", [docs_glob]
        ).fetchall():
            docs[did] = {
                "result": {"document": json.loads(record), **{t: [] for t in ITEM_TABLES}},
                "text": text,
                "content_hash": digest or hashlib.sha256(record.encode("utf-8")).hexdigest(),
                "line": line,
            }
        for table in ITEM_TABLES:
            pattern = _glob(root, table)
            if pattern is None:
                continue
            items: dict[str, list[tuple[int, Any]]] = defaultdict(list)
            for did, pos, record in con.execute(
                "SELECT doc_id, position, record FROM read_parquet(?)", [pattern]
            ).fetchall():
                items[did].append((pos, json.loads(record)))
            for did, rows in items.items():
                if did in docs:
                    docs[did]["result"][table] = [r for _, r in sorted(rows, key=lambda x: x[0])]
        rejects = []
        pattern = _glob(root, "rejects")
        if pattern is not None:
            for rid, _line, reason, raw in con.execute(
                "SELECT record_id, line, reason, raw FROM read_parquet(?) ORDER BY line", [pattern]
            ).fetchall():
                rejects.append(StoredReject(str(rid), str(reason), raw))
    finally:
        con.close()
    return sorted(docs.values(), key=lambda d: d["line"] or 0), rejects


def ingest_parquet(
    directory: str | os.PathLike[str],
    path: str | os.PathLike[str],
    resolve: bool = True,
    commit_every: int = COMMIT_ARTICLES,
    wait: float = db.DEFAULT_WAIT,
) -> IngestReport:
    start = time.monotonic()
    report = IngestReport(run_id=uuid.uuid4().hex[:16])
    docs, rejects = read_spark_output(directory)
    items: list[StoredDocument | StoredReject] = [
        StoredDocument(
            str(d["result"]["document"]["id"]),
            d["content_hash"],
            document_rows(d["result"], d["text"], d["content_hash"], report.run_id, __version__, db.now()),
        )
        for d in docs
    ]
    items += rejects
    with db.connect(path, write=True, create_missing=True, wait=wait) as con:
        con.execute(
            "INSERT INTO ingest_runs (run_id, started_at, inputs, newsgraph_version, status) "
            "VALUES (?, ?, ?, ?, 'running')",
            [report.run_id, db.now(), f"--from-parquet {directory}", __version__],
        )
        for i in range(0, len(items), max(1, commit_every)):
            db.check_free_space(path, batch_bytes(items[i : i + commit_every]))
            with db.transaction(con, str(path)):
                report.counts.add(write_batch(con, items[i : i + commit_every], report.run_id, db.now()))
            report.commits += 1
        if resolve:
            report.resolution = resolve_store(con, str(path))
        con.execute(
            "UPDATE ingest_runs SET finished_at = ?, status = 'done', n_new = ?, n_replaced = ?, "
            "n_duplicate = ?, n_rejected = ? WHERE run_id = ?",
            [
                db.now(),
                report.counts.new,
                report.counts.replaced,
                report.counts.duplicate,
                report.counts.rejected,
                report.run_id,
            ],
        )
    report.seconds = time.monotonic() - start
    return report
