"""quotes: direct and indirect quotes and their speakers, on texts written for these tests."""

from __future__ import annotations


def _quotes(graph):
    names = {e.id: e.name for e in graph.entities}
    return [(q.text, q.direct, names.get(q.speaker), q.speaker_text, q.speaker_kind) for q in graph.quotes]


def test_direct_quote_with_curly_marks_and_named_speaker(extract):
    g = extract(
        "“The border will stay closed until the talks resume,” Interior Minister Walid Saleh said on Monday."
    )
    ((text, direct, speaker, _, kind),) = _quotes(g)
    assert text == "The border will stay closed until the talks resume"
    assert direct and speaker == "Walid Saleh" and kind == "named_person"


def test_straight_quote_with_attribution_before_it(extract):
    g = extract('A senior Iraqi official said, "We cannot control the factions from Baghdad any more."')
    ((_text, _direct, speaker, speaker_text, kind),) = _quotes(g)
    assert speaker is None and speaker_text == "A senior Iraqi official" and kind == "unnamed_official"


def test_quote_broken_by_its_attribution_keeps_one_speaker(extract):
    g = extract(
        'Karim Haddad runs a bakery in Aden. "The prices have doubled," he said. "Nobody can afford bread any more."'
    )
    found = _quotes(g)
    assert [t for t, *_ in found] == ["The prices have doubled", "Nobody can afford bread any more."]
    assert {s for _, _, s, _, _ in found} == {"Karim Haddad"}


def test_pronoun_goes_to_the_person_who_spoke_not_the_one_spoken_of(extract):
    g = extract(
        "Nour Khalil, a teacher in Mosul, said she no longer trusts Ahmed Darwish to keep his promises.\n\n"
        '"We have waited for two years and nothing has changed," she told reporters.'
    )
    direct = [q for q in _quotes(g) if q[1]]
    assert direct[0][2] == "Nour Khalil"


def test_quote_over_two_paragraphs_and_unterminated_translation(extract):
    g = extract(
        '"I met the commander twice," one Iraqi official said.\n\n'
        "He is a careful man, but he does not understand the tribes.”"
    )
    texts = {t: st for t, _, _, st, _ in _quotes(g)}
    assert texts["He is a careful man, but he does not understand the tribes."] == "one Iraqi official"


def test_unnamed_source_keeps_its_whole_description_and_reason(extract):
    g = extract(
        "A resident of eastern Mosul, who spoke on condition of anonymity because he feared reprisals, "
        'said: "The checkpoints are back and so are the bribes."'
    )
    q = g.quotes[0]
    assert q.speaker is None
    assert q.speaker_text.startswith("A resident of eastern Mosul")
    assert q.speaker_kind == "unnamed_other"
    assert q.anonymity_reason == "he feared reprisals"


def test_indirect_quotes_say_that_and_according_to(extract):
    g = extract(
        "Analysts say the ceasefire will not hold beyond the summer. "
        "The militia has lost half its fighters, according to a United Nations report."
    )
    found = _quotes(g)
    assert ("the ceasefire will not hold beyond the summer", False, None, "Analysts", "analyst") in found
    according = [q for q in found if "lost half its fighters" in q[0]]
    assert according and according[0][4] == "document"


def test_scare_quotes_are_not_statements(extract):
    g = extract("State media called the bombing a “terrorist attack” and blamed foreign agents.")
    assert all(not q.direct for q in g.quotes)


def test_quote_offsets_point_into_the_text(extract_dict):
    text = 'Caption line\n\nAFP\n\n"We will rebuild the market," the mayor said.'
    d = extract_dict(text)
    (q,) = [q for q in d["quotes"] if q["direct"]]
    assert text[q["start"] : q["end"]] == "We will rebuild the market"
