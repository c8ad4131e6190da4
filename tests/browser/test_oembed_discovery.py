"""The case page's oEmbed discovery link is for other servers, never for the reader's browser (ADR 0013).

Material's bundle fetches ``sitemap.xml`` beside every ``link[rel=alternate]`` in the document (its
language switch), on the first load and after each instant navigation, whose pages it parses with
``DOMParser`` (scripting off, so a ``<noscript>`` link becomes a live element).  The link therefore sits
inside ``<template>``: on both engines, loaded directly or swapped in by instant navigation, the document
holds no alternate link, the template still holds the oEmbed link, and the only sitemap the page asks
for is the site's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import Server, serving
from .instant_navigation import SWAP_TIMEOUT, open_ready_for_instant_navigation
from .site_walk import new_context

pytestmark = pytest.mark.browser

SITE_URL = "http://127.0.0.1:8000/"  # the build's site_url (mkdocs.yml), not where the test serves it
LIVE_ALTERNATES = "document.querySelectorAll('link[rel=alternate]').length"
TEMPLATE_OEMBED = """() => [...document.head.querySelectorAll('template')]
  .map(t => t.content.querySelector('link[type="application/json+oembed"]'))
  .filter(Boolean).map(l => l.getAttribute('href'))"""


@pytest.fixture(scope="module")
def engine_server(engine_site: tuple[str, Path]) -> Iterator[Server]:
    with serving(engine_site[1]) as server:
        yield server


@pytest.fixture
def recorded(browser: Any, engine_server: Server) -> Iterator[tuple[Any, list[str]]]:
    context = new_context(browser, engine_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    def rewrite(route: Any) -> None:  # the sitemap as a host at site_url serves it: with this server's address
        response = route.fetch()
        body = re.sub(r"http://127\.0\.0\.1:\d+/", engine_server.url, response.text().replace("&#x2f;", "/"))
        route.fulfill(response=response, body=body)

    page.route(re.compile(r".*/sitemap\.xml$"), rewrite)
    yield page, requests
    context.close()


def sitemaps(requests: list[str]) -> list[str]:
    return [url for url in requests if url.split("?")[0].endswith("sitemap.xml")]


def test_a_case_page_loaded_directly_holds_no_live_alternate_link(recorded: tuple[Any, list[str]],
                                                                  engine_server: Server) -> None:
    page, requests = recorded
    open_ready_for_instant_navigation(page, engine_server("cases/iopc-39-case-1/"))  # the bundle has run
    page.wait_for_load_state("networkidle")
    assert page.evaluate(LIVE_ALTERNATES) == 0
    assert sitemaps(requests) and set(sitemaps(requests)) == {engine_server("sitemap.xml")}
    assert not [url for url in requests if "/embed/" in url]
    assert page.evaluate(TEMPLATE_OEMBED) == [f"{SITE_URL}embed/cases/iopc-39-case-1/oembed.json"]


def test_a_case_page_swapped_in_by_instant_navigation_holds_none_either(recorded: tuple[Any, list[str]],
                                                                        engine_server: Server) -> None:
    page, requests = recorded
    open_ready_for_instant_navigation(page, engine_server("cases/"))
    page.evaluate("window.__pwSamePage = true")
    page.locator(".md-content a[href$='iopc-39-case-2/']").first.click()
    expect(page.locator("h1")).to_contain_text("Case study 2", timeout=SWAP_TIMEOUT)
    assert page.evaluate("window.__pwSamePage === true"), "a full page load, not instant navigation"
    # The theme swaps the content and the head's new elements in one task, then looks for alternate links.
    assert page.evaluate(LIVE_ALTERNATES) == 0
    assert set(sitemaps(requests)) == {engine_server("sitemap.xml")}
    assert not [url for url in requests if "/embed/" in url]
    assert page.evaluate(TEMPLATE_OEMBED) == [f"{SITE_URL}embed/cases/iopc-39-case-2/oembed.json"]
