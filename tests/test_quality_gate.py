"""The quality gate in the test suite: newsgraph on our own gold cases (tests/cases/) must stay at
or above the floors pinned in eval/floors.json, one test per metric so a failure names it.

To see what was missed: `python -m eval.gate --report`. To pin new floors after an improvement:
`python -m eval.gate --update` (lowering one needs `--allow-lower "reason"`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eval import gate
from eval.scoring import fold, score_case

FLOORS = gate.load_floors()
METRICS = sorted(FLOORS.get("floors", {})) + sorted(FLOORS.get("ceilings", {}))


@pytest.fixture(scope="module")
def measured(nlp):
    _, totals = gate.evaluate(gate.CASES_DIR, nlp)
    return gate.flat_metrics(totals)


def test_case_corpus_is_the_one_the_floors_were_pinned_on():
    assert gate.corpus_digest() == FLOORS.get("corpus_sha256"), (
        "tests/cases changed since the floors were pinned: check `python -m eval.gate --report`, "
        "then run `python -m eval.gate --update`"
    )


@pytest.mark.parametrize("metric", METRICS)
def test_metric_at_or_above_its_floor(metric, measured):
    failure = gate.metric_status(metric, measured, FLOORS)
    assert failure is None, f"{failure}; see `python -m eval.gate --report`"


def test_every_case_has_input_and_gold():
    inputs, golds = gate.case_files()
    assert len(golds) >= 20
    stems = {p.name.removesuffix(".jsonl") for p in inputs}
    assert stems == {p.name.removesuffix(".gold.json") for p in golds}
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert gold["document"]["id"] == path.name.removesuffix(".gold.json")


def test_every_gold_entity_is_named_in_its_case_text():
    # an entity none of whose names the text contains cannot be found; it would only lower recall
    # (an alias may be a canonical form absent from the text: "Iran" for "Tehran")
    for path in gate.case_files()[1]:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = json.loads(path.with_name(gold["document"]["id"] + ".jsonl").read_text(encoding="utf-8"))[
            "text"
        ]
        for ent in gold["entities"]:
            assert any(fold(a) in fold(text) for a in ent["aliases"]), f"{path.name}: {ent['name']!r}"


# -- the gate's own logic, on small made-up numbers ------------------------------------------


def test_check_allows_the_tolerance_and_no_more():
    floors = {"floors": {"events.f": 0.5}, "ceilings": {"noise_left": 1}}
    assert gate.check({"events.f": 0.5 - gate.TOLERANCE / 2, "noise_left": 1}, floors) == []
    failures = gate.check({"events.f": 0.49, "noise_left": 2}, floors)
    assert len(failures) == 2
    assert "events.f" in failures[0] and "noise_left" in failures[1]


def test_a_metric_no_longer_measured_fails():
    assert gate.check({}, {"floors": {"quotes.f": 0.3}}) == ["quotes.f: not measured any more (floor 0.3)"]


def test_update_refuses_to_lower_a_floor_without_a_reason():
    old = {"corpus_sha256": "d", "floors": {"events.f": 0.5, "quotes.f": 0.2}, "ceilings": {}, "history": []}
    new, refused = gate.updated({"events.f": 0.4, "quotes.f": 0.3}, old, "d", allow_lower=None)
    assert new is old
    assert refused == ["events.f: 0.5 -> 0.4"]


def test_update_with_a_reason_lowers_and_logs_it():
    old = {"corpus_sha256": "d", "floors": {"events.f": 0.5}, "ceilings": {}, "history": []}
    new, refused = gate.updated({"events.f": 0.4, "noise_left": 0}, old, "e", allow_lower="new harder case")
    assert refused == []
    assert new["floors"] == {"events.f": 0.4}
    assert new["ceilings"] == {"noise_left": 0}
    assert new["corpus_sha256"] == "e"
    assert new["history"][-1]["reason"] == "new harder case"
    assert new["history"][-1]["corpus_changed"] is True


def test_update_raises_floors_freely():
    old = {"corpus_sha256": "d", "floors": {"events.f": 0.5}, "ceilings": {"noise_left": 3}, "history": []}
    new, refused = gate.updated({"events.f": 0.7, "noise_left": 1}, old, "d", allow_lower=None)
    assert refused == []
    assert new["floors"]["events.f"] == 0.7 and new["ceilings"]["noise_left"] == 1


def test_gate_cli_says_when_the_corpus_changed(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    src = gate.CASES_DIR / "event-accuse"
    for suffix in (".jsonl", ".gold.json"):
        (cases / f"event-accuse{suffix}").write_bytes(Path(str(src) + suffix).read_bytes())
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"corpus_sha256": "0" * 64, "floors": {}, "ceilings": {}}), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "eval.gate", "--cases", str(cases), "--floors", str(floors)],
        capture_output=True,
        text=True,
        cwd=gate.ROOT,
        timeout=300,
    )
    assert proc.returncode == gate.EXIT_STALE
    assert "corpus changed" in proc.stderr and "--update" in proc.stderr


# -- the scorer, on a hand-made system output ------------------------------------------------

GOLD = {
    "document": {"id": "d", "authors": ["Samir Haddad"], "noise": ["AFP"]},
    "entities": [
        {
            "id": "omar",
            "type": "PERSON",
            "name": "Omar al-Jabouri",
            "aliases": ["Omar al-Jabouri", "al-Jabouri"],
        },
        {"id": "saad", "type": "PERSON", "name": "Saad al-Jabouri", "aliases": ["Saad al-Jabouri"]},
        {"id": "eg", "type": "GPE", "name": "Egypt", "aliases": ["Egypt"]},
    ],
    "events": [
        {
            "id": "v",
            "types": ["ACCUSE"],
            "actors": ["omar"],
            "targets": ["eg"],
            "locations": [],
            "date": None,
        },
        {"id": "x", "types": ["ASSAULT"], "actors": ["saad"], "targets": [], "denied": True},
    ],
    "quotes": [
        {
            "id": "q",
            "speaker": None,
            "speaker_text": "an official",
            "speaker_keywords": ["official"],
            "direct": False,
            "text": "the road to Cairo is open again",
        }
    ],
}
TEXT = "Omar al-Jabouri met Saad al-Jabouri. Later al-Jabouri accused Egypt.\nAFP"


def test_scorer_merging_two_men_breaks_alias_pairs_and_asserting_a_denied_event_is_spurious():
    system = {
        "document": {"authors": ["Samir Haddad"], "clean_text": "Omar al-Jabouri met Saad al-Jabouri."},
        "entities": [
            {
                "id": "e1",
                "type": "PERSON",
                "name": "Omar al-Jabouri",
                "aliases": ["Saad al-Jabouri", "al-Jabouri"],
            },
            {"id": "e2", "type": "GPE", "name": "Egypt", "aliases": []},
        ],
        "events": [
            {"type": "ACCUSE", "actors": ["e1"], "targets": ["e2"], "locations": []},
            {"type": "ASSAULT", "actors": ["e1"], "targets": [], "locations": [], "negated": True},
        ],
        "quotes": [
            {"text": "The road to Cairo is open again", "speaker": None, "speaker_text": "a senior official"}
        ],
    }
    s = score_case(GOLD, system, TEXT)
    assert s.counts["entities"].as_dict()["r"] == pytest.approx(2 / 3, abs=1e-4)
    assert s.spurious["alias_pairs"]  # omar's and saad's names in one system entity
    assert s.counts["events"].tp == 1 and s.counts["events"].sys == 1  # the negated event is not scored
    assert s.counts["quotes_attributed"].tp == 1
    assert s.counts["authors"].f == 1.0
    assert s.noise_left == []
    # asserting the denied event (not negated) makes it spurious
    system["events"][1]["negated"] = False
    system["entities"].append({"id": "e3", "type": "PERSON", "name": "Saad al-Jabouri", "aliases": []})
    system["events"][1]["actors"] = ["e3"]
    assert score_case(GOLD, system, TEXT).counts["events"].as_dict()["p"] == 0.5


def test_a_case_scored_for_names_only_does_not_count_events_or_quotes():
    gold = {**GOLD, "document": {**GOLD["document"], "scored": ["entities", "alias_pairs"]}}
    system = {"entities": [], "events": [{"type": "PROTEST", "actors": []}], "quotes": [{"text": "x y z"}]}
    s = score_case(gold, system, TEXT)
    assert set(s.counts) == {"entities", "alias_pairs"}
    assert s.dates == (0, 0) and s.roles == (0, 0)
    with pytest.raises(ValueError, match="unknown 'scored'"):
        score_case({**GOLD, "document": {"id": "d", "scored": ["event"]}}, system, TEXT)
