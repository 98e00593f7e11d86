"""newsgraph's command line: parses arguments and dispatches; the work is in the library.

Exit codes: 0 = every record extracted; 3 = some records were rejected (see the rejects
file); 2 = usage error; 1 = a fatal error (one line on stderr).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from newsgraph import __version__
from newsgraph.errors import NewsgraphError

log = logging.getLogger("newsgraph")
EXIT_REJECTS = 3


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if not args.verbose else logging.DEBUG, format="newsgraph: %(message)s"
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except NewsgraphError as exc:
        print(f"newsgraph: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsgraph",
        description="Turn news articles into a sourced knowledge graph (entities, aliases, roles, "
        "PLOVER events, quotes, times), every fact with its evidence span.",
    )
    parser.add_argument("--version", action="version", version=f"newsgraph {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail to stderr")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    ex = sub.add_parser(
        "extract",
        help="extract one DocumentGraph JSON line per article",
        description="Read articles (JSONL with id/text/published, .txt, .html, directories, or - for "
        "stdin JSONL) and write one DocumentGraph JSON per article (../shared/eval/FORMAT.md). "
        "Bad records get a one-line error on stderr and are written to the rejects file with "
        "the reason; the run goes on and exits 3 if any record was rejected.",
    )
    ex.add_argument("inputs", nargs="+", metavar="IN", help="input files or directories; - for stdin")
    ex.add_argument("-o", "--output", default="-", help="output JSONL (default: - for stdout)")
    ex.add_argument(
        "--rejects",
        help="where rejected records go (default: OUTPUT.rejects.jsonl, "
        "or rejects.jsonl when writing to stdout)",
    )
    ex.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    ex.add_argument("--batch-size", type=int, default=8, help="articles per spaCy batch (default 8)")
    ex.add_argument(
        "--published",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="publication date for .txt inputs, which carry none",
    )
    ex.add_argument(
        "--allow-undated",
        action="store_true",
        help="extract records without a 'published' date (relative dates stay unresolved)",
    )
    ex.add_argument(
        "--progress",
        choices=["auto", "on", "off"],
        default="auto",
        help="progress bar on stderr (auto: only when stderr is a terminal)",
    )
    ex.set_defaults(func=cmd_extract)

    from newsgraph import spark
    from newsgraph.api import cli as api_cli
    from newsgraph.export import plover
    from newsgraph.store import cli as store_cli

    spark.add_subcommand(sub)
    plover.add_subcommand(sub)
    store_cli.add_subcommands(sub)
    api_cli.add_subcommand(sub)
    return parser


@contextlib.contextmanager
def _open_out(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        yield fh


def _rejects_path(args: argparse.Namespace) -> str:
    if args.rejects:
        return str(args.rejects)
    if args.output == "-":
        return "rejects.jsonl"
    return str(Path(args.output).with_suffix("")) + ".rejects.jsonl"


def cmd_extract(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from newsgraph.ingest import read_inputs
    from newsgraph.pipeline import Rejected
    from newsgraph.runner import run_extract

    if args.workers < 1:
        raise NewsgraphError("--workers must be at least 1")
    records = read_inputs(args.inputs, published=args.published, allow_undated=args.allow_undated)
    show = args.progress == "on" or (args.progress == "auto" and sys.stderr.isatty())
    # tqdm's monitor thread would be running when the worker pool forks (runner.py): no threads
    tqdm.monitor_interval = 0
    n_ok = n_bad = 0
    rejects_path = _rejects_path(args)
    rejects_fh: IO[str] | None = None
    try:
        with _open_out(args.output) as out:
            results = run_extract(records, workers=args.workers, batch_size=args.batch_size)
            for result in tqdm(results, disable=not show, unit=" articles", file=sys.stderr):
                if isinstance(result, Rejected):
                    n_bad += 1
                    print(f"newsgraph: rejected {result.record_id}: {result.reason}", file=sys.stderr)
                    if rejects_fh is None:
                        rejects_fh = open(rejects_path, "w", encoding="utf-8")  # noqa: SIM115
                    rejects_fh.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                    rejects_fh.flush()
                else:
                    n_ok += 1
                    out.write(_dumps(result) + "\n")
    finally:
        if rejects_fh is not None:
            rejects_fh.close()
    summary = f"newsgraph: {n_ok} extracted, {n_bad} rejected"
    if n_bad:
        summary += f" (written to {rejects_path})"
    print(summary, file=sys.stderr)
    return EXIT_REJECTS if n_bad else 0


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


if __name__ == "__main__":
    sys.exit(main())
