"""judgements: pairwise decisions about name groups, the only input clustering has.

Like nomenklatura's resolver: a judgement says that two name groups are the same entity
(`same`), two entities (`different`), or that the evidence is not enough (`unsure`); `suppress`
marks a group as junk (left = right). The system writes them with its score and the features
that gave it (`reasons`); analysts write them with `merge`, `split` and `suppress`, with who and
when. Analyst judgements outrank the system's for the same pair, are never overwritten by a
re-run, can be retracted (kept, with who and when), and are exported and re-applied by group key
(type class + folded name), which means the same thing in any store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any

SAME, DIFFERENT, UNSURE, SUPPRESS = "same", "different", "unsure", "suppress"
VERDICTS = (SAME, DIFFERENT, UNSURE, SUPPRESS)
SYSTEM, ANALYST = "system", "analyst"


@dataclass(frozen=True, slots=True)
class Judgement:
    left: str  # group key; left <= right
    right: str
    verdict: str
    source: str = SYSTEM
    score: float | None = None
    reasons: tuple[str, ...] = ()
    author: str | None = None
    at: str | None = None  # ISO 8601 time
    note: str | None = None

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")
        if self.left > self.right:
            raise ValueError("judgement pairs are ordered: left <= right")

    @property
    def pair(self) -> tuple[str, str]:
        return self.left, self.right


def judgement(a: str, b: str, verdict: str, **kw: Any) -> Judgement:
    """A judgement on the pair in either order."""
    left, right = sorted((a, b))
    return Judgement(left, right, verdict, **kw)


def to_dict(j: Judgement) -> dict[str, Any]:
    d = asdict(j)
    d["reasons"] = list(j.reasons)
    return d


def from_dict(d: dict[str, Any]) -> Judgement:
    fields = {k: d.get(k) for k in Judgement.__dataclass_fields__}
    fields["reasons"] = tuple(fields.get("reasons") or ())
    fields["source"] = fields.get("source") or SYSTEM
    return judgement(fields.pop("left"), fields.pop("right"), fields.pop("verdict"), **fields)


def dump_jsonl(judgements: Iterable[Judgement]) -> Iterator[str]:
    for j in judgements:
        yield json.dumps(to_dict(j), ensure_ascii=False, sort_keys=True)


def load_jsonl(lines: Iterable[str]) -> Iterator[Judgement]:
    """Judgements from JSON lines; a bad line raises ValueError naming its number."""
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield from_dict(json.loads(line))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"line {no}: not a judgement ({exc})") from exc


def effective(judgements: Iterable[Judgement]) -> dict[tuple[str, str], Judgement]:
    """One judgement per pair: an analyst's over the system's, the latest analyst's of several."""
    out: dict[tuple[str, str], Judgement] = {}
    for j in judgements:
        old = out.get(j.pair)
        if old is None or _rank(j) >= _rank(old):
            out[j.pair] = j
    return out


def _rank(j: Judgement) -> tuple[int, str]:
    return (1 if j.source == ANALYST else 0, j.at or "")


def settle_ambiguous(judgements: list[Judgement], partial: set[str], margin: float) -> list[Judgement]:
    """A surname-only group judged `same` as two groups that are judged `different` from each
    other joins the better one only if it scores `margin` more; otherwise both become `unsure`
    (a lone "al-Hashemi" next to Tariq and Hisham al-Hashemi). Only system judgements change."""
    same_of: dict[str, list[Judgement]] = {}
    different = {j.pair for j in judgements if j.verdict == DIFFERENT}
    for j in judgements:
        if j.verdict == SAME and j.source == SYSTEM:
            for node in (j.left, j.right):
                if node in partial:
                    same_of.setdefault(node, []).append(j)
    demote: dict[tuple[str, str], str] = {}
    for node, edges in same_of.items():
        if len(edges) < 2:
            continue
        edges = sorted(edges, key=lambda j: (-(j.score or 0.0), j.pair))
        others = [j.right if j.left == node else j.left for j in edges]
        rivals = [
            (i, k)
            for i in range(len(others))
            for k in range(i + 1, len(others))
            if tuple(sorted((others[i], others[k]))) in different
        ]
        for i, k in rivals:
            gap = (edges[i].score or 0.0) - (edges[k].score or 0.0)
            if gap < margin:
                demote[edges[i].pair] = f"+0.0 ambiguous: also matches {others[k]}"
            demote[edges[k].pair] = f"+0.0 ambiguous: {others[i]} matches better"
    out = []
    for j in judgements:
        why = demote.get(j.pair)
        if why is not None and j.source == SYSTEM and j.verdict == SAME:
            j = replace(j, verdict=UNSURE, reasons=(*j.reasons, why))
        out.append(j)
    return out
