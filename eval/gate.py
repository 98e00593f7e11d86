"""The quality gate: run newsgraph on our own gold cases (tests/cases/), score them with
eval/scoring.py and compare the totals to the floors pinned in eval/floors.json.

    python -m eval.gate                      # check; exit 1 below a floor, 2 if the cases changed
    python -m eval.gate --report             # also print every case's misses and spurious items
    python -m eval.gate --update             # pin the floors to the current scores (never lower)
    python -m eval.gate --update --allow-lower "events: trigger list reworked, see PR"

floors.json holds a floor per metric ("entities.f" ...; higher is better), a ceiling for
"noise_left" (lower is better) and the sha256 of the case corpus, so a changed case cannot
silently move the bar: the gate then asks for --update. Each --update is logged in its "history".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eval.scoring import PRF_METRICS, CaseScore, score_cases

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "cases"
FLOORS_PATH = ROOT / "eval" / "floors.json"
# Scores on ~25 short cases move in steps of 1/gold-count (~0.01-0.05), and a change in spaCy's
# tokenisation of one word must not fail the gate: 0.005 is below one step, so any lost item
# still fails, while float rounding (scores are stored rounded to 4 places) never does.
TOLERANCE = 0.005
CEILING_METRICS = ("noise_left",)  # counts: lower is better; no tolerance (they are integers)

EXIT_OK, EXIT_BELOW, EXIT_STALE = 0, 1, 2


def case_files(cases_dir: Path = CASES_DIR) -> tuple[list[Path], list[Path]]:
    """(input JSONL files, gold files) of the corpus, sorted by name."""
    return sorted(cases_dir.glob("*.jsonl")), sorted(cases_dir.glob("*.gold.json"))


def corpus_digest(cases_dir: Path = CASES_DIR) -> str:
    """sha256 over the names and bytes of every case file: any edit of a case changes it."""
    h = hashlib.sha256()
    inputs, golds = case_files(cases_dir)
    for path in sorted(inputs + golds):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def run_system(inputs: list[Path], nlp: Any = None) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Run the pipeline in-process on the case inputs: (output by id, input text by id)."""
    from newsgraph.ingest import read_path
    from newsgraph.pipeline import Rejected, process_batch

    if nlp is None:
        from newsgraph.nlp import load_pipeline

        nlp = load_pipeline()
    records = [r for path in inputs for r in read_path(path)]
    texts = {r.id: r.text for r in records if hasattr(r, "text")}
    outputs = {}
    for result in process_batch(records, nlp):
        if isinstance(result, Rejected):
            # a rejected case is a failure of the system, not of the gate: it scores as "no output"
            print(f"gate: case {result.record_id} rejected: {result.reason}", file=sys.stderr)
            continue
        outputs[result["document"]["id"]] = result
    return outputs, texts


def evaluate(cases_dir: Path = CASES_DIR, nlp: Any = None) -> tuple[list[CaseScore], dict[str, Any]]:
    """Score the system on every case of `cases_dir`: (per-case scores, totals)."""
    inputs, golds = case_files(cases_dir)
    outputs, texts = run_system(inputs, nlp)
    return score_cases([json.loads(p.read_text(encoding="utf-8")) for p in golds], outputs, texts)


def flat_metrics(totals: dict[str, Any]) -> dict[str, float]:
    """The gated numbers: P, R and F of every P/R/F metric, roles recall, event dates, noise left."""
    out: dict[str, float] = {}
    for key in PRF_METRICS:
        if key in totals:
            for part in ("p", "r", "f"):
                out[f"{key}.{part}"] = totals[key][part]
    out["roles_recall"] = totals["roles_recall"]
    out["event_dates"] = totals["event_dates"]
    out["noise_left"] = totals["noise_left"]
    return out


def load_floors(path: Path = FLOORS_PATH) -> dict[str, Any]:
    if not path.exists():
        return {"corpus_sha256": None, "floors": {}, "ceilings": {}, "history": []}
    return json.loads(path.read_text(encoding="utf-8"))


def check(metrics: dict[str, float], floors: dict[str, Any]) -> list[str]:
    """One message per metric below its floor (or above its ceiling); empty when all pass."""
    failures = []
    for name, floor in floors.get("floors", {}).items():
        value = metrics.get(name)
        if value is None:
            failures.append(f"{name}: not measured any more (floor {floor})")
        elif value < floor - TOLERANCE:
            failures.append(f"{name}: {value:.4f} is below its floor {floor:.4f}")
    for name, ceiling in floors.get("ceilings", {}).items():
        value = metrics.get(name)
        if value is not None and value > ceiling:
            failures.append(f"{name}: {value} is above its ceiling {ceiling}")
    return failures


