"""Reflow (WCAG 1.4.10): every page at 320 CSS px and at 200% zoom, without sideways scrolling or lost text.

320 CSS px is what a 1280 px wide window shows at 400% zoom; 640 CSS px is the
same window at 200%.  The crawl (tests/browser/site_walk.py) resizes each page,
widgets started, to both widths and measures it.  A wide data table may scroll
inside its own box (1.4.10 allows it for data tables); nothing else may.
"""

from __future__ import annotations

import pytest

from .site_walk import REFLOW_WIDTHS, crawl_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def crawl(browser, site_server):  # type: ignore[no-untyped-def]
    return crawl_site(browser, site_server.url, site_server.root)


@pytest.mark.parametrize("width", REFLOW_WIDTHS)
def test_no_page_scrolls_sideways(crawl, width: int) -> None:  # type: ignore[no-untyped-def]
    sideways = {visit.path or "/": visit.reflow[width]["sideways"] for visit in crawl.visits
                if visit.reflow[width]["sideways"] > 0}
    assert sideways == {}


@pytest.mark.parametrize("width", REFLOW_WIDTHS)
def test_no_text_is_pushed_out_of_view(crawl, width: int) -> None:  # type: ignore[no-untyped-def]
    cut = {visit.path or "/": visit.reflow[width]["cut"] for visit in crawl.visits if visit.reflow[width]["cut"]}
    assert cut == {}


@pytest.mark.parametrize("width", REFLOW_WIDTHS)
def test_every_page_keeps_its_heading_and_the_quick_exit_in_view(crawl, width: int) -> None:  # type: ignore[no-untyped-def]
    missing = {visit.path or "/": visit.reflow[width] for visit in crawl.visits
               if not visit.reflow[width]["exitVisible"] or (visit.path != "404.html" and not visit.reflow[width]["heading"])}
    assert missing == {}
