"""resolve: skeleton keys, name parsing, scoring with reasons, constrained clustering, judgements."""

from __future__ import annotations

import random
from typing import TypedDict

import networkx as nx
import pytest

from newsgraph.resolve.blocking import block_keys, candidate_pairs
from newsgraph.resolve.clusters import cluster
from newsgraph.resolve.engine import resolve
from newsgraph.resolve.judgements import (
    ANALYST,
    DIFFERENT,
    SAME,
    dump_jsonl,
    judgement,
    load_jsonl,
)
from newsgraph.resolve.names import norm_name, parse_name, script_of, word_key
from newsgraph.resolve.scoring import score_pair
from newsgraph.resolve.units import Unit, group_units, make_group


class KeyCase(TypedDict):
    words: list[str]
    key: str


SAME_KEY: list[KeyCase] = [
    {"words": ["Qaani", "Qani", "Ghaani", "Kaani", "قاآني", "قاآنی"], "key": "KN.i"},
    {"words": ["Kadhimi", "al-Kadhimi", "Kazemi", "Kadhemi", "الكاظمي"], "key": "KZM.i"},
    {"words": ["Dbeibah", "Dbeiba", "Dabaiba", "الدبيبة"], "key": "DBB.a"},
    {"words": ["Zelensky", "Zelenskiy", "Zelenskyy", "Зеленский", "Зеленський"], "key": "ZLNSK.i"},
    {"words": ["Soleimani", "Sulemani", "Suleimani", "سليماني"], "key": "SLMN.i"},
    {"words": ["Esmail", "Ismail", "Esmaeil", "إسماعيل", "اسماعیل"], "key": "SML"},
    {"words": ["Hashemi", "Hashimi", "الهاشمي"], "key": "HSM.i"},
    {"words": ["Muhandis", "Mohandes", "المهندس"], "key": "MHNDS"},
]


@pytest.mark.parametrize("case", SAME_KEY, ids=lambda c: c["words"][0])
def test_spellings_and_scripts_share_one_skeleton(case):
    assert {w: word_key(w) for w in case["words"]} == dict.fromkeys(case["words"], case["key"])


def test_the_final_vowel_keeps_a_nisba_apart():
    # "Soleimani" and "Suleiman" share every consonant; the -i of the nisba tells them apart
    assert word_key("Soleimani") == "SLMN.i" and word_key("Suleiman") == "SLMN"
    assert word_key("Khani") != word_key("Qani")  # kha is not qaf


def test_scripts():
    assert script_of("اسماعیل قاآنی") == "Persian"
    assert script_of("إسماعيل قاآني") == "Arabic"
    assert script_of("Зеленский") == "Cyrillic"
    assert script_of("Esmail Qaani") == "Latin"


def test_parse_name_takes_an_arabic_name_apart():
    p = parse_name("Abu Mahdi al-Muhandis")
    assert p.kunyas == ("MHD.i",) and p.surname == "MHNDS" and p.given is None
    p = parse_name("Mohammed bin Hassan Darwish")
    assert (p.given, p.middles, p.surname, p.nasab) == ("MHMD", ("HSN",), "DRS", ("HSN",))
    # theophoric compounds written three ways, and in Arabic script
    assert {
        parse_name(n).given for n in ("Abdul Hamid Dbeibah", "Abdulhamid Dbeiba", "عبد الحميد الدبيبة")
    } == {"BDHMD"}
    # honorifics and ranks go, in both scripts
    assert (
        parse_name("Brig. Gen. Ismail Ghaani").words
        == parse_name("اللواء اسماعیل قاآنی").words
        == ("SML", "KN.i")
    )


def test_norm_name_folds_case_accents_honorifics_and_the_article():
    assert norm_name("General Esmail Qaani") == "esmail qaani"
    assert norm_name("al-Kadhimi") == norm_name("Al Kadhimi") == norm_name("Kadhimi") == "kadhimi"
    assert norm_name("Recep Tayyip Erdoğan") == "recep tayyip erdogan"


def person(key: str, name: str, **kw) -> Unit:
    return Unit(key=key, name=name, type=kw.pop("type", "PERSON"), **kw)


def g(name: str, **kw) -> object:
    u = person("u-" + name, name, **kw)
    return make_group(u.group_key, [u])


def test_a_different_given_name_rules_a_merge_out_with_its_reason():
    s = score_pair(g("Tariq al-Hashemi"), g("Hisham al-Hashemi"))
    assert s.verdict == DIFFERENT
    assert any("given names differ" in r for r in s.reasons)


def test_transliterations_of_given_name_and_surname_are_one_person():
    s = score_pair(g("Qassem Soleimani"), g("Qasim Sulemani"))
    assert s.verdict == SAME and s.points >= 6


def test_the_nisba_conflict_outweighs_string_similarity():
    s = score_pair(g("Qassem Soleimani"), g("Qassem Suleiman"))
    assert s.verdict == DIFFERENT and any("nisba" in r for r in s.reasons)


