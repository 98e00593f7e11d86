"""pipeline: the only module that knows the order of the stages.

Per article, in this order:
    1. ingest    records -> Article (bad records -> InputError, written aside)
    2. clean     Article -> CleanText (story text + map to the original offsets)
    3. nlp       CleanText.text -> spaCy Doc (one `nlp.pipe` over the batch)
    4. entities  Doc -> Entity (mentions, aliases) ...
    5. roles     ... with the titles each person holds
    6. time      Doc -> TimeExpr (intervals anchored on `published`)
    7. events    Doc, entities, times -> PLOVER Event
    8. quotes    Doc, entities -> Quote
    9. output    DocumentGraph -> the JSON of ../shared/eval/FORMAT.md (original offsets)

`process_batch` is the per-article function that the CLI, the multiprocess runner and the
Spark job all call; it never raises for a bad record: it returns a Rejected instead.
"""

from __future__ import annotations

import logging
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from newsgraph import clean as clean_stage
from newsgraph import entities as entities_stage
from newsgraph import events as events_stage
from newsgraph import quotes as quotes_stage
from newsgraph import roles as roles_stage
from newsgraph import temporal as time_stage
from newsgraph.errors import InputError, NewsgraphError
from newsgraph.model import Article, CleanText, DocumentGraph, Evidence, Interval, TimeExpr
from newsgraph.nlp import remember_text

log = logging.getLogger(__name__)


