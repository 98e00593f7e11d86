"""views: the server-rendered pages, over the same store queries as the JSON API.

Jinja2 with autoescape on for every template (.html and .svg alike): every value a template
writes is escaped unless it is Markup built by web/highlight.py, which escapes each piece
itself. Pages take their parameters as strings and read them leniently (an HTML form sends
"" for an empty field); a parameter that does not parse is reported on the page, not raised.
Forms that change the store (merge, split, suppress, retract, store a pasted article) post
the server's form token (api/security.py) and are answered with a redirect (post/redirect/get).
"""

from __future__ import annotations

import json
import logging
from datetime import date
from importlib import resources
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsgraph import __version__
from newsgraph.api import extract as extraction
from newsgraph.api.schemas import MAX_PASTE_CHARS
from newsgraph.store import analyst, queries
from newsgraph.store.access import StoreGate
from newsgraph.store.analyst import JudgementError
from newsgraph.store.rows import split_sentences
from newsgraph.web import charts, lookups
from newsgraph.web.highlight import (
    DocView,
    document_href,
    entity_href,
    from_graph,
    from_store,
    render,
    target_mark,
)

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

# Events drawn on an entity's timeline and listed under it: a year of daily events for a
# busy actor; beyond that the page says how many more there are and the filters narrow it.
TIMELINE_MAX = 400
EVENTS_LISTED = 100
PAGE = 50
NEIGHBOURS_PAGE = 25
# Messages a redirect may ask a page to show: fixed text, so no request can make a page say
# anything else.
NOTES = {
    "merged": "Merged. The judgement is stored with your name and the time; retract it below to undo.",
    "split": "Split. The judgement is stored with your name and the time; retract it below to undo.",
    "suppressed": "Suppressed: hidden from search, networks and exports. Retract the judgement to undo.",
    "retracted": "Judgement retracted (kept in the history, marked with who and when).",
}
AUTHOR_COOKIE = "ng_author"


def _environment() -> jinja2.Environment:
    templates = resources.files("newsgraph.web").joinpath("templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        entity_href=entity_href,
        document_href=document_href,
        type_class=charts.type_class,
        version=__version__,
        PLOVER_TYPES=charts.PLOVER_TYPES,
    )
    env.filters["evidence"] = lambda item: document_href(
        item["doc_id"], item.get("start"), item.get("end"), item.get("sent_no")
    )
    env.filters["pct"] = lambda v: "–" if v is None else f"{100 * v:.0f} %"
    return env


ENV = _environment()


def gate_of(request: Request) -> StoreGate:
    return request.app.state.gate


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    ctx = {
        "request": request,
        "token": request.app.state.form_token.value,
        "store_name": request.app.state.store_name,
        "q": "",
        "problems": [],
        "author": request.cookies.get(AUTHOR_COOKIE) or request.app.state.default_author,
    }
    ctx.update(context)
    return HTMLResponse(ENV.get_template(template).render(ctx), status_code=status)


def error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return page(request, "error.html", status=status, title=title, message=message)


def _date(value: str | None, name: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        problems.append(f"{name}: not a date (YYYY-MM-DD)")
        return None


def _int(value: str | None, default: int, lo: int, hi: int) -> int:
    try:
        return max(lo, min(hi, int(value))) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default


def _text(value: str | None, most: int = 200) -> str:
    return "".join(c for c in (value or "")[:most] if c >= " ").strip()


def _etype(value: str | None) -> str | None:
    t = _text(value, 30).upper()
    return t or None


def _event_href(ev: dict[str, Any]) -> str:
    return document_href(ev["doc_id"], ev.get("start"), ev.get("end"), ev.get("sent_no"))


# -- pages --------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    with gate_of(request).reader() as con:
        stats = queries.stats(con)
        recent = queries.documents(con, limit=12)
        top = lookups.top_entities(con, 24)
    return page(request, "home.html", stats=stats, recent=recent, top=top)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "", type: str = "") -> Response:  # noqa: A002
    text = _text(q)
    hits: list[Any] = []
    if text:
        with gate_of(request).reader() as con:
            hits = queries.search(con, text, limit=50, entity_type=_etype(type))
    return page(request, "search.html", q=text, hits=hits)


