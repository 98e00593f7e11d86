"""clean on pasted web pages: the story among menus, headline lists, teasers, share buttons,
comment sections and footers; and what an article without a page around it keeps."""

from __future__ import annotations

import re

import pytest

from newsgraph.clean import clean, furniture, load_data
from newsgraph.lexicons import load_yaml
from tests.conftest import article

STORY = [
    "KHARTOUM, Sudan (AP) — Traders in Khartoum reopened the central market on Saturday for the first time in four months.",
    "Prices of flour and cooking oil have doubled since January, according to stall holders in the old souq.",
    "Bakeries",
    "About 300 stalls were open by midday, and queues formed outside the bakeries on the western side of the square.",
    "The army declined to comment.",
]
MENU = [
    "Skip to content",
    "Home",
    "World",
    "Africa",
    "Middle East",
    "Business",
    "Sport",
    "Opinion",
    "Sign In",
]
TAIL = [
    "Share this on Facebook",
    "Share this on Twitter",
    "Related",
    "Kenya police arrest 12 after protest in Nairobi",
    "Ethiopia and Eritrea sign border deal",
    "Floods kill 40 in southern Somalia",
    "Most Read",
    "Home",
    "World",
    "Privacy Policy",
    "© 2024 The Example Post. All rights reserved.",
]
PAGE = "\n".join(
    [
        *MENU,
        "Khartoum market reopens after four months",
        "BY JANE DOE AND JOHN ROE",
        "Updated 9:41 AM GMT+3, March 2, 2024",
        *STORY,
        *TAIL,
    ]
)


@pytest.fixture(scope="module")
def page():
    return clean(article(PAGE))


def _reasons(c) -> dict[str, str]:
    return {r.text: r.reason for r in c.removed}


def test_a_pasted_page_keeps_the_story_only(page):
    assert page.text.split("\n\n") == [
        "Traders in Khartoum reopened the central market on Saturday for the first time in four months.",
        *STORY[1:],
    ]


def test_the_page_s_byline_timestamp_and_dateline_become_metadata(page):
    assert [b.name for b in page.bylines] == ["Jane Doe", "John Roe"]
    assert [PAGE[b.name_start : b.name_end] for b in page.bylines] == ["JANE DOE", "JOHN ROE"]
    assert page.dateline == "Khartoum"
    assert page.wire_sources == ("AP",)
    reasons = _reasons(page)
    assert reasons["BY JANE DOE AND JOHN ROE"] == "byline"
    assert reasons["Updated 9:41 AM GMT+3, March 2, 2024"] == "timestamp"


def test_what_the_page_removes_keeps_its_reason(page):
    reasons = _reasons(page)
    assert reasons["Skip to content"] == "navigation"
    assert reasons["Share this on Facebook"] == "share"
    assert reasons["Related"] == "related"
    assert reasons["Kenya police arrest 12 after protest in Nairobi"] == "related"  # under "Related"
    assert reasons["Home"] == "navigation" and reasons["Most Read"] == "related"
    assert reasons["Africa"] == "page"  # a menu item of the page around the story
    assert reasons["© 2024 The Example Post. All rights reserved."] == "copyright"
    # every removed span is the original text at its offsets
    assert all(PAGE[r.start : r.end] == r.text for r in page.removed)


def test_a_subhead_and_a_short_line_inside_the_story_stay(page):
    assert "\n\nBakeries\n\n" in page.text
    assert page.text.endswith("The army declined to comment.")


def test_teasers_of_other_stories_after_the_story_are_removed():
    teasers = [
        "More from the Example Post",
        "Cairo metro extends night service",
        "Jane Roe",
        "March 1, 2024",
        "The Cairo metro will run until 2 a.m. on weekdays from next month, the transport ministry announced.",
        "Port Sudan fuel depot reopens",
        "Omar Said",
        "March 1, 2024",
        "The fuel depot in Port Sudan reopened on Friday after repairs to its pipeline were finished.",
        "Advertisement",
        "Terms of Use",
    ]
    text = "\n".join([*MENU, *STORY, *teasers])
    c = clean(article(text))
    assert c.text.endswith(STORY[-1])
    assert "metro" not in c.text and "depot" not in c.text


def test_reader_comments_under_the_story_are_removed():
    comments = [
        "3 Comments",
        "sam_k",
        "March 2, 2024 at 10:12 am",
        "This is the worst decision the traders have ever made, and everyone in this city knows it.",
        "Reply",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ]
    c = clean(article("\n\n".join([*STORY, *comments])))
    assert c.text.endswith(STORY[-1])
    assert _reasons(c)["Your email address will not be published. Required fields are marked *"] == "comments"


def test_a_related_block_under_a_plain_story_is_removed():
    text = "\n\n".join(
        [
            "The central bank raised its main interest rate by half a point on Thursday, its third rise this year.",
            "Economists had expected a smaller increase.",
            "Related",
            "Kenya police arrest 12 after protest in Nairobi",
            "Ethiopia and Eritrea sign border deal",
        ]
    )
    c = clean(article(text))
    assert c.text.split("\n\n") == [
        "The central bank raised its main interest rate by half a point on Thursday, its third rise this year.",
        "Economists had expected a smaller increase.",
    ]
    assert {r.reason for r in c.removed} == {"related"}


