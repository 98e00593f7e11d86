"""Knowledge-store benchmarks: each section prints one table from ONE run.

    python benchmarks/store_bench.py --corpus ../shared/corpora/reuters21578_10000.jsonl.gz
    # quick: --n 200 --store-docs 5000 --queries 50

1. ingest vs extract: `newsgraph extract` and `newsgraph ingest` (extraction + store + resolve)
   as processes over the same N articles, 1 worker, interleaved; then the same ingest again
   (identical row counts, the second run skipping every article by its content hash);
2. a big store: synthetic documents built from the N extracted articles (their real sentences),
   every person's name replaced by one of a pool of varied Arabic, Persian and English names of
   the same length (offsets stay exact), a date from 2015-2024; written with the store's batch
   writer (the rate of the store alone), then resolved in full (mentions, units, seconds);
3. query latency on that store: p50 / p95 of `search` (exact names, surnames, spelling
   variants), `profile` and `timeline` (an entity, with and without a type and date range),
   on one open read-only connection, and of opening the store for one query.
The corpus is read from the path given, never copied.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgraph.export.documents import iter_documents  # noqa: E402
from newsgraph.lexicons import load_lines  # noqa: E402
from newsgraph.store import db, queries  # noqa: E402
from newsgraph.store.access import StoreGate  # noqa: E402
from newsgraph.store.resolution import resolve_store  # noqa: E402
from newsgraph.store.rows import document_rows  # noqa: E402
from newsgraph.store.writer import StoredDocument, write_batch  # noqa: E402

# Surnames for the pool, on top of the given names of data/lexicons/given_names.txt (which
# Arabic naming also uses as family names): written for this benchmark.
SURNAMES = (
    "Qaani Soleimani Kadhimi Dbeibah Zelensky Hashemi Muhandis Amiri Maliki Sudani Khazali Sadr "
    "Nasrallah Assad Jolani Baghdadi Khamenei Raisi Rouhani Salami Zarif Araghchi Abbas Haftar "
    "Sarraj Erdogan Haniyeh Sinwar Deif Arouri Houthi Zawahiri Barzani Ghani Karzai Haqqani "
    "Akhundzada Massoud Larijani Zarqawi Barnawi Qurashi Khashoggi Maktoum Thani Otaibi Shami "
    "Tikriti Jubouri Dulaimi Obeidi Saadi Rubaie Musawi Hakim Jaafari Allawi Abadi Najafi Karbalai "
    "Tehrani Shirazi Isfahani Tabrizi Mashhadi Qomi Rashidi Hamdani Harithi Yemeni Masri Libi "
    "Smith Jones Taylor Brown Wilson Evans Thomas Roberts Walker Wright Baker Carter Morgan Hughes"
).split()
SWAPS = (("q", "k"), ("k", "q"), ("e", "i"), ("i", "e"), ("o", "u"), ("u", "o"), ("ou", "oo"), ("ei", "ai"))


def _read(path: str, n: int) -> list[dict]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                if rec.get("published"):
                    out.append(rec)
            if len(out) >= n:
                break
    return out


def _run(cmd: list[str]) -> float:
    env_cmd = [sys.executable, "-m", "newsgraph.cli", *cmd]
    t = time.perf_counter()
    subprocess.run(
        env_cmd, check=False, capture_output=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""}
    )
    return time.perf_counter() - t


def ingest_vs_extract(corpus: Path, work: Path) -> Path:
    store = work / "ingest.duckdb"
    ext = _run(["extract", str(corpus), "-o", str(work / "x.jsonl")])
    ing = _run(["ingest", str(corpus), "--db", str(store)])
    ext2 = _run(["extract", str(corpus), "-o", str(work / "x2.jsonl")])
    with queries.open_store(store) as con:
        first = queries.stats(con)
    again = _run(["ingest", str(corpus), "--db", str(store)])
    with queries.open_store(store) as con:
        second = queries.stats(con)
    n = first["documents"]
    extract_s = (ext + ext2) / 2
    print(f"\n## 1. Ingest vs extract ({n} articles, 1 worker, processes incl. model load)\n")
    print("| run | seconds | articles/s | ratio to extract |")
    print("|---|---:|---:|---:|")
    rate, ratio = n / extract_s, extract_s / ing
    print(f"| newsgraph extract (mean of 2 runs, before and after) | {extract_s:.1f} | {rate:.1f} | 1.00x |")
    print(f"| newsgraph ingest (extract, store, resolve) | {ing:.1f} | {n / ing:.1f} | {ratio:.2f}x |")
    print(f"| newsgraph ingest again (all stored: skipped) | {again:.1f} | | |")
    same = first == second
    print(f"\nrow counts after the second ingest identical to the first: {same}")
    print("counts: " + ", ".join(f"{k} {v:,}" for k, v in first.items()))
    return store


def ingest_vs_extract_interleaved(corpus: Path, work: Path, slice_size: int = 100) -> None:
    """In one process, the model loaded once, slice by slice in alternating order (the shared
    machine's speed drifts by tens of percent within minutes; both runs see the same drift):
    extraction alone (results serialised to JSON lines, as `extract` writes them) against
    ingest (the same extraction, then rows, batch commits and incremental resolution)."""
    from newsgraph.ingest import read_jsonl_lines
    from newsgraph.nlp import load_pipeline
    from newsgraph.runner import run_extract
    from newsgraph.store.ingest import ingest_records

    lines = corpus.read_text(encoding="utf-8").splitlines()
    load_pipeline()
    store = work / "interleaved.duckdb"
    store.unlink(missing_ok=True)
    sink = open(work / "interleaved.jsonl", "w", encoding="utf-8")  # noqa: SIM115
    seconds = {"extract": 0.0, "ingest": 0.0}
    store_s = resolve_s = 0.0
    for k, start in enumerate(range(0, len(lines), slice_size)):
        part = lines[start : start + slice_size]
        order = ("extract", "ingest") if k % 2 == 0 else ("ingest", "extract")
        for which in order:
            records = read_jsonl_lines(part, "bench")
            t = time.perf_counter()
            if which == "extract":
                for r in run_extract(records):
                    sink.write(
                        json.dumps(r if isinstance(r, dict) else r.to_dict(), ensure_ascii=False) + "\n"
                    )
            else:
                report = ingest_records(records, store)
                resolve_s += report.resolution.seconds if report.resolution else 0.0
            seconds[which] += time.perf_counter() - t
    sink.close()
    n = len(lines)
    store_s = seconds["ingest"] - seconds["extract"] - resolve_s
    print(f"\n## 1b. Ingest vs extract in one process ({n} articles, slices of {slice_size}, interleaved)\n")
    print("| run | seconds | articles/s | ratio to extract |")
    print("|---|---:|---:|---:|")
    print(f"| extraction alone | {seconds['extract']:.1f} | {n / seconds['extract']:.1f} | 1.00x |")
    ratio = seconds["extract"] / seconds["ingest"]
    ing = seconds["ingest"]
    print(f"| ingest (extraction, store, resolve) | {ing:.1f} | {n / ing:.1f} | {ratio:.2f}x |")
    rest = max(store_s, 0)
    print(f"\nof the ingest: incremental resolution {resolve_s:.1f} s, rows and commits ~{rest:.1f} s")


def store_overhead(corpus: Path, work: Path) -> None:
    """The part of ingest that extraction alone does not do, measured in CPU seconds (robust to
    a shared machine): rows, commits of 256 articles and incremental resolution, for the
    articles `extract` wrote to x.jsonl; against the CPU seconds of that extraction."""
    from newsgraph.store.rows import content_hash as _unused  # noqa: F401  (the same hashing)

    texts = {json.loads(line)["id"]: line for line in corpus.read_text(encoding="utf-8").splitlines()}
    results = [json.loads(line) for line in (work / "x.jsonl").read_text(encoding="utf-8").splitlines()]
    store = work / "overhead.duckdb"
    store.unlink(missing_ok=True)
    t, c = time.perf_counter(), time.process_time()
    with db.connect(store, write=True, create_missing=True) as con:
        for i in range(0, len(results), 256):
            items = []
            for r in results[i : i + 256]:
                did = r["document"]["id"]
                text = json.loads(texts[did])["text"]
                items.append(StoredDocument(did, did, document_rows(r, text, did, "bench", "bench", None)))
            with db.transaction(con, str(store)):
                write_batch(con, items, "bench", None)
        stored_cpu = time.process_time() - c
        report = resolve_store(con, str(store))
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    n = len(results)
    print(f"\n## 1c. What ingest adds to extraction ({n} articles, CPU seconds)\n")
    print("| part | CPU s | CPU ms per article |")
    print("|---|---:|---:|")
    print(f"| rows + 4 batch commits | {stored_cpu:.1f} | {1000 * stored_cpu / n:.1f} |")
    res_cpu = cpu - stored_cpu
    print(f"| incremental resolution ({report.groups:,} groups) | {res_cpu:.1f} | {1000 * res_cpu / n:.1f} |")
    print(f"| total (wall {wall:.1f} s) | {cpu:.1f} | {1000 * cpu / n:.1f} |")


# -- a big synthetic store ----------------------------------------------------------------------


def _name_pool() -> dict[str, dict[int, list[str]]]:
    given = [g for g in load_lines("lexicons/given_names.txt") if g.isalpha()]
    surnames = list(SURNAMES) + given
    variants = set(surnames)
    for s in surnames:
        for a, b in SWAPS:
            if a in s.lower():
                v = s.lower().replace(a, b, 1)
                variants.add(v[0].upper() + v[1:])
    pool: dict[str, dict[int, list[str]]] = {"given": {}, "surname": {}}
    for g in given:
        pool["given"].setdefault(len(g), []).append(g)
    for s in sorted(variants):
        pool["surname"].setdefault(len(s), []).append(s)
    return pool


def _word(pool: dict[int, list[str]], word: str, rng: random.Random) -> str:
    options = pool.get(len(word))
    if not options:
        return word
    new = rng.choice(options)
    return new.upper() if word.isupper() else new


def _mapping(doc: dict, pool: dict, rng: random.Random) -> dict[str, str]:
    """Old name word -> new word of the same length, for every person of the document."""
    out: dict[str, str] = {}
    for e in doc["entities"]:
        if e["type"] != "PERSON":
            continue
        words = re.findall(r"[A-Za-z]{3,}", e["name"])
        for i, w in enumerate(words):
            if w not in out:
                kind = "given" if i == 0 and len(words) > 1 else "surname"
                out[w] = _word(pool[kind], w, rng)
    return out


def _apply(obj, pattern: re.Pattern[str] | None, mapping: dict[str, str]):
    if pattern is None:
        return obj
    if isinstance(obj, str):
        return pattern.sub(lambda m: mapping[m.group()], obj)
    if isinstance(obj, list):
        return [_apply(x, pattern, mapping) for x in obj]
    if isinstance(obj, dict):
        return {k: _apply(v, pattern, mapping) for k, v in obj.items()}
    return obj


def synthetic_docs(base: list[tuple[dict, str]], n: int, seed: int = 1):
    pool = _name_pool()
    rng = random.Random(seed)
    for i in range(n):
        doc, text = base[i % len(base)]
        mapping = _mapping(doc, pool, rng)
        pattern = (
            re.compile(r"\b(" + "|".join(map(re.escape, sorted(mapping, key=len, reverse=True))) + r")\b")
            if mapping
            else None
        )
        new = _apply(doc, pattern, mapping)
        new_text = _apply(text, pattern, mapping)
        day = f"{2015 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        new["document"] = {
            **new["document"],
            "id": f"syn-{i}",
            "published": day,
            "title": f"{new['document'].get('title')} #{i}",
        }
        digest = f"syn-{i}-{hash(new_text) & 0xFFFFFFFF:08x}"
        yield StoredDocument(f"syn-{i}", digest, document_rows(new, new_text, digest, "bench", "bench", None))


def big_store(base_store: Path, path: Path, n_docs: int, resolve: bool = True) -> None:
    with queries.open_store(base_store) as con:
        texts = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
        base = [(d, texts[d["document"]["id"]]) for d in iter_documents(con)]
    t, c = time.perf_counter(), time.process_time()
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
        store_s, store_cpu = time.perf_counter() - t, time.process_time() - c
        con.execute("DELETE FROM resolution_dirty")
        if not resolve:
            print(f"\n{n_docs:,} synthetic articles stored in {store_s:.0f} s ({store_cpu:.0f} s CPU)")
            return
        n_mentions = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
        n_units = con.execute("SELECT count(*) FROM doc_entities").fetchone()[0]
        t, c = time.perf_counter(), time.process_time()
        report = resolve_store(con, str(path), full=True)
        resolve_s, resolve_cpu = time.perf_counter() - t, time.process_time() - c
        size = path.stat().st_size
    print(f"\n## 2. A store of {n_docs:,} synthetic articles\n")
    print("| step | wall s | CPU s | rate (wall) |")
    print("|---|---:|---:|---:|")
    rate = n_docs / store_s
    print(f"| store (rows, batch writer) | {store_s:.0f} | {store_cpu:.0f} | {rate:,.0f} articles/s |")
    print(
        f"| resolve --full: {n_mentions:,} mentions, {n_units:,} units, {report.groups:,} name groups, "
        f"{report.pairs:,} pairs judged | {resolve_s:.0f} | {resolve_cpu:.0f} | "
        f"{n_mentions / resolve_s:,.0f} mentions/s |"
    )
    print(f"\n{report.entities:,} entities; store file {size / 1e6:,.0f} MB")


def build_only(corpus: Path, work: Path, n_docs: int, workers: int) -> None:
    """The big store for the latency benchmarks alone: the base articles ingested once (kept
    when --work has them), the synthetic store written, and one entity per name group from
    quick_entities.py (full resolution of 100k articles takes longer than a session has)."""
    from quick_entities import quick_entities

    base = work / "ingest.duckdb"
    if not base.exists():
        _run(["ingest", str(corpus), "--db", str(base), "--workers", str(workers)])
    big = work / "big.duckdb"
    big.unlink(missing_ok=True)
    big_store(base, big, n_docs, resolve=False)
    quick_entities(big)


# -- latency ------------------------------------------------------------------------------------


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))] * 1000


def _variant(name: str, rng: random.Random) -> str:
    for a, b in rng.sample(SWAPS, len(SWAPS)):
        if a in name.lower():
            return re.sub(a, b, name, count=1, flags=re.I)
    return name


def latency(path: Path, n: int, seed: int = 2) -> None:
    rng = random.Random(seed)
    with queries.open_store(path) as con:
        people = con.execute(
            "SELECT entity_id, name FROM entities WHERE type = 'PERSON' AND n_docs >= 2 ORDER BY entity_id"
        ).fetchall()
        busy = con.execute("SELECT entity_id, name FROM entities ORDER BY n_docs DESC LIMIT 200").fetchall()
        types = [r[0] for r in con.execute("SELECT DISTINCT type FROM events ORDER BY 1").fetchall()]
    picks = [rng.choice(busy if i % 4 == 0 else people) for i in range(n)]
    variants = [_variant(nm, rng) for _, nm in picks]
    kinds = [rng.choice(types) for _ in picks]
    jobs = {
        "search (exact name)": lambda con, i: queries.search(con, picks[i][1]),
        "search (surname)": lambda con, i: queries.search(con, picks[i][1].split()[-1]),
        "search (spelling variant)": lambda con, i: queries.search(con, variants[i]),
        "profile": lambda con, i: queries.profile(con, picks[i][0]),
        "timeline (actor)": lambda con, i: queries.timeline(con, actor=picks[i][0]),
        "timeline (actor, type, 2 years)": lambda con, i: queries.timeline(
            con, actor=picks[i][0], event_type=kinds[i], date_from="2018-01-01", date_to="2019-12-31"
        ),
        "timeline (type, 1 month)": lambda con, i: queries.timeline(
            con, event_type=kinds[i], date_from="2020-03-01", date_to="2020-03-31"
        ),
    }
    gate = StoreGate(path)  # what the web server reads through
    rows = []
    for name, fn in jobs.items():
        with gate.reader() as con:
            fn(con, 0)  # warm the caches once, as a running server would be
        times, cpu = [], []
        for i in range(n):
            t, c = time.perf_counter(), time.process_time()
            with gate.reader() as con:  # one request: a cursor of the shared read-only store
                fn(con, i)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        rows.append((name, _pct(times, 50), _pct(times, 95), max(times) * 1000, _pct(cpu, 50), _pct(cpu, 95)))
    gate.close()
    opens = []
    for i in range(max(10, n // 4)):
        t = time.perf_counter()
        with queries.open_store(path) as con:
            queries.search(con, picks[i][1])
        opens.append(time.perf_counter() - t)
    rows.append(
        ("open the store + search (a CLI command)", _pct(opens, 50), _pct(opens, 95), max(opens) * 1000, 0, 0)
    )
    print(f"\n## 3. Query latency ({n} queries each, via the server's StoreGate, a cursor per query)\n")
    print("| query | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, p50, p95, mx, c50, c95 in rows:
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {mx:.0f} | {c50:.1f} | {c95:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpora/reuters21578_10000.jsonl.gz"))
    ap.add_argument("--n", type=int, default=1000, help="articles for section 1 and the base of section 2")
    ap.add_argument("--store-docs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--work", help="keep the stores here (default: a temporary directory)")
    ap.add_argument(
        "--only",
        choices=["ingest", "interleaved", "overhead", "store", "build", "latency"],
        help="one section (store: 2, 3; build: the big store without full resolution, its entities "
        "from quick_entities.py, kept in --work; latency: section 3 on --db)",
    )
    ap.add_argument("--db", help="an existing store for --only latency")
    ap.add_argument("--workers", type=int, default=1, help="extraction processes for --only build")
    args = ap.parse_args()
    if args.only == "latency":
        latency(Path(args.db), args.queries)
        print("\n(percentiles by rank, no interpolation)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work or tmp)
        work.mkdir(parents=True, exist_ok=True)
        corpus = work / "corpus.jsonl"
        if not (args.only in ("overhead", "store") and corpus.exists()):
            with open(corpus, "w", encoding="utf-8") as fh:
                for rec in _read(args.corpus, args.n):
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        if args.only == "build":
            build_only(corpus, work, args.store_docs, args.workers)
            return
        if args.only == "overhead":
            store_overhead(corpus, work)
        if args.only in (None, "interleaved"):
            ingest_vs_extract_interleaved(corpus, work)
        if args.only in (None, "ingest", "store"):
            base = work / "ingest.duckdb"
            if args.only != "store" or not base.exists():
                base = ingest_vs_extract(corpus, work)
        if args.only in (None, "store"):
            big = work / "big.duckdb"
            big.unlink(missing_ok=True)
            big_store(base, big, args.store_docs)
            latency(big, args.queries)
    print("\n(percentiles by rank, no interpolation)")


if __name__ == "__main__":
    main()
