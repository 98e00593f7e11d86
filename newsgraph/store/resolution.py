"""resolution: run cross-document resolution (newsgraph/resolve/) on the store.

Incremental by default: only name groups whose units changed since the last run (the
`resolution_dirty` table ingest fills) are rebuilt, and only the pairs of the blocks they sit in
are re-judged; clustering then runs over every judgement (linear, seconds for millions), and the
entity tables are rewritten only for entities whose members or units changed. `full=True`
rebuilds every group and re-judges every pair (what `newsgraph resolve --full` does).

Steps, each a function below: load units (SQL) -> groups (resolve.units) -> blocks table ->
candidate pairs (a DuckDB self-join on the blocks table) -> system judgements (resolve.engine)
-> clusters (resolve.clusters, analysts' judgements included) -> entity tables.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from newsgraph.resolve.blocking import MAX_BLOCK, block_rows
from newsgraph.resolve.clusters import cluster, entity_id
from newsgraph.resolve.engine import judge_pairs, make_groups
from newsgraph.resolve.judgements import (
    ANALYST,
    SUPPRESS,
    SYSTEM,
    Judgement,
    effective,
)
from newsgraph.resolve.names import norm_name as fold_name
from newsgraph.resolve.names import parse_name, script_of, soft
from newsgraph.resolve.units import Group, Unit, group_from_dict, group_to_dict
from newsgraph.store import db, facts

log = logging.getLogger(__name__)

RESOLVER = "newsgraph.resolve.v1"
# Another engine (Spark) for a full run: units by group key -> (groups, candidate pairs, system
# judgements), computed with the same functions (resolve/).
Engine = Callable[[dict[str, list[Unit]]], tuple[list[Group], list[tuple[str, str]], list[Judgement]]]
# Entities of one document that feed a unit's co-mentions, in order of first mention: a long
# article names hundreds; the first 30 are the ones the story is about.
CO_MENTIONS_PER_DOC = 30


@dataclass
class ResolveReport:
    groups: int = 0
    rebuilt: int = 0
    pairs: int = 0
    same: int = 0
    entities: int = 0
    changed_entities: int = 0
    seconds: float = 0.0
    engine: str = "duckdb"
    steps: dict[str, tuple[float, float]] = field(default_factory=dict)  # step -> (wall s, CPU s)

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time one step (wall and this process's CPU): benchmarks/resolve_bench.py prints them."""
        t, c = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            w0, c0 = self.steps.get(name, (0.0, 0.0))
            self.steps[name] = (w0 + time.perf_counter() - t, c0 + time.process_time() - c)

    def summary(self) -> str:
        return (
            f"resolved {self.rebuilt} of {self.groups} name groups, {self.pairs} pairs judged "
            f"({self.same} same), {self.entities} entities ({self.changed_entities} changed)"
        )


# -- units and groups -----------------------------------------------------------------------


def _keys_table(con: duckdb.DuckDBPyConnection, name: str, keys: Iterable[str]) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (group_key VARCHAR PRIMARY KEY)")
    keys = sorted(set(keys))
    if keys:
        con.register("_keys_in", pa.table({"group_key": pa.array(keys, type=pa.string())}))
        con.execute(f"INSERT INTO {name} SELECT group_key FROM _keys_in")
        con.unregister("_keys_in")


_UNITS_SQL = """
WITH u AS (
    SELECT doc_id, local_id, name, type, alias_names, alias_kinds, country, group_key
    FROM doc_entities WHERE {where}
), r AS (
    SELECT doc_id, local_id, list(title ORDER BY role_no) AS titles,
           list(organization ORDER BY role_no) FILTER (WHERE organization IS NOT NULL) AS orgs
    FROM roles WHERE doc_id IN (SELECT doc_id FROM u) GROUP BY doc_id, local_id
)
SELECT u.doc_id, u.local_id, u.name, u.type, u.alias_names, u.alias_kinds, u.country, u.group_key,
       strftime(d.published, '%Y-%m-%d'), r.titles, r.orgs
FROM u JOIN documents d USING (doc_id)
LEFT JOIN r USING (doc_id, local_id)
"""
# The entities of each document of the units, in order of first mention (the co-mentions):
# read once a document, not once a unit (a document of 40 entities is 40 units).
_CO_SQL = """
SELECT doc_id, list(name ORDER BY first_char, local_id)[1:?] AS names,
       list(type ORDER BY first_char, local_id)[1:?] AS types
FROM doc_entities WHERE doc_id IN (SELECT DISTINCT doc_id FROM doc_entities WHERE {where})
GROUP BY doc_id
"""


