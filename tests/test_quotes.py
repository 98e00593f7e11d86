"""quotes: direct and indirect quotes and their speakers, on texts written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.scoring import QUOTE_GOLD_SHARE, QUOTE_SYSTEM_SHARE, fold, quote_words
from newsgraph.errors import LexiconError
from newsgraph.quotes.cues import cues_from_rows


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


# -- every cue family and content form, on our own gold cases (tests/cases/quote-*) ----------

CASES = Path(__file__).parent / "cases"
FAMILY_CASES = sorted(p.name.removesuffix(".gold.json") for p in CASES.glob("quote-*.gold.json"))


@pytest.mark.parametrize(
    ("text", "speaker", "speaker_text", "content"),
    [
        (  # the second verb of a sayer whose first clause is passive ("it was concerned")
            "The African Union said it was concerned by the detentions and urged the army to release "
            "the journalists.",
            "African Union",
            None,
            "the army to release the journalists",
        ),
        (  # "said X ... and accused": the sayer accused
            "Party spokesman Tariq Ansari said the law no longer allowed a recount and accused the "
            "commission of bias.",
            "Tariq Ansari",
            None,
            "the commission of bias",
        ),
        (  # a subject the parser hung on the auxiliary
            "The movement's leaders have in the past dismissed the sanctions as having no effect on "
            "its trade.",
            None,
            "The movement's leaders",
            "the sanctions as having no effect",
        ),
        (  # a long subject the parser did not see as one: the verb read as a participle clause
            "A council of elders from Bani Walid, the main town of the district, announced after "
            "talks with the governor that the prisoners would be released.",
            None,
            "A council of elders from Bani Walid, the main town of the district",
            "the prisoners would be released",
        ),
    ],
)
def test_the_sayer_of_a_second_verb_or_a_misparsed_clause(extract, text, speaker, speaker_text, content):
    found = [q for q in _quotes(extract(text)) if content in q[0]]
    assert found, _quotes(extract(text))
    _, _, got_speaker, got_text, _ = found[0]
    assert got_speaker == speaker
    if speaker_text is not None:
        assert got_text == speaker_text


def test_a_bracketed_acronym_stays_whole_in_the_speaker_text(extract):
    g = extract("The Economic Community of West African States (ECOWAS) said the vote must go ahead in June.")
    ((_, _, speaker, speaker_text, _),) = _quotes(g)
    assert speaker == "Economic Community of West African States"
    assert speaker_text == "The Economic Community of West African States (ECOWAS)"


def _same_quote(gold_text: str, system_text: str) -> bool:
    g, s = quote_words(gold_text), quote_words(system_text)
    common = len(g & s)
    return bool(g and s) and common / len(g) >= QUOTE_GOLD_SHARE and common / len(s) >= QUOTE_SYSTEM_SHARE


def _attributed(gold_q: dict, q: dict, names: dict[str, str], gold_names: dict[str, str]) -> bool:
    if gold_q["speaker"]:
        return fold(names.get(q["speaker"]) or "") == fold(gold_names[gold_q["speaker"]])
    words = fold(q["speaker_text"] or "").split()
    return any(fold(k) in words for k in gold_q["speaker_keywords"])


@pytest.mark.parametrize("name", FAMILY_CASES)
def test_every_gold_attribution_is_found_with_its_speaker_and_kind(name, extract_dict):
    gold = json.loads((CASES / f"{name}.gold.json").read_text(encoding="utf-8"))
    article = json.loads((CASES / f"{name}.jsonl").read_text(encoding="utf-8"))
    out = extract_dict(article["text"], article["published"])
    names = {e["id"]: e["name"] for e in out["entities"]}
    gold_names = {e["id"]: e["name"] for e in gold["entities"]}
    assert gold["quotes"], name
    for g in gold["quotes"]:
        found = [q for q in out["quotes"] if _same_quote(g["text"], q["text"])]
        assert found, f"{name}: not found: {g['text']!r}"
        assert any(_attributed(g, q, names, gold_names) for q in found), (
            f"{name}: {g['text']!r} attributed to {[q['speaker_text'] for q in found]}"
        )
        if "kind" in g:
            assert g["kind"] in {q["kind"] for q in found}, f"{name}: {g['text']!r} is {g['kind']}"


def test_the_family_cases_cover_every_cue_family_and_content_form():
    wanted = {"speech-verbs", "belief-intention", "evidence", "nominal-prepositional", "punctuation"}
    wanted |= {"complement", "mixed", "multi-sentence", "parenthetical", "cue-after", "conjoined"}
    have = {n.split("-", 2)[2] for n in FAMILY_CASES if n.startswith(("quote-cue-", "quote-content-"))}
    assert wanted <= have
    for name in FAMILY_CASES:
        if name.startswith(("quote-cue-", "quote-content-", "quote-speaker-")):
            gold = json.loads((CASES / f"{name}.gold.json").read_text(encoding="utf-8"))
            assert len(gold["quotes"]) >= 4, name  # a behaviour is shown on several sentences


# -- single behaviours ------------------------------------------------------------------------


def test_person_wins_over_the_organisation_named_with_them(extract_dict):
    d = extract_dict("UN refugee chief Jane Doe said the camps in northern Syria were running out of tents.")
    names = {e["id"]: e["name"] for e in d["entities"]}
    (q,) = d["quotes"]
    assert names[q["speaker"]] == "Jane Doe" and q["speaker_kind"] == "named_person"
    assert names.get(q["speaker_organization"]) == "United Nations"  # "UN", by its full name


def test_parenthetical_cue_gives_one_quote_in_two_parts(extract_dict):
    text = "The talks, the Qatari mediator said, are stalled over the fate of the prisoners."
    d = extract_dict(text)
    (q,) = d["quotes"]
    assert q["kind"] == "indirect" and q["cue"] == "said"
    assert [p["text"] for p in q["parts"]] == ["The talks", "are stalled over the fate of the prisoners"]
    assert q["text"] == "The talks are stalled over the fate of the prisoners"


def test_paraphrase_with_a_quoted_fragment_is_one_mixed_attribution(extract):
    g = extract(
        "The opposition bloc called the budget “a gift to the militias” that would bankrupt the provinces."
    )
    (q,) = g.quotes
    assert q.kind == "mixed" and not q.direct
    assert q.text == "the budget “a gift to the militias” that would bankrupt the provinces"


def test_anonymous_source_keeps_description_and_reason_and_its_anonymity_is_no_claim(extract):
    g = extract(
        "A senior Kurdish official who asked not to be named said Erbil would not send oil through the pipeline."
    )
    (q,) = g.quotes
    assert q.speaker is None and q.speaker_kind == "unnamed_official"
    assert q.speaker_text == "A senior Kurdish official who asked not to be named"
    assert q.text == "Erbil would not send oil through the pipeline"


def test_titles_slogans_and_scare_quotes_are_not_quotes(extract):
    g = extract(
        "The documentary “The Last Days of the Old City” opens the festival on Friday. "
        "Protesters carried banners reading “no to corruption, no to militias, no to hunger” across the bridge. "
        "The so-called “national salvation” cabinet has yet to pass a budget."
    )
    assert g.quotes == ()


def test_framing_clause_of_an_interview_is_not_content(extract):
    g = extract(
        "In an interview that dealt mostly with the economy, Education Minister Leila Haddad said "
        "the ministry would hire 5,000 new teachers this year."
    )
    (q,) = g.quotes
    assert q.text == "the ministry would hire 5,000 new teachers this year"


def test_belief_in_a_relative_clause_is_background_not_an_attribution(extract):
    g = extract("The militias, who were planning to stage a parade in Baghdad, met the commander on Tuesday.")
    assert g.quotes == ()


def test_transcript_label_and_sign_off_name_the_speaker(extract):
    g = extract(
        # (an article's first lines are where clean looks for a "BAGHDAD:" dateline)
        "Governor Najm al-Jubouri visited the old city.\n\n"
        "He met engineers and officers at the ruins of the Nuri mosque on Tuesday.\n\n"
        "The governor spoke to the local radio in the evening.\n\n"
        "JUBOURI: We need engineers more than we need soldiers now.\n\n"
        "“We are still counting the dead under the rubble.” — Ahmed Khalil, a civil defence officer"
    )
    names = {e.id: e.name for e in g.entities}
    by_text = {q.text: q for q in g.quotes}
    label = by_text["We need engineers more than we need soldiers now"]
    assert names[label.speaker] == "Najm al-Jubouri" and label.kind == "direct" and label.cue == ":"
    sign_off = by_text["We are still counting the dead under the rubble."]
    assert names[sign_off.speaker] == "Ahmed Khalil" and sign_off.cue == "—"


def test_a_bad_cue_row_names_the_file_and_the_word():
    with pytest.raises(LexiconError, match=r"cue_verbs.csv: row 2 \('muse'\): family 'poetry'"):
        cues_from_rows(
            "lexicons/cue_verbs.csv",
            [
                {"lemma": "say", "family": "speech", "frames": "that"},
                {"lemma": "muse", "family": "poetry", "frames": "that"},
            ],
        )
    with pytest.raises(LexiconError, match=r"unknown frames \['sideways'\]"):
        cues_from_rows("lexicons/cue_verbs.csv", [{"lemma": "say", "family": "speech", "frames": "sideways"}])
