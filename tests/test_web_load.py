"""A short, bounded version of benchmarks/web_bench.py's load test: concurrent clients on
loopback against a live server over the examples store, no errors (the full 50 clients x 30 s
run and its p95 are in benchmarks/README.md)."""

from __future__ import annotations

import pytest

from benchmarks.web_bench import load, url_mix
from tests.web_helpers import examples_store, live_server

CLIENTS = 20
SECONDS = 5.0


@pytest.mark.slow
def test_concurrent_clients_get_answers_and_no_errors():
    store = examples_store()
    urls = [u for v in url_mix(store, n=12).values() for u in v]
    with live_server(store) as base:
        out = load(int(base.rsplit(":", 1)[1]), urls, CLIENTS, SECONDS)
    assert out["errors"] == 0, out["first_errors"]
    assert out["requests"] >= CLIENTS  # every client got answers, none stalled
