"""analyst: merge, split and suppress as judgements, with who and when, reversible.

These are the write functions the CLI and the web app share. Each writes analyst judgements
(resolve/judgements.py) on name-group keys, then re-clusters, in one transaction:

- merge(A, B): `same` between A's and B's first groups (one edge joins two components); any
  earlier analyst `different` between the two entities' groups is retracted by this merge.
- split(A, NAME): `different` between the groups of A named NAME and every other group of A;
  earlier analyst `same` between them are retracted.
- suppress(A): `suppress` on each of A's groups (junk: hidden from queries and exports).
- retract(ID): an analyst judgement stops counting (kept, with who and when).

Because judgements name groups (type class + folded name), not entity ids, they survive every
re-run and re-resolution, and `export_judgements` / `import_judgements` carry them to another
store, where they apply to the same names.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import duckdb

from newsgraph.errors import NewsgraphError
from newsgraph.resolve.judgements import ANALYST, DIFFERENT, SAME, SUPPRESS, Judgement, judgement
from newsgraph.resolve.names import norm_name
from newsgraph.store import db
from newsgraph.store.queries import find_entity
from newsgraph.store.resolution import ResolveReport, analyst_judgements, resolve_store


class JudgementError(NewsgraphError):
    """An analyst's request that cannot be carried out (no such entity, a name not in it)."""


@dataclass(frozen=True, slots=True)
class Written:
    judgement_ids: list[str]
    retracted: list[str]
    resolution: ResolveReport

    def to_dict(self) -> dict[str, Any]:
        return {
            "judgements": self.judgement_ids,
            "retracted": self.retracted,
            "entities": self.resolution.entities,
            "changed_entities": self.resolution.changed_entities,
        }


def default_author() -> str:
    return os.environ.get("NEWSGRAPH_AUTHOR") or getpass.getuser()


def _entity(con: duckdb.DuckDBPyConnection, ref: str) -> str:
    eid = find_entity(con, ref)
    if eid is None:
        raise JudgementError(f"no entity matches {ref!r}")
    return eid


def _groups(con: duckdb.DuckDBPyConnection, entity_id: str) -> list[str]:
    rows = con.execute(
        "SELECT group_key FROM entity_groups WHERE entity_id = ? ORDER BY group_key", [entity_id]
    ).fetchall()
    return [r[0] for r in rows]


def _judgement_id(j: Judgement) -> str:
    key = json.dumps([j.left, j.right, j.verdict, j.author, j.at], ensure_ascii=False)
    return "a:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _insert(con: duckdb.DuckDBPyConnection, js: Iterable[Judgement]) -> list[str]:
    ids = []
    for j in js:
        jid = _judgement_id(j)
        con.execute(
            "INSERT OR IGNORE INTO judgements (judgement_id, left_key, right_key, verdict, source, score, "
            "reasons, author, created_at, note) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, CAST(? AS TIMESTAMP), ?)",
            [jid, j.left, j.right, j.verdict, ANALYST, json.dumps(list(j.reasons)), j.author, j.at, j.note],
        )
        ids.append(jid)
    return ids


def _retract_between(
    con: duckdb.DuckDBPyConnection, left: list[str], right: list[str], verdict: str, author: str, at: Any
) -> list[str]:
    """Retract analyst judgements of `verdict` between any group of `left` and any of `right`."""
    rows = con.execute(
        """
        SELECT judgement_id FROM judgements
        WHERE source = 'analyst' AND verdict = ? AND retracted_at IS NULL AND (
            (left_key IN (SELECT unnest(?::VARCHAR[])) AND right_key IN (SELECT unnest(?::VARCHAR[])))
            OR (left_key IN (SELECT unnest(?::VARCHAR[])) AND right_key IN (SELECT unnest(?::VARCHAR[]))))
        """,
        [verdict, left, right, right, left],
    ).fetchall()
    ids = [r[0] for r in rows]
    for jid in ids:
        con.execute(
            "UPDATE judgements SET retracted_at = ?, retracted_by = ? WHERE judgement_id = ?",
            [at, author, jid],
        )
    return ids


def _recluster(con: duckdb.DuckDBPyConnection, path: str) -> ResolveReport:
    return resolve_store(con, path, recluster=True, own_transaction=False)


