"""extract: the API's and the paste page's extraction of one article, and storing it.

The spaCy pipeline is loaded once, on first use (or by `warm_up` in a background thread when
the server starts: ~5 s), and one article is extracted at a time: spaCy's memory zones
(pipeline.Extractor) are per process, not per thread. Storing goes through the store's own
ingest (store/ingest.py: content hash, one transaction, resolution of what it touched), so a
pasted article is stored exactly as `newsgraph ingest` would store it.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from newsgraph.errors import InputError
from newsgraph.ingest import read_jsonl_lines
from newsgraph.model import Article
from newsgraph.nlp import load_pipeline
from newsgraph.pipeline import Rejected, process_batch
from newsgraph.store.access import StoreGate
from newsgraph.store.ingest import ingest_records

_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Extraction:
    graph: dict[str, Any] | None
    rejected: str | None
    article: Article | None


def paste_id(text: str) -> str:
    return "paste-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def warm_up() -> None:
    """Load the pipeline now, so that the first paste does not wait for it."""
    with _LOCK:
        load_pipeline()


def to_article(
    text: str,
    title: str | None = None,
    published: date | None = None,
    source: str | None = None,
    url: str | None = None,
    doc_id: str | None = None,
) -> Article | InputError:
    """The same checks as every other input (ingest.py): one record, checked and typed."""
    record = {
        "id": doc_id or paste_id(text),
        "text": text,
        "title": title,
        "published": published.isoformat() if published else None,
        "source": source,
        "url": url,
    }
    line = json.dumps(record, ensure_ascii=False)
    return next(read_jsonl_lines([line], "pasted", allow_undated=True))


def extract(article: Article | InputError) -> Extraction:
    if isinstance(article, InputError):
        return Extraction(None, article.reason, None)
    with _LOCK:
        (result,) = process_batch([article], load_pipeline())
    if isinstance(result, Rejected):
        return Extraction(None, result.reason, article)
    return Extraction(result, None, article)


def store(gate: StoreGate, article: Article) -> str:
    """Store the article (a no-op when its content is stored already); its document id."""
    with _LOCK, gate.released():
        ingest_records([article], gate.path, wait=gate.wait, inputs="web paste")
    return article.id
