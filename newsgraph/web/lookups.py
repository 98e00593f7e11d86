"""lookups: the few read queries the pages need that store/queries.py does not have.

Values only as parameters, like every query of the store.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from newsgraph.store import queries


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


def entity_events(
    con: duckdb.DuckDBPyConnection,
    entity_id: str,
    event_type: str | None,
    date_from: date | None,
    date_to: date | None,
    limit: int,
) -> list[dict[str, Any]]:
    """The first `limit` events the entity is actor or target of, in date order, denied ones
    too: queries.timeline's page (the keys of the page first, from the store's lookup table)."""
    return queries.timeline(
        con,
        actor=entity_id,
        event_type=event_type,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
        include_negated=True,
    )


def quotes_about(con: duckdb.DuckDBPyConnection, entity_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """queries.quotes(about=...): the entity page's quotes about it."""
    return queries.quotes(con, about=entity_id, limit=limit)
