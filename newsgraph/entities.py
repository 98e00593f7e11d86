"""entities: mentions -> in-document entities with every surface form in `aliases`.

What an analyst does when reading one article, in this order:
1. mentions: spaCy's entities (our EntityRuler runs before `ner`, see nlp/components.py),
   trimmed of "the", possessive "'s" and quote marks; honorifics ("General", "Hajj") split off.
2. labels fixed: a known country/organisation keeps the lexicon's label; a name whose first
   word is a common given name, or that is the surname of a person named in full, is a PERSON
   even where the small model said GPE/LOC/ORG ("Qaani/LOC", "Hadi al-Amiri/GPE").
3. persons clustered: full names by (given name, surname) after transliteration folding
   ("Mustafa al-Kadhimi" = "Mustafa Al-Kazemi"); a bare surname or given name joins the one
   person it fits ("Qani" -> "Ismail Qaani"); two people who share a family name but not a
   given name stay apart (Muhammad vs Hisham al-Hashemi); a surname that fits several joins
   the one most recently named before it. Kunyas and nicknames join by "known as" / "whom ...
   called" / "nicknamed".
4. organisations by the lexicon's aliases and by acronyms ("Popular Mobilization Forces" =
   "PMF", "(LNA)"); places by name, a capital that acts ("Washington accused") joining its state.
5. unlabelled repeats of a known name are added as mentions (the small model misses many).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from normality import ascii_text
from spacy.tokens import Doc, Span

from newsgraph.lexicons import load_csv, load_lines
from newsgraph.model import Article, CleanText, Entity, Evidence, Mention, Role
from newsgraph.nlp import doc_text, token_ends, token_starts

KEPT_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
PLACE_LABELS = ("GPE", "LOC", "FAC")
# Names of 3 letters or fewer are swept for unlabelled repeats only when they are acronyms:
# "Ali" or "Abu" alone would otherwise attach every occurrence of a common word part.
MIN_SWEEP_CHARS = 4
_QUOTES = "\"'“”‘’«»`"
_POSSESSIVE = ("'s", "’s", "'", "’")


# -- lexicons --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    honorifics: tuple[tuple[str, ...], ...]  # lower-cased token sequences, longest first
    particles: frozenset[str]
    translit: tuple[tuple[re.Pattern[str], str], ...]
    org_canon: dict[str, str]  # folded alias -> canonical organisation name
    org_names: dict[str, tuple[str, ...]]  # canonical -> all names
    country_canon: dict[str, str]  # folded name/alias -> country name
    capital_of: dict[str, str]  # folded capital -> country name
    demonym_of: dict[str, str]  # folded demonym -> country name
    given_names: frozenset[str]
    facility_nouns: tuple[str, ...]
    place_nouns: frozenset[str]  # "the city of X": X is a place
    toponym_heads: frozenset[str]  # "Souq al-Juma", "Wadi Halfa": a name opening so is a place


@functools.cache
def lexicon() -> _Lexicon:
    honorifics = sorted(
        (tuple(h.lower().split()) for h in load_lines("lexicons/honorifics.txt")), key=len, reverse=True
    )
    translit = tuple(
        (re.compile(r["pattern"]), r["replacement"]) for r in load_csv("lexicons/translit_rules.csv")
    )
    org_canon: dict[str, str] = {}
    org_names: dict[str, tuple[str, ...]] = {}
    for row in load_csv("lexicons/organizations.csv"):
        names = (row["name"], *[a for a in row["aliases"].split("|") if a])
        org_names[row["name"]] = names
        for n in names:
            org_canon[_plain(n)] = row["name"]
    country_canon: dict[str, str] = {}
    capital_of: dict[str, str] = {}
    demonym_of: dict[str, str] = {}
    for row in load_csv("lexicons/countries.csv"):
        for n in (row["name"], *row["aliases"].split("|")):
            if n:
                country_canon[_plain(n)] = row["name"]
        for c in row["capitals"].split("|"):
            if c:
                capital_of[_plain(c)] = row["name"]
        for d in row["demonyms"].split("|"):
            if d:
                demonym_of[_plain(d)] = row["name"]
    return _Lexicon(
        honorifics=tuple(honorifics),
        particles=frozenset(load_lines("lexicons/name_particles.txt")),
        translit=translit,
        org_canon=org_canon,
        org_names=org_names,
        country_canon=country_canon,
        capital_of=capital_of,
        demonym_of=demonym_of,
        given_names=frozenset(n.lower() for n in load_lines("lexicons/given_names.txt")),
        facility_nouns=load_lines("lexicons/facility_nouns.txt"),
        place_nouns=frozenset(load_lines("lexicons/place_nouns.txt")),
        toponym_heads=frozenset(load_lines("lexicons/toponym_heads.txt")),
    )


@functools.lru_cache(maxsize=16384)  # names repeat within and across articles; bounded memory
def _plain(name: str) -> str:
    """Case-, accent- and punctuation-folded name, without a leading "the"."""
    s = (ascii_text(name) or "").lower()
    s = re.sub(r"[’'`ʼ‘]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return re.sub(r"^the ", "", s)


@functools.lru_cache(maxsize=16384)  # bounded: name words of an archive are unbounded
def fold_token(token: str) -> str:
    """Transliteration key of one name word: "Al-Kazemi" -> "kazimi", "Qaani" -> "kani"."""
    s = (ascii_text(token) or "").lower()
    s = re.sub(r"^(al|el|ul|ad|ar|as|at|az|ash)[-‐ ]", "", s)
    for pattern, repl in lexicon().translit:
        s = pattern.sub(repl, s)
    return s


# -- the EntityRuler's patterns (built from the lexicons) -------------------------------------


def ruler_patterns() -> list[dict]:
    """Patterns for spaCy's EntityRuler: lexicon organisations, facilities, kunyas."""
    lex = lexicon()
    patterns: list[dict] = []
    for canonical, names in lex.org_names.items():
        for n in names:
            patterns.append({"label": "ORG", "pattern": n, "id": canonical})
    # States are left to the statistical model (it knows them well; a phrase pattern for
    # "Sudan" would cut "Sudan Liberation Movement" in two); `_fix_labels` corrects their labels.
    place_words = sorted({w for c in lex.capital_of for w in c.title().split()})
    not_time = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    fac = list(lex.facility_nouns)
    name_tok = {"POS": "PROPN", "ORTH": {"NOT_IN": not_time}}
    patterns.append({"label": "FAC", "pattern": [{**name_tok, "OP": "+"}, {"LOWER": {"IN": fac}}]})
    patterns.append(
        {
            "label": "FAC",
            "pattern": [
                {**name_tok},
                {"LOWER": {"IN": ["al", "el"]}},
                {"ORTH": "-"},
                {"IS_TITLE": True},
                {"LOWER": {"IN": fac}},
            ],
        }
    )
    kunya = [{"ORTH": {"IN": ["Abu", "Abou", "Umm"]}}, {"IS_TITLE": True, "ORTH": {"NOT_IN": place_words}}]
    patterns.append({"label": "PERSON", "pattern": kunya})
    patterns.append(
        {
            "label": "PERSON",
            "pattern": [*kunya, {"LOWER": {"IN": ["al", "el"]}}, {"ORTH": "-"}, {"IS_TITLE": True}],
        }
    )
    return patterns


