"""The `serve` command (registered on newsgraph's parser by `add_subcommand`)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from typing import Any

from newsgraph.api.security import LOCAL_HOSTS
from newsgraph.errors import NewsgraphError
from newsgraph.store import db

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
ALL_INTERFACES = ("0.0.0.0", "::")


def add_subcommand(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="the web app and JSON API over a store (http://127.0.0.1:8000/)",
        description="Serve the knowledge store to a browser: search any spelling, entity profiles with "
        "timelines and networks, documents with every fact highlighted, events, unnamed sources, "
        "pasting an article, merging and splitting entities; the JSON API under /api/ (spec at "
        "/openapi.json). Binds to 127.0.0.1 (this machine only) unless --host says otherwise.",
    )
    p.add_argument(
        "--db",
        default=os.environ.get("NEWSGRAPH_DB", db.DEFAULT_DB),
        help=f"the store (default: $NEWSGRAPH_DB or {db.DEFAULT_DB})",
    )
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name the server answers to besides localhost and --host (repeatable)",
    )
    p.add_argument(
        "--wait",
        type=float,
        default=db.DEFAULT_WAIT,
        metavar="SECONDS",
        help=f"how long a request waits for a store another process is writing (default {db.DEFAULT_WAIT:g})",
    )
    p.add_argument(
        "--no-warm", action="store_true", help="load the extraction model on first paste, not at start"
    )
    p.set_defaults(func=cmd_serve)


def allowed_hosts(host: str, extra: list[str]) -> tuple[tuple[str, ...], bool]:
    """The Host names to answer, and whether that is any name (listening on all interfaces
    with no --allow-host: the user wants it reachable by whatever name the machine has)."""
    if host in ALL_INTERFACES and not extra:
        return ("*",), True
    names = [*LOCAL_HOSTS, *extra]
    if host not in ALL_INTERFACES:
        names.append(host)
    return tuple(dict.fromkeys(names)), False


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from newsgraph.api import extract
    from newsgraph.api.app import create_app
    from newsgraph.store.queries import open_store, stats

    if not 0 < args.port < 65536:
        raise NewsgraphError(f"--port {args.port}: not a port number")
    with open_store(args.db, wait=args.wait) as con:
        counts = stats(con)
    hosts, any_host = allowed_hosts(args.host, args.allow_host)
    app = create_app(args.db, hosts=hosts, wait=args.wait)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"newsgraph: serving {os.path.abspath(args.db)} ({counts['documents']:,} documents, "
        f"{counts['entities']:,} entities) on http://{shown}:{args.port}/ (Ctrl-C to stop)",
        file=sys.stderr,
        flush=True,
    )
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"newsgraph: warning: listening on {args.host}, not only this machine: anyone who can reach "
            "it can read the store and change its judgements (there is no login)"
            + ("; it answers to any host name (give --allow-host NAME to restrict)" if any_host else ""),
            file=sys.stderr,
            flush=True,
        )
    if not args.no_warm:
        threading.Thread(target=extract.warm_up, name="warm-up", daemon=True).start()
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        server_header=False,
        date_header=False,
        timeout_keep_alive=5,
        limit_concurrency=200,
    )
    return 0
