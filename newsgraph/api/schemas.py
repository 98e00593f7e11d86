"""schemas: the pydantic models of the HTTP API, at its boundary only.

Why two kinds of records: inside newsgraph, facts travel as frozen dataclasses (model.py) and
the store's queries return plain dicts (store/queries.py): cheap, built by the million in hot
loops, with no validation cost. At the HTTP boundary a request must be validated (every field
of untrusted input checked, with a 422 naming the field) and a response must have a published,
versioned shape (the OpenAPI spec at /openapi.json that clients and the schemathesis test read).
pydantic does both, so it is used here and nowhere else: the routes wrap the queries' dicts in
these models, and the models never travel further in.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

# The longest article the API extracts (characters). The pipeline itself takes up to
# 1,000,000 (ingest.MAX_TEXT_CHARS); a pasted article is one story, and a long text keeps a
# server thread busy for seconds (~70 ms per 1,000 characters on this machine).
MAX_PASTE_CHARS = 200_000


DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class SearchHit(_Out):
    entity_id: str
    name: str
    type: str
    n_docs: int
    matched_name: str
    match: Literal["exact", "spelling", "surname", "prefix", "fuzzy"]
    score: float


class Entity(_Out):
    entity_id: str
    name: str
    type: str
    kind: str | None = None
    sector: str | None = None
    country: str | None = None
    n_groups: int
    n_docs: int
    n_mentions: int
    first_seen: date | None = None
    last_seen: date | None = None
    suppressed: bool


class EntityName(_Out):
    name: str
    kind: str
    script: str
    n_docs: int


class Evidence(_Out):
    """Where a fact is stated: offsets into the document's original text and its sentence."""

    doc_id: str
    start: int | None = None
    end: int | None = None
    sentence: str | None = None


class Role(Evidence):
    title: str
    organization: str | None = None
    qualifier: str | None = None
    current: bool | None = None
    first_seen: date | None = None
    last_seen: date | None = None
    n_docs: int


class EntityRef(_Out):
    entity_id: str | None = None
    local_id: str
    name: str
    type: str


class Event(Evidence):
    event_id: str
    type: str
    mode: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    negated: bool
    modality: str | None = None
    trigger: str | None = None
    actor_text: str | None = None
    target_text: str | None = None
    claimed_by_text: str | None = None
    killed: int | None = None
    wounded: int | None = None
    arrested: int | None = None
    displaced: int | None = None
    missing: int | None = None
    text: str | None = None
    sent_no: int | None = None
    published: date | None = None
    title: str | None = None
    source: str | None = None
    actors: list[EntityRef] = []
    targets: list[EntityRef] = []
    locations: list[EntityRef] = []
    claimants: list[EntityRef] = []


class Quote(Evidence):
    quote_id: str
    quote: str
    kind: str | None = None
    direct: bool | None = None
    named: bool
    speaker_id: str | None = None
    speaker_name: str | None = None
    speaker_text: str | None = None
    speaker_kind: str | None = None
    anonymity_reason: str | None = None
    verb: str | None = None
    text: str | None = None
    sent_no: int | None = None
    published: date | None = None
    title: str | None = None
    source: str | None = None


class CoMention(_Out):
    entity_id: str
    name: str
    type: str
    n_docs: int
    example_doc_id: str


class Judgement(_Out):
    judgement_id: str
    left_key: str
    right_key: str
    verdict: str
    source: str
    score: float | None = None
    reasons: list[str] | None = None
    author: str | None = None
    created_at: str | None = None
    note: str | None = None
    retracted_at: str | None = None
    retracted_by: str | None = None


class Profile(_Out):
    entity: Entity
    names: list[EntityName]
    roles: list[Role]
    events_as_actor: list[Event]
    events_as_target: list[Event]
    claims: list[Event]
    quotes_by: list[Quote]
    quotes_about: list[Quote]
    co_mentioned: list[CoMention]
    judgements: list[Judgement]


