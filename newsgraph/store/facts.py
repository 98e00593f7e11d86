"""facts: the lookup tables of schema v2, kept in step with the fact tables.

A profile, an entity page or an actor's timeline asks for the events and quotes of ONE entity,
and the fact tables only know a document's local ids: every such question joined event_args,
quotes or mentions to doc_entities by a scan of the whole table (hundreds of ms on 100k
articles). `group_facts` holds every event argument and every quote of a name group (by its
speaker, or naming one of the group's mentions) with the columns the queries filter and sort
on; an entity is a handful of groups (entity_groups), so its facts are an index lookup.
`doc_quote_counts` holds each document's named and unnamed quotes for the sources view.
`fact_cards` (v3) holds each event and quote as the JSON of the row a page shows of it, its
arguments and speaker by name group (queries map groups to entities when they read it): the
page's rows are then one index lookup on the cards' keys instead of lookups on five tables by
document, which fetch every row of the page's documents. Since v5 both also hold each role a
person holds in a document (kind `role`): an entity's roles are its groups' role facts and their
cards, not a join of roles to doc_entities (a scan of both, and of sentences for the evidence).

Keyed by name group, not entity: a document's groups never change (the group key is the
folded name the writer stored), so resolution, merges and splits need no rewrite here; only
new, replaced and deleted documents do. `refresh` does that at the end of every resolution
(store/resolution.resolve_store), in the writer's transaction: it compares fact_docs with the
documents (doc_id, content_hash), drops the rows of documents gone or changed, and adds those
of documents not yet held. Readers check `fresh` (the same comparison, as a checksum stored by
the refresh) and read the fact tables directly when the lookups lag behind (a store migrated
from v1 before its next resolve, or an `ingest --no-resolve`): answers are the same either
way, only their speed differs.
"""

from __future__ import annotations

import duckdb

STAMP_KEY = "facts_stamp"

# The stored documents' state in one value: how many, and the latest ingest time. Every write
# path that adds, replaces or deletes a document changes one of them (a replaced article is
# stored with the new run's ingested_at; a deletion lowers the count). count(*) is table
# metadata and max() reads one column: ~1 ms on 100k articles, against ~15 ms for a checksum of
# every (doc_id, content_hash), which a reader would pay on every request.
_STAMP = "SELECT count(*)::VARCHAR || ':' || coalesce(max(ingested_at)::VARCHAR, '') FROM documents"
_STAMP_HELD = (
    "SELECT count(*)::VARCHAR || ':' || coalesce(max(d.ingested_at)::VARCHAR, '') "
    "FROM fact_docs f JOIN documents d ON d.doc_id = f.doc_id AND d.content_hash = f.content_hash"
)

_EVENT_FACTS = """
INSERT INTO group_facts
SELECT de.group_key, a.role, a.doc_id, a.event_id,
       coalesce(e.date_start, d.published), coalesce(e.date_end, e.date_start, d.published),
       e.type, e.negated, (e.claimed_by_local_id IS NOT NULL OR e.claimed_by_text IS NOT NULL),
       NULL, NULL
FROM _facts_new n JOIN event_args a ON a.doc_id = n.doc_id
JOIN events e ON e.doc_id = a.doc_id AND e.event_id = a.event_id
JOIN doc_entities de ON de.doc_id = a.doc_id AND de.local_id = a.local_id
JOIN documents d ON d.doc_id = a.doc_id
"""

_SPEAKER_FACTS = """
INSERT INTO group_facts
SELECT de.group_key, 'speaker', q.doc_id, q.quote_id, d.published, NULL, NULL, NULL, NULL, q.named, d.source
FROM _facts_new n JOIN quotes q ON q.doc_id = n.doc_id
JOIN doc_entities de ON de.doc_id = q.doc_id AND de.local_id = q.speaker_local_id
JOIN documents d ON d.doc_id = q.doc_id
"""

# queries.quotes(about=): a quote is about a group when one of the group's mentions lies inside it
_ABOUT_FACTS = """
INSERT INTO group_facts
SELECT DISTINCT de.group_key, 'about', q.doc_id, q.quote_id, d.published, NULL, NULL, NULL, NULL, q.named,
       d.source
FROM _facts_new n JOIN quotes q ON q.doc_id = n.doc_id
JOIN mentions m ON m.doc_id = q.doc_id AND m.start_char >= q.start_char AND m.end_char <= q.end_char
JOIN doc_entities de ON de.doc_id = m.doc_id AND de.local_id = m.local_id
JOIN documents d ON d.doc_id = q.doc_id
"""

