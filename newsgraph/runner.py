"""runner: maps `pipeline.iter_process` over a stream of records, in one process or several.

One worker: the spaCy pipeline is loaded here and records stream through in batches.
Several workers: batches go to a pool of processes, each loading the pipeline once (in its
initializer); results come back in input order, identical to one worker's. At most
`IN_FLIGHT_PER_WORKER` batches per worker are queued, so memory stays flat however long the
input is (the reader is a generator).
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator

from newsgraph.errors import InputError
from newsgraph.model import Article
from newsgraph.nlp import load_pipeline
from newsgraph.pipeline import Result, iter_process, process_batch

# Two batches queued per worker keep every worker busy while the next batch is read; more
# only holds articles in memory (measured in benchmarks/: 2 vs 8 gives the same articles/s).
IN_FLIGHT_PER_WORKER = 2
# Articles per task sent to a worker: big enough that pickling costs little next to parsing
# (~1 ms vs ~100 ms per article), small enough to keep workers evenly loaded.
TASK_ARTICLES = 32


def run_extract(
    records: Iterable[Article | InputError], workers: int = 1, batch_size: int = 8
) -> Iterator[Result]:
    """Every record's result (a DocumentGraph dict or a Rejected), in input order."""
    if workers <= 1:
        yield from iter_process(records, load_pipeline(), batch_size)
        return
    yield from _parallel(records, workers, batch_size)


def _init_worker() -> None:
    load_pipeline()


def _work(args: tuple[list[Article | InputError], int]) -> list[Result]:
    batch, batch_size = args
    return process_batch(batch, load_pipeline(), batch_size)


def _chunks(records: Iterable[Article | InputError], size: int) -> Iterator[list[Article | InputError]]:
    it = iter(records)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _parallel(records: Iterable[Article | InputError], workers: int, batch_size: int) -> Iterator[Result]:
    # "spawn" gives each worker a clean interpreter (no inherited threads or locks from the
    # parent, which "fork" would copy); the pipeline loads once per worker in _init_worker.
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker) as pool:
        pending: deque = deque()
        for chunk in _chunks(records, TASK_ARTICLES):
            pending.append(pool.apply_async(_work, ((chunk, batch_size),)))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