def load_units(con: duckdb.DuckDBPyConnection, keys: Iterable[str] | None = None) -> dict[str, list[Unit]]:
    """Units by group key: every unit of the given groups (all groups when keys is None)."""
    if keys is None:
        where = "TRUE"
    else:
        _keys_table(con, "_want", keys)
        where = "group_key IN (SELECT group_key FROM _want)"
    co_of: dict[str, tuple[tuple[str, str], ...]] = {}
    n = CO_MENTIONS_PER_DOC
    for did, cnames, ctypes in con.execute(_CO_SQL.format(where=where), [n, n]).fetchall():
        # one tuple shared by the units of a document (make_group caches its keys by it)
        co_of[did] = tuple(zip(cnames, ctypes, strict=True))
    out: dict[str, list[Unit]] = defaultdict(list)
    cur = con.execute(_UNITS_SQL.format(where=where))
    while rows := cur.fetchmany(50_000):
        for did, lid, name, typ, anames, akinds, country, gkey, day, titles, orgs in rows:
            out[gkey].append(
                Unit(
                    key=f"{did}\x1f{lid}",
                    name=name,
                    type=typ,
                    aliases=tuple(zip(anames or [], akinds or [], strict=True)),
                    titles=tuple(titles or ()),
                    orgs=tuple(orgs or ()),
                    co_mentions=co_of.get(did, ()),
                    country=country,
                    date=day,
                )
            )
    return out


def rebuild_groups(
    con: duckdb.DuckDBPyConnection, keys: set[str] | None, groups: list[Group] | None = None
) -> tuple[set[str], set[str]]:
    """Rebuild the given groups (all when None) from their units into name_groups and
    group_blocks (or store `groups` built elsewhere, for all keys). Returns (block keys touched,
    group keys deleted)."""
    if groups is None:
        groups = make_groups(load_units(con, keys), workers=os.cpu_count() or 1)
    built = {g.key for g in groups}
    if keys is None:
        old_blocks: set[str] = set()
        con.execute("DELETE FROM name_groups")
        con.execute("DELETE FROM group_blocks")
        gone: set[str] = set()
    else:
        _keys_table(con, "_rebuild", keys)
        old_blocks = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT block_key FROM group_blocks "
                "WHERE group_key IN (SELECT group_key FROM _rebuild)"
            ).fetchall()
        }
        con.execute("DELETE FROM name_groups WHERE group_key IN (SELECT group_key FROM _rebuild)")
        con.execute("DELETE FROM group_blocks WHERE group_key IN (SELECT group_key FROM _rebuild)")
        gone = keys - built
    new_blocks: set[str] = set()
    if groups:
        con.register(
            "_groups_in",
            pa.table(
                {
                    "group_key": [g.key for g in groups],
                    "type_class": [g.type_class for g in groups],
                    "name": [g.name for g in groups],
                    "n_units": [g.n_units for g in groups],
                    "data": [json.dumps(group_to_dict(g), ensure_ascii=False) for g in groups],
                }
            ),
        )
        con.execute("INSERT INTO name_groups SELECT * FROM _groups_in")
        con.unregister("_groups_in")
        blocks = list(block_rows(groups))
        con.register(
            "_blocks_in",
            pa.table({"group_key": [b[0] for b in blocks], "block_key": [b[1] for b in blocks]}),
        )
        con.execute("INSERT INTO group_blocks SELECT group_key, block_key FROM _blocks_in")
        con.unregister("_blocks_in")
        new_blocks = {b for _, b in blocks}
    return old_blocks | new_blocks, gone


