"""The labelled resolution set (eval/resolution/labelled.yaml) and its pairwise scorer.

    python -m eval.resolution              # pairwise precision / recall / F1 of newsgraph's resolver
    python -m eval.resolution --errors     # also every false merge and every missed pair

Each name of an entity becomes one record, as one article's mention would: a Unit with the
entity's type and part of its context, given deterministically by the record's position (a
record gets a title on two positions of three, an organisation on one of four, two co-mentioned
names on four of five, the country on one of two, a date in one of three years; some get none).
Pairwise scores count every pair of records: a true pair is two records of one entity; a
predicted pair is two records resolved to one entity.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from newsgraph.resolve.engine import resolve
from newsgraph.resolve.units import Unit

SET_PATH = Path(__file__).with_name("labelled.yaml")
YEARS = ("2021", "2022", "2023")


@dataclass(frozen=True, slots=True)
class Record:
    label: str
    unit: Unit


def _pick(items: list, i: int, every: int, skip: int) -> list:
    """items[i] when position i is not a skip position (i % every == skip)."""
    if not items or i % every == skip:
        return []
    return [items[i % len(items)]]


def load_records(path: Path = SET_PATH) -> list[Record]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    records = []
    for ent in data["entities"]:
        aliases = ent.get("aliases") or {}
        names = list(ent["names"]) + [n for n in aliases if n not in ent["names"]]
        for i, name in enumerate(names):
            co = ent.get("co") or []
            co_here = [] if i % 5 == 4 or not co else [co[i % len(co)], co[(i + 1) % len(co)]]
            unit = Unit(
                key=f"{ent['id']}#{i}",
                name=name,
                type=ent["type"],
                aliases=tuple((a, k) for a, k in aliases.get(name, [])),
                titles=tuple(_pick(ent.get("titles") or [], i, 3, 2)),
                orgs=tuple(_pick(ent.get("orgs") or [], i, 4, 1) if i % 4 == 0 else []),
                co_mentions=tuple((n, t) for n, t in co_here if n != name),
                country=ent.get("country") if i % 2 == 0 else None,
                date=f"{(ent.get('years') or YEARS)[i % 3]}-0{1 + i % 9}-15",
            )
            records.append(Record(ent["id"], unit))
    return records


@dataclass(frozen=True, slots=True)
class PairScore:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    false_merges: list[tuple[Record, Record]]
    missed: list[tuple[Record, Record]]


def pairwise(records: list[Record], entity_of: dict[str, str]) -> PairScore:
    tp = fp = fn = 0
    false_merges, missed = [], []
    for a, b in itertools.combinations(records, 2):
        same_label = a.label == b.label
        same_pred = entity_of[a.unit.key] == entity_of[b.unit.key]
        if same_label and same_pred:
            tp += 1
        elif same_pred:
            fp += 1
            false_merges.append((a, b))
        elif same_label:
            fn += 1
            missed.append((a, b))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PairScore(p, r, f, tp + fn, tp + fp, false_merges, missed)


def newsgraph_entities(records: Iterable[Record]) -> dict[str, str]:
    records = list(records)
    res = resolve(r.unit for r in records)
    return {r.unit.key: res.entity_of(r.unit) for r in records}


def hashemis_apart(records: list[Record], entity_of: dict[str, str]) -> bool:
    tariq = {entity_of[r.unit.key] for r in records if r.label == "tariq_hashemi"}
    hisham = {entity_of[r.unit.key] for r in records if r.label == "hisham_hashemi"}
    return bool(tariq) and bool(hisham) and not tariq & hisham


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", action="store_true", help="print false merges and missed pairs")
    args = ap.parse_args(argv)
    records = load_records()
    entity_of = newsgraph_entities(records)
    score = pairwise(records, entity_of)
    n_entities = len({r.label for r in records})
    print(f"{len(records)} records of {n_entities} entities, {score.true_pairs} true pairs")
    print(f"pairwise precision {score.precision:.4f}  recall {score.recall:.4f}  F1 {score.f1:.4f}")
    print(f"the two al-Hashemis apart: {hashemis_apart(records, entity_of)}")
    if args.errors:
        for title, pairs in (("false merges", score.false_merges), ("missed", score.missed)):
            print(f"\n{title} ({len(pairs)}):")
            for a, b in pairs:
                print(f"  {a.label}: {a.unit.name!r}  ~  {b.label}: {b.unit.name!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
