"""db: open a newsgraph store (a DuckDB file), check it, migrate it, write in transactions.

Concurrency. DuckDB lets one process open a file for writing, and then no other process may
open it at all; several processes may read when none writes. newsgraph therefore never holds a
store longer than one unit of work: a writer (ingest, resolve, merge ...) opens the store for
one transaction and closes it (ingest commits batch by batch, extracting with the store closed),
and a reader (a CLI query) opens it read-only for one command; a long-lived process (the web
server) shares one read-only instance that it lets go of regularly (store/access.py). Every
open waits for a lock held by another process, retrying for up to `wait` seconds, then fails
with one line naming the holder's PID. So an ingest, CLI queries and a web server can run at
the same time on one store: each waits at most for one batch commit (~0.1-1 s), never for the
whole ingest.

Errors are StoreError with one line: not a store, a newer schema, an older schema (opened to
read: "run newsgraph migrate"), locked, disk full (the transaction is rolled back).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb

from newsgraph import __version__
from newsgraph.errors import StoreError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 6
STORE_MARKER = "newsgraph-store"
DEFAULT_DB = "newsgraph.duckdb"
# How long an open waits for another process's lock. One ingest batch commits in well under a
# second (benchmarks/), so 30 s covers a busy writer; a lock held longer is a long-running
# writer (a full resolve) or a stuck process, and the user should hear about it.
DEFAULT_WAIT = 30.0
_RETRY_EVERY = 0.05
_LOCK_MESSAGE = re.compile(r"Could not set lock|Conflicting lock", re.I)
_PID = re.compile(r"PID (\d+)")


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _schema_sql() -> str:
    return resources.files("newsgraph.store").joinpath("schema.sql").read_text(encoding="utf-8")


def schema_statements(sql: str | None = None) -> list[str]:
    """The statements of schema.sql (or of a migration), comments removed."""
    text = "\n".join(line.split("--", 1)[0] for line in (sql or _schema_sql()).splitlines())
    return [s.strip() for s in text.split(";") if s.strip()]


def migrations_dir() -> Path:
    return Path(str(resources.files("newsgraph.store").joinpath("migrations")))


def migrations(directory: Path | None = None) -> list[tuple[int, str, str]]:
    """(version, description, sql) of every migration, in order: NNNN_description.sql upgrades
    a store of version NNNN-1 to NNNN."""
    out = []
    for path in sorted((directory or migrations_dir()).glob("[0-9][0-9][0-9][0-9]_*.sql")):
        version = int(path.name[:4])
        description = path.stem[5:].replace("_", " ")
        out.append((version, description, path.read_text(encoding="utf-8")))
    return out


# Free space a commit must leave: DuckDB writes a batch to its write-ahead log, then may
# checkpoint it into the file (a second copy), and its block allocation rounds up; 4x the rows'
# text size plus 16 MB covered every batch of the benchmarks with room to spare.
SPACE_FACTOR = 4
SPACE_MARGIN = 16 * 1024 * 1024


def check_free_space(path: str | os.PathLike[str], needed: int) -> None:
    """StoreError before anything is written when the disk cannot take a batch of `needed`
    bytes of rows: a write that fails half-way through DuckDB's log is the one thing a
    transaction cannot always undo (a failed checkpoint after the log was written)."""
    directory = os.path.dirname(os.path.abspath(path)) or "."
    free = shutil.disk_usage(directory).free
    want = needed * SPACE_FACTOR + SPACE_MARGIN
    if free < want:
        have, need = free / 1e6, want / 1e6
        raise StoreError(
            f"{path}: disk full: {have:.1f} MB free, a batch needs ~{need:.0f} MB; nothing was written"
        )


def is_disk_full(exc: BaseException) -> bool:
    text = str(exc)
    return (
        getattr(exc, "errno", None) in (errno.ENOSPC, errno.EFBIG)
        or "No space left" in text
        or "File too large" in text
        or "disk is full" in text.lower()
    )


def _connect_once(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.Error as exc:
        text = str(exc)
        if _LOCK_MESSAGE.search(text):
            raise _Locked(text) from exc
        if "not a valid DuckDB database" in text or "Magic" in text:
            raise StoreError(f"{path} is not a newsgraph store (not a DuckDB database file)") from exc
        if "older version" in text or "newer version" in text or "storage version" in text.lower():
            raise StoreError(f"{path} was written by another DuckDB version: {text.splitlines()[0]}") from exc
        if is_disk_full(exc):
            raise StoreError(f"{path}: disk full, cannot open the store") from exc
        raise StoreError(f"{path}: cannot open the store: {text.splitlines()[0]}") from exc


class _Locked(Exception):
    pass


# A writer that finds the store locked says so in a file beside it, re-touched at every retry,
# so that a long-lived reader (store/access.py) lets go of the file at once instead of at its
# next scheduled release. A mark older than WAITING_FRESH is a writer that died waiting: it
# retries at least every 0.5 s, so 2 s leaves room for a slow disk.
WAITING_SUFFIX = ".writer-waiting"
WAITING_FRESH = 2.0


def writer_waiting(path: str | os.PathLike[str]) -> bool:
    """Whether another process waits to write the store at `path`."""
    try:
        return time.time() - os.stat(str(path) + WAITING_SUFFIX).st_mtime < WAITING_FRESH
    except OSError:
        return False


def _mark_waiting(path: str, on: bool) -> None:
    mark = path + WAITING_SUFFIX
    with contextlib.suppress(OSError):  # a read-only directory: the reader's schedule lets us in
        if on:
            Path(mark).write_text(str(os.getpid()), encoding="utf-8")
        else:
            os.unlink(mark)


def _connect(path: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    delay = _RETRY_EVERY
    marked = False
    try:
        while True:
            try:
                return _connect_once(path, read_only)
            except _Locked as exc:
                if not read_only:
                    _mark_waiting(path, True)
                    marked = True
                if time.monotonic() >= deadline:
                    pid = _PID.search(str(exc))
                    holder = f"process {pid.group(1)}" if pid else "another process"
                    raise StoreError(
                        f"{path} is locked by {holder} (a newsgraph ingest or another writer); "
                        f"waited {wait:g} s: try again when it finishes, or give --wait SECONDS"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
    finally:
        if marked:
            _mark_waiting(path, False)


def create(con: duckdb.DuckDBPyConnection) -> None:
    for stmt in schema_statements():
        con.execute(stmt)
    at = now()
    con.executemany(
        "INSERT INTO newsgraph_meta VALUES (?, ?)",
        [
            ["marker", STORE_MARKER],
            ["schema_version", str(SCHEMA_VERSION)],
            ["created_at", at.isoformat()],
            ["created_by", f"newsgraph {__version__}"],
        ],
    )
    con.execute(
        "INSERT INTO schema_migrations VALUES (?, ?, ?, ?)",
        [SCHEMA_VERSION, "schema.sql", at, __version__],
    )


def store_version(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """The schema version of an open store; StoreError if it is no newsgraph store."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "newsgraph_meta" not in tables:
        what = "an empty DuckDB database" if not tables else "a DuckDB database"
        raise StoreError(f"{path} is {what}, not a newsgraph store (no newsgraph_meta table)")
    rows = dict(con.execute("SELECT key, value FROM newsgraph_meta").fetchall())
    if rows.get("marker") != STORE_MARKER or "schema_version" not in rows:
        raise StoreError(f"{path} is not a newsgraph store (its newsgraph_meta has no store marker)")
    return int(rows["schema_version"])