# -- pairs and judgements ---------------------------------------------------------------------

_PAIRS_SQL = """
WITH sized AS (
    SELECT block_key FROM group_blocks {where}
    GROUP BY block_key HAVING count(*) BETWEEN 2 AND ?
), members AS (
    SELECT group_key, block_key FROM group_blocks WHERE block_key IN (SELECT block_key FROM sized)
)
SELECT DISTINCT a.group_key, b.group_key
FROM members a JOIN members b ON a.block_key = b.block_key AND a.group_key < b.group_key
ORDER BY 1, 2
"""


def candidate_pairs(con: duckdb.DuckDBPyConnection, blocks: set[str] | None) -> list[tuple[str, str]]:
    """Pairs of groups sharing a block of at most MAX_BLOCK groups (blocks None = all blocks)."""
    if blocks is None:
        return [tuple(r) for r in con.execute(_PAIRS_SQL.format(where=""), [MAX_BLOCK]).fetchall()]
    con.execute("CREATE OR REPLACE TEMP TABLE _blocks (block_key VARCHAR)")
    if blocks:
        con.register("_blocks_in", pa.table({"block_key": pa.array(sorted(blocks), type=pa.string())}))
        con.execute("INSERT INTO _blocks SELECT block_key FROM _blocks_in")
        con.unregister("_blocks_in")
    sql = _PAIRS_SQL.format(where="WHERE block_key IN (SELECT block_key FROM _blocks)")
    return [tuple(r) for r in con.execute(sql, [MAX_BLOCK]).fetchall()]


def load_groups(con: duckdb.DuckDBPyConnection, keys: Iterable[str]) -> dict[str, Group]:
    _keys_table(con, "_load", keys)
    rows = con.execute(
        "SELECT data FROM name_groups WHERE group_key IN (SELECT group_key FROM _load)"
    ).fetchall()
    return {g.key: g for g in (group_from_dict(json.loads(r[0])) for r in rows)}


def system_judgement_id(left: str, right: str) -> str:
    return "s:" + entity_id([f"{left}\x1f{right}"])[1:]


def store_system_judgements(
    con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]], judgements: list[Judgement], gone: set[str]
) -> None:
    """Replace the system's judgements of the re-judged pairs and of deleted groups."""
    con.execute("CREATE OR REPLACE TEMP TABLE _pairs (left_key VARCHAR, right_key VARCHAR)")
    if pairs:
        con.register(
            "_pairs_in", pa.table({"left_key": [p[0] for p in pairs], "right_key": [p[1] for p in pairs]})
        )
        con.execute("INSERT INTO _pairs SELECT * FROM _pairs_in")
        con.unregister("_pairs_in")
    con.execute(
        "DELETE FROM judgements WHERE source = 'system' AND (left_key, right_key) IN "
        "(SELECT (left_key, right_key) FROM _pairs)"
    )
    if gone:
        _keys_table(con, "_gone_groups", gone)
        con.execute(
            "DELETE FROM judgements WHERE source = 'system' AND (left_key IN (SELECT group_key FROM "
            "_gone_groups) OR right_key IN (SELECT group_key FROM _gone_groups))"
        )
    if not judgements:
        return
    at = db.now()
    con.register(
        "_judgements_in",
        pa.table(
            {
                "judgement_id": [system_judgement_id(j.left, j.right) for j in judgements],
                "left_key": [j.left for j in judgements],
                "right_key": [j.right for j in judgements],
                "verdict": [j.verdict for j in judgements],
                "source": [SYSTEM] * len(judgements),
                "score": pa.array([j.score for j in judgements], type=pa.float64()),
                "reasons": [json.dumps(list(j.reasons), ensure_ascii=False) for j in judgements],
                "author": [j.author or RESOLVER for j in judgements],
                "created_at": [at] * len(judgements),
            }
        ),
    )
    con.execute(
        "INSERT INTO judgements (judgement_id, left_key, right_key, verdict, source, score, reasons, "
        "author, created_at) SELECT * FROM _judgements_in"
    )
    con.unregister("_judgements_in")


