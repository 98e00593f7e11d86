"""Store exports as tables: one CSV or Parquet file per table of the store, written by DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb

# the tables users analyse (the resolution's internals - blocks, dirty marks - are left out)
TABLES = (
    "documents", "sentences", "doc_entities", "mentions", "roles", "events", "event_args", "quotes",
    "times", "rejects", "entities", "entity_names", "entity_groups", "judgements", "entity_redirects",
)  # fmt: skip


def _literal(path: Path) -> str:
    # COPY takes its target as a literal, not a parameter; the path is the user's own argument
    return "'" + str(path).replace("'", "''") + "'"


def write_tables(con: duckdb.DuckDBPyConnection, directory: str, fmt: str) -> int:
    """Write every table of TABLES to DIRECTORY/<table>.csv (with a header) or .parquet."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"not a table format: {fmt}")
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    options = "(FORMAT PARQUET)" if fmt == "parquet" else "(FORMAT CSV, HEADER)"
    for table in TABLES:
        con.execute(f"COPY (SELECT * FROM {table}) TO {_literal(out / f'{table}.{fmt}')} {options}")
    return len(TABLES)
