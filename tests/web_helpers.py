"""Helpers of the web tests: a store built from the bundled examples (once per test process),
a live server on loopback, and a headless Debian chromium driven by Playwright."""

from __future__ import annotations

import atexit
import contextlib
import functools
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import uvicorn

from newsgraph.api.app import create_app
from newsgraph.store.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CHROMIUM = "/usr/bin/chromium"
# The flags that work in this sandbox and in CI (no GPU, no network beyond loopback)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(tempfile.gettempdir()) / "newsgraph-web-shots"
TEST_HOSTS = ("testserver", "127.0.0.1", "localhost")


def _scratch() -> Path:
    path = Path(tempfile.mkdtemp(prefix="newsgraph-web-"))
    atexit.register(shutil.rmtree, path, True)
    return path


@functools.cache
def examples_store() -> Path:
    """A store of examples/ (what README's demo serves), built once per test process."""
    path = _scratch() / "examples.duckdb"
    ingest([str(EXAMPLES)], path, published=date(2024, 3, 1))
    return path


def copy_of(store: Path, directory: Path) -> Path:
    """A copy a test may change (merge, split ...)."""
    out = directory / store.name
    shutil.copyfile(store, out)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def live_server(store: Path, **app_options: Any) -> Iterator[str]:
    """`newsgraph serve`'s app under uvicorn in a thread, on a free loopback port."""
    port = free_port()
    app = create_app(store, **app_options)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", server_header=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian chromium (Playwright's own browser download does not work here)."""
    from playwright.sync_api import sync_playwright

    profile = _scratch() / "profile"
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            yield ctx
        finally:
            ctx.close()


def watch(page: Any) -> list[str]:
    """Collect what a page should never do: script errors, CSP violations, dialogs."""
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text
            else None
        ),
    )

    def on_dialog(d: Any) -> None:
        problems.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", on_dialog)
    return problems


def shot(page: Any, name: str, full: bool = True) -> Path:
    """A screenshot (full: the whole page; else what the window shows, scrolled as it is)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path
