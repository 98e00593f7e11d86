"""sectors: the agent dictionary, which common nouns name a generic or collective actor and the
sector an event coder gives it ("police" COP, "Chadian soldiers" MIL, "gunmen" UAF).

The one owner of "what kind of actor is this noun". Data: newsgraph/data/agents/agents.yaml (the
layout of the PETRARCH/ICEWS agents dictionaries, with provenance), extended by a user's own file
in the same format (setting `agents_file`), whose terms win over the shipped ones. Read by the
agents stage (which makes agent entities) and the coref stage (which resolves "the militia" to
the group it names); loaded once per file, checked on load (LexiconError names the file).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from spacy.strings import get_string_id

from newsgraph.errors import LexiconError
from newsgraph.lexicons import load_yaml

SHIPPED = "agents/agents.yaml"
_GROUPS = ("collective", "individual", "instrument")


@dataclass(frozen=True, slots=True)
class AgentTerm:
    """One entry of the dictionary: "security forces" -> COP, a body of people."""

    term: str  # as written in the dictionary ("security forces", "policeman")
    sector: str
    group: str  # collective (a body: "it"/"they") | individual (people) | instrument (a weapon)

    @property
    def collective(self) -> bool:
        return self.group == "collective"


@dataclass(frozen=True)
class AgentDictionary:
    sectors: dict[str, str]  # code -> what it covers
    words: dict[str, AgentTerm]  # one-word term (a lemma or a plural form) -> entry
    phrases: dict[str, AgentTerm]  # several words, lower case, single-spaced -> entry
    longest: int  # words in the longest phrase
    partitive: frozenset[str]  # "thousands of X", "a group of X": X is the actor
    # string ids of every word that may end a term (a one-word term, a phrase's last word): a
    # noun whose form and lemma are neither is no agent head (nlp.tokens_matching)
    head_hashes: frozenset[int] = field(default_factory=frozenset)

    def match(self, words: list[str], lemma: str) -> tuple[AgentTerm, int] | None:
        """The entry for a head noun and the words before it (`words` ends with the head, lower
        case), and how many words of `words` it covers: the longest phrase first ("riot police"
        before "police"), then the head's lemma or its form."""
        if not words:
            return None
        for n in range(min(self.longest, len(words)), 1, -1):
            entry = self.phrases.get(" ".join(words[-n:]))
            if entry is not None:
                return entry, n
        entry = self.words.get(words[-1]) or self.words.get(lemma)
        return (entry, 1) if entry is not None else None


def _entries(data: Any, where: str, sectors: dict[str, str]) -> dict[str, AgentTerm]:
    if not isinstance(data, dict) or not isinstance(data.get("agents"), dict):
        raise LexiconError(f"{where}: no `agents` mapping")
    out: dict[str, AgentTerm] = {}
    for sector, groups in data["agents"].items():
        if sector not in sectors:
            raise LexiconError(f"{where}: sector {sector!r} is not one of `sectors`")
        for group, terms in (groups or {}).items():
            if group not in _GROUPS:
                raise LexiconError(f"{where}: {sector}: unknown group {group!r} (known: {_GROUPS})")
            for raw in terms or []:
                term = " ".join(str(raw).lower().split())
                if not term:
                    raise LexiconError(f"{where}: {sector}/{group}: empty term")
                if term in out:
                    raise LexiconError(f"{where}: {term!r} given twice ({out[term].sector} and {sector})")
                out[term] = AgentTerm(term, sector, group)
    return out


def _read_user_file(path: str) -> Any:
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read the agents file ({exc})") from exc


@functools.cache
def agent_dictionary(user_file: str = "") -> AgentDictionary:
    """The shipped dictionary, with a user's own file (same format) layered on top."""
    shipped = load_yaml(SHIPPED)
    sectors = dict(shipped.get("sectors") or {})
    entries = _entries(shipped, SHIPPED, sectors)
    partitive = set(shipped.get("partitive") or [])
    if user_file:
        user = _read_user_file(user_file)
        sectors.update((user or {}).get("sectors") or {})
        entries.update(_entries(user, user_file, sectors))
        partitive |= set((user or {}).get("partitive") or [])
    words = {t: e for t, e in entries.items() if " " not in t}
    phrases = {t: e for t, e in entries.items() if " " in t}
    heads = set(words) | {p.split()[-1] for p in phrases} | {w.split("-")[-1] for w in words}
    return AgentDictionary(
        head_hashes=frozenset(get_string_id(w) for w in heads),
        sectors=sectors,
        words=words,
        phrases=phrases,
        longest=max((len(p.split()) for p in phrases), default=1),
        partitive=frozenset(partitive),
    )
