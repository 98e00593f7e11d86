"""entities.clusters: which mentions name the same person, organisation or place.

Full names cluster by (given name, surname) after transliteration folding ("Mustafa al-Kadhimi" =
"Mustafa Al-Kazemi"); a bare surname or given name joins the one person it fits ("Qani" ->
"Ismail Qaani"); two people who share a family name but not a given name stay apart (Muhammad
vs Hisham al-Hashemi); a surname that fits several joins the one most recently named before it.
Kunyas and nicknames join by "known as" / "whom ... called" / "nicknamed". Organisations join by
the gazetteer's aliases and by acronyms ("PMF"); places by name, a capital that acts
("Washington accused") joining its state. Finally unlabelled repeats of a known name are added
as mentions (the small model misses many).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from spacy.tokens import Doc

from newsgraph.entities.mentions import PLACE_LABELS, NameMention, make_mention
from newsgraph.gazetteer import gazetteer, place
from newsgraph.names import acronym, bare, english_readings, fold_token, is_kunya_key, name_words, plain
from newsgraph.nlp import cased_doc_text, token_ends, token_starts

# Names of 3 letters or fewer are swept for unlabelled repeats only when they are acronyms:
# "Ali" or "Abu" alone would otherwise attach every occurrence of a common word part.
MIN_SWEEP_CHARS = 4


class Clusters:
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


def _name_keys(m: NameMention) -> tuple[str, ...]:
    return _keys_of(m.tokens)


def _keys_of(tokens: tuple[str, ...]) -> tuple[str, ...]:
    parts = [t for t in tokens if t.lower() not in name_words().particles or is_kunya_key(fold_token(t))]
    return tuple(fold_token(t) for t in parts)


def _readings(m: NameMention) -> tuple[tuple[str, ...], ...]:
    """The name's keys as written and, for a Turkish/Kurdish Latin spelling, as English
    romanisation writes it ("Ferhad Şami" is also "Farhad Shami")."""
    return (_name_keys(m), *(_keys_of(r) for r in english_readings(m.tokens)))


def _same_name(a: NameMention, b: NameMention) -> bool:
    return any(_same_person(x, y) for x in _readings(a) for y in _readings(b))


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names are one person: equal keys, or one is the other's tail ("Yapa Abeywardana"),
    or the same given name and surname with a middle name on one side only, or a kunya that
    opens the longer name ("Abu Fadak" of "Abu Fadak al-Mohammadawi")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if is_kunya_key(short[0]) and long_[: len(short)] == short:
        return True
    if len(short) >= 2 and long_[-len(short) :] == short and not is_kunya_key(short[0]):
        return True
    return short[0] == long_[0] and short[-1] == long_[-1]


def cluster_people(mentions: list[NameMention], uf: Clusters) -> None:
    people = [i for i, m in enumerate(mentions) if m.label == "PERSON"]
    full = [i for i in people if mentions[i].is_full]
    reps: list[int] = []  # one representative mention per full-name person
    for i in full:
        for r in reps:
            if _same_name(mentions[i], mentions[r]):
                uf.union(r, i)
                break
        else:
            reps.append(i)
    # bare names: a surname joins the person it fits; several fit -> the most recent before it
    royal_names = {
        fold_token(mentions[i].tokens[-1])
        for i in people
        if not mentions[i].is_full
        and (mentions[i].titled or mentions[i].surface).split()[0].lower() in name_words().given_name_titles
    }
    for i in people:
        m = mentions[i]
        if m.is_full:
            continue
        key = fold_token(m.tokens[-1])
        keys = _name_keys(m)
        if keys and is_kunya_key(keys[0]):  # a kunya: "Abu Fadak" of "Abu Fadak al-Mohammadawi"
            opening = [r for r in reps if _name_keys(mentions[r])[: len(keys)] == keys]
            if opening:
                uf.union(_most_recent(mentions, uf, opening, m.start), i)
                continue
        surnames = {k[-1] for k in _readings(m) if k}
        by_surname = [r for r in reps if surnames & {k[-1] for k in _readings(mentions[r]) if k}]
        if len(by_surname) > 1 and m.prev_word[:1].isupper():
            # "Mahinda Rajapaksa" that the tagger cut to "Rajapaksa": the word before decides
            given = fold_token(m.prev_word)
            by_surname = [r for r in by_surname if _name_keys(mentions[r])[0] == given] or by_surname
        by_given = [r for r in reps if _name_keys(mentions[r])[0] == key and len(_name_keys(mentions[r])) > 1]
        if (m.titled or m.surface).split()[0].lower() in name_words().given_name_titles or key in royal_names:
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


def _most_recent(mentions: list[NameMention], uf: Clusters, reps: list[int], before: int) -> int:
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


def cluster_orgs_and_places(mentions: list[NameMention], uf: Clusters, doc: Doc) -> None:
    gaz = gazetteer()
    first_by_key: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        if m.label == "PERSON":
            continue
        group = "PLACE" if m.label in PLACE_LABELS else m.label
        k = plain(m.core)
        if group == "ORG":
            k = plain(gaz.org_canon.get(k, m.ruler_id or m.core))
        elif group == "PLACE":
            k = plain(gaz.country_canon.get(k, m.core))
            if k in gaz.capital_of and _acts(doc, m):
                m.state = gaz.capital_of[k]
                k = plain(m.state)
                m.label = "GPE"
            elif k not in gaz.states_folded:
                k = _place_key(m.core) or k  # "Kiev" and "Kyiv": one city of GeoNames
        elif group == "NORP":
            k = plain(gaz.demonym_of.get(k, m.core))
        key = (group, k)
        if key in first_by_key:
            uf.union(first_by_key[key], i)
        else:
            first_by_key[key] = i
    # acronyms: "PMF" = "Popular Mobilization Forces", "(LNA)" after "Libyan National Army"
    orgs = [i for i, m in enumerate(mentions) if m.label == "ORG"]
    _join_short_org_forms(mentions, orgs, uf)
    for i in orgs:
        m = mentions[i]
        if not (m.core.isupper() and 2 <= len(m.core) <= 6):
            continue
        for j in orgs:
            if j != i and len(mentions[j].tokens) >= 2 and acronym(mentions[j].tokens) == m.core:
                uf.union(j, i)
                break


def _join_short_org_forms(mentions: list[NameMention], orgs: list[int], uf: Clusters) -> None:
    """ "the Observatory" joins the latest organisation before it whose name holds the word."""
    latest_with: dict[str, int] = {}  # a word of a multi-word organisation name -> its latest mention
    for i in sorted(orgs, key=lambda i: mentions[i].start):
        m = mentions[i]
        if len(m.tokens) >= 2:
            latest_with.update((fold_token(t), i) for t in m.tokens)
        elif m.prev_word.lower() == "the" and not m.ruler_id:
            j = latest_with.get(fold_token(m.tokens[0])) if m.tokens else None
            if j is not None:
                uf.union(j, i)


def _place_key(name: str) -> str | None:
    """The GeoNames place a name stands for, as a key: its own name and country ("kyiv UA")."""
    found = place(name)
    return f"{plain(found.name)} {found.country}" if found is not None else None


def _acts(doc: Doc, m: NameMention) -> bool:
    """A capital used as the state: subject of a verb, or the agent in "backed by Tehran"."""
    if m.root < 0:
        return False
    root = doc[m.root]
    if root.dep_ == "conj":  # "Washington and Tehran accused each other"
        root = root.head
    if root.dep_ in ("nsubj", "nsubjpass"):
        return root.head.pos_ in ("VERB", "AUX")
    # "backed by Tehran", "talks with Washington", "sanctions against Moscow"; not "in"/"to"/"at"
    return root.dep_ == "pobj" and root.head.lower_ in gazetteer().acting_prepositions


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


def alias_links(doc: Doc, mentions: list[NameMention]) -> list[tuple[int, int]]:
    """Pairs (person mention, alias mention) tied by "X, known as "Y"" and kin; adds mentions
    for aliases the tagger did not label."""
    links = []
    by_start = {m.start: i for i, m in enumerate(mentions)}
    sent_ends = [s.end_char for s in doc.sents]
    text = cased_doc_text(doc)
    for i, m in enumerate(list(mentions)):
        if m.label != "PERSON" and not (m.is_full and m.tokens[0].lower() in name_words().given_names):
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


# "Directorate of Military Intelligence (DMI)": capitals (a digit, "&", "-" or dots between)
# in brackets right after a name.
_DEFINED = re.compile(r"\((?P<acr>[A-Z][A-Z0-9&.\-]{1,11})\)")
# A defined name runs back at most this many words from the bracket ("Organisation for
# Security and Co-operation in Europe": 7 words, 5 initials).
MAX_DEFINED_WORDS = 10
_JOINING_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "le", "&"})


def defined_acronyms(doc: Doc, mentions: list[NameMention]) -> list[tuple[int, int]]:
    """Pairs (full name, acronym) of "Full Name (ACRONYM)", the acronym's letters the
    initials of the name's words: one entity, whatever the model made of the two ("Southern
    African Development Community (SADC)", "Directorate of Military Intelligence (DMI)"). A
    mention is added for a part the model did not label; later bare mentions of the acronym
    join through `sweep`."""
    text = cased_doc_text(doc)
    defined: list[tuple[NameMention, NameMention]] = []
    for found in _DEFINED.finditer(text):
        letters = "".join(c for c in found.group("acr") if c.isalnum())
        name_span = _name_before(text, found.start(), letters)
        if name_span is None or text[slice(*name_span)].split()[-1] in gazetteer().event_heads:
            continue  # "Worldwide Developers Conference (WWDC)": an event, not an organisation
        full = _mention_for(doc, mentions, *name_span, "ORG")
        if full is None:
            continue
        if full.label == "PERSON":
            full.label = "ORG"  # a person's name is not abbreviated in brackets
        short = _mention_for(doc, mentions, found.start("acr"), found.end("acr"), full.label)
        if short is not None and short is not full:
            short.label = full.label
            defined.append((full, short))
            # the model's pieces of the name ("African Development Community") go: the name is one
            mentions[:] = [
                m for m in mentions if m is full or not (full.start <= m.start and m.end <= full.end)
            ]
    index = {id(m): i for i, m in enumerate(mentions)}
    return [(index[id(a)], index[id(b)]) for a, b in defined if id(a) in index and id(b) in index]


def _name_before(text: str, end: int, letters: str) -> tuple[int, int] | None:
    """(start, end) of the capitalised words right before `end` whose initials, joining words
    ("of", "and") aside, spell `letters`; None when no such run ends there."""
    words = list(re.finditer(r"[\w’'&.-]+", text[max(0, end - 160) : end]))
    base = max(0, end - 160)
    if not words or text[base + words[-1].end() : end].strip():
        return None
    initials: list[str] = []
    for k in range(len(words) - 1, max(-1, len(words) - 1 - MAX_DEFINED_WORDS), -1):
        w = words[k].group(0)
        gap = text[base + words[k].end() : base + words[k + 1].start()] if k + 1 < len(words) else " "
        if gap.strip() and gap.strip() not in ("-",):
            return None  # a comma or a bracket between: not one name
        if w.lower() in _JOINING_WORDS:
            continue
        if not w[:1].isupper():
            return None
        initials[:0] = [w[0]]
        spelled = "".join(initials).upper()
        if spelled == letters.upper():
            return base + words[k].start(), base + words[-1].end()
        if not letters.upper().endswith(spelled):
            return None
    return None


def _mention_for(
    doc: Doc, mentions: list[NameMention], start: int, end: int, label: str
) -> NameMention | None:
    """The mention of exactly [start, end); a new one (added to `mentions`) if there is none."""
    for m in mentions:
        if m.start == start and m.end == end:
            return m
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    made = make_mention(doc, span, label, "acronym")
    if made is None:
        return None
    mentions.append(made)
    return made


def _new_person_mention(doc: Doc, start: int, end: int) -> NameMention | None:
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    return make_mention(doc, span, "PERSON", "alias")


def _sentence_end(sent_ends: list[int], char: int, default: int) -> int:
    """End offset of the sentence holding `char`, given the sorted sentence end offsets."""
    i = bisect.bisect_right(sent_ends, char)
    return sent_ends[i] if i < len(sent_ends) else default


def sweep(doc: Doc, mentions: list[NameMention], uf: Clusters) -> None:
    """Add mentions for repeats of a person's or organisation's name that the tagger missed."""
    text = cased_doc_text(doc)
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
            cands += [m.tokens[-1], bare(m.tokens[-1])]
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
            mentions.append(NameMention(start, end, form, form, label, "alias", tokens=tuple(form.split())))
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
