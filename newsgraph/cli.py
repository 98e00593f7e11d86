"""newsgraph's command line: parses arguments and dispatches; the work is in the library.

Exit codes: 0 = every record extracted; 3 = some records were rejected (see the rejects
file); 2 = usage error; 1 = a fatal error (one line on stderr).
"""

from __future__ import annotations

import argparse
import itertools
import logging
import sys
from datetime import date
from pathlib import Path

from tqdm import tqdm

from newsgraph import __version__, spark
from newsgraph.api import cli as api_cli
from newsgraph.errors import NewsgraphError
from newsgraph.export import plover
from newsgraph.ingest import read_inputs
from newsgraph.journal import Journal, fingerprint
from newsgraph.limits import shown
from newsgraph.pipeline import Rejected
from newsgraph.runner import run_extract
from newsgraph.settings import load_settings
from newsgraph.store import cli as store_cli

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
        "the reason; the run goes on and exits 3 if any record was rejected. With -o FILE every "
        "result is written as a whole line as soon as it is ready: a run that is stopped (even by "
        "kill -9) resumes where it stopped when the same command is run again.",
    )
    ex.add_argument("inputs", nargs="+", metavar="IN", help="input files or directories; - for stdin")
    ex.add_argument("-o", "--output", default="-", help="output JSONL (default: - for stdout)")
    ex.add_argument(
        "--rejects",
        help="where rejected records go (default: OUTPUT.rejects.jsonl, "
        "or rejects.jsonl when writing to stdout)",
    )
    ex.add_argument("--workers", type=int, help="worker processes (default: settings, 1)")
    ex.add_argument("--batch-size", type=int, help="articles per spaCy batch (default: settings, 8)")
    ex.add_argument(
        "--config",
        metavar="TOML",
        help="settings file layered over the defaults (also $NEWSGRAPH_CONFIG; NEWSGRAPH_<SETTING> "
        "environment variables and these flags override it; see README, Settings)",
    )
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

    spark.add_subcommand(sub)
    plover.add_subcommand(sub)
    store_cli.add_subcommands(sub)
    api_cli.add_subcommand(sub)
    return parser


def _rejects_path(args: argparse.Namespace) -> str:
    if args.rejects:
        return str(args.rejects)
    if args.output == "-":
        return "rejects.jsonl"
    return str(Path(args.output).with_suffix("")) + ".rejects.jsonl"


def cmd_extract(args: argparse.Namespace) -> int:
    settings = load_settings(args.config, overrides={"workers": args.workers, "batch_size": args.batch_size})
    rejects_path = _rejects_path(args)
    options = {"published": str(args.published), "allow_undated": args.allow_undated}
    journal = Journal(args.output, rejects_path, fingerprint(args.inputs, settings, rejects_path, options))
    done = journal.start()
    if done:
        print(f"newsgraph: resuming {args.output}: {done} records already done", file=sys.stderr)
    records = read_inputs(
        args.inputs, published=args.published, allow_undated=args.allow_undated, settings=settings
    )
    show = args.progress == "on" or (args.progress == "auto" and sys.stderr.isatty())
    # tqdm's monitor thread would be running when the worker processes fork (runner.py): no threads
    tqdm.monitor_interval = 0
    try:
        results = run_extract(itertools.islice(records, done, None), settings)
        for result in tqdm(results, disable=not show, unit=" articles", file=sys.stderr):
            if isinstance(result, Rejected):
                print(f"newsgraph: rejected {shown(result.record_id, 300)}: {result.reason}", file=sys.stderr)
                journal.write(result.to_dict(), rejected=True)
            else:
                journal.write(result, rejected=False)  # type: ignore[arg-type]
    except BaseException:
        journal.close()  # the progress file stays: the same command resumes
        raise
    journal.finish()
    summary = f"newsgraph: {journal.extracted} extracted, {journal.rejected} rejected"
    if journal.rejected:
        summary += f" (written to {rejects_path})"
    print(summary, file=sys.stderr)
    return EXIT_REJECTS if journal.rejected else 0


if __name__ == "__main__":
    sys.exit(main())
