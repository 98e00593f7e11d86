"""runner: several workers give the same output, in the same order, as one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from newsgraph.ingest import read_inputs
from newsgraph.pipeline import Rejected
from newsgraph.runner import run_extract
from newsgraph.settings import default_settings, replace_settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _results(workers: int) -> list:
    records = read_inputs([str(EXAMPLES / "articles.jsonl"), str(EXAMPLES / "bad_records.jsonl")])
    out = []
    for r in run_extract(records, replace_settings(default_settings(), workers=workers, batch_size=4)):
        out.append(("rejected", r.record_id, r.reason) if isinstance(r, Rejected) else r)
    return out


def test_two_workers_equal_one_worker_in_content_and_order():
    one, two = _results(1), _results(2)
    assert len(one) == len(two) > 12
    assert one == two
    assert any(isinstance(r, tuple) for r in one)  # the rejected records come through too, in place


def test_output_does_not_depend_on_string_hashing(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}.jsonl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "newsgraph.cli",
                "extract",
                str(EXAMPLES / "articles.jsonl"),
                "-o",
                str(out),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
    assert outputs[0] == outputs[1]


def test_batches_run_in_spacy_memory_zones_without_stale_strings():
    """Batches run in spaCy memory zones (strings added in one are freed when it closes): an
    article processed again, after other batches, gives the same output, and the vocabulary
    does not keep a word met in one article only."""
    from newsgraph.model import Article
    from newsgraph.nlp import load_pipeline
    from newsgraph.pipeline import process_batch

    nlp = load_pipeline()
    article = Article(
        id="zone",
        text="Brigadier Zarqawiyyeh Hammurabiq staged a blockade of Qaryatayn, officials said on Monday.",
        published=date(2024, 3, 5),
    )
    other = Article(id="other", text="Flooding in Xylopolis displaced thousands.", published=date(2024, 3, 5))
    first = process_batch([article], nlp)[0]
    process_batch([other], nlp)
    again = process_batch([article], nlp)[0]
    assert first == again
    assert "Hammurabiq" not in nlp.vocab.strings
    assert not nlp.vocab.in_memory_zone


def test_a_zone_spans_batches_and_keeps_the_words_of_several_articles():
    """One zone covers `zone_articles` articles, batch after batch; when it closes, a word met
    in two of its articles stays in the vocabulary (the tokenizer caches nothing inside a
    zone), a word met once does not; the output is the same as with a zone per batch."""
    from newsgraph.model import Article
    from newsgraph.nlp import load_pipeline
    from newsgraph.pipeline import Extractor

    nlp = load_pipeline()
    articles = [
        Article(
            id="a", text="Quzbekistani envoys met Vortelian ministers in Kabul.", published=date(2024, 3, 5)
        ),
        Article(id="b", text="The Quzbekistani delegation left Kabul on Friday.", published=date(2024, 3, 5)),
        Article(
            id="c", text="Tribal elders in Zindabadistan rejected the Quzbekistani plan.", published=None
        ),
    ]
    zoned = Extractor(nlp, replace_settings(default_settings(), zone_articles=3))
    wide = [zoned.process([a])[0] for a in articles[:2]]
    assert nlp.vocab.in_memory_zone  # two of three articles: the zone is still open
    wide.append(zoned.process([articles[2]])[0])
    assert not nlp.vocab.in_memory_zone
    assert "Quzbekistani" in nlp.vocab.strings
    assert "Vortelian" not in nlp.vocab.strings and "Zindabadistan" not in nlp.vocab.strings
    narrow = Extractor(nlp, replace_settings(default_settings(), zone_articles=1))
    assert [narrow.process([a])[0] for a in articles] == wide


def test_doc_text_is_the_text_the_doc_was_made_from():
    from newsgraph.nlp import doc_text, load_pipeline, remember_text

    nlp = load_pipeline()
    text = "  Two  spaces, a tab\there and a line\nbreak.  "
    doc = remember_text(nlp.make_doc(text), text)
    assert doc_text(doc) == doc.text == text
    with pytest.raises(ValueError, match="not the one"):
        remember_text(nlp.make_doc(text), text.strip())


def test_batches_are_bounded_by_characters_as_well_as_articles():
    """Peak memory follows the largest spaCy batch: long articles go in smaller batches."""
    from newsgraph.model import Article
    from newsgraph.pipeline import batches

    settings = default_settings()

    def article(i: int, chars: int) -> Article:
        return Article(id=str(i), text="x" * chars, published=date(2024, 1, 1))

    short = [article(i, 500) for i in range(20)]
    assert [len(b) for b in batches(short, settings)] == [8, 8, 4]
    long = [article(i, 5_000) for i in range(5)] + [article(9, 30_000)]
    # 2 x 5,000 <= batch_chars < 3 x 5,000
    assert [len(b) for b in batches(long, settings)] == [2, 2, 1, 1]
    assert settings.batch_size == 8 and 2 * 5_000 <= settings.batch_chars < 3 * 5_000


# -- workers that die, records that fail (issue 16) ---------------------------------------------

STORY = (
    "Security forces in Kirkuk arrested two men on Sunday who were suspected of planting a roadside "
    "bomb near the road to Tikrit, a police officer said."
)
CRASH = "Zarqa-crash-marker"  # the patched stage below kills its worker on an article holding this
STUCK = "Zarqa-stuck-marker"  # ... or blocks it in a way no signal handler can interrupt


def _story(i: int, marker: str = "") -> str:
    town = ("Mosul", "Erbil", "Basra", "Najaf", "Tikrit", "Kirkuk")[i % 6]
    return json.dumps(
        {
            "id": f"s{i}",
            "text": f"{STORY.replace('Kirkuk', town)} {marker}".strip(),
            "published": "2023-05-17",
        }
    )


def _hostile_stage(reading):
    """A stage that does to its worker what a crash in C code or a hang in C code would."""
    import ctypes
    import faulthandler
    import signal
    import time

    if CRASH in reading.article.text:
        faulthandler.disable()  # pytest's would print the worker's stack into the test report
        ctypes.string_at(0)  # a real segmentation fault: the worker process dies
    if STUCK in reading.article.text:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # the time limit cannot fire
        time.sleep(120)
    return reading


@pytest.fixture
def hostile_stages(monkeypatch):
    """Add `_hostile_stage` to the pipeline; forked workers inherit it (in this process it is
    only ever given harmless articles)."""
    from newsgraph import pipeline

    monkeypatch.setattr(pipeline, "STAGES", (*pipeline.STAGES, pipeline.Stage("hostile", _hostile_stage)))


def _run_lines(lines: list[str], **settings) -> list:
    from newsgraph.ingest import read_jsonl_lines

    records = read_jsonl_lines(lines, "in.jsonl")
    return list(run_extract(records, replace_settings(default_settings(), **settings)))


def test_a_worker_that_dies_is_restarted_and_only_its_record_is_lost(hostile_stages):
    lines = [_story(i) for i in range(30)]
    lines[5] = _story(5, CRASH)  # inside the first task of 8: the other 7 are run again, one by one
    lines[21] = _story(21, CRASH)
    results = _run_lines(lines, workers=2)
    assert len(results) == len(lines)
    rejected = {i: r for i, r in enumerate(results) if isinstance(r, Rejected)}
    assert sorted(rejected) == [5, 21]
    for r in rejected.values():
        assert "worker process died on this record (killed by SIGSEGV)" in r.reason
        assert CRASH in json.loads(r.raw)["text"]  # the record is kept whole
    clean = _run_lines([line for i, line in enumerate(lines) if i not in rejected], workers=1)
    assert [r for r in results if not isinstance(r, Rejected)] == clean


@pytest.mark.slow
def test_a_worker_stuck_in_c_code_is_killed_and_its_record_rejected(hostile_stages, monkeypatch):
    from newsgraph import runner

    monkeypatch.setattr(runner, "WATCHDOG_GRACE_SECONDS", 1.0)
    lines = [_story(i) for i in range(10)]
    lines[3] = _story(3, STUCK)
    results = _run_lines(lines, workers=2, time_limit=0.5)
    assert [isinstance(r, Rejected) for r in results] == [i == 3 for i in range(10)]
    assert "took longer than 0.5 s (the worker did not answer" in results[3].reason


def test_a_lone_surrogate_in_two_workers_is_one_reject():
    # issue 16: "\udfff" in a text raised UnicodeEncodeError out of the worker pool
    lines = [
        _story(0),
        json.dumps({"id": "sur", "text": STORY + " \udfff", "published": "2023-05-17"}),
        _story(2),
    ]
    results = _run_lines(lines, workers=2)
    assert [isinstance(r, Rejected) for r in results] == [False, True, False]
    assert "lone surrogate" in results[1].reason


def test_a_slow_article_is_rejected_for_its_time_and_the_next_one_is_read():
    long_text = " ".join(f"{STORY} Officials in town {i} said the road was closed." for i in range(400))
    lines = [_story(0), json.dumps({"id": "slow", "text": long_text, "published": "2023-05-17"}), _story(2)]
    for workers in (1, 2):
        results = _run_lines(lines, workers=workers, time_limit=0.3)
        assert [isinstance(r, Rejected) for r in results] == [False, True, False], workers
        assert results[1].reason.startswith("took longer than 0.3 s (in "), results[1].reason
        assert results[1].stage in (
            "clean",
            "parse",
            "entities",
            "roles",
            "time",
            "events",
            "quotes",
            "output",
        )
        assert json.loads(results[1].raw)["text"] == long_text
