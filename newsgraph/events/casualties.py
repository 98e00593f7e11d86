"""Casualties: how many people an event killed, wounded, arrested, displaced or left missing, as
the text counts them (data/events/casualties.yaml), attached to the event they belong to.

A count is a number (digits, a number word, "dozens") on a noun that counts people ("17
people", "five children", "39 miscreants": any agent term counts) or standing alone ("three
were killed"), with the bound the words before it give ("at least 17" >= 17, "more than 200" >
200, "some 40" ~ 40). Its kind comes from the word it is tied to: the verb whose object or
passive subject it is ("killing at least 17 people", "40 people have been arrested"), the verb
it is the subject of ("125 persons have died"), a participle or adjective on it ("people killed",
"left two dead and five injured"), or a casualty noun it counts ("10,000 arrests", "the death toll
rose to 40"). Conjoined counts add up ("killing five soldiers and two civilians": 7); a count
after "including" is a part already counted. The casualty goes to the event whose trigger (or
carrying verb) is that word, else to the nearest event of a fitting type in its sentence.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Token

from newsgraph.lexicons import load_yaml
from newsgraph.model import Casualty, Evidence
from newsgraph.nlp import sent_of, tokens_matching, word_hashes
from newsgraph.sectors import agent_dictionary

FILE = "events/casualties.yaml"
# Event types a casualty of each kind fits when it is not tied to a trigger: killing and
# wounding are ASSAULT (PLOVER), arrests COERCE; displacement and disappearance follow any event.
FITS = {"killed": ("ASSAULT",), "wounded": ("ASSAULT",), "arrested": ("COERCE",)}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "lakh": 100_000, "crore": 10_000_000}


@dataclass(frozen=True)
class _Words:
    kind_of: dict[str, str]  # lemma -> kind
    counted: frozenset[str]
    bounds: tuple[tuple[tuple[str, ...], str], ...]  # (words, relation), longest first
    numbers: dict[str, int]
    vague: dict[str, int]
    hashes: frozenset[int]  # the NUM part of speech and the vague words (nlp.tokens_matching)


@functools.cache
def _words() -> _Words:
    d = load_yaml(FILE)
    kind_of = {w: kind for kind, ws in d["kinds"].items() for w in ws}
    bounds = sorted(
        ((tuple(str(p).split()), rel) for rel, phrases in d["bounds"].items() for p in phrases),
        key=lambda b: -len(b[0]),
    )
    return _Words(
        kind_of=kind_of,
        counted=frozenset(d["counted"]),
        bounds=tuple(bounds),
        numbers={str(k): int(v) for k, v in d["numbers"].items()},
        vague={str(k): int(v) for k, v in d["vague"].items()},
        hashes=word_hashes(frozenset(str(k) for k in d["vague"])) | {POS_IDS["NUM"]},
    )


def load_data() -> None:
    _words()


@dataclass(frozen=True, slots=True)
class Found:
    """A casualty and the word that gives its kind (a trigger may be that word)."""

    casualty: Casualty
    word: int  # token index of the casualty word ("killed", "dead", "arrests")
    sentence: int  # token index of its sentence's start


def find_casualties(doc: Doc) -> list[Found]:
    w = _words()
    out: list[Found] = []
    seen: set[int] = set()  # counted nouns already used (a conjunct is summed once)
    for tok in tokens_matching(doc, w.hashes, ("POS", "LOWER")):
        value = _value(tok, w)
        if value is None or tok.i in seen:
            continue
        counted = _counted_noun(tok)
        if counted is None or counted.i in seen:
            continue
        kind_word = _kind_word(counted, w)
        if kind_word is None:
            continue
        kind, word = kind_word
        if _partial(counted):
            continue
        count = value * _multiplier(tok)
        total, last = count, counted
        for conj in counted.conjuncts:
            if conj.i > counted.i:
                n = next((_value(c, w) for c in conj.children if c.dep_ == "nummod"), None)
                if n is not None:
                    total += n
                    last = conj
                    seen.add(conj.i)
        seen.add(counted.i)
        relation = _relation(doc, tok, w)
        first = min(_bound_start(doc, tok, w), word.i, counted.i)
        end = max(last.i, word.i, counted.i)
        span = doc[first : end + 1]
        ev = Evidence(span.start_char, span.end_char, span.text)
        out.append(Found(Casualty(kind, total, relation, ev), word.i, sent_of(tok).start))
    return out


def _value(tok: Token, w: _Words) -> int | None:
    low = tok.lower_
    if _DIGITS.match(tok.text):
        return int(tok.text.replace(",", ""))
    if low in w.vague:
        return w.vague[low]
    if low in w.numbers and low not in ("a", "an"):
        return w.numbers[low]
    return None


def _multiplier(tok: Token) -> int:
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return _MULTIPLIERS.get(nxt.lower_, 1) if nxt is not None else 1


def _counted_noun(num: Token) -> Token | None:
    """The noun a number counts, or the number itself standing as a noun ("three were killed",
    "hundreds of people")."""
    if num.dep_ == "nummod" and num.head.pos_ in ("NOUN", "PROPN"):
        noun = num.head
        if _counts_people(noun):
            return noun
        return None
    if num.dep_ in ("nsubj", "nsubjpass", "dobj", "obj", "pobj", "conj", "appos"):
        of = next((c for c in num.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((p for p in of.children if p.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and not _counts_people(pobj):
            return None
        return num
    return None


def _counts_people(noun: Token) -> bool:
    w = _words()
    if noun.lemma_.lower() in w.counted or noun.lower_ in w.counted:
        return True
    if noun.lemma_.lower() in w.kind_of:  # "10,000 arrests", "40 deaths"
        return True
    return agent_dictionary().match([noun.lower_], noun.lemma_.lower()) is not None


def _kind_word(noun: Token, w: _Words) -> tuple[str, Token] | None:
    """The casualty word the count is tied to, and its kind."""
    own = w.kind_of.get(noun.lemma_.lower())
    if own is not None and noun.pos_ == "NOUN":
        return own, noun  # "10,000 arrests", "40 deaths"
    for ch in noun.children:  # "people killed", "two dead", "five injured"
        if ch.dep_ in ("acl", "amod", "relcl") and w.kind_of.get(ch.lemma_.lower()):
            return w.kind_of[ch.lemma_.lower()], ch
    head = noun.head
    if noun.dep_ in ("dobj", "obj", "nsubjpass", "nsubj", "attr") and w.kind_of.get(head.lemma_.lower()):
        return w.kind_of[head.lemma_.lower()], head
    for ch in head.children if noun.dep_ in ("dobj", "obj") else ():
        # "left two dead and five injured": the predicate on the object
        if ch.dep_ in ("oprd", "ccomp", "xcomp", "acomp") and w.kind_of.get(ch.lemma_.lower()):
            return w.kind_of[ch.lemma_.lower()], ch
    if (
        noun.dep_ == "pobj"
        and head.lower_ == "to"
        and head.head.lemma_.lower() in ("rise", "climb", "reach", "jump")
    ):
        toll = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if toll is not None and w.kind_of.get(toll.lemma_.lower()):
            return w.kind_of[toll.lemma_.lower()], toll  # "the death toll rose to 40"
    return None


def _partial(noun: Token) -> bool:
    """ "killing 17 people, including five children": a part of a count already given."""
    head = noun.head
    return noun.dep_ == "pobj" and head.lower_ in ("including", "among")


def _relation(doc: Doc, num: Token, w: _Words) -> str:
    before = [t.lower_ for t in doc[max(num.i - 4, 0) : num.i]]
    for phrase, rel in w.bounds:
        if tuple(before[-len(phrase) :]) == phrase:
            return rel
    if num.lower_ in w.vague:
        return ">="
    return "="


def _bound_start(doc: Doc, num: Token, w: _Words) -> int:
    before = [t.lower_ for t in doc[max(num.i - 4, 0) : num.i]]
    for phrase, _ in w.bounds:
        if tuple(before[-len(phrase) :]) == phrase:
            return num.i - len(phrase)
    return num.i
