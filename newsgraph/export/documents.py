"""Store exports one document at a time: JSONL (the extractor's DocumentGraph, with entity ids)
and PLOVER event records (export/plover.py over the same documents)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

import duckdb

from newsgraph.export.plover import to_plover

# documents per query when streaming the store: bounded memory, few round trips
PAGE = 500


def _local_order(local_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in local_id if ch.isdigit())
    return (int(digits) if digits else 0, local_id)


def iter_documents(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Every stored document as the extractor wrote it (`document`, `entities`, `events`,
    `quotes`, `times`; offsets into the original text), each entity with its `entity_id`."""
    ids = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]
    for i in range(0, len(ids), PAGE):
        page = ids[i : i + PAGE]
        docs = {
            did: {"document": json.loads(rec), "entities": [], "events": [], "quotes": [], "times": []}
            for did, rec in con.execute(
                "SELECT doc_id, record FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [page]
            ).fetchall()
        }
        for did, lid, rec, eid in con.execute(
            "SELECT doc_id, local_id, record, entity_id FROM doc_entities "
            "WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [page],
        ).fetchall():
            docs[did]["entities"].append((_local_order(lid), {**json.loads(rec), "entity_id": eid}))
        for table, key in (("events", "event_id"), ("quotes", "quote_id")):
            for did, lid, rec in con.execute(
                f"SELECT doc_id, {key}, record FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                [page],
            ).fetchall():
                docs[did][table].append((_local_order(lid), json.loads(rec)))
        for did, no, start, end, text, vs, ve, gran, rule in con.execute(
            "SELECT doc_id, time_no, start_char, end_char, text, strftime(value_start, '%Y-%m-%d'), "
            "strftime(value_end, '%Y-%m-%d'), granularity, rule FROM times "
            "WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [page],
        ).fetchall():
            value = {"start": vs, "end": ve} if vs or ve else None
            docs[did]["times"].append(
                (
                    (no, ""),
                    {
                        "start": start,
                        "end": end,
                        "text": text,
                        "value": value,
                        "granularity": gran,
                        "rule": rule,
                    },
                )
            )
        for did in page:
            doc = docs[did]
            for k in ("entities", "events", "quotes", "times"):
                doc[k] = [item for _, item in sorted(doc[k], key=lambda x: x[0])]
            yield doc


def write_jsonl(con: duckdb.DuckDBPyConnection, out: IO[str]) -> int:
    n = 0
    for doc in iter_documents(con):
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_plover(con: duckdb.DuckDBPyConnection, out: IO[str], include_negated: bool = False) -> int:
    """PLOVER records, each with the cross-document ids of its source and target entities."""
    n = 0
    for doc in iter_documents(con):
        ids = {e["id"]: e.get("entity_id") for e in doc["entities"]}
        events = {v["id"]: v for v in doc["events"]}
        for rec in to_plover(doc):
            if rec["negated"] and not include_negated:
                continue
            ev = events[rec["id"].rsplit("-", 1)[1]]
            rec["source_entity_ids"] = [ids.get(a) for a in ev.get("actors", []) if ids.get(a)]
            rec["target_entity_ids"] = [ids.get(t) for t in ev.get("targets", []) if ids.get(t)]
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n
