"""The smoke suite, once per engine (issue 18): the site built by MkDocs + Material and by Zensical.

Both must keep the promises a reader relies on: the Content-Security-Policy holds with no violation (with
the search open too, whose results Zensical styles from a shadow root), the quick exit leaves by click and
by Shift pressed three times (after an instant navigation too), both widgets reach
``data-ready="python"``, the search finds "strategy discussion", instant navigation swaps pages in place,
and an embed page is never loaded into the site's own chrome.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import csp, engines

from .conftest import Server, serve_folder
from .instant_navigation import SWAP_TIMEOUT, open_ready_for_instant_navigation
from .site_walk import new_context, wait_until
from .test_quick_exit import configured_exit_url, open_tab
from .widgets_support import wait_ready

pytestmark = pytest.mark.browser

PAGES = ["", "guides/police-initial-response/", "cases/iopc-39-case-1/", "pathway/", "glossary/",
         "tools/referral-checklist/", "tools/what-happens-next/", "embed/cases/iopc-39-case-1/"]
WIDGETS = {"tools/referral-checklist/": "referral-checklist", "tools/what-happens-next/": "pathway-walker"}
# How a reader opens each engine's search at 1280 px (Material: its "/" shortcut focuses the box; Zensical:
# the header's button opens its dialog, input focused), and where the results appear (Playwright's CSS
# selectors reach into Zensical's open shadow root).
SEARCH = {
    "mkdocs": {"open": "", "results": ".md-search-result__list"},
    "zensical": {"open": ".md-search__button", "results": "dialog ol[role=listbox]"},
}
POLICE_GUIDE = "guides/police-initial-response/"


@pytest.fixture(scope="module")
def engine_server(engine_site: tuple[str, Path]) -> Iterator[tuple[str, Server]]:
    name, root = engine_site
    server = serve_folder(root)
    yield name, server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def engine_page(browser: Any, engine_server: tuple[str, Server]) -> Iterator[Any]:
    context = new_context(browser, engine_server[1].url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.csp_console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def sitemap_at(page: Any, server: Server) -> None:
    """Serve sitemap.xml as a host at the build's site_url would: with this server's own address.

    Instant navigation takes over only links listed in the sitemap, matched with the port; this server's
    port is random.  (Zensical's templates escape "/" in the sitemap as "&#x2f;", valid XML either way.)
    """
    def rewrite(route: Any) -> None:
        response = route.fetch()
        body = re.sub(r"http://127\.0\.0\.1:\d+/", server.url, response.text().replace("&#x2f;", "/"))
        route.fulfill(response=response, body=body)

    page.route("**/sitemap.xml", rewrite)


def violations(page: Any) -> list[str]:
    found = list(page.evaluate("window.__pwCspViolations"))
    return found + [line for line in page.csp_console_errors if "Content Security Policy" in line]


def test_every_page_carries_the_engines_policy_none_is_violated_and_both_widgets_reach_python(
        engine_server: tuple[str, Server], engine_page: Any) -> None:
    """One visit per page (Pyodide boots are the slow part): the policy, no violation, each widget taken over."""
    name, server = engine_server
    expected = csp.meta_policy(style_hashes=engines.engine(name).inline_style_hashes())
    found = {}
    for path in PAGES:
        engine_page.goto(server(path))
        if path in WIDGETS:
            wait_ready(engine_page, WIDGETS[path])
        policy = engine_page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert policy == expected, path
        if violations(engine_page):
            found[path or "/"] = violations(engine_page)
    assert found == {}


def test_search_finds_strategy_discussion_styled_and_within_the_policy(engine_server: tuple[str, Server],
                                                                       engine_page: Any) -> None:
    name, server = engine_server
    ui = SEARCH[name]
    engine_page.goto(server())
    if ui["open"]:
        engine_page.locator(ui["open"]).first.click()
    else:
        engine_page.keyboard.press("/")
    engine_page.keyboard.type("strategy discussion")
    hit = engine_page.locator(f'{ui["results"]} a[href*="{POLICE_GUIDE}"]').first
    hit.wait_for(state="visible", timeout=SWAP_TIMEOUT)
    # Styled: the results list is laid out as the engine's stylesheet says, not as a bare list over the page.
    assert engine_page.locator(ui["results"]).first.evaluate("el => getComputedStyle(el).listStyleType") == "none"
    assert violations(engine_page) == []


def test_instant_navigation_swaps_the_page_in_place(engine_server: tuple[str, Server], engine_page: Any) -> None:
    _, server = engine_server
    sitemap_at(engine_page, server)
    open_ready_for_instant_navigation(engine_page, server())
    engine_page.evaluate("window.__pwSamePage = true")
    engine_page.locator('a[href$="guides/"]:visible').first.click()
    # Compared without the fragment: the address's #… is the page's own business (the engine drops anchor tracking).
    engine_page.wait_for_url(lambda url: url.split("#")[0] == server("guides/"), timeout=SWAP_TIMEOUT)
    wait_until(engine_page, "document.querySelector('h1') && document.querySelector('h1').textContent.includes('guides')"
               " || document.title.startsWith('Practice guides')", SWAP_TIMEOUT)
    assert engine_page.evaluate("window.__pwSamePage === true"), "a full page load, not instant navigation"
    assert violations(engine_page) == []


def test_an_embed_page_is_never_loaded_into_the_sites_chrome(engine_server: tuple[str, Server], engine_page: Any) -> None:
    _, server = engine_server
    sitemap_at(engine_page, server)
    open_ready_for_instant_navigation(engine_page, server("cases/iopc-39-case-1/"))
    engine_page.evaluate("window.__pwSamePage = true")
    engine_page.locator('a[href$="embed/cases/iopc-39-case-1/"]').first.click()
    engine_page.wait_for_url(server("embed/cases/iopc-39-case-1/"), timeout=SWAP_TIMEOUT)
    engine_page.wait_for_load_state("load")
    assert engine_page.evaluate("window.__pwSamePage === undefined"), "the embed was swapped into the site's page"
    assert engine_page.locator(".md-header, .md-sidebar").count() == 0
    assert engine_page.locator("[data-pw-exit]").count() >= 1


def test_the_quick_exit_leaves_by_click(browser: Any, engine_server: tuple[str, Server]) -> None:
    _, server = engine_server
    tab = open_tab(browser, server.url, configured_exit_url(server.root))
    try:
        tab.open(POLICE_GUIDE)
        tab.page.locator(".pw-exit__button").click()
        tab.wait_until_left()
        assert tab.state_when_leaving()["exiting"]
    finally:
        tab.context.close()


def test_the_quick_exit_leaves_by_shift_three_times_after_an_instant_navigation(browser: Any,
                                                                                engine_server: tuple[str, Server]) -> None:
    _, server = engine_server
    tab = open_tab(browser, server.url, configured_exit_url(server.root))
    try:
        sitemap_at(tab.page, server)
        open_ready_for_instant_navigation(tab.page, server())
        tab.page.evaluate("window.__pwSamePage = true")
        tab.page.locator('a[href$="pathway/"]:visible').first.click()
        tab.page.wait_for_url(server("pathway/"), timeout=SWAP_TIMEOUT)
        assert tab.page.evaluate("window.__pwSamePage === true")
        for _ in range(3):
            tab.page.keyboard.press("Shift")
        tab.wait_until_left()
        assert tab.state_when_leaving()["exiting"]
    finally:
        tab.context.close()
