"""routes: the JSON API under /api/, a thin layer over store/queries.py and store/analyst.py.

Every route reads through the server's StoreGate (store/access.py), one cursor per request, and
wraps the query's dicts in the pydantic models of api/schemas.py. Entity references in
parameters are an entity id or a name in any spelling (queries.find_entity). Every string
parameter has a maximum length; SQL is the store's, values passed only as parameters.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

import duckdb
from fastapi import APIRouter, Path, Query, Request

from newsgraph.api import extract as extraction
from newsgraph.api import schemas as s
from newsgraph.store import analyst, queries
from newsgraph.store.access import StoreGate

MAX_PAGE = 500
MAX_OFFSET = 1_000_000

Text = Annotated[str | None, Query(max_length=200)]
Ref = Annotated[str | None, Query(max_length=200, description="an entity id or a name in any spelling")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
# Dates as YYYY-MM-DD strings, checked here: pydantic's lax date would also take a number as
# a Unix time (schemathesis found `to=0` read as 1970-01-01).
From = Annotated[
    str | None,
    Query(
        alias="from",
        pattern=s.DATE_PATTERN,
        description="from this date (YYYY-MM-DD)",
        json_schema_extra={"format": "date"},
    ),
]
To = Annotated[
    str | None,
    Query(
        alias="to",
        pattern=s.DATE_PATTERN,
        description="up to this date (YYYY-MM-DD)",
        json_schema_extra={"format": "date"},
    ),
]
EntityPath = Annotated[str, Path(max_length=200, description="an entity id or a name in any spelling")]
DocPath = Annotated[str, Path(max_length=500)]

router = APIRouter(prefix="/api", tags=["api"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": s.Problem, "description": "nothing matches"}}
JUDGED: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    403: {"model": s.Problem, "description": "a request from another site's page"},
    409: {"model": s.Problem, "description": "the judgement cannot be made (already one entity, ...)"},
}


class ApiError(Exception):
    """A request that cannot be answered: its status and one line for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def gate_of(request: Request) -> StoreGate:
    return request.app.state.gate


def entity_id(con: duckdb.DuckDBPyConnection, ref: str | None) -> str | None:
    """The entity `ref` names; None for no reference; ApiError 404 for one that names none."""
    if ref is None or not ref.strip():
        return None
    eid = queries.find_entity(con, ref)
    if eid is None:
        raise ApiError(404, f"no entity matches {ref.strip()[:80]!r}")
    return eid


def required_entity(con: duckdb.DuckDBPyConnection, ref: str | None) -> str:
    eid = entity_id(con, ref)
    if eid is None:
        raise ApiError(404, "no such entity")
    return eid


def day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD parameter as a date (ApiError 422 for a day that does not exist)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, f"invalid parameters: {name}: no such date {value[:10]!r}") from None


def clean(text: str | None) -> str | None:
    """A query string as the store takes it: NUL and other C0 controls dropped (DuckDB's
    strings end at NUL; no name contains a control character)."""
    if text is None:
        return None
    return "".join(c for c in text if c >= " " or c in "\t\n") or None


@router.get("/search", response_model=list[s.SearchHit], summary="entities by any name or spelling")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    type: Text = None,  # noqa: A002 (the API's parameter name)
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Any:
    with gate_of(request).reader() as con:
        return queries.search(con, clean(q) or "", limit=limit, entity_type=clean(type))


@router.get("/suggest", response_model=list[s.SearchHit], summary="search-box suggestions as one types")
def suggest(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=20)] = 8,
) -> Any:
    text = clean(q)
    if not text or len(text.strip()) < 2:
        return []
    with gate_of(request).reader() as con:
        return queries.suggest(con, text, limit=limit)


@router.get("/entities/{ref}", response_model=s.Profile, responses=NOT_FOUND, summary="an entity's profile")
def profile(request: Request, ref: EntityPath, limit: Limit = 50) -> Any:
    with gate_of(request).reader() as con:
        prof = queries.profile(con, clean(ref) or "", limit=limit)
    if prof is None:
        raise ApiError(404, "no such entity")
    prof["judgements"] = _judgements(prof["judgements"])
    return prof


