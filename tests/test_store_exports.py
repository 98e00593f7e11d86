"""Store exports, each read back with the library its users would use."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from followthemoney import model

from newsgraph.export.store_export import export
from newsgraph.store.ingest import ingest
from newsgraph.store.queries import open_store, search

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "store_articles.jsonl"


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("x") / "x.duckdb"
    ingest([str(ARTICLES)], path)
    return path


def _export(store: Path, fmt: str, out: Path) -> int:
    with open_store(store) as con:
        return export(con, fmt, str(out))


def _qaani(store: Path) -> str:
    with open_store(store) as con:
        return search(con, "Ghaani")[0]["entity_id"]


def test_jsonl_is_the_extract_format_with_entity_ids(store, tmp_path):
    out = tmp_path / "docs.jsonl"
    n = _export(store, "jsonl", out)
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert n == len(docs) == 14
    assert set(docs[0]) == {"document", "entities", "events", "quotes", "times"}
    qaani = _qaani(store)
    assert sum(1 for d in docs for e in d["entities"] if e["entity_id"] == qaani) >= 4
    assert [e["id"] for e in docs[0]["entities"]] == sorted(
        (e["id"] for e in docs[0]["entities"]), key=lambda x: int(x[1:])
    )


def test_csv_and_parquet_tables(store, tmp_path):
    _export(store, "csv", tmp_path / "csv")
    _export(store, "parquet", tmp_path / "pq")
    with open(tmp_path / "csv" / "entities.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    table = pq.read_table(tmp_path / "pq" / "entities.parquet")
    assert rows and len(rows) == table.num_rows
    assert {"entity_id", "name", "type", "n_docs"} <= set(table.column_names)
    names = pq.read_table(tmp_path / "pq" / "entity_names.parquet").to_pylist()
    assert any(r["name"] == "اسماعیل قاآنی" and r["script"] == "Persian" for r in names)  # Unicode survives
    docs = pq.read_table(tmp_path / "pq" / "documents.parquet", columns=["doc_id", "text"]).to_pylist()
    assert len(docs) == 14 and all(d["text"] for d in docs)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_open_in_networkx(store, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    _export(store, fmt, out)
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    qaani = _qaani(store)
    assert qaani in g.nodes
    label = g.nodes[qaani].get("label")
    assert label in ("Esmail Qaani", "Ismail Ghaani", "Ismail Qani")
    kinds = {d.get("kind") for _, _, d in g.edges(data=True)}
    assert kinds == {"co_mention", "event"}
    assert all(float(d["weight"]) >= 1 for _, _, d in g.edges(data=True))


def test_followthemoney_entities_validate(store, tmp_path):
    out = tmp_path / "ftm.jsonl"
    _export(store, "ftm", out)
    proxies = [model.get_proxy(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines()]
    by_schema: dict[str, list] = {}
    for p in proxies:
        by_schema.setdefault(p.schema.name, []).append(p)
    assert {"Article", "Person", "Organization", "Documentation", "Event"} <= set(by_schema)
    ids = {p.id for p in proxies}
    for p in proxies:  # every entity reference points at an exported entity
        for prop, value in p.itervalues():
            if prop.type.name == "entity":
                assert value in ids, (p.schema.name, prop.name, value)
    qaani = next(p for p in by_schema["Person"] if "Esmail Qaani" in p.names or "Ismail Ghaani" in p.names)
    assert "اسماعیل قاآنی" in qaani.get("alias")
    assert any(a.get("bodyText") for a in by_schema["Article"])


def test_plover_records(store, tmp_path):
    out = tmp_path / "plover.jsonl"
    n = _export(store, "plover", out)
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert n == len(recs) > 0
    assert {"event_type", "source", "target", "date", "doc_id", "source_entity_ids"} <= set(recs[0])
    assert not any(r["negated"] for r in recs)
    qaani = _qaani(store)
    assert any(qaani in r["source_entity_ids"] for r in recs)