# Characters per spaCy batch. The parser and the entity recognizer hold per-token arrays for
# the whole batch (~6 kB a token), so the peak memory of a run follows its largest batch:
# by count alone, 10k Reuters articles (longest 12k chars) peaked 90 MB above 1k articles
# (longest 5k). 12k characters is ~11 average articles, so typical batches keep their 8.
BATCH_CHARS = 12_000
# Articles per spaCy memory zone (see Extractor). Zones of one 8-article batch created the
# lexemes of 400 Reuters articles 2.7 times over (24k against 9k distinct words); 256
# articles add ~8k lexemes (a few MB) before the zone frees them.
ZONE_ARTICLES = 256
# Inside a memory zone spaCy's tokenizer caches nothing, so every word is split afresh (0.35 s
# per 300 Reuters articles against 0.03-0.09 s with its cache). Between zones, the Extractor
# tokenizes, outside any zone, the words that occurred in two or more articles of the zone
# just closed: they stay in the vocabulary and the tokenizer's cache for good. At most
# PERMANENT_WORDS of them, so memory stays flat: Reuters gives 3.6k such words in the first
# zone, 6.6k after 1k articles, 20k after 10k; 20k cost ~8 MB of RSS at 10k articles
# (measured), and the first 10k are the frequent words that matter to the cache.
PERMANENT_WORDS = 10_000


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that could not be processed, with the reason; written to the rejects file."""

    record_id: str
    reason: str
    raw: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"record": self.record_id, "reason": self.reason, "raw": self.raw}


Result = dict[str, Any] | Rejected


def extract_graph(article: Article, nlp: Language) -> DocumentGraph:
    """Run every stage on one article (convenience for tests and the API)."""
    cleaned = clean_stage.clean(article)
    doc = remember_text(nlp(cleaned.text), cleaned.text)
    return _stages(article, cleaned, doc)


def _stages(article: Article, cleaned: CleanText, doc: Any) -> DocumentGraph:
    entities = entities_stage.find_entities(doc, cleaned, article)
    entities = roles_stage.find_roles(doc, entities)
    entities = entities_stage.add_byline_roles(entities, cleaned)
    times = time_stage.find_times(doc, article.published)
    events = events_stage.find_events(doc, entities, times, article.published)
    quotes = quotes_stage.find_quotes(doc, entities)
    return DocumentGraph(article, cleaned, entities, events, quotes, times)


def process_batch(
    records: Iterable[Article | InputError], nlp: Language, batch_size: int = 8
) -> list[Result]:
    """Process a batch of ingested records; output order = input order, one Result each."""
    return list(iter_process(records, nlp, batch_size))


def iter_process(
    records: Iterable[Article | InputError], nlp: Language, batch_size: int = 8
) -> Iterator[Result]:
    """Stream records through the stages in batches of at most `batch_size` articles and
    BATCH_CHARS characters, so that memory stays bounded however long the input is."""
    extractor = Extractor(nlp)
    try:
        for batch in batches(records, batch_size):
            yield from extractor.process(batch)
    finally:
        extractor.close()


class Extractor:
    """Runs the stages on batch after batch inside spaCy memory zones of ZONE_ARTICLES articles.

    spaCy's memory zone frees the strings, lexemes and tokenizer cache entries added while it
    is open; without zones the vocabulary grows with every new word of an archive (peak RSS
    +24 % from 1k to 5k Reuters articles). A word first met in a zone is looked up again in
    the next one (a lexeme costs ~15 µs), so a zone spans many batches; a worker process keeps
    one Extractor across its tasks for the same reason. Results are plain dicts, built inside
    the zone, valid after it."""

    def __init__(self, nlp: Language, zone_articles: int | None = None) -> None:
        self.nlp = nlp
        self.zone_articles = zone_articles or ZONE_ARTICLES
        self._zone: ExitStack | None = None
        self._in_zone = 0
        self._zone_words: Counter[str] = Counter()  # articles of this zone each word occurs in
        self._permanent: set[str] = set()

    def process(self, batch: list[Article | InputError]) -> list[Result]:
        """One batch (see `batches`), output order = input order."""
        self._open_zone()
        if self._zone is not None and len(self._permanent) < PERMANENT_WORDS:
            # counted only in a zone of our own: its close empties the count (a caller's zone
            # would leave it growing)
            for record in batch:
                if isinstance(record, Article):
                    self._zone_words.update(set(record.text.split()))
        try:
            return _run(batch, self.nlp)
        finally:
            self._in_zone += len(batch)
            if self._in_zone >= self.zone_articles:
                self.close()

    def _open_zone(self) -> None:
        # zones must not nest: a caller that holds one (a test, a service) keeps it
        if self._zone is None and not self.nlp.vocab.in_memory_zone:
            self._zone = ExitStack()
            self._zone.enter_context(self.nlp.memory_zone())
            self._in_zone = 0

    def close(self) -> None:
        if self._zone is not None:
            self._zone.close()
            self._keep_frequent_words()
        self._zone, self._in_zone = None, 0

    def _keep_frequent_words(self) -> None:
        room = PERMANENT_WORDS - len(self._permanent)
        frequent = [w for w, n in self._zone_words.items() if n >= 2 and w not in self._permanent]
        self._zone_words = Counter()
        if room > 0 and frequent:
            frequent = frequent[:room]
            self.nlp.tokenizer(" ".join(frequent))  # outside a zone: cached, lexemes kept
            self._permanent.update(frequent)


def batches(
    records: Iterable[Article | InputError], batch_size: int = 8
) -> Iterator[list[Article | InputError]]:
    """Consecutive records, at most `batch_size` of them and BATCH_CHARS characters of text
    (an article longer than that goes alone)."""
    pending: list[Article | InputError] = []
    chars = 0
    for record in records:
        size = len(record.text) if isinstance(record, Article) else 0
        if pending and (len(pending) >= batch_size or chars + size > BATCH_CHARS):
            yield pending
            pending, chars = [], 0
        pending.append(record)
        chars += size
    if pending:
        yield pending


def _run(batch: list[Article | InputError], nlp: Language) -> list[Result]:
    cleaned: list[tuple[int, Article, CleanText]] = []
    results: list[Result | None] = [None] * len(batch)
    for i, record in enumerate(batch):
        if isinstance(record, InputError):
            results[i] = Rejected(record.record_id, record.reason, record.raw)
            continue
        try:
            cleaned.append((i, record, clean_stage.clean(record)))
        except NewsgraphError as exc:
            results[i] = Rejected(record.id, f"clean: {exc}", record.text)
    docs = nlp.pipe([c.text for _, _, c in cleaned])
    for (i, article, ctext), doc in zip(cleaned, docs, strict=True):
        results[i] = _safe_stages(article, ctext, remember_text(doc, ctext.text))
    assert all(result is not None for result in results)
    return results  # type: ignore[return-value]


def _safe_stages(article: Article, cleaned: CleanText, doc: Any) -> Result:
    # The one place a stage failure is caught: the record is rejected with the reason, the run
    # goes on. A bug in a stage must not lose the rest of an archive.
    try:
        return to_document_dict(_stages(article, cleaned, doc))
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        log.debug("record %s failed", article.id, exc_info=True)
        place = f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}"
        reason = f"internal error {type(exc).__name__}: {exc} (at {place})"
        return Rejected(article.id, reason, None)


# -- output -------------------------------------------------------------------------------


def _span(clean: CleanText, start: int, end: int) -> dict[str, Any]:
    o_start, o_end = clean.to_original(start, end)
    return {"start": o_start, "end": o_end, "text": clean.original[o_start:o_end]}


def _evidence(clean: CleanText, ev: Evidence) -> dict[str, Any]:
    if ev.in_original:
        return {"start": ev.start, "end": ev.end, "text": clean.original[ev.start : ev.end]}
    return _span(clean, ev.start, ev.end)


def _interval(value: Interval | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {"start": value.start.isoformat(), "end": value.end.isoformat()}


def _time(clean: CleanText, t: TimeExpr) -> dict[str, Any]:
    span = _span(clean, t.start, t.end)
    return {**span, "value": _interval(t.value), "granularity": t.granularity, "rule": t.rule}


def to_document_dict(graph: DocumentGraph) -> dict[str, Any]:
    """The per-article JSON of FORMAT.md; every offset maps into the ORIGINAL text."""
    a, c = graph.article, graph.clean
    authors = list(a.authors) or [b.name for b in c.bylines]
    document = {
        "id": a.id,
        "published": a.published.isoformat() if a.published else None,
        "title": a.title,
        "source": a.source,
        "url": a.url,
        "authors": authors,
        "dateline": c.dateline,
        "wire_sources": list(c.wire_sources),
        "clean_text": c.text,
        "removed": [{"start": r.start, "end": r.end, "reason": r.reason, "text": r.text} for r in c.removed],
    }
    entities = []
    for e in graph.entities:
        mentions = []
        for m in e.mentions:
            if m.in_original:
                mentions.append({"start": m.start, "end": m.end, "text": m.text, "label": m.label})
            else:
                mentions.append({**_span(c, m.start, m.end), "label": m.label})
        entities.append(
            {
                "id": e.id,
                "type": e.type,
                "name": e.name,
                "aliases": list(e.aliases),
                "alias_kinds": [list(k) for k in e.alias_kinds],
                "roles": [
                    {
                        "title": r.title,
                        "organization": r.organization,
                        "qualifier": r.qualifier,
                        "current": r.current,
                        "evidence": _evidence(c, r.evidence),
                    }
                    for r in e.roles
                ],
                "mentions": mentions,
            }
        )
    events = [
        {
            "id": v.id,
            "type": v.type,
            "mode": v.mode,
            "actors": list(v.actors),
            "targets": list(v.targets),
            "locations": list(v.locations),
            "date": _interval(v.date),
            "negated": v.negated,
            "modality": v.modality,
            "trigger": v.trigger,
            "actor_text": v.actor_text,
            "target_text": v.target_text,
            "evidence": [_evidence(c, ev) for ev in v.evidence],
        }
        for v in graph.events
    ]
    quotes = []
    for q in graph.quotes:
        span = _span(c, q.start, q.end)
        quotes.append(
            {
                "id": q.id,
                "speaker": q.speaker,
                "speaker_text": q.speaker_text,
                "speaker_kind": q.speaker_kind,
                "text": q.text,
                "direct": q.direct,
                "start": span["start"],
                "end": span["end"],
                "verb": q.verb,
                "anonymity_reason": q.anonymity_reason,
                "evidence": _evidence(c, q.evidence),
            }
        )
    return {
        "document": document,
        "entities": entities,
        "events": events,
        "quotes": quotes,
        "times": [_time(c, t) for t in graph.times],
    }
