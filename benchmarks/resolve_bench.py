"""Resolution speed: a full `resolve` of a synthetic store, step by step, CPU and wall.

    python benchmarks/resolve_bench.py --base /tmp/b/ingest.duckdb --store /tmp/b/s20k.duckdb --docs 20000
    python benchmarks/resolve_bench.py --store /tmp/b/s20k.duckdb            # resolve it again
    python benchmarks/resolve_bench.py --store /tmp/b/s20k.duckdb --profile  # cProfile, top 30

The store is built once (when --store does not exist) from a base store of extracted articles
(`newsgraph ingest CORPUS --db BASE --no-resolve`) with store_bench.py's synthetic documents
(the base's real sentences, every person renamed from a varied pool), then resolved in full on
a copy, so that every run starts from the same unresolved store. Stores live where you say
(outside the repository). Prints the load average before and after: the machine is shared.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from store_bench import synthetic_docs  # noqa: E402

from newsgraph.export.documents import iter_documents  # noqa: E402
from newsgraph.store import db, queries  # noqa: E402
from newsgraph.store.resolution import resolve_store  # noqa: E402
from newsgraph.store.writer import write_batch  # noqa: E402


def build(base_store: Path, path: Path, n_docs: int) -> None:
    with queries.open_store(base_store) as con:
        texts = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
        base = [(d, texts[d["document"]["id"]]) for d in iter_documents(con)]
    t = time.perf_counter()
    batch = []
    with db.connect(path, write=True, create_missing=True) as con:
        for item in synthetic_docs(base, n_docs):
            batch.append(item)
            if len(batch) >= 2000:
                with db.transaction(con, str(path)):
                    write_batch(con, batch, "bench", None)
                batch = []
        if batch:
            with db.transaction(con, str(path)):
                write_batch(con, batch, "bench", None)
        con.execute("DELETE FROM resolution_dirty")
    print(f"built {path} ({n_docs:,} articles) in {time.perf_counter() - t:.0f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True, help="the unresolved synthetic store (built if missing)")
    ap.add_argument("--base", help="base store of extracted articles (to build --store)")
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--keep", help="keep the resolved copy here (default: deleted)")
    args = ap.parse_args()
    store = Path(args.store)
    if not store.exists():
        if not args.base:
            sys.exit("--store does not exist: give --base to build it")
        build(Path(args.base), store, args.docs)
    work = Path(args.keep or f"{store}.resolving.duckdb")
    shutil.copyfile(store, work)
    try:
        with db.connect(work, write=True) as con:
            mentions = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
            units = con.execute("SELECT count(*) FROM doc_entities").fetchone()[0]
            print(f"load average before: {os.getloadavg()}")
            prof = cProfile.Profile() if args.profile else None
            t, c = time.perf_counter(), time.process_time()
            if prof:
                prof.enable()
            report = resolve_store(con, str(work), full=True)
            if prof:
                prof.disable()
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            children = os.times()
            print(f"load average after: {os.getloadavg()}")
        print(
            f"{mentions:,} mentions, {units:,} units, {report.groups:,} name groups, {report.pairs:,} pairs "
            f"judged ({report.same:,} same), {report.entities:,} entities"
        )
        print(
            f"resolve --full: wall {wall:.1f} s, CPU {cpu:.1f} s (this process; worker processes "
            f"{children.children_user + children.children_system:.1f} s)"
        )
        for step, (w, c) in getattr(report, "steps", {}).items():
            print(f"  {step:<12} wall {w:7.1f} s  CPU {c:7.1f} s")
        if prof:
            pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
            pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    finally:
        if not args.keep:
            work.unlink(missing_ok=True)
            Path(f"{work}.wal").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