# -- mentions -----------------------------------------------------------------------------------


@dataclass
class _Mention:
    start: int
    end: int
    surface: str  # the name as written, honorific included, "the"/possessive/quotes trimmed
    core: str  # the name without honorific
    label: str
    source: str = "ner"
    ruler_id: str | None = None
    tokens: tuple[str, ...] = field(default=())  # words of `core`
    root: int = -1  # index of the span's syntactic head token (-1: not known)
    state: str | None = None  # the state a capital stands for where it acts ("Washington accused")
    titled: str | None = None  # "General Ismail Qaani" when a title stands before the name
    prev_word: str = ""  # the word before the mention ("Mahinda" before a lone "Rajapaksa")

    @property
    def is_full(self) -> bool:
        return len([t for t in self.tokens if t.lower() not in lexicon().particles]) >= 2


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds without leading determiners/quotes and trailing possessives/quotes/punct."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].text in _QUOTES):
        start += 1
    while end > start and (
        doc[end - 1].text in _POSSESSIVE
        or doc[end - 1].text in _QUOTES
        or (doc[end - 1].is_punct and doc[end - 1].text not in ".)")
    ):
        end -= 1
    return start, end


def _split_honorific(words: list[str]) -> tuple[list[str], list[str]]:
    """(honorific words, name words): "Brig. Gen. Yahya Rasool" -> (["Brig.", "Gen."], [...])."""
    low = [w.lower() for w in words]
    cut = 0
    for _ in range(3):  # "Prime Minister Gen. X": several titles may stack
        for h in lexicon().honorifics:
            if len(low) - cut > len(h) and tuple(low[cut : cut + len(h)]) == h:
                cut += len(h)
                break
        else:
            break
    return words[:cut], words[cut:]


# Letters after a name that are not part of it (British parliaments, honours).
_POST_NOMINALS = frozenset(
    {"MP", "MPs", "MSP", "MEP", "AM", "QC", "KC", "OBE", "MBE", "CBE", "Jr", "Jr.", "Sr"}
)
# Titles by which a person is named with the given name alone ("Prince Charles", "King Salman"):
# such a name never joins another person who merely shares the given name.
_GIVEN_NAME_TITLES = frozenset(
    {
        "king",
        "queen",
        "prince",
        "princess",
        "crown",
        "pope",
        "emir",
        "sultan",
        "emperor",
        "lord",
        "lady",
        "baroness",
        "sheikha",
    }
)