def migrate(con: duckdb.DuckDBPyConnection, path: str, directory: Path | None = None) -> list[int]:
    """Bring an open store to SCHEMA_VERSION (or to the last migration of `directory`), each
    migration in its own transaction. Returns the versions applied."""
    current = store_version(con, path)
    applied = []
    for version, description, sql in migrations(directory):
        if version <= current:
            continue
        if version != current + 1:
            raise StoreError(f"{path}: no migration from schema v{current} to v{current + 1}")
        with transaction(con, path):
            for stmt in schema_statements(sql):
                con.execute(stmt)
            con.execute("UPDATE newsgraph_meta SET value = ? WHERE key = 'schema_version'", [str(version)])
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?, ?)",
                [version, description, now(), __version__],
            )
        current = version
        applied.append(version)
    return applied


def check_version(
    con: duckdb.DuckDBPyConnection, path: str, write: bool, latest: int = SCHEMA_VERSION
) -> None:
    version = store_version(con, path)
    if version > latest:
        raise StoreError(
            f"{path} has schema v{version}, written by a newer newsgraph; this newsgraph "
            f"{__version__} reads up to v{latest}: upgrade newsgraph"
        )
    if version < latest:
        if not write:
            raise StoreError(
                f"{path} has schema v{version}, this newsgraph needs v{latest}: "
                f"run `newsgraph migrate --db {path}`"
            )
        log.warning("%s: migrating schema v%s -> v%s", path, version, latest)
        migrate(con, path)


@contextlib.contextmanager
def connect(
    path: str | os.PathLike[str],
    write: bool = False,
    create_missing: bool = False,
    wait: float = DEFAULT_WAIT,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """An open, checked store, closed on exit. `write` opens it read-write (migrating an older
    schema); `create_missing` creates a new store where there is none."""
    path = str(path)
    exists = os.path.exists(path)
    if not exists and not create_missing:
        raise StoreError(f"{path}: no such store (create one with `newsgraph ingest IN --db {path}`)")
    if os.path.isdir(path):
        raise StoreError(f"{path} is a directory, not a newsgraph store")
    if not exists:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = _connect(path, read_only=not (write or not exists), wait=wait)
    try:
        if not exists:
            with transaction(con, path):
                create(con)
        else:
            check_version(con, path, write)
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection, path: str = "store") -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT; any error rolls back (nothing half-written) and a full disk becomes
    one StoreError line."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException as exc:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        if isinstance(exc, (duckdb.Error, OSError)) and is_disk_full(exc):
            raise StoreError(f"{path}: disk full while writing; the transaction was rolled back") from exc
        raise
