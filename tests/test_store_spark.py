"""spark: `ingest --from-parquet` stores what `ingest` stores; `resolve --spark` equals DuckDB's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.fail("spark tests need Java (scripts/setup.sh installs openjdk-17-jre-headless)", pytrace=False)

from newsgraph.store import db
from newsgraph.store.ingest import ingest
from newsgraph.store.parquet import ingest_parquet
from newsgraph.store.queries import open_store
from newsgraph.store.resolution import resolve_store

pytestmark = pytest.mark.spark
ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "store_articles.jsonl"
EXAMPLES = ROOT / "examples"

TABLES = {
    "documents": "SELECT doc_id, content_hash, text, record FROM documents",
    "doc_entities": "SELECT doc_id, local_id, name, group_key, entity_id, alias_names FROM doc_entities",
    "mentions": "SELECT * FROM mentions",
    "events": "SELECT doc_id, event_id, type, date_start, negated, ev_start, record FROM events",
    "event_args": "SELECT * FROM event_args",
    "quotes": "SELECT doc_id, quote_id, speaker_local_id, text, record FROM quotes",
    "times": "SELECT * FROM times",
    "sentences": "SELECT * FROM sentences",
    "rejects": "SELECT reason FROM rejects",  # spark-extract names records by the file's basename
    "judgements": "SELECT left_key, right_key, verdict, score, reasons FROM judgements",
    "entities": "SELECT entity_id, name, type, n_docs, n_mentions FROM entities",
}


def _dump(path: Path) -> dict[str, list]:
    with open_store(path) as con:
        return {t: sorted(map(repr, con.execute(q).fetchall())) for t, q in TABLES.items()}


@pytest.fixture(scope="module")
def spark():
    from newsgraph.spark.job import session

    s = session("local[2]")
    yield s
    s.stop()


def test_from_parquet_stores_what_ingest_stores(tmp_path, spark, nlp):
    from newsgraph.spark.job import run

    corpus = tmp_path / "in.jsonl"
    corpus.write_text(
        ARTICLES.read_text(encoding="utf-8") + (EXAMPLES / "bad_records.jsonl").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    run(str(corpus), str(tmp_path / "out"), partitions=3, spark=spark)
    from_spark = tmp_path / "spark.duckdb"
    report = ingest_parquet(tmp_path / "out", from_spark)
    assert report.counts.new == 14 and report.counts.rejected == 9
    direct = tmp_path / "direct.duckdb"
    ingest([str(corpus)], direct)
    assert _dump(from_spark) == _dump(direct)
    again = ingest_parquet(tmp_path / "out", from_spark)
    assert again.counts.new == 0 and again.counts.duplicate == 14


def test_resolve_on_spark_equals_resolve_on_duckdb(tmp_path, spark, nlp):
    from newsgraph.spark.resolve import spark_judged

    local = tmp_path / "local.duckdb"
    ingest([str(ARTICLES), str(EXAMPLES / "articles.jsonl")], local)
    on_spark = tmp_path / "spark.duckdb"
    on_spark.write_bytes(local.read_bytes())
    with db.connect(local, write=True) as con:
        duck = resolve_store(con, str(local), full=True)
    with db.connect(on_spark, write=True) as con:
        sp = resolve_store(con, str(on_spark), judged=spark_judged(spark=spark))
    assert sp.engine == "spark" and duck.engine == "duckdb"
    assert (sp.pairs, sp.same, sp.entities) == (duck.pairs, duck.same, duck.entities) and duck.same > 0
    assert _dump(on_spark) == _dump(local)
