"""entities: mentions -> in-document entities with every surface form in `aliases`.

What an analyst does when reading one article, in this order (one module each):
1. mentions (entities/mentions.py): spaCy's entities (our EntityRuler runs before `ner`, see
   nlp/components.py), trimmed of "the", possessive "'s" and quote marks; honorifics ("General",
   "Hajj") split off.
2. labels (entities/labels.py): a known country/organisation keeps the gazetteer's label; a name
   whose first word is a common given name, or that is the surname of a person named in full, is
   a PERSON even where the small model said GPE/LOC/ORG ("Qaani/LOC", "Hadi al-Amiri/GPE").
3. clusters (entities/clusters.py): persons by (given name, surname) after transliteration folding,
   bare surnames and given names to the one person they fit, kunyas and nicknames by "known as";
   organisations by the gazetteer's aliases and acronyms; places by name, a capital that acts
   joining its state; unlabelled repeats of a known name added as mentions.
4. entities (this module): one Entity per cluster with its canonical name, aliases and their
   kinds; authors and outlets of bylines; the dateline's place; spellings of a name in removed
   pull-quotes.
`index_tokens` maps every token to the entity whose mention or reference covers it, once per
article (the pipeline calls it after the agents and coref stages have added theirs); roles,
events and quotes read entities through that one EntityIndex.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from spacy.tokens import Doc

from newsgraph.entities.clusters import (
    Clusters,
    alias_links,
    cluster_orgs_and_places,
    cluster_people,
    defined_acronyms,
    sweep,
)
from newsgraph.entities.labels import fix_labels
from newsgraph.entities.mentions import PLACE_LABELS, NameMention, collect
from newsgraph.gazetteer import gazetteer, place
from newsgraph.model import Article, CleanText, Entity, EntityIndex, Mention
from newsgraph.names import bare, fold_token, name_words, plain, split_honorific
from newsgraph.nlp import token_starts

__all__ = ["PLACE_LABELS", "find_entities", "index_tokens", "load_data"]


def load_data() -> None:
    """Load and check this stage's data files now (pipeline.load_data calls it at start)."""
    name_words()
    gazetteer()


def _canonical(members: list[NameMention], label: str) -> str:
    gaz = gazetteer()
    if label == "ORG":
        for m in members:
            canon = m.ruler_id or gaz.org_canon.get(plain(m.core))
            if canon:
                return canon
    if label in PLACE_LABELS:
        for m in members:
            canon = gaz.country_canon.get(plain(m.core)) or m.state
            if canon:
                return canon
        cores = {m.core for m in members}
        for m in members:  # "Kiev" and "Kyiv": the spelling GeoNames gives, where the text has it
            found = place(m.core)
            if found is not None and found.name in cores:
                return found.name
    best = max(members, key=lambda m: (len(m.tokens), -m.start))
    return best.core


def _entity_label(members: list[NameMention]) -> str:
    labels = Counter(m.label for m in members)
    if "PERSON" in labels:
        return "PERSON"
    ruled = [m.label for m in members if m.ruler_id]
    if ruled:
        return Counter(ruled).most_common(1)[0][0]
    return labels.most_common(1)[0][0]


