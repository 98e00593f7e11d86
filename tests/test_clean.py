"""clean: what is removed from a story, why, and the offset map back to the original."""

from __future__ import annotations

import pytest

from newsgraph.clean import clean
from newsgraph.errors import InputError
from tests.conftest import article

STORY = """Ministers reject tanker deal

    Fishermen wait at the harbour in Tartus on Sunday.

    AFP

picture

TARTUS (Reuters) - Syrian officials on Monday rejected a proposal to let foreign tankers dock at the port, saying the plan gave away too much.

Karim Nassar ■ The Levant Herald's energy correspondent

harbour talks

Negotiators met for six hours but failed to agree on fees, according to two people who attended the meeting.

• Negotiators met for six hours but failed to agree on fees, two attendees said.

Ministers reject tanker deal

Follow our latest local and sports news via Google news"""


@pytest.fixture(scope="module")
def cleaned():
    return clean(article(STORY, title="Ministers reject tanker deal"))


def _removed(c, reason):
    return [r.text for r in c.removed if r.reason == reason]


def test_caption_and_its_credit_are_removed(cleaned):
    assert _removed(cleaned, "caption") == ["Fishermen wait at the harbour in Tartus on Sunday."]
    assert "AFP" in _removed(cleaned, "credit")
    assert "picture" in _removed(cleaned, "credit")


def test_headline_on_top_stays_and_its_repeat_goes(cleaned):
    assert cleaned.text.startswith("Ministers reject tanker deal\n\n")
    assert _removed(cleaned, "headline") == ["Ministers reject tanker deal"]


def test_dateline_prefix_is_cut_and_kept_as_metadata(cleaned):
    assert "\n\nSyrian officials on Monday rejected" in cleaned.text
    assert cleaned.dateline == "Tartus"
    assert "Reuters" in cleaned.wire_sources


def test_byline_moves_to_metadata(cleaned):
    (b,) = cleaned.bylines
    assert b.name == "Karim Nassar"
    assert b.organization == "The Levant Herald"
    assert b.title == "energy correspondent"
    assert STORY[b.name_start : b.name_end] == "Karim Nassar"
    assert STORY[b.org_start : b.org_end] == "The Levant Herald"


def test_translated_subhead_and_promo_are_removed(cleaned):
    assert _removed(cleaned, "subhead") == ["harbour talks"]
    assert _removed(cleaned, "promo") == ["Follow our latest local and sports news via Google news"]


def test_pull_quote_repeating_the_body_is_removed(cleaned):
    assert len(_removed(cleaned, "pullquote")) == 1
    assert "according to two people who attended" in cleaned.text


def test_every_clean_span_maps_back_to_the_same_original_text(cleaned):
    text = cleaned.text
    for para_start in [0, *[i + 2 for i in range(len(text)) if text.startswith("\n\n", i)]]:
        para_end = text.find("\n\n", para_start)
        para_end = len(text) if para_end < 0 else para_end
        for s in range(para_start, para_end, 7):
            for e in range(s + 1, para_end + 1, 11):
                o_s, o_e = cleaned.to_original(s, e)
                assert STORY[o_s:o_e] == text[s:e]


def test_an_article_with_nothing_to_remove_is_unchanged():
    text = "Police arrested two men in Basra on Tuesday.\n\nThe men were charged with smuggling fuel."
    c = clean(article(text))
    assert c.text == text
    assert c.removed == ()


def test_crlf_text_keeps_its_offsets():
    text = "Police arrested two men in Basra.\r\n\r\nAFP\r\n\r\nThe men were charged with smuggling fuel."
    c = clean(article(text))
    assert "AFP" not in c.text
    i = c.text.index("charged")
    o_s, o_e = c.to_original(i, i + 7)
    assert text[o_s:o_e] == "charged"


def test_real_one_line_paragraphs_and_standfirsts_stay():
    text = (
        "Troops loyal to the council began moving on the capital late on Friday after talks collapsed\n\n"
        "The army said the advance was a defensive measure.\n\n"
        "These photos seem to tell another story."
    )
    assert clean(article(text)).text == text


def test_parenthesised_credit_marks_a_caption():
    text = "Police patrol Sidon on 3 May (Reuters/File photo)\n\nThe curfew was lifted on Saturday, the army said."
    c = clean(article(text))
    assert c.text == "The curfew was lifted on Saturday, the army said."


def test_nothing_left_is_an_input_error():
    with pytest.raises(InputError, match="nothing left"):
        clean(article("AFP\n\nFollow us on Twitter"))
