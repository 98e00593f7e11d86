"""End to end, in a real headless browser (Debian's chromium through Playwright), over a live
server on a store built from the bundled examples: what an analyst does, and what they see.

Screenshots go to $TMPDIR/newsgraph-web-shots/ (looked at while building the pages)."""

from __future__ import annotations

import re

import pytest

from tests.web_helpers import chromium, copy_of, examples_store, live_server, shot, watch

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = copy_of(examples_store(), tmp_path_factory.mktemp("browser"))
    with live_server(store) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as ctx:
        yield ctx


@pytest.fixture
def page(browser):
    p = browser.new_page()
    p.problems = watch(p)
    yield p
    p.close()


def in_view(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }",
    )


def test_search_another_spelling_then_timeline_event_to_its_evidence(server, page):
    page.goto(server + "/")
    box = page.locator("section.hero input[name=q]")
    box.fill("Hasan Shaikh Mohamud")  # the store spells him Hassan Sheikh Mohamud
    first = page.locator("section.hero ul.suggest li").first
    first.wait_for()
    assert "Hassan Sheikh Mohamud" in first.inner_text()
    shot(page, "suggestions")
    first.click()
    page.wait_for_url(re.compile(r"/entities/E[0-9a-f]{12}$"))
    assert page.locator("h1#entity-name").inner_text() == "Hassan Sheikh Mohamud"
    assert "Mohamud" in page.locator("#names").inner_text()
    assert "Somalia's president" in page.locator("svg.roles").inner_html()
    page.locator("#egonet canvas").first.wait_for()
    page.locator(
        "#net-count", has_text="neighbour"
    ).wait_for()  # (wait_for_function would eval: the CSP says no)
    shot(page, "entity")

    dots = page.locator("svg.timeline a.dot")
    # one dot per dated event in the table below it (the offensive he launched "last year")
    dates = page.locator("table#events tbody tr td:first-child").all_inner_texts()
    dated = [d for d in dates if re.search(r"\d{4}", d)]
    assert dots.count() == len(dated) >= 1
    sentence = page.locator("table#events td.what .sent").first.inner_text()
    dots.first.click()
    page.wait_for_url(re.compile(r"/documents/mogadishu-airstrike\?hl=\d+-\d+#s\d+$"))
    marked = page.locator("article.text .hl")
    assert "".join(marked.all_inner_texts()) == sentence
    assert "launched an" in marked.first.evaluate("e => e.closest('span.s').textContent")
    assert in_view(page, "article.text .hl")
    shot(page, "evidence", full=False)
    assert page.problems == []


def test_document_page_marks_every_fact_and_scrolls_to_a_picked_one(server, page):
    page.goto(server + "/documents/tripoli-clashes")
    text = page.locator("article.text")
    n_entities = int(page.locator("#facts details").first.locator("summary small").inner_text())
    marked = text.locator(".m").evaluate_all(
        "es => new Set(es.map(e => e.dataset.k.split(' ').filter(k => k.startsWith('m:')).join(' '))).size"
    )
    assert marked >= n_entities > 5
    assert text.locator("del.rm").count() >= 1  # the byline and dateline, struck through
    assert text.locator(".q").count() >= 3 and text.locator(".v").count() >= 3
    last_event = page.locator("#facts li.fact[data-k^='v:']").last
    last_event.click()
    page.wait_for_timeout(700)  # smooth scrolling
    assert text.locator(".flash").count() >= 1
    assert in_view(page, "article.text .flash")
    shot(page, "document-picked", full=False)
    page.locator("input[data-layer=m]").uncheck()
    assert "hide-m" in text.get_attribute("class")
    shot(page, "document")
    assert page.problems == []


def test_search_page_explains_how_each_hit_matched(server, page):
    page.goto(server + "/search?q=Dabaiba")
    row = page.locator("table.results tbody tr").first
    assert "Abdul Hamid Dbeibah" in row.inner_text()
    assert "other spelling" in row.inner_text()
    assert page.problems == []


def test_merge_two_entities_see_it_and_take_it_back(server, page):
    page.goto(server + "/search?q=US%20Central%20Command")
    page.locator("table.results a", has_text="US Central Command").first.click()
    page.wait_for_url(re.compile(r"/entities/E"))
    page.locator("#merge-search").fill("CENTC")
    page.locator("#merge-form ul.suggest li", has_text="CENTCOM").first.click()
    assert page.locator("#merge-other").input_value().startswith("E")
    page.locator("#merge-form input[name=author]").fill("test-analyst")
    page.locator("#merge-form input[name=note]").fill("one command, two names")
    page.locator("#merge-submit").click()
    page.wait_for_url(re.compile(r"note=merged"))
    assert "Merged" in page.locator(".notice").inner_text()
    names = page.locator("#names").inner_text()
    assert "CENTCOM" in names and "US Central Command" in names
    row = page.locator("table#judgements tr.analyst").first
    assert "test-analyst" in row.inner_text() and "same" in row.inner_text().lower()
    assert "one command, two names" in row.inner_text()
    shot(page, "merged")
    row.locator("button", has_text="retract").click()
    page.wait_for_url(re.compile(r"note=retracted"))
    names = page.locator("#names").inner_text()
    assert ("CENTCOM" in names) != ("US Central Command" in names)
    assert "retracted" in page.locator("table#judgements tr.analyst").first.inner_text()
    assert page.problems == []


def test_filters_narrow_the_timeline_and_the_network(server, page):
    page.goto(server + "/search?q=United%20States")
    page.locator("table.results a", has_text="United States").first.click()
    page.wait_for_url(re.compile(r"/entities/E"))
    every = page.locator("svg.timeline a.dot").count()
    page.locator("form.filters select[name=type]").select_option("ASSAULT")
    page.wait_for_url(re.compile(r"type=ASSAULT"))
    assaults = page.locator("svg.timeline a.dot").count()
    assert 0 < assaults < every
    assert set(page.locator("table#events .ptype").all_inner_texts()) == {"ASSAULT"}
    assert "type=ASSAULT" in page.locator("#egonet").get_attribute("data-query")
    assert page.problems == []


def test_network_events_and_sources_pages(server, page):
    page.goto(server + "/network")
    page.locator("#net-count", has_text="entities").wait_for()
    assert page.locator("#bignet canvas").count() >= 1
    shot(page, "network")
    page.goto(server + "/events?type=ASSAULT")
    assert set(page.locator("table.events .ptype").all_inner_texts()) == {"ASSAULT"}
    page.goto(server + "/sources")
    outlets = page.locator("table#by-outlet tbody tr")
    assert outlets.count() >= 10
    assert re.search(r"\d+ of \d+ quotes", page.locator("p.counts").inner_text())
    shot(page, "sources")
    assert page.problems == []


def test_paste_an_article_shows_the_extraction_at_once(server, page):
    page.goto(server + "/paste")
    page.locator("textarea[name=text]").fill(
        "ADEN -- Yemeni coast guard forces seized a boat carrying weapons off the port of Aden on "
        'Saturday, the interior ministry said.\n\n"The boat was heading to the Houthis," a coast '
        "guard officer, who asked not to be named, told reporters."
    )
    page.locator("input[name=published]").fill("2024-03-09")
    page.locator("#paste-extract").click()
    page.locator("#extraction article.text").wait_for()
    assert page.locator("#extraction article.text .m").count() >= 2
    assert "unnamed" in page.locator("#facts").inner_text()
    assert page.locator("#extraction .notice").count() == 0  # not stored
    shot(page, "paste")
    assert page.problems == []