# queries.roles: each role a person holds in a document, keyed by the person's name group; the
# item is the person's local id and the role's number (role_no counts per person)
_ROLE_FACTS = """
INSERT INTO group_facts
SELECT de.group_key, 'role', r.doc_id, r.local_id || chr(31) || r.role_no::VARCHAR, r.observed,
       NULL, NULL, NULL, NULL, NULL, NULL
FROM _facts_new n JOIN roles r ON r.doc_id = n.doc_id
JOIN doc_entities de ON de.doc_id = r.doc_id AND de.local_id = r.local_id
"""

_QUOTE_COUNTS = """
INSERT INTO doc_quote_counts
SELECT q.doc_id, count(*), count(*) FILTER (WHERE q.named), count(*) FILTER (WHERE NOT q.named)
FROM _facts_new n JOIN quotes q ON q.doc_id = n.doc_id GROUP BY q.doc_id
"""


# The display row of each event (queries.event_rows' columns) with its arguments as
# [role, local_id, group_key, name, type] in (role, position) order; an argument whose entity
# row is missing is left out, as the join of event_rows leaves it out.
_EVENT_CARDS = """
INSERT INTO fact_cards
WITH args AS (
    SELECT a.doc_id, a.event_id,
           list([a.role, a.local_id, de.group_key, de.name, de.type] ORDER BY a.role, a.position) AS args
    FROM _facts_new n JOIN event_args a ON a.doc_id = n.doc_id
    JOIN doc_entities de ON de.doc_id = a.doc_id AND de.local_id = a.local_id
    GROUP BY a.doc_id, a.event_id
)
SELECT 'event' || chr(31) || e.doc_id || chr(31) || e.event_id, e.doc_id, to_json({
    'doc_id': e.doc_id, 'event_id': e.event_id, 'type': e.type, 'mode': e.mode,
    'date_start': e.date_start, 'date_end': e.date_end, 'negated': e.negated, 'modality': e.modality,
    'trigger': e.trigger, 'actor_text': e.actor_text, 'target_text': e.target_text,
    'claimed_by_text': e.claimed_by_text, 'killed': e.killed, 'wounded': e.wounded,
    'arrested': e.arrested, 'displaced': e.displaced, 'missing': e.missing,
    'start': e.ev_start, 'end': e.ev_end, 'text': substr(d.text, e.ev_start + 1, e.ev_end - e.ev_start),
    'sent_no': e.sent_no, 'sentence': s.text, 'published': d.published, 'title': d.title,
    'source': d.source, 'args': coalesce(g.args, [])
})::VARCHAR
FROM _facts_new n JOIN events e ON e.doc_id = n.doc_id
JOIN documents d ON d.doc_id = e.doc_id
LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.sent_no = e.sent_no
LEFT JOIN args g ON g.doc_id = e.doc_id AND g.event_id = e.event_id
"""

# The display row of each quote (queries.quote_rows' columns), its speaker by name group.
_QUOTE_CARDS = """
INSERT INTO fact_cards
SELECT 'quote' || chr(31) || q.doc_id || chr(31) || q.quote_id, q.doc_id, to_json({
    'doc_id': q.doc_id, 'quote_id': q.quote_id, 'quote': q.text, 'kind': q.kind, 'direct': q.direct,
    'named': q.named, 'speaker_group': sp.group_key, 'speaker_name': sp.name,
    'speaker_text': q.speaker_text, 'speaker_kind': q.speaker_kind,
    'anonymity_reason': q.anonymity_reason, 'verb': q.verb, 'start': q.ev_start, 'end': q.ev_end,
    'text': substr(d.text, q.ev_start + 1, q.ev_end - q.ev_start), 'sent_no': q.sent_no,
    'sentence': s.text, 'published': d.published, 'title': d.title, 'source': d.source
})::VARCHAR
FROM _facts_new n JOIN quotes q ON q.doc_id = n.doc_id
JOIN documents d ON d.doc_id = q.doc_id
LEFT JOIN doc_entities sp ON sp.doc_id = q.doc_id AND sp.local_id = q.speaker_local_id
LEFT JOIN sentences s ON s.doc_id = q.doc_id AND s.sent_no = q.sent_no
"""

