"""store.queries and store.analyst: the read API (CLI, exports, web) and the analyst's judgements."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.resolve.judgements import dump_jsonl
from newsgraph.store import analyst, db, queries
from newsgraph.store.ingest import ingest
from newsgraph.store.queries import open_store
from newsgraph.store.resolution import resolve_store

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "store_articles.jsonl"


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("q") / "q.duckdb"
    ingest([str(ARTICLES)], path)
    return path


@pytest.fixture
def con(store):
    with open_store(store) as c:
        yield c


def eid(con, name: str) -> str:
    hit = queries.find_entity(con, name)
    assert hit is not None, name
    return hit


def _evidence_ok(con, item: dict) -> bool:
    text = con.execute("SELECT text FROM documents WHERE doc_id = ?", [item["doc_id"]]).fetchone()[0]
    return (
        text[item["start"] : item["end"]] == item["text"]
        and item["text"] in (item.get("sentence") or "") + item["text"]
    )


def test_search_ranks_the_spelling_and_suggests_prefixes(con):
    hits = queries.search(con, "Ghaani")
    assert hits[0]["name"] in ("Esmail Qaani", "Ismail Ghaani", "Ismail Qani")
    assert queries.suggest(con, "Dbei")[0]["name"].startswith("Abdul")
    assert queries.search(con, "Kathimi")  # a spelling the skeleton misses: the fuzzy fallback
    assert queries.search(con, "") == []
    assert queries.search(con, "'; DROP TABLE entities; --") == []
    assert queries.stats(con)["entities"] > 0


def test_profile_has_names_roles_events_quotes_and_evidence(con):
    prof = queries.profile(con, "Ghaani")
    assert prof is not None
    assert {"Esmail Qaani", "Ismail Ghaani", "Ismail Qani", "اسماعیل قاآنی"} <= {
        n["name"] for n in prof["names"]
    }
    assert any(n["script"] == "Persian" for n in prof["names"])
    titles = {r["title"] for r in prof["roles"]}
    assert any("Quds Force" in t or "general" in t.lower() for t in titles)
    acts = prof["events_as_actor"]
    assert acts and all(_evidence_ok(con, e) for e in acts)
    dates = [e["date_start"] or e["published"] for e in acts]
    assert dates == sorted(dates)
    assert any(e["targets"] for e in acts)
    with_names = {c["name"] for c in prof["co_mentioned"]}
    assert "Hadi al-Amiri" in with_names
    assert prof["judgements"] and all(j["reasons"] for j in prof["judgements"])
    assert queries.profile(con, "Nobody Atall Zzyzx") is None


def test_roles_carry_time_bounds(con):
    roles = queries.roles(con, eid(con, "Mustafa al-Kadhimi"))
    assert roles and all(r["first_seen"] <= r["last_seen"] for r in roles)


def test_events_filters(con):
    everything = queries.events(con, limit=1000, include_negated=True)
    types = {e["type"] for e in everything}
    assert len(types) >= 3
    some = sorted(types)[0]
    assert {e["type"] for e in queries.events(con, event_type=some, limit=1000)} == {some}
    in_2020 = queries.events(con, date_from="2020-01-01", date_to="2020-12-31", limit=1000)
    assert in_2020 and all((e["date_start"] or e["published"])[:4] == "2020" for e in in_2020)
    negated = [e for e in everything if e["negated"]]
    assert negated, "the test articles hold a denial"
    assert not any(e["negated"] for e in queries.events(con, limit=1000))
    actor = everything[0]["actors"][0]["entity_id"] if everything[0]["actors"] else None
    if actor is None:
        actor = next(e["actors"][0]["entity_id"] for e in everything if e["actors"])
    mine = queries.events(con, actor=actor, include_negated=True, limit=1000)
    assert mine and all(any(a["entity_id"] == actor for a in e["actors"]) for e in mine)
    assert queries.events(con, claimed=True, limit=10) == []  # no claims in these articles yet
    page1 = queries.events(con, limit=2, include_negated=True)
    page2 = queries.events(con, limit=2, offset=2, include_negated=True)
    assert page1 == everything[:2] and page2 == everything[2:4]


def test_timeline_of_an_actor_is_in_date_order(con):
    line = queries.timeline(con, actor=eid(con, "Qaani"))
    assert len(line) >= 3
    keys = [e["date_start"] or e["published"] for e in line]
    assert keys == sorted(keys)


def test_quotes_by_speaker_and_unnamed_only(con):
    unnamed = queries.quotes(con, unnamed_only=True, limit=100)
    assert unnamed and not any(q["named"] for q in unnamed)
    assert any("official" in (q["speaker_text"] or "") for q in unnamed)
    named = [q for q in queries.quotes(con, limit=100) if q["named"]]
    assert named
    speaker = named[0]["speaker_id"]
    by_speaker = queries.quotes(con, speaker=speaker)
    assert by_speaker and all(q["speaker_id"] == speaker for q in by_speaker)


def test_network_and_paged_neighbours(con):
    graph = queries.network(con)
    ids = {n["id"] for n in graph["nodes"]}
    assert graph["edges"] and all(e["source"] in ids and e["target"] in ids for e in graph["edges"])
    assert {e["kind"] for e in graph["edges"]} == {"co_mention", "event"}
    q = eid(con, "Qaani")
    first = queries.neighbours(con, q, limit=2)
    second = queries.neighbours(con, q, limit=2, offset=2)
    assert first["total"] >= 4 and len(first["neighbours"]) == 2
    assert not {n["entity_id"] for n in first["neighbours"]} & {n["entity_id"] for n in second["neighbours"]}


def test_sources_share_of_unnamed(con):
    rows = queries.sources(con)
    assert rows and all(r["named"] + r["unnamed"] == r["n_quotes"] for r in rows)
    shares = [r["unnamed_share"] for r in rows if r["unnamed_share"] is not None]
    assert shares == sorted(shares, reverse=True)
    by_doc = queries.sources(con, by="document", limit=100)
    assert {r["doc_id"] for r in by_doc} >= {"s1", "s2"}
    with pytest.raises(ValueError):
        queries.sources(con, by="nonsense")


def test_document_has_all_its_facts_with_offsets(con):
    doc = queries.document(con, "s1")
    assert doc is not None and doc["text"].startswith("BAGHDAD")
    assert doc["mentions"] and all(doc["text"][m["start"] : m["end"]] == m["text"] for m in doc["mentions"])
    assert doc["entities"] and all(e["entity_id"] for e in doc["entities"])
    assert doc["sentences"] and doc["events"] and doc["quotes"]
    assert queries.document(con, "nope") is None


def _write(path):
    return db.connect(path, write=True)


def test_merge_split_suppress_survive_a_full_rerun_and_move_to_another_store(tmp_path, store):
    path = tmp_path / "j.duckdb"
    path.write_bytes(Path(store).read_bytes())
    with _write(path) as con:
        tariq, hisham = eid(con, "Tariq al-Hashemi"), eid(con, "Hisham al-Hashemi")
        merged = analyst.merge(
            con, "Tariq al-Hashemi", "Hisham al-Hashemi", author="ana", note="test", path=str(path)
        )
        assert merged.judgement_ids
        assert eid(con, "Tariq al-Hashemi") == eid(con, "Hisham al-Hashemi")
        resolve_store(con, str(path), full=True)  # the system's run does not undo an analyst
        assert eid(con, "Tariq al-Hashemi") == eid(con, "Hisham al-Hashemi")
        with pytest.raises(NewsgraphError, match="already one entity"):
            analyst.merge(con, "Tariq al-Hashemi", "Hisham al-Hashemi", author="ana", path=str(path))
        analyst.split(con, "Tariq al-Hashemi", "Hisham al-Hashemi", author="bo", path=str(path))
        assert eid(con, "Tariq al-Hashemi") != eid(con, "Hisham al-Hashemi")
        row = con.execute(
            "SELECT retracted_by FROM judgements WHERE judgement_id = ?", [merged.judgement_ids[0]]
        ).fetchone()
        assert row == ("bo",)  # the split retracted the merge, with who
        junk = eid(con, "Kharkiv")
        done = analyst.suppress(con, junk, author="ana", path=str(path))
        assert queries.entity(con, junk)["suppressed"] and not any(
            h["entity_id"] == junk for h in queries.search(con, "Kharkiv")
        )
        analyst.retract(con, done.judgement_ids[0], author="ana", path=str(path))
        assert not queries.entity(con, junk)["suppressed"]
        exported = analyst.export_judgements(con)
        assert {j.verdict for j in exported} == {"different"}
    other = tmp_path / "other.duckdb"
    other.write_bytes(Path(store).read_bytes())
    with _write(other) as con:
        analyst.merge(con, "Tariq al-Hashemi", "Hisham al-Hashemi", author="cy", path=str(other))
        written = analyst.import_judgements(con, exported, path=str(other))
        assert written.judgement_ids
        assert eid(con, "Tariq al-Hashemi") == eid(con, "Hisham al-Hashemi")  # cy's merge is later...
        again = analyst.import_judgements(con, exported, path=str(other))
        assert again.judgement_ids == []  # the same judgements twice are stored once
    assert tariq != hisham


def test_judgements_cli_export_and_import(tmp_path, store):
    a = tmp_path / "a.duckdb"
    b = tmp_path / "b.duckdb"
    a.write_bytes(Path(store).read_bytes())
    b.write_bytes(Path(store).read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSGRAPH_AUTHOR": "tester"}

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "newsgraph.cli", *args], capture_output=True, text=True, env=env
        )

    assert run("merge", "Kharkiv", "Kyiv", "--db", str(a)).returncode in (0, 1)
    done = run("split", "Ghaani", "Ismail Qani", "--db", str(a))
    assert done.returncode == 0, done.stderr
    out = tmp_path / "j.jsonl"
    assert run("judgements", "--export", str(out), "--db", str(a)).returncode == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(x)["author"] == "tester" for x in lines)
    assert run("judgements", "--import", str(out), "--db", str(b)).returncode == 0
    with open_store(b) as con:
        assert queries.find_entity(con, "Ismail Qani") != queries.find_entity(con, "Ismail Ghaani")
    assert list(dump_jsonl([])) == []
