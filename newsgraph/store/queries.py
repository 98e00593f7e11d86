"""queries: the named read queries of the store, shared by the CLI, the exports and the web app.

Every function takes an open connection (`open_store(path)` gives a read-only one; see
store/db.py on why a reader holds a store only for one request) and returns plain JSON-able
dicts and lists: the CLI prints them as JSON lines or tables, the web app wraps them in pydantic
models at its boundary. SQL takes values only as parameters.

Entity references (`ref`) are an entity id ("E1a2b3c4d5e6f", old ids follow their redirect) or
a name in any spelling ("Ghaani"): the best search hit.

Every fact comes with its evidence: `doc_id`, the offsets `start`/`end` into the document's
original text, the evidence `text`, and the `sentence` (`sent_no` and its text).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple, TypedDict

import duckdb
from rapidfuzz.distance import JaroWinkler

from newsgraph.resolve.names import norm_name
from newsgraph.store import db, facts
from newsgraph.store.resolution import name_keys

ENTITY_ID = re.compile(r"^E[0-9a-f]{12}$")
DEFAULT_LIMIT = 50
MAX_LIMIT = 10_000
# Search: how a matched name ranks (then by the entity's document count)
MATCH_RANK = {"exact": 1.0, "spelling": 0.9, "surname": 0.75, "prefix": 0.6, "fuzzy": 0.5}
# Fuzzy fallback when no skeleton matches (a spelling the skeleton rules miss: "Kathimi")
FUZZY_AT = 0.88


class SearchHit(TypedDict):
    entity_id: str
    name: str
    type: str
    n_docs: int
    matched_name: str
    match: str  # exact | spelling | surname | prefix | fuzzy
    score: float


@contextlib.contextmanager
def open_store(
    path: str | os.PathLike[str], wait: float = db.DEFAULT_WAIT
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one request or one command."""
    with db.connect(path, write=False, wait=wait) as con:
        yield con


def _limit(n: int | None, default: int = DEFAULT_LIMIT) -> int:
    return max(0, min(int(n if n is not None else default), MAX_LIMIT))


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, (_jsonable(v) for v in row), strict=True)) for row in cur.fetchall()]


