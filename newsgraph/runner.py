"""runner: maps `pipeline.iter_process` over a stream of records, in one process or several.

One worker: the spaCy pipeline is loaded here and records stream through in batches.
Several workers: (being written) the same per-batch function in a process pool, the output
in input order and identical to one worker's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsgraph.errors import InputError
from newsgraph.model import Article
from newsgraph.nlp import load_pipeline
from newsgraph.pipeline import Result, iter_process


def run_extract(
    records: Iterable[Article | InputError], workers: int = 1, batch_size: int = 8
) -> Iterator[Result]:
    nlp = load_pipeline()
    yield from iter_process(records, nlp, batch_size)