def _make_mention(
    doc: Doc, span: Span, label: str, source: str, ruler_id: str | None = None
) -> _Mention | None:
    start, end = _trim(doc, span.start, span.end)
    if start >= end:
        return None
    if label == "PERSON":
        start = _extend_name_left(doc, start, end)
    s = doc[start:end]
    surface = s.text
    words = surface.split()
    core_words = words
    if label == "PERSON":
        if any(ch.isdigit() for ch in surface) or tuple(w.lower() for w in words) in lexicon().honorifics:
            return None  # "Perm 35", a bare "Lib Dem": not a person's name
        _, core_words = _split_honorific(words)
        while core_words and (core_words[-1] in _POST_NOMINALS or core_words[-1].islower()):
            core_words = core_words[:-1]  # "Paul Boateng MP", "Moazzam Begg have"
        if not core_words:
            return None
    core = " ".join(core_words)
    if not any(ch.isalpha() for ch in core):
        return None
    titled = _title_before(doc, start) if label == "PERSON" else None
    return _Mention(
        s.start_char,
        s.end_char,
        surface,
        core,
        label,
        source,
        ruler_id,
        tokens=tuple(core_words),
        titled=f"{titled} {surface}" if titled else None,
        root=s.root.i,
        prev_word=doc[start - 1].text if start > 0 else "",
    )


def _extend_name_left(doc: Doc, start: int, end: int) -> int:
    """ "Imran Khan" that the tagger cut to "Khan": a capitalised proper noun compounded onto the
    name (and no honorific or other entity) belongs to it."""
    while start > 0:
        t = doc[start - 1]
        if not (t.pos_ == "PROPN" and t.is_title and t.dep_ == "compound" and start <= t.head.i < end):
            break
        if t.ent_type_ or t.lower_ in honorific_words():
            break
        start -= 1
    return start


def _title_before(doc: Doc, start: int) -> str | None:
    """The honorific right before a name ("General" in "General Ismail Qaani"), if any."""
    if start == 0 or doc[start - 1].lower_ not in honorific_words():
        return None
    for h in lexicon().honorifics:
        if start >= len(h) and tuple(t.lower_ for t in doc[start - len(h) : start]) == h:
            return doc[start - len(h) : start].text
    return None


@functools.cache
def honorific_words() -> frozenset[str]:
    """Every word of every honorific ("brig.", "gen.", "prime", ...), lower-cased."""
    return frozenset(w for h in lexicon().honorifics for w in h)


def _is_title_fragment(doc: Doc, span: Span) -> bool:
    """'Supreme' of "Supreme Leader", 'Prime' of "Prime Minister": a title, not a name."""
    if span.end >= len(doc) or doc[span.end].lower_ not in honorific_words():
        return False
    words = [t.lower_ for t in doc[span.start : min(span.end + 2, len(doc))]]
    return any(tuple(words[: len(h)]) == h for h in lexicon().honorifics if len(h) > 1)


def _collect(doc: Doc) -> list[_Mention]:
    out = []
    groups = _group_words()
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS or _is_title_fragment(doc, ent):
            continue
        source = "ruler" if ent.ent_id_ else "ner"
        for part in _split_at_commas(ent):
            m = _make_mention(doc, part, ent.label_, source, ent.ent_id_ or None)
            if m and m.core.islower() and source == "ner":
                continue  # "congress", "the state": common nouns the small model took for names
            if m and m.core in groups:
                m.label = "NORP"
            if m:
                out.append(m)
    return _join_split_names(doc, out)