def merge(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    author: str | None = None,
    note: str | None = None,
    path: str = "store",
) -> Written:
    """A and B (ids or names) are one entity."""
    author = author or default_author()
    with db.transaction(con, path):
        ea, eb = _entity(con, a), _entity(con, b)
        if ea == eb:
            raise JudgementError(f"{a!r} and {b!r} are already one entity ({ea})")
        ga, gb = _groups(con, ea), _groups(con, eb)
        at = db.now()
        retracted = _retract_between(con, ga, gb, DIFFERENT, author, at)
        j = judgement(
            ga[0],
            gb[0],
            SAME,
            source=ANALYST,
            author=author,
            at=at.isoformat(),
            note=note,
            reasons=(f"analyst merge of {ea} and {eb}",),
        )
        ids = _insert(con, [j])
        report = _recluster(con, path)
    return Written(ids, retracted, report)


def split(
    con: duckdb.DuckDBPyConnection,
    a: str,
    name: str,
    author: str | None = None,
    note: str | None = None,
    path: str = "store",
) -> Written:
    """Take the names NAME (in any of A's spellings that fold to it) out of entity A."""
    author = author or default_author()
    with db.transaction(con, path):
        ea = _entity(con, a)
        groups = _groups(con, ea)
        want = norm_name(name)
        out = [g for g in groups if g.split("|", 1)[1] == want]
        if not out:
            raise JudgementError(f"{name!r} is not a name of {ea} (its names: {', '.join(groups)})")
        rest = [g for g in groups if g not in out]
        if not rest:
            raise JudgementError(f"{name!r} is all of {ea}: nothing to split it from")
        at = db.now()
        retracted = _retract_between(con, out, rest, SAME, author, at)
        js = [
            judgement(
                x,
                y,
                DIFFERENT,
                source=ANALYST,
                author=author,
                at=at.isoformat(),
                note=note,
                reasons=(f"analyst split of {name!r} from {ea}",),
            )
            for x in out
            for y in rest
        ]
        ids = _insert(con, js)
        report = _recluster(con, path)
    return Written(ids, retracted, report)


def suppress(
    con: duckdb.DuckDBPyConnection,
    a: str,
    author: str | None = None,
    note: str | None = None,
    path: str = "store",
) -> Written:
    """Entity A is junk: hidden from search, profiles, networks and exports (reversible)."""
    author = author or default_author()
    with db.transaction(con, path):
        ea = _entity(con, a)
        at = db.now()
        js = [
            judgement(
                g,
                g,
                SUPPRESS,
                source=ANALYST,
                author=author,
                at=at.isoformat(),
                note=note,
                reasons=(f"analyst suppressed {ea}",),
            )
            for g in _groups(con, ea)
        ]
        ids = _insert(con, js)
        report = _recluster(con, path)
    return Written(ids, [], report)


def retract(
    con: duckdb.DuckDBPyConnection, judgement_id: str, author: str | None = None, path: str = "store"
) -> Written:
    """Undo an analyst judgement (it is kept, marked retracted with who and when)."""
    author = author or default_author()
    with db.transaction(con, path):
        row = con.execute(
            "SELECT source, retracted_at FROM judgements WHERE judgement_id = ?", [judgement_id]
        ).fetchone()
        if row is None:
            raise JudgementError(f"no judgement {judgement_id!r}")
        if row[0] != ANALYST:
            raise JudgementError(f"{judgement_id} is the system's: overrule it with merge or split instead")
        if row[1] is not None:
            raise JudgementError(f"{judgement_id} is already retracted")
        con.execute(
            "UPDATE judgements SET retracted_at = ?, retracted_by = ? WHERE judgement_id = ?",
            [db.now(), author, judgement_id],
        )
        report = _recluster(con, path)
    return Written([], [judgement_id], report)


def export_judgements(con: duckdb.DuckDBPyConnection, include_retracted: bool = False) -> list[Judgement]:
    """The analysts' judgements, oldest first, ready for `judgements.dump_jsonl`."""
    return analyst_judgements(con, include_retracted)


def import_judgements(
    con: duckdb.DuckDBPyConnection, js: Iterable[Judgement], path: str = "store"
) -> Written:
    """Apply another store's analyst judgements here (the same ones twice are stored once)."""
    js = [j for j in js if j.source == ANALYST]
    with db.transaction(con, path):
        before = con.execute("SELECT count(*) FROM judgements WHERE source = 'analyst'").fetchone()[0]
        ids = _insert(con, js)
        added = con.execute("SELECT count(*) FROM judgements WHERE source = 'analyst'").fetchone()[0] - before
        report = _recluster(con, path)
    return Written(ids[len(ids) - added :] if added else [], [], report)
