"""store: schema, idempotent and incremental ingest, bad store files, locks, full disk, a kill."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from newsgraph.errors import StoreError
from newsgraph.resolve.blocking import candidate_pairs as reference_pairs
from newsgraph.resolve.units import group_from_dict
from newsgraph.store import db
from newsgraph.store.access import StoreGate
from newsgraph.store.ingest import ingest
from newsgraph.store.queries import open_store, search, stats
from newsgraph.store.resolution import candidate_pairs
from newsgraph.store.rows import COLUMNS, split_sentences

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ARTICLES = ROOT / "tests" / "data" / "store_articles.jsonl"
COUNTED = ("documents", "sentences", "doc_entities", "mentions", "roles", "events", "event_args", "quotes",
           "times", "rejects", "name_groups", "entities", "entity_names")  # fmt: skip


def counts(path: Path) -> dict[str, int]:
    with open_store(path) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}


def newsgraph(*args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", *args], capture_output=True, text=True, env=env, **kw
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("store") / "s.duckdb"
    ingest([str(ARTICLES)], path)
    return path


def test_rows_columns_are_the_schemas():
    con = duckdb.connect()
    db.create(con)
    for table, cols in COLUMNS.items():
        got = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        assert tuple(got) == cols, table


def test_sentences_cover_the_text():
    text = 'Gen. Qaani met Mr. Amiri in Baghdad. "We will respond," he said.\nA second paragraph here.'
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Gen. Qaani met Mr. Amiri in Baghdad.",
        '"We will respond," he said.',
        "A second paragraph here.",
    ]


def test_ingest_twice_gives_identical_counts_and_rejects_once(tmp_path, nlp):
    path = tmp_path / "ex.duckdb"
    first = ingest([str(EXAMPLES / "articles.jsonl"), str(EXAMPLES / "bad_records.jsonl")], path)
    before = counts(path)
    second = ingest([str(EXAMPLES / "articles.jsonl"), str(EXAMPLES / "bad_records.jsonl")], path)
    assert first.counts.new == 12 and first.counts.rejected == 9
    assert second.counts.new == 0 and second.counts.duplicate == 12
    assert counts(path) == before
    assert before["rejects"] == 9 and before["documents"] == 12


def test_the_same_article_under_another_id_is_stored_once_and_a_new_version_replaces(tmp_path, nlp):
    rec = json.loads(ARTICLES.read_text(encoding="utf-8").splitlines()[0])
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(rec) + "\n" + json.dumps({**rec, "id": "copy-of-s1"}) + "\n", encoding="utf-8")
    path = tmp_path / "v.duckdb"
    report = ingest([str(src)], path)
    assert (report.counts.new, report.counts.duplicate) == (1, 1)
    changed = {**rec, "text": rec["text"].replace("Thursday", "Wednesday")}
    src.write_text(json.dumps(changed) + "\n", encoding="utf-8")
    report = ingest([str(src)], path)
    assert report.counts.replaced == 1
    with open_store(path) as con:
        text = con.execute("SELECT text FROM documents WHERE doc_id = 's1'").fetchone()[0]
        assert "Wednesday" in text
        # the old version's facts are gone, not doubled
        assert con.execute("SELECT count(DISTINCT content_hash) FROM documents").fetchone()[0] == 1
        evidence = con.execute("SELECT ev_start, ev_end FROM events WHERE doc_id = 's1'").fetchall()
        assert evidence and all("Wednesday" in text[s:e] or s < len(text) for s, e in evidence)


def test_incremental_resolution_equals_a_full_one(tmp_path, nlp):
    lines = ARTICLES.read_text(encoding="utf-8").splitlines()
    half = tmp_path / "a.jsonl"
    rest = tmp_path / "b.jsonl"
    half.write_text("\n".join(lines[::2]) + "\n", encoding="utf-8")
    rest.write_text("\n".join(lines[1::2]) + "\n", encoding="utf-8")
    step = tmp_path / "step.duckdb"
    ingest([str(half)], step)
    ingest([str(rest)], step)
    whole = tmp_path / "whole.duckdb"
    ingest([str(half), str(rest)], whole)
    query = "SELECT doc_id, local_id, entity_id FROM doc_entities ORDER BY 1, 2"
    with open_store(step) as a, open_store(whole) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
        assert a.execute("SELECT count(*) FROM doc_entities WHERE entity_id IS NULL").fetchone()[0] == 0


def test_spellings_resolve_to_one_entity_across_documents(store):
    with open_store(store) as con:
        for spelling in ("Ghaani", "Qani", "Esmail Qaani", "اسماعیل قاآنی", "Kaani"):
            hits = search(con, spelling)
            assert hits and hits[0]["name"] in ("Esmail Qaani", "Ismail Ghaani", "Ismail Qani"), spelling
        qaani = search(con, "Ghaani")[0]["entity_id"]
        docs = {
            r[0]
            for r in con.execute("SELECT doc_id FROM doc_entities WHERE entity_id = ?", [qaani]).fetchall()
        }
        assert {"s1", "s2", "s3", "s13"} <= docs
        names = {
            r[0] for r in con.execute("SELECT name FROM entity_names WHERE entity_id = ?", [qaani]).fetchall()
        }
        assert {"Esmail Qaani", "Ismail Ghaani", "اسماعیل قاآنی"} <= names
        for a, b in (
            ("Kazemi", "Mustafa al-Kadhimi"),
            ("Dbeiba", "Abdul Hamid Dbeibah"),
            ("Zelenskyy", "Zelenskiy"),
        ):
            assert search(con, a)[0]["entity_id"] == search(con, b)[0]["entity_id"]
        tariq = search(con, "Tariq al-Hashemi")[0]["entity_id"]
        hisham = search(con, "Hisham al-Hashemi")[0]["entity_id"]
        assert tariq != hisham
        assert (
            search(con, "Qassem Suleiman")[0]["entity_id"] != search(con, "Qassem Soleimani")[0]["entity_id"]
        )


def test_every_merge_keeps_its_reason(store):
    with open_store(store) as con:
        rows = con.execute(
            "SELECT verdict, score, reasons FROM judgements WHERE source = 'system'"
        ).fetchall()
    assert rows and all(json.loads(r[2]) and r[1] is not None for r in rows)
    assert any(v == "same" and "given name" in r for v, _, r in rows)


def test_duckdb_blocking_equals_the_reference(store):
    with open_store(store) as con:
        groups = {
            g.key: g
            for g in (
                group_from_dict(json.loads(r[0]))
                for r in con.execute("SELECT data FROM name_groups").fetchall()
            )
        }
        assert candidate_pairs(con, None) == list(reference_pairs(groups))


def test_offsets_point_into_the_original_text(store):
    with open_store(store) as con:
        rows = con.execute(
            "SELECT d.text, m.start_char, m.end_char, m.text FROM mentions m JOIN documents d USING (doc_id)"
        ).fetchall()
        assert rows and all(text[s:e] == t for text, s, e, t in rows)
        rows = con.execute(
            "SELECT d.text, e.ev_start, e.ev_end, e.evidence FROM events e JOIN documents d USING (doc_id)"
        ).fetchall()
        assert rows and all(text[s:e] == json.loads(ev)[0]["text"] for text, s, e, ev in rows)


# -- bad store files ------------------------------------------------------------------------------


def test_a_file_that_is_not_a_store(tmp_path):
    junk = tmp_path / "notes.duckdb"
    junk.write_text("shopping list\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not a newsgraph store"), db.connect(junk):
        pass
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (x INT)").close()
    with pytest.raises(StoreError, match="not a newsgraph store"), db.connect(other, write=True):
        pass
    with pytest.raises(StoreError, match="no such store"), db.connect(tmp_path / "missing.duckdb"):
        pass


def test_a_store_from_a_newer_or_older_newsgraph(tmp_path):
    path = tmp_path / "v.duckdb"
    with db.connect(path, write=True, create_missing=True):
        pass
    con = duckdb.connect(str(path))
    con.execute("UPDATE newsgraph_meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match=r"schema v99, written by a newer newsgraph"), db.connect(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("UPDATE newsgraph_meta SET value = '0' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="run `newsgraph migrate --db"), db.connect(path):
        pass


def test_migrations_apply_in_order_each_in_a_transaction(tmp_path):
    path = tmp_path / "m.duckdb"
    with db.connect(path, write=True, create_missing=True):
        pass
    mig = tmp_path / "migrations"
    mig.mkdir()
    (mig / "0007_add_event_confidence.sql").write_text("ALTER TABLE events ADD COLUMN confidence DOUBLE;\n")
    (mig / "0008_add_an_index.sql").write_text("CREATE INDEX events_type ON events (type);\n")
    con = duckdb.connect(str(path))
    try:
        assert db.migrate(con, str(path), mig) == [7, 8]
        assert db.store_version(con, str(path)) == 8
        assert "confidence" in {r[0] for r in con.execute("DESCRIBE events").fetchall()}
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == 3
        (mig / "0009_broken.sql").write_text("ALTER TABLE no_such_table ADD COLUMN x INT;\n")
        with pytest.raises(duckdb.Error):
            db.migrate(con, str(path), mig)
        assert db.store_version(con, str(path)) == 8  # the failed step left nothing behind
    finally:
        con.close()
    # v1 -> v2: the lookup tables (store/facts.py); v2 -> v3: the fact cards; v3 -> v4: edges;
    # v4 -> v5: role facts; v5 -> v6: busy groups' pages
    assert [m[0] for m in db.migrations()] == [2, 3, 4, 5, 6]


def test_a_locked_store_says_who_holds_it(tmp_path):
    path = tmp_path / "l.duckdb"
    with db.connect(path, write=True, create_missing=True):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ready', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        start = time.monotonic()
        with pytest.raises(StoreError, match=rf"locked by process {holder.pid}"), db.connect(path, wait=0.5):
            pass
        assert time.monotonic() - start >= 0.5
    finally:
        holder.kill()
        holder.wait()
    with db.connect(path, wait=5):  # free again
        pass


def test_a_reader_waits_for_a_commit_and_gets_in(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.connect(path, write=True, create_missing=True):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ready', flush=True); time.sleep(1.0); c.close()",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with open_store(path, wait=20) as con:
            assert stats(con)["documents"] == 0
    finally:
        holder.wait()


@pytest.fixture
def small_disk(tmp_path):
    """A 'disk' of a few MB: a tmpfs mounted for the test (CI runs as root, like setup.sh)."""
    mount = tmp_path / "small"
    mount.mkdir()
    size_mb = 64
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.slow
def test_a_full_disk_is_one_line_and_nothing_half_written(tmp_path, small_disk, nlp):
    lines = ARTICLES.read_text(encoding="utf-8").splitlines()
    one = tmp_path / "one.jsonl"
    one.write_text(lines[0] + "\n", encoding="utf-8")
    path = small_disk / "f.duckdb"
    ingest([str(one)], path)
    before = counts(path)
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(0, free - 300_000))  # leave 300 kB: less than one batch needs
    rest = tmp_path / "rest.jsonl"
    _big_corpus(rest, 120)
    proc = newsgraph("ingest", str(rest), "--db", str(path), "--no-resolve", "--commit-every", "500")
    assert proc.returncode == 1, proc.stderr[-2000:]
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "disk full" in errors[0], proc.stderr[-2000:]
    filler.unlink()
    assert counts(path) == before
    with open_store(path) as con:  # whole documents only: every document has its sentences
        orphans = con.execute(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.doc_id = d.doc_id)"
        ).fetchone()[0]
        assert orphans == 0


# -- a kill during ingest -----------------------------------------------------------------------


def _big_corpus(path: Path, n: int) -> None:
    lines = [json.loads(x) for x in ARTICLES.read_text(encoding="utf-8").splitlines()]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            rec = dict(lines[i % len(lines)])
            rec["id"] = f"{rec['id']}-{i}"
            rec["text"] = rec["text"] + f" The report was filed as number {i}."
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _facts_per_document(path: Path) -> dict[str, tuple[int, ...]]:
    tables = ("sentences", "doc_entities", "mentions", "events", "quotes", "times")
    sql = (
        "SELECT d.doc_id, "
        + ", ".join(f"(SELECT count(*) FROM {t} x WHERE x.doc_id = d.doc_id)" for t in tables)
        + " FROM documents d"
    )
    with open_store(path) as con:
        return {r[0]: tuple(r[1:]) for r in con.execute(sql).fetchall()}


@pytest.mark.slow
def test_sigkill_during_ingest_then_again_gives_everything_once(tmp_path, nlp):
    corpus = tmp_path / "big.jsonl"
    _big_corpus(corpus, 160)
    killed = tmp_path / "killed.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsgraph.cli",
            "ingest",
            str(corpus),
            "--db",
            str(killed),
            "--commit-every",
            "8",
        ],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            if killed.exists():
                try:
                    with open_store(killed, wait=0.2) as con:
                        stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
                except StoreError:
                    pass
            if stored >= 16:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    partial = counts(killed)
    assert 16 <= partial["documents"] < 160
    per_doc = _facts_per_document(killed)
    again = newsgraph("ingest", str(corpus), "--db", str(killed))
    assert again.returncode == 0, again.stderr[-2000:]
    clean = tmp_path / "clean.duckdb"
    ingest([str(corpus)], clean)
    assert counts(killed) == counts(clean)
    # the documents the killed run had stored were whole: each has every fact a clean run gives it
    whole = _facts_per_document(clean)
    assert per_doc and all(per_doc[d] == whole[d] for d in per_doc)
    with open_store(killed) as con:
        assert con.execute("SELECT count(*), count(DISTINCT content_hash) FROM documents").fetchone() == (
            160,
            160,
        )
        runs = con.execute("SELECT status FROM ingest_runs ORDER BY started_at").fetchall()
        assert [r[0] for r in runs] == ["running", "done"]  # the killed run is visible as such


def test_ingest_cli_exit_codes_and_lines(tmp_path):
    path = tmp_path / "c.duckdb"
    proc = newsgraph("ingest", str(EXAMPLES / "bad_records.jsonl"), "--db", str(path))
    assert proc.returncode == 3
    assert "rejected" in proc.stderr and "9 rejected" in proc.stderr
    shutil.copy(EXAMPLES / "article.txt", tmp_path / "a.txt")
    (tmp_path / "junk.duckdb").write_text("not a store", encoding="utf-8")
    proc = newsgraph("search", "Qaani", "--db", str(tmp_path / "junk.duckdb"))
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "not a newsgraph store" in proc.stderr


def _write_in_another_process(path: Path, announce: bool = True) -> float:
    """Seconds another process took to open the store for writing and commit one row;
    `announce=False` opens it with DuckDB alone (a writer that does not say it waits)."""
    if announce:
        script = (
            "from newsgraph.store import db\n"
            f"with db.connect({str(path)!r}, write=True, wait=10) as con:\n"
            "    con.execute(\"INSERT OR REPLACE INTO newsgraph_meta VALUES ('note', 'written')\")\n"
        )
    else:
        script = (
            "import duckdb, time\n"
            "for _ in range(200):\n"
            "    try:\n"
            f"        con = duckdb.connect({str(path)!r})\n"
            "        break\n"
            "    except duckdb.Error:\n"
            "        time.sleep(0.05)\n"
            "con.execute(\"INSERT OR REPLACE INTO newsgraph_meta VALUES ('note', 'written')\")\n"
            "con.close()\n"
        )
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0
    return time.monotonic() - start


def test_a_long_lived_reader_lets_a_writer_in(tmp_path):
    path = tmp_path / "r.duckdb"
    with db.connect(path, write=True, create_missing=True):
        pass
    gate = StoreGate(path)  # the server's gate: it holds the file up to 20 s
    try:
        with gate.reader() as con:
            assert stats(con)["documents"] == 0
        # a newsgraph writer in another process says it waits: the idle gate lets go at once
        # (the subprocess's own start-up is most of the time)
        assert _write_in_another_process(path) < 5
        assert not Path(str(path) + db.WAITING_SUFFIX).exists()  # its mark is gone
        with gate.reader() as a, gate.reader() as b:  # requests share one open store
            assert stats(a) == stats(b)
            assert a.execute("SELECT value FROM newsgraph_meta WHERE key = 'note'").fetchone() == ("written",)
        with gate.writer() as con:  # this process's own write
            con.execute("UPDATE newsgraph_meta SET value = 'again' WHERE key = 'note'")
        with gate.reader() as con:
            assert con.execute("SELECT value FROM newsgraph_meta WHERE key = 'note'").fetchone() == ("again",)
        assert gate.releases == 1
    finally:
        gate.close()


def test_an_idle_reader_lets_a_silent_writer_in_after_its_hold(tmp_path):
    path = tmp_path / "r.duckdb"
    with db.connect(path, write=True, create_missing=True):
        pass
    gate = StoreGate(path, hold=1.0)
    try:
        with gate.reader() as con:
            assert stats(con)["documents"] == 0
        # nobody reads meanwhile: the watchdog lets go when the hold is over
        assert _write_in_another_process(path, announce=False) < 8
        with gate.reader() as con:
            assert con.execute("SELECT value FROM newsgraph_meta WHERE key = 'note'").fetchone() == (
                "written",
            )
        assert gate.releases >= 1
    finally:
        gate.close()