class Neighbour(_Out):
    entity_id: str
    name: str
    type: str
    co_mentions: int
    acts_on: int
    acted_on_by: int


class Neighbours(_Out):
    entity_id: str
    total: int = Field(description="how many neighbours there are in all (page with offset/limit)")
    offset: int
    neighbours: list[Neighbour]


class Sentence(_Out):
    sent_no: int
    start: int
    end: int


class Mention(_Out):
    local_id: str
    start: int
    end: int
    text: str
    label: str | None = None
    sent_no: int | None = None


class DocEntity(_Out):
    local_id: str
    entity_id: str | None = None
    name: str
    type: str
    kind: str | None = None
    sector: str | None = None
    country: str | None = None
    alias_names: list[str] | None = None
    alias_kinds: list[str] | None = None


class TimeExpr(_Out):
    time_no: int
    start: int
    end: int
    text: str
    value_start: date | None = None
    value_end: date | None = None
    granularity: str | None = None


class Removed(_Out):
    start: int
    end: int
    reason: str | None = None
    text: str | None = None


class DocumentSummary(_Out):
    doc_id: str
    published: date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    n_entities: int | None = None
    n_events: int | None = None
    n_quotes: int | None = None


class Document(DocumentSummary):
    content_hash: str
    authors: list[str] | None = None
    dateline: str | None = None
    wire_sources: list[str] | None = None
    text: str | None = None
    clean_text: str | None = None
    removed: list[Removed] = []
    sentences: list[Sentence]
    entities: list[DocEntity]
    mentions: list[Mention]
    events: list[Event]
    quotes: list[Quote]
    times: list[TimeExpr]


class NetworkNode(_Out):
    id: str
    name: str
    type: str
    n_docs: int
    first_seen: date | None = None
    last_seen: date | None = None


class NetworkEdge(_Out):
    source: str
    target: str
    kind: Literal["co_mention", "event"]
    event_type: str | None = None
    weight: int


class Network(_Out):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class SourceShare(_Out):
    """Quotes resting on named and unnamed sources, per outlet or per story."""

    outlet: str | None = None
    doc_id: str | None = None
    title: str | None = None
    published: date | None = None
    n_docs: int
    n_quotes: int
    named: int
    unnamed: int
    unnamed_share: float | None = None


class Stats(_Out):
    documents: int
    entities: int
    events: int
    quotes: int
    rejects: int
    judgements: int
    analyst_judgements: int
    schema_version: int


class JudgementRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    author: str | None = Field(None, max_length=100, description="who decides (default: the server's user)")
    note: str | None = Field(None, max_length=2000, description="why")


class MergeRequest(JudgementRequest):
    other: str = Field(
        min_length=1, max_length=200, description="the entity (id or name) to merge into this one"
    )


class SplitRequest(JudgementRequest):
    name: str = Field(
        min_length=1, max_length=300, description="the name (as the entity lists it) to split off"
    )


class JudgementResult(_Out):
    entity_id: str | None = Field(description="the entity the judged one is now part of (None: suppressed)")
    judgements: list[str]
    retracted: list[str]
    entities: int
    changed_entities: int


class ExtractRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_PASTE_CHARS)
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(
        None,
        pattern=DATE_PATTERN,
        description="the publication date, YYYY-MM-DD (relative dates resolve on it)",
        json_schema_extra={"format": "date"},
    )
    source: str | None = Field(None, max_length=300, description="the outlet")
    url: str | None = Field(None, max_length=2000)
    id: str | None = Field(None, max_length=200, description="the document id (default: from the text)")
    store: StrictBool = Field(False, description="also store the article in the knowledge store")


class ExtractResult(_Out):
    graph: dict[str, Any] | None = Field(description="the DocumentGraph (../shared/eval/FORMAT.md)")
    rejected: str | None = Field(None, description="why the article was not extracted")
    stored_doc_id: str | None = None


class Problem(_Out):
    """Every error the API returns: a status and one line, never a trace or a path."""

    status: int
    error: str