def test_a_surname_alone_needs_context():
    bare = score_pair(g("Qaani"), g("Esmail Qaani"))
    assert bare.verdict == "unsure"
    ctx = {"titles": ("Quds Force commander",), "co_mentions": (("Quds Force", "ORG"), ("Baghdad", "GPE"))}
    with_context = score_pair(g("Qaani", **ctx), g("Esmail Qaani", **ctx))
    assert with_context.verdict == SAME
    assert any("shared title" in r for r in with_context.reasons)


def test_a_lone_surname_between_two_namesakes_joins_neither():
    units = [
        person("1", "Tariq al-Hashemi", titles=("vice president",), co_mentions=(("Baghdad", "GPE"),)),
        person("2", "Hisham al-Hashemi", titles=("security researcher",), co_mentions=(("Baghdad", "GPE"),)),
        person("3", "al-Hashemi", co_mentions=(("Baghdad", "GPE"),)),
    ]
    res = resolve(units)
    assert len({res.entity_of(u) for u in units}) == 3


def test_a_name_in_its_own_script_joins_its_romanised_forms():
    units = [person("1", "Esmail Qaani"), person("2", "اسماعیل قاآنی"), person("3", "Ismail Ghaani")]
    res = resolve(units)
    assert len({res.entity_of(u) for u in units}) == 1


def test_an_organisation_acronym_meets_its_full_name():
    a = Unit("1", "Islamic Revolutionary Guard Corps", "ORG", co_mentions=(("Tehran", "GPE"),))
    b = Unit("2", "IRGC", "ORG", co_mentions=(("Tehran", "GPE"),))
    groups = group_units([a, b])
    assert list(candidate_pairs(groups)) == [tuple(sorted(groups))]
    assert score_pair(*groups.values()).verdict == SAME


def test_an_organisation_inside_another_is_not_it():
    s = score_pair(g("Hezbollah", type="ORG"), g("Kataib Hezbollah", type="ORG"))
    assert s.verdict != SAME


def test_block_keys_cross_scripts():
    assert block_keys(g("Esmail Qaani")) & block_keys(g("اسماعیل قاآنی"))
    assert not block_keys(g("Esmail Qaani")) & block_keys(g("Hadi al-Amiri"))


def _random_graph(seed: int) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    nodes = [f"PERSON|n{i:03d}" for i in range(60)]
    edges = {tuple(sorted(rng.sample(nodes, 2))) for _ in range(45)}
    return nodes, sorted(edges)


@pytest.mark.parametrize("seed", range(5))
def test_clusters_are_the_connected_components_of_same_judgements(seed):
    nodes, edges = _random_graph(seed)
    js = [judgement(a, b, SAME, score=5.0) for a, b in edges]
    assignment = cluster(nodes, js)
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    ours = {frozenset(n for n in nodes if assignment[n] == e) for e in set(assignment.values())}
    assert ours == {frozenset(c) for c in nx.connected_components(graph)}


def test_a_cannot_link_stops_a_chain_and_analysts_outrank_the_system():
    a, b, c = "PERSON|tariq hashemi", "PERSON|hashemi", "PERSON|hisham hashemi"
    system = [
        judgement(a, b, SAME, score=5.0),
        judgement(b, c, SAME, score=4.6),
        judgement(a, c, DIFFERENT, score=-5.0),
    ]
    first = cluster([a, b, c], system)
    assert first[a] == first[b] != first[c]
    analyst = judgement(a, c, SAME, source=ANALYST, author="t", at="2024-01-01T00:00:00")
    second = cluster([a, b, c], [*system, analyst])
    assert second[a] == second[b] == second[c]


def test_judgements_round_trip_as_json_lines():
    js = [
        judgement(
            "PERSON|b", "PERSON|a", SAME, source=ANALYST, author="ana", at="2024-01-02T03:04:05", note="ü"
        ),
        judgement("ORG|x", "ORG|x", "suppress", source=ANALYST, author="ana", at="2024-01-02T03:04:06"),
    ]
    back = list(load_jsonl(dump_jsonl(js)))
    assert back == js and back[0].left == "PERSON|a"
    with pytest.raises(ValueError, match="line 1"):
        list(load_jsonl(['{"left": "a"}']))


def test_judging_on_two_processes_gives_the_judgements_of_one():
    from eval.resolution import load_records
    from newsgraph.resolve.engine import judge_pairs

    groups = group_units(r.unit for r in load_records())
    pairs = list(candidate_pairs(groups))
    one = judge_pairs(groups, pairs, workers=1)
    two = judge_pairs(groups, pairs, workers=2, parallel_min=1)
    assert len(one) == len(set(pairs)) > 500 and {j.verdict for j in one} >= {SAME, DIFFERENT}
    assert two == one