def test_a_table_around_a_wire_story_is_no_page():
    # an earnings report: table rows before and after its one sentence, and no page furniture
    text = "\n\n".join(
        [
            "Shr 27 cts vs 29 cts",
            "Net 1,234,000 vs 1,310,000",
            "Nine mths",
            "Year",
            "Revs 12.4 mln vs 11.9 mln",
            "The company said the fourth quarter included a gain of 120,000 dlrs from the sale of a plant.",
            "Shr 1.10 dlrs vs 98 cts",
            "Net 4,900,000 vs 4,400,000",
        ]
    )
    c = clean(article(text))
    assert c.text == text
    assert c.removed == ()


def test_a_table_copied_cell_by_cell_inside_a_story_stays():
    cells = [
        "Pos",
        "Player",
        "Snaps",
        "DL",
        "Sami Karimi",
        "63",
        "85%",
        "DL",
        "Yusuf Amin",
        "57",
        "77%",
        "LB",
        "Rami Odeh",
        "49",
        "66%",
    ]
    before = "Below are the snap counts of the defence in Sunday's win over the visitors from the north."
    after = "The defensive line played most of the snaps again, and the coach said he would rotate them next week."
    text = "\n".join([*MENU, before, *cells, after, *TAIL])
    c = clean(article(text))
    assert c.text.split("\n\n") == [before, *cells, after]


def test_an_extractor_s_main_text_skips_the_page_step():
    # trafilatura already found the story: short lines around it are its own
    text = "\n".join(["Qualified teams", "Home", "World", *STORY, "Sport", "Opinion", "Privacy Policy"])
    c = clean(article(text, main_text=True))
    assert c.text.startswith("Qualified teams\n\nWorld\n\nTraders in Khartoum")
    assert c.text.endswith("The army declined to comment.\n\nSport\n\nOpinion")
    assert [r.reason for r in c.removed] == ["navigation", "dateline", "cookie"]  # by their words


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share this on Facebook", "share"),
        ("Facebook Twitter LinkedIn Email", "share"),
        ("By signing up, you agree to our Terms and Privacy Policy", "signup"),
        ("We use cookies to give you the best experience on our website.", "cookie"),
        ("Advertisement", "ad"),
        ("Also Read: Kenya police arrest 12 after protest in Nairobi", "related_link"),
        ("(Reporting by Jane Doe; Editing by John Roe)", "wire_credit"),
        ("Updated 9:41 AM GMT+3, March 2, 2024", "timestamp"),
        ("Leave a comment", "comments"),
        ("Image 2 of 5", "gallery"),
    ],
)
def test_known_furniture_in_a_story(line, reason):
    text = (
        "Militants shelled the town overnight, police said.\n\n"
        f"{line}\n\n"
        "Two civilians were wounded in the attack on the market, the hospital said."
    )
    c = clean(article(text))
    assert [(r.text, r.reason) for r in c.removed] == [(line, reason)]


@pytest.mark.parametrize(
    "credit", ["[File: Jane Doe/AP Photo]", "Photo: Jane Doe/Reuters", "John Roe/Getty Images via AFP"]
)
def test_a_photo_credit_and_the_caption_it_closes_are_removed(credit):
    text = (
        "Fishing boats are moored at the harbour in Tyre on Tuesday\n\n"
        f"{credit}\n\n"
        "Fishermen in Tyre stayed ashore for a third day as storms swept the coast."
    )
    c = clean(article(text))
    assert c.text == "Fishermen in Tyre stayed ashore for a third day as storms swept the coast."
    assert [r.reason for r in c.removed] == ["caption", "credit"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices fell 3 percent on Monday.",
        "Cookies and cakes were handed out at the rally.",
        "Published reports put the value of the order at 2.5 billion dollars.",
        "Follow-up talks are planned for April.",
        "He joined the army in 2004 and rose to colonel.",
    ],
)
def test_sentences_using_furniture_words_stay(sentence):
    text = f"Militants shelled the town overnight, police said.\n\n{sentence}"
    assert clean(article(text)).text == text


def test_an_author_bio_at_the_end_is_removed():
    text = (
        "Militants shelled the town overnight, police said.\n\n"
        "Two civilians were wounded in the attack on the market, the hospital said.\n\n"
        "Jane Doe is a reporter for The Example Post covering the Horn of Africa."
    )
    c = clean(article(text))
    assert [r.reason for r in c.removed] == ["bio"]


def test_every_unanchored_furniture_pattern_holds_one_of_its_keywords():
    # the keywords gate the unanchored patterns: a pattern none of them is in could never fire
    data = load_yaml("lexicons/furniture.yaml")["categories"]
    for name, spec in data.items():
        keywords = [str(k).lower() for k in spec.get("keywords") or ()]
        for pattern in spec["patterns"]:
            if not pattern.startswith("^"):
                literal = re.sub(r"\\[bswdS]|[\\?]", "", pattern.lower())
                assert any(k in literal for k in keywords), (name, pattern)


def test_furniture_categories_compile_once():
    assert furniture.categories() is furniture.categories()


def test_the_stage_s_data_loads_up_front():
    load_data()
    assert furniture.categories() and furniture.noise().wire_agencies