# The columns queries.roles aggregates of each role (v5), with its evidence and sentence.
_ROLE_CARDS = """
INSERT INTO fact_cards
SELECT 'role' || chr(31) || r.doc_id || chr(31) || r.local_id || chr(31) || r.role_no::VARCHAR, r.doc_id,
       to_json({
    'doc_id': r.doc_id, 'title': r.title, 'organization': r.organization, 'qualifier': r.qualifier,
    'current': r.current, 'observed': r.observed, 'start': r.ev_start, 'end': r.ev_end,
    'sentence': s.text
})::VARCHAR
FROM _facts_new n JOIN roles r ON r.doc_id = n.doc_id
LEFT JOIN sentences s ON s.doc_id = r.doc_id AND s.sent_no = r.sent_no
"""


# -- pages (v6) ---------------------------------------------------------------------------------
# A busy entity's profile asked group_facts for the first 50 facts of each kind by a window over
# all its rows (10-30k for the busiest groups) and then looked up each of its 150-300 cards:
# 20-75 ms of the profile on the 100k store. group_pages keeps, for each group with more than
# BUSY_FACTS rows in group_facts, the first PAGE_ROWS facts of every kind in the profile's order
# with their cards, and all its roles (a person has at most ~100 role rows; roles are grouped
# whole). A profile of at most PAGE_ROWS per section reads its busy groups from here: the first
# n of a union of groups are among the first n of each group, so pages per group are enough for
# any entity. The other groups, few rows each, still go to group_facts. A group is in
# group_pages completely or not at all: the queries take a group found here as paged.
# BUSY_FACTS: past ~300 rows the window and card lookups of one group passed 5 ms on the 100k
# store, where 644 groups (0.6%) hold 540k of its 1.05 M rows; their pages are 178k rows.
# PAGE_ROWS is the queries' default page (queries.DEFAULT_LIMIT).
PAGE_ROWS = 50
BUSY_FACTS = 300

# the card kind (card_key's first part) of each fact kind of group_facts
CARD_KIND = {
    "actor": "event",
    "target": "event",
    "location": "event",
    "claimant": "event",
    "speaker": "quote",
    "about": "quote",
    "role": "role",
}
_CARD_KIND_SQL = (
    "CASE f.kind " + " ".join(f"WHEN '{kind}' THEN '{card}'" for kind, card in CARD_KIND.items()) + " END"
)


def _group_pages_sql() -> str:
    """The pages of the busy groups among _pages_dirty (BUSY_FACTS and PAGE_ROWS read now)."""
    return f"""
INSERT INTO group_pages
WITH busy AS (
    SELECT f.group_key FROM group_facts f SEMI JOIN _pages_dirty p ON p.group_key = f.group_key
    GROUP BY f.group_key HAVING count(*) > {BUSY_FACTS}
), ranked AS (
    SELECT f.group_key, f.kind, f.doc_id, f.item_id, f.sort_date, {_CARD_KIND_SQL} AS card_kind,
           row_number() OVER (PARTITION BY f.group_key, f.kind
                              ORDER BY f.sort_date NULLS LAST, f.doc_id, f.item_id) AS rank
    FROM (SELECT DISTINCT g.group_key, g.kind, g.doc_id, g.item_id, g.sort_date
          FROM group_facts g SEMI JOIN busy b ON b.group_key = g.group_key) f
)
SELECT r.group_key, r.kind, r.rank, r.doc_id, r.item_id, r.sort_date, c.card
FROM ranked r
LEFT JOIN fact_cards c ON c.card_key = r.card_kind || chr(31) || r.doc_id || chr(31) || r.item_id
WHERE r.kind = 'role' OR r.rank <= {PAGE_ROWS}
ORDER BY r.group_key, r.kind, r.rank
"""


