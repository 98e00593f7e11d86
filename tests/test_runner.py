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
