"""Measure the coref stage on MEANTIME (../shared/external/meantime_en.jsonl): its pronoun and
nominal mentions of entities that the same article also names.

    python -m eval.coref_meantime [--shared ../shared] [--show N]

MEANTIME marks, in the first sentences of each of its 120 Wikinews articles, every mention of
its entities: names (NAM), nominals (NOM: "the company") and pronouns (PRO). A gold anaphor is a
PRO or NOM mention whose entity also has a NAM mention. A system reference (an entity's
`references`) stands for the shortest gold mention it overlaps (judged when that is such an
anaphor); it is right when the entity it was given
to holds a mention overlapping one of the gold entity's NAM mentions. Precision counts the system
references that overlap a gold PRO/NOM mention (others are not judged: MEANTIME marks only six
entity types, and only its first sentences); recall counts the gold anaphors. The data is read
at run time, never copied into the project.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(docs: list[dict[str, Any]], outputs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    wrong: list[str] = []
    for d in docs:
        out = outputs.get(d["id"], {})
        anaphors = []  # (span, gold entity id, syntactic type)
        names: dict[str, list[tuple[int, int]]] = {}
        for e in d["entities"]:
            for m in e["mentions"]:
                if m.get("start") is None:
                    continue
                span = (m["start"], m["end"])
                if m["syntactic_type"] == "NAM":
                    names.setdefault(e["id"], []).append(span)
                elif m["syntactic_type"] in ("PRO", "NOM"):
                    anaphors.append((span, e["id"], m["syntactic_type"], m["text"]))
        others = [a for a in anaphors if a[1] not in names]  # of entities never named
        anaphors = [a for a in anaphors if a[1] in names]
        named_spans = [(sp, eid, "NAM", "") for eid, spans in names.items() for sp in spans]
        named_spans += [(a[0], a[1], "OTHER", a[3]) for a in others]
        counts["gold"] += len(anaphors)
        counts.update(f"gold_{a[2]}" for a in anaphors)
        refs = [
            (e, (r["start"], r["end"]), r["label"])
            for e in out.get("entities", [])
            for r in e.get("references", [])
        ]
        for ent, span, label in refs:
            # the shortest gold mention it overlaps: "its" in "a 3G version of its iPhone" is
            # the pronoun's own mention (of Apple), not the product's
            over = [a for a in anaphors + named_spans if _overlaps(span, a[0])]
            hit = min(over, key=lambda a: a[0][1] - a[0][0], default=None)
            if hit is None or hit[2] not in ("PRO", "NOM"):
                continue
            counts["judged"] += 1
            counts[f"judged_{label}"] += 1
            own = [(m["start"], m["end"]) for m in ent.get("mentions", [])]
            right = any(_overlaps(o, n) for o in own for n in names[hit[1]])
            if right:
                counts["right"] += 1
                counts[f"right_{label}"] += 1
            else:
                wrong.append(f"{d['id']}: {hit[3]!r} -> {ent.get('name')!r}")
    p = counts["right"] / counts["judged"] if counts["judged"] else 0.0
    r = counts["right"] / counts["gold"] if counts["gold"] else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "counts": dict(counts), "wrong": wrong}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.coref_meantime", description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--show", type=int, default=0, help="print this many wrong references")
    args = ap.parse_args(argv)

    from newsgraph.model import Article
    from newsgraph.nlp import load_pipeline
    from newsgraph.pipeline import Rejected, process_batch

    path = args.shared / "external" / "meantime_en.jsonl"
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [Article(d["id"], d["text"], date.fromisoformat(d["published"][:10])) for d in docs]
    outputs = {
        r["document"]["id"]: r
        for r in process_batch(articles, load_pipeline())
        if not isinstance(r, Rejected)
    }
    result = score(docs, outputs)
    c = result["counts"]
    print(
        f"coref on MEANTIME: {c.get('gold', 0)} gold anaphors with a named antecedent "
        f"({c.get('gold_PRO', 0)} pronouns, {c.get('gold_NOM', 0)} nominals); "
        f"{c.get('judged', 0)} system references judged"
    )
    print(f"  precision {result['precision']:.3f}  recall {result['recall']:.3f}")
    for label in ("pronoun", "description"):
        judged = c.get(f"judged_{label}", 0)
        right = c.get(f"right_{label}", 0)
        print(f"  {label:11} {right}/{judged} right")
    for line in result["wrong"][: args.show]:
        print("  wrong:", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