def metric_status(name: str, metrics: dict[str, float], floors: dict[str, Any]) -> str | None:
    """The failure message of one metric, or None when it passes (for one test per metric)."""
    one = {
        "floors": {k: v for k, v in floors.get("floors", {}).items() if k == name},
        "ceilings": {k: v for k, v in floors.get("ceilings", {}).items() if k == name},
    }
    failures = check(metrics, one)
    return failures[0] if failures else None


def updated(
    metrics: dict[str, float], floors: dict[str, Any], digest: str, allow_lower: str | None
) -> tuple[dict[str, Any], list[str]]:
    """New floors pinned at `metrics`; the second value lists the lowered metrics that were
    refused (empty when the update may be written). Lowering needs a reason (`allow_lower`)."""
    old_floors = floors.get("floors", {})
    old_ceilings = floors.get("ceilings", {})
    new_floors = {k: v for k, v in metrics.items() if k not in CEILING_METRICS}
    new_ceilings = {k: v for k, v in metrics.items() if k in CEILING_METRICS}
    lowered = [
        f"{k}: {old_floors[k]} -> {v}" for k, v in new_floors.items() if k in old_floors and v < old_floors[k]
    ]
    lowered += [
        f"{k}: {old_ceilings[k]} -> {v}"
        for k, v in new_ceilings.items()
        if k in old_ceilings and v > old_ceilings[k]
    ]
    lowered += [f"{k}: dropped" for k in old_floors if k not in new_floors]
    if lowered and not allow_lower:
        return floors, lowered
    entry = {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "corpus_changed": digest != floors.get("corpus_sha256"),
        "lowered": lowered,
        "reason": allow_lower or "",
    }
    new = {
        "_comment": floors.get("_comment", _COMMENT),
        "corpus_sha256": digest,
        "tolerance": TOLERANCE,
        "floors": dict(sorted(new_floors.items())),
        "ceilings": dict(sorted(new_ceilings.items())),
        "history": [*floors.get("history", []), entry],
    }
    return new, []


_COMMENT = (
    "Written by `python -m eval.gate --update`; do not edit by hand. floors: minimum totals on "
    "tests/cases (a metric may fall by at most `tolerance`); ceilings: maximum counts; "
    "corpus_sha256: digest of tests/cases, checked before the floors."
)


def print_report(cases: list[CaseScore], totals: dict[str, Any], detail: bool) -> None:
    for c in cases:
        if not detail:
            continue
        d = c.as_dict()
        line = "  ".join(f"{k} F {d[k]['f']:.2f}" for k in ("entities", "events", "quotes") if k in d)
        print(f"== {c.id}{'' if c.found else ' (no output)'}  {line}")
        for kind, items in c.missed.items():
            if items:
                print(f"   missed {kind}: {items}")
        if c.noise_left:
            print(f"   noise left: {c.noise_left}")
        for kind, items in c.spurious.items():
            if items:
                print(f"   spurious {kind}: {items}")
    for name, value in flat_metrics(totals).items():
        print(f"  {name:22} {value}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.gate", description=__doc__.splitlines()[0])
    ap.add_argument("--update", action="store_true", help="pin the floors at the current scores")
    ap.add_argument(
        "--allow-lower", metavar="REASON", help="with --update: allow lowering a floor, saying why"
    )
    ap.add_argument("--report", action="store_true", help="print each case's misses and spurious items")
    ap.add_argument("--cases", type=Path, default=CASES_DIR, help="case directory (default tests/cases)")
    ap.add_argument("--floors", type=Path, default=FLOORS_PATH, help="floors file (default eval/floors.json)")
    args = ap.parse_args(argv)

    floors = load_floors(args.floors)
    digest = corpus_digest(args.cases)
    cases, totals = evaluate(args.cases)
    metrics = flat_metrics(totals)
    print_report(cases, totals, args.report)
    if args.update:
        new, refused = updated(metrics, floors, digest, args.allow_lower)
        if refused:
            print("gate: refusing to lower floors (give --allow-lower 'reason'):", file=sys.stderr)
            for item in refused:
                print(f"  {item}", file=sys.stderr)
            return EXIT_BELOW
        args.floors.write_text(json.dumps(new, indent=1) + "\n", encoding="utf-8")
        print(f"gate: floors written to {args.floors}")
        return EXIT_OK
    if digest != floors.get("corpus_sha256"):
        print(
            f"gate: the case corpus changed ({args.cases}: sha256 {digest[:12]}, floors were pinned on "
            f"{str(floors.get('corpus_sha256'))[:12]}); check the scores and run "
            "`python -m eval.gate --update`",
            file=sys.stderr,
        )
        return EXIT_STALE
    failures = check(metrics, floors)
    for failure in failures:
        print(f"gate: FAIL {failure}", file=sys.stderr)
    if failures:
        print("gate: run `python -m eval.gate --report` to see what was missed", file=sys.stderr)
        return EXIT_BELOW
    n_metrics = len(floors.get("floors", {})) + len(floors.get("ceilings", {}))
    print(f"gate: all {n_metrics} metrics at or above their floors")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