# The verdicts clustering reads (an `unsure` joins and separates nothing)
_CLUSTERED = ("same", "different", "suppress")


def load_judgements(con: duckdb.DuckDBPyConnection, source: str | None = None) -> list[Judgement]:
    """Every judgement in force (analysts' retracted ones left out), of one source if given."""
    rows = con.execute(
        "SELECT left_key, right_key, verdict, source, score, author, "
        "strftime(created_at, '%Y-%m-%dT%H:%M:%S.%f') FROM judgements WHERE retracted_at IS NULL "
        "AND verdict IN ('same', 'different', 'suppress') AND (? IS NULL OR source = ?)",
        [source, source],
    ).fetchall()
    return [Judgement(a, b, v, s, score, (), author, at) for a, b, v, s, score, author, at in rows]


# -- entities -----------------------------------------------------------------------------------


def apply_clusters(
    con: duckdb.DuckDBPyConnection,
    assignment: Mapping[str, str],
    dirty: set[str],
    refresh_suppressed: bool = False,
) -> int:
    """Write group -> entity, doc_entities.entity_id and the entity tables for every entity whose
    members or units changed. Returns the number of entities rewritten."""
    old = dict(con.execute("SELECT group_key, entity_id FROM entity_groups").fetchall())
    changed = {k for k, e in assignment.items() if old.get(k) != e} | (set(old) - set(assignment))
    affected_groups = changed | (dirty & set(assignment))
    affected = {assignment[k] for k in affected_groups if k in assignment} | {
        old[k] for k in affected_groups if k in old
    }
    if changed:
        _keys_table(con, "_changed", changed)
        con.execute("DELETE FROM entity_groups WHERE group_key IN (SELECT group_key FROM _changed)")
        rows = [(k, assignment[k]) for k in sorted(changed) if k in assignment]
        if rows:
            con.register(
                "_eg_in", pa.table({"group_key": [r[0] for r in rows], "entity_id": [r[1] for r in rows]})
            )
            con.execute("INSERT INTO entity_groups SELECT * FROM _eg_in")
            con.unregister("_eg_in")
        con.execute(
            "UPDATE doc_entities SET entity_id = eg.entity_id FROM entity_groups eg "
            "WHERE doc_entities.group_key = eg.group_key AND doc_entities.group_key IN "
            "(SELECT group_key FROM _changed)"
        )
        _redirect(con, old, assignment, changed)
    if dirty:
        # new units of groups whose entity did not change still need their entity id
        _keys_table(con, "_dirty_groups", dirty)
        con.execute(
            "UPDATE doc_entities SET entity_id = eg.entity_id FROM entity_groups eg "
            "WHERE doc_entities.group_key = eg.group_key AND doc_entities.entity_id IS NULL "
            "AND doc_entities.group_key IN (SELECT group_key FROM _dirty_groups)"
        )
    _rewrite_entities(con, affected)
    if refresh_suppressed:
        # a suppress (or its retraction) changes no membership: set the flag on every entity
        con.execute("UPDATE entities SET suppressed = FALSE WHERE suppressed")
        suppressed = _suppressed_entities(con)
        if suppressed:
            con.execute(
                "UPDATE entities SET suppressed = TRUE WHERE entity_id IN (SELECT unnest(?::VARCHAR[]))",
                [sorted(suppressed)],
            )
    return len(affected)


