"""ingest: extract articles and store them, batch by batch, then resolve what they touched.

    read_inputs -> skip known content hashes -> runner.run_extract -> rows -> one transaction
    per COMMIT_ARTICLES articles -> incremental resolution (store/resolution.py)

Idempotent: an article whose content hash is stored already is skipped before extraction, so a
re-run after a crash extracts only what is missing, and the same article twice is stored once.
The store is open only while a batch commits (see store/db.py on concurrency); a process killed
mid-batch leaves the last committed batch and nothing of the next one. Rejected records go to
the rejects table with their reason (and to `on_reject`, for the CLI's one line on stderr).
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

import duckdb

from newsgraph import __version__
from newsgraph.errors import InputError, StoreError
from newsgraph.ingest import read_inputs
from newsgraph.model import Article
from newsgraph.pipeline import Rejected, Result
from newsgraph.runner import run_extract
from newsgraph.store import db
from newsgraph.store.resolution import ResolveReport, resolve_store
from newsgraph.store.rows import content_hash, document_rows
from newsgraph.store.writer import (
    BatchCounts,
    StoredDocument,
    StoredReject,
    batch_bytes,
    delete_orphans,
    write_batch,
)

log = logging.getLogger(__name__)

# Articles per transaction. A commit of 256 articles takes ~0.3 s (benchmarks/): under 2 % of
# the ~8 s their extraction takes with one worker, and a crash loses at most 256 articles' work.
COMMIT_ARTICLES = 256
# ... or every COMMIT_SECONDS, whichever comes first, so a slow stream still shows up in queries.
COMMIT_SECONDS = 15.0


@dataclass
class IngestReport:
    run_id: str
    counts: BatchCounts = field(default_factory=BatchCounts)
    resolution: ResolveReport | None = None
    seconds: float = 0.0
    commits: int = 0

    def summary(self) -> str:
        c = self.counts
        text = f"{c.new} new, {c.replaced} replaced, {c.duplicate} already stored, {c.rejected} rejected"
        if self.resolution is not None:
            text += f"; {self.resolution.summary()}"
        return text


def ingest(
    inputs: Iterable[str],
    path: str | os.PathLike[str],
    workers: int = 1,
    batch_size: int = 8,
    published: date | None = None,
    allow_undated: bool = False,
    resolve: bool = True,
    commit_every: int = COMMIT_ARTICLES,
    wait: float = db.DEFAULT_WAIT,
    on_reject: Callable[[Rejected], None] | None = None,
    on_commit: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Extract and store every record of `inputs` (paths as `newsgraph extract` takes them)."""
    records = read_inputs(list(inputs), published=published, allow_undated=allow_undated)
    return ingest_records(
        records,
        path,
        workers,
        batch_size,
        resolve,
        commit_every,
        wait,
        on_reject,
        on_commit,
        str(list(inputs)),
    )


def ingest_records(
    records: Iterable[Article | InputError],
    path: str | os.PathLike[str],
    workers: int = 1,
    batch_size: int = 8,
    resolve: bool = True,
    commit_every: int = COMMIT_ARTICLES,
    wait: float = db.DEFAULT_WAIT,
    on_reject: Callable[[Rejected], None] | None = None,
    on_commit: Callable[[IngestReport], None] | None = None,
    inputs: str = "",
) -> IngestReport:
    start = time.monotonic()
    report = IngestReport(run_id=uuid.uuid4().hex[:16])
    with db.connect(path, write=True, create_missing=True, wait=wait) as con:
        with db.transaction(con, str(path)):
            if delete_orphans(con):
                log.warning("%s: removed facts a crashed run left without their document", path)
        known = {r[0] for r in con.execute("SELECT content_hash FROM documents").fetchall()}
        con.execute(
            "INSERT INTO ingest_runs (run_id, started_at, inputs, newsgraph_version, status) "
            "VALUES (?, ?, ?, ?, 'running')",
            [report.run_id, db.now(), inputs, __version__],
        )
    pending: deque[tuple[Article | InputError, str | None]] = deque()

    def unseen() -> Iterator[Article | InputError]:
        for record in records:
            if isinstance(record, Article):
                digest = content_hash(record)
                if digest in known:
                    report.counts.duplicate += 1
                    continue
                known.add(digest)
                pending.append((record, digest))
            else:
                pending.append((record, None))
            yield record

    batch: list[StoredDocument | StoredReject] = []
    last_commit = time.monotonic()
    try:
        for result in run_extract(unseen(), workers=workers, batch_size=batch_size):
            record, digest = pending.popleft()
            batch.append(_stored(record, digest, result, report.run_id, on_reject))
            if len(batch) >= commit_every or time.monotonic() - last_commit >= COMMIT_SECONDS:
                _commit(path, batch, report, wait)
                batch, last_commit = [], time.monotonic()
                if on_commit:
                    on_commit(report)
        _commit(path, batch, report, wait)
    except BaseException:
        _finish_run(path, report, "failed", wait)
        raise
    if resolve:
        with db.connect(path, write=True, wait=wait) as con:
            report.resolution = resolve_store(con, str(path))
    report.seconds = time.monotonic() - start
    _finish_run(path, report, "done", wait)
    return report


def _stored(
    record: Article | InputError,
    digest: str | None,
    result: Result,
    run_id: str,
    on_reject: Callable[[Rejected], None] | None,
) -> StoredDocument | StoredReject:
    if isinstance(result, Rejected):
        if on_reject:
            on_reject(result)
        return StoredReject(result.record_id, result.reason, result.raw)
    assert isinstance(record, Article) and digest is not None
    rows = document_rows(result, record.text, digest, run_id, __version__, db.now())
    return StoredDocument(str(result["document"]["id"]), digest, rows)


def _commit(
    path: str | os.PathLike[str],
    batch: list[StoredDocument | StoredReject],
    report: IngestReport,
    wait: float,
) -> None:
    if not batch:
        return
    db.check_free_space(path, batch_bytes(batch))
    with db.connect(path, write=True, wait=wait) as con, db.transaction(con, str(path)):
        counts = write_batch(con, batch, report.run_id, db.now())
        con.execute(
            "UPDATE ingest_runs SET n_new = n_new + ?, n_replaced = n_replaced + ?, "
            "n_rejected = n_rejected + ? WHERE run_id = ?",
            [counts.new, counts.replaced, counts.rejected, report.run_id],
        )
    # a duplicate found only at commit (another process stored it meanwhile) counts here
    report.counts.add(counts)
    report.commits += 1
    log.debug("committed %d records (%s)", len(batch), report.summary())


def _finish_run(path: str | os.PathLike[str], report: IngestReport, status: str, wait: float) -> None:
    try:
        with db.connect(path, write=True, wait=wait) as con:
            con.execute(
                "UPDATE ingest_runs SET finished_at = ?, status = ?, n_duplicate = ? WHERE run_id = ?",
                [db.now(), status, report.counts.duplicate, report.run_id],
            )
    except (StoreError, duckdb.Error, OSError):  # the run's own outcome is what the user must see
        log.debug("could not record the end of run %s", report.run_id, exc_info=True)
