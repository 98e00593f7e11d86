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
from newsgraph.settings import Settings, default_settings

# Two batches queued per worker keep every worker busy while the next batch is read; more
# only holds articles in memory (measured in benchmarks/: 2 vs 8 gives the same articles/s).
IN_FLIGHT_PER_WORKER = 2
# Articles per task sent to a worker (one spaCy batch): pickling costs ~1 ms against ~70 ms
# of parsing per article, so small tasks are cheap, and they keep the workers evenly loaded
# to the end (with 32 the last task left one of two workers idle for ~1 s in benchmarks/).
TASK_ARTICLES = 8


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


# The worker's Extractor, kept across tasks so that a spaCy memory zone spans many of them
# (pipeline.Extractor); set in each worker by _init_worker.
_extractor: Extractor | None = None


def _init_worker(settings: Settings) -> None:
    global _extractor
    _extractor = Extractor(load_pipeline(), settings)


def _work(chunk: list[Article | InputError]) -> list[Result]:
    assert _extractor is not None, "_work runs in a pool worker, after _init_worker"
    settings = _extractor.settings
    return [result for batch in batches(chunk, settings) for result in _extractor.process(batch)]


def _chunks(records: Iterable[Article | InputError], size: int) -> Iterator[list[Article | InputError]]:
    it = iter(records)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class WorkerPool:
    """Extraction workers kept across runs (a benchmark, a long-lived service): the pipeline is
    loaded once per worker, not once per run. `run` streams results in input order."""

    def __init__(self, workers: int, settings: Settings | None = None) -> None:
        ctx = mp.get_context(_start_method())
        if ctx.get_start_method() == "fork":
            load_pipeline()  # inherited by every forked worker: _init_worker finds it cached
        self.workers = workers
        self._pool = ctx.Pool(workers, initializer=_init_worker, initargs=(settings or default_settings(),))

    def run(self, records: Iterable[Article | InputError]) -> Iterator[Result]:
        pending: deque = deque()
        for chunk in _chunks(records, TASK_ARTICLES):
            pending.append(self._pool.apply_async(_work, (chunk,)))
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