def _redirect(
    con: duckdb.DuckDBPyConnection, old: Mapping[str, str], new: Mapping[str, str], changed: set[str]
) -> None:
    """An entity id that vanished now points to the entity holding the group it was named after."""
    live = set(new.values())
    vanished = {old[k] for k in changed if k in old} - live
    at = db.now()
    for eid in sorted(vanished):
        members = sorted(k for k, e in old.items() if e == eid and k in new)
        if not members:
            continue
        con.execute("DELETE FROM entity_redirects WHERE old_id = ?", [eid])
        con.execute("INSERT INTO entity_redirects VALUES (?, ?, ?)", [eid, new[members[0]], at])
    # a redirect must never point at an id that vanished in its turn
    con.execute(
        "UPDATE entity_redirects SET new_id = r2.new_id FROM entity_redirects r2 "
        "WHERE entity_redirects.new_id = r2.old_id"
    )


_ENTITY_SQL = """
WITH de AS (
    SELECT de.*, d.published FROM doc_entities de JOIN documents d USING (doc_id)
    WHERE de.entity_id IN (SELECT entity_id FROM _affected)
), names AS (
    SELECT entity_id, name, count(*) AS n FROM de GROUP BY ALL
), types AS (
    SELECT entity_id, type, count(*) AS n FROM de GROUP BY ALL
), attrs AS (
    SELECT entity_id,
           mode(kind) FILTER (WHERE kind IS NOT NULL) AS kind,
           mode(sector) FILTER (WHERE sector IS NOT NULL) AS sector,
           mode(country) FILTER (WHERE country IS NOT NULL) AS country,
           count(DISTINCT group_key) AS n_groups, count(DISTINCT doc_id) AS n_docs,
           sum(n_mentions) AS n_mentions, min(published) AS first_seen, max(published) AS last_seen
    FROM de GROUP BY entity_id
)
SELECT a.entity_id,
       (SELECT first(name ORDER BY n DESC, name) FROM names WHERE names.entity_id = a.entity_id),
       (SELECT first(type ORDER BY n DESC, type) FROM types WHERE types.entity_id = a.entity_id),
       a.kind, a.sector, a.country, a.n_groups, a.n_docs, a.n_mentions, a.first_seen, a.last_seen
FROM attrs a
"""

_NAMES_SQL = """
WITH de AS (
    SELECT entity_id, doc_id, name, alias_names, alias_kinds FROM doc_entities
    WHERE entity_id IN (SELECT entity_id FROM _affected)
), all_names AS (
    SELECT entity_id, doc_id, name, 'name' AS kind FROM de
    UNION ALL
    SELECT entity_id, doc_id, unnest(alias_names) AS name, unnest(alias_kinds) AS kind FROM de
)
SELECT entity_id, name, first(kind ORDER BY (kind = 'name') DESC, kind), count(DISTINCT doc_id)
FROM all_names WHERE kind <> 'titled' GROUP BY entity_id, name
"""


def name_keys(name: str) -> tuple[str, str | None]:
    """(skeleton of all words, skeleton of the surname) for search."""
    parts = parse_name(name)
    words = [soft(w) for w in parts.words] + [soft(k) for k in parts.kunyas]
    return " ".join(words), (soft(parts.surname) if parts.surname else None)


def _rewrite_entities(con: duckdb.DuckDBPyConnection, affected: set[str]) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE _affected (entity_id VARCHAR PRIMARY KEY)")
    if not affected:
        return
    con.register("_aff_in", pa.table({"entity_id": pa.array(sorted(affected), type=pa.string())}))
    con.execute("INSERT INTO _affected SELECT entity_id FROM _aff_in")
    con.unregister("_aff_in")
    con.execute("DELETE FROM entities WHERE entity_id IN (SELECT entity_id FROM _affected)")
    con.execute("DELETE FROM entity_names WHERE entity_id IN (SELECT entity_id FROM _affected)")
    con.execute(
        "INSERT INTO entities (entity_id, name, type, kind, sector, country, n_groups, n_docs, n_mentions, "
        f"first_seen, last_seen) {_ENTITY_SQL}"
    )
    suppressed = _suppressed_entities(con)
    if suppressed:
        con.execute(
            "UPDATE entities SET suppressed = TRUE WHERE entity_id IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(suppressed)],
        )
    rows = con.execute(_NAMES_SQL).fetchall()
    if rows:
        keys = [name_keys(r[1]) for r in rows]
        con.register(
            "_names_in",
            pa.table(
                {
                    "entity_id": [r[0] for r in rows],
                    "name": [r[1] for r in rows],
                    "norm": [fold_name(r[1]) for r in rows],
                    "kind": [r[2] for r in rows],
                    "script": [script_of(r[1]) for r in rows],
                    "name_key": [k[0] for k in keys],
                    "surname_key": pa.array([k[1] for k in keys], type=pa.string()),
                    "n_docs": [r[3] for r in rows],
                }
            ),
        )
        con.execute("INSERT INTO entity_names SELECT * FROM _names_in")
        con.unregister("_names_in")


