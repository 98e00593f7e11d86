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
    too: what queries.timeline gives, without fetching every event of a busy entity first
    (timeline reads up to 10,000 of each kind before it pages; each list here is in date
    order, so the first `limit` of both hold the first `limit` of their union)."""
    both = [
        queries.events(con, event_type, actor, target, None, date_from, date_to, None, True, None, limit)
        for actor, target in ((entity_id, None), (None, entity_id))
    ]
    seen: set[tuple[str, str]] = set()
    out = []
    for ev in sorted(both[0] + both[1], key=_event_order):
        key = (ev["doc_id"], ev["event_id"])
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out[:limit]


def _event_order(ev: dict[str, Any]) -> tuple[str, str, str]:
    # queries.events' own order: the event's date, else its document's, then document and id
    return (str(ev.get("date_start") or ev.get("published") or "9999"), ev["doc_id"], ev["event_id"])


def quotes_about(con: duckdb.DuckDBPyConnection, entity_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """queries.quotes(about=...) with the same rows, for the entity page: the entity's own
    mentions found first (its documents only), then the quotes that hold one. The store's
    version tests every quote of the store (~340 ms on 100k articles, even for an entity
    named in 6 of them; this: tens of ms)."""
    cur = con.execute(
        """
        WITH ms AS (
            SELECT m.doc_id, m.start_char, m.end_char FROM mentions m
            JOIN doc_entities me ON me.doc_id = m.doc_id AND me.local_id = m.local_id
            WHERE me.entity_id = ? AND m.doc_id IN (SELECT doc_id FROM doc_entities WHERE entity_id = ?)
        ), hit AS (
            SELECT DISTINCT q.doc_id, q.quote_id FROM quotes q JOIN ms ON ms.doc_id = q.doc_id
            WHERE ms.start_char >= q.start_char AND ms.end_char <= q.end_char
        )
        SELECT q.doc_id, q.quote_id, q.text AS quote, q.kind, q.direct, q.named, sp.entity_id AS speaker_id,
               sp.name AS speaker_name, q.speaker_text, q.speaker_kind, q.anonymity_reason, q.verb,
               q.ev_start AS start, q.ev_end AS "end",
               substr(d.text, q.ev_start + 1, q.ev_end - q.ev_start) AS text,
               q.sent_no, s.text AS sentence, d.published, d.title, d.source
        FROM hit JOIN quotes q USING (doc_id, quote_id) JOIN documents d ON d.doc_id = q.doc_id
        LEFT JOIN doc_entities sp ON sp.doc_id = q.doc_id AND sp.local_id = q.speaker_local_id
        LEFT JOIN sentences s ON s.doc_id = q.doc_id AND s.sent_no = q.sent_no
        ORDER BY d.published NULLS LAST, q.doc_id, q.quote_id LIMIT ?
        """,
        [entity_id, entity_id, limit],
    )
    cols = [c[0] for c in cur.description]
    return [
        {c: (v.isoformat() if isinstance(v, date) else v) for c, v in zip(cols, row, strict=True)}
        for row in cur.fetchall()
    ]