@router.get("/entities/{ref}", response_class=HTMLResponse)
def entity(request: Request, ref: str) -> Response:
    p = request.query_params
    problems: list[str] = []
    etype, d0, d1 = (
        _etype(p.get("type")),
        _date(p.get("from"), "from", problems),
        _date(p.get("to"), "to", problems),
    )
    note = p.get("note", "")
    with gate_of(request).reader() as con:
        eid = queries.find_entity(con, _text(ref))
        if eid is None:
            return error_page(
                request, 404, "No such entity", "No entity has this id or name. Try the search box."
            )
        if eid != ref:
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(f"/entities/{quote(eid, safe='')}{query}", status_code=307)
        ent = queries.entity(con, eid)
        evs = lookups.entity_events(con, eid, etype, d0, d1, TIMELINE_MAX + 1)
        ctx = {
            "ent": ent,
            "names": queries.names(con, eid),
            "roles": queries.roles(con, eid, 50),
            "claims": queries.claims(con, eid, 20),
            "quotes_by": queries.quotes(con, speaker=eid, limit=20),
            "quotes_about": lookups.quotes_about(con, eid, 20),
            "co_mentioned": queries.co_mentioned(con, eid, 30),
            "documents": queries.documents(con, entity_id=eid, limit=20),
            "judgements": queries.judgements_of(con, eid),
            "event_types": lookups.event_types(con),
            "split_names": lookups.group_names(con, eid),
        }
    more = len(evs) > TIMELINE_MAX
    evs = evs[:TIMELINE_MAX]
    for ev in evs:
        ev["as_actor"] = any(a.get("entity_id") == eid for a in ev["actors"])
        ev["as_target"] = any(a.get("entity_id") == eid for a in ev["targets"])
    timeline = charts.event_timeline(evs, eid, _event_href)
    role_chart = charts.role_chart(
        ctx["roles"], lambda r: document_href(r["doc_id"], r.get("start"), r.get("end"))
    )
    filters = {"type": etype or "", "from": d0.isoformat() if d0 else "", "to": d1.isoformat() if d1 else ""}
    return page(
        request,
        "entity.html",
        events=evs[:EVENTS_LISTED],
        n_events=len(evs),
        more_events=more,
        timeline=timeline,
        role_chart=role_chart,
        filters=filters,
        filter_query=urlencode({k: v for k, v in filters.items() if v}),
        problems=problems,
        note=NOTES.get(note),
        neighbours_page=NEIGHBOURS_PAGE,
        **ctx,
    )


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document(request: Request, doc_id: str, hl: str = "") -> Response:
    with gate_of(request).reader() as con:
        doc = queries.document(con, doc_id[:500])
        spans = (
            {
                r[0]: (r[1], r[2])
                for r in con.execute(
                    "SELECT quote_id, start_char, end_char FROM quotes WHERE doc_id = ?", [doc["doc_id"]]
                ).fetchall()
            }
            if doc
            else {}
        )
    if doc is None:
        return error_page(request, 404, "No such document", "No stored document has this id.")
    view = from_store(doc, spans)
    target = target_mark(hl, len(view.text))
    if target:
        view.marks.append(target)
    return page(
        request,
        "document.html",
        doc=doc,
        view=view,
        body=render(view),
        url=_safe_url(doc.get("url")),
        stored=True,
    )