def _suppressed_entities(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT DISTINCT eg.entity_id FROM judgements j JOIN entity_groups eg ON eg.group_key = j.left_key "
        "WHERE j.verdict = ? AND j.retracted_at IS NULL",
        [SUPPRESS],
    ).fetchall()
    return {r[0] for r in rows}


# -- the whole run ------------------------------------------------------------------------------


def resolve_store(
    con: duckdb.DuckDBPyConnection,
    path: str = "store",
    full: bool = False,
    judged: Callable[[duckdb.DuckDBPyConnection], tuple[list[tuple[str, str]], list[Judgement]]]
    | None = None,
    recluster: bool = False,
    own_transaction: bool = True,
) -> ResolveReport:
    """Resolve (incrementally unless `full`) in one transaction (the caller's when
    `own_transaction` is False). `recluster` re-derives the clusters even when no group changed
    (after an analyst's judgement). `judged` lets another engine (Spark) supply the candidate
    pairs and the system's judgements of a full run."""
    start = time.monotonic()
    report = ResolveReport(engine="spark" if judged else "duckdb")
    # a full run rewrites every unit's entity id: without the index on it (rebuilt after the
    # commit, or by the next run if this one is killed) DuckDB updates the column in place
    rebuild_index = own_transaction and (full or judged is not None)
    if rebuild_index:
        con.execute(f"DROP INDEX IF EXISTS {_ENTITY_INDEX}")
    try:
        _resolve_in_transaction(con, path, report, full, judged, recluster, own_transaction)
    finally:
        if own_transaction:
            with report.step("index"):
                con.execute(_entity_index_sql())
    report.seconds = time.monotonic() - start
    log.info("%s in %.1f s", report.summary(), report.seconds)
    return report


# An index on doc_entities.entity_id turns every update of the column into a delete and an
# insert of the whole row (DuckDB): measured on 40k units, 3.9 s with it, 0.01 s without.
_ENTITY_INDEX = "doc_entities_entity"


def _entity_index_sql() -> str:
    """schema.sql's CREATE INDEX IF NOT EXISTS of _ENTITY_INDEX (the one place it is defined)."""
    return next(s for s in db.schema_statements() if s.startswith("CREATE INDEX") and _ENTITY_INDEX in s)


