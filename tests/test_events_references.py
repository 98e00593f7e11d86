"""Known events that a sentence only refers to (issue 12): the object of a reaction or a protest,
the topic of what is said, the people a reference phrase describes by what was done to them.
PLOVER codes the reaction, not the event it is about; the event stays when the story reports it,
or when its doer is named. Sentences written for these tests, in normal and in lower case."""

from __future__ import annotations

import pytest

from tests.event_helpers import asserted, both, shown

REACTIONS = [
    "The United Nations condemned the killing of the aid worker Sara Idris.",
    "Traders in Surat downed shutters in protest against the attack on the Sabarmati Express.",
    "The attack on the mosque in Baroda was condemned by every party.",
    "Students in Pune mourned the killing of the pilgrims in Godhra.",
    "The bandh called to protest the killings in Godhra was peaceful in Kolkata.",
    "The opposition criticised the silence of the government on the massacre in Naroda.",
    "The minister condemned the burning of the coach and subsequent killing of the passengers.",
]


@pytest.mark.parametrize("text", both(REACTIONS))
def test_the_event_a_reaction_is_about_is_not_reported_again(extract, text):
    g = extract(text, published="2002-03-10")
    assert not asserted(g), shown(g)


@pytest.mark.parametrize(
    "text",
    both(
        [
            "The opposition condemned the police firing in Baroda.",
            "Journalists protested against the arrest of the editor Ali Amin by the police in Kano.",
            "The governor condemned the attack by gunmen on a bus near Kano.",
            "Protesters in Surat condemned the police lathi-charge on the students.",
            "Gunmen attacked a bus near Kano on Monday, and the governor condemned the attack.",
        ]
    ),
)
def test_a_reaction_to_an_event_told_with_its_doer_or_reported_keeps_it(extract, text):
    g = extract(text, published="2002-03-10")
    assert asserted(g), shown(g)


def test_a_reaction_to_an_event_the_story_reports_joins_its_telling(extract):
    text = (
        "Gunmen attacked the governor Musa Bello near Kano on Monday. "
        "The president condemned the attack on Musa Bello."
    )
    g = extract(text, published="2002-03-10")
    told = asserted(g, ("ASSAULT",))
    assert len(told) == 1, shown(g)
    assert len(told[0].evidence) == 2, told[0].evidence


@pytest.mark.parametrize(
    "text",
    both(
        [
            "Regarding the killing of the former MP Ehsan Jaffri, the minister said an inquiry was on.",
            "Asked about the attack on the Sabarmati Express, the minister declined to comment.",
            "Figures concerning the massacre in Naroda were not released on Monday.",
            "The party paid tributes to the activists who were killed in the attack on the train.",
            "A silence was observed to mourn the death of the pilgrims killed in the Godhra tragedy.",
            "Compensation was announced for the families of those killed in the riots in Baroda.",
        ]
    ),
)
def test_a_topic_or_a_reference_phrase_tells_a_known_event_as_background(extract, text):
    g = extract(text, published="2002-03-10")
    assert not asserted(g), shown(g)


@pytest.mark.parametrize(
    "text",
    both(
        [
            "Shops stayed shut in Surat a week after the Godhra killings.",
            "Curfew was imposed in Vadodara in the aftermath of the Godhra massacre.",
            "The line reopened a month after the Doraha train blast.",
            "Schools in Anand reopened a week after the Naroda killings.",
            "Traders protested against the attack on the bus, which killed two passengers.",
        ]
    ),
)
def test_a_known_event_named_by_its_place_frames_the_news_as_background(extract, text):
    # lower case: the model often takes "godhra" for an organisation or a person, which would name
    # the doer; a place's own name in GeoNames says where
    g = extract(text, published="2002-03-10")
    assert not asserted(g, ("ASSAULT",)), shown(g)


@pytest.mark.parametrize(
    "text",
    both(
        [
            "Shops stayed shut in Surat a week after the Hamas attack on the convoy.",
            "Two men died in Baroda after the police firing on the crowd.",
            "The town was tense a day after the attack by gunmen on the Kano market.",
            "Curfew was clamped in Anand after the army raid on the camp.",
            "A week after the police raid on the camp, Goma was calm.",
        ]
    ),
)
def test_a_frame_whose_doer_is_named_stays_news(extract, text):
    g = extract(text, published="2002-03-10")
    assert asserted(g), shown(g)


@pytest.mark.parametrize(
    "text",
    both(
        [
            "The United Nations condemned the killing of the aid worker Sara Idris near Kano.",
            "Shops stayed shut in Surat a week after the Godhra killings.",
            "Regarding the killing of the former MP Ehsan Jaffri, the minister said an inquiry was on.",
            "Traders in Surat downed shutters in protest against the attack on the Sabarmati Express.",
            "Curfew was imposed in Vadodara in the aftermath of the Godhra massacre.",
        ]
    ),
)
def test_a_background_event_is_kept_apart_with_its_evidence(extract_dict, text):
    # an analyst still sees that the story refers to the killing, though it does not report it
    out = extract_dict(text, published="2002-03-10")
    assert not [v for v in out["events"] if v["type"] == "ASSAULT"], out["events"]
    background = [v for v in out["background_events"] if v["type"] == "ASSAULT"]
    assert background, out["background_events"]
    assert all(v["id"].startswith("b") for v in out["background_events"])
    for v in background:
        (span,) = v["evidence"]
        assert text[span["start"] : span["end"]] == span["text"]