def _join_split_names(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """ "Karim"/GPE + "Haddad"/PERSON: a given name the tagger cut off the person it names."""
    out: list[_Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and m.label == "PERSON"
            and len(prev.tokens) == 1
            and prev.tokens[0].lower() in lexicon().given_names
            and doc_text(doc)[prev.end : m.start].strip() == ""
        ):
            span = doc.char_span(prev.start, m.end, alignment_mode="expand")
            joined = _make_mention(doc, span, "PERSON", m.source) if span is not None else None
            if joined is not None:
                out[-1] = joined
                continue
        out.append(m)
    return out


@functools.cache
def _group_words() -> frozenset[str]:
    return frozenset(load_lines("lexicons/group_words.txt"))


def _split_at_commas(span: Span) -> list[Span]:
    """ "Kerman, Soleimani" is two names the tagger ran together."""
    parts, start = [], span.start
    for tok in span:
        # "Kerman, Soleimani", "MPs - Keith Vaz": a comma or a spaced dash ends a name
        if tok.text in (",", ";") or (tok.text in ("-", "–", "—") and tok.whitespace_):
            if tok.i > start:
                parts.append(span.doc[start : tok.i])
            start = tok.i + 1
    if start < span.end:
        parts.append(span.doc[start : span.end])
    return parts


# -- labels -------------------------------------------------------------------------------------


_LOCATIVE = frozenset(
    {"in", "at", "near", "outside", "from", "into", "around", "across", "towards", "toward"}
)


def _one_word_after_locative(doc: Doc, m: _Mention) -> bool:
    if len(m.tokens) != 1 or m.root < 0:
        return False
    root = doc[m.root]
    if root.dep_ != "pobj" or root.tag_ != "NNP":
        return False
    prep = root.head
    # "returning to Sinjar": "to" is locative after a verb of motion only ("talks to Hamas" is not)
    return prep.lower_ in _LOCATIVE or (prep.lower_ == "to" and prep.head.lemma_ in _MOTION_VERBS)


_MOTION_VERBS = frozenset(
    {
        "return",
        "go",
        "travel",
        "flee",
        "move",
        "head",
        "come",
        "fly",
        "drive",
        "march",
        "advance",
        "retreat",
        "deport",
        "send",
        "transfer",
        "evacuate",
        "walk",
        "sail",
    }
)


def _known_place(core: str) -> bool:
    lex = lexicon()
    k = _plain(core)
    return k in lex.country_canon or k in lex.capital_of


@functools.cache
def _folded_toponym_heads() -> frozenset[str]:
    # folded as names are ("Souq", "Souk", "Suq" -> one key), so every spelling matches
    return frozenset(fold_token(w) for w in lexicon().toponym_heads)


def _named_place(doc: Doc, m: _Mention) -> bool:
    """ "the city of al-Qaim", "Souq al-Juma", "Wadi Halfa": the words around or in a name say
    it is a place."""
    lex = lexicon()
    first = m.tokens[0]
    if len(m.tokens) >= 2 and fold_token(first) in _folded_toponym_heads():
        return first.lower() not in lex.given_names
    if m.root < 0:
        return False
    root = doc[m.root]
    of = root.head
    return root.dep_ == "pobj" and of.lower_ == "of" and of.head.lemma_.lower() in lex.place_nouns


def _fix_labels(mentions: list[_Mention], doc: Doc, source: str | None = None) -> None:
    lex = lexicon()
    places = {_plain(m.core): m.label for m in mentions if m.label in PLACE_LABELS}
    outlet = _plain(source) if source else None
    for m in mentions:
        k = _plain(m.core)
        if m.ruler_id:
            continue
        if k == outlet:
            m.label = "ORG"  # "told Sahel Today": the publication the record names as its source
            continue
        if m.label in ("PERSON", "ORG", "NORP") and k not in lex.org_canon and _named_place(doc, m):
            m.label = "GPE"
            continue
        country = k in lex.country_canon and m.label in ("PERSON", "ORG", "LOC", "FAC")
        capital = k in lex.capital_of and m.label in ("PERSON", "ORG", "NORP")
        # "in Sfax", "near Quetta": the small model's ORG for a town
        town = m.label in ("ORG", "NORP") and k not in lex.org_canon and _one_word_after_locative(doc, m)
        if country or capital or town:
            m.label = "GPE"
        elif m.label == "ORG" and k in places and k not in lex.org_canon:
            m.label = places[k]  # "Kerman"/ORG beside "Kerman"/GPE: one place
        elif k in lex.org_canon and m.label != "ORG":
            m.label = "ORG"
        elif m.label in ("GPE", "LOC", "ORG", "NORP") and m.is_full and not _known_place(m.core):
            first = m.tokens[0].lower()
            if first in lex.given_names or first in ("abu", "umm"):
                m.label = "PERSON"
                _, core_words = _split_honorific(list(m.tokens))
                m.core, m.tokens = " ".join(core_words), tuple(core_words)
    # surnames of people named in full anywhere in the article are people
    surnames = {fold_token(m.tokens[-1]) for m in mentions if m.label == "PERSON" and m.is_full}
    for m in mentions:
        single = m.label != "PERSON" and len(m.tokens) == 1 and not m.ruler_id
        if single and not _known_place(m.core) and fold_token(m.tokens[0]) in surnames:
            m.label = "PERSON"


# -- clustering ---------------------------------------------------------------------------------


class _Clusters:
    """Union-find over mention indexes."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _name_keys(m: _Mention) -> tuple[str, ...]:
    parts = [t for t in m.tokens if t.lower() not in lexicon().particles or t.lower() in ("abu", "umm")]
    return tuple(fold_token(t) for t in parts)


def _bare(word: str) -> str:
    """A surname without its article: "al-Kadhimi" -> "Kadhimi"."""
    return re.sub(r"^(?:al|el|Al|El|AL|EL)[-‐]", "", word)


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names are one person: equal keys, or one is the other's tail ("Yapa Abeywardana"),
    or the same given name and surname with a middle name on one side only, or a kunya that
    opens the longer name ("Abu Fadak" of "Abu Fadak al-Mohammadawi")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if short[0] in ("abu", "umm") and long_[: len(short)] == short:
        return True
    if len(short) >= 2 and long_[-len(short) :] == short and short[0] not in ("abu", "umm"):
        return True
    return short[0] == long_[0] and short[-1] == long_[-1]


def _cluster_people(mentions: list[_Mention], uf: _Clusters) -> None:
    people = [i for i, m in enumerate(mentions) if m.label == "PERSON"]
    full = [i for i in people if mentions[i].is_full]
    reps: list[int] = []  # one representative mention per full-name person
    for i in full:
        keys = _name_keys(mentions[i])
        for r in reps:
            if _same_person(keys, _name_keys(mentions[r])):
                uf.union(r, i)
                break
        else:
            reps.append(i)
    # bare names: a surname joins the person it fits; several fit -> the most recent before it
    royal_names = {
        fold_token(mentions[i].tokens[-1])
        for i in people
        if not mentions[i].is_full
        and (mentions[i].titled or mentions[i].surface).split()[0].lower() in _GIVEN_NAME_TITLES
    }
    for i in people:
        m = mentions[i]
        if m.is_full:
            continue
        key = fold_token(m.tokens[-1])
        keys = _name_keys(m)
        if keys and keys[0] in ("abu", "umm"):  # a kunya: "Abu Fadak" of "Abu Fadak al-Mohammadawi"
            opening = [r for r in reps if _name_keys(mentions[r])[: len(keys)] == keys]
            if opening:
                uf.union(_most_recent(mentions, uf, opening, m.start), i)
                continue
        by_surname = [r for r in reps if _name_keys(mentions[r])[-1] == key]
        if len(by_surname) > 1 and m.prev_word[:1].isupper():
            # "Mahinda Rajapaksa" that the tagger cut to "Rajapaksa": the word before decides
            given = fold_token(m.prev_word)
            by_surname = [r for r in by_surname if _name_keys(mentions[r])[0] == given] or by_surname
        by_given = [r for r in reps if _name_keys(mentions[r])[0] == key and len(_name_keys(mentions[r])) > 1]
        if (m.titled or m.surface).split()[0].lower() in _GIVEN_NAME_TITLES or key in royal_names:
            by_given = []  # "Prince Charles" (and a bare "Charles" beside him) is not Charles Kennedy
        cands = by_surname or (by_given if len(by_given) == 1 else [])
        if cands:
            uf.union(_most_recent(mentions, uf, cands, m.start), i)
        else:
            same = [
                j
                for j in people
                if j < i and not mentions[j].is_full and fold_token(mentions[j].tokens[-1]) == key
            ]
            if same:
                uf.union(same[0], i)


def _most_recent(mentions: list[_Mention], uf: _Clusters, reps: list[int], before: int) -> int:
    if len(reps) == 1:
        return reps[0]
    roots = {uf.find(r): r for r in reps}
    last_seen = {root: -1 for root in roots}
    for j, m in enumerate(mentions):
        root = uf.find(j)
        if root in last_seen and m.start < before:
            last_seen[root] = max(last_seen[root], m.start)
    best = max(roots, key=lambda root: (last_seen[root], -root))
    if last_seen[best] < 0:  # none named before it: the first named after it
        best = min(roots)
    return roots[best]


def _acronym(words: Iterable[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper() and w.lower() not in ("of", "the", "and", "for"))


def _cluster_orgs_and_places(mentions: list[_Mention], uf: _Clusters, doc: Doc) -> None:
    lex = lexicon()
    first_by_key: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        if m.label == "PERSON":
            continue
        group = "PLACE" if m.label in PLACE_LABELS else m.label
        k = _plain(m.core)
        if group == "ORG":
            k = _plain(lex.org_canon.get(k, m.ruler_id or m.core))
        elif group == "PLACE":
            k = _plain(lex.country_canon.get(k, m.core))
            if k in lex.capital_of and _acts(doc, m):
                m.state = lex.capital_of[k]
                k = _plain(m.state)
                m.label = "GPE"
        elif group == "NORP":
            k = _plain(lex.demonym_of.get(k, m.core))
        key = (group, k)
        if key in first_by_key:
            uf.union(first_by_key[key], i)
        else:
            first_by_key[key] = i
    # acronyms: "PMF" = "Popular Mobilization Forces", "(LNA)" after "Libyan National Army"
    orgs = [i for i, m in enumerate(mentions) if m.label == "ORG"]
    for i in orgs:
        m = mentions[i]
        if not (m.core.isupper() and 2 <= len(m.core) <= 6):
            continue
        for j in orgs:
            if j != i and len(mentions[j].tokens) >= 2 and _acronym(mentions[j].tokens) == m.core:
                uf.union(j, i)
                break


def _acts(doc: Doc, m: _Mention) -> bool:
    """A capital used as the state: subject of a verb, or the agent in "backed by Tehran"."""
    if m.root < 0:
        return False
    root = doc[m.root]
    if root.dep_ == "conj":  # "Washington and Tehran accused each other"
        root = root.head
    if root.dep_ in ("nsubj", "nsubjpass"):
        return root.head.pos_ in ("VERB", "AUX")
    # "backed by Tehran", "talks with Washington", "sanctions against Moscow"; not "in"/"to"/"at"
    return root.dep_ == "pobj" and root.head.lower_ in _ACTING_PREPOSITIONS


_ACTING_PREPOSITIONS = frozenset({"by", "with", "against", "between", "toward", "towards"})


_NAME = r"[A-Z][\w’'-]*(?:\s+(?:al-|el-|bin\s+|ibn\s+)?[A-Z][\w’'-]*){0,3}"
_OPEN = r"\s*[\"“'‘]?"
# "X, known as "Abu Y"", "X, also known as Y", "X, nicknamed Y", "X, whom the men called "Y""
_ALIAS_AFTER = re.compile(
    r"^\s*,?\s*(?:who\s+(?:is|was)\s+)?(?:(?:also|better|widely|popularly)\s+)?"
    r"(?:known\s+as|nicknamed|dubbed|alias|aka|a\.k\.a\.|whose\s+(?:real|full|birth)\s+name\s+is)"
    + _OPEN
    + r"(?P<alias>"
    + _NAME
    + r")"
    r"|^\s*,?\s*whom\s+[^,.;]{0,80}?\b(?:called|call|calls|nicknamed|dubbed)"
    + _OPEN
    + r"(?P<alias2>"
    + _NAME
    + r")"
)


def _alias_links(doc: Doc, mentions: list[_Mention]) -> list[tuple[int, int]]:
    """Pairs (person mention, alias mention) tied by "X, known as "Y"" and kin; adds mentions
    for aliases the tagger did not label."""
    links = []
    by_start = {m.start: i for i, m in enumerate(mentions)}
    sent_ends = [s.end_char for s in doc.sents]
    text = doc_text(doc)
    for i, m in enumerate(list(mentions)):
        if m.label != "PERSON" and not (m.is_full and m.tokens[0].lower() in lexicon().given_names):
            continue
        window = text[m.end : min(_sentence_end(sent_ends, m.end, len(text)), m.end + 140)]
        found = _ALIAS_AFTER.match(window)
        if not found:
            continue
        group = "alias" if found.group("alias") else "alias2"
        a_start, a_end = m.end + found.start(group), m.end + found.end(group)
        j = by_start.get(a_start)
        if j is None:
            alias = _new_person_mention(doc, a_start, a_end)
            if alias is None:
                continue
            mentions.append(alias)
            j = len(mentions) - 1
            by_start[a_start] = j
        mentions[j].label = "PERSON"
        m.label = "PERSON"
        links.append((i, j))
    return links


def _new_person_mention(doc: Doc, start: int, end: int) -> _Mention | None:
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    return _make_mention(doc, span, "PERSON", "alias")


def _sentence_end(sent_ends: list[int], char: int, default: int) -> int:
    """End offset of the sentence holding `char`, given the sorted sentence end offsets."""
    i = bisect.bisect_right(sent_ends, char)
    return sent_ends[i] if i < len(sent_ends) else default


# -- sweep: unlabelled repeats of known names --------------------------------------------------


def _sweep(doc: Doc, mentions: list[_Mention], uf: _Clusters) -> None:
    """Add mentions for repeats of a person's or organisation's name that the tagger missed."""
    text = doc_text(doc)
    taken = [False] * len(text)
    for m in mentions:
        for k in range(m.start, m.end):
            taken[k] = True
    forms: dict[str, int] = {}
    ambiguous: set[str] = set()
    for i, m in enumerate(mentions):
        if m.label not in ("PERSON", "ORG"):
            continue
        cands = [m.core]
        if m.label == "PERSON" and m.is_full:
            cands += [m.tokens[-1], _bare(m.tokens[-1])]
        # a list, not a set: set order follows string hashes, which differ between processes,
        # and the output must be the same on one worker, several, or Spark
        for form in dict.fromkeys(cands):
            if len(form) < MIN_SWEEP_CHARS and not form.isupper():
                continue
            root = uf.find(i)
            if forms.get(form, root) != root:
                ambiguous.add(form)
            forms[form] = root
    starts, ends = token_starts(doc), token_ends(doc)
    for form, root in forms.items():
        if form in ambiguous:
            continue
        for start, end in _whole_word_hits(text, form):
            if any(taken[start:end]):
                continue
            if start not in starts or end not in ends:
                continue  # inside a longer token
            label = mentions[root].label
            mentions.append(_Mention(start, end, form, form, label, "alias", tokens=tuple(form.split())))
            uf.parent.append(len(uf.parent))
            uf.union(root, len(mentions) - 1)
            for k in range(start, end):
                taken[k] = True


def _whole_word_hits(text: str, form: str) -> Iterator[tuple[int, int]]:
    r"""Occurrences of `form` not inside a longer word (neither a word character nor a hyphen
    on either side), left to right, not overlapping: the matches of the regex
    `(?<![\w-])form(?![\w-])`, found with str.find (a regex compiled per name cost ~2 ms an
    article)."""
    pos = text.find(form)
    while pos >= 0:
        end = pos + len(form)
        if not (_wordish(text, pos - 1) or _wordish(text, end)):
            yield pos, end
            pos = text.find(form, end)
        else:
            pos = text.find(form, pos + 1)


def _wordish(text: str, i: int) -> bool:
    if i < 0 or i >= len(text):
        return False
    ch = text[i]
    return ch.isalnum() or ch in "_-"


# -- building entities -------------------------------------------------------------------------


def _canonical(members: list[_Mention], label: str) -> str:
    lex = lexicon()
    if label == "ORG":
        for m in members:
            canon = m.ruler_id or lex.org_canon.get(_plain(m.core))
            if canon:
                return canon
    if label in PLACE_LABELS:
        for m in members:
            canon = lex.country_canon.get(_plain(m.core)) or m.state
            if canon:
                return canon
    best = max(members, key=lambda m: (len(m.tokens), -m.start))
    return best.core


def _entity_label(members: list[_Mention]) -> str:
    labels = Counter(m.label for m in members)
    if "PERSON" in labels:
        return "PERSON"
    ruled = [m.label for m in members if m.ruler_id]
    if ruled:
        return Counter(ruled).most_common(1)[0][0]
    return labels.most_common(1)[0][0]


def _derived_aliases(
    members: list[_Mention], label: str, surname_owner: dict[str, int], given_owner: dict[str, int], root: int
) -> list[str]:
    """Name parts by which the text may refer to a person: the titled form ("General X Y"), the
    surname ("al-Kadhimi", "Kadhimi") and the given name, each only when no other person of the
    article shares it."""
    if label != "PERSON":
        return []
    out = []
    for m in members:
        if m.titled:
            out.append(m.titled)
        if not m.is_full:
            last = m.tokens[-1]
            if _bare(last) != last and surname_owner.get(fold_token(last)) == root:
                out.append(_bare(last))  # "Kazemi" of a lone "Al-Kazemi"
            continue
        words = list(m.tokens)
        plain_words = all(_bare(w) == w and w.lower() not in lexicon().particles for w in words)
        if len(words) >= 3 and plain_words and len(words[1].rstrip(".")) > 1:
            out.append(" ".join(words[1:]))  # "Yapa Abeywardana" of "Mahinda Yapa Abeywardana"
        if given_owner.get(fold_token(words[0])) == root and words[0].lower() not in lexicon().particles:
            out.append(words[0])  # "Saddam" of "Saddam Hussein", when no other person is called so
        last = m.tokens[-1]
        if surname_owner.get(fold_token(last)) != root:
            continue
        out.append(last)
        if _bare(last) != last:
            out.append(_bare(last))
    return out


def _alias_kind(alias: str, name: str, members: list[_Mention], linked: set[str]) -> str:
    if alias == name:
        return "name"
    if alias in linked:
        return "nickname"
    if alias.isupper() and len(alias) <= 6:
        return "acronym"
    words, name_words = alias.split(), name.split()
    if len(words) > len(name_words) and alias.endswith(name):
        return "titled"
    if tuple(fold_token(w) for w in words) == tuple(fold_token(w) for w in name_words):
        return "transliteration"
    if len(words) == 1 and name_words and fold_token(words[0]) == fold_token(name_words[-1]):
        return "surname" if words[0] in name else "surname transliteration"
    if len(words) == 1 and name_words and fold_token(words[0]) == fold_token(name_words[0]):
        return "given name"
    return "alias"


def find_entities(doc: Doc, clean: CleanText, article: Article) -> tuple[Entity, ...]:
    mentions = _collect(doc)
    links = _alias_links(doc, mentions)
    _fix_labels(mentions, doc, article.source)
    uf = _Clusters(len(mentions))
    _cluster_people(mentions, uf)
    for a, b in links:
        uf.union(a, b)
    _cluster_orgs_and_places(mentions, uf, doc)
    _sweep(doc, mentions, uf)
    groups: dict[int, list[_Mention]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[uf.find(i)].append(m)
    linked_aliases = {mentions[b].core for _, b in links} | {mentions[b].surface for _, b in links}
    surname_owner: dict[str, int] = {}
    given_owner: dict[str, int] = {}
    for root, members in groups.items():
        for m in members:
            if m.label != "PERSON":
                continue
            # a one-word name of another person ("Prince Charles") makes that word ambiguous too
            last, first = fold_token(m.tokens[-1]), fold_token(m.tokens[0])
            surname_owner[last] = root if surname_owner.get(last, root) == root else -1
            if m.is_full:
                given_owner[first] = root if given_owner.get(first, root) == root else -1
            else:
                given_owner[last] = root if given_owner.get(last, root) == root else -1
    ordered = sorted(groups.items(), key=lambda kv: min(m.start for m in kv[1]))
    entities = []
    for n, (root, members) in enumerate(ordered, 1):
        label = _entity_label(members)
        name = _canonical(members, label)
        aliases: list[str] = [name]
        for m in sorted(members, key=lambda m: m.start):
            aliases.extend((m.surface, m.core))
        aliases.extend(_derived_aliases(members, label, surname_owner, given_owner, root))
        aliases = list(dict.fromkeys(a for a in aliases if a))
        kinds = tuple((a, _alias_kind(a, name, members, linked_aliases)) for a in aliases)
        entities.append(
            Entity(
                id=f"e{n}",
                type=label,
                name=name,
                aliases=tuple(aliases),
                mentions=tuple(
                    Mention(m.start, m.end, m.surface, m.label, m.source)
                    for m in sorted(members, key=lambda m: m.start)
                ),
                alias_kinds=kinds,
            )
        )
    entities.extend(_byline_entities(clean, entities))
    entities = _dateline_place(clean, entities)
    return tuple(_harvest_repeats(entities, clean))


_NAME_IN_TEXT = re.compile(r"[A-Z][\w’'-]+(?:\s+(?:al-|el-|Al-|El-|bin\s+|ibn\s+)?[A-Z][\w’'-]+){1,5}")


def _harvest_repeats(entities: list[Entity], clean: CleanText) -> list[Entity]:
    """Pull-quotes that `clean` removed repeat the body, often in another spelling ("Mustafa
    Al-Kazemi" for "Mustafa al-Kadhimi"): a name there that folds to a person's full name is
    one more alias of that person (its mention points into the original text)."""
    repeats = [r for r in clean.removed if r.reason == "pullquote"]
    by_key: dict[tuple[str, ...], int] = {}
    for i, e in enumerate(entities):
        if e.type == "PERSON":
            for a in e.aliases:
                words = _split_honorific(a.split())[1]
                if len(words) >= 2:
                    by_key.setdefault(tuple(fold_token(w) for w in words), i)
    out = list(entities)
    for r in repeats:
        for run in _NAME_IN_TEXT.finditer(r.text):
            for name, offset in _windows(run.group(0)):
                i = by_key.get(tuple(fold_token(w) for w in name.split()))
                if i is None or name in out[i].aliases:
                    continue
                start = r.start + run.start() + offset
                mention = Mention(start, start + len(name), name, "PERSON", "repeat", in_original=True)
                new = [name] + [_bare(name.split()[-1])] * (_bare(name.split()[-1]) not in out[i].aliases)
                out[i] = replace(
                    out[i],
                    aliases=(*out[i].aliases, *new),
                    mentions=(*out[i].mentions, mention),
                    alias_kinds=(*out[i].alias_kinds, *((n, "transliteration") for n in new)),
                )
    return out


def _dateline_place(clean: CleanText, entities: list[Entity]) -> list[Entity]:
    """The place of a dateline ("TRIPOLI:", "Baghdad ■ Reuters") is a place the story names."""
    if not clean.dateline:
        return entities
    for r in clean.removed:
        if r.reason != "dateline":
            continue
        found = re.search(re.escape(clean.dateline), r.text, re.IGNORECASE)
        if not found:
            continue
        start = r.start + found.start()
        surface = r.text[found.start() : found.end()]
        mention = Mention(start, start + len(surface), surface, "GPE", "dateline", in_original=True)
        key = _plain(clean.dateline)
        for i, e in enumerate(entities):
            if e.type in PLACE_LABELS and any(_plain(a) == key for a in e.aliases):
                entities[i] = replace(
                    e, mentions=(*e.mentions, mention), aliases=tuple(dict.fromkeys((*e.aliases, surface)))
                )
                return entities
        return [
            *entities,
            Entity(
                f"e{len(entities) + 1}",
                "GPE",
                clean.dateline,
                tuple(dict.fromkeys((clean.dateline, surface))),
                (mention,),
            ),
        ]
    return entities


def _byline_entities(clean: CleanText, entities: list[Entity]) -> list[Entity]:
    """Authors and their outlets from bylines (their offsets already point into the original)."""
    out: list[Entity] = []
    known = {_plain(a): e for e in entities for a in e.aliases}
    n = len(entities)
    for b in clean.bylines:
        pairs = [("PERSON", b.name, b.name_start, b.name_end)]
        if b.organization and b.org_start is not None and b.org_end is not None:
            pairs.append(("ORG", b.organization, b.org_start, b.org_end))
        for label, name, start, end in pairs:
            if _plain(name) in known:
                continue
            n += 1
            canon = lexicon().org_canon.get(_plain(name), name) if label == "ORG" else name
            ent = Entity(
                id=f"e{n}",
                type=label,
                name=canon,
                aliases=tuple(dict.fromkeys((canon, name))),
                mentions=(Mention(start, end, name, label, "byline", in_original=True),),
            )
            out.append(ent)
            known[_plain(name)] = ent
    return out


def _windows(run: str) -> list[tuple[str, int]]:
    """Every 2-4 word stretch of a run of capitalised words, with its offset in the run."""
    words = [(m.group(0), m.start()) for m in re.finditer(r"\S+", run)]
    out = []
    for size in (4, 3, 2):
        for k in range(len(words) - size + 1):
            start = words[k][1]
            last, last_start = words[k + size - 1]
            out.append((run[start : last_start + len(last)], start))
    return out


def add_byline_roles(entities: tuple[Entity, ...], clean: CleanText) -> tuple[Entity, ...]:
    """The role a byline states ("Martin Chulov ■ The Guardian's Middle East correspondent")."""
    out = list(entities)
    for b in clean.bylines:
        if not b.title:
            continue
        who = next((i for i, e in enumerate(out) if e.type == "PERSON" and b.name in e.aliases), None)
        if who is None:
            continue
        orgs = [e.id for e in out if e.type == "ORG" and b.organization and b.organization in e.aliases]
        org = orgs[0] if orgs else None
        start = b.name_start
        end = max(b.name_end, b.org_end or 0, start)
        line_end = clean.original.find("\n", end)
        end = len(clean.original) if line_end < 0 else line_end
        title = f"{b.organization} {b.title}" if b.organization and b.organization not in b.title else b.title
        ev = Evidence(start, end, clean.original[start:end], in_original=True)
        role = Role(title=title, organization=org, evidence=ev, qualifier=None, current=True)
        if all(r.title != title for r in out[who].roles):
            out[who] = replace(out[who], roles=(*out[who].roles, role))
    return tuple(out)


def token_entities(doc: Doc, entities: Iterable[Entity]) -> dict[int, Entity]:
    """Token index -> the entity whose mention covers it (mentions in the clean text only).
    Later stages (roles, events, quotes) read entities through this one map."""
    starts = token_starts(doc)
    out: dict[int, Entity] = {}
    for e in entities:
        for m in e.mentions:
            if m.in_original:
                continue
            i = starts.get(m.start)
            if i is None:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                i = span.start
            while i < len(doc) and doc[i].idx < m.end:
                out[i] = e
                i += 1
    return out