def _derived_aliases(
    members: list[NameMention],
    label: str,
    surname_owner: dict[str, int],
    given_owner: dict[str, int],
    root: int,
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
            if bare(last) != last and surname_owner.get(fold_token(last)) == root:
                out.append(bare(last))  # "Kazemi" of a lone "Al-Kazemi"
            continue
        words = list(m.tokens)
        plain_words = all(bare(w) == w and w.lower() not in name_words().particles for w in words)
        if len(words) >= 3 and plain_words and len(words[1].rstrip(".")) > 1:
            out.append(" ".join(words[1:]))  # "Yapa Abeywardana" of "Mahinda Yapa Abeywardana"
        if given_owner.get(fold_token(words[0])) == root and words[0].lower() not in name_words().particles:
            out.append(words[0])  # "Saddam" of "Saddam Hussein", when no other person is called so
        last = m.tokens[-1]
        if surname_owner.get(fold_token(last)) != root:
            continue
        out.append(last)
        if bare(last) != last:
            out.append(bare(last))
    return out


def _alias_kind(alias: str, name: str, members: list[NameMention], linked: set[str]) -> str:
    if alias == name:
        return "name"
    if alias in linked:
        return "nickname"
    if alias.isupper() and len(alias) <= 6:
        return "acronym"
    words, name_parts = alias.split(), name.split()
    if len(words) > len(name_parts) and alias.endswith(name):
        return "titled"
    if tuple(fold_token(w) for w in words) == tuple(fold_token(w) for w in name_parts):
        return "transliteration"
    if len(words) == 1 and name_parts and fold_token(words[0]) == fold_token(name_parts[-1]):
        return "surname" if words[0] in name else "surname transliteration"
    if len(words) == 1 and name_parts and fold_token(words[0]) == fold_token(name_parts[0]):
        return "given name"
    if members and members[0].label in PLACE_LABELS and _same_place(alias, name):
        return "spelling"  # "Kharkov" of Kharkiv: one place of GeoNames
    return "alias"


def _same_place(a: str, b: str) -> bool:
    pa, pb = place(a), place(b)
    return pa is not None and pb is not None and (pa.name, pa.country) == (pb.name, pb.country)


def find_entities(doc: Doc, clean: CleanText, article: Article) -> tuple[Entity, ...]:
    mentions = collect(doc)
    acronyms = defined_acronyms(doc, mentions)  # first: it may drop mentions inside a name
    links = alias_links(doc, mentions)
    fix_labels(mentions, doc, article.source)
    uf = Clusters(len(mentions))
    cluster_people(mentions, uf)
    for a, b in (*links, *acronyms):
        uf.union(a, b)
    cluster_orgs_and_places(mentions, uf, doc)
    sweep(doc, mentions, uf)
    groups: dict[int, list[NameMention]] = defaultdict(list)
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
                words = split_honorific(a.split())[1]
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
                new = [name] + [bare(name.split()[-1])] * (bare(name.split()[-1]) not in out[i].aliases)
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
        key = plain(clean.dateline)
        for i, e in enumerate(entities):
            if _could_be_place(e) and any(plain(a) == key for a in e.aliases):
                # the dateline types the name: "Hodeidah governorate" the model called NORP
                entities[i] = replace(
                    e,
                    type=e.type if e.type in PLACE_LABELS else "GPE",
                    mentions=(*e.mentions, mention),
                    aliases=tuple(dict.fromkeys((*e.aliases, surface))),
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


def _could_be_place(e: Entity) -> bool:
    """A place, or a name the model called a nationality that no gazetteer knows as one."""
    return e.type in PLACE_LABELS or (e.type == "NORP" and plain(e.name) not in gazetteer().demonym_of)


def _byline_entities(clean: CleanText, entities: list[Entity]) -> list[Entity]:
    """Authors and their outlets from bylines (their offsets already point into the original)."""
    out: list[Entity] = []
    known = {plain(a): e for e in entities for a in e.aliases}
    n = len(entities)
    for b in clean.bylines:
        pairs = [("PERSON", b.name, b.name_start, b.name_end)]
        if b.organization and b.org_start is not None and b.org_end is not None:
            pairs.append(("ORG", b.organization, b.org_start, b.org_end))
        for label, name, start, end in pairs:
            if plain(name) in known:
                continue
            n += 1
            canon = gazetteer().org_canon.get(plain(name), name) if label == "ORG" else name
            ent = Entity(
                id=f"e{n}",
                type=label,
                name=canon,
                aliases=tuple(dict.fromkeys((canon, name))),
                mentions=(Mention(start, end, name, label, "byline", in_original=True),),
            )
            out.append(ent)
            known[plain(name)] = ent
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


def index_tokens(doc: Doc, entities: tuple[Entity, ...]) -> EntityIndex:
    """Token index -> id of the entity whose mention or reference ("he", "the group") covers it
    (clean-text spans only), built once per article: roles, events and quotes read entities
    through this index. A later entity wins a token two cover (an agent "Kenyan police" over the
    demonym "Kenyan")."""
    starts = token_starts(doc)
    out: dict[int, str] = {}
    for e in entities:
        for m in (*e.mentions, *e.references):
            if m.in_original:
                continue
            i = starts.get(m.start)
            if i is None:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                i = span.start
            while i < len(doc) and doc[i].idx < m.end:
                out[i] = e.id
                i += 1
    return EntityIndex(out)