def _jsonable(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


# -- entities -----------------------------------------------------------------------------------


def search(
    con: duckdb.DuckDBPyConnection, text: str, limit: int = 20, entity_type: str | None = None
) -> list[SearchHit]:
    """Entities by any of their names, in any spelling: the exact folded name, the same
    transliteration skeleton ("Ghaani" finds Qaani), the surname's skeleton, a prefix (for
    suggestions), else Jaro-Winkler over all names. Suppressed entities are left out."""
    q = norm_name(text.strip())
    if not q:
        return []
    key, surname = name_keys(text.strip())
    prefix = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = con.execute(
        """
        SELECT n.entity_id, n.name, n.norm, n.name_key, n.surname_key, e.name, e.type, e.n_docs
        FROM entity_names n JOIN entities e USING (entity_id)
        WHERE NOT e.suppressed AND (? IS NULL OR e.type = ?)
          AND (n.norm = ? OR n.name_key = ? OR n.surname_key = ? OR n.norm LIKE ? ESCAPE '\\')
        """,
        [entity_type, entity_type, q, key, surname or key, prefix],
    ).fetchall()
    if not rows:
        rows = con.execute(
            """
            SELECT n.entity_id, n.name, n.norm, n.name_key, n.surname_key, e.name, e.type, e.n_docs
            FROM entity_names n JOIN entities e USING (entity_id)
            WHERE NOT e.suppressed AND (? IS NULL OR e.type = ?) AND jaro_winkler_similarity(n.norm, ?) >= ?
            """,
            [entity_type, entity_type, q, FUZZY_AT],
        ).fetchall()
    best: dict[str, SearchHit] = {}
    for eid, name, norm, nkey, skey, ename, etype, n_docs in rows:
        if norm == q:
            match = "exact"
        elif nkey == key:
            match = "spelling"
        elif skey and skey in (surname, key):
            match = "surname"
        elif norm.startswith(q):
            match = "prefix"
        else:
            match = "fuzzy"
        score = MATCH_RANK[match] + 0.05 * JaroWinkler.similarity(q, norm) + 0.01 * math.log1p(n_docs)
        hit = SearchHit(
            entity_id=eid,
            name=ename,
            type=etype,
            n_docs=n_docs,
            matched_name=name,
            match=match,
            score=round(score, 4),
        )
        if eid not in best or hit["score"] > best[eid]["score"]:
            best[eid] = hit
    return sorted(best.values(), key=lambda h: (-h["score"], h["entity_id"]))[: _limit(limit, 20)]


def suggest(con: duckdb.DuckDBPyConnection, prefix: str, limit: int = 10) -> list[SearchHit]:
    """Search hits for a search box as the user types (prefixes and spellings)."""
    return search(con, prefix, limit)


def find_entity(con: duckdb.DuckDBPyConnection, ref: str) -> str | None:
    """The entity id a reference names (an id, an old id that was redirected, or a name)."""
    ref = ref.strip()
    if ENTITY_ID.match(ref):
        row = con.execute("SELECT entity_id FROM entities WHERE entity_id = ?", [ref]).fetchone()
        if row:
            return row[0]
        row = con.execute("SELECT new_id FROM entity_redirects WHERE old_id = ?", [ref]).fetchone()
        return row[0] if row else None
    hits = search(con, ref, limit=1)
    return hits[0]["entity_id"] if hits else None


def entity(con: duckdb.DuckDBPyConnection, entity_id: str) -> dict[str, Any] | None:
    cur = con.execute(
        "SELECT entity_id, name, type, kind, sector, country, n_groups, n_docs, n_mentions, first_seen, "
        "last_seen, suppressed FROM entities WHERE entity_id = ?",
        [entity_id],
    )
    rows = _rows(cur)
    return rows[0] if rows else None


def names(con: duckdb.DuckDBPyConnection, entity_id: str) -> list[dict[str, Any]]:
    """Every name and spelling of an entity, with its kind, script and how many documents use it."""
    return _rows(
        con.execute(
            "SELECT name, kind, script, n_docs FROM entity_names WHERE entity_id = ? "
            "ORDER BY n_docs DESC, kind = 'name' DESC, name",
            [entity_id],
        )
    )


def roles(con: duckdb.DuckDBPyConnection, entity_id: str, limit: int = DEFAULT_LIMIT) -> list[dict[str, Any]]:
    """Roles over time: each title (with its organisation and qualifier) with the first and last
    dates of the documents that state it, and the first evidence."""
    if facts.fresh(con):
        _, cards = _facts_of_groups(con, _groups_of(con, entity_id), ("role",), MAX_LIMIT, whole=("role",))
        return _roles_of_cards(cards, limit)
    return _rows(
        con.execute(
            """
            SELECT r.title, r.organization, r.qualifier, bool_or(r.current) AS current,
                   min(r.observed) AS first_seen, max(r.observed) AS last_seen,
                   count(DISTINCT r.doc_id) AS n_docs,
                   arg_min(r.doc_id, coalesce(r.observed, DATE '9999-12-31')) AS doc_id,
                   arg_min(r.ev_start, coalesce(r.observed, DATE '9999-12-31')) AS start,
                   arg_min(r.ev_end, coalesce(r.observed, DATE '9999-12-31')) AS "end",
                   arg_min(s.text, coalesce(r.observed, DATE '9999-12-31')) AS sentence
            FROM roles r JOIN doc_entities de ON de.doc_id = r.doc_id AND de.local_id = r.local_id
            LEFT JOIN sentences s ON s.doc_id = r.doc_id AND s.sent_no = r.sent_no
            WHERE de.entity_id = ?
            GROUP BY r.title, r.organization, r.qualifier
            ORDER BY first_seen NULLS LAST, r.title
            LIMIT ?
            """,
            [entity_id, _limit(limit)],
        )
    )


_NO_DATE = "9999-12-31"


def _role_order(r: dict[str, Any]) -> tuple[Any, ...]:
    """The scan's order (first seen, nulls last; title), then organisation and qualifier."""
    first = r["first_seen"]
    return (first is None, first or "", r["title"], r["organization"] or "", r["qualifier"] or "")


def _roles_of_cards(cards: dict[str, dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The rows of `roles` from the role cards of an entity: grouped by title, organisation and
    qualifier, each with its date span, its documents and its first statement (the earliest
    observed, ties broken by document and offset, where the scan's arg_min took any of them)."""
    by_role: dict[tuple[Any, Any, Any], list[dict[str, Any]]] = {}
    for card in cards.values():
        by_role.setdefault((card["title"], card["organization"], card["qualifier"]), []).append(card)
    out = []
    for (title, organization, qualifier), cs in by_role.items():
        seen = [c["observed"] for c in cs if c["observed"] is not None]
        flags = [c["current"] for c in cs if c["current"] is not None]
        first = min(cs, key=lambda c: (c["observed"] or _NO_DATE, c["doc_id"], c["start"] or 0))
        out.append(
            {
                "title": title,
                "organization": organization,
                "qualifier": qualifier,
                "current": any(flags) if flags else None,
                "first_seen": min(seen) if seen else None,
                "last_seen": max(seen) if seen else None,
                "n_docs": len({c["doc_id"] for c in cs}),
                "doc_id": first["doc_id"],
                "start": first["start"],
                "end": first["end"],
                "sentence": first["sentence"],
            }
        )
    out.sort(key=_role_order)
    return out[: _limit(limit)]


# -- events -------------------------------------------------------------------------------------

_EVENT_COLUMNS = """
SELECT e.doc_id, e.event_id, e.type, e.mode, e.date_start, e.date_end, e.negated, e.modality,
       e.trigger, e.actor_text, e.target_text, e.claimed_by_text, e.killed, e.wounded, e.arrested,
       e.displaced, e.missing, e.ev_start AS start, e.ev_end AS "end",
       substr(d.text, e.ev_start + 1, e.ev_end - e.ev_start) AS text, e.sent_no,
       s.text AS sentence, d.published, d.title, d.source
"""
_ARG_OF_ENTITY = (
    "(e.doc_id, e.event_id) IN (SELECT a.doc_id, a.event_id FROM event_args a JOIN doc_entities de "
    "ON de.doc_id = a.doc_id AND de.local_id = a.local_id WHERE a.role = ? AND de.entity_id = ?)"
)
_EVENT_ORDER = "coalesce(e.date_start, d.published) NULLS LAST, e.doc_id, e.event_id"
# The columns a page reads: an index scan fetches every column it is given, and the record
# JSON beside them costs ~20x the rest (68 ms against 3 ms for 50 documents' events).
_EVENT_FIELDS = (
    "doc_id, event_id, type, mode, date_start, date_end, negated, modality, trigger, actor_text, "
    "target_text, claimed_by_local_id, claimed_by_text, killed, wounded, arrested, displaced, missing, "
    "ev_start, ev_end, sent_no"
)
_QUOTE_FIELDS = (
    "doc_id, quote_id, text, kind, direct, named, speaker_local_id, speaker_text, speaker_kind, "
    "anonymity_reason, verb, start_char, end_char, ev_start, ev_end, sent_no"
)
# A page's rows are fetched by document (see _in_docs): by ART lookups for at most INDEX_DOCS
# documents, else by one scan; at most DOCS_PER_FETCH documents a query. Measured on the 100k
# store (CPU ms): a page of 100 events (~100 documents) 130-270 by lookups, 240-460 by a scan;
# 400 events 600-1,300 by lookups, 290-490 by a scan. 120 documents also keep each table's
# matching rows (~8 sentences a document) under DuckDB's index_scan_max_count (2,048).
DOCS_PER_FETCH = 2_000
INDEX_DOCS = 120


def events(
    con: duckdb.DuckDBPyConnection,
    event_type: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    place: str | None = None,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    claimed: bool | None = None,
    include_negated: bool = False,
    doc_id: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Events in date order (the event's own date, else its document's), with filters: PLOVER
    type, actor / target / place (entity ids), a date range the event's interval overlaps,
    claimed or not, denied events included or not. Each event lists its actors, targets,
    locations and claimants (entity id, name), its evidence and its sentence."""
    f = EventFilter(event_type, date_from, date_to, claimed, include_negated, doc_id)
    roles = {r: ref for r, ref in (("actor", actor), ("target", target), ("location", place)) if ref}
    keys = _event_keys(con, f, roles, _limit(limit), max(0, int(offset)))
    return event_rows(con, keys)


class EventFilter(NamedTuple):
    """The filters of `events` other than its entities."""

    event_type: str | None = None
    date_from: str | date | None = None
    date_to: str | date | None = None
    claimed: bool | None = None
    include_negated: bool = False
    doc_id: str | None = None


class EventColumns(NamedTuple):
    """Where the five conditions of an EventFilter read their values: the fact tables (a scan
    of events and documents) or the lookup table group_facts (store/facts.py)."""

    type: str
    sort_date: str  # the event's date, else its document's
    end_date: str  # the end of its interval
    claimed: str
    negated: str


_SCAN_COLUMNS = EventColumns(
    "e.type",
    "coalesce(e.date_start, d.published)",
    "coalesce(e.date_end, e.date_start, d.published)",
    "(e.claimed_by_local_id IS NOT NULL OR e.claimed_by_text IS NOT NULL)",
    "e.negated",
)
_FACT_COLUMNS = EventColumns("type", "sort_date", "end_date", "claimed", "negated")


def _event_conditions(f: EventFilter, cols: EventColumns) -> tuple[list[str], list[Any], set[str]]:
    """The conditions of `f` on `cols`, their parameters, and the fields of `cols` they read."""
    where: list[str] = []
    params: list[Any] = []
    used: set[str] = set()
    if f.event_type:
        where.append(f"{cols.type} = ?")
        params.append(f.event_type.upper())
        used.add("type")
    if f.date_from:
        where.append(f"{cols.end_date} >= CAST(? AS DATE)")
        params.append(str(f.date_from))
        used.add("end_date")
    if f.date_to:
        where.append(f"{cols.sort_date} <= CAST(? AS DATE)")
        params.append(str(f.date_to))
    if f.claimed is not None:
        where.append(cols.claimed if f.claimed else f"NOT {cols.claimed}")
        used.add("claimed")
    if not f.include_negated:
        where.append(f"NOT {cols.negated}")
        used.add("negated")
    return where, params, used


def _event_keys(
    con: duckdb.DuckDBPyConnection,
    f: EventFilter,
    roles: dict[str, str],
    limit: int,
    offset: int,
    union: bool = False,
) -> list[tuple[str, str]]:
    """(doc_id, event_id) of the page, in `events` order: events with an entity in EVERY role of
    `roles` (in ANY of them when `union`), from the lookup table when it is fresh."""
    if roles and facts.fresh(con):
        return _event_keys_by_facts(con, f, roles, limit, offset, union)
    where, params = ["TRUE"], []
    ors = []
    for role, ref in roles.items():
        ors.append(_ARG_OF_ENTITY)
        params += [role, ref]
    if ors:
        where.append("(" + (" OR " if union else " AND ").join(ors) + ")")
    conds, cparams, _ = _event_conditions(f, _SCAN_COLUMNS)
    where += conds
    params += cparams
    source = "events e JOIN documents d USING (doc_id)"
    if f.doc_id:
        # one document: its rows by index (a filter on the scan alone, apart from the others)
        source = (
            f"(SELECT {_EVENT_FIELDS} FROM events WHERE doc_id = ? OFFSET 0) e "
            "JOIN (SELECT doc_id, published FROM documents WHERE doc_id = ? OFFSET 0) d USING (doc_id)"
        )
        params = [f.doc_id, f.doc_id, *params]
    # only the keys and the sort column: the page's texts and sentences are fetched for it alone
    sql = (
        f"SELECT e.doc_id, e.event_id FROM {source} WHERE {' AND '.join(where)} "
        f"ORDER BY {_EVENT_ORDER} LIMIT ? OFFSET ?"
    )
    return [(r[0], r[1]) for r in con.execute(sql, [*params, limit, offset]).fetchall()]


def _event_keys_by_facts(
    con: duckdb.DuckDBPyConnection,
    f: EventFilter,
    roles: dict[str, str],
    limit: int,
    offset: int,
    union: bool,
) -> list[tuple[str, str]]:
    where, wparams, used = _event_conditions(f, _FACT_COLUMNS)
    if f.doc_id:
        where.append("doc_id = ?")
        wparams.append(f.doc_id)
    parts, params = [], []
    for role, ref in roles.items():
        sub, sub_params = _group_facts(con, ref, role, used)
        parts.append(sub)
        params += sub_params
    keyed = " UNION " if union else " INTERSECT "
    sql = f"""
        WITH k AS ({keyed.join(parts)})
        SELECT doc_id, item_id FROM k WHERE {" AND ".join(where) or "TRUE"}
        ORDER BY sort_date NULLS LAST, doc_id, item_id LIMIT ? OFFSET ?
    """
    return [(r[0], r[1]) for r in con.execute(sql, [*params, *wparams, limit, offset]).fetchall()]


# the columns of group_facts a page's filters may read, in a fixed order (the parts of a UNION
# or INTERSECT must have the same columns)
_FACT_FILTERS = ("end_date", "type", "negated", "claimed", "named", "outlet")


def _group_facts(
    con: duckdb.DuckDBPyConnection, entity_id: str, kind: str, used: set[str] | frozenset[str] = frozenset()
) -> tuple[str, list[Any]]:
    """A subquery of the entity's facts of one kind, each (doc_id, item_id) once (an event may
    name the entity under two of its names), with the sort date and the columns `used` by the
    filters, and its parameters. The group keys are constants of the query, alone in their
    filter, so that DuckDB's zone maps find their row groups (group_facts is stored in group
    order, facts.py); it reads no other column than it needs (a busy entity has 30,000 rows)."""
    cols = ", ".join(["doc_id", "item_id", "sort_date", *(c for c in _FACT_FILTERS if c in used)])
    groups = _groups_of(con, entity_id)
    if not groups:
        return f"SELECT {cols} FROM group_facts WHERE FALSE", []
    marks = ", ".join("?" * len(groups))
    sql = (
        f"SELECT DISTINCT {cols} "
        f"FROM (SELECT kind, {cols} FROM group_facts WHERE group_key IN ({marks}) OFFSET 0) WHERE kind = ?"
    )
    return sql, [*groups, kind]


def _groups_of(con: duckdb.DuckDBPyConnection, entity_id: str) -> list[str]:
    """The name groups resolution made this entity of (store/resolution.py)."""
    sql = "SELECT group_key FROM entity_groups WHERE entity_id = ? ORDER BY group_key"
    return [r[0] for r in con.execute(sql, [entity_id]).fetchall()]


def _keys_of_groups(
    con: duckdb.DuckDBPyConnection,
    groups: Sequence[str],
    kinds: Sequence[str],
    limit: int,
    whole: Sequence[str] = (),
) -> list[tuple[str, str, str, date | None]]:
    """(kind, doc_id, item_id, sort_date) of the groups' facts of `kinds` in one lookup of
    group_facts: the first `limit` of each kind in the order of _event_keys_by_facts (sort date,
    document, item), every one of the kinds in `whole`. Each fact once, though two of the groups share it. The
    group keys are constants alone in their filter, for the zone maps (see _group_facts)."""
    if not groups or not kinds:
        return []
    marks, kmarks = ", ".join("?" * len(groups)), ", ".join("?" * len(kinds))
    keep = "kind IN (" + ", ".join("?" * len(whole)) + ") OR " if whole else ""
    sql = f"""
        SELECT kind, doc_id, item_id, sort_date FROM (
            SELECT DISTINCT kind, doc_id, item_id, sort_date
            FROM (SELECT kind, doc_id, item_id, sort_date FROM group_facts
                  WHERE group_key IN ({marks}) OFFSET 0)
            WHERE kind IN ({kmarks})
        )
        QUALIFY {keep}row_number() OVER (
            PARTITION BY kind ORDER BY sort_date NULLS LAST, doc_id, item_id) <= ?
        ORDER BY kind, sort_date NULLS LAST, doc_id, item_id
    """
    return con.execute(sql, [*groups, *kinds, *whole, limit]).fetchall()


def _facts_of_groups(
    con: duckdb.DuckDBPyConnection,
    groups: Sequence[str],
    kinds: Sequence[str],
    limit: int,
    whole: Sequence[str] = (),
) -> tuple[list[tuple[str, str, str]], dict[str, dict[str, Any]]]:
    """What _keys_of_groups selects, as (kind, doc_id, item_id) in its order, and their cards by
    card key. A busy group's facts come from its pages (store/facts.py, "pages": one lookup,
    cards included) when the page holds enough of them (`limit` <= facts.PAGE_ROWS, or a kind
    in `whole`, which pages hold whole); the other groups' from group_facts and fact_cards."""
    pageable = all(k in whole for k in kinds) or limit <= facts.PAGE_ROWS
    dated: dict[tuple[str, str, str], date | None] = {}
    raw: dict[str, str] = {}
    paged: set[str] = set()
    if groups and pageable:
        marks = ", ".join("?" * len(groups))
        sql = (
            "SELECT group_key, kind, doc_id, item_id, sort_date, card FROM group_pages "
            f"WHERE group_key IN ({marks})"
        )
        wanted = set(kinds)
        for group, kind, doc_id, item_id, sort_date, card in con.execute(sql, list(groups)).fetchall():
            paged.add(group)
            if kind in wanted:
                dated[kind, doc_id, item_id] = sort_date
                if card is not None:
                    raw[facts.card_key(facts.CARD_KIND[kind], doc_id, item_id)] = card
    rest = [g for g in groups if g not in paged]
    for kind, doc_id, item_id, sort_date in _keys_of_groups(con, rest, kinds, limit, whole):
        dated[kind, doc_id, item_id] = sort_date
    by_kind: dict[str, list[tuple[str, str, str]]] = {}
    for key in sorted(dated, key=lambda k: (k[0], dated[k] is None, dated[k] or date.max, k[1], k[2])):
        by_kind.setdefault(key[0], []).append(key)
    keys = [k for kind in sorted(by_kind) for k in by_kind[kind][: None if kind in whole else limit]]
    card_keys = [facts.card_key(facts.CARD_KIND[k], d, i) for k, d, i in keys]
    cards = {ck: json.loads(raw[ck]) for ck in card_keys if ck in raw}
    cards.update(_fetch_cards(con, [ck for ck in card_keys if ck not in cards]))
    return keys, cards


def _in_docs(doc_ids: Sequence[str]) -> tuple[str, list[Any]]:
    """A filter on doc_id and its parameters. Few documents: constants, which DuckDB answers by
    ART lookups; many: a list parameter, answered by a scan. A lookup fetches its row's vector
    of every column it reads, so past INDEX_DOCS documents one scan costs less."""
    if len(doc_ids) <= INDEX_DOCS:
        return "doc_id IN (" + ", ".join("?" * len(doc_ids)) + ")", list(doc_ids)
    return "doc_id IN (SELECT unnest(?::VARCHAR[]))", [list(doc_ids)]


def _chunks(keys: Sequence[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    """The keys in runs of at most DOCS_PER_FETCH documents, in order."""
    run: list[tuple[str, str]] = []
    docs: set[str] = set()
    for k in keys:
        if k[0] not in docs and len(docs) >= DOCS_PER_FETCH:
            yield run
            run, docs = [], set()
        run.append(k)
        docs.add(k[0])
    if run:
        yield run


def event_rows(con: duckdb.DuckDBPyConnection, keys: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """The events of `keys` (doc_id, event_id) in that order, with their text, sentence,
    document and arguments: what `events` returns for them."""
    if keys and facts.fresh(con):
        return _event_cards(con, keys)
    out: list[dict[str, Any]] = []
    for run in _chunks(keys):
        docs = sorted({k[0] for k in run})
        d_in, dp = _in_docs(docs)
        sql = f"""
            WITH k AS (SELECT unnest(?::VARCHAR[]) AS doc_id, unnest(?::VARCHAR[]) AS event_id,
                              unnest(?::INTEGER[]) AS ord)
            {_EVENT_COLUMNS}
            FROM k JOIN (SELECT {_EVENT_FIELDS} FROM events WHERE {d_in} OFFSET 0) e
                 ON e.doc_id = k.doc_id AND e.event_id = k.event_id
            JOIN (SELECT doc_id, text, published, title, source FROM documents WHERE {d_in} OFFSET 0) d
                 ON d.doc_id = e.doc_id
            LEFT JOIN (SELECT doc_id, sent_no, text FROM sentences WHERE {d_in} OFFSET 0) s
                 ON s.doc_id = e.doc_id AND s.sent_no = e.sent_no
            ORDER BY k.ord
        """
        params = [[k[0] for k in run], [k[1] for k in run], list(range(len(run))), *dp, *dp, *dp]
        rows = _rows(con.execute(sql, params))
        _attach_args(con, rows, docs)
        out += rows
    return out


# Cards asked for in one query: constants, which DuckDB answers by ART lookups while they stay
# under its index_scan_max_count (2,048 rows).
CARDS_PER_FETCH = 1_000


def _fetch_cards(con: duckdb.DuckDBPyConnection, wanted: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The fact cards (store/facts.py) of the card keys `wanted`, parsed, by card key."""
    keys = sorted(set(wanted))
    out: dict[str, dict[str, Any]] = {}
    for n in range(0, len(keys), CARDS_PER_FETCH):
        run = keys[n : n + CARDS_PER_FETCH]
        sql = f"SELECT card_key, card FROM fact_cards WHERE card_key IN ({', '.join('?' * len(run))})"
        for key, card in con.execute(sql, run).fetchall():
            out[key] = json.loads(card)
    return out


def _card_groups(cards: Iterable[dict[str, Any]]) -> set[str]:
    """The name groups that event cards' arguments and quote cards' speakers name."""
    groups: set[str] = set()
    for card in cards:
        if "args" in card:
            groups.update(a[2] for a in card["args"])
        elif card.get("speaker_group"):
            groups.add(card["speaker_group"])
    return groups


def _entities_of_groups(con: duckdb.DuckDBPyConnection, groups: set[str]) -> dict[str, str]:
    """group_key -> entity_id (what resolution wrote to doc_entities.entity_id)."""
    if not groups:
        return {}
    wanted = sorted(groups)
    marks = ", ".join("?" * len(wanted))
    sql = f"SELECT group_key, entity_id FROM entity_groups WHERE group_key IN ({marks})"
    return dict(con.execute(sql, wanted).fetchall())


def _event_of_card(card: dict[str, Any], entity_of: dict[str, str]) -> dict[str, Any]:
    """The row of event_rows from an event's card, its arguments mapped to entities."""
    row = {c: v for c, v in card.items() if c != "args"}
    for role in ("actors", "targets", "locations", "claimants"):
        row[role] = []
    for role, lid, group, name, typ in card["args"]:
        if role + "s" in row:
            row[role + "s"].append(
                {"entity_id": entity_of.get(group), "local_id": lid, "name": name, "type": typ}
            )
    return row


def _quote_of_card(card: dict[str, Any], entity_of: dict[str, str]) -> dict[str, Any]:
    """The row of quote_rows from a quote's card, its speaker mapped to an entity."""
    row = {}
    for c, v in card.items():
        if c == "speaker_group":
            row["speaker_id"] = entity_of.get(v) if v else None
        else:
            row[c] = v
    return row


def _rows_of_cards(
    con: duckdb.DuckDBPyConnection, kind: str, keys: Sequence[tuple[str, str]]
) -> list[dict[str, Any]]:
    """event_rows (kind event) or quote_rows (kind quote) from the cards: the same rows (a fact
    whose card is missing is left out, as the join of the fact tables leaves it out)."""
    wanted = [facts.card_key(kind, d, i) for d, i in keys]
    cards = _fetch_cards(con, wanted)
    entity_of = _entities_of_groups(con, _card_groups(cards.values()))
    of_card = _event_of_card if kind == "event" else _quote_of_card
    return [of_card(cards[k], entity_of) for k in wanted if k in cards]


def _event_cards(con: duckdb.DuckDBPyConnection, keys: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    return _rows_of_cards(con, "event", keys)


def _quote_cards(con: duckdb.DuckDBPyConnection, keys: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    return _rows_of_cards(con, "quote", keys)


def timeline(
    con: duckdb.DuckDBPyConnection,
    actor: str | None = None,
    event_type: str | None = None,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    place: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    include_negated: bool = False,
) -> list[dict[str, Any]]:
    """Events in date order; `actor` is an entity id (events it is actor OR target of)."""
    f = EventFilter(event_type, date_from, date_to, None, include_negated, None)
    lim, off = _limit(limit), max(0, int(offset))
    if actor is None:
        roles = {"location": place} if place else {}
        return event_rows(con, _event_keys(con, f, roles, lim, off))
    either = {"actor": actor, "target": actor}
    if not place:
        return event_rows(con, _event_keys(con, f, either, lim, off, union=True))
    # actor or target, and at the place: the place's events among the entity's
    placed = set(_event_keys(con, f, {"location": place}, MAX_LIMIT, 0))
    keys = [k for k in _event_keys(con, f, either, MAX_LIMIT, 0, union=True) if k in placed]
    return event_rows(con, keys[off : off + lim])


def _attach_args(
    con: duckdb.DuckDBPyConnection, evs: list[dict[str, Any]], docs: Sequence[str] | None = None
) -> None:
    if not evs:
        return
    keys = sorted({(e["doc_id"], e["event_id"]) for e in evs})
    docs = sorted({k[0] for k in keys}) if docs is None else list(docs)
    d_in, dp = _in_docs(docs)
    rows = con.execute(
        f"""
        SELECT a.doc_id, a.event_id, a.role, a.position, a.local_id, de.entity_id, de.name, de.type
        FROM (SELECT * FROM event_args WHERE {d_in} OFFSET 0) a
        JOIN (SELECT doc_id, local_id, entity_id, name, type FROM doc_entities WHERE {d_in} OFFSET 0) de
             ON de.doc_id = a.doc_id AND de.local_id = a.local_id
        WHERE (a.doc_id, a.event_id) IN (SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]))
        ORDER BY a.doc_id, a.event_id, a.role, a.position
        """,
        [*dp, *dp, [k[0] for k in keys], [k[1] for k in keys]],
    ).fetchall()
    by_event: dict[tuple[str, str], dict[str, list]] = {}
    for did, vid, role, _pos, lid, eid, name, typ in rows:
        by_event.setdefault((did, vid), {}).setdefault(role + "s", []).append(
            {"entity_id": eid, "local_id": lid, "name": name, "type": typ}
        )
    for ev in evs:
        args = by_event.get((ev["doc_id"], ev["event_id"]), {})
        for role in ("actors", "targets", "locations", "claimants"):
            ev[role] = args.get(role, [])


# -- quotes -------------------------------------------------------------------------------------


def quotes(
    con: duckdb.DuckDBPyConnection,
    speaker: str | None = None,
    unnamed_only: bool = False,
    about: str | None = None,
    doc_id: str | None = None,
    outlet: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Quotes: by a speaker (entity id), by unnamed sources only, about an entity (one of its
    mentions lies inside the quote), in a document or an outlet; in date order."""
    lim, off = _limit(limit), max(0, int(offset))
    if (speaker or about) and facts.fresh(con):
        keys = _quote_keys_by_facts(con, speaker, unnamed_only, about, doc_id, outlet, lim, off)
    elif unnamed_only and not doc_id and facts.fresh(con):
        keys = _unnamed_quote_keys(con, outlet, lim, off)
    else:
        keys = _quote_keys(con, speaker, unnamed_only, about, doc_id, outlet, lim, off)
    return quote_rows(con, keys)


_QUOTE_ORDER = "d.published NULLS LAST, q.doc_id, q.quote_id"


def _quote_keys(
    con: duckdb.DuckDBPyConnection,
    speaker: str | None,
    unnamed_only: bool,
    about: str | None,
    doc_id: str | None,
    outlet: str | None,
    limit: int,
    offset: int,
) -> list[tuple[str, str]]:
    where, params = ["TRUE"], []
    if speaker:
        where.append(
            "(q.doc_id, q.speaker_local_id) IN "
            "(SELECT doc_id, local_id FROM doc_entities WHERE entity_id = ?)"
        )
        params.append(speaker)
    if unnamed_only:
        where.append("NOT q.named")
    if about:
        # the entity's mentions first (an index lookup on doc_entities), then the quotes around them
        where.append(
            "(q.doc_id, q.quote_id) IN (SELECT q2.doc_id, q2.quote_id FROM quotes q2 JOIN mentions m "
            "ON m.doc_id = q2.doc_id AND m.start_char >= q2.start_char AND m.end_char <= q2.end_char "
            "JOIN doc_entities me ON me.doc_id = m.doc_id AND me.local_id = m.local_id "
            "WHERE me.entity_id = ?)"
        )
        params.append(about)
    if outlet:
        where.append("d.source = ?")
        params.append(outlet)
    source = "quotes q JOIN documents d USING (doc_id)"
    if doc_id:
        source = (
            f"(SELECT {_QUOTE_FIELDS} FROM quotes WHERE doc_id = ? OFFSET 0) q "
            "JOIN (SELECT doc_id, published, source FROM documents WHERE doc_id = ? OFFSET 0) d "
            "USING (doc_id)"
        )
        params = [doc_id, doc_id, *params]
    sql = (
        f"SELECT q.doc_id, q.quote_id FROM {source} WHERE {' AND '.join(where)} "
        f"ORDER BY {_QUOTE_ORDER} LIMIT ? OFFSET ?"
    )
    return [(r[0], r[1]) for r in con.execute(sql, [*params, limit, offset]).fetchall()]


def _unnamed_quote_keys(
    con: duckdb.DuckDBPyConnection, outlet: str | None, limit: int, offset: int
) -> list[tuple[str, str]]:
    """The page of unnamed quotes (of an outlet), in `quotes` order, without a scan of every
    quote: the documents in that order whose unnamed quotes (doc_quote_counts) reach the end
    of the page, then their quotes by index. The same keys as _quote_keys."""
    # each document has one unnamed quote at least: the page's are among the first offset + limit
    # (a top-n, not a sort of every document), up to the one whose count reaches its end
    docs = []
    seen = 0
    for doc, unnamed in con.execute(
        """
        SELECT c.doc_id, c.unnamed FROM doc_quote_counts c JOIN documents d USING (doc_id)
        WHERE c.unnamed > 0 AND (? IS NULL OR d.source = ?)
        ORDER BY d.published NULLS LAST, c.doc_id LIMIT ?
        """,
        [outlet, outlet, offset + limit],
    ).fetchall():
        if seen >= offset + limit:
            break
        docs.append(doc)
        seen += unnamed
    if not docs:
        return []
    order = {d: i for i, d in enumerate(docs)}
    d_in, dp = _in_docs(docs)
    rows = con.execute(
        f"SELECT doc_id, quote_id FROM (SELECT doc_id, quote_id, named FROM quotes WHERE {d_in} OFFSET 0) "
        "WHERE NOT named",
        dp,
    ).fetchall()
    keys = sorted(((r[0], r[1]) for r in rows), key=lambda k: (order[k[0]], k[1]))
    return keys[offset : offset + limit]


def _quote_keys_by_facts(
    con: duckdb.DuckDBPyConnection,
    speaker: str | None,
    unnamed_only: bool,
    about: str | None,
    doc_id: str | None,
    outlet: str | None,
    limit: int,
    offset: int,
) -> list[tuple[str, str]]:
    where, wparams, used = [], [], set()
    if unnamed_only:
        where.append("NOT named")
        used.add("named")
    if doc_id:
        where.append("doc_id = ?")
        wparams.append(doc_id)
    if outlet:
        where.append("outlet = ?")
        wparams.append(outlet)
        used.add("outlet")
    parts, params = [], []
    for kind, ref in (("speaker", speaker), ("about", about)):
        if ref:
            sub, sub_params = _group_facts(con, ref, kind, used)
            parts.append(sub)
            params += sub_params
    sql = f"""
        WITH k AS ({" INTERSECT ".join(parts)})
        SELECT doc_id, item_id FROM k WHERE {" AND ".join(where) or "TRUE"}
        ORDER BY sort_date NULLS LAST, doc_id, item_id LIMIT ? OFFSET ?
    """
    return [(r[0], r[1]) for r in con.execute(sql, [*params, *wparams, limit, offset]).fetchall()]


def quote_rows(con: duckdb.DuckDBPyConnection, keys: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """The quotes of `keys` (doc_id, quote_id) in that order: what `quotes` returns for them."""
    if keys and facts.fresh(con):
        return _quote_cards(con, keys)
    out: list[dict[str, Any]] = []
    for run in _chunks(keys):
        docs = sorted({k[0] for k in run})
        d_in, dp = _in_docs(docs)
        sql = f"""
            WITH k AS (SELECT unnest(?::VARCHAR[]) AS doc_id, unnest(?::VARCHAR[]) AS quote_id,
                              unnest(?::INTEGER[]) AS ord)
            SELECT q.doc_id, q.quote_id, q.text AS quote, q.kind, q.direct, q.named,
                   sp.entity_id AS speaker_id, sp.name AS speaker_name, q.speaker_text, q.speaker_kind,
                   q.anonymity_reason, q.verb,
                   q.ev_start AS start, q.ev_end AS "end",
                   substr(d.text, q.ev_start + 1, q.ev_end - q.ev_start) AS text,
                   q.sent_no, s.text AS sentence, d.published, d.title, d.source
            FROM k JOIN (SELECT {_QUOTE_FIELDS} FROM quotes WHERE {d_in} OFFSET 0) q
                 ON q.doc_id = k.doc_id AND q.quote_id = k.quote_id
            JOIN (SELECT doc_id, text, published, title, source FROM documents WHERE {d_in} OFFSET 0) d
                 ON d.doc_id = q.doc_id
            LEFT JOIN (SELECT doc_id, local_id, entity_id, name FROM doc_entities WHERE {d_in} OFFSET 0) sp
                 ON sp.doc_id = q.doc_id AND sp.local_id = q.speaker_local_id
            LEFT JOIN (SELECT doc_id, sent_no, text FROM sentences WHERE {d_in} OFFSET 0) s
                 ON s.doc_id = q.doc_id AND s.sent_no = q.sent_no
            ORDER BY k.ord
        """
        params = [[k[0] for k in run], [k[1] for k in run], list(range(len(run))), *dp, *dp, *dp, *dp]
        out += _rows(con.execute(sql, params))
    return out


# -- the profile ----------------------------------------------------------------------------------


def _co_mentioned_edges(
    con: duckdb.DuckDBPyConnection, entity_id: str, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> list[dict[str, Any]]:
    """co_mentioned from entity_edges (when facts.edges_fresh). The rows of one entity are
    contiguous there (facts.refresh_edges): zone maps skip the rest of the table, a busy
    entity's 20k co-mentions included."""
    return _rows(
        con.execute(
            "SELECT other_id AS entity_id, other_name AS name, other_type AS type, n_docs, "
            "example_doc_id FROM entity_edges WHERE entity_id = ? AND NOT other_suppressed "
            "ORDER BY n_docs DESC, other_name, other_id LIMIT ? OFFSET ?",
            [entity_id, _limit(limit), max(0, int(offset))],
        )
    )


def co_mentioned(
    con: duckdb.DuckDBPyConnection, entity_id: str, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> list[dict[str, Any]]:
    """Who appears with whom: the entities sharing documents with this one, most shared first."""
    if facts.edges_fresh(con):
        return _co_mentioned_edges(con, entity_id, limit, offset)
    # The entity's documents first; their entities by ART lookups when they are few (_in_docs),
    # else by one scan of doc_entities; counted before the join to entities, which then reads
    # only the co-mentioned ones (busy entities, 4-21k documents: 75-215 -> 40-130 ms CPU).
    docs = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT doc_id FROM doc_entities WHERE entity_id = ? ORDER BY doc_id", [entity_id]
        ).fetchall()
    ]
    if not docs:
        return []
    d_in, dp = _in_docs(docs)
    return _rows(
        con.execute(
            f"""
            WITH co AS (
                SELECT entity_id, count(DISTINCT doc_id) AS n_docs, min(doc_id) AS example_doc_id
                FROM (SELECT doc_id, entity_id FROM doc_entities WHERE {d_in} OFFSET 0)
                WHERE entity_id <> ? GROUP BY entity_id
            )
            SELECT co.entity_id, e.name, e.type, co.n_docs, co.example_doc_id
            FROM co JOIN entities e ON e.entity_id = co.entity_id
            WHERE NOT e.suppressed
            ORDER BY co.n_docs DESC, e.name LIMIT ? OFFSET ?
            """,
            [*dp, entity_id, _limit(limit), max(0, int(offset))],
        )
    )


def profile(con: duckdb.DuckDBPyConnection, ref: str, limit: int = DEFAULT_LIMIT) -> dict[str, Any] | None:
    """Everything about one entity: names and spellings, type, roles over time, events as actor
    and as target (date order), quotes by and about it, claims it made, who appears with it;
    every item with its document and sentence. None when nothing matches `ref`."""
    eid = find_entity(con, ref)
    if eid is None:
        return None
    lookups_fresh, edges_fresh = facts.freshness(con)
    groups = _groups_of(con, eid)
    if lookups_fresh:
        sections = _profile_facts(con, groups, limit)
    else:
        sections = {
            "roles": roles(con, eid, limit),
            "events_as_actor": events(con, actor=eid, include_negated=True, limit=limit),
            "events_as_target": events(con, target=eid, include_negated=True, limit=limit),
            "claims": claims(con, eid, limit),
            "quotes_by": quotes(con, speaker=eid, limit=limit),
            "quotes_about": quotes(con, about=eid, limit=limit),
        }
    return {
        "entity": entity(con, eid),
        "names": names(con, eid),
        "roles": sections["roles"],
        "events_as_actor": sections["events_as_actor"],
        "events_as_target": sections["events_as_target"],
        "claims": sections["claims"],
        "quotes_by": sections["quotes_by"],
        "quotes_about": sections["quotes_about"],
        "co_mentioned": (_co_mentioned_edges if edges_fresh else co_mentioned)(con, eid, limit),
        "judgements": _judgements_of_groups(con, groups),
    }


# the profile's sections read from group_facts: (section, fact kind)
_PROFILE_SECTIONS = (
    ("events_as_actor", "actor"),
    ("events_as_target", "target"),
    ("claims", "claimant"),
    ("quotes_by", "speaker"),
    ("quotes_about", "about"),
    ("roles", "role"),
)


def _profile_facts(
    con: duckdb.DuckDBPyConnection, groups: Sequence[str], limit: int
) -> dict[str, list[dict[str, Any]]]:
    """The profile's roles, events and quotes (of the entity made of `groups`) from the lookup
    tables in three or four queries (the busy groups' pages, the keys of every section of the
    other groups in one lookup of group_facts, their cards in one, the entities of their groups
    in one) where the sections one by one take about fifteen: the same rows as roles,
    events(actor= / target=, include_negated), claims and quotes(speaker= / about=). On the 100k
    store (benchmarks/README.md 3e) most of a small profile's time was fixed costs per query."""
    lim = _limit(limit)
    kinds = [kind for _, kind in _PROFILE_SECTIONS]
    keys, cards = _facts_of_groups(con, groups, kinds, lim, whole=("role",))
    entity_of = _entities_of_groups(con, _card_groups(cards.values()))
    out: dict[str, list[dict[str, Any]]] = {}
    for section, kind in _PROFILE_SECTIONS:
        ck = facts.CARD_KIND[kind]
        wanted = [facts.card_key(ck, d, i) for k, d, i in keys if k == kind]
        if ck == "role":
            out[section] = _roles_of_cards({w: cards[w] for w in wanted if w in cards}, lim)
        else:
            of_card = _event_of_card if ck == "event" else _quote_of_card
            out[section] = [of_card(cards[w], entity_of) for w in wanted if w in cards]
    return out


def claims(
    con: duckdb.DuckDBPyConnection, entity_id: str, limit: int = DEFAULT_LIMIT
) -> list[dict[str, Any]]:
    """Events the entity claimed responsibility for, in date order (denied ones too)."""
    f = EventFilter(include_negated=True)
    return event_rows(con, _event_keys(con, f, {"claimant": entity_id}, _limit(limit), 0))


def judgements_of(con: duckdb.DuckDBPyConnection, entity_id: str) -> list[dict[str, Any]]:
    """The judgements that made (or keep apart) this entity, analysts' first."""
    return _judgements_of_groups(con, _groups_of(con, entity_id))


def _judgements_of_groups(con: duckdb.DuckDBPyConnection, groups: Sequence[str]) -> list[dict[str, Any]]:
    """The judgements naming one of `groups` on either side: two lookups of the v6 indexes on
    left_key and right_key (the group keys constants alone in each filter), not a scan."""
    if not groups:
        return []
    marks = ", ".join("?" * len(groups))
    cols = """judgement_id, left_key, right_key, verdict, source, score, reasons, author,
              strftime(created_at, '%Y-%m-%dT%H:%M:%S') AS created_at, note,
              strftime(retracted_at, '%Y-%m-%dT%H:%M:%S') AS retracted_at, retracted_by,
              created_at AS made_at"""
    sql = f"""
        SELECT * EXCLUDE (made_at) FROM (
            SELECT {cols} FROM judgements WHERE left_key IN ({marks})
            UNION
            SELECT {cols} FROM judgements WHERE right_key IN ({marks})
        )
        ORDER BY source = 'analyst' DESC, made_at DESC, score DESC NULLS LAST, judgement_id LIMIT 200
    """
    return _rows(con.execute(sql, [*groups, *groups]))


# -- documents ----------------------------------------------------------------------------------


def document(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    """One document with all its facts and offsets: original text, removed clutter, sentences,
    entities (with their cross-document entity ids) and mentions, events, quotes, times."""
    rows = _rows(
        con.execute(
            "SELECT doc_id, content_hash, published, title, source, url, authors, dateline, wire_sources, "
            "text, clean_text, removed, n_entities, n_events, n_quotes FROM documents WHERE doc_id = ?",
            [doc_id],
        )
    )
    if not rows:
        return None
    doc = rows[0]
    doc["sentences"] = _rows(
        con.execute(
            'SELECT sent_no, start_char AS start, end_char AS "end" FROM sentences WHERE doc_id = ? '
            "ORDER BY sent_no",
            [doc_id],
        )
    )
    doc["entities"] = _rows(
        con.execute(
            "SELECT local_id, entity_id, name, type, kind, sector, country, alias_names, alias_kinds "
            "FROM doc_entities WHERE doc_id = ? ORDER BY first_char NULLS LAST, local_id",
            [doc_id],
        )
    )
    doc["mentions"] = _rows(
        con.execute(
            'SELECT local_id, start_char AS start, end_char AS "end", text, label, sent_no FROM mentions '
            "WHERE doc_id = ? ORDER BY start_char",
            [doc_id],
        )
    )
    doc["events"] = events(con, doc_id=doc_id, include_negated=True, limit=MAX_LIMIT)
    doc["quotes"] = quotes(con, doc_id=doc_id, limit=MAX_LIMIT)
    doc["times"] = _rows(
        con.execute(
            'SELECT time_no, start_char AS start, end_char AS "end", text, value_start, value_end, '
            "granularity FROM times WHERE doc_id = ? ORDER BY start_char",
            [doc_id],
        )
    )
    return doc


def documents(
    con: duckdb.DuckDBPyConnection,
    outlet: str | None = None,
    entity_id: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[dict[str, Any]]:
    where, params = ["TRUE"], []
    if outlet:
        where.append("d.source = ?")
        params.append(outlet)
    if entity_id:
        where.append("d.doc_id IN (SELECT doc_id FROM doc_entities WHERE entity_id = ?)")
        params.append(entity_id)
    return _rows(
        con.execute(
            f"SELECT doc_id, published, title, source, url, n_entities, n_events, n_quotes FROM documents d "
            f"WHERE {' AND '.join(where)} ORDER BY published DESC NULLS LAST, doc_id LIMIT ? OFFSET ?",
            [*params, _limit(limit), max(0, int(offset))],
        )
    )


# -- network ------------------------------------------------------------------------------------


def _doc_filter(event_type: str | None, date_from: Any, date_to: Any) -> tuple[str, list[Any]]:
    where, params = [], []
    if date_from:
        where.append("d.published >= CAST(? AS DATE)")
        params.append(str(date_from))
    if date_to:
        where.append("d.published <= CAST(? AS DATE)")
        params.append(str(date_to))
    if event_type:
        where.append("d.doc_id IN (SELECT doc_id FROM events WHERE type = ?)")
        params.append(event_type.upper())
    return (" AND ".join(where) or "TRUE"), params


def network(
    con: duckdb.DuckDBPyConnection,
    event_type: str | None = None,
    date_from: Any = None,
    date_to: Any = None,
    min_weight: int = 1,
    limit: int = 1000,
) -> dict[str, list[dict[str, Any]]]:
    """The graph: nodes are entities; edges are co-mentions (weight = documents that name both)
    and events (actor -> target, weight = events, by PLOVER type). Filters: an event type, a
    date range of the documents. The `limit` strongest edges of each kind."""
    stored = facts.edges_fresh(con)
    if stored and not (event_type or date_from or date_to):
        co = _rows(
            con.execute(
                "SELECT entity_id AS source, other_id AS target, 'co_mention' AS kind, NULL AS event_type, "
                "n_docs AS weight FROM entity_edges WHERE entity_id < other_id AND NOT suppressed "
                "AND NOT other_suppressed AND n_docs >= ? ORDER BY weight DESC, source, target LIMIT ?",
                [max(1, int(min_weight)), _limit(limit, 1000)],
            )
        )
    else:
        co = _co_mention_edges(con, event_type, date_from, date_to, min_weight, limit)
    if stored and not (date_from or date_to):
        acts = _rows(
            con.execute(
                "SELECT source_id AS source, target_id AS target, 'event' AS kind, type AS event_type, "
                "n_events AS weight FROM event_edges WHERE (? IS NULL OR type = ?) AND n_rows >= ? "
                "ORDER BY weight DESC, source, target LIMIT ?",
                [
                    event_type and event_type.upper(),
                    event_type and event_type.upper(),
                    max(1, int(min_weight)),
                    _limit(limit, 1000),
                ],
            )
        )
    else:
        acts = _event_edges(con, event_type, date_from, date_to, min_weight, limit)
    edges = co + acts
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    nodes = _entities_by_id(con, ids)
    return {"nodes": nodes, "edges": edges}


def _co_mention_edges(
    con: duckdb.DuckDBPyConnection,
    event_type: str | None,
    date_from: Any,
    date_to: Any,
    min_weight: int,
    limit: int,
) -> list[dict[str, Any]]:
    """Co-mention edges from the fact tables (a filtered network, or edges not yet rebuilt)."""
    where, params = _doc_filter(event_type, date_from, date_to)
    return _rows(
        con.execute(
            f"""
            WITH de AS (
                SELECT DISTINCT x.doc_id, x.entity_id FROM doc_entities x JOIN documents d USING (doc_id)
                JOIN entities e ON e.entity_id = x.entity_id
                WHERE x.entity_id IS NOT NULL AND NOT e.suppressed AND {where}
            )
            SELECT a.entity_id AS source, b.entity_id AS target, 'co_mention' AS kind, NULL AS event_type,
                   count(*) AS weight
            FROM de a JOIN de b ON a.doc_id = b.doc_id AND a.entity_id < b.entity_id
            GROUP BY a.entity_id, b.entity_id HAVING count(*) >= ?
            ORDER BY weight DESC, source, target LIMIT ?
            """,
            [*params, max(1, int(min_weight)), _limit(limit, 1000)],
        )
    )


def _event_edges(
    con: duckdb.DuckDBPyConnection,
    event_type: str | None,
    date_from: Any,
    date_to: Any,
    min_weight: int,
    limit: int,
) -> list[dict[str, Any]]:
    """Actor -> target edges from the fact tables (events filtered by date, or edges not yet rebuilt)."""
    ev_where, ev_params = [], []
    if event_type:
        ev_where.append("v.type = ?")
        ev_params.append(event_type.upper())
    if date_from:
        ev_where.append("coalesce(v.date_end, v.date_start, d.published) >= CAST(? AS DATE)")
        ev_params.append(str(date_from))
    if date_to:
        ev_where.append("coalesce(v.date_start, d.published) <= CAST(? AS DATE)")
        ev_params.append(str(date_to))
    return _rows(
        con.execute(
            f"""
            SELECT sa.entity_id AS source, ta.entity_id AS target, 'event' AS kind, v.type AS event_type,
                   count(DISTINCT (v.doc_id, v.event_id)) AS weight
            FROM events v JOIN documents d USING (doc_id)
            JOIN event_args a ON a.doc_id = v.doc_id AND a.event_id = v.event_id AND a.role = 'actor'
            JOIN doc_entities sa ON sa.doc_id = a.doc_id AND sa.local_id = a.local_id
            JOIN event_args t ON t.doc_id = v.doc_id AND t.event_id = v.event_id AND t.role = 'target'
            JOIN doc_entities ta ON ta.doc_id = t.doc_id AND ta.local_id = t.local_id
            WHERE NOT v.negated AND sa.entity_id IS NOT NULL AND ta.entity_id IS NOT NULL
              AND sa.entity_id <> ta.entity_id {"AND " + " AND ".join(ev_where) if ev_where else ""}
            GROUP BY sa.entity_id, ta.entity_id, v.type HAVING count(*) >= ?
            ORDER BY weight DESC, source, target LIMIT ?
            """,
            [*ev_params, max(1, int(min_weight)), _limit(limit, 1000)],
        )
    )


def _entities_by_id(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    return _rows(
        con.execute(
            "SELECT entity_id AS id, name, type, n_docs, first_seen, last_seen FROM entities "
            "WHERE entity_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY entity_id",
            [list(ids)],
        )
    )


def neighbours(
    con: duckdb.DuckDBPyConnection,
    entity_id: str,
    kind: str = "all",
    event_type: str | None = None,
    date_from: Any = None,
    date_to: Any = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> dict[str, Any]:
    """One node's neighbours, strongest first, a page at a time (`total` says how many there are):
    co-mentioned entities and entities it acts on or is acted on by."""
    if not (event_type or date_from or date_to) and facts.edges_fresh(con):
        rows = _stored_neighbours(con, entity_id, kind, limit, offset)
    else:
        rows = _scanned_neighbours(con, entity_id, kind, event_type, date_from, date_to, limit, offset)
    out = _rows(rows)
    total = out[0].pop("total") if out else 0
    for r in out[1:]:
        r.pop("total", None)
    return {"entity_id": entity_id, "total": total, "offset": offset, "neighbours": out}


def _stored_neighbours(
    con: duckdb.DuckDBPyConnection, entity_id: str, kind: str, limit: int, offset: int
) -> duckdb.DuckDBPyConnection:
    """neighbours from the edge tables (facts.refresh_edges), both read by one entity's rows."""
    return con.execute(
        """
        WITH co AS (
            SELECT other_id AS entity_id, other_name AS name, other_type AS type, other_suppressed,
                   n_docs AS co_mentions
            FROM entity_edges WHERE entity_id = ?
        ), ev AS (
            SELECT CASE WHEN source_id = ? THEN target_id ELSE source_id END AS entity_id,
                   coalesce(sum(n_rows) FILTER (WHERE source_id = ?), 0) AS acts_on,
                   coalesce(sum(n_rows) FILTER (WHERE target_id = ?), 0) AS acted_on_by
            FROM event_edges WHERE source_id = ? OR target_id = ?
            GROUP BY 1
        ), joined AS (
            SELECT coalesce(co.entity_id, ev.entity_id) AS entity_id, co.name, co.type, co.other_suppressed,
                   coalesce(co.co_mentions, 0) AS co_mentions,
                   coalesce(ev.acts_on, 0)::BIGINT AS acts_on,
                   coalesce(ev.acted_on_by, 0)::BIGINT AS acted_on_by
            FROM co FULL OUTER JOIN ev ON co.entity_id = ev.entity_id
        ), named AS (
            -- an entity acted on but never co-mentioned cannot be: an event's arguments are
            -- mentions of its document; the entity row is read only if it ever happens
            SELECT j.entity_id, coalesce(j.name, e.name) AS name, coalesce(j.type, e.type) AS type,
                   coalesce(j.other_suppressed, e.suppressed) AS suppressed, j.co_mentions, j.acts_on,
                   j.acted_on_by
            FROM joined j LEFT JOIN entities e ON j.name IS NULL AND e.entity_id = j.entity_id
        )
        SELECT entity_id, name, type, co_mentions, acts_on, acted_on_by, count(*) OVER () AS total
        FROM named
        WHERE name IS NOT NULL AND NOT suppressed
          AND (? = 'all' OR (? = 'events' AND acts_on + acted_on_by > 0)
               OR (? = 'co_mention' AND co_mentions > 0))
        ORDER BY acts_on + acted_on_by DESC, co_mentions DESC, name LIMIT ? OFFSET ?
        """,
        [
            entity_id,
            entity_id,
            entity_id,
            entity_id,
            entity_id,
            entity_id,
            kind,
            kind,
            kind,
            _limit(limit),
            max(0, int(offset)),
        ],
    )


def _scanned_neighbours(
    con: duckdb.DuckDBPyConnection,
    entity_id: str,
    kind: str,
    event_type: str | None,
    date_from: Any,
    date_to: Any,
    limit: int,
    offset: int,
) -> duckdb.DuckDBPyConnection:
    """neighbours from the fact tables (filtered by type or date, or edges not yet rebuilt)."""
    where, params = _doc_filter(event_type, date_from, date_to)
    return con.execute(
        f"""
        WITH mine AS (
            SELECT DISTINCT x.doc_id FROM doc_entities x JOIN documents d USING (doc_id)
            WHERE x.entity_id = ? AND {where}
        ), co AS (
            SELECT o.entity_id, count(DISTINCT o.doc_id) AS co_mentions FROM doc_entities o
            WHERE o.doc_id IN (SELECT doc_id FROM mine) AND o.entity_id IS NOT NULL AND o.entity_id <> ?
            GROUP BY o.entity_id
        ), ev AS (
            SELECT CASE WHEN sa.entity_id = ? THEN ta.entity_id ELSE sa.entity_id END AS entity_id,
                   count(*) FILTER (WHERE sa.entity_id = ?) AS acts_on,
                   count(*) FILTER (WHERE ta.entity_id = ?) AS acted_on_by
            FROM events v
            JOIN event_args a ON a.doc_id = v.doc_id AND a.event_id = v.event_id AND a.role = 'actor'
            JOIN doc_entities sa ON sa.doc_id = a.doc_id AND sa.local_id = a.local_id
            JOIN event_args t ON t.doc_id = v.doc_id AND t.event_id = v.event_id AND t.role = 'target'
            JOIN doc_entities ta ON ta.doc_id = t.doc_id AND ta.local_id = t.local_id
            WHERE v.doc_id IN (SELECT doc_id FROM mine) AND NOT v.negated
              AND (sa.entity_id = ? OR ta.entity_id = ?)
              AND (? IS NULL OR v.type = ?) AND sa.entity_id <> ta.entity_id
            GROUP BY 1
        ), joined AS (
            SELECT coalesce(co.entity_id, ev.entity_id) AS entity_id,
                   coalesce(co.co_mentions, 0) AS co_mentions,
                   coalesce(ev.acts_on, 0) AS acts_on, coalesce(ev.acted_on_by, 0) AS acted_on_by
            FROM co FULL OUTER JOIN ev ON co.entity_id = ev.entity_id
        )
        SELECT j.entity_id, e.name, e.type, j.co_mentions, j.acts_on, j.acted_on_by, count(*) OVER () AS total
        FROM joined j JOIN entities e ON e.entity_id = j.entity_id
        WHERE NOT e.suppressed AND (? = 'all' OR (? = 'events' AND j.acts_on + j.acted_on_by > 0)
                                    OR (? = 'co_mention' AND j.co_mentions > 0))
        ORDER BY j.acts_on + j.acted_on_by DESC, j.co_mentions DESC, e.name LIMIT ? OFFSET ?
        """,
        [
            entity_id,
            *params,
            entity_id,
            entity_id,
            entity_id,
            entity_id,
            entity_id,
            entity_id,
            event_type and event_type.upper(),
            event_type and event_type.upper(),
            kind,
            kind,
            kind,
            _limit(limit),
            max(0, int(offset)),
        ],
    )


# -- sources ------------------------------------------------------------------------------------


def sources(
    con: duckdb.DuckDBPyConnection,
    outlet: str | None = None,
    entity: str | None = None,
    by: str = "outlet",
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Named and unnamed sources: per outlet (default) or per story (`by="document"`), how many
    quotes rest on named and on unnamed sources and the unnamed share; `entity` keeps stories
    that name that entity."""
    if by not in ("outlet", "document"):
        raise ValueError("by must be 'outlet' or 'document'")
    where, params = ["TRUE"], []
    if outlet:
        where.append("d.source = ?")
        params.append(outlet)
    if entity:
        where.append("d.doc_id IN (SELECT doc_id FROM doc_entities WHERE entity_id = ?)")
        params.append(entity)
    group = "d.source" if by == "outlet" else "d.doc_id, d.title, d.source, d.published"
    cols = "d.source AS outlet" if by == "outlet" else "d.doc_id, d.title, d.source AS outlet, d.published"
    if facts.fresh(con):
        # each document's counts from the lookup table: no scan of every quote
        sql = f"""
            SELECT {cols}, count(*) AS n_docs, coalesce(sum(c.n_quotes), 0)::BIGINT AS n_quotes,
                   coalesce(sum(c.named), 0)::BIGINT AS named, coalesce(sum(c.unnamed), 0)::BIGINT AS unnamed,
                   round(CASE WHEN coalesce(sum(c.n_quotes), 0) = 0 THEN NULL
                              ELSE sum(c.unnamed)::BIGINT / sum(c.n_quotes)::BIGINT END, 4) AS unnamed_share
            FROM documents d LEFT JOIN doc_quote_counts c USING (doc_id)
            WHERE {" AND ".join(where)}
            GROUP BY {group}
            ORDER BY unnamed_share DESC NULLS LAST, n_quotes DESC, {group} LIMIT ? OFFSET ?
        """
        return _rows(con.execute(sql, [*params, _limit(limit), max(0, int(offset))]))
    sql = f"""
        SELECT {cols}, count(DISTINCT d.doc_id) AS n_docs, count(q.quote_id) AS n_quotes,
               count(q.quote_id) FILTER (WHERE q.named) AS named,
               count(q.quote_id) FILTER (WHERE NOT q.named) AS unnamed,
               round(CASE WHEN count(q.quote_id) = 0 THEN NULL
                          ELSE count(q.quote_id) FILTER (WHERE NOT q.named) / count(q.quote_id) END, 4)
                   AS unnamed_share
        FROM documents d LEFT JOIN quotes q USING (doc_id)
        WHERE {" AND ".join(where)}
        GROUP BY {group}
        ORDER BY unnamed_share DESC NULLS LAST, n_quotes DESC, {group} LIMIT ? OFFSET ?
    """
    return _rows(con.execute(sql, [*params, _limit(limit), max(0, int(offset))]))


def stats(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Row counts of the store's tables and its schema version."""
    tables = (
        "documents",
        "sentences",
        "doc_entities",
        "mentions",
        "roles",
        "events",
        "event_args",
        "quotes",
        "times",
        "rejects",
        "name_groups",
        "judgements",
        "entities",
        "entity_names",
    )
    out: dict[str, Any] = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    out["schema_version"] = int(
        con.execute("SELECT value FROM newsgraph_meta WHERE key = 'schema_version'").fetchone()[0]
    )
    out["analyst_judgements"] = con.execute(
        "SELECT count(*) FROM judgements WHERE source = 'analyst' AND retracted_at IS NULL"
    ).fetchone()[0]
    return out
