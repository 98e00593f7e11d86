"""Web server benchmarks: page and API latency on a big store, and a bounded load test.

    python benchmarks/web_bench.py --db /tmp/store_bench_big/big.duckdb   # a store_bench.py store
    python benchmarks/web_bench.py --examples                            # the bundled examples

1. latency: `newsgraph serve` in its own process on loopback; one client asks each URL of a
   mix (front page, search by names and spelling variants, entity pages of busy and rare
   entities, documents, events, sources, network; the same through /api/) in turn, after one
   warm-up round; p50 / p95 / max per kind, pages and API apart;
2. load: CLIENTS concurrent clients (threads, keep-alive connections) for SECONDS each asking
   URLs of the same mix in a random order; requests, errors (status >= 500 or no answer),
   p50 / p95 / max. Traffic goes to 127.0.0.1 only, and stops by itself.
The store is opened read-only; the big store is built by benchmarks/store_bench.py (section 2).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgraph.store import queries  # noqa: E402

CLIENTS = 50
SECONDS = 30.0
TIMEOUT = 30.0


def pct(xs: list[float], p: float) -> float:
    """Percentile by rank, no interpolation."""
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs)) - 1))]


def _variant(name: str, rng: random.Random) -> str:
    swaps = (("q", "k"), ("e", "i"), ("ou", "oo"), ("a", "e"), ("i", "ee"))
    a, b = rng.choice(swaps)
    return name.replace(a, b, 1) if a in name else name + "i"


def url_mix(db: Path, n: int = 40, seed: int = 3) -> dict[str, list[str]]:
    """URLs of each kind, from the store itself: busy and rare entities, their names and
    spelling variants, documents, events of busy actors."""
    rng = random.Random(seed)
    with queries.open_store(db) as con:
        busy = [
            r[0]
            for r in con.execute(
                "SELECT entity_id FROM entities WHERE NOT suppressed ORDER BY n_docs DESC LIMIT ?", [n // 2]
            ).fetchall()
        ]
        rare = [
            r[0]
            for r in con.execute(
                "SELECT entity_id FROM entities WHERE NOT suppressed USING SAMPLE 2000 ROWS"
            ).fetchall()
        ]
        ids = busy + rng.sample(rare, min(len(rare), n - len(busy)))
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM entity_names WHERE kind = 'name' AND script = 'Latin' "
                "USING SAMPLE 2000 ROWS"
            ).fetchall()
        ]
        docs = [r[0] for r in con.execute("SELECT doc_id FROM documents USING SAMPLE 2000 ROWS").fetchall()]
        types = [r[0] for r in con.execute("SELECT DISTINCT type FROM events").fetchall()]
    names = rng.sample(names, min(n, len(names)))
    terms = [nm if i % 2 else _variant(nm, rng) for i, nm in enumerate(names)]
    docs = rng.sample(docs, min(n, len(docs)))
    q = lambda s: quote(s, safe="")  # noqa: E731
    return {
        "page /": ["/"],
        "page /search": [f"/search?q={q(t)}" for t in terms],
        "page /entities": [f"/entities/{e}" for e in ids],
        "page /documents": [f"/documents/{quote(d)}" for d in docs],
        "page /events": ["/events"]
        + [f"/events?type={t}" for t in types]
        + [f"/events?actor={e}" for e in busy[:5]],
        "page /sources": ["/sources"],
        "page /network": ["/network"],
        "api /api/search": [f"/api/search?q={q(t)}" for t in terms],
        "api /api/suggest": [f"/api/suggest?q={q(t[:4])}" for t in terms],
        "api /api/entities": [f"/api/entities/{e}" for e in ids],
        "api /api/neighbours": [f"/api/entities/{e}/neighbours" for e in ids],
        "api /api/documents": [f"/api/documents/{quote(d)}" for d in docs],
        "api /api/events": [f"/api/events?actor={e}" for e in ids[:20]]
        + [f"/api/events?type={t}" for t in types],
        "api /api/quotes": [f"/api/quotes?speaker={e}" for e in busy[:10]] + ["/api/quotes?unnamed=true"],
        "api /api/sources": ["/api/sources", "/api/sources?by=document"],
        "api /api/network": ["/api/network"],
    }


def get(conn: http.client.HTTPConnection, url: str) -> int:
    conn.request("GET", url, headers={"host": "127.0.0.1"})
    r = conn.getresponse()
    r.read()
    return r.status


def start_server(db: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgraph.cli", "serve", "--db", str(db), "--port", str(port), "--no-warm"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stderr.readline()  # "newsgraph: serving ... on http://127.0.0.1:PORT/"
    if "serving" not in line:
        proc.kill()
        raise RuntimeError(f"the server did not start: {line.strip()}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/api/stats")
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not answer")


def latency(port: int, mix: dict[str, list[str]]) -> dict[str, list[float]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    for urls in mix.values():  # warm-up: one of each kind
        get(conn, urls[0])
    times: dict[str, list[float]] = defaultdict(list)
    for kind, urls in mix.items():
        for url in urls:
            t = time.perf_counter()
            status = get(conn, url)
            times[kind].append(time.perf_counter() - t)
            if status >= 500:
                raise RuntimeError(f"{url}: {status}")
    return times


def load(
    base_port: int, urls: list[str], clients: int = CLIENTS, seconds: float = SECONDS
) -> dict[str, float]:
    """`clients` threads, each on its own keep-alive connection, for `seconds`."""
    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        rng = random.Random(k)
        conn = http.client.HTTPConnection("127.0.0.1", base_port, timeout=TIMEOUT)
        mine, bad = [], []
        while time.monotonic() < stop:
            url = rng.choice(urls)
            t = time.perf_counter()
            try:
                status = get(conn, url)
                if status >= 500:
                    bad.append(f"{status} {url}")
            except (OSError, http.client.HTTPException) as exc:
                bad.append(f"{type(exc).__name__} {url}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", base_port, timeout=TIMEOUT)
            mine.append(time.perf_counter() - t)
        conn.close()
        with lock:
            lat.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {
        "clients": clients,
        "seconds": round(wall, 1),
        "requests": len(lat),
        "errors": len(errors),
        "rps": len(lat) / wall,
        "p50": pct(lat, 50),
        "p95": pct(lat, 95),
        "max": max(lat) if lat else float("nan"),
        "first_errors": errors[:5],
    }


def _ms(x: float) -> str:
    return f"{1000 * x:.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="a store (benchmarks/store_bench.py builds a 100k one)")
    ap.add_argument("--examples", action="store_true", help="build and use a store of examples/")
    ap.add_argument("--port", type=int, default=8799)
    ap.add_argument("--clients", type=int, default=CLIENTS)
    ap.add_argument("--seconds", type=float, default=SECONDS)
    ap.add_argument("--no-load", action="store_true")
    args = ap.parse_args()
    if args.examples:
        from datetime import date

        from newsgraph.store.ingest import ingest

        db = Path(tempfile.mkdtemp()) / "examples.duckdb"
        ingest([str(ROOT / "examples")], db, published=date(2024, 3, 1))
    else:
        db = Path(args.db)
    with queries.open_store(db) as con:
        n_docs = queries.stats(con)["documents"]
    mix = url_mix(db)
    proc = start_server(db, args.port)
    try:
        times = latency(args.port, mix)
        print(f"\n## Latency, one client, store of {n_docs:,} articles ({db.name})\n")
        print("| what | requests | p50 ms | p95 ms | max ms |")
        print("|---|---:|---:|---:|---:|")
        for kind, xs in times.items():
            print(f"| {kind} | {len(xs)} | {_ms(pct(xs, 50))} | {_ms(pct(xs, 95))} | {_ms(max(xs))} |")
        for side in ("page", "api"):
            xs = [x for k, v in times.items() if k.startswith(side) for x in v]
            print(
                f"| **all {side}s** | {len(xs)} | {_ms(pct(xs, 50))} | **{_ms(pct(xs, 95))}** | "
                f"{_ms(max(xs))} |"
            )
        if not args.no_load:
            urls = [u for v in mix.values() for u in v]
            out = load(args.port, urls, args.clients, args.seconds)
            print(f"\n## Load: {out['clients']} concurrent clients for {out['seconds']} s on loopback\n")
            print("| requests | errors | req/s | p50 ms | p95 ms | max ms |")
            print("|---:|---:|---:|---:|---:|---:|")
            print(
                f"| {out['requests']:,} | {out['errors']} | {out['rps']:.0f} | {_ms(out['p50'])} | "
                f"{_ms(out['p95'])} | {_ms(out['max'])} |"
            )
            if out["first_errors"]:
                print("first errors:", *out["first_errors"], sep="\n  ")
    finally:
        proc.terminate()
        proc.wait(10)
    print("\n(percentiles by rank, no interpolation)")


if __name__ == "__main__":
    main()
