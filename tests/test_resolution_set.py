"""The labelled resolution set (eval/resolution/): newsgraph's resolver keeps its pairwise floors."""

from __future__ import annotations

from collections import Counter

import pytest

from eval.resolution import hashemis_apart, load_records, newsgraph_entities, pairwise
from newsgraph.resolve.names import is_arabic_script, script_of

# The floors issue 14 set; README gives the measured numbers.
MIN_PRECISION = 0.97
MIN_RECALL = 0.93


@pytest.fixture(scope="module")
def scored():
    records = load_records()
    entity_of = newsgraph_entities(records)
    return records, entity_of, pairwise(records, entity_of)


def test_the_set_is_what_the_issue_asks_for(scored):
    records, _, _ = scored
    assert len(records) >= 500
    labels = Counter(r.label for r in records)
    assert len(labels) >= 80 and max(labels.values()) <= 20
    assert sum(1 for r in records if is_arabic_script(script_of(r.unit.name))) >= 40
    assert sum(1 for r in records if r.unit.name.lower().startswith(("abu ", "abou "))) >= 20


def test_pairwise_precision_and_recall(scored):
    _, _, score = scored
    assert score.precision >= MIN_PRECISION, [(a.unit.name, b.unit.name) for a, b in score.false_merges[:10]]
    assert score.recall >= MIN_RECALL, [(a.unit.name, b.unit.name) for a, b in score.missed[:10]]


def test_the_two_al_hashemis_stay_apart(scored):
    records, entity_of, _ = scored
    assert hashemis_apart(records, entity_of)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("qaani", "ashraf_ghani"),  # one skeleton, KN.i
        ("soleimani", "suleiman_daraa"),  # the nisba
        ("soleimani", "naim_qassem"),  # a shared given name
        ("askari", "basri"),  # a shared kunya
        ("baghdadi", "shekau"),
        ("mbs", "mbz"),
        ("bashar_assad", "maher_assad"),
        ("masoud_barzani", "masrour_barzani"),
        ("hezbollah", "kataib_hezbollah"),
    ],
)
def test_hard_negatives_stay_apart(scored, left, right):
    records, entity_of, _ = scored
    a = {entity_of[r.unit.key] for r in records if r.label == left}
    b = {entity_of[r.unit.key] for r in records if r.label == right}
    assert a and b and not a & b
