"""WCAG 2.2 AA, checked by axe-core on every page of the built site in Chromium.

axe runs inside the site crawl (tests/browser/site_walk.py), on each page after
its widgets have started and been used, with every WCAG 2.0, 2.1 and 2.2 A and
AA rule plus ``target-size``.  Material's own known failures are fixed by theme
overrides (overrides/partials/, docs/assets/pathway.css), not by switching
rules off; ``AXE_DISABLED_RULES`` lists any rule that is off, with its reason.
States the crawl does not reach (the search dialog open, the navigation drawer
open on a phone) are checked here on their own.
"""

from __future__ import annotations

import pytest

from .site_walk import AXE_DISABLED_RULES, AXE_TAGS, axe_violations, crawl_site, new_context

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def crawl(browser, site_server):  # type: ignore[no-untyped-def]
    return crawl_site(browser, site_server.url, site_server.root)


def test_axe_finds_no_violation_on_any_page(crawl) -> None:  # type: ignore[no-untyped-def]
    found = {visit.path or "/": visit.axe_violations for visit in crawl.visits if visit.axe_violations}
    print(f"\naxe ({', '.join(AXE_TAGS)} + target-size) on {len(crawl.visits)} pages: "
          f"{sum(map(len, found.values()))} violations; rules disabled: {AXE_DISABLED_RULES or 'none'}")
    assert found == {}


def test_every_disabled_rule_says_why() -> None:
    assert all(len(reason.split()) >= 5 for reason in AXE_DISABLED_RULES.values())


def test_the_open_search_dialog_has_no_violations(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    context = new_context(browser, site_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_server("guides/"))
    page.keyboard.press("/")  # Material's shortcut: focus the search box
    page.keyboard.type("referral")
    page.locator(".md-search-result__item").first.wait_for()
    assert page.locator(".md-search[role=dialog]").get_attribute("aria-label")
    assert axe_violations(page) == []
    context.close()


def test_a_phone_with_the_navigation_drawer_open_has_no_violations(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    context = new_context(browser, site_server.url, viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_server("cases/iopc-39-case-2/"))
    page.locator("label.md-header__button[for=__drawer]").click()
    page.locator(".md-nav--primary").first.wait_for(state="visible")
    assert axe_violations(page) == []
    context.close()
