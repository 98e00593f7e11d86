"""clean: remove what is not the story, keep the map to the original (stub, being written)."""

from __future__ import annotations

from newsgraph.model import Article, CleanText, Segment


def clean(article: Article) -> CleanText:
    text = article.text
    return CleanText(text=text, original=text, segments=(Segment(0, 0, len(text)),))
