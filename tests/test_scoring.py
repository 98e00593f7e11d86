"""eval/scoring.py (the quality gate's scorer) gives the same counts as the shared scorer
../shared/eval/score.py on the same outputs: our cases, the system's real output on them, and
the same output with mistakes put in (so that agreement is not only agreement on perfection).

eval/scoring.py exists so the gate runs where ../shared is not (a fresh clone); this test is
the proof that a number there means the same as one here. It is skipped only where the
shared scorer is absent.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from eval import gate
from eval.scoring import score_case

SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
COUNTED = ("entities", "alias_pairs", "events", "quotes", "quotes_attributed", "authors")

pytestmark = pytest.mark.skipif(not SHARED_SCORER.exists(), reason="../shared/eval/score.py not here")


def _shared_scores(tmp_path: Path, outputs: dict, inputs: list[Path], golds: list[Path]) -> dict:
    out = tmp_path / "out.jsonl"
    out.write_text("".join(json.dumps(o) + "\n" for o in outputs.values()), encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            str(SHARED_SCORER),
            str(out),
            *map(str, golds),
            "--text",
            *map(str, inputs),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)["documents"]


def _unscoped_cases() -> tuple[list[Path], list[Path]]:
    """Our cases that score everything (a `scored` scope is our extension, unknown to score.py)."""
    inputs, golds = gate.case_files()
    keep = [g for g in golds if "scored" not in json.loads(g.read_text(encoding="utf-8"))["document"]]
    names = {g.name.removesuffix(".gold.json") for g in keep}
    return [p for p in inputs if p.name.removesuffix(".jsonl") in names], keep


def _with_mistakes(outputs: dict) -> dict:
    """Each output with its first entity, event and quote dropped, and one event retyped."""
    out = copy.deepcopy(outputs)
    for doc in out.values():
        for key in ("entities", "events", "quotes"):
            if doc[key]:
                doc[key].pop(0)
        if doc["events"]:
            doc["events"][0]["type"] = "PROTEST" if doc["events"][0]["type"] != "PROTEST" else "AID"
    return out


def _counts(scores: dict) -> dict:
    return {k: (scores[k]["tp"], scores[k]["sys"], scores[k]["gold"]) for k in COUNTED if k in scores}


@pytest.mark.parametrize("variant", ["as extracted", "with mistakes"])
def test_our_scorer_agrees_with_the_shared_one(nlp, tmp_path, variant):
    inputs, golds = _unscoped_cases()
    assert len(golds) >= 10
    outputs, texts = gate.run_system(inputs, nlp)
    if variant == "with mistakes":
        outputs = _with_mistakes(outputs)
    shared = _shared_scores(tmp_path, outputs, inputs, golds)
    disagreements = []
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc_id = gold["document"]["id"]
        ours = score_case(gold, outputs.get(doc_id), texts.get(doc_id, "")).as_dict()
        theirs = shared[doc_id]
        if _counts(ours) != _counts(theirs):
            disagreements.append((doc_id, _counts(ours), _counts(theirs)))
        if ours["roles_recall"] != theirs["roles_recall"]:
            disagreements.append((doc_id, "roles", ours["roles_recall"], theirs["roles_recall"]))
        # score.py reports noise only for gold that lists noise lines; ours reports [] then
        if len(ours["noise_left"]) != len(theirs.get("noise_left", [])):
            disagreements.append((doc_id, "noise", ours["noise_left"], theirs["noise_left"]))
    assert disagreements == []
