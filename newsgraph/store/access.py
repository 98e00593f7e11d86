"""access: how the web server shares one DuckDB store with itself and with other processes.

DuckDB lets one process write a file at a time, and while a process has it open read-only no
other process may write it (store/db.py). Opening a store costs ~90-230 ms (measured on a 2k
and a 14-document store alike: DuckDB's own start-up, then store/db.py's checks), more than a
page may take, so the server cannot open the store per request. The `StoreGate`:

- keeps ONE read-only DuckDB instance open while the server is in use; every request reads
  through its own cursor on it (cursors of one instance run concurrently in threads);
- lets go of the file as soon as a newsgraph writer in another process (an ingest batch,
  `newsgraph merge`) says it waits (store/db.py marks that beside the store), after the
  requests in flight, and reopens it when that writer got in; a watchdog thread looks for the
  mark every WATCH_SECONDS, so the requests themselves pay nothing for it;
- lets go of the file for `gap` seconds after holding it for `hold` seconds, busy or idle, for
  writers that do not say they wait (an older newsgraph, DuckDB's own CLI); then reopens it in
  the background, so idle periods cost no request a reopen;
- for the server's own writes (merge, split, suppress, retract, storing a pasted article)
  waits for the readers in flight, closes the read-only instance (one process cannot hold a
  file read-only and read-write at once) and opens the store for writing for that one
  transaction.
A request waits while the file is released, written or reopened (at most `gap` plus the
reopen, or a writer's commit); it never sees half of a write (writers are exclusive).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Iterator

import duckdb

from newsgraph.store import db

log = logging.getLogger(__name__)

# Hold the file at most this long before letting a waiting writer in: well under the 30 s a
# writer waits (db.DEFAULT_WAIT), so an ingest batch commits within ~HOLD_SECONDS even while
# analysts keep the server busy; long enough that the release (GAP + a reopen of ~0.1-0.2 s)
# delays under 5 % of requests under continuous load.
HOLD_SECONDS = 20.0
# Closed this long: longer than the 0.5 s between a writer's lock retries (store/db.py).
GAP_SECONDS = 0.6
# How often the watchdog looks for a waiting writer (one stat of a file): a writer gets in
# within this plus the requests in flight plus its own retry interval (<= 0.5 s).
WATCH_SECONDS = 0.1


class StoreGate:
    """Readers share one read-only instance; writers get the file to themselves."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        wait: float = db.DEFAULT_WAIT,
        hold: float = HOLD_SECONDS,
        gap: float = GAP_SECONDS,
    ) -> None:
        self.path = str(path)
        self.wait = wait
        self.hold = hold
        self.gap = gap
        self._cond = threading.Condition()
        self._stack: contextlib.ExitStack | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened_at = 0.0
        self._readers = 0
        self._busy = False  # opening, releasing or writing: new readers wait
        self._writer_waits = False  # another process waits to write (the watchdog's last look)
        self._watchdog: threading.Thread | None = None
        self.releases = 0  # how often the file was let go (tests, benchmarks)

    # -- readers ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the shared read-only instance, for one request."""
        con = self._enter_reader()
        cur = con.cursor()
        try:
            yield cur
        finally:
            cur.close()
            self._leave_reader()

    def _enter_reader(self) -> duckdb.DuckDBPyConnection:
        with self._cond:
            while True:
                if not self._busy and self._con is not None and not self._due():
                    self._readers += 1
                    return self._con
                if not self._busy and self._con is None:
                    self._open_locked()
                    continue
                if not self._busy and self._due() and self._readers == 0:
                    self._release_locked()
                    continue
                self._cond.wait(0.05)

    def _leave_reader(self) -> None:
        with self._cond:
            self._readers -= 1
            if self._readers == 0:
                self._cond.notify_all()
                if self._due() and not self._busy:
                    self._release_locked()

    def _due(self) -> bool:
        """Time to let go: a writer waits, or the file was held `hold` seconds."""
        return self._con is not None and (
            self._writer_waits or time.monotonic() - self._opened_at >= self.hold
        )

    def _watch(self) -> None:
        """While the store is open: release it when it is due and no request is in flight
        (an idle server too), new requests waiting meanwhile (`_due`)."""
        while True:
            time.sleep(WATCH_SECONDS)
            waits = db.writer_waiting(self.path)
            with self._cond:
                if self._con is None and not self._busy:
                    self._watchdog = None  # closed: the next open starts a new watchdog
                    return
                self._writer_waits = waits
                if not self._busy and self._readers == 0 and self._due():
                    self._release_locked()

    def _open_locked(self) -> None:
        """Open the read-only instance; the condition is released while DuckDB opens (it may
        wait up to `wait` seconds for another process's write lock)."""
        self._busy = True
        self._cond.release()
        stack = contextlib.ExitStack()
        try:
            con = stack.enter_context(db.connect(self.path, write=False, wait=self.wait))
        except BaseException:
            stack.close()
            raise
        finally:
            self._cond.acquire()
            self._busy = False
            self._cond.notify_all()
        self._stack, self._con, self._opened_at = stack, con, time.monotonic()
        self._writer_waits = False
        if self._watchdog is None:
            self._watchdog = threading.Thread(target=self._watch, name="store-gate-watch", daemon=True)
            self._watchdog.start()

    def _close_locked(self) -> None:
        if self._stack is not None:
            self._stack.close()
        self._stack, self._con = None, None

    def _release_locked(self) -> None:
        """Close, stay closed for `gap` seconds (a writer's turn), reopen in the background."""
        self._close_locked()
        self._busy = True
        self.releases += 1
        log.debug("store released for %.1f s", self.gap)
        threading.Thread(target=self._reopen_after_gap, name="store-gate-reopen", daemon=True).start()

    def _reopen_after_gap(self) -> None:
        time.sleep(self.gap)
        # a writer that said it waits has its turn until it got in (its mark goes when it has
        # the lock, and the reopen then waits for its commit) or gave up
        deadline = time.monotonic() + self.wait
        while db.writer_waiting(self.path) and time.monotonic() < deadline:
            time.sleep(WATCH_SECONDS / 2)
        with self._cond:
            self._busy = False
            if self._con is None:
                try:
                    self._open_locked()
                except Exception:  # a reader retries and meets the error itself
                    log.debug("background reopen failed", exc_info=True)
            self._cond.notify_all()

    # -- writers ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The store open for writing, with no reader of this server in flight."""
        with self.released(), db.connect(self.path, write=True, wait=self.wait) as con:
            yield con

    @contextlib.contextmanager
    def released(self) -> Iterator[None]:
        """No connection of this server open (for code that opens the store itself, like
        store.ingest, which opens and closes it batch by batch)."""
        with self._cond:
            while self._busy or self._readers:
                self._cond.wait(0.05)
            self._busy = True
            self._close_locked()
        try:
            yield
        finally:
            with self._cond:
                self._busy = False
                self._cond.notify_all()

    def close(self) -> None:
        """Close the store (when the server stops); a later request would open it again."""
        with self._cond:
            while self._readers or self._busy:
                self._cond.wait(0.05)
            self._close_locked()