def _resolve_in_transaction(
    con: duckdb.DuckDBPyConnection,
    path: str,
    report: ResolveReport,
    full: bool,
    judged: Callable[[duckdb.DuckDBPyConnection], tuple[list[tuple[str, str]], list[Judgement]]] | None,
    recluster: bool,
    own_transaction: bool,
) -> None:
    with db.transaction(con, path) if own_transaction else contextlib.nullcontext():
        facts.refresh(con)  # the query lookup tables (store/facts.py), on every path below
        dirty = {r[0] for r in con.execute("SELECT group_key FROM resolution_dirty").fetchall()}
        resolved_before = con.execute("SELECT count(*) FROM entity_groups").fetchone()[0] > 0
        if full or judged:
            dirty = {r[0] for r in con.execute("SELECT DISTINCT group_key FROM doc_entities").fetchall()}
            full = True
        pairs: list[tuple[str, str]] = []
        system: list[Judgement] = []
        rejudged_all = False  # every system judgement in force is then in `system`
        if dirty or not resolved_before:
            rejudged_all = full
            if judged is not None:
                with report.step("spark"):
                    groups_built, pairs, system = judged(load_units(con, None))
                with report.step("groups"):
                    touched_blocks, gone = rebuild_groups(con, None, groups_built)
            else:
                with report.step("groups"):
                    touched_blocks, gone = rebuild_groups(con, None if full else dirty)
            if judged is None:
                with report.step("pairs"):
                    pairs = candidate_pairs(con, None if full else touched_blocks)
                    groups = load_groups(con, {k for p in pairs for k in p})
                with report.step("judge"):
                    system = judge_pairs(groups, pairs, RESOLVER, workers=os.cpu_count() or 1)
            with report.step("store"):
                if full:
                    con.execute("DELETE FROM judgements WHERE source = 'system'")
                store_system_judgements(con, pairs, system, gone)
        elif not recluster:
            if not facts.edges_fresh(con):  # documents stored without resolution since
                with report.step("edges"):
                    facts.refresh_edges(con)
            report.groups = con.execute("SELECT count(*) FROM name_groups").fetchone()[0]
            report.entities = con.execute("SELECT count(*) FROM entities").fetchone()[0]
            return
        with report.step("cluster"):
            nodes = [r[0] for r in con.execute("SELECT group_key FROM name_groups").fetchall()]
            # analysts' judgements may name groups this store lacks (imported from another
            # store): they still join, through them, the groups it has
            if rejudged_all:
                # the system's judgements are in memory: only the analysts' are read back
                chosen = [j for j in system if j.verdict in _CLUSTERED] + load_judgements(con, ANALYST)
            else:
                chosen = load_judgements(con)
            assignment = cluster(nodes, chosen)
            assignment = {k: assignment[k] for k in nodes}
        with report.step("entities"):
            if full:
                con.execute("DELETE FROM entity_groups")
                # every unit's entity id is rewritten below (its group is a node); only units of
                # no group keep none. Not an update of every row: DuckDB rewrites each updated
                # row of an indexed column, and a million equal NULL keys cost minutes.
                con.execute(
                    "UPDATE doc_entities SET entity_id = NULL WHERE entity_id IS NOT NULL "
                    "AND group_key NOT IN (SELECT group_key FROM name_groups)"
                )
                con.execute("DELETE FROM entities")
                con.execute("DELETE FROM entity_names")
            report.changed_entities = apply_clusters(con, assignment, dirty, refresh_suppressed=recluster)
            con.execute("DELETE FROM resolution_dirty")
        with report.step("edges"):
            facts.refresh_edges(con)  # every entity change: merges, splits, suppressions too
        report.groups = len(nodes)
        report.rebuilt = len(dirty)
        report.pairs = len(pairs)
        report.same = sum(1 for j in system if j.verdict == "same")
        report.entities = len(set(assignment.values()))
        before_commit = time.perf_counter(), time.process_time()
    report.steps["commit"] = (time.perf_counter() - before_commit[0], time.process_time() - before_commit[1])


def analyst_judgements(con: duckdb.DuckDBPyConnection, include_retracted: bool = False) -> list[Judgement]:
    where = "source = ?" + ("" if include_retracted else " AND retracted_at IS NULL")
    rows = con.execute(
        "SELECT left_key, right_key, verdict, source, score, reasons, author, "
        f"strftime(created_at, '%Y-%m-%dT%H:%M:%S'), note FROM judgements WHERE {where} "
        "ORDER BY created_at, judgement_id",
        [ANALYST],
    ).fetchall()
    return [
        Judgement(a, b, v, s, score, tuple(json.loads(r) if r else ()), author, at, note)
        for a, b, v, s, score, r, author, at, note in rows
    ]


__all__ = ["ResolveReport", "analyst_judgements", "effective", "resolve_store"]
