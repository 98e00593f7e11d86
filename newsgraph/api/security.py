"""security: what every request and response of the web server goes through.

Untrusted here: everything a request carries (its path, query, headers and body) and all the
text in the store (articles, titles, names, quotes, URLs come from the news). The defences:

- `BodyLimit`: a request body over `max_bytes` is refused with 413 before it is read whole
  (by its Content-Length, or counted as it streams in);
- `SecurityHeaders`: a Content-Security-Policy that runs only the server's own scripts (no
  inline script, no eval, no other origin) so that even an escaping mistake cannot run an
  article's markup; no framing, no MIME sniffing, no referrer sent to the sites articles
  link to;
- `same_origin`: a state-changing request (POST) must come from the server's own pages: a
  browser's Origin / Sec-Fetch-Site headers must say so (a page on another site cannot make
  an analyst's browser merge entities), and HTML forms also carry `form_token`;
- the Host header must name this server (Starlette's TrustedHostMiddleware, set up in
  api/app.py), which defeats DNS rebinding against a server on 127.0.0.1.
SQL injection is answered in the store: values go to DuckDB only as parameters.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

# The Host names a server on this machine answers to (api/app.py, api/cli.py)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

# The largest request body: a pasted article of api/schemas.MAX_PASTE_CHARS characters is at
# most 4 bytes each in UTF-8, plus the form's other fields.
MAX_BODY_BYTES = 1_000_000

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # same-origin: no referrer to the sites articles link to, and (unlike no-referrer) browsers
    # still send a real Origin with our own form posts, which same_origin() checks
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _plain(send, 413, f"request body too large (at most {self.max_bytes:,} bytes)")
            return
        seen = 0
        state = {"started": False, "refused": False}

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes and not state["refused"]:
                    # answer 413 now and tell the app the client went away (an exception here
                    # would reach FastAPI's body parser and come out as a 400)
                    state["refused"] = True
                    if not state["started"]:
                        state["started"] = True
                        await _plain(send, 413, f"request body too large (at most {self.max_bytes:,} bytes)")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if state["refused"]:
                return  # the 413 is the answer
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        await self.app(scope, limited_receive, guarded_send)


class SecurityHeaders:
    """Add HEADERS to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in HEADERS if h[0] not in names
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def same_origin(headers: Any, host: str | None) -> bool:
    """Whether a state-changing request comes from this server's own pages. A browser says
    where a request comes from (Sec-Fetch-Site, Origin); a client that is no browser (curl,
    a script, the tests' TestClient) sends neither and is let through: it is not an
    analyst's browser that another site could drive."""
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    return urlsplit(origin).netloc.lower() == (host or "").lower()


class FormToken:
    """A per-process secret that the server's own forms carry (a page of another site
    cannot read it); checked on every form post besides `same_origin`."""

    def __init__(self) -> None:
        self.value = secrets.token_urlsafe(24)

    def check(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.value.encode())
