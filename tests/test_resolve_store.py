"""resolve on the store: a full re-resolution gives what ingest's resolution gave, keeps the
index on entity ids, and says where its time went."""

from __future__ import annotations

from pathlib import Path

from newsgraph.store import db
from newsgraph.store.ingest import ingest
from newsgraph.store.resolution import resolve_store

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "store_articles.jsonl"
UNITS = "SELECT doc_id, local_id, entity_id FROM doc_entities ORDER BY 1, 2"
JUDGEMENTS = "SELECT left_key, right_key, verdict, score, reasons FROM judgements ORDER BY 1, 2"


def _indexes(con) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'doc_entities'"
        ).fetchall()
    }


def test_a_full_resolution_equals_ingests_and_keeps_the_entity_index(tmp_path, nlp):
    path = tmp_path / "s.duckdb"
    ingest([str(ARTICLES)], path)
    with db.connect(path, write=True) as con:
        before = con.execute(UNITS).fetchall(), con.execute(JUDGEMENTS).fetchall()
        assert "doc_entities_entity" in _indexes(con)
        report = resolve_store(con, str(path), full=True)
        after = con.execute(UNITS).fetchall(), con.execute(JUDGEMENTS).fetchall()
        assert "doc_entities_entity" in _indexes(con)
        # the index answers for the rewritten ids
        eid = after[0][0][2]
        n = con.execute("SELECT count(*) FROM doc_entities WHERE entity_id = ?", [eid]).fetchone()[0]
    assert after == before and report.same > 0 and all(e for _, _, e in after[0])
    assert n == sum(1 for _, _, e in after[0] if e == eid)
    assert {"groups", "pairs", "judge", "store", "cluster", "entities", "commit"} <= set(report.steps)
