"""Limits that keep one text from stalling or killing a run (issue 16): the sentence cap before
the stages, the per-article time limit, the escaping of untrusted strings in messages, and the
settings that hold them."""

from __future__ import annotations

import contextlib
import time

import pytest

from newsgraph.errors import SettingsError, TimeLimitExceeded
from newsgraph.limits import shown, time_limit
from newsgraph.settings import default_settings, load_settings

STORY = (
    "Security forces in Kirkuk arrested two men on Sunday who were suspected of planting a roadside "
    "bomb near the road to Tikrit, a police officer said. The officer said the men were handed over "
    "to the counter-terrorism service for questioning."
)


def tree_depth(doc) -> int:
    """The longest head chain of a parse (iteratively: this is what must stay small)."""
    heads = [t.head.i for t in doc]
    depth = {}
    for start in range(len(doc)):
        chain, i = [], start
        while i not in depth and heads[i] != i:
            chain.append(i)
            i = heads[i]
        base = depth.get(i, 0)
        for k, j in enumerate(reversed(chain), 1):
            depth[j] = base + k
        depth.setdefault(start, base)
    return max(depth.values(), default=0)


@pytest.mark.slow
def test_a_degenerate_parse_is_cut_to_the_sentence_cap(nlp):
    """Issue 16: "Breaking" on 50,000 lines parses as one sentence whose tree is a chain of as
    many tokens; spaCy's Token.subtree recurses once per level in C, and at ~40,000 levels the
    process dies (SIGSEGV in the quotes stage). The cap bounds every sentence, so every tree."""
    from newsgraph.pipeline import parse

    text = "Breaking\n\n" * 5_000 + STORY
    plain = nlp(text)
    assert max(len(s) for s in plain.sents) > 10_000 and tree_depth(plain) >= 5_000  # the hazard
    (doc,) = parse(nlp, [text], 500)
    assert doc.text == text
    assert max(len(s) for s in doc.sents) <= 500
    assert tree_depth(doc) < 500
    assert len(list(doc[-3].subtree)) < 500


def test_the_cap_leaves_a_normal_text_alone(nlp):
    from newsgraph.pipeline import parse

    text = f"{STORY}\n\n{STORY.replace('Kirkuk', 'Mosul')}"
    (capped,) = parse(nlp, [text], 60)  # above this text's longest sentence (40 tokens)
    plain = nlp(text)
    assert [(t.dep_, t.head.i, t.is_sent_start) for t in capped] == [
        (t.dep_, t.head.i, t.is_sent_start) for t in plain
    ]


def test_a_long_sentence_is_cut_after_punctuation_when_it_can_be(nlp):
    from newsgraph.pipeline import parse

    clause = "the convoy moved north past the checkpoints near the river, "
    text = "Officials said " + clause * 40 + "and then it stopped."
    (doc,) = parse(nlp, [text], 100)
    sentences = list(doc.sents)
    assert len(sentences) > 4 and max(len(s) for s in sentences) <= 100
    assert all(s[-1].text in (",", ".") for s in sentences), [s[-1].text for s in sentences]


@pytest.mark.slow
def test_the_whole_pipeline_reads_a_sentence_of_200000_characters(nlp):
    """No punctuation at all for 200,000 characters: one sentence the parser would build whole."""
    from newsgraph.model import Article
    from newsgraph.pipeline import process_batch
    from newsgraph.settings import replace_settings

    words = ("convoy", "Mosul", "soldiers", "road", "Qaani", "checkpoint", "officials", "river")
    text = " ".join(words[i % 8] for i in range(200_000 // 7))[:200_000]
    article = Article(id="long", text=text, published=None)
    (out,) = process_batch([article], nlp, replace_settings(default_settings(), time_limit=0))
    assert isinstance(out, dict), out
    assert out["document"]["id"] == "long"


def test_time_limit_interrupts_python_and_disarms_after():
    start = time.monotonic()
    with pytest.raises(TimeLimitExceeded, match=r"took longer than 0\.2 s"), time_limit(0.2):
        while True:
            pass
    assert time.monotonic() - start < 2
    with time_limit(0.2):
        pass
    time.sleep(0.3)  # no alarm left armed


def test_time_limit_is_not_swallowed_by_except_exception():
    # the innermost: what a library might do around its own work
    with pytest.raises(TimeLimitExceeded), time_limit(0.1), contextlib.suppress(Exception):
        time.sleep(1)


def test_time_limit_zero_means_none():
    with time_limit(0):
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain id", "plain id"),
        ("two\nlines", "two\\x0alines"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("abc\u202edef", "abc\\u202edef"),  # a bidi override would reorder what follows
        ("a\u200db", "a\\u200db"),
        ("\udfff", "\\udfff"),
        ("قاآنی", "قاآنی"),  # printable letters stay
        (7, "7"),
        ("x" * 100, "x" * 80 + "…"),
    ],
)
def test_shown_makes_an_untrusted_value_one_safe_line(value, expected):
    assert shown(value) == expected
    assert shown(value).isprintable()


def test_limits_are_settings_with_their_defaults():
    settings = default_settings()
    assert settings.max_article_chars == 200_000
    assert settings.max_sentence_tokens == 500
    assert settings.time_limit == 60.0
    env = {"NEWSGRAPH_TIME_LIMIT": "2.5", "NEWSGRAPH_MAX_SENTENCE_TOKENS": "200"}
    from_env = load_settings(env=env)
    assert (from_env.time_limit, from_env.max_sentence_tokens) == (2.5, 200)
    with pytest.raises(SettingsError) as info:
        load_settings(env={"NEWSGRAPH_TIME_LIMIT": "-1", "NEWSGRAPH_MAX_ARTICLE_CHARS": "lots"})
    assert "time_limit -1.0 is below the minimum 0" in str(info.value)
    assert "max_article_chars must be a whole number" in str(info.value)
