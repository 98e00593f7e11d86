"""The knowledge store's commands (registered on newsgraph's parser by `add_subcommands`).

Output is JSON Lines (one object per line) unless `--format table`. Errors are StoreError /
JudgementError lines from the library, printed once by newsgraph/cli.py. Every command takes
`--db PATH` (default newsgraph.duckdb, or $NEWSGRAPH_DB) and `--wait SECONDS` for a store
another process is writing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable
from datetime import date
from typing import IO, Any

from newsgraph.errors import NewsgraphError
from newsgraph.settings import load_settings
from newsgraph.store import db

EXIT_REJECTS = 3
EXPORT_FORMATS = ("jsonl", "csv", "parquet", "graphml", "gexf", "ftm", "plover")


def _db_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        default=os.environ.get("NEWSGRAPH_DB", db.DEFAULT_DB),
        help=f"the store (default: $NEWSGRAPH_DB or {db.DEFAULT_DB})",
    )
    p.add_argument(
        "--wait",
        type=float,
        default=db.DEFAULT_WAIT,
        metavar="SECONDS",
        help=f"how long to wait for a store another process is writing (default {db.DEFAULT_WAIT:g})",
    )


def _out_args(p: argparse.ArgumentParser, limit: int = 50) -> None:
    p.add_argument(
        "--format", choices=["jsonl", "table"], default="jsonl", help="output format (default jsonl)"
    )
    p.add_argument("--limit", type=int, default=limit, help=f"at most this many results (default {limit})")
    p.add_argument("--offset", type=int, default=0, help="skip this many results (paging)")


def _dates(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from", dest="date_from", type=date.fromisoformat, metavar="YYYY-MM-DD", help="from this date"
    )
    p.add_argument(
        "--to", dest="date_to", type=date.fromisoformat, metavar="YYYY-MM-DD", help="up to this date"
    )


def add_subcommands(sub: Any) -> None:
    """Register ingest, resolve, the queries, the analyst's judgements, export and migrate."""
    p = sub.add_parser(
        "ingest",
        help="extract articles and store them in the knowledge store (idempotent, incremental)",
        description="Extract articles (the inputs of `extract`) and store them in a DuckDB store: an article "
        "whose content is stored already is skipped, a new version of a stored id replaces it, each batch "
        "commits in one transaction, rejected records go to the rejects table; then the new articles' "
        "entities are resolved across documents. With --from-parquet, load what `spark-extract` wrote.",
    )
    p.add_argument("inputs", nargs="*", metavar="IN", help="input files or directories; - for stdin")
    _db_args(p)
    p.add_argument(
        "--from-parquet", metavar="DIR", help="load the Parquet tables `spark-extract` wrote to DIR"
    )
    p.add_argument("--workers", type=int, help="extraction processes (default: settings, 1)")
    p.add_argument("--batch-size", type=int, help="articles per spaCy batch (default: settings, 8)")
    p.add_argument(
        "--config", metavar="TOML", help="settings file layered over the defaults (as for extract)"
    )
    p.add_argument(
        "--published", type=date.fromisoformat, metavar="YYYY-MM-DD", help="publication date for .txt inputs"
    )
    p.add_argument("--allow-undated", action="store_true", help="store records without a 'published' date")
    p.add_argument("--commit-every", type=int, default=256, metavar="N", help="articles per transaction")
    p.add_argument("--no-resolve", action="store_true", help="do not resolve entities after storing")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "resolve",
        help="resolve entities across documents (incremental; --full to redo; --spark on Spark)",
        description="Cross-document entity resolution: name groups, blocking on transliteration skeletons, "
        "scored judgements with their reasons, clusters as connected components (analysts' judgements "
        "first). Incremental unless --full; --spark runs grouping, blocking and scoring on Spark.",
    )
    _db_args(p)
    p.add_argument("--full", action="store_true", help="rebuild every group and re-judge every pair")
    p.add_argument("--spark", action="store_true", help="run the resolution on Apache Spark (a full run)")
    p.add_argument("--master", default="local[*]", help="Spark master URL (with --spark; default local[*])")
    p.set_defaults(func=cmd_resolve)

    p = sub.add_parser(
        "search",
        help="find entities by any name or spelling",
        description="Find entities by "
        "any of their names, in any spelling (search Ghaani finds Qaani), best first.",
    )
    p.add_argument("text", help="a name, in any spelling or script")
    p.add_argument("--type", help="only entities of this type (PERSON, ORG, GPE ...)")
    _db_args(p)
    _out_args(p, 20)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "profile",
        help="everything about one entity, each item with its evidence",
        description="Names and spellings, type, roles over time, events as actor and as target in date "
        "order, quotes by and about, claims, co-mentioned entities and the judgements behind the entity.",
    )
    p.add_argument("entity", metavar="NAME|ID", help="an entity id or a name in any spelling")
    _db_args(p)
    _out_args(p)
    p.set_defaults(func=cmd_profile)

    p = sub.add_parser(
        "document",
        help="one stored document with all its facts and offsets",
        description="One stored document: its original text, removed clutter, sentences, entities "
        "(with their cross-document ids), mentions, events, quotes and times, all with offsets.",
    )
    p.add_argument("doc_id", metavar="DOC_ID")
    _db_args(p)
    p.add_argument("--format", choices=["jsonl", "table"], default="jsonl")
    p.set_defaults(func=cmd_document)

    p = sub.add_parser(
        "timeline",
        help="events in date order, with filters",
        description="Events in date order. --actor X: events X is actor or target of; --target, --place "
        "restrict further; --type a PLOVER type; --from/--to a date range the event overlaps.",
    )
    p.add_argument("--actor", metavar="NAME|ID")
    p.add_argument("--target", metavar="NAME|ID")
    p.add_argument("--place", metavar="NAME|ID")
    p.add_argument("--type", help="PLOVER event type (ASSAULT, PROTEST ...)")
    _dates(p)
    p.add_argument("--claimed", choices=["yes", "no"], help="only claimed (or unclaimed) events")
    p.add_argument("--include-negated", action="store_true", help="also denied / negated events")
    _db_args(p)
    _out_args(p)
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser(
        "quotes",
        help="quotes by a speaker, about an entity, or from unnamed sources",
        description="Quotes in date order, each with its speaker (an entity or an unnamed "
        "description), evidence and sentence; filter by speaker, entity quoted about, outlet.",
    )
    p.add_argument("--speaker", metavar="NAME|ID")
    p.add_argument("--about", metavar="NAME|ID")
    p.add_argument("--unnamed", action="store_true", help="unnamed sources only")
    p.add_argument("--outlet")
    _db_args(p)
    _out_args(p)
    p.set_defaults(func=cmd_quotes)

    p = sub.add_parser(
        "network",
        help="weighted co-mention and event edges (or one entity's neighbours, paged)",
        description="The graph of entities: co-mention edges (weight = documents) and event edges "
        "(actor -> target, weight = events, per PLOVER type). With --entity, that node's neighbours, a "
        "page at a time (--limit/--offset).",
    )
    p.add_argument("--entity", metavar="NAME|ID", help="list this entity's neighbours instead")
    p.add_argument("--type", help="PLOVER event type")
    _dates(p)
    p.add_argument("--min-weight", type=int, default=1)
    _db_args(p)
    _out_args(p, 1000)
    p.set_defaults(func=cmd_network)

    p = sub.add_parser(
        "sources",
        help="named vs unnamed sources per outlet or per story",
        description="How many quotes of each outlet (or each story, --by document) rest on named "
        "and on unnamed sources, and the unnamed share, highest first.",
    )
    p.add_argument("--outlet")
    p.add_argument("--entity", metavar="NAME|ID", help="stories that name this entity")
    p.add_argument("--by", choices=["outlet", "document"], default="outlet")
    _db_args(p)
    _out_args(p)
    p.set_defaults(func=cmd_sources)

    for name, helptext in (
        ("merge", "an analyst's judgement: A and B are one entity"),
        ("split", "an analyst's judgement: NAME is not the entity A"),
        ("suppress", "an analyst's judgement: A is junk (hidden; reversible)"),
    ):
        p = sub.add_parser(
            name,
            help=helptext,
            description=helptext + ". Stored as a judgement with who and "
            "when; survives re-runs; `newsgraph judgements` lists them, `retract` undoes one.",
        )
        p.add_argument("a", metavar="A", help="entity id or name")
        if name == "merge":
            p.add_argument("b", metavar="B", help="entity id or name")
        if name == "split":
            p.add_argument("name", metavar="NAME", help="the name (as the entity lists it) to split off")
        p.add_argument("--author", help="who decides (default $NEWSGRAPH_AUTHOR or the user name)")
        p.add_argument("--note", help="why")
        _db_args(p)
        p.set_defaults(func=cmd_judge, verb=name)

    p = sub.add_parser(
        "retract",
        help="undo an analyst's judgement (kept, marked retracted)",
        description="Undo an analyst's merge, split or suppress by its judgement id (from "
        "`newsgraph judgements`); the judgement is kept, marked retracted with who and when.",
    )
    p.add_argument("judgement_id", metavar="JUDGEMENT_ID")
    p.add_argument("--author")
    _db_args(p)
    p.set_defaults(func=cmd_retract)

    p = sub.add_parser(
        "judgements",
        help="list, export or import analysts' judgements",
        description="List the judgements of an entity (--entity), export the analysts' judgements as JSON "
        "lines (--export PATH, - for stdout) or apply exported ones to this store (--import PATH).",
    )
    p.add_argument("--entity", metavar="NAME|ID")
    p.add_argument("--export", metavar="PATH")
    p.add_argument("--import", dest="import_path", metavar="PATH")
    p.add_argument("--include-retracted", action="store_true")
    _db_args(p)
    _out_args(p, 200)
    p.set_defaults(func=cmd_judgements)

    p = sub.add_parser(
        "export",
        help="export the store: jsonl csv parquet graphml gexf ftm plover",
        description="jsonl: one DocumentGraph per document (the extract format, with entity ids); csv and "
        "parquet: one file per table in the directory OUT; graphml and gexf: the entity network (Gephi); "
        "ftm: FollowTheMoney entities (Aleph); plover: PLOVER event records.",
    )
    p.add_argument("format", choices=EXPORT_FORMATS)
    p.add_argument(
        "-o", "--output", required=True, help="output file (a directory for csv and parquet); - stdout"
    )
    p.add_argument("--include-negated", action="store_true", help="plover: also denied events")
    _db_args(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "migrate",
        help="bring a store written by an older newsgraph to this schema",
        description="Apply the schema migrations a store written by an older newsgraph lacks, "
        "each in one transaction (commands that write do this by themselves).",
    )
    _db_args(p)
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser(
        "stats",
        help="row counts and schema version of a store",
        description="Row counts of the store's tables, its schema version and the number of "
        "analysts' judgements in force.",
    )
    _db_args(p)
    p.set_defaults(func=cmd_stats)


