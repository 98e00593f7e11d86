"""runner: maps the pipeline over a stream of records, in one process or several.

One worker: the spaCy pipeline is loaded here and records stream through `pipeline.iter_process`
in batches. Several workers: tasks of `TASK_ARTICLES` records go to worker processes; results
come back in input order, identical to one worker's. Where the OS can fork (Linux), the
pipeline is loaded once here and the workers are forked from this process, so they start at
once and share the model's pages (spaCy's own `n_process` forks the same way); elsewhere each
worker is spawned and loads the pipeline itself (~2.7 s each, measured). At most
`IN_FLIGHT_PER_WORKER` tasks per worker are queued, so memory stays flat however long the
input is (the reader is a generator).

A worker that dies (a crash in C code, the kernel's OOM killer, `kill -9`) does not end the
run: its tasks are handed to a new worker, and the task it was working on is run again one
record per task, so the record that kills a worker is found, rejected with the signal that
killed it, and every other record of the task is extracted. A worker that does not answer for
much longer than its records' time limits allow (`_watchdog_seconds`: stuck in C code, where
the in-process limit cannot reach) is killed and handled the same way. `multiprocessing.Pool`
cannot do this (a dead worker's task never returns), hence the pipes and processes here.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing as mp
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from newsgraph.errors import InputError, LexiconError, NewsgraphError
from newsgraph.model import Article
from newsgraph.nlp import load_pipeline
from newsgraph.pipeline import Extractor, Rejected, Result, batches, iter_process, load_data, raw_record
from newsgraph.settings import Settings, default_settings

log = logging.getLogger(__name__)

# Two tasks queued per worker keep every worker busy while the next task is read; more only
# holds articles in memory (measured in benchmarks/: 2 vs 8 gives the same articles/s).
IN_FLIGHT_PER_WORKER = 2
# Articles per task sent to a worker (one spaCy batch): pickling costs ~1 ms against ~70 ms
# of parsing per article, so small tasks are cheap, and they keep the workers evenly loaded
# to the end (with 32 the last task left one of two workers idle for ~1 s in benchmarks/).
TASK_ARTICLES = 8
# Finished tasks held while an earlier one is still running, per worker, before no new task is
# handed out: results leave in input order, so one slow task must not let the others pile up.
AHEAD_PER_WORKER = 8
# A worker is killed when a task takes this many times its records' time limits, plus the
# grace: the in-process limit (pipeline) rejects a slow article long before; this catches a
# worker that no longer runs Python at all.
WATCHDOG_FACTOR = 2.0
WATCHDOG_GRACE_SECONDS = 30.0


def run_extract(
    records: Iterable[Article | InputError], settings: Settings | None = None
) -> Iterator[Result]:
    """Every record's result (a DocumentGraph dict or a Rejected), in input order, on
    `settings.workers` processes."""
    settings = settings or default_settings()
    if settings.workers <= 1:
        yield from iter_process(records, load_pipeline(), settings)
        return
    with WorkerPool(settings.workers, settings) as pool:
        yield from pool.run(records)


def _start_method() -> str:
    # "fork" copies this process with its loaded pipeline; newsgraph starts no threads of its
    # own before forking. "spawn" where fork is missing (Windows) or unsafe (macOS).
    return "fork" if sys.platform.startswith("linux") else "spawn"


# -- in the worker process ------------------------------------------------------------------


def _worker_main(conn: Connection, settings: Settings) -> None:
    """A worker: tasks in, results out, until the pipe closes. One Extractor for all tasks, so
    that a spaCy memory zone spans many of them (pipeline.Extractor).

    A thread receives the tasks into a queue while this thread works: the parent's send of a
    task never waits for the current task to end, so parent and worker can never both be stuck
    writing to each other (a result and a task each larger than the pipe's buffer). The work
    stays in the main thread, where the per-article time limit's signal is delivered."""
    # Ctrl-C reaches the whole process group: the parent stops the workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tasks: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_receive_tasks, args=(conn, tasks), daemon=True).start()
    try:
        extractor = Extractor(load_pipeline(), settings)
    except LexiconError as exc:
        conn.send(("fatal", None, exc))
        return
    conn.send(("ready", None, None))
    while (task := tasks.get()) is not None:
        key, chunk = task
        conn.send(("start", key, None))
        try:
            conn.send(("done", key, _work(extractor, chunk)))
        except LexiconError as exc:
            conn.send(("fatal", key, exc))
            return


def _receive_tasks(conn: Connection, tasks: queue.SimpleQueue) -> None:
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            task = None
        tasks.put(task)
        if task is None:
            return


def _work(extractor: Extractor, chunk: list[Article | InputError]) -> list[Result]:
    return [result for batch in batches(chunk, extractor.settings) for result in extractor.process(batch)]


# -- in this process ------------------------------------------------------------------------


@dataclass
class _Task:
    """Records `chunk[part]` (the whole chunk when `part` is None) of input task `seq`."""

    seq: int
    chunk: list[Article | InputError]
    part: int | None = None

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.seq, self.part)

    @property
    def records(self) -> list[Article | InputError]:
        return self.chunk if self.part is None else [self.chunk[self.part]]


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process of the start method's context
    conn: Connection
    tasks: deque[_Task] = field(default_factory=deque)  # sent and not answered, in order
    running: bool = False  # the worker said it started tasks[0]
    started: float = 0.0  # when it did
    ready: bool = False  # its pipeline is loaded


