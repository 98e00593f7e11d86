"""ingest of .html pages: trafilatura's main text, marked as such for `clean`."""

from __future__ import annotations

from datetime import date

from newsgraph.clean import clean
from newsgraph.ingest import read_path
from newsgraph.model import Article

STORY = [
    "Fishermen in Tyre stayed ashore for a third day on Wednesday as storms swept the Lebanese coast.",
    "The harbour master said the boats would not sail before Friday, when the wind is forecast to drop.",
    "Traders at the fish market said prices had doubled since the weekend.",
]


def test_an_html_page_gives_a_main_text_article(tmp_path):
    paragraphs = "".join(f"<p>{s}</p>" for s in STORY)
    path = tmp_path / "tyre.html"
    path.write_text(
        f"<html><body><nav>Home | World</nav><article>{paragraphs}</article></body></html>", encoding="utf-8"
    )
    (art,) = list(read_path(path, published=date(2024, 3, 6)))
    assert isinstance(art, Article) and art.main_text
    assert clean(art).text == "\n\n".join(STORY)


def test_a_story_precision_mode_misses_is_read_with_trafilatura_s_default(tmp_path):
    # a story laid out in a table cell: trafilatura's favor_precision finds no main text here
    path = tmp_path / "table.html"
    path.write_text(
        "<html><body><table><tr><td>" + "<br>".join(STORY) + "</td></tr></table></body></html>",
        encoding="utf-8",
    )
    (art,) = list(read_path(path, published=date(2024, 3, 6)))
    assert isinstance(art, Article)
    assert "harbour master" in art.text


def test_a_text_file_is_no_main_text(tmp_path):
    path = tmp_path / "tyre.txt"
    path.write_text("\n\n".join(STORY), encoding="utf-8")
    (art,) = list(read_path(path, published=date(2024, 3, 6)))
    assert isinstance(art, Article) and not art.main_text
