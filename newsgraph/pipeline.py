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

Per-record failures are caught here and nowhere else (`_attempt`): whatever clean, the parse,
a stage or the output raises for one article (and `TimeLimitExceeded` when it takes longer than
`Settings.time_limit`) makes that article a Rejected with the stage, the reason, the last frame
of the traceback and the record itself, and the batch goes on. Two limits protect the stages
from texts no one writes: ingest caps the article's size, and `parse` caps the length of a
sentence (`Settings.max_sentence_tokens`), which bounds the depth of every parse tree the stages
walk (spaCy's `Token.subtree` recurses in C once per level: a 40,000-token chain overflows the
stack and kills the process, where no `except` can catch it).
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from newsgraph import agents as agents_stage
from newsgraph import clean as clean_stage
from newsgraph import coref as coref_stage
from newsgraph import entities as entities_stage
from newsgraph import events as events_stage
from newsgraph import quotes as quotes_stage
from newsgraph import roles as roles_stage
from newsgraph import temporal as time_stage
from newsgraph.errors import InputError, LexiconError, TimeLimitExceeded
from newsgraph.export.document import DocumentDict, document_dict
from newsgraph.lexicons import load_all
from newsgraph.limits import shown, time_limit
from newsgraph.model import Article, CleanText, DocumentGraph, Entity, EntityIndex, Event, Quote, TimeExpr
from newsgraph.nlp import remember_text
from newsgraph.sectors import agent_dictionary
from newsgraph.settings import Settings, default_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that could not be processed, with the reason; written to the rejects file.

    `raw` is the record itself, so that nothing is lost: the input line for a bad line, the
    article as a JSON Lines record (ready to be read again) for an article a stage failed on;
    None only for a whole file that could not be read (its path is the record id). `stage` and
    `where` (the last frame of the traceback, and the last newsgraph frame when it is elsewhere)
    say what failed, for a failure after ingest."""

    record_id: str
    reason: str
    raw: str | None = None
    stage: str | None = None
    where: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {"record": self.record_id, "reason": self.reason}
        if self.stage is not None:
            out.update(stage=self.stage, where=self.where)
        out["raw"] = self.raw
        return out


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
    background_events: tuple[Event, ...] = ()

    def graph(self) -> DocumentGraph:
        return DocumentGraph(
            self.article,
            self.clean,
            self.entities,
            self.events,
            self.quotes,
            self.times,
            background_events=self.background_events,
        )


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
    found = events_stage.find_events(r.doc, r.entities, r.index, r.times, r.article.published)
    return replace(r, events=found.reported, background_events=found.background)


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


def parse(nlp: Language, texts: list[str], max_sentence_tokens: int | None = None) -> Iterator[Doc]:
    """Stage 3 over a batch of clean texts (one `nlp.pipe`), no sentence longer than
    `max_sentence_tokens` (default: the setting).

    Two steps keep long sentences from the parser and the stages. Before the parse, a run of
    more tokens than the limit with no sentence-final mark (. ! ? …) is cut (`_precut`): the
    parser's time grows faster than linearly with the length of a sentence (10,000 opening
    brackets in a row took over 60 s) and no news sentence is that long (the longest such run
    in 12,225 Reuters and BBC articles, a table, has 1,311 tokens and is cut where the parser
    cuts it anyway). After the parse, a sentence still longer than the limit (the parser may
    join lines that have no mark: "Breaking" on 50,000 lines) is cut by a second parse
    (`_parse_with_cuts`)."""
    limit = max_sentence_tokens or default_settings().max_sentence_tokens
    docs = [_precut(_paragraph_starts(nlp.make_doc(text)), limit) for text in texts]
    for text, doc in zip(texts, nlp.pipe(docs), strict=True):
        if _longest_sentence(doc) > limit:
            doc = _parse_with_cuts(nlp, text, doc, limit)
        yield remember_text(doc, text)


# Tokens that end a sentence for `_precut` (the parser decides where sentences end; these only
# say where one surely may).
_SENTENCE_ENDS = (".", "!", "?", "…", "...", "?!", "!!", "??")


def _paragraph_starts(doc: Doc) -> Doc:
    """A paragraph of the clean text starts a sentence: clean joins the story's lines with a
    blank line, and a headline or a date line without a full stop ("Clashes in Tripoli", "March
    01, 2008") must not be parsed as the first words of the paragraph after it (the parser did
    join them, and an event of the body took the headline's trigger and lost its date)."""
    spaces = np.flatnonzero(doc.to_array(IS_SPACE)).tolist()
    for i in spaces:
        if i + 1 < len(doc) and "\n" in doc[i].text and not doc[i + 1].is_space:
            doc[i + 1].is_sent_start = True
    return doc


def _precut(doc: Doc, limit: int) -> Doc:
    """Force a sentence start into every run of more than `limit` tokens that has no
    sentence-final mark (~20 µs an article: numpy over the token ids; most have no such run)."""
    if len(doc) <= limit:
        return doc
    ends = np.isin(doc.to_array(ORTH), [get_string_id(m) for m in _SENTENCE_ENDS])
    marks = [-1, *np.flatnonzero(ends).tolist(), len(doc)]
    for before, after in itertools.pairwise(marks):
        cut = before + 1
        while after - cut > limit:
            cut = _cut_before(doc, cut, cut + limit)
            doc[cut].is_sent_start = True
    return doc


def _sentence_starts(doc: Doc) -> list[int]:
    flags = doc.to_array(SENT_START)
    return [0, *(i for i in np.flatnonzero(flags == 1).tolist() if i)] if len(doc) else []


def _longest_sentence(doc: Doc) -> int:
    """Tokens in the longest sentence of a parsed Doc, from its sentence-start array (~10 µs)."""
    starts = _sentence_starts(doc)
    return max(np.diff([*starts, len(doc)]).tolist(), default=0)


def _parse_with_cuts(nlp: Language, text: str, parsed: Doc, limit: int) -> Doc:
    """Parse `text` again with sentence starts forced so that no sentence exceeds `limit` tokens:
    every start of the first parse is kept, and a sentence longer than `limit` is cut at its last
    punctuation or line break before the limit, else at the limit. spaCy's parser keeps preset
    sentence starts, so no sentence of the new parse crosses one. Only a text whose first parse
    has such a sentence pays for the second (none of 5,225 news articles does)."""
    doc = nlp.make_doc(text)
    starts = _sentence_starts(parsed)
    for start, end in zip(starts, [*starts[1:], len(doc)], strict=True):
        doc[start].is_sent_start = True
        cut = start
        while end - cut > limit:
            cut = _cut_before(doc, cut, cut + limit)
            doc[cut].is_sent_start = True
    out = nlp(doc)
    if _longest_sentence(out) > limit:  # the parser broke its promise: never walk such a tree
        raise ValueError(f"a sentence of {_longest_sentence(out)} tokens remains after cutting at {limit}")
    return out


def _cut_before(doc: Doc, start: int, limit: int) -> int:
    """Where to start the next sentence after `start`: just after the last punctuation mark or
    line break in the second half of [start, limit], else at `limit`."""
    for i in range(limit, start + (limit - start) // 2, -1):
        before = doc[i - 1]
        if before.is_punct or "\n" in before.text_with_ws:
            return i
    return limit


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


# -- the per-record catch ---------------------------------------------------------------------

T = TypeVar("T")


class _Clock:
    """One article's share of `Settings.time_limit`: clean, its batch's parse and the stages
    are each run with what is left of it."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.spent = 0.0

    def left(self) -> float:
        """Seconds left (0 means no limit, so a spent budget raises instead)."""
        if not self.limit:
            return 0.0
        if self.spent >= self.limit:
            raise TimeLimitExceeded(self.limit)
        return self.limit - self.spent

    def run(self, work: Callable[[], T]) -> T:
        start = time.monotonic()
        try:
            with time_limit(self.left()):
                return work()
        finally:
            self.spent += time.monotonic() - start


def _run(batch: list[Article | InputError], nlp: Language, settings: Settings) -> list[Result]:
    """Clean, parse and read every record of a batch; each failure rejects its record alone."""
    results: list[Result | None] = [None] * len(batch)
    cleaned: list[tuple[int, Article, CleanText, _Clock]] = []
    for i, record in enumerate(batch):
        if isinstance(record, InputError):
            results[i] = Rejected(record.record_id, record.reason, record.raw)
            continue
        clock = _Clock(settings.time_limit)
        outcome = _attempt(record, settings, clock, "clean", functools.partial(_clean, record))
        if isinstance(outcome, Rejected):
            results[i] = outcome
        else:
            cleaned.append((i, record, outcome, clock))
    for (i, article, ctext, clock), doc in zip(cleaned, _parse_each(nlp, cleaned, settings), strict=True):
        if isinstance(doc, Rejected):
            results[i] = doc
        else:
            read = functools.partial(_read, article, ctext, doc, settings)
            results[i] = _attempt(article, settings, clock, STAGES[0].name, read)
    assert all(result is not None for result in results)
    return results  # type: ignore[return-value]


@dataclass(slots=True)
class _Step:
    """The step an article is in, for the reason of its reject."""

    name: str


def _clean(article: Article, step: _Step) -> CleanText:
    return clean_stage.clean(article)


def _read(article: Article, cleaned: CleanText, doc: Doc, settings: Settings, step: _Step) -> DocumentDict:
    """The stages and the output of one article."""
    reading = Reading(article, cleaned, doc, settings)
    for stage in STAGES:
        step.name = stage.name
        reading = stage.run(reading)
    step.name = "output"
    return document_dict(reading.graph())


def _parse_each(
    nlp: Language, items: list[tuple[int, Article, CleanText, _Clock]], settings: Settings
) -> list[Doc | Rejected]:
    """The batch's parse, or, when it fails, each article's alone (the failing one rejected).
    The batch's parse time counts against every article of the batch (a batch of short
    articles parses in well under a second; a long one is alone in its batch)."""
    if not items:
        return []
    texts = [c.text for _, _, c, _ in items]
    start = time.monotonic()
    try:
        with time_limit(min((clock.left() for *_, clock in items), key=lambda s: s or float("inf"))):
            docs: list[Doc | Rejected] = list(parse(nlp, texts, settings.max_sentence_tokens))
    except LexiconError:
        raise
    except (Exception, TimeLimitExceeded) as exc:
        if len(items) == 1:
            _, article, _, clock = items[0]
            clock.spent += time.monotonic() - start
            return [_rejected(article, "parse", exc, settings)]
        return [doc for item in items for doc in _parse_each(nlp, [item], settings)]
    for *_, clock in items:
        clock.spent += time.monotonic() - start
    return docs


def _attempt(
    article: Article, settings: Settings, clock: _Clock, first_step: str, work: Callable[[_Step], T]
) -> T | Rejected:
    # The one place a record's failure is caught: the record is rejected with the reason, the run
    # goes on; a bug in a stage must not lose the rest of an archive. A broken data file is not a
    # record's failure: load_data has loaded them all, and LexiconError stops the run.
    step = _Step(first_step)
    try:
        return clock.run(functools.partial(work, step))
    except LexiconError:
        raise
    except (Exception, TimeLimitExceeded) as exc:
        return _rejected(article, step.name, exc, settings)


def _rejected(article: Article, stage: str, exc: BaseException, settings: Settings) -> Rejected:
    where = _where(exc)
    if isinstance(exc, TimeLimitExceeded):
        reason = f"took longer than {settings.time_limit:g} s (in {stage})"
    else:
        reason = f"{stage}: internal error {type(exc).__name__}: {shown(str(exc), 200)} (at {where})"
    log.debug("record %s failed in %s", article.id, stage, exc_info=exc)
    return Rejected(article.id, reason, raw_record(article), stage=stage, where=where)


def _where(exc: BaseException) -> str:
    """The last frame of the traceback, and the last newsgraph frame when that is elsewhere
    (a library's): "strings.pyx:63 in hash_string, from quotes.py:265 in _noun_phrase"."""
    frames = traceback.extract_tb(exc.__traceback__)
    while frames and Path(frames[-1].filename).name == "limits.py":
        frames.pop()  # the time limit's signal handler: where it interrupted is the frame before
    if not frames:
        return "?"

    def name(frame: traceback.FrameSummary) -> str:
        return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"

    last = frames[-1]
    ours = [f for f in frames if "newsgraph" in Path(f.filename).parts]
    if ours and ours[-1] is not last:
        return f"{name(last)}, from {name(ours[-1])}"
    return name(last)


def raw_record(article: Article) -> str:
    """The article as a JSON Lines record that `newsgraph extract` reads again."""
    record = {
        "id": article.id,
        "text": article.text,
        "published": article.published.isoformat() if article.published else None,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "language": article.language,
        "authors": list(article.authors),
    }
    return json.dumps({k: v for k, v in record.items() if v not in (None, [])}, ensure_ascii=False)
