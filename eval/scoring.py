"""Score newsgraph output against gold cases (the gold format of ../shared/eval/FORMAT.md).

Our own implementation, written to keep the semantics that FORMAT.md states (and that the
shared scorer applies), so a number here means the same as a number there:

- names are compared after folding case, accents, apostrophes, punctuation and a leading "the";
- a system entity stands for the gold entity with which it shares the most names;
- PERSON, ORG and the place group (GPE, LOC, FAC) are scored, other labels are ignored;
- alias pairs count only gold names that occur in the body (noise lines left out);
- events match on an allowed type with overlapping actors and targets; events the text denies
  (`denied` in the gold) asserted by the system are spurious; `optional` gold items count neither
  way; a negated system event is not scored;
- a quote matches when >= 60 % of the gold words and >= 50 % of its own words are shared.

`score_case(gold, system, text)` scores one article; `score_cases(...)` adds them up.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from eval import details

PLACE = "PLACE"
GROUPS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": PLACE, "LOC": PLACE, "FAC": PLACE}
QUOTE_STOPWORDS = frozenset("the a an of and in on at to for is was that it he i".split())
# A quote is the gold's when most of its words are: these are the shares FORMAT.md's scorer uses.
QUOTE_GOLD_SHARE = 0.6
QUOTE_SYSTEM_SHARE = 0.5
PRF_METRICS = (
    "entities",
    "alias_pairs",
    "events",
    "quotes",
    "quotes_attributed",
    "authors",
    "agents",
    "references",
    "event_details",
)

_APOSTROPHES = re.compile(r"[’'`‘ʼ]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str | None) -> str:
    """Fold a name for comparison: accents, case, apostrophes, punctuation, a leading 'the'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", plain)).strip()
    return plain[4:] if plain.startswith("the ") else plain


def entity_names(entity: dict[str, Any]) -> set[str]:
    forms = [entity.get("name"), *(entity.get("aliases") or [])]
    return {f for f in (fold(x) for x in forms if x) if f}


def quote_words(text: str) -> set[str]:
    return {w for w in fold(text).split() if w not in QUOTE_STOPWORDS}


@dataclass
class Counts:
    """True positives, system items and gold items of one metric; P/R/F derived."""

    tp: int = 0
    sys: int = 0
    gold: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.sys += other.sys
        self.gold += other.gold
        return self

    @property
    def p(self) -> float:
        if self.sys:
            return self.tp / self.sys
        return 0.0 if self.gold else 1.0  # saying nothing when there is nothing to say is right

    @property
    def r(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "p": round(self.p, 4),
            "r": round(self.r, 4),
            "f": round(self.f, 4),
            "tp": self.tp,
            "sys": self.sys,
            "gold": self.gold,
        }


@dataclass
class CaseScore:
    """Everything measured on one article, with what was missed and what was spurious."""

    id: str
    found: bool
    counts: dict[str, Counts] = field(default_factory=dict)
    roles: tuple[int, int] = (0, 0)  # (found, gold)
    dates: tuple[int, int] = (0, 0)  # (right, dated required gold events)
    noise_left: list[str] = field(default_factory=list)
    missed: dict[str, list[str]] = field(default_factory=dict)
    spurious: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"found": self.found}
        out.update({k: c.as_dict() for k, c in self.counts.items()})
        out["roles_recall"] = _ratio(*self.roles)
        out["event_dates"] = _ratio(*self.dates)
        out["noise_left"] = self.noise_left
        out["missed"] = self.missed
        out["spurious"] = self.spurious
        return out


def _ratio(num: int, den: int) -> float:
    return round(num / den, 4) if den else 1.0


