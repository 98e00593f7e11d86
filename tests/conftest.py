"""Shared fixtures: the spaCy pipeline loaded once per session, and tiny factories."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.model import Article, DocumentGraph


def article(text: str, published: str | None = "2021-08-03", id: str = "t1", **kw) -> Article:  # noqa: A002
    """An Article for a test: `article("Qaani met ...", published="2021-07-03")`."""
    return Article(id=id, text=text, published=date.fromisoformat(published) if published else None, **kw)


@pytest.fixture(scope="session")
def nlp():
    from newsgraph.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extract(nlp):
    """extract(text, published="2021-08-03", **article_fields) -> DocumentGraph (all stages)."""
    from newsgraph.pipeline import extract_graph

    def run(text: str, published: str | None = "2021-08-03", **kw) -> DocumentGraph:
        return extract_graph(article(text, published, **kw), nlp)

    return run


@pytest.fixture(scope="session")
def extract_dict(nlp):
    """extract_dict(text, ...) -> the output JSON dict (offsets into the original text)."""
    from newsgraph.export.document import document_dict
    from newsgraph.pipeline import extract_graph

    def run(text: str, published: str | None = "2021-08-03", **kw) -> dict:
        return document_dict(extract_graph(article(text, published, **kw), nlp))

    return run