class WorkerPool:
    """Extraction workers kept across runs (a benchmark, a long-lived service): the pipeline is
    loaded once per worker, not once per run. `run` streams results in input order; a worker
    that dies is replaced (`restarts` counts them)."""

    def __init__(self, workers: int, settings: Settings | None = None) -> None:
        self.settings = settings or default_settings()
        self._ctx = mp.get_context(_start_method())
        if self._ctx.get_start_method() == "fork":
            load_pipeline()  # inherited by every forked worker
            load_data(self.settings.agents_file)
        self.workers = workers
        self.restarts = 0
        self._pool = [self._start() for _ in range(workers)]

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker_main, args=(child, self.settings), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    # -- one run ----------------------------------------------------------------------------

    def run(self, records: Iterable[Article | InputError]) -> Iterator[Result]:
        run = _Run(enumerate(_chunks(records, TASK_ARTICLES)))
        finished = False
        try:
            while True:
                self._hand_out(run)
                yield from run.ready_results()
                if run.over() and not any(w.tasks for w in self._pool):
                    finished = True
                    return
                self._collect(run)
        finally:
            if not finished:  # abandoned mid-run: no stale task may answer the next run
                for worker in list(self._pool):
                    if worker.tasks:
                        worker.process.kill()
                        worker.process.join()
                        self._pool[self._pool.index(worker)] = self._start()

    def _hand_out(self, run: _Run) -> None:
        """Fill each worker's queue: retries first, then new input (unless too many tasks are
        ahead of the oldest unfinished one)."""
        for worker in self._pool:
            while len(worker.tasks) < IN_FLIGHT_PER_WORKER:
                task = run.next_task(self.workers * AHEAD_PER_WORKER)
                if task is None:
                    break
                worker.tasks.append(task)
                try:
                    worker.conn.send((task.key, task.records))
                except OSError:
                    break  # it died: _collect sees its sentinel and hands the task on

    def _collect(self, run: _Run) -> None:
        """Wait for a message, a dead worker or a worker past its watchdog, and handle it."""
        by_conn = {w.conn: w for w in self._pool}
        by_sentinel = {w.process.sentinel: w for w in self._pool}
        for ready in wait([*by_conn, *by_sentinel], self._next_watchdog()):
            worker = by_conn.get(ready) or by_sentinel.get(ready)  # type: ignore[call-overload]
            if worker is None or worker not in self._pool:
                continue  # already replaced in this round
            if ready is worker.conn and self._receive(worker, run):
                continue
            while worker.conn.poll() and self._receive(worker, run):
                pass  # what it sent before it died
            self._replace(worker, run, killed_by_watchdog=False)
        now = time.monotonic()
        for worker in list(self._pool):
            if worker.running and now - worker.started > self._watchdog_seconds(worker.tasks[0]):
                worker.process.kill()
                worker.process.join()
                self._replace(worker, run, killed_by_watchdog=True)

    def _receive(self, worker: _Worker, run: _Run) -> bool:
        """Read one message; False when the worker is gone (the pipe closed mid-message)."""
        try:
            kind, key, payload = worker.conn.recv()
        except (EOFError, OSError):
            return False
        if kind == "fatal":
            raise payload
        if kind == "ready":
            worker.ready = True
        elif kind == "start":
            assert worker.tasks and worker.tasks[0].key == tuple(key), (worker.tasks, key)
            worker.running, worker.started = True, time.monotonic()
        else:
            task = worker.tasks.popleft()
            assert task.key == tuple(key), (task.key, key)
            worker.running = False
            run.store(task, payload)
        return True

    def _replace(self, worker: _Worker, run: _Run, killed_by_watchdog: bool) -> None:
        """A worker died: start another and give its tasks back; the task it was running goes
        again one record per task, so the record that kills a worker is found (and rejected
        when it is alone)."""
        worker.process.join()
        code = worker.process.exitcode
        self._pool[self._pool.index(worker)] = self._start()
        self.restarts += 1
        if not worker.ready and not worker.tasks:
            raise NewsgraphError(f"a worker process died while starting ({_how(code)})")
        tasks = list(worker.tasks)
        if not worker.running:
            log.warning("a worker process died between tasks (%s); restarted", _how(code))
            run.retry(tasks)
            return
        running, waiting = tasks[0], tasks[1:]
        if running.part is None and len(running.chunk) > 1:
            log.warning(
                "a worker process died (%s) on one of %d records; running them one by one",
                _how(code),
                len(running.chunk),
            )
            run.retry([_Task(running.seq, running.chunk, i) for i in range(len(running.chunk))] + waiting)
            return
        run.retry(waiting)
        run.store(running, [_lost(running.records[0], code, killed_by_watchdog, self.settings)])

    def _watchdog_seconds(self, task: _Task) -> float:
        if not self.settings.time_limit:
            return float("inf")
        return WATCHDOG_FACTOR * self.settings.time_limit * len(task.records) + WATCHDOG_GRACE_SECONDS

    def _next_watchdog(self) -> float | None:
        deadlines = [w.started + self._watchdog_seconds(w.tasks[0]) for w in self._pool if w.running]
        finite = [d for d in deadlines if d != float("inf")]
        return max(0.0, min(finite) - time.monotonic()) if finite else None

    def close(self) -> None:
        for worker in self._pool:
            with contextlib.suppress(OSError):  # already dead
                worker.conn.send(None)
        deadline = time.monotonic() + 5
        for worker in self._pool:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Run:
    """One `WorkerPool.run`: the input's tasks, the retries, and the results waiting for their
    turn (results leave in input order)."""

    def __init__(self, chunks: Iterator[tuple[int, list[Article | InputError]]]) -> None:
        self._chunks = chunks
        self._todo: deque[_Task] = deque()  # handed out before new input
        self._results: dict[int, list[Result | None]] = {}  # by input task, by record
        self._next = 0  # the next input task to yield
        self._read_all = False
        self._opened = 0  # input tasks read so far

    def next_task(self, ahead: int) -> _Task | None:
        if self._todo:
            return self._todo.popleft()
        if self._read_all or self._opened - self._next >= ahead:
            return None
        item = next(self._chunks, None)
        if item is None:
            self._read_all = True
            return None
        seq, chunk = item
        self._opened += 1
        self._results[seq] = [None] * len(chunk)
        return _Task(seq, chunk)

    def retry(self, tasks: list[_Task]) -> None:
        self._todo.extendleft(reversed(tasks))

    def store(self, task: _Task, results: list[Result]) -> None:
        slots = self._results[task.seq]
        if task.part is None:
            slots[:] = results
        else:
            slots[task.part] = results[0]

    def ready_results(self) -> Iterator[Result]:
        while self._next in self._results and all(r is not None for r in self._results[self._next]):
            yield from self._results.pop(self._next)  # type: ignore[misc]
            self._next += 1

    def over(self) -> bool:
        return self._read_all and not self._todo and self._next == self._opened


def _lost(record: Article | InputError, code: int | None, watchdog: bool, settings: Settings) -> Rejected:
    """The reject of a record whose worker died on it."""
    if isinstance(record, InputError):  # cannot kill a worker, but a reject is a reject
        return Rejected(record.record_id, record.reason, record.raw)
    if watchdog:
        reason = f"took longer than {settings.time_limit:g} s (the worker did not answer and was restarted)"
    else:
        reason = f"the worker process died on this record ({_how(code)}) and was restarted"
    return Rejected(record.id, reason, raw_record(record), stage="worker", where=_how(code))


def _how(code: int | None) -> str:
    """A process's end, in words: "killed by SIGSEGV", "exit code 1"."""
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _chunks(records: Iterable[Article | InputError], size: int) -> Iterator[list[Article | InputError]]:
    it = iter(records)
    while chunk := list(itertools.islice(it, size)):
        yield chunk
