"""The /pathway/ diagram: no layout shift while it loads, and a page a phone can read.

The diagram image arrives late on purpose (held by a route until the page has
painted), so any space it did not reserve shows up as layout shift. The same
page with the image's width and height removed shifts, which proves the
measurement can fail.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

CLS = """
window.__cls = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
  .observe({ type: "layout-shift", buffered: true });
"""


def shift_while_the_diagram_loads(browser, url: str, strip_size: bool = False) -> float:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(CLS)
        held: list = []
        page.route("**/pathway/diagram.svg", lambda route: held.append(route))
        if strip_size:
            def without_size(route) -> None:  # type: ignore[no-untyped-def]
                html = route.fetch().text()
                route.fulfill(body=re.sub(r'(<img src="diagram.svg") width="\d+" height="\d+"', r"\1", html),
                              content_type="text/html; charset=utf-8")
            page.route(re.compile(r".*/pathway/$"), without_size)
        page.goto(url, wait_until="domcontentloaded")
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        for _ in range(200):  # until the browser has asked for the image (it is on screen, so it will)
            if held:
                break
            page.wait_for_timeout(25)
        assert held, "the diagram was never requested"
        held[0].continue_()
        page.wait_for_function("() => { const i = document.querySelector('.pw-diagram img'); return i.complete && i.naturalWidth > 0; }")
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        return float(page.evaluate("window.__cls"))
    finally:
        context.close()


def test_the_diagram_reserves_its_space_so_nothing_shifts(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    assert shift_while_the_diagram_loads(browser, site_server("pathway/")) < 0.1


def test_without_its_size_the_late_diagram_would_shift_the_page(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    assert shift_while_the_diagram_loads(browser, site_server("pathway/"), strip_size=True) >= 0.1


def test_on_a_phone_the_list_comes_first_and_the_diagram_opens_full_size(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(site_server("pathway/"), wait_until="load")
        assert not page.locator(".pw-diagram img").is_visible()
        assert not [url for url in asked if url.endswith("diagram.svg")]  # not even downloaded
        link = page.get_by_role("link", name="Open the diagram on its own, full size")
        assert link.is_visible()
        first_step = page.locator("ol.pw-step-by-step > li h2").first
        assert first_step.bounding_box()["y"] < 844 * 1.5  # the list starts within a screen and a half
        link.click()
        page.wait_for_url("**/pathway/diagram.svg")
        size = page.evaluate("() => [document.documentElement.getAttribute('width'), document.documentElement.getAttribute('height')]")
        assert size[0] and int(size[0]) >= 400  # opened at its own size, which the phone's zoom enlarges
    finally:
        context.close()


def test_on_a_wide_screen_the_diagram_shows_with_its_width_and_height(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_server("pathway/"), wait_until="load")
        image = page.locator(".pw-diagram img")
        assert image.is_visible()
        width, height = int(image.get_attribute("width")), int(image.get_attribute("height"))
        box = image.bounding_box()
        assert abs(box["width"] / box["height"] - width / height) < 0.01  # drawn at its own proportions
    finally:
        context.close()
