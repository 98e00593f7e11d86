"""store/facts.py lookup tables: the queries answer exactly as the v1 scans (tests/reference_queries.py,
store/queries.py as it was before them) on a store of the bundled examples, with the lookups
fresh and stale, and the lookups follow replaced and deleted documents."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from newsgraph.store import db, facts, queries
from newsgraph.store.ingest import ingest
from newsgraph.store.writer import delete_documents
from tests import reference_queries as reference

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles.jsonl"


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("lk") / "lk.duckdb"
    ingest([str(EXAMPLES)], path)
    return path


def _calls(con: duckdb.DuckDBPyConnection) -> list[tuple[str, dict]]:
    ents = [
        r[0] for r in con.execute("SELECT entity_id FROM entities ORDER BY n_docs DESC, entity_id").fetchall()
    ]
    types = [r[0] for r in con.execute("SELECT DISTINCT type FROM events ORDER BY 1").fetchall()]
    docs = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY 1").fetchall()]
    calls: list[tuple[str, dict]] = []
    for e in ents[:40]:
        calls += [
            ("events", {"actor": e}),
            ("events", {"target": e, "include_negated": True}),
            ("events", {"place": e}),
            ("events", {"actor": e, "event_type": types[0], "date_from": "2019-01-01"}),
            ("events", {"target": e, "date_from": "2020-01-01", "date_to": "2022-12-31", "claimed": False}),
            ("timeline", {"actor": e}),
            ("timeline", {"actor": e, "include_negated": True, "limit": 3, "offset": 1}),
            ("quotes", {"speaker": e}),
            ("quotes", {"about": e}),
            ("quotes", {"about": e, "unnamed_only": True, "limit": 2}),
        ]
        calls += [("roles", {"entity_id": e}), ("roles", {"entity_id": e, "limit": 1})]
        calls += [
            ("co_mentioned", {"entity_id": e}),
            ("co_mentioned", {"entity_id": e, "limit": 2, "offset": 1}),
        ]
        calls += [
            ("neighbours", {"entity_id": e}),
            ("neighbours", {"entity_id": e, "kind": "events"}),
            ("neighbours", {"entity_id": e, "kind": "co_mention", "limit": 2, "offset": 1}),
            ("neighbours", {"entity_id": e, "event_type": types[0]}),
        ]
    calls += [("events", {"event_type": t}) for t in types]
    calls += [("events", {}), ("events", {"include_negated": True, "limit": 5, "offset": 2})]
    outlets = [r[0] for r in con.execute("SELECT DISTINCT source FROM documents ORDER BY 1").fetchall()]
    calls += [("quotes", {"unnamed_only": True}), ("quotes", {"offset": 3})]
    # the latest unnamed quotes (the sources page): documents by their counts, then their quotes
    calls += [
        ("quotes", {"unnamed_only": True, "limit": n, "offset": k}) for n in (1, 2, 5) for k in (0, 1, 4)
    ]
    calls += [("quotes", {"unnamed_only": True, "outlet": o, "limit": 3}) for o in outlets]
    calls += [("document", {"doc_id": d}) for d in docs]
    return calls


def _same(con: duckdb.DuckDBPyConnection) -> int:
    calls = _calls(con)
    for fn, kw in calls:
        assert getattr(queries, fn)(con, **kw) == getattr(reference, fn)(con, **kw), (fn, kw)
    types = [r[0] for r in con.execute("SELECT DISTINCT type FROM events ORDER BY 1").fetchall()]
    network_calls = [{}, {"min_weight": 2}, {"limit": 5}, {"date_from": "2020-01-01"}]
    network_calls += [{"event_type": t} for t in types] + [{"event_type": types[0], "min_weight": 2}]
    for kw in network_calls:
        # the same edges; ties of equal weight between event types were in any order
        new, old = queries.network(con, **kw), reference.network(con, **kw)
        assert sorted(map(repr, new["edges"])) == sorted(map(repr, old["edges"])), kw
        assert [e["weight"] for e in new["edges"]] == [e["weight"] for e in old["edges"]], kw
        assert new["nodes"] == old["nodes"], kw
    ents = [r[0] for r in con.execute("SELECT entity_id FROM entities").fetchall()]
    for e in ents[:40]:
        # claims: the old query ordered by date alone (ties in any order); the rows are the same
        new, old = queries.claims(con, e), reference.claims(con, e)
        assert sorted(map(repr, new)) == sorted(map(repr, old))
    for e in ents[:40]:
        # the profile in three lookups: the same sections as the queries one by one
        for limit in (50, 2):
            prof = queries.profile(con, e, limit=limit)
            assert prof["roles"] == queries.roles(con, e, limit)
            assert prof["events_as_actor"] == queries.events(con, actor=e, include_negated=True, limit=limit)
            assert prof["events_as_target"] == queries.events(
                con, target=e, include_negated=True, limit=limit
            )
            assert prof["claims"] == queries.claims(con, e, limit)
            assert prof["quotes_by"] == queries.quotes(con, speaker=e, limit=limit)
            assert prof["quotes_about"] == queries.quotes(con, about=e, limit=limit)
    for kw in ({}, {"by": "document"}, {"by": "document", "entity": ents[0]}):
        # the same rows; ties of the old order were in any order, the new one breaks them by key
        new, old = queries.sources(con, limit=10_000, **kw), reference.sources(con, limit=10_000, **kw)
        assert sorted(map(repr, new)) == sorted(map(repr, old))
        assert [r["unnamed_share"] for r in new] == [r["unnamed_share"] for r in old]
    return len(calls) + len(network_calls)


def test_lookups_answer_as_the_scans_fresh_and_stale(store, tmp_path, monkeypatch):
    with queries.open_store(store) as con:
        assert facts.fresh(con) and facts.edges_fresh(con)
        assert con.execute("SELECT count(*) FROM group_facts").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM entity_edges").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM event_edges").fetchone()[0] > 0
        n_facts = con.execute(
            "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM quotes) + (SELECT count(*) FROM roles)"
        ).fetchone()[0]
        assert con.execute("SELECT count(*) FROM fact_cards").fetchone()[0] == n_facts  # one card each
        assert _same(con) > 100
        # pages of several documents fetched by one scan instead of index lookups: the same rows
        monkeypatch.setattr(queries, "INDEX_DOCS", 1)
        _same(con)
        monkeypatch.undo()
    stale = tmp_path / "stale.duckdb"
    shutil.copy(store, stale)
    with db.connect(stale, write=True) as con:
        con.execute("DELETE FROM newsgraph_meta WHERE key IN (?, ?)", [facts.STAMP_KEY, facts.EDGE_STAMP_KEY])
    with queries.open_store(stale) as con:
        assert not facts.fresh(con) and not facts.edges_fresh(con)  # the scans answer
        _same(con)


@pytest.mark.parametrize(("busy", "page"), [(0, 50), (0, 3), (6, 3)])
def test_pages_of_busy_groups_answer_as_the_scans(store, tmp_path, monkeypatch, busy, page):
    """group_pages with every group paged (busy 0) or some (groups of more than 6 facts), with
    pages longer and shorter than the limits asked (3: limit 2 reads pages, 50 does not)."""
    path = tmp_path / "pages.duckdb"
    shutil.copy(store, path)
    monkeypatch.setattr(facts, "BUSY_FACTS", busy)
    monkeypatch.setattr(facts, "PAGE_ROWS", page)
    with db.connect(path, write=True) as con:
        with db.transaction(con, str(path)):
            facts.rebuild_pages(con)
        paged = con.execute("SELECT count(DISTINCT group_key) FROM group_pages").fetchone()[0]
        groups = con.execute("SELECT count(DISTINCT group_key) FROM group_facts").fetchone()[0]
        assert (paged == groups) if busy == 0 else (0 < paged < groups)
        longest = con.execute(
            "SELECT max(n) FROM (SELECT count(*) n FROM group_pages WHERE kind <> 'role' GROUP BY group_key, kind)"
        ).fetchone()[0]
        assert longest == page if page < 50 else longest < 50  # pages cut at PAGE_ROWS
        assert facts.fresh(con)
        _same(con)
    # a new document joins its groups' pages (the refresh of an ingest), a deleted one leaves them
    with db.connect(path, write=True) as con:
        doc = con.execute(
            "SELECT doc_id FROM group_pages GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchone()[0]
        with db.transaction(con, str(path)):
            delete_documents(con, [doc])
            facts.refresh(con)
        assert con.execute("SELECT count(*) FROM group_pages WHERE doc_id = ?", [doc]).fetchone()[0] == 0
        _same(con)


def test_refresh_follows_deleted_and_new_documents(store, tmp_path):
    path = tmp_path / "r.duckdb"
    shutil.copy(store, path)
    with db.connect(path, write=True) as con:
        doc = con.execute(
            "SELECT doc_id FROM group_facts GROUP BY doc_id ORDER BY count(*) DESC, doc_id LIMIT 1"
        ).fetchone()[0]
        with db.transaction(con, str(path)):
            delete_documents(con, [doc])
        assert not facts.fresh(con)
        with db.transaction(con, str(path)):
            assert facts.refresh(con) == 0
        assert facts.fresh(con)
        for table in ("group_facts", "fact_cards"):
            assert con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ?", [doc]).fetchone()[0] == 0
        assert (
            con.execute("SELECT count(*) FROM fact_docs").fetchone()[0]
            == con.execute("SELECT count(*) FROM documents").fetchone()[0]
        )
        _same(con)


def test_a_v1_store_migrates_and_its_lookups_fill_at_the_next_resolve(tmp_path):
    from newsgraph.store.resolution import resolve_store

    path = tmp_path / "v1.duckdb"
    with db.connect(path, write=True, create_missing=True) as con:
        pass
    con = duckdb.connect(str(path))
    for table in (
        "group_facts",
        "doc_quote_counts",
        "fact_cards",
        "fact_docs",
        "entity_edges",
        "event_edges",
        "group_pages",
    ):
        con.execute(f"DROP TABLE {table}")
    con.execute("UPDATE newsgraph_meta SET value = '1' WHERE key = 'schema_version'")
    con.execute("UPDATE schema_migrations SET version = 1")
    con.close()
    with db.connect(path, write=True) as con:
        assert db.store_version(con, str(path)) == db.SCHEMA_VERSION
        assert facts.stored_stamp(con) is None
        resolve_store(con, str(path))
        assert facts.fresh(con)


def test_a_v2_store_migrates_and_its_cards_fill_at_the_next_resolve(store, tmp_path):
    from newsgraph.store.resolution import resolve_store

    path = tmp_path / "v2.duckdb"
    shutil.copy(store, path)
    con = duckdb.connect(str(path))
    for table in ("fact_cards", "entity_edges", "event_edges"):
        con.execute(f"DROP TABLE {table}")
    con.execute("DELETE FROM newsgraph_meta WHERE key = ?", [facts.EDGE_STAMP_KEY])
    con.execute("UPDATE newsgraph_meta SET value = '2' WHERE key = 'schema_version'")
    con.execute("DELETE FROM schema_migrations WHERE version >= 3")
    con.close()
    with db.connect(path, write=True) as con:
        assert db.store_version(con, str(path)) == db.SCHEMA_VERSION
        # the v2 lookups were dropped with their stamp: the fact tables answer until the next resolve
        assert not facts.fresh(con)
        assert con.execute("SELECT count(*) FROM group_facts").fetchone()[0] == 0
        assert not facts.edges_fresh(con)  # v4's edges: empty until the next resolve
        _same(con)
        resolve_store(con, str(path))
        assert facts.fresh(con) and facts.edges_fresh(con)
        assert con.execute("SELECT count(*) FROM fact_cards").fetchone()[0] > 0
        _same(con)


def test_a_v4_store_migrates_and_its_role_facts_fill_at_the_next_resolve(store, tmp_path):
    from newsgraph.store.resolution import resolve_store

    path = tmp_path / "v4.duckdb"
    shutil.copy(store, path)
    con = duckdb.connect(str(path))
    # a v4 store: its lookup tables fresh, without roles
    con.execute("DELETE FROM group_facts WHERE kind = 'role'")
    con.execute("DELETE FROM fact_cards WHERE card_key LIKE 'role%'")
    con.execute("UPDATE newsgraph_meta SET value = '4' WHERE key = 'schema_version'")
    con.execute("DELETE FROM schema_migrations WHERE version >= 5")
    con.close()
    with db.connect(path, write=True) as con:
        assert db.store_version(con, str(path)) == db.SCHEMA_VERSION
        # emptied with their stamp: the scans answer until the next resolve; the edges stay
        assert not facts.fresh(con) and facts.edges_fresh(con)
        assert con.execute("SELECT count(*) FROM fact_cards").fetchone()[0] == 0
        _same(con)
        resolve_store(con, str(path))
        assert facts.fresh(con)
        n_roles = con.execute("SELECT count(*) FROM roles").fetchone()[0]
        assert n_roles > 0
        assert con.execute("SELECT count(*) FROM group_facts WHERE kind = 'role'").fetchone()[0] >= n_roles
        assert (
            con.execute("SELECT count(*) FROM fact_cards WHERE card_key LIKE 'role%'").fetchone()[0]
            == n_roles
        )
        _same(con)


def test_edges_follow_a_merge_a_suppression_and_an_unresolved_ingest(store, tmp_path):
    from newsgraph.store import analyst

    path = tmp_path / "e.duckdb"
    shutil.copy(store, path)
    with db.connect(path, write=True) as con:
        a, b, c = (
            r[0]
            for r in con.execute(
                "SELECT entity_id FROM entities WHERE type = 'PERSON' ORDER BY n_docs DESC, entity_id LIMIT 3"
            ).fetchall()
        )
        analyst.merge(con, a, b, path=str(path))
        analyst.suppress(con, c, path=str(path))
        assert facts.edges_fresh(con)
        kept = queries.find_entity(con, a)
        assert con.execute("SELECT count(*) FROM entity_edges WHERE entity_id = ?", [b]).fetchone()[0] == 0
        assert (
            con.execute(
                "SELECT count(*) FROM entity_edges WHERE other_id = ? AND NOT other_suppressed", [c]
            ).fetchone()[0]
            == 0
        )
        assert all(n["entity_id"] != c for n in queries.neighbours(con, kept, limit=1000)["neighbours"])
        _same(con)
    # an article stored without resolution: the edges are stale and the scans answer
    ingest([str(ROOT / "examples" / "article.txt")], path, published=date(2024, 5, 1), resolve=False)
    with queries.open_store(path) as con:
        assert not facts.edges_fresh(con)
        _same(con)


def test_group_facts_are_rewritten_in_group_order_as_they_grow(store, tmp_path):
    path = tmp_path / "s.duckdb"
    shutil.copy(store, path)

    def in_order(con: duckdb.DuckDBPyConnection) -> bool:
        keys = [r[0] for r in con.execute("SELECT group_key FROM group_facts ORDER BY rowid").fetchall()]
        return keys == sorted(keys)

    with db.connect(path, write=True) as con:
        n = con.execute("SELECT count(*) FROM group_facts").fetchone()[0]
        assert in_order(con) and facts.stored_sorted_rows(con) == n
        # a few new rows (under RESORT_SHARE) are appended; past it, the table is rewritten
        first = "SELECT * FROM group_facts WHERE group_key = (SELECT min(group_key) FROM group_facts)"
        with db.transaction(con, str(path)):
            con.execute(f"INSERT INTO group_facts {first}")
            facts._keep_group_facts_sorted(con)
        assert not in_order(con) and facts.stored_sorted_rows(con) == n
        with db.transaction(con, str(path)):
            con.execute("INSERT INTO group_facts SELECT * FROM group_facts")  # twice the rows
            facts._keep_group_facts_sorted(con)
        assert in_order(con) and facts.stored_sorted_rows(con) > 2 * n