def _refresh_pages(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the pages of the groups in _pages_dirty (the groups of documents added or gone)."""
    con.execute("DELETE FROM group_pages WHERE group_key IN (SELECT group_key FROM _pages_dirty)")
    con.execute(_group_pages_sql())


def rebuild_pages(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every group's pages (call inside the writer's transaction): after BUSY_FACTS or
    PAGE_ROWS changed. ~5 s for the 100k store."""
    con.execute("CREATE OR REPLACE TEMP TABLE _pages_dirty AS SELECT DISTINCT group_key FROM group_facts")
    con.execute("DELETE FROM group_pages")
    con.execute(_group_pages_sql())
    con.execute("DROP TABLE _pages_dirty")


# -- edges (v4) ---------------------------------------------------------------------------------
# Who appears with whom and who acts on whom, per ENTITY pair: a co-mention is counted once per
# document, so it cannot be summed from name-group pairs (two groups of one entity in one
# document would count it twice). The tables are therefore rebuilt whole, in the transaction of
# every resolution that changed an entity (merges, splits and suppressions included), not kept
# per document like the tables above: 100k articles ~EDGE_SECONDS (benchmarks/README.md 3c).
# Rows are inserted ordered by entity_id, so that DuckDB's zone maps skip every row group but
# the entity's own when a query asks for one entity's neighbours (no index needed: a busy
# entity has tens of thousands of rows, beyond what an ART lookup does quickly).

EDGE_STAMP_KEY = "edges_stamp"

_CO_MENTION_EDGES = """
INSERT INTO entity_edges
WITH de AS (
    SELECT DISTINCT x.doc_id, x.entity_id, e.name, e.type, e.suppressed
    FROM doc_entities x JOIN entities e ON e.entity_id = x.entity_id
)
SELECT a.entity_id, b.entity_id, b.name, b.type, a.suppressed, b.suppressed,
       count(*) AS n_docs, min(a.doc_id) AS example_doc_id
FROM de a JOIN de b ON a.doc_id = b.doc_id AND a.entity_id <> b.entity_id
GROUP BY ALL
ORDER BY a.entity_id, n_docs DESC, b.name
"""

# actor -> target of every asserted event, per type: `n_events` distinct events (the network's
# weight), `n_rows` argument pairs (what neighbours counts, and network's min_weight tests)
_EVENT_EDGES = """
INSERT INTO event_edges
SELECT sa.entity_id, ta.entity_id, v.type, count(DISTINCT (v.doc_id, v.event_id)), count(*)
FROM events v
JOIN event_args a ON a.doc_id = v.doc_id AND a.event_id = v.event_id AND a.role = 'actor'
JOIN doc_entities sa ON sa.doc_id = a.doc_id AND sa.local_id = a.local_id
JOIN event_args t ON t.doc_id = v.doc_id AND t.event_id = v.event_id AND t.role = 'target'
JOIN doc_entities ta ON ta.doc_id = t.doc_id AND ta.local_id = t.local_id
WHERE NOT v.negated AND sa.entity_id IS NOT NULL AND ta.entity_id IS NOT NULL
  AND sa.entity_id <> ta.entity_id
GROUP BY ALL
ORDER BY 1, 2
"""


def edges_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether entity_edges and event_edges describe the stored documents as resolved now
    (every change of an entity rebuilds them in its own transaction; a document stored without
    resolution, `ingest --no-resolve`, leaves them stale until the next resolve)."""
    return freshness(con)[1]


def refresh_edges(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the edge tables (call inside the writer's transaction, after the entities)."""
    con.execute("DELETE FROM entity_edges")
    con.execute("DELETE FROM event_edges")
    con.execute(_CO_MENTION_EDGES)
    con.execute(_EVENT_EDGES)
    con.execute("INSERT OR REPLACE INTO newsgraph_meta VALUES (?, ?)", [EDGE_STAMP_KEY, stamp(con)])


# group_facts in group order: a busy entity's 10-30k rows then lie in a few row groups that
# DuckDB's zone maps find without reading the rest. Since v6 the table has no index on
# group_key: DuckDB took an ART lookup for groups of up to ~2k rows, and a lookup fetches each
# row's doc_id from its FSST-compressed vector, ~17 us a row (a 1,712-row group: 36 ms by the
# index, 2.3 ms by zone maps; timeline of an actor on the 100k store p95 44 -> 14-16 ms,
# benchmarks/README.md 3f). New documents' rows are appended at the end, so the table is
# rewritten in order once the rows added since its last rewrite pass RESORT_SHARE of it.
# Measured on the 100k store (1.0 M rows): the rewrite 7.8 s; a 13k-row group 20 -> 8 ms, a
# 30k-row group 31 -> 18 ms. At 10% the rewrites cost ~0.8 ms per ingested article (one
# rewrite per 10% of growth), under 1% of its extraction; the unsorted tail stays under a
# tenth of the table.
SORTED_KEY = "group_facts_sorted_rows"
RESORT_SHARE = 0.10


def stored_sorted_rows(con: duckdb.DuckDBPyConnection) -> int:
    """How many rows group_facts had when it was last rewritten in group order."""
    row = con.execute("SELECT value FROM newsgraph_meta WHERE key = ?", [SORTED_KEY]).fetchone()
    return int(row[0]) if row else 0


def _keep_group_facts_sorted(con: duckdb.DuckDBPyConnection) -> None:
    n = con.execute("SELECT count(*) FROM group_facts").fetchone()[0]
    n_sorted = stored_sorted_rows(con)
    if n == 0 or n - n_sorted <= RESORT_SHARE * n:
        return
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _gf_sorted AS SELECT * FROM group_facts ORDER BY group_key, kind"
    )
    con.execute("DELETE FROM group_facts")
    con.execute("INSERT INTO group_facts SELECT * FROM _gf_sorted")
    con.execute("DROP TABLE _gf_sorted")
    con.execute("INSERT OR REPLACE INTO newsgraph_meta VALUES (?, ?)", [SORTED_KEY, str(n)])