# -- output -------------------------------------------------------------------------------------


def _emit(rows: Iterable[dict[str, Any]], fmt: str, out: IO[str] | None = None) -> int:
    out = out or sys.stdout
    rows = list(rows)
    if fmt == "table":
        out.write(format_table(rows) + "\n")
    else:
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    return len(rows)


def _cell(value: Any, width: int = 60) -> str:
    if isinstance(value, list):
        value = ", ".join(v.get("name", str(v)) if isinstance(v, dict) else str(v) for v in value)
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(rows: list[dict[str, Any]]) -> str:
    """A plain aligned table of the rows' fields (lists joined, long text cut)."""
    if not rows:
        return "(nothing)"
    cols = list(rows[0])
    cells = [[_cell(r.get(c)) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines)


def _entity_ref(con: Any, ref: str | None) -> str | None:
    from newsgraph.store.queries import find_entity

    if ref is None:
        return None
    eid = find_entity(con, ref)
    if eid is None:
        raise NewsgraphError(f"no entity matches {ref!r}")
    return eid


def _reader(args: argparse.Namespace) -> Any:
    from newsgraph.store.queries import open_store

    return open_store(args.db, wait=args.wait)


# -- commands -----------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    from newsgraph.store.ingest import ingest

    settings = load_settings(args.config, overrides={"workers": args.workers, "batch_size": args.batch_size})
    if args.from_parquet:
        from newsgraph.store.parquet import ingest_parquet

        report = ingest_parquet(args.from_parquet, args.db, resolve=not args.no_resolve, wait=args.wait)
    else:
        if not args.inputs:
            raise NewsgraphError("give inputs to ingest (or --from-parquet DIR)")

        def on_reject(r: Any) -> None:
            print(f"newsgraph: rejected {r.record_id}: {r.reason}", file=sys.stderr)

        report = ingest(
            args.inputs,
            args.db,
            settings=settings,
            published=args.published,
            allow_undated=args.allow_undated,
            resolve=not args.no_resolve,
            commit_every=max(1, args.commit_every),
            wait=args.wait,
            on_reject=on_reject,
        )
    print(f"newsgraph: {args.db}: {report.summary()} ({report.seconds:.1f} s)", file=sys.stderr)
    return EXIT_REJECTS if report.counts.rejected else 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from newsgraph.store.resolution import resolve_store

    with db.connect(args.db, write=True, wait=args.wait) as con:
        if args.spark:
            from newsgraph.spark.resolve import spark_judged

            report = resolve_store(con, args.db, full=True, judged=spark_judged(args.master))
        else:
            report = resolve_store(con, args.db, full=args.full, recluster=True)
    print(
        f"newsgraph: {args.db}: {report.summary()} ({report.engine}, {report.seconds:.1f} s)", file=sys.stderr
    )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from newsgraph.store.queries import search

    with _reader(args) as con:
        hits = search(con, args.text, limit=args.limit, entity_type=args.type)
    _emit(hits, args.format)
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    from newsgraph.store.queries import profile

    with _reader(args) as con:
        prof = profile(con, args.entity, limit=args.limit)
    if prof is None:
        raise NewsgraphError(f"no entity matches {args.entity!r}")
    if args.format == "jsonl":
        _emit([prof], "jsonl")
        return 0
    ent = prof["entity"]
    print(
        f"{ent['name']}  ({ent['type']}, {ent['entity_id']}, {ent['n_docs']} documents, "
        f"{ent['first_seen']} .. {ent['last_seen']})"
    )
    sections: list[tuple[str, list[dict[str, Any]], list[str]]] = [
        ("names", prof["names"], ["name", "kind", "script", "n_docs"]),
        (
            "roles",
            prof["roles"],
            ["title", "organization", "qualifier", "first_seen", "last_seen", "n_docs", "doc_id"],
        ),
        (
            "events as actor",
            prof["events_as_actor"],
            ["date_start", "type", "targets", "negated", "doc_id", "text"],
        ),
        (
            "events as target",
            prof["events_as_target"],
            ["date_start", "type", "actors", "negated", "doc_id", "text"],
        ),
        ("claims", prof["claims"], ["date_start", "type", "doc_id", "text"]),
        ("quotes by", prof["quotes_by"], ["published", "kind", "quote", "doc_id"]),
        (
            "quotes about",
            prof["quotes_about"],
            ["published", "speaker_name", "speaker_text", "quote", "doc_id"],
        ),
        ("appears with", prof["co_mentioned"], ["name", "type", "n_docs", "entity_id"]),
    ]
    for title, rows, cols in sections:
        print(f"\n{title} ({len(rows)})")
        if rows:
            print(format_table([{c: r.get(c) for c in cols} for r in rows]))
    return 0


def cmd_document(args: argparse.Namespace) -> int:
    from newsgraph.store.queries import document

    with _reader(args) as con:
        doc = document(con, args.doc_id)
    if doc is None:
        raise NewsgraphError(f"no document {args.doc_id!r} in {args.db}")
    if args.format == "jsonl":
        _emit([doc], "jsonl")
    else:
        print(f"{doc['doc_id']}  {doc['published']}  {doc['source'] or ''}  {doc['title'] or ''}")
        for name, cols in (
            ("entities", ["local_id", "entity_id", "name", "type"]),
            ("events", ["event_id", "type", "date_start", "negated", "text"]),
            ("quotes", ["quote_id", "speaker_name", "speaker_text", "quote"]),
        ):
            print(f"\n{name} ({len(doc[name])})")
            print(format_table([{c: r.get(c) for c in cols} for r in doc[name]]))
    return 0


def _claimed(value: str | None) -> bool | None:
    return None if value is None else value == "yes"


def cmd_timeline(args: argparse.Namespace) -> int:
    from newsgraph.store.queries import events, timeline

    with _reader(args) as con:
        actor, target, place = (_entity_ref(con, r) for r in (args.actor, args.target, args.place))
        if actor and not target and args.claimed is None:
            rows = timeline(
                con,
                actor,
                args.type,
                args.date_from,
                args.date_to,
                place,
                args.limit,
                args.offset,
                args.include_negated,
            )
        else:
            rows = events(
                con,
                args.type,
                actor,
                target,
                place,
                args.date_from,
                args.date_to,
                _claimed(args.claimed),
                args.include_negated,
                None,
                args.limit,
                args.offset,
            )
    if args.format == "table":
        rows = [
            {
                k: r.get(k)
                for k in ("date_start", "type", "actors", "targets", "locations", "negated", "doc_id", "text")
            }
            for r in rows
        ]
    _emit(rows, args.format)
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    from newsgraph.store.queries import quotes

    with _reader(args) as con:
        speaker, about = _entity_ref(con, args.speaker), _entity_ref(con, args.about)
        rows = quotes(con, speaker, args.unnamed, about, None, args.outlet, args.limit, args.offset)
    if args.format == "table":
        rows = [
            {k: r.get(k) for k in ("published", "speaker_name", "speaker_text", "kind", "quote", "doc_id")}
            for r in rows
        ]
    _emit(rows, args.format)
    return 0


def cmd_network(args: argparse.Namespace) -> int:
    from newsgraph.store.queries import neighbours, network

    with _reader(args) as con:
        if args.entity:
            eid = _entity_ref(con, args.entity)
            assert eid is not None
            page = neighbours(
                con, eid, "all", args.type, args.date_from, args.date_to, args.limit, args.offset
            )
            if args.format == "table":
                shown = len(page["neighbours"])
                print(f"{page['total']} neighbours of {eid}; showing {shown} from {args.offset}")
                _emit(page["neighbours"], "table")
            else:
                _emit([page], "jsonl")
            return 0
        graph = network(con, args.type, args.date_from, args.date_to, args.min_weight, args.limit)
    if args.format == "table":
        names = {n["id"]: n["name"] for n in graph["nodes"]}
        _emit(
            [
                {
                    "source": names.get(e["source"]),
                    "target": names.get(e["target"]),
                    "kind": e["kind"],
                    "event_type": e["event_type"],
                    "weight": e["weight"],
                }
                for e in graph["edges"]
            ],
            "table",
        )
    else:
        _emit([{"node": n} for n in graph["nodes"]] + [{"edge": e} for e in graph["edges"]], "jsonl")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    from newsgraph.store.queries import sources

    with _reader(args) as con:
        rows = sources(con, args.outlet, _entity_ref(con, args.entity), args.by, args.limit, args.offset)
    _emit(rows, args.format)
    return 0


def cmd_judge(args: argparse.Namespace) -> int:
    from newsgraph.store import analyst

    with db.connect(args.db, write=True, wait=args.wait) as con:
        actions: dict[str, Callable[[], Any]] = {
            "merge": lambda: analyst.merge(con, args.a, args.b, args.author, args.note, args.db),
            "split": lambda: analyst.split(con, args.a, args.name, args.author, args.note, args.db),
            "suppress": lambda: analyst.suppress(con, args.a, args.author, args.note, args.db),
        }
        written = actions[args.verb]()
    _emit([written.to_dict()], "jsonl")
    return 0


def cmd_retract(args: argparse.Namespace) -> int:
    from newsgraph.store import analyst

    with db.connect(args.db, write=True, wait=args.wait) as con:
        written = analyst.retract(con, args.judgement_id, args.author, args.db)
    _emit([written.to_dict()], "jsonl")
    return 0


def cmd_judgements(args: argparse.Namespace) -> int:
    from newsgraph.resolve.judgements import dump_jsonl, load_jsonl
    from newsgraph.store import analyst
    from newsgraph.store.queries import judgements_of

    if args.import_path:
        fh = sys.stdin if args.import_path == "-" else open(args.import_path, encoding="utf-8")  # noqa: SIM115
        try:
            try:
                js = list(load_jsonl(fh))
            except ValueError as exc:
                raise NewsgraphError(f"{args.import_path}: {exc}") from exc
        finally:
            if fh is not sys.stdin:
                fh.close()
        with db.connect(args.db, write=True, wait=args.wait) as con:
            written = analyst.import_judgements(con, js, args.db)
        print(f"newsgraph: {len(written.judgement_ids)} of {len(js)} judgements were new", file=sys.stderr)
        return 0
    with _reader(args) as con:
        if args.export:
            lines = list(dump_jsonl(analyst.export_judgements(con, args.include_retracted)))
            out = sys.stdout if args.export == "-" else open(args.export, "w", encoding="utf-8")  # noqa: SIM115
            try:
                out.writelines(line + "\n" for line in lines)
            finally:
                if out is not sys.stdout:
                    out.close()
            print(f"newsgraph: exported {len(lines)} judgements", file=sys.stderr)
            return 0
        if args.entity:
            eid = _entity_ref(con, args.entity)
            assert eid is not None
            rows = judgements_of(con, eid)
        else:
            from newsgraph.resolve.judgements import to_dict

            rows = [to_dict(j) for j in analyst.export_judgements(con, args.include_retracted)]
    _emit(rows[args.offset : args.offset + args.limit], args.format)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from newsgraph.export import store_export

    with _reader(args) as con:
        n = store_export.export(con, args.format, args.output, include_negated=args.include_negated)
    print(f"newsgraph: exported {n} {args.format} records to {args.output}", file=sys.stderr)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    if not os.path.exists(args.db):
        raise NewsgraphError(f"{args.db}: no such store")
    con = db._connect(args.db, read_only=False, wait=args.wait)
    try:
        applied = db.migrate(con, args.db)
        version = db.store_version(con, args.db)
    finally:
        con.close()
    if version > db.SCHEMA_VERSION:
        raise NewsgraphError(f"{args.db} has schema v{version}, newer than this newsgraph: upgrade newsgraph")
    print(
        f"newsgraph: {args.db}: schema v{version}"
        + (f" (applied {applied})" if applied else " (up to date)"),
        file=sys.stderr,
    )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from newsgraph.store.queries import stats

    with _reader(args) as con:
        _emit([stats(con)], "jsonl")
    return 0
