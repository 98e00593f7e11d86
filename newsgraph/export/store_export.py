"""`newsgraph export FORMAT`: one entry point over the store's export modules."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import duckdb

from newsgraph.export.documents import write_jsonl, write_plover
from newsgraph.export.ftm import write_ftm
from newsgraph.export.graph import write_graph
from newsgraph.export.tables import write_tables

FORMATS = ("jsonl", "csv", "parquet", "graphml", "gexf", "ftm", "plover")


@contextlib.contextmanager
def _text_out(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        yield fh


def export(con: duckdb.DuckDBPyConnection, fmt: str, output: str, include_negated: bool = False) -> int:
    """Write the store in `fmt` to `output` (a directory for csv and parquet); returns the count
    of records (tables for csv/parquet, nodes + edges for graphs)."""
    if fmt in ("csv", "parquet"):
        return write_tables(con, output, fmt)
    if fmt in ("graphml", "gexf"):
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        return write_graph(con, output, fmt)
    with _text_out(output) as out:
        if fmt == "jsonl":
            return write_jsonl(con, out)
        if fmt == "ftm":
            return write_ftm(con, out)
        if fmt == "plover":
            return write_plover(con, out, include_negated)
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
