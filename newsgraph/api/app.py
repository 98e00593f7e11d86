"""app: the FastAPI application of `newsgraph serve`: the JSON API, the pages, their defences.

    create_app(db_path) -> FastAPI
        /api/...        JSON (api/routes.py), spec at /openapi.json
        / /search /entities/{id} /documents/{id} /events /network /sources /paste   pages (web/views.py)
        /static/...     the stylesheet, the script, vendored libraries (web/static/)

Errors never show a trace, a path or a setting: the JSON API answers {status, error}, pages an
error page, both with one line; the detail goes to the server's log. The interactive docs
(/docs) are off: FastAPI serves them from a CDN, and nothing here loads anything from outside.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newsgraph import __version__
from newsgraph.api import routes
from newsgraph.api.schemas import Problem
from newsgraph.api.security import (
    LOCAL_HOSTS,
    MAX_BODY_BYTES,
    BodyLimit,
    FormToken,
    SecurityHeaders,
    same_origin,
)
from newsgraph.errors import NewsgraphError, StoreError
from newsgraph.store import db
from newsgraph.store.access import GAP_SECONDS, HOLD_SECONDS, StoreGate
from newsgraph.store.analyst import JudgementError, default_author
from newsgraph.web import views

log = logging.getLogger(__name__)

_REASONS = {400: "Bad request", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
            409: "Conflict",
            413: "Too large", 422: "Invalid parameters", 500: "Server error", 503: "Store busy"}  # fmt: skip


def create_app(
    db_path: str | os.PathLike[str],
    hosts: tuple[str, ...] = LOCAL_HOSTS,
    wait: float = db.DEFAULT_WAIT,
    hold: float = HOLD_SECONDS,
    gap: float = GAP_SECONDS,
    max_body: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The app over the store at `db_path`. `hosts`: the Host names it answers (the rest get
    400: DNS rebinding); `wait`, `hold`, `gap`: see store/access.py."""
    gate = StoreGate(db_path, wait=wait, hold=hold, gap=gap)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        gate.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsgraph",
        version=__version__,
        description="The knowledge graph of a newsgraph store, every fact with its evidence: entities "
        "by any spelling, profiles, documents, events, quotes, networks, unnamed sources, analysts' "
        "judgements, and extraction of a new article.",
        docs_url=None,
        redoc_url=None,
        responses={
            400: {"model": Problem, "description": "a request that cannot be read"},
            413: {"model": Problem, "description": "request body too large"},
            422: {"model": Problem, "description": "invalid parameters"},
            503: {"model": Problem, "description": "the store is busy or unavailable"},
        },
    )
    app.state.gate = gate
    app.state.form_token = FormToken()
    app.state.store_name = Path(db_path).name
    app.state.default_author = default_author()
    app.include_router(routes.router)
    app.include_router(views.router)
    static = resources.files("newsgraph.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    _handlers(app)

    @app.middleware("http")
    async def only_same_origin_writes(request: Request, call_next: Any) -> Response:
        if request.method not in ("GET", "HEAD", "OPTIONS") and not same_origin(
            request.headers, request.headers.get("host")
        ):
            return _problem(request, 403, "cross-site request refused")
        return await call_next(request)

    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(SecurityHeaders)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _problem(request: Request, status: int, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"status": status, "error": message}, status_code=status)
    return views.error_page(request, status, _REASONS.get(status, "Error"), message)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "invalid parameters: " + "; ".join(parts)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "no such page", 405: "method not allowed"}.get(exc.status_code, "request refused")
        response = _problem(request, exc.status_code, message)
        response.headers.update(exc.headers or {})  # 405's Allow
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _problem(request, 422, _validation_message(exc))

    @app.exception_handler(routes.ApiError)
    async def api_error(request: Request, exc: routes.ApiError) -> Response:
        return _problem(request, exc.status, exc.message)

    @app.exception_handler(JudgementError)
    async def judgement_error(request: Request, exc: JudgementError) -> Response:
        status = 404 if str(exc).startswith("no ") else 409
        return _problem(request, status, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        # its message names the store's path: the log has it, the client does not
        log.warning("store: %s", exc)
        return _problem(request, 503, "the store cannot be read right now (busy or unavailable); try again")

    @app.exception_handler(NewsgraphError)
    async def newsgraph_error(request: Request, exc: NewsgraphError) -> Response:
        log.warning("request %s failed: %s", request.url.path, exc)
        return _problem(request, 400, "the request could not be carried out")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("request %s failed", request.url.path, exc_info=exc)
        return _problem(request, 500, "something went wrong on the server (its log has the detail)")
