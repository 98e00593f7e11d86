"""lookups: the few read queries the pages need that store/queries.py does not have.

Values only as parameters, like every query of the store.
"""

from __future__ import annotations

from typing import Any

import duckdb


def top_entities(con: duckdb.DuckDBPyConnection, limit: int = 15) -> list[dict[str, Any]]:
    """The entities named in the most documents (the front page's way in)."""
    rows = con.execute(
        "SELECT entity_id, name, type, n_docs FROM entities WHERE NOT suppressed "
        "ORDER BY n_docs DESC, n_mentions DESC, name LIMIT ?",
        [limit],
    ).fetchall()
    return [{"entity_id": r[0], "name": r[1], "type": r[2], "n_docs": r[3]} for r in rows]


def event_types(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The PLOVER types that occur in the store (the filters' choices)."""
    return [r[0] for r in con.execute("SELECT DISTINCT type FROM events ORDER BY type").fetchall()]


def outlets(con: duckdb.DuckDBPyConnection, limit: int = 500) -> list[str]:
    rows = con.execute(
        "SELECT source FROM documents WHERE source IS NOT NULL GROUP BY source "
        "ORDER BY count(*) DESC, source LIMIT ?",
        [limit],
    ).fetchall()
    return [r[0] for r in rows]


def entity_brief(con: duckdb.DuckDBPyConnection, entity_id: str) -> dict[str, Any] | None:
    row = con.execute(
        "SELECT entity_id, name, type, n_docs FROM entities WHERE entity_id = ?", [entity_id]
    ).fetchone()
    return {"entity_id": row[0], "name": row[1], "type": row[2], "n_docs": row[3]} if row else None


def group_names(con: duckdb.DuckDBPyConnection, entity_id: str) -> list[str]:
    """The names of an entity's name groups: what `split` can take off it (store/analyst.py)."""
    rows = con.execute(
        "SELECT coalesce(n.name, split_part(g.group_key, '|', 2)) FROM entity_groups g "
        "LEFT JOIN name_groups n USING (group_key) WHERE g.entity_id = ? ORDER BY 1",
        [entity_id],
    ).fetchall()
    return [r[0] for r in rows]
