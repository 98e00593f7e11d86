"""The JSON API (FastAPI TestClient) over a store built from the bundled examples."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newsgraph.api.app import create_app
from newsgraph.store import queries
from tests.web_helpers import TEST_HOSTS, copy_of, examples_store


@pytest.fixture(scope="module")
def store():
    return examples_store()


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store, hosts=TEST_HOSTS)) as c:
        yield c


@pytest.fixture
def writable(tmp_path):
    """A client over a copy of the store that a test may change."""
    path = copy_of(examples_store(), tmp_path)
    with TestClient(create_app(path, hosts=TEST_HOSTS)) as c:
        yield c


def first_id(client, name: str) -> str:
    hits = client.get("/api/search", params={"q": name}).json()
    assert hits, name
    return hits[0]["entity_id"]


def test_search_finds_a_name_by_another_spelling(client):
    hits = client.get("/api/search", params={"q": "Dabaiba"}).json()
    assert hits[0]["name"] == "Abdul Hamid Dbeibah"
    assert hits[0]["match"] == "spelling"
    assert (
        client.get("/api/search", params={"q": "Hasan Shaikh Mohamud"}).json()[0]["name"]
        == "Hassan Sheikh Mohamud"
    )


def test_suggest_needs_two_characters_and_gives_few(client):
    assert client.get("/api/suggest", params={"q": "a"}).json() == []
    hits = client.get("/api/suggest", params={"q": "Dbei"}).json()
    assert [h["name"] for h in hits] == ["Abdul Hamid Dbeibah"]


def test_profile_by_id_or_name_with_evidence(client):
    eid = first_id(client, "Hassan Sheikh Mohamud")
    prof = client.get(f"/api/entities/{eid}").json()
    assert prof["entity"]["name"] == "Hassan Sheikh Mohamud"
    assert {n["name"] for n in prof["names"]} >= {"Hassan Sheikh Mohamud", "Mohamud"}
    (role,) = prof["roles"]
    assert role["title"] == "Somalia's president"
    ev = prof["events_as_actor"][0]
    assert ev["doc_id"] == "mogadishu-airstrike"
    doc = client.get(f"/api/documents/{ev['doc_id']}").json()
    assert doc["text"][ev["start"] : ev["end"]] == ev["text"]
    assert "Hassan Sheikh Mohamud" in ev["sentence"]
    assert client.get("/api/entities/Hasan Shaikh Mohamud").json()["entity"]["entity_id"] == eid


def test_events_filters(client):
    every = client.get("/api/events", params={"negated": True, "limit": 500}).json()
    asserted = client.get("/api/events", params={"limit": 500}).json()
    assert len(every) > len(asserted) and all(not e["negated"] for e in asserted)
    assault = client.get("/api/events", params={"type": "assault", "limit": 500}).json()
    assert assault and {e["type"] for e in assault} == {"ASSAULT"}
    us = first_id(client, "United States")
    as_actor = client.get("/api/events", params={"actor": "United States", "limit": 500}).json()
    assert as_actor and all(us in {a["entity_id"] for a in e["actors"]} for e in as_actor)
    as_target = client.get("/api/events", params={"target": us}).json()
    assert as_target and all(us in {a["entity_id"] for a in e["targets"]} for e in as_target)
    dated = client.get("/api/events", params={"from": "2024-01-01", "to": "2024-03-31", "limit": 500}).json()
    assert dated and len(dated) < len(asserted)
    assert all((e["date_end"] or e["published"]) >= "2024-01-01" for e in dated)
    claimed = client.get("/api/events", params={"claimed": True}).json()
    unclaimed = client.get("/api/events", params={"claimed": False, "limit": 500}).json()
    assert len(claimed) + len(unclaimed) == len(asserted)
    syria = client.get("/api/events", params={"place": "Syria"}).json()
    assert syria and all("Syria" in {a["name"] for a in e["locations"]} for e in syria)


def test_events_page_through(client):
    first = client.get("/api/events", params={"limit": 5}).json()
    second = client.get("/api/events", params={"limit": 5, "offset": 5}).json()
    assert len(first) == 5 and second
    assert not {(e["doc_id"], e["event_id"]) for e in first} & {(e["doc_id"], e["event_id"]) for e in second}


def test_quotes_by_speaker_and_unnamed_only(client):
    unnamed = client.get("/api/quotes", params={"unnamed": True, "limit": 500}).json()
    assert unnamed and all(not q["named"] and q["speaker_id"] is None for q in unnamed)
    eid = first_id(client, "Ahmed Abdi Farah")
    by = client.get("/api/quotes", params={"speaker": eid}).json()
    assert by and all(q["speaker_id"] == eid for q in by)


def test_network_and_paged_neighbours(client):
    net = client.get("/api/network").json()
    ids = {n["id"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    assert {"co_mention", "event"} == {e["kind"] for e in net["edges"]}
    us = first_id(client, "United States")
    page1 = client.get(f"/api/entities/{us}/neighbours", params={"limit": 3}).json()
    page2 = client.get(f"/api/entities/{us}/neighbours", params={"limit": 3, "offset": 3}).json()
    assert page1["total"] > 6 and len(page1["neighbours"]) == 3
    assert not {n["entity_id"] for n in page1["neighbours"]} & {n["entity_id"] for n in page2["neighbours"]}


def test_sources_share_of_unnamed(client):
    rows = client.get("/api/sources").json()
    libya = next(r for r in rows if r["outlet"] == "Libya Observer")
    assert libya["unnamed_share"] == pytest.approx(libya["unnamed"] / libya["n_quotes"], abs=1e-3)
    stories = client.get("/api/sources", params={"by": "document"}).json()
    assert stories[0]["doc_id"] and stories[0]["unnamed_share"] >= stories[-1]["unnamed_share"]


def test_document_has_every_fact(client, store):
    listed = client.get("/api/documents", params={"limit": 100}).json()
    (html,) = [d for d in listed if d["doc_id"].endswith("examples/article.html")]  # a path: its id
    doc = client.get(f"/api/documents/{html['doc_id']}").json()
    assert doc["title"].startswith("Protesters in Sweida")
    with queries.open_store(store) as con:
        n_mentions = con.execute(
            "SELECT count(*) FROM mentions WHERE doc_id = ?", [doc["doc_id"]]
        ).fetchone()[0]
    assert len(doc["mentions"]) == n_mentions > 0
    assert doc["removed"] == [] or all(
        doc["text"][r["start"] : r["end"]] == r["text"] for r in doc["removed"]
    )


def test_unknown_things_are_404_with_one_line(client):
    for url in ("/api/entities/E000000000000", "/api/documents/no-such-doc", "/api/events?actor=Zzyzx Qqq"):
        r = client.get(url)
        assert r.status_code == 404
        assert set(r.json()) == {"status", "error"}


def test_bad_parameters_are_422_with_one_line(client):
    for url in ("/api/events?limit=0", "/api/events?from=yesterday", "/api/search", "/api/sources?by=planet"):
        r = client.get(url)
        assert r.status_code == 422, url
        assert r.json()["error"].startswith("invalid parameters")


def test_merge_split_suppress_retract_are_judgements_with_who_and_when(writable):
    c = writable
    a, b = first_id(c, "US Central Command"), first_id(c, "CENTCOM")
    assert a != b
    r = c.post(f"/api/entities/{a}/merge", json={"other": b, "author": "analyst-a", "note": "same command"})
    assert r.status_code == 200, r.text
    merged = r.json()["entity_id"]
    assert first_id(c, "CENTCOM") == first_id(c, "US Central Command") == merged
    mine = [j for j in c.get(f"/api/entities/{merged}/judgements").json() if j["source"] == "analyst"]
    assert [(j["verdict"], j["author"], j["note"]) for j in mine] == [("same", "analyst-a", "same command")]
    assert mine[0]["created_at"]
    r = c.post(f"/api/judgements/{mine[0]['judgement_id']}/retract", json={"author": "analyst-b"})
    assert r.status_code == 200
    assert first_id(c, "CENTCOM") != first_id(c, "US Central Command")
    kept = [
        j
        for j in c.get(f"/api/entities/{first_id(c, 'CENTCOM')}/judgements").json()
        if j["source"] == "analyst"
    ]
    assert kept[0]["retracted_by"] == "analyst-b" and kept[0]["retracted_at"]

    eid = first_id(c, "Hassan Sheikh Mohamud")
    r = c.post(f"/api/entities/{eid}/split", json={"name": "Sheikh Mohamud", "author": "analyst-a"})
    assert r.status_code in (200, 409), r.text  # 409: the name is all of one group, nothing to split
    r = c.post(f"/api/entities/{first_id(c, 'Hurras al-Din')}/suppress", json={"author": "analyst-a"})
    assert r.status_code == 200
    assert all(
        h["name"] != "Hurras al-Din" for h in c.get("/api/search", params={"q": "Hurras al-Din"}).json()
    )


def test_merging_an_entity_with_itself_is_a_conflict(writable):
    a = first_id(writable, "CENTCOM")
    r = writable.post(f"/api/entities/{a}/merge", json={"other": a})
    assert r.status_code == 409 and "already one entity" in r.json()["error"]


def test_extract_shows_at_once_and_stores_when_asked(writable):
    text = (
        "BAGHDAD -- Iraqi police arrested Khalid Jassim al-Obeidi, a commander of the Popular "
        "Mobilization Forces, in Baghdad on Monday, the interior ministry said.\n\n"
        '"He was detained on a warrant," a ministry spokesman said.'
    )
    r = writable.post(
        "/api/extract", json={"text": text, "published": "2024-02-07", "title": "Arrest in Baghdad"}
    )
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["stored_doc_id"] is None and out["rejected"] is None
    names = {e["name"] for e in out["graph"]["entities"]}
    assert "Khalid Jassim al-Obeidi" in names
    assert any(e["type"] == "COERCE" for e in out["graph"]["events"])
    before = writable.get("/api/stats").json()["documents"]
    r = writable.post("/api/extract", json={"text": text, "published": "2024-02-07", "store": True})
    doc_id = r.json()["stored_doc_id"]
    assert doc_id and writable.get("/api/stats").json()["documents"] == before + 1
    assert writable.get(f"/api/documents/{doc_id}").json()["text"] == text
    assert writable.get("/api/search", params={"q": "Khaled al-Obaidi"}).json()


FRENCH = (
    "Le président de la République a déclaré lundi que la situation dans le nord du pays était grave "
    "et que le gouvernement allait prendre des mesures pour protéger les civils. Selon les autorités "
    "locales, les combats entre l'armée et les groupes armés ont fait au moins dix morts dans la région "
    "depuis le début de la semaine, et des milliers de personnes ont fui leurs villages pour se "
    "réfugier dans les villes voisines où les organisations humanitaires leur viennent en aide."
)


def test_extract_rejects_what_ingest_rejects(client):
    r = client.post("/api/extract", json={"text": FRENCH})
    assert r.status_code == 200
    assert r.json()["graph"] is None and "English" in r.json()["rejected"]


def test_openapi_spec_lists_the_api(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/api/search",
        "/api/entities/{ref}",
        "/api/events",
        "/api/quotes",
        "/api/network",
        "/api/sources",
        "/api/extract",
    } <= paths
    assert not [p for p in paths if not p.startswith("/api/")]
    assert client.get("/docs").status_code == 404  # FastAPI's docs page would load a CDN


def test_serve_says_where_it_listens_and_on_what_store(tmp_path):
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.web_helpers import ROOT, free_port

    store, port = copy_of(examples_store(), tmp_path), free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsgraph.cli",
            "serve",
            "--db",
            str(store),
            "--port",
            str(port),
            "--no-warm",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    try:
        line = proc.stderr.readline()
        assert f"serving {store}" in line and f"on http://127.0.0.1:{port}/" in line
        assert "documents" in line and "warning" not in line
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats") as r:
                    assert r.status == 200
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not answer")
    finally:
        proc.terminate()
        proc.wait(10)


def test_page_lookups_give_the_store_queries_rows(store):
    from newsgraph.web import lookups

    with queries.open_store(store) as con:
        ids = [
            r[0]
            for r in con.execute("SELECT entity_id FROM entities ORDER BY n_docs DESC LIMIT 40").fetchall()
        ]
        about = [lookups.quotes_about(con, e, 20) for e in ids]
        assert sum(1 for a in about if a) >= 3
        assert about == [queries.quotes(con, about=e, limit=20) for e in ids]
        for e in ids:
            mine = lookups.entity_events(con, e, None, None, None, 401)
            assert mine == queries.timeline(con, actor=e, limit=401, include_negated=True)
