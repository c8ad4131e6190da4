"""Every page of the built site, in Chromium: nothing asked of another origin, nothing typed sent, nothing kept.

The crawl visits every HTML file of the build (so embed and tool pages are
included as soon as they exist), starts every widget and then uses it the way
a person would -- typing, ticking, choosing -- without ever ticking "keep my
answers".  Every request Chromium makes, from the page and from its workers,
is recorded; any request to another origin is also blocked, so a failure here
never actually leaks anything.
"""

from __future__ import annotations

import pytest

from .site_walk import CANARY, built_pages, crawl_site, same_origin, sitemap_pages, static_file

pytestmark = pytest.mark.browser

# Request kinds that can carry data out of a page; none may appear once a widget is in use.
TALKING = {"websocket", "eventsource", "ping"}


@pytest.fixture(scope="module")
def crawl(browser, site_server):  # type: ignore[no-untyped-def]
    result = crawl_site(browser, site_server.url, site_server.root)
    print(f"\ncrawl: {result.summary()}")
    return result


def test_the_crawl_covers_every_built_page_including_everything_in_the_sitemap(crawl, site_server) -> None:  # type: ignore[no-untyped-def]
    crawled = {visit.path for visit in crawl.visits}
    assert crawled == set(built_pages(site_server.root))
    assert sitemap_pages(site_server.root) <= crawled
    assert {"", "404.html", "tools/referral-checklist/", "tools/what-happens-next/"} <= crawled


def test_no_page_requests_anything_from_another_origin(crawl) -> None:  # type: ignore[no-untyped-def]
    foreign = {f"{visit.path or '/'}: {request}" for visit in crawl.visits
               for request in visit.requests + visit.after_ready if not same_origin(request.url, crawl.origin)}
    assert crawl.requests, "the crawl saw no requests at all: it did not run"
    assert sorted(foreign) == []


def test_every_widget_starts_python(crawl) -> None:  # type: ignore[no-untyped-def]
    states = {visit.path: visit.widgets for visit in crawl.visits if visit.widgets}
    assert states, "no page of the built site holds a widget"
    not_started = {path: found for path, found in states.items() if any(not s.endswith("=python") for s in found)}
    assert not_started == {}


def test_once_widgets_are_in_use_pages_fetch_only_this_sites_static_files(crawl) -> None:  # type: ignore[no-untyped-def]
    used = [visit for visit in crawl.visits if visit.widgets]
    beyond_static = [f"{visit.path}: {request}" for visit in used for request in visit.after_ready
                     if request.method != "GET" or request.resource_type in TALKING
                     or not same_origin(request.url, crawl.origin)
                     or (request.url.startswith(crawl.origin)
                         and static_file(crawl.root, request.url[len(crawl.origin):].split("?")[0].split("#")[0]) is None)]
    assert beyond_static == []
    anywhere = [f"{visit.path}: {request}" for visit in crawl.visits for request in visit.requests
                if request.resource_type in TALKING or request.method not in {"GET", "HEAD"}]
    assert anywhere == []


def test_nothing_typed_into_a_widget_appears_in_any_request(crawl) -> None:  # type: ignore[no-untyped-def]
    used = {visit.path: visit.controls_used for visit in crawl.visits if visit.widgets}
    assert used and all(count > 0 for count in used.values()), f"the widgets were not used: {used}"
    leaked = [f"{visit.path}: {request}" for visit in crawl.visits for request in visit.requests + visit.after_ready
              if CANARY in request.url or CANARY.replace(" ", "%20") in request.url or CANARY in (request.post_data or "")]
    assert leaked == []


def test_nothing_is_stored_without_opt_in(crawl) -> None:  # type: ignore[no-untyped-def]
    stored = {visit.path: {"cookies": visit.cookies, **visit.stored} for visit in crawl.visits if visit.anything_stored}
    assert stored == {}


def test_no_page_throws_an_uncaught_error_or_opens_a_dialog(crawl) -> None:  # type: ignore[no-untyped-def]
    errors = {visit.path: visit.page_errors + visit.dialogs for visit in crawl.visits if visit.page_errors or visit.dialogs}
    assert errors == {}
