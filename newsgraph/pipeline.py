"""pipeline: the only module that knows the order of the stages.

Per article, in this order:
    1. ingest    records -> Article (bad records -> InputError, written aside)        ingest.py
    2. clean     Article -> CleanText (story text + map to the original offsets)      clean.py
    3. nlp       CleanText.text -> spaCy Doc (one `nlp.pipe` over the batch)          nlp/
    4. entities  Doc -> Entity (mentions, aliases)                                    entities/
    5. agents    ... + agent entities ("police", "Chadian soldiers"), countries       agents.py
    6. coref     ... + references ("he", "the group") -> EntityIndex (token -> entity) coref.py
    7. roles     ... the titles each person holds (story and bylines)                 roles.py
    8. time      Doc -> TimeExpr (intervals anchored on `published`)                  temporal.py
    9. events    Doc, entities, times -> PLOVER Event                                 events/
   10. quotes    Doc, entities -> Quote                                               quotes.py
   11. output    DocumentGraph -> the JSON of ../shared/eval/FORMAT.md                export/document.py

Stages 4-10 are `STAGES`, run on one article's `Reading` in order (benchmarks/ times the same
list). The EntityIndex is built once, by the coref stage's step, after the last stage that adds
mentions: every later stage reads names, agents and references through it.

`process_batch` is the per-article function that the CLI, the multiprocess runner and the
Spark job all call; it never raises for a bad record: it returns a Rejected instead. Data files
are loaded (and checked) once, before the first record (`load_data`): a broken data file stops
the run with its file and line; it is never a per-record failure.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph import agents as agents_stage
from newsgraph import clean as clean_stage
from newsgraph import coref as coref_stage
from newsgraph import entities as entities_stage
from newsgraph import events as events_stage
from newsgraph import quotes as quotes_stage
from newsgraph import roles as roles_stage
from newsgraph import temporal as time_stage
from newsgraph.errors import InputError, LexiconError, NewsgraphError
from newsgraph.export.document import DocumentDict, document_dict
from newsgraph.lexicons import load_all
from newsgraph.model import Article, CleanText, DocumentGraph, Entity, EntityIndex, Event, Quote, TimeExpr
from newsgraph.nlp import remember_text
from newsgraph.sectors import agent_dictionary
from newsgraph.settings import Settings, default_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that could not be processed, with the reason; written to the rejects file."""

    record_id: str
    reason: str
    raw: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"record": self.record_id, "reason": self.reason, "raw": self.raw}


Result = DocumentDict | Rejected


_STAGE_MODULES = (
    clean_stage,
    entities_stage,
    agents_stage,
    coref_stage,
    roles_stage,
    time_stage,
    events_stage,
    quotes_stage,
)


@functools.cache
def load_data(agents_file: str = "") -> None:
    """Load and check every data file, and each stage's own reading of its files, once per
    process (LexiconError names the file and line); a user's agent dictionary too."""
    load_all()
    for stage in _STAGE_MODULES:
        stage.load_data()
    agent_dictionary(agents_file)


# -- the per-article stages ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """What the stages have read out of one article so far; each stage returns a new one."""

    article: Article
    clean: CleanText
    doc: Doc
    settings: Settings = default_settings()  # noqa: RUF009 (frozen: safe to share)
    entities: tuple[Entity, ...] = ()
    index: EntityIndex = EntityIndex({})  # noqa: RUF009 (frozen and empty: safe to share)
    times: tuple[TimeExpr, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()

    def graph(self) -> DocumentGraph:
        return DocumentGraph(self.article, self.clean, self.entities, self.events, self.quotes, self.times)


def _entities(r: Reading) -> Reading:
    return replace(r, entities=entities_stage.find_entities(r.doc, r.clean, r.article))


def _agents(r: Reading) -> Reading:
    dictionary = agent_dictionary(r.settings.agents_file)
    return replace(r, entities=agents_stage.find_agents(r.doc, r.entities, r.clean, dictionary))


def _coref(r: Reading) -> Reading:
    # the last stage that adds mentions: the token -> entity index is built here, once
    entities = coref_stage.find_references(r.doc, r.entities, agent_dictionary(r.settings.agents_file))
    return replace(r, entities=entities, index=entities_stage.index_tokens(r.doc, entities))


def _roles(r: Reading) -> Reading:
    return replace(r, entities=roles_stage.find_roles(r.doc, r.entities, r.index, r.clean))


def _time(r: Reading) -> Reading:
    return replace(r, times=time_stage.find_times(r.doc, r.article.published))


def _events(r: Reading) -> Reading:
    return replace(
        r, events=events_stage.find_events(r.doc, r.entities, r.index, r.times, r.article.published)
    )


def _quotes(r: Reading) -> Reading:
    return replace(r, quotes=quotes_stage.find_quotes(r.doc, r.entities, r.index))


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    run: Callable[[Reading], Reading]


# Stages 4-10 of the docstring, in order.
STAGES: tuple[Stage, ...] = (
    Stage("entities", _entities),
    Stage("agents", _agents),
    Stage("coref", _coref),
    Stage("roles", _roles),
    Stage("time", _time),
    Stage("events", _events),
    Stage("quotes", _quotes),
)


def read_article(
    article: Article, cleaned: CleanText, doc: Doc, settings: Settings | None = None
) -> DocumentGraph:
    """Stages 4-10 on one parsed article."""
    reading = Reading(article, cleaned, doc, settings or default_settings())
    for stage in STAGES:
        reading = stage.run(reading)
    return reading.graph()


def parse(nlp: Language, texts: list[str]) -> Iterator[Doc]:
    """Stage 3 over a batch of clean texts (one `nlp.pipe`)."""
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):
        yield remember_text(doc, text)


