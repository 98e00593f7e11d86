"""Store export as FollowTheMoney entities (JSON lines), the format Aleph / OpenAleph import.

    Article        one per document (title, text, date, outlet, url, authors)
    Person, Organization, Address (places)   one per cross-document entity, names as aliases
    Documentation  document -> entity: the article mentions it (role "mentioned")
    Membership     person -> organisation of a stated role (role = the title, date = the article's)
    Event          one per event: PLOVER type, dates, involved / organizer entities, the evidence
                   sentence as summary, the article as proof

Ids are "ng-" + a hash of newsgraph's own ids, so re-exports keep them. Suppressed entities are
left out. Built with followthemoney's own model, so every property is validated on the way out.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator
from typing import IO

import duckdb
from followthemoney import model
from followthemoney.proxy import EntityProxy
from rigour.territories import get_territories

from newsgraph.lexicons import load_csv

_SCHEMA = {"PERSON": "Person", "ORG": "Organization", "GPE": "Address", "LOC": "Address", "FAC": "Address"}


def _id(*parts: str) -> str:
    return "ng-" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


@functools.cache
def _iso2() -> dict[str, str]:
    """ISO 3166 alpha-3 -> the alpha-2 code FtM's country type takes."""
    out = {}
    for t in get_territories():
        iso3 = getattr(t, "alpha3", None) or getattr(t, "iso3", None)
        if iso3:
            out[str(iso3).upper()] = t.code
    for row in load_csv("lexicons/countries.csv"):
        out.setdefault(row["iso3"], row["iso3"][:2].lower())
    return out


def _make(schema: str, eid: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = eid
    return proxy


def entities(con: duckdb.DuckDBPyConnection) -> Iterator[EntityProxy]:
    """Every FtM entity of the store, documents first."""
    yield from _articles(con)
    kept: dict[str, str] = {}
    for eid, name, typ, country in con.execute(
        "SELECT entity_id, name, type, country FROM entities WHERE NOT suppressed ORDER BY entity_id"
    ).fetchall():
        schema = _SCHEMA.get(typ)
        if schema is None:
            continue
        proxy = _make(schema, _id("entity", eid))
        if schema == "Address":
            proxy.add("full", name)
        proxy.add("name", name)
        if country and schema != "Address":
            proxy.add("country", _iso2().get(country, country))
        proxy.add("description", f"newsgraph entity {eid}")
        kept[eid] = schema
        for (alias,) in con.execute(
            "SELECT name FROM entity_names WHERE entity_id = ? AND name <> ? AND kind NOT IN ('given name') "
            "ORDER BY n_docs DESC, name",
            [eid, name],
        ).fetchall():
            proxy.add("alias" if schema != "Address" else "name", alias)
        yield proxy
    yield from _documentation(con, kept)
    yield from _memberships(con, kept)
    yield from _events(con, kept)


def _articles(con: duckdb.DuckDBPyConnection) -> Iterator[EntityProxy]:
    for did, title, published, source, url, authors, text, chash in con.execute(
        "SELECT doc_id, title, strftime(published, '%Y-%m-%d'), source, url, authors, text, content_hash "
        "FROM documents ORDER BY doc_id"
    ).fetchall():
        art = _make("Article", _id("doc", did))
        art.add("title", title or did)
        art.add("fileName", did)
        art.add("publishedAt", published)
        art.add("publisher", source)
        art.add("sourceUrl", url)
        art.add("author", authors or [])
        art.add("bodyText", text)
        art.add("contentHash", chash[:40])
        yield art


def _documentation(con: duckdb.DuckDBPyConnection, kept: dict[str, str]) -> Iterator[EntityProxy]:
    for did, eid in con.execute(
        "SELECT DISTINCT doc_id, entity_id FROM doc_entities WHERE entity_id IS NOT NULL "
        "ORDER BY doc_id, entity_id"
    ).fetchall():
        if eid not in kept:
            continue
        link = _make("Documentation", _id("mention", did, eid))
        link.add("document", _id("doc", did))
        link.add("entity", _id("entity", eid))
        link.add("role", "mentioned")
        yield link


def _memberships(con: duckdb.DuckDBPyConnection, kept: dict[str, str]) -> Iterator[EntityProxy]:
    rows = con.execute(
        """
        SELECT p.entity_id, o.entity_id, r.title, strftime(r.observed, '%Y-%m-%d'), r.doc_id, r.role_no
        FROM roles r JOIN doc_entities p ON p.doc_id = r.doc_id AND p.local_id = r.local_id
        JOIN doc_entities o ON o.doc_id = r.doc_id AND o.local_id = r.org_local_id
        WHERE p.entity_id IS NOT NULL AND o.entity_id IS NOT NULL ORDER BY r.doc_id, r.local_id, r.role_no
        """
    ).fetchall()
    for pid, oid, title, day, did, no in rows:
        if kept.get(pid) != "Person" or kept.get(oid) != "Organization":
            continue
        m = _make("Membership", _id("role", did, pid, str(no)))
        m.add("member", _id("entity", pid))
        m.add("organization", _id("entity", oid))
        m.add("role", title)
        m.add("date", day)
        m.add("proof", _id("doc", did))
        yield m


def _events(con: duckdb.DuckDBPyConnection, kept: dict[str, str]) -> Iterator[EntityProxy]:
    args: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for did, vid, role, eid in con.execute(
        "SELECT a.doc_id, a.event_id, a.role, de.entity_id FROM event_args a JOIN doc_entities de "
        "ON de.doc_id = a.doc_id AND de.local_id = a.local_id WHERE de.entity_id IS NOT NULL"
    ).fetchall():
        args.setdefault((did, vid), []).append((role, eid))
    for did, vid, typ, mode, start, end, negated, trigger, evidence in con.execute(
        "SELECT doc_id, event_id, type, mode, strftime(date_start, '%Y-%m-%d'), "
        "strftime(date_end, '%Y-%m-%d'), negated, trigger, evidence FROM events ORDER BY doc_id, event_id"
    ).fetchall():
        ev = _make("Event", _id("event", did, vid))
        ev.add("name", f"{typ}{' (' + mode + ')' if mode else ''}: {trigger or ''}".strip(": "))
        ev.add("startDate", start)
        ev.add("endDate", end)
        ev.add("summary", " ".join(e.get("text", "") for e in json.loads(evidence or "[]")))
        ev.add("keywords", [typ] + (["negated"] if negated else []))
        ev.add("proof", _id("doc", did))
        for role, eid in args.get((did, vid), []):
            schema = kept.get(eid)
            if schema in ("Person", "Organization"):
                ev.add("involved", _id("entity", eid))
                if role == "actor":
                    ev.add("organizer", _id("entity", eid))
        yield ev


def write_ftm(con: duckdb.DuckDBPyConnection, out: IO[str]) -> int:
    n = 0
    for proxy in entities(con):
        out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n