def card_key(kind: str, doc_id: str, item_id: str) -> str:
    """The key of a fact's card (kind: event | quote | role), as _EVENT_CARDS, _QUOTE_CARDS and
    _ROLE_CARDS build it (a role's item: its person's local id and role_no, joined by U+001F)."""
    return f"{kind}\x1f{doc_id}\x1f{item_id}"


def stamp(con: duckdb.DuckDBPyConnection, held: bool = False) -> str:
    """The documents' state (`held`: of the documents the lookup tables hold)."""
    return con.execute(_STAMP_HELD if held else _STAMP).fetchone()[0]


def stored_stamp(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT value FROM newsgraph_meta WHERE key = ?", [STAMP_KEY]).fetchone()
    return row[0] if row else None


def fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the lookup tables hold exactly the stored documents (then they answer the same
    as the fact tables)."""
    return freshness(con)[0]


def freshness(con: duckdb.DuckDBPyConnection) -> tuple[bool, bool]:
    """(fresh, edges_fresh) from one computation of the stamp (a profile asks both)."""
    now = stamp(con)
    held = dict(
        con.execute(
            "SELECT key, value FROM newsgraph_meta WHERE key IN (?, ?)", [STAMP_KEY, EDGE_STAMP_KEY]
        ).fetchall()
    )
    return held.get(STAMP_KEY) == now, held.get(EDGE_STAMP_KEY) == now


def refresh(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the lookup tables in step with the documents (call inside the writer's
    transaction). Returns the number of documents whose rows were (re)built."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _facts_gone AS SELECT f.doc_id FROM fact_docs f "
        "ANTI JOIN documents d ON d.doc_id = f.doc_id AND d.content_hash = f.content_hash"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _facts_new AS SELECT d.doc_id, d.content_hash FROM documents d "
        "ANTI JOIN fact_docs f ON f.doc_id = d.doc_id AND f.content_hash = d.content_hash"
    )
    n_new = con.execute("SELECT count(*) FROM _facts_new").fetchone()[0]
    n_gone = con.execute("SELECT count(*) FROM _facts_gone").fetchone()[0]
    # the groups whose pages change: those of the documents gone (before their rows go) and new
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _pages_dirty AS SELECT DISTINCT group_key FROM group_facts "
        "WHERE doc_id IN (SELECT doc_id FROM _facts_gone)"
    )
    if n_gone:
        # a replaced document is gone (old hash) and new (new hash): its old rows go first
        for table in ("group_facts", "doc_quote_counts", "fact_cards", "fact_docs"):
            con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM _facts_gone)")
    if n_new:
        for sql in (
            _EVENT_FACTS,
            _SPEAKER_FACTS,
            _ABOUT_FACTS,
            _ROLE_FACTS,
            _QUOTE_COUNTS,
            _EVENT_CARDS,
            _QUOTE_CARDS,
            _ROLE_CARDS,
        ):
            con.execute(sql)
        con.execute("INSERT INTO fact_docs SELECT doc_id, content_hash FROM _facts_new")
        con.execute(
            "INSERT INTO _pages_dirty SELECT DISTINCT group_key FROM group_facts "
            "WHERE doc_id IN (SELECT doc_id FROM _facts_new) EXCEPT SELECT group_key FROM _pages_dirty"
        )
    if n_new or n_gone:
        _refresh_pages(con)
        _keep_group_facts_sorted(con)
    for table in ("_pages_dirty", "_facts_gone", "_facts_new"):
        con.execute(f"DROP TABLE {table}")
    con.execute("INSERT OR REPLACE INTO newsgraph_meta VALUES (?, ?)", [STAMP_KEY, stamp(con, held=True)])
    return n_new