def extract_graph(article: Article, nlp: Language) -> DocumentGraph:
    """Run every stage on one article (convenience for tests and the API); raises on bad input."""
    load_data()
    cleaned = clean_stage.clean(article)
    return read_article(article, cleaned, next(parse(nlp, [cleaned.text])))


def process_batch(
    records: Iterable[Article | InputError], nlp: Language, settings: Settings | None = None
) -> list[Result]:
    """Process a batch of ingested records; output order = input order, one Result each."""
    return list(iter_process(records, nlp, settings))


def iter_process(
    records: Iterable[Article | InputError], nlp: Language, settings: Settings | None = None
) -> Iterator[Result]:
    """Stream records through the stages in batches of at most `settings.batch_size` articles
    and `settings.batch_chars` characters, so that memory stays bounded however long the input."""
    settings = settings or default_settings()
    extractor = Extractor(nlp, settings)
    try:
        for batch in batches(records, settings):
            yield from extractor.process(batch)
    finally:
        extractor.close()


class Extractor:
    """Runs the stages on batch after batch inside spaCy memory zones of
    `settings.zone_articles` articles.

    spaCy's memory zone frees the strings, lexemes and tokenizer cache entries added while it
    is open; without zones the vocabulary grows with every new word of an archive (peak RSS
    +24 % from 1k to 5k Reuters articles). A word first met in a zone is looked up again in
    the next one (a lexeme costs ~15 µs), so a zone spans many batches; a worker process keeps
    one Extractor across its tasks for the same reason. Inside a zone spaCy's tokenizer caches
    nothing (0.35 s per 300 Reuters articles against 0.03-0.09 s with its cache), so between
    zones the words that occurred in two or more articles of the zone just closed are tokenized
    outside any zone: they stay in the vocabulary and the tokenizer's cache for good, at most
    `settings.permanent_words` of them. Results are plain dicts, built inside the zone, valid
    after it."""

    def __init__(self, nlp: Language, settings: Settings | None = None) -> None:
        self.nlp = nlp
        self.settings = settings or default_settings()
        load_data(self.settings.agents_file)
        self._zone: ExitStack | None = None
        self._in_zone = 0
        self._zone_words: Counter[str] = Counter()  # articles of this zone each word occurs in
        self._permanent: set[str] = set()

    def process(self, batch: list[Article | InputError]) -> list[Result]:
        """One batch (see `batches`), output order = input order."""
        self._open_zone()
        if self._zone is not None and len(self._permanent) < self.settings.permanent_words:
            # counted only in a zone of our own: its close empties the count (a caller's zone
            # would leave it growing)
            for record in batch:
                if isinstance(record, Article):
                    self._zone_words.update(set(record.text.split()))
        try:
            return _run(batch, self.nlp, self.settings)
        finally:
            self._in_zone += len(batch)
            if self._in_zone >= self.settings.zone_articles:
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
        room = self.settings.permanent_words - len(self._permanent)
        frequent = [w for w, n in self._zone_words.items() if n >= 2 and w not in self._permanent]
        self._zone_words = Counter()
        if room > 0 and frequent:
            frequent = frequent[:room]
            self.nlp.tokenizer(" ".join(frequent))  # outside a zone: cached, lexemes kept
            self._permanent.update(frequent)


def batches(
    records: Iterable[Article | InputError], settings: Settings | None = None
) -> Iterator[list[Article | InputError]]:
    """Consecutive records, at most `settings.batch_size` of them and `settings.batch_chars`
    characters of text (an article longer than that goes alone)."""
    settings = settings or default_settings()
    pending: list[Article | InputError] = []
    chars = 0
    for record in records:
        size = len(record.text) if isinstance(record, Article) else 0
        if pending and (len(pending) >= settings.batch_size or chars + size > settings.batch_chars):
            yield pending
            pending, chars = [], 0
        pending.append(record)
        chars += size
    if pending:
        yield pending


def _run(batch: list[Article | InputError], nlp: Language, settings: Settings) -> list[Result]:
    cleaned: list[tuple[int, Article, CleanText]] = []
    results: list[Result | None] = [None] * len(batch)
    for i, record in enumerate(batch):
        if isinstance(record, InputError):
            results[i] = Rejected(record.record_id, record.reason, record.raw)
            continue
        try:
            cleaned.append((i, record, clean_stage.clean(record)))
        except NewsgraphError as exc:
            if isinstance(exc, LexiconError):
                raise
            results[i] = Rejected(record.id, f"clean: {exc}", record.text)
    docs = parse(nlp, [c.text for _, _, c in cleaned])
    for (i, article, ctext), doc in zip(cleaned, docs, strict=True):
        results[i] = _safe_stages(article, ctext, doc, settings)
    assert all(result is not None for result in results)
    return results  # type: ignore[return-value]


def _safe_stages(article: Article, cleaned: CleanText, doc: Doc, settings: Settings) -> Result:
    # The one place a stage failure is caught: the record is rejected with the reason, the run
    # goes on. A bug in a stage must not lose the rest of an archive. A broken data file is not a
    # record's failure: load_data has loaded them all, and LexiconError stops the run.
    try:
        return document_dict(read_article(article, cleaned, doc, settings))
    except LexiconError:
        raise
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        log.debug("record %s failed", article.id, exc_info=True)
        place = f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}"
        reason = f"internal error {type(exc).__name__}: {exc} (at {place})"
        return Rejected(article.id, reason, None)
