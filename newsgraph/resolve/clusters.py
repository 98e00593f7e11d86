"""clusters: entities as connected components of `same` judgements, never assigned by hand.

Components are built greedily: analysts' `same` first (only analysts' `different` can stop
them), then the system's in descending score, each joining two components unless a `different`
judgement links a member of one to a member of the other (a cannot-link). So "Tariq
al-Hashemi" and "Hisham al-Hashemi", judged different, stay apart even when a third name is
judged the same as both. The order is total (score, then the keys), so any engine gets the same
clusters from the same judgements.

An entity's id is derived from its members: "E" + 12 hex digits of the sha1 of the smallest
group key. It changes only when a group with a smaller key joins; the store keeps a redirect.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from newsgraph.resolve.judgements import ANALYST, DIFFERENT, SAME, SUPPRESS, Judgement, effective


class _Components:
    """Union-find with per-component cannot-link sets."""

    def __init__(self, nodes: Iterable[str]) -> None:
        self.parent = {n: n for n in nodes}
        self.members = {n: {n} for n in self.parent}
        self.cannot: dict[str, set[str]] = {}

    def find(self, n: str) -> str:
        root = n
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[n] != root:
            self.parent[n], n = root, self.parent[n]
        return root

    def forbid(self, a: str, b: str) -> None:
        self.cannot.setdefault(self.find(a), set()).add(b)
        self.cannot.setdefault(self.find(b), set()).add(a)

    def blocked(self, ra: str, rb: str) -> bool:
        small, big = sorted((ra, rb), key=lambda r: len(self.cannot.get(r, ())))
        return any(self.find(x) == big for x in self.cannot.get(small, ()))

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.blocked(ra, rb):
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        self.cannot.setdefault(ra, set()).update(self.cannot.pop(rb, set()))
        return True


def entity_id(members: Iterable[str]) -> str:
    return "E" + hashlib.sha1(min(members).encode("utf-8")).hexdigest()[:12]


def cluster(nodes: Iterable[str], judgements: Iterable[Judgement]) -> dict[str, str]:
    """group key -> entity id for every node (a node no judgement joins is its own entity)."""
    nodes = set(nodes)
    chosen = effective(judgements)
    for j in chosen.values():
        nodes.update(j.pair)
    comps = _Components(sorted(nodes))
    # 1. analysts first: their cannot-links, then their merges (an analyst's merge outranks
    #    the system's "different"); 2. the system's cannot-links, except where analysts already
    #    joined the pair; 3. the system's merges, best score first
    analyst = [j for j in chosen.values() if j.source == ANALYST]
    system = [j for j in chosen.values() if j.source != ANALYST]
    for j in analyst:
        if j.verdict == DIFFERENT:
            comps.forbid(j.left, j.right)
    for j in sorted((j for j in analyst if j.verdict == SAME), key=lambda j: (j.at or "", j.left, j.right)):
        comps.union(j.left, j.right)
    for j in system:
        if j.verdict == DIFFERENT and comps.find(j.left) != comps.find(j.right):
            comps.forbid(j.left, j.right)
    same = sorted(
        (j for j in system if j.verdict == SAME), key=lambda j: (-(j.score or 0.0), j.left, j.right)
    )
    for j in same:
        comps.union(j.left, j.right)
    out: dict[str, str] = {}
    for members in comps.members.values():
        eid = entity_id(members)
        for m in members:
            out[m] = eid
    return out


def suppressed(judgements: Iterable[Judgement], assignment: Mapping[str, str]) -> set[str]:
    """Entity ids an analyst suppressed (a suppress judgement on any of their groups)."""
    chosen = effective(judgements)
    return {assignment[j.left] for j in chosen.values() if j.verdict == SUPPRESS and j.left in assignment}
