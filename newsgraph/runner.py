"""runner: maps `pipeline.iter_process` over a stream of records, in one process or several.

One worker: the spaCy pipeline is loaded here and records stream through in batches.
Several workers: batches go to a pool of processes; results come back in input order,
identical to one worker's. Where the OS can fork (Linux), the pipeline is loaded once here
and the workers are forked from this process, so they start at once and share the model's
pages (spaCy's own `n_process` forks the same way); elsewhere each worker is spawned and
loads the pipeline in its initializer (~2.7 s each, measured). At most
`IN_FLIGHT_PER_WORKER` batches per worker are queued, so memory stays flat however long the
input is (the reader is a generator).
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import sys
from collections import deque
from collections.abc import Iterable, Iterator

from newsgraph.errors import InputError
from newsgraph.model import Article
from newsgraph.nlp import load_pipeline
from newsgraph.pipeline import Extractor, Result, batches, iter_process

# Two batches queued per worker keep every worker busy while the next batch is read; more
# only holds articles in memory (measured in benchmarks/: 2 vs 8 gives the same articles/s).
IN_FLIGHT_PER_WORKER = 2
# Articles per task sent to a worker (one spaCy batch): pickling costs ~1 ms against ~70 ms
# of parsing per article, so small tasks are cheap, and they keep the workers evenly loaded
# to the end (with 32 the last task left one of two workers idle for ~1 s in benchmarks/).
TASK_ARTICLES = 8


def run_extract(
    records: Iterable[Article | InputError], workers: int = 1, batch_size: int = 8
) -> Iterator[Result]:
    """Every record's result (a DocumentGraph dict or a Rejected), in input order."""
    if workers <= 1:
        yield from iter_process(records, load_pipeline(), batch_size)
        return
    yield from _parallel(records, workers, batch_size)


def _start_method() -> str:
    # "fork" copies this process with its loaded pipeline; newsgraph starts no threads of its
    # own before forking. "spawn" where fork is missing (Windows) or unsafe (macOS).
    return "fork" if sys.platform.startswith("linux") else "spawn"


# The worker's Extractor, kept across tasks so that a spaCy memory zone spans many of them
# (pipeline.Extractor); set in each worker by _init_worker.
_extractor: Extractor | None = None


def _init_worker() -> None:
    global _extractor
    _extractor = Extractor(load_pipeline())


def _work(args: tuple[list[Article | InputError], int]) -> list[Result]:
    chunk, batch_size = args
    assert _extractor is not None, "_work runs in a pool worker, after _init_worker"
    return [result for batch in batches(chunk, batch_size) for result in _extractor.process(batch)]


def _chunks(records: Iterable[Article | InputError], size: int) -> Iterator[list[Article | InputError]]:
    it = iter(records)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class WorkerPool:
    """Extraction workers kept across runs (a benchmark, a long-lived service): the pipeline is
    loaded once per worker, not once per run. `run` streams results in input order."""

    def __init__(self, workers: int) -> None:
        ctx = mp.get_context(_start_method())
        if ctx.get_start_method() == "fork":
            load_pipeline()  # inherited by every forked worker: _init_worker finds it cached
        self.workers = workers
        self._pool = ctx.Pool(workers, initializer=_init_worker)

    def run(self, records: Iterable[Article | InputError], batch_size: int = 8) -> Iterator[Result]:
        pending: deque = deque()
        for chunk in _chunks(records, TASK_ARTICLES):
            pending.append(self._pool.apply_async(_work, ((chunk, batch_size),)))
            if len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _parallel(records: Iterable[Article | InputError], workers: int, batch_size: int) -> Iterator[Result]:
    with WorkerPool(workers) as pool:
        yield from pool.run(records, batch_size)