def _safe_url(url: str | None) -> str | None:
    """An article's URL as a link only when it is http(s); anything else (javascript:, data:)
    is shown as text by the template."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


@router.get("/events", response_class=HTMLResponse)
def events(request: Request) -> Response:
    p = request.query_params
    problems: list[str] = []
    d0, d1 = _date(p.get("from"), "from", problems), _date(p.get("to"), "to", problems)
    offset = _int(p.get("offset"), 0, 0, 1_000_000)
    claimed = {"yes": True, "no": False}.get(p.get("claimed", ""))
    negated = p.get("negated") == "1"
    refs = {k: _text(p.get(k)) for k in ("actor", "target", "place")}
    resolved: dict[str, Any] = {}
    with gate_of(request).reader() as con:
        ids = {}
        for k, v in refs.items():
            if not v:
                ids[k] = None
                continue
            eid = queries.find_entity(con, v)
            if eid is None:
                problems.append(f"{k}: no entity matches {v!r}")
            ids[k] = eid
            resolved[k] = lookups.entity_brief(con, eid) if eid else None
        blocked = any(refs[k] and ids[k] is None for k in refs)
        rows = (
            []
            if blocked
            else queries.events(
                con,
                _etype(p.get("type")),
                ids["actor"],
                ids["target"],
                ids["place"],
                d0,
                d1,
                claimed,
                negated,
                None,
                PAGE + 1,
                offset,
            )
        )
        types = lookups.event_types(con)
    filters = {
        "type": _etype(p.get("type")) or "",
        **refs,
        "from": d0.isoformat() if d0 else "",
        "to": d1.isoformat() if d1 else "",
        "claimed": p.get("claimed", "") if claimed is not None else "",
        "negated": "1" if negated else "",
    }
    base = urlencode({k: v for k, v in filters.items() if v})
    return page(
        request,
        "events.html",
        rows=rows[:PAGE],
        has_next=len(rows) > PAGE,
        offset=offset,
        page_size=PAGE,
        filters=filters,
        base=base,
        problems=problems,
        event_types=types,
        resolved=resolved,
    )


@router.get("/network", response_class=HTMLResponse)
def network(request: Request) -> Response:
    p = request.query_params
    problems: list[str] = []
    d0, d1 = _date(p.get("from"), "from", problems), _date(p.get("to"), "to", problems)
    kind = p.get("kind") if p.get("kind") in ("event", "co_mention", "all") else "event"
    filters = {
        "type": _etype(p.get("type")) or "",
        "from": d0.isoformat() if d0 else "",
        "to": d1.isoformat() if d1 else "",
        "min_weight": str(_int(p.get("min_weight"), 1, 1, 100_000)),
        "kind": kind,
    }
    with gate_of(request).reader() as con:
        types = lookups.event_types(con)
    api_query = urlencode({k: v for k, v in filters.items() if v and k != "kind"} | {"limit": 300})
    return page(
        request, "network.html", filters=filters, event_types=types, problems=problems, api_query=api_query
    )


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request) -> Response:
    p = request.query_params
    outlet = _text(p.get("outlet"), 300) or None
    ref = _text(p.get("entity")) or None
    problems: list[str] = []
    with gate_of(request).reader() as con:
        eid = queries.find_entity(con, ref) if ref else None
        if ref and eid is None:
            problems.append(f"entity: no entity matches {ref!r}")
        by_outlet = queries.sources(con, outlet, eid, "outlet", 100)
        by_story = queries.sources(con, outlet, eid, "document", 50)
        unnamed = queries.quotes(con, unnamed_only=True, outlet=outlet, limit=30) if not eid else []
        outlets = lookups.outlets(con)
        who = lookups.entity_brief(con, eid) if eid else None
    total_q = sum(r["n_quotes"] for r in by_outlet)
    total_u = sum(r["unnamed"] for r in by_outlet)
    return page(
        request,
        "sources.html",
        by_outlet=by_outlet,
        by_story=by_story,
        unnamed=unnamed,
        outlets=outlets,
        filters={"outlet": outlet or "", "entity": ref or ""},
        who=who,
        problems=problems,
        total_quotes=total_q,
        total_unnamed=total_u,
    )


@router.get("/paste", response_class=HTMLResponse)
def paste_form(request: Request) -> Response:
    return _paste_page(request, {})


_FORM_FIELDS = ("text", "title", "published", "source", "url")


def _paste_page(request: Request, form: dict[str, str], **context: Any) -> HTMLResponse:
    ctx: dict[str, Any] = {"view": None, "body": None, "result": None, "stored_id": None, "graph_json": None}
    ctx.update(context)
    return page(
        request,
        "paste.html",
        form={k: form.get(k, "") for k in _FORM_FIELDS},
        max_chars=MAX_PASTE_CHARS,
        **ctx,
    )


@router.post("/paste", response_class=HTMLResponse)
def paste(
    request: Request,
    text: Annotated[str, Form(max_length=MAX_PASTE_CHARS)] = "",
    title: Annotated[str, Form(max_length=1000)] = "",
    published: Annotated[str, Form(max_length=40)] = "",
    source: Annotated[str, Form(max_length=300)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
    action: Annotated[str, Form(max_length=20)] = "extract",
    token: Annotated[str, Form(alias="_token", max_length=100)] = "",
) -> Response:
    if not request.app.state.form_token.check(token):
        return error_page(
            request, 403, "Form expired", "This form was not made by this server (reload the page)."
        )
    problems: list[str] = []
    day = _date(published, "published", problems)
    form = {"text": text, "title": title, "published": published, "source": source, "url": url}
    if not text.strip():
        problems.append("text: paste an article first")
        return _paste_page(request, form, problems=problems)
    article = extraction.to_article(text, title or None, day, source or None, url or None)
    done = extraction.extract(article)
    stored_id = None
    if done.graph is not None and done.article is not None and action == "store":
        stored_id = extraction.store(gate_of(request), done.article)
    view: DocView | None = None
    if done.graph is not None:
        view = from_graph(done.graph, text, split_sentences(text))
    return _paste_page(
        request,
        form,
        view=view,
        body=render(view) if view else None,
        result=done,
        stored_id=stored_id,
        problems=problems,
        graph_json=json.dumps(done.graph, ensure_ascii=False, indent=1) if done.graph else None,
    )


# -- analysts' judgements -----------------------------------------------------------------------


def _judge(request: Request, token: str, author: str, action: Any, after: str, note: str) -> Response:
    if not request.app.state.form_token.check(token):
        return error_page(
            request, 403, "Form expired", "This form was not made by this server (reload the page)."
        )
    who = _text(author, 100) or request.app.state.default_author
    try:
        with gate_of(request).writer() as con:
            action(con, who)
            target = queries.find_entity(con, after) if after else None
    except JudgementError as exc:
        return error_page(request, 409, "Not done", str(exc))
    where = f"/entities/{quote(target, safe='')}?note={note}" if target else f"/?note={note}"
    response = RedirectResponse(where, status_code=303)
    response.set_cookie(AUTHOR_COOKIE, who, max_age=365 * 86400, samesite="strict", httponly=True)
    return response


Token = Annotated[str, Form(alias="_token", max_length=100)]
Author = Annotated[str, Form(max_length=100)]
Note = Annotated[str, Form(max_length=2000)]


@router.post("/entities/{ref}/merge")
def merge(
    request: Request,
    ref: str,
    other: Annotated[str, Form(max_length=200)] = "",
    author: Author = "",
    note: Note = "",
    token: Token = "",
) -> Response:
    other = _text(other)
    if not other:
        return error_page(request, 400, "Merge with whom?", "Pick the entity to merge this one with.")
    return _judge(
        request,
        token,
        author,
        lambda con, who: analyst.merge(con, ref, other, author=who, note=_text(note, 2000) or None),
        ref,
        "merged",
    )


@router.post("/entities/{ref}/split")
def split(
    request: Request,
    ref: str,
    name: Annotated[str, Form(max_length=300)] = "",
    author: Author = "",
    note: Note = "",
    token: Token = "",
) -> Response:
    return _judge(
        request,
        token,
        author,
        lambda con, who: analyst.split(
            con, ref, _text(name, 300), author=who, note=_text(note, 2000) or None
        ),
        ref,
        "split",
    )


@router.post("/entities/{ref}/suppress")
def suppress(request: Request, ref: str, author: Author = "", note: Note = "", token: Token = "") -> Response:
    return _judge(
        request,
        token,
        author,
        lambda con, who: analyst.suppress(con, ref, author=who, note=_text(note, 2000) or None),
        ref,
        "suppressed",
    )


@router.post("/judgements/{judgement_id}/retract")
def retract(
    request: Request,
    judgement_id: str,
    entity: Annotated[str, Form(max_length=200)] = "",
    author: Author = "",
    token: Token = "",
) -> Response:
    return _judge(
        request,
        token,
        author,
        lambda con, who: analyst.retract(con, judgement_id[:100], author=who),
        _text(entity),
        "retracted",
    )
