"""attributes: the model's AttributeRuler rules, applied through an index instead of a Matcher.

en_core_web_sm's `attribute_ruler` maps fine-grained tags to POS and morphology and fixes
some words (179 rules). spaCy runs it as a Matcher that tries every rule at every token:
~48 µs a token, 16 % of the whole pipeline in benchmarks/ (more than the tagger and the
lemmatizer together). Expanding the IN/NOT_IN predicates into plain patterns made spaCy's
Matcher slower still (502 patterns, 5.7 s against 3.4 s on 70k tokens), because its cost grows
with the number of patterns. This component reads the SAME rules from the loaded model and
looks them up by the token's tag, lowercase form, dependency and whitespace flag, caching
the merged result per distinct key; it applies them with spaCy's own `set_token_attrs`, in
the ruler's order (a later rule wins). tests/test_nlp.py checks that the annotations are
identical to the stock component's on real text; a rule shape this module does not know
makes `from_ruler` raise, and `load_pipeline` then keeps the stock ruler.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# The token fields a rule may test, in the order of a token key.
FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_KEY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
TokenKey = tuple[str, str, str, bool]
Check = Callable[[Any], bool]
Applied = tuple[int, dict[int, int]]  # a rule's order and the attributes it sets
# Distinct keys seen by one process; with words the rules do not name folded to OTHER, 10k
# Reuters articles give ~2k keys. The limit only guards against a pathological input.
CACHE_LIMIT = 50_000
FOLDED_LIMIT = 20_000
# Stands for every lowercase form no rule names (a NUL cannot occur in a token's text).
OTHER = "\0"


def _check(value: Any) -> tuple[Check, frozenset | None]:
    """A test for one field of a pattern token, and the values it accepts when it is a set."""
    if not isinstance(value, dict):
        return (lambda v, value=value: v == value), frozenset([value])
    if set(value) == {"IN"}:
        accepted = frozenset(value["IN"])
        return accepted.__contains__, accepted
    if set(value) == {"NOT_IN"}:
        refused = frozenset(value["NOT_IN"])
        return (lambda v: v not in refused), None
    if set(value) == {"REGEX"}:
        return re.compile(value["REGEX"]).search, None
    raise ValueError(f"attribute rule predicate not supported: {value!r}")


@dataclass(frozen=True)
class _TokenSpec:
    checks: tuple[tuple[int, Check], ...]
    anchor: tuple[int, frozenset] | None  # a field and the values that can match, for the index
    words: frozenset[str]  # the lowercase forms the spec names (==, IN, NOT_IN)
    regexes: tuple[re.Pattern[str], ...]  # the regexes it applies to the lowercase form

    @classmethod
    def parse(cls, spec: dict[str, Any]) -> _TokenSpec:
        unknown = set(spec) - set(FIELDS)
        if unknown:
            raise ValueError(f"attribute rule field not supported: {sorted(unknown)}")
        checks, anchors, words, regexes = [], [], set(), []
        for name, value in spec.items():
            field = FIELDS.index(name)
            check, accepted = _check(value)
            checks.append((field, check))
            if accepted is not None:
                anchors.append((len(accepted), field, accepted))
            if name == "LOWER" and isinstance(value, dict) and "REGEX" in value:
                regexes.append(re.compile(value["REGEX"]))
            elif name == "LOWER":
                words |= (
                    set(value.get("IN", []) + value.get("NOT_IN", [])) if isinstance(value, dict) else {value}
                )
        anchor = min(anchors, key=lambda a: a[0])[1:] if anchors else None
        return cls(tuple(checks), anchor, frozenset(words), tuple(regexes))

    def matches(self, key: TokenKey) -> bool:
        return all(check(key[field]) for field, check in self.checks)


@dataclass(frozen=True)
class _Rule:
    order: int  # the rule's position in the model's ruler: a later rule wins
    tokens: tuple[_TokenSpec, ...]
    target: int  # which token of the match gets the attributes (may be negative)
    attrs: dict[int, int]


class _Index:
    """Rules by the field values their first token accepts; rules that accept any value (a
    regex, NOT_IN) are tried everywhere."""

    def __init__(self, rules: Iterable[_Rule]) -> None:
        self.by_value: dict[tuple[int, Any], list[_Rule]] = {}
        self.everywhere: list[_Rule] = []
        for rule in rules:
            anchor = rule.tokens[0].anchor
            if anchor is None:
                self.everywhere.append(rule)
                continue
            field, accepted = anchor
            for value in accepted:
                self.by_value.setdefault((field, value), []).append(rule)

    def candidates(self, key: TokenKey) -> list[_Rule]:
        found = list(self.everywhere)
        for field, value in enumerate(key):
            found.extend(self.by_value.get((field, value), ()))
        return found


@dataclass(frozen=True)
class _KeyRules:
    """What the rules say about a token of one key: the single-token rules that match it (in
    rule order) and the multi-token rules whose first token it matches."""

    single: list[Applied]
    starts: list[_Rule]
    merged: dict[int, int]  # the single-token rules' attributes, a later rule winning


class FastAttributeRuler:
    """Drop-in for a loaded AttributeRuler (same rules, same results, no Matcher)."""

    def __init__(self, rules: Iterable[_Rule] = ()) -> None:
        rules = list(rules)
        self.single = _Index(r for r in rules if len(r.tokens) == 1)
        self.multi = _Index(r for r in rules if len(r.tokens) > 1)
        # the keys as hashes read from the Doc's arrays: (TAG, folded LOWER, DEP, IS_SPACE)
        # -> the string key and its rules; and LOWER hash -> itself if a rule names the word,
        # else 0 (one entry per distinct word: 20k words ~2 MB, then cleared)
        self._by_hashes: dict[tuple[int, int, int, int], tuple[TokenKey, _KeyRules]] = {}
        self._folded: dict[int, int] = {}
        self.words = frozenset(w for r in rules for spec in r.tokens for w in spec.words)
        patterns = sorted({rx.pattern for r in rules for spec in r.tokens for rx in spec.regexes})
        # one search for all of them: a form matching any keeps its own key
        self.named_by_regex = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

    @classmethod
    def from_ruler(cls, ruler: AttributeRuler) -> FastAttributeRuler:
        """The rules of a loaded AttributeRuler; ValueError for a rule shape not supported."""
        rules = []
        for order, (rule, attrs) in enumerate(zip(ruler.patterns, ruler.attrs, strict=True)):
            for pattern in rule["patterns"]:
                tokens = tuple(_TokenSpec.parse(spec) for spec in pattern)
                rules.append(_Rule(order, tokens, rule["index"], dict(attrs)))
        return cls(rules)

    def take_rules(self, other: FastAttributeRuler) -> None:
        self.single, self.multi = other.single, other.multi
        self._by_hashes, self._folded = {}, {}
        self.words, self.named_by_regex = other.words, other.named_by_regex

    def __call__(self, doc: Doc) -> Doc:
        # the keys are read as hashes from the Doc's arrays (no Token objects), and mapped to
        # the string keys the rules test once per distinct hash key
        by_hashes, folded = self._by_hashes, self._folded
        keys, found = [], []
        for tag, lower, dep, space in doc.to_array(_KEY_ATTRS).tolist():
            word = folded.get(lower)
            if word is None:
                word = self._fold_hash(doc, lower)
            known = by_hashes.get((tag, word, dep, space))
            if known is None:
                known = self._key_of_hashes(doc, (tag, word, dep, space))
            keys.append(known[0])
            found.append(known[1])
        extra = self._multi_token_matches(keys, found)
        for i, rules in enumerate(found):
            if i in extra:
                set_token_attrs(doc[i], _merge(rules.single + extra[i]))
            elif rules.merged:
                set_token_attrs(doc[i], rules.merged)
        return doc

    def _fold_hash(self, doc: Doc, lower: int) -> int:
        """The LOWER hash itself when a rule names the word, else 0 (for OTHER)."""
        word = lower if self._word(doc.vocab.strings[lower]) != OTHER else 0
        if len(self._folded) >= FOLDED_LIMIT:
            self._folded.clear()
        self._folded[lower] = word
        return word

    def _key_of_hashes(self, doc: Doc, hashes: tuple[int, int, int, int]) -> tuple[TokenKey, _KeyRules]:
        tag, word, dep, space = hashes
        strings = doc.vocab.strings
        key = (
            strings[tag] if tag else "",
            strings[word] if word else OTHER,
            strings[dep] if dep else "",
            bool(space),
        )
        known = (key, self._rules_for(key))
        if len(self._by_hashes) >= CACHE_LIMIT:
            self._by_hashes.clear()
        self._by_hashes[hashes] = known
        return known

    def _word(self, lower: str) -> str:
        """The lowercase form as the rules see it: itself when a rule names it or one of the
        rules' regexes matches it, else OTHER (which no rule names). Keys then stay few (tags
        x dependencies x ~100 named words) however many words an archive holds."""
        if lower in self.words or (self.named_by_regex is not None and self.named_by_regex.search(lower)):
            return lower
        return OTHER

    def _rules_for(self, key: TokenKey) -> _KeyRules:
        """What the rules say about a token of this key (cached by the caller, per hash key)."""
        single = sorted(
            (r for r in self.single.candidates(key) if r.tokens[0].matches(key)), key=lambda r: r.order
        )
        starts = [r for r in self.multi.candidates(key) if r.tokens[0].matches(key)]
        applied = [(r.order, r.attrs) for r in single]
        return _KeyRules(applied, starts, _merge(applied))

    @staticmethod
    def _multi_token_matches(keys: list[TokenKey], found: list[_KeyRules]) -> dict[int, list[Applied]]:
        extra: dict[int, list[Applied]] = {}
        for start, rules in enumerate(found):
            for rule in rules.starts:
                end = start + len(rule.tokens)
                rest = zip(rule.tokens[1:], keys[start + 1 : end], strict=False)
                if end > len(keys) or not all(spec.matches(key) for spec, key in rest):
                    continue
                target = range(start, end)[rule.target]
                extra.setdefault(target, []).append((rule.order, rule.attrs))
        return extra


def _merge(applied: list[Applied]) -> dict[int, int]:
    """The attributes that rules set on one token, applied in rule order (a later rule wins)."""
    merged: dict[int, int] = {}
    for _, attrs in sorted(applied, key=lambda rule: rule[0]):
        merged.update(attrs)
    return merged