class _Case:
    """One gold article against one system output."""

    def __init__(self, gold: dict[str, Any], system: dict[str, Any], text: str) -> None:
        self.gold = gold
        self.system = system
        self.text = text or ""
        self.g_ents = [e for e in gold.get("entities", []) if e.get("type") in GROUPS]
        self.s_ents = [e for e in system.get("entities", []) if e.get("type") in GROUPS]
        self.g_names = {g["id"]: entity_names(g) for g in self.g_ents}
        self.s_names = {s.get("id"): entity_names(s) for s in self.s_ents}
        self.stands_for = self._stands_for()

    def _shared(self, s: dict[str, Any], g: dict[str, Any]) -> int:
        if GROUPS[s["type"]] != GROUPS[g["type"]]:
            return 0
        return len(self.s_names[s.get("id")] & self.g_names[g["id"]])

    def _stands_for(self) -> dict[str, str]:
        # many to one: several system entities may stand for one gold entity (ties: the larger id,
        # as the shared scorer's max() over (count, id) pairs)
        out = {}
        for s in self.s_ents:
            best = max(((self._shared(s, g), g["id"]) for g in self.g_ents), default=(0, ""))
            if best[0] > 0:
                out[s.get("id")] = best[1]
        # our own cases may name agents ("police", "Chadian soldiers") as participants
        out.update(details.agent_map(self.gold, self.system))
        return out

    def gold_of(self, ids: Iterable[str] | None) -> set[str | None]:
        return {self.stands_for.get(i) for i in ids or []}

    # -- entities ----------------------------------------------------------------------------

    def entities(self) -> tuple[Counts, list[str], list[str]]:
        pairs = sorted(
            ((self._shared(s, g), s.get("id"), g["id"]) for s in self.s_ents for g in self.g_ents),
            key=lambda x: -x[0],
        )
        used_s: set[str] = set()
        used_g: set[str] = set()
        for k, sid, gid in pairs:
            if k and sid not in used_s and gid not in used_g:
                used_s.add(sid)
                used_g.add(gid)
        optional = {g["id"] for g in self.g_ents if g.get("optional")}
        required = [g for g in self.g_ents if not g.get("optional")]
        # a system entity standing for an optional gold entity counts neither way
        scored = [s for s in self.s_ents if self.stands_for.get(s.get("id")) not in optional]
        counts = Counts(tp=sum(g["id"] in used_g for g in required), sys=len(scored), gold=len(required))
        missed = [f"{g['name']} ({g['type']})" for g in required if g["id"] not in used_g]
        spurious = [f"{s.get('name', '')} ({s['type']})" for s in scored if s.get("id") not in used_s]
        return counts, missed, spurious

    # -- alias clustering --------------------------------------------------------------------

    def alias_pairs(self) -> tuple[Counts, list[str]]:
        noise = {fold(n) for n in self.gold.get("document", {}).get("noise", [])}
        body = "\n".join(ln for ln in self.text.splitlines() if fold(ln) not in noise)
        surface: dict[str, str] = {}
        for g in self.g_ents:
            for alias in g.get("aliases", []):
                if re.search(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", body, re.IGNORECASE):
                    surface[fold(alias)] = g["id"]
        holders: dict[str, set[str]] = defaultdict(set)
        for sid, names in self.s_names.items():
            for n in names & surface.keys():
                holders[n].add(sid)
        keys = sorted(surface)
        counts, wrong = Counts(), []
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                same_gold = surface[a] == surface[b]
                same_sys = bool(holders[a] & holders[b])
                counts.gold += same_gold
                counts.sys += same_sys
                counts.tp += same_gold and same_sys
                if same_sys and not same_gold:
                    wrong.append(f"{a} + {b}")
        return counts, wrong

    # -- roles -------------------------------------------------------------------------------

    def roles(self) -> tuple[int, int, list[str]]:
        by_gold: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for s in self.s_ents:
            gid = self.stands_for.get(s.get("id"))
            if gid:
                by_gold[gid].extend(s.get("roles") or [])
        found = total = 0
        missed = []
        for g in self.g_ents:
            for role in g.get("roles") or []:
                total += 1
                if any(self._role_fits(role, r) for r in by_gold.get(g["id"], [])):
                    found += 1
                else:
                    missed.append(f"{g['name']}: {role.get('title')}")
        return found, total, missed

    def _role_fits(self, gold_role: dict[str, Any], role: dict[str, Any]) -> bool:
        title = fold(role.get("title", ""))
        if not any(fold(k) in title for k in gold_role.get("keywords", [])):
            return False
        org = gold_role.get("organization")
        if not org or self.stands_for.get(role.get("organization")) == org:
            return True
        # the organisation may be named inside the title itself ("Iraqi interior minister")
        return any(n in title for n in self.g_names.get(org, ()))

    # -- events ------------------------------------------------------------------------------

    def events(self) -> tuple[Counts, tuple[int, int], list[str], list[str]]:
        all_gold = self.gold.get("events", [])
        denied = [g for g in all_gold if g.get("denied")]
        gold = [g for g in all_gold if not g.get("denied")]
        sys_events = [e for e in self.system.get("events", []) if not e.get("negated")]
        candidates: list[tuple[int, int, int]] = []  # (shared, system index, gold index)
        for i, s in enumerate(sys_events):
            actors, targets = self.gold_of(s.get("actors")), self.gold_of(s.get("targets"))
            places = self.gold_of(s.get("locations"))
            mine = []
            for j, g in enumerate(gold):
                g_actors, g_targets = set(g.get("actors", [])), set(g.get("targets", []))
                if s.get("type") not in g["types"]:
                    continue
                if (g_actors and not actors & g_actors) or (g_targets and not targets & g_targets):
                    continue
                shared = len(actors & g_actors) + len(targets & g_targets)
                shared += len(places & set(g.get("locations") or [])) + _date_inside(s, g)
                mine.append((shared, i, j))
            # asserting what the text denies is spurious, unless the event names a participant of
            # an asserted gold event (then it stands for that one)
            names_asserted = any(gold[j].get("actors") or gold[j].get("targets") for _, _, j in mine)
            asserts_denied = any(s.get("type") in d["types"] and actors & set(d["actors"]) for d in denied)
            if asserts_denied and not names_asserted:
                continue
            candidates.extend(mine)
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        used_s: set[int] = set()
        match: dict[int, int] = {}  # gold index -> system index
        for _, i, j in candidates:
            if i not in used_s and j not in match:
                used_s.add(i)
                match[j] = i
        optional = {j for j, g in enumerate(gold) if g.get("optional")}
        counts = Counts(
            tp=sum(j not in optional for j in match),
            sys=len(sys_events) - sum(j in optional for j in match),
            gold=len(gold) - len(optional),
        )
        # an unmatched system event that fits only optional gold events counts neither way
        counts.sys -= len({i for _, i, j in candidates if i not in used_s and j in optional})
        dated = [j for j, g in enumerate(gold) if g.get("date") and j not in optional]
        right = sum(bool(j in match and _date_inside(sys_events[match[j]], gold[j])) for j in dated)
        missed = [gold[j]["id"] for j in range(len(gold)) if j not in match and j not in optional]
        spurious = [
            f"{s.get('type')} {s.get('trigger') or ''}".strip()
            for i, s in enumerate(sys_events)
            if i not in used_s
        ]
        return counts, (right, len(dated)), missed, spurious

    # -- quotes ------------------------------------------------------------------------------

    def quotes(self) -> tuple[Counts, Counts, list[str]]:
        gold = self.gold.get("quotes", [])
        sys_q = self.system.get("quotes", [])
        candidates = []
        for i, q in enumerate(sys_q):
            q_words = quote_words(q.get("text", ""))
            for j, g in enumerate(gold):
                g_words = quote_words(g["text"])
                if not q_words or not g_words:
                    continue
                common = len(q_words & g_words)
                if common / len(g_words) >= QUOTE_GOLD_SHARE and common / len(q_words) >= QUOTE_SYSTEM_SHARE:
                    candidates.append((common, i, j))
        used_s: set[int] = set()
        match: dict[int, int] = {}
        for _, i, j in sorted(candidates, key=lambda c: -c[0]):
            if i not in used_s and j not in match:
                used_s.add(i)
                match[j] = i
        optional = {j for j, g in enumerate(gold) if g.get("optional")}
        n_sys = len(sys_q) - sum(j in optional for j in match)
        n_gold = len(gold) - len(optional)
        found = Counts(sum(j not in optional for j in match), n_sys, n_gold)
        attributed = Counts(0, n_sys, n_gold)
        for j, i in match.items():
            if j not in optional and self._attributed(gold[j], sys_q[i]):
                attributed.tp += 1
        missed = [gold[j]["text"][:60] for j in range(len(gold)) if j not in match and j not in optional]
        return found, attributed, missed

    def _attributed(self, gold_q: dict[str, Any], q: dict[str, Any]) -> bool:
        if gold_q.get("speaker"):
            return self.stands_for.get(q.get("speaker")) == gold_q["speaker"]
        words = fold(q.get("speaker_text") or "").split()
        return any(fold(k) in words for k in gold_q.get("speaker_keywords", []))

    # -- document ----------------------------------------------------------------------------

    def authors(self) -> Counts | None:
        gdoc = self.gold.get("document", {})
        if "authors" not in gdoc:  # an empty gold list still penalises made-up authors
            return None
        gold = {fold(a) for a in gdoc["authors"]}
        found = {fold(a) for a in self.system.get("document", {}).get("authors") or []}
        return Counts(len(gold & found), len(found), len(gold))

    def noise_left(self) -> list[str]:
        noise = self.gold.get("document", {}).get("noise") or []
        clean = self.system.get("document", {}).get("clean_text")
        lines = {fold(x) for x in (clean if clean is not None else self.text).splitlines()}
        return [n for n in noise if fold(n) in lines]


def _date_inside(s: dict[str, Any], g: dict[str, Any]) -> int:
    sd, gd = s.get("date") or {}, g.get("date") or {}
    if not (sd.get("start") and sd.get("end") and gd.get("start") and gd.get("end")):
        return 0
    return int(gd["start"] <= sd["start"] <= sd["end"] <= gd["end"])


# What a case may limit itself to with `"scored": [...]` in its gold `document`: a case written to
# test names only (its gold lists no events or quotes) must not count every event and quote the
# system finds in it as spurious.
SCOPES = (
    "entities",
    "alias_pairs",
    "roles",
    "events",
    "quotes",
    "authors",
    "noise_left",
    "agents",
    "references",
    "event_details",
)


def score_case(gold: dict[str, Any], system: dict[str, Any] | None, text: str) -> CaseScore:
    """Score one system output line (None: the article produced none) against its gold."""
    out = _score_all(gold, system, text)
    scope = gold["document"].get("scored")
    if scope is None:
        return out
    unknown = set(scope) - set(SCOPES)
    if unknown:
        raise ValueError(f"{out.id}: unknown 'scored' entries {sorted(unknown)} (known: {SCOPES})")
    keep = set(scope) | ({"quotes_attributed"} if "quotes" in scope else set())
    out.counts = {k: v for k, v in out.counts.items() if k in keep}
    if "roles" not in scope:
        out.roles = (0, 0)
    if "events" not in scope:
        out.dates = (0, 0)
    if "noise_left" not in scope:
        out.noise_left = []
    return out


def _score_all(gold: dict[str, Any], system: dict[str, Any] | None, text: str) -> CaseScore:
    doc_id = gold["document"]["id"]
    case = _Case(gold, system or {"entities": [], "events": [], "quotes": []}, text)
    out = CaseScore(doc_id, found=system is not None)
    out.counts["entities"], out.missed["entities"], out.spurious["entities"] = case.entities()
    out.counts["alias_pairs"], out.spurious["alias_pairs"] = case.alias_pairs()
    found, total, out.missed["roles"] = case.roles()
    out.roles = (found, total)
    out.counts["events"], out.dates, out.missed["events"], out.spurious["events"] = case.events()
    out.counts["quotes"], out.counts["quotes_attributed"], out.missed["quotes"] = case.quotes()
    authors = case.authors()
    if authors is not None:
        out.counts["authors"] = authors
    for key, (counts, missed) in (
        ("agents", details.agents(case.gold, case.system)),
        ("references", details.references(case.gold, case.system, case.stands_for)),
        ("event_details", details.event_details(case.gold, case.system, case.stands_for)),
    ):
        if counts[2]:  # only cases that declare them
            out.counts[key], out.missed[key] = Counts(*counts), missed
    out.noise_left = case.noise_left()
    return out


def totals(cases: Iterable[CaseScore]) -> dict[str, Any]:
    """Micro-averaged totals over cases: counts are summed, then P/R/F computed once."""
    summed: dict[str, Counts] = {}
    roles = [0, 0]
    dates = [0, 0]
    noise = 0
    for c in cases:
        for key, counts in c.counts.items():
            summed.setdefault(key, Counts())
            summed[key] += counts
        roles = [roles[0] + c.roles[0], roles[1] + c.roles[1]]
        dates = [dates[0] + c.dates[0], dates[1] + c.dates[1]]
        noise += len(c.noise_left)
    out: dict[str, Any] = {k: v.as_dict() for k, v in summed.items()}
    out["roles_recall"] = _ratio(*roles)
    out["event_dates"] = _ratio(*dates)
    out["noise_left"] = noise
    return out


def score_cases(
    golds: Iterable[dict[str, Any]], outputs: dict[str, dict[str, Any]], texts: dict[str, str]
) -> tuple[list[CaseScore], dict[str, Any]]:
    """Score every gold case; `outputs` and `texts` are keyed by document id."""
    scored = [
        score_case(g, outputs.get(g["document"]["id"]), texts.get(g["document"]["id"], "")) for g in golds
    ]
    return scored, totals(scored)