@router.get(
    "/entities/{ref}/neighbours",
    response_model=s.Neighbours,
    responses=NOT_FOUND,
    summary="an entity's neighbours, strongest first, a page at a time",
)
def neighbours(
    request: Request,
    ref: EntityPath,
    kind: Literal["all", "events", "co_mention"] = "all",
    type: Text = None,  # noqa: A002
    date_from: From = None,
    date_to: To = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    with gate_of(request).reader() as con:
        eid = required_entity(con, clean(ref))
        return queries.neighbours(
            con, eid, kind, clean(type), day(date_from, "from"), day(date_to, "to"), limit, offset
        )


@router.get("/entities/{ref}/judgements", response_model=list[s.Judgement], responses=NOT_FOUND)
def judgements(request: Request, ref: EntityPath) -> Any:
    with gate_of(request).reader() as con:
        return _judgements(queries.judgements_of(con, required_entity(con, clean(ref))))


def _written(request: Request, action: Any, ref: str) -> s.JudgementResult:
    """Run an analyst action in a write transaction; the entity the judged one is now in."""
    gate = gate_of(request)
    with gate.writer() as con:
        written = action(con)
        after = queries.find_entity(con, ref)
    out = written.to_dict()
    return s.JudgementResult(entity_id=after, **out)


@router.post("/entities/{ref}/merge", response_model=s.JudgementResult, responses=JUDGED)
def merge(request: Request, ref: EntityPath, body: s.MergeRequest) -> Any:
    """An analyst's judgement: this entity and `other` are one (stored with who and when)."""
    a, b = clean(ref) or "", clean(body.other) or ""
    return _written(
        request,
        lambda con: analyst.merge(con, a, b, author=clean(body.author), note=clean(body.note)),
        a,
    )


@router.post("/entities/{ref}/split", response_model=s.JudgementResult, responses=JUDGED)
def split(request: Request, ref: EntityPath, body: s.SplitRequest) -> Any:
    """An analyst's judgement: `name` is not this entity."""
    a = clean(ref) or ""
    return _written(
        request,
        lambda con: analyst.split(
            con, a, clean(body.name) or "", author=clean(body.author), note=clean(body.note)
        ),
        a,
    )


@router.post("/entities/{ref}/suppress", response_model=s.JudgementResult, responses=JUDGED)
def suppress(request: Request, ref: EntityPath, body: s.JudgementRequest) -> Any:
    """An analyst's judgement: this entity is junk (hidden; reversible with retract)."""
    a = clean(ref) or ""
    return _written(
        request, lambda con: analyst.suppress(con, a, author=clean(body.author), note=clean(body.note)), a
    )


@router.post("/judgements/{judgement_id}/retract", response_model=s.JudgementResult, responses=JUDGED)
def retract(
    request: Request, judgement_id: Annotated[str, Path(max_length=100)], body: s.JudgementRequest
) -> Any:
    """Undo an analyst's judgement (kept, marked retracted with who and when)."""
    gate = gate_of(request)
    with gate.writer() as con:
        written = analyst.retract(con, clean(judgement_id) or "", author=clean(body.author))
    return s.JudgementResult(entity_id=None, **written.to_dict())


@router.get("/documents", response_model=list[s.DocumentSummary], responses=NOT_FOUND)
def documents(
    request: Request, outlet: Text = None, entity: Ref = None, limit: Limit = 50, offset: Offset = 0
) -> Any:
    with gate_of(request).reader() as con:
        return queries.documents(con, clean(outlet), entity_id(con, clean(entity)), limit, offset)


@router.get("/documents/{doc_id:path}", response_model=s.Document, responses=NOT_FOUND)
def document(request: Request, doc_id: DocPath) -> Any:
    """One document: its original text and every fact in it, with offsets into that text."""
    with gate_of(request).reader() as con:
        doc = queries.document(con, clean(doc_id) or "")
    if doc is None:
        raise ApiError(404, "no such document")
    doc["removed"] = _json(doc.get("removed")) or []
    return doc


def _json(value: Any) -> Any:
    """A JSON column the store returns as text, parsed (None when it is not JSON)."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return None


def _judgements(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        r["reasons"] = _json(r.get("reasons"))
    return rows


@router.get("/events", response_model=list[s.Event], responses=NOT_FOUND, summary="events, with filters")
def events(
    request: Request,
    type: Text = None,  # noqa: A002
    actor: Ref = None,
    target: Ref = None,
    place: Ref = None,
    date_from: From = None,
    date_to: To = None,
    claimed: bool | None = None,
    negated: Annotated[bool, Query(description="also denied / negated events")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    with gate_of(request).reader() as con:
        return queries.events(
            con,
            clean(type),
            entity_id(con, clean(actor)),
            entity_id(con, clean(target)),
            entity_id(con, clean(place)),
            day(date_from, "from"),
            day(date_to, "to"),
            claimed,
            negated,
            None,
            limit,
            offset,
        )


@router.get("/quotes", response_model=list[s.Quote], responses=NOT_FOUND, summary="quotes, with filters")
def quote_list(
    request: Request,
    speaker: Ref = None,
    about: Ref = None,
    unnamed: Annotated[bool, Query(description="unnamed sources only")] = False,
    outlet: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    with gate_of(request).reader() as con:
        return queries.quotes(
            con,
            entity_id(con, clean(speaker)),
            unnamed,
            entity_id(con, clean(about)),
            None,
            clean(outlet),
            limit,
            offset,
        )


@router.get("/network", response_model=s.Network, summary="co-mention and event edges between entities")
def network(
    request: Request,
    type: Text = None,  # noqa: A002
    date_from: From = None,
    date_to: To = None,
    min_weight: Annotated[int, Query(ge=1, le=100_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=2000)] = 300,
) -> Any:
    with gate_of(request).reader() as con:
        return queries.network(
            con, clean(type), day(date_from, "from"), day(date_to, "to"), min_weight, limit
        )


@router.get("/sources", response_model=list[s.SourceShare], responses=NOT_FOUND)
def sources(
    request: Request,
    outlet: Text = None,
    entity: Ref = None,
    by: Literal["outlet", "document"] = "outlet",
    limit: Limit = 50,
    offset: Offset = 0,
) -> Any:
    """The share of each outlet's (or story's) quotes that rest on unnamed sources."""
    with gate_of(request).reader() as con:
        return queries.sources(con, clean(outlet), entity_id(con, clean(entity)), by, limit, offset)


@router.get("/stats", response_model=s.Stats)
def stats(request: Request) -> Any:
    with gate_of(request).reader() as con:
        return queries.stats(con)


@router.post(
    "/extract",
    response_model=s.ExtractResult,
    responses={403: JUDGED[403]},
    summary="extract an article (and store it)",
)
def extract(request: Request, body: s.ExtractRequest) -> Any:
    article = extraction.to_article(
        body.text,
        clean(body.title),
        day(body.published, "published"),
        clean(body.source),
        clean(body.url),
        clean(body.id),
    )
    done = extraction.extract(article)
    stored = None
    if body.store and done.article is not None and done.graph is not None:
        stored = extraction.store(gate_of(request), done.article)
    return s.ExtractResult(graph=done.graph, rejected=done.rejected, stored_doc_id=stored)
