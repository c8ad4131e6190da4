"""The quick exit, used for real in Chromium: by click, by Shift pressed three times, by the secondary link.

Someone may be reading about child sexual abuse in a home where the abuser is.
Leaving must hide the page at once, forget what the site kept, leave the tab
on a neutral site and not let Back return.  The neutral site is a third party,
so each test answers its address with a local stand-in page (Playwright
routing): the deliberate exit never reaches the internet, and it is not a
request the site makes on its own (the crawl never presses the button).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import CHROMIUM, CHROMIUM_FLAGS, serve_folder
from .site_walk import WIDGET_START_TIMEOUT_MS, built_pages, crawl_site, new_context, static_file, wait_until

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
STAND_IN = "<!doctype html><html lang='en'><title>Weather</title><h1>Weather stand-in</h1></html>"
# Reports, from inside the page, what it looked like at the moment it began to leave.
SPY = """
document.addEventListener("pathway:exit", () => console.log("pw-exit-state " + JSON.stringify({
  exiting: document.documentElement.classList.contains("pw-exiting"),
  bodyVisibility: getComputedStyle(document.body).visibility,
  title: document.title,
})), true);
"""
# Records, in the page, the last time it was shown: set by every pageshow and cleared by every pagehide,
# so a page the back-forward cache puts away and brings back says so afresh (console messages would not:
# Chromium replays a restored page's old ones).
SHOWN = """
window.addEventListener("pagehide", () => { window.__pwShown = null; });
window.addEventListener("pageshow", (event) => {
  window.__pwShown = { path: location.pathname, persisted: event.persisted };
});
"""
# How the page looks now: is it still leaving, and is it the very document that began to leave?
LOOKS = """() => ({
  exiting: document.documentElement.classList.contains("pw-exiting"),
  bodyVisibility: getComputedStyle(document.body).visibility,
  title: document.title,
  sameDocument: window.__pwDocument === "began to leave",
  navigation: performance.getEntriesByType("navigation")[0].type,
})"""


def configured_exit_url(site_root: Path | None = None) -> str:
    """extra.quick_exit_url as the build used it: the generated config (a locality profile may set it), else mkdocs.yml."""
    generated = site_root.parent / "work" / "mkdocs.yml" if site_root else None  # tests/conftest.py builds there
    config_file = generated if generated and generated.is_file() else PROJECT / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    return str(config["extra"]["quick_exit_url"])


@dataclass
class Tab:
    """A browser tab on the site whose quick exit lands on a local stand-in for the neutral site."""

    page: Any
    context: Any
    base: str
    exit_url: str
    exit_requests: list[dict[str, str]] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)

    @property
    def left(self) -> bool:
        return self.page.url.startswith(self.exit_url)

    def state_when_leaving(self) -> dict[str, Any]:
        import json

        found = [line for line in self.console if line.startswith("pw-exit-state ")]
        assert found, "the page never announced pathway:exit"
        return dict(json.loads(found[-1].split(" ", 1)[1]))

    def wait_until_left(self) -> None:
        self.page.wait_for_url(re.compile("^" + re.escape(self.exit_url)))

    def wait_until_shown(self, path: str) -> dict[str, Any]:
        """Wait until ``path`` is the page on screen and its pageshow has fired; return that pageshow."""
        handle = self.page.wait_for_function(
            "(path) => window.__pwShown && window.__pwShown.path === path && window.__pwShown", arg=path)
        return dict(handle.json_value())

    def status(self) -> str:
        return str(self.page.locator("[data-pw-exit-status]").first.text_content() or "")


def open_tab(browser: Any, base: str, exit_url: str, **options: Any) -> Tab:
    context = new_context(browser, base, viewport={"width": 1280, "height": 900}, **options)
    context.add_init_script(SPY)
    context.add_init_script(SHOWN)
    tab = Tab(context.new_page(), context, base, exit_url)

    def stand_in(route: Any) -> None:
        tab.exit_requests.append(dict(route.request.headers))
        route.fulfill(status=200, content_type="text/html", body=STAND_IN)

    context.route(re.compile("^" + re.escape(tab.exit_url)), stand_in)
    tab.page.on("console", lambda message: tab.console.append(message.text))
    return tab


@pytest.fixture
def tab(browser, site_server) -> Iterator[Tab]:  # type: ignore[no-untyped-def]
    tab = open_tab(browser, site_server.url, configured_exit_url(site_server.root))
    yield tab
    tab.context.close()


# -- the markup, on every built page -------------------------------------------------------------------------

class _ExitLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and "data-pw-exit" in values:
            self.links.append(values)


def test_every_page_has_the_exit_button_and_the_secondary_link_to_the_configured_site(site_server) -> None:  # type: ignore[no-untyped-def]
    exit_url = configured_exit_url(site_server.root)
    for path in built_pages(site_server.root):
        parser = _ExitLinks()
        parser.feed(static_file(site_server.root, path).read_text(encoding="utf-8"))  # type: ignore[union-attr]
        classes = [link.get("class", "") for link in parser.links]
        assert any("pw-exit-secondary" in c for c in classes) and any("pw-exit__button" in c for c in classes), path
        for link in parser.links:
            assert link["href"] == exit_url, path
            assert set(link["rel"].split()) >= {"nofollow", "noreferrer"}, path
            assert link.get("target") == "_top", path


def test_the_exit_button_is_on_top_of_every_page_while_widgets_load_and_once_they_have_started(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    crawl = crawl_site(browser, site_server.url, site_server.root)
    covered = [visit.path or "/" for visit in crawl.visits
               if not (visit.exit_on_top_while_loading and visit.exit_button_on_top)]
    assert covered == []


def test_the_exit_button_stays_at_the_top_when_the_page_is_scrolled(tab: Tab) -> None:
    tab.open("guides/making-a-referral/")
    tab.page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert tab.page.evaluate("window.scrollY") > 1000
    box = tab.page.locator(".pw-exit__button").bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 60


# -- leaving ---------------------------------------------------------------------------------------------------

def test_clicking_leave_hides_the_page_at_once_wipes_storage_and_leaves_without_a_referrer(tab: Tab) -> None:
    tab.open("about/")
    tab.open("guides/making-a-referral/")
    tab.page.evaluate("localStorage.setItem('pathway:test', 'kept'); sessionStorage.setItem('pathway:test', 'kept')")
    entries = tab.page.evaluate("history.length")

    tab.page.locator(".pw-exit__button").click()
    tab.wait_until_left()

    assert tab.state_when_leaving() == {"exiting": True, "bodyVisibility": "hidden", "title": "Loading"}
    assert tab.page.title() == "Weather"
    assert [headers.get("referer") for headers in tab.exit_requests] == [None]
    assert tab.page.evaluate("history.length") == entries  # replaced, not added: Back cannot return
    tab.page.go_back()
    assert tab.page.url == tab.base + "about/"  # the page before, never the page that was left
    assert tab.page.evaluate("[localStorage.length, sessionStorage.length]") == [0, 0]


def test_pressing_shift_three_times_announces_the_count_and_leaves(tab: Tab) -> None:
    tab.open("cases/iopc-39-case-2/")
    tab.page.keyboard.press("Shift")
    assert tab.status() == "Shift pressed once. Press Shift 2 more times to leave this site."
    tab.page.keyboard.press("Shift")
    assert tab.status() == "Shift pressed 2 times. Press Shift 1 more time to leave this site."
    assert not tab.left
    tab.page.keyboard.press("Shift")
    tab.wait_until_left()
    assert tab.state_when_leaving()["exiting"] is True


def test_typing_between_shift_presses_or_holding_shift_does_not_leave(tab: Tab) -> None:
    tab.open("glossary/")
    for key in ["Shift", "a", "Shift", "Shift", "b"]:
        tab.page.keyboard.press(key)
    tab.page.keyboard.down("Shift")
    for _ in range(5):
        tab.page.keyboard.down("Shift")  # auto-repeat while held: one press, not six
    tab.page.keyboard.up("Shift")
    tab.page.keyboard.press("Shift")
    assert not tab.left
    assert tab.status() == "Shift pressed 2 times. Press Shift 1 more time to leave this site."


def test_the_shift_count_starts_again_after_five_seconds(tab: Tab) -> None:
    tab.page.clock.install()
    tab.open("glossary/")
    tab.page.keyboard.press("Shift")
    tab.page.keyboard.press("Shift")
    tab.page.clock.run_for(6000)
    assert tab.status() == "Shift count reset."
    tab.page.keyboard.press("Shift")
    assert not tab.left
    assert tab.status().startswith("Shift pressed once.")


def test_the_secondary_link_follows_the_skip_link_and_leaves_by_keyboard(tab: Tab) -> None:
    tab.open("guides/making-a-referral/")
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    tab.page.keyboard.press("Tab")
    focused = tab.page.locator(":focus")
    assert focused.text_content() == "Leave this site quickly"
    assert focused.is_visible()
    box = focused.bounding_box()
    assert box is not None and box["y"] >= 0 and box["x"] >= 0
    tab.page.keyboard.press("Enter")
    tab.wait_until_left()


def test_answers_kept_by_opt_in_are_wiped_by_the_quick_exit(tab: Tab) -> None:
    tab.open("tools/referral-checklist/")
    tab.page.wait_for_selector('[data-widget="referral-checklist"][data-ready="python"]', timeout=WIDGET_START_TIMEOUT_MS)
    tab.page.locator('input[data-action="keep"]').check()  # the person chose to keep their answers
    notes = tab.page.locator("[data-widget] textarea").first
    notes.fill("The child said it happened at the weekend.")
    wait_until(tab.page, "sessionStorage.length > 0")  # the widget has kept the answers, as asked
    tab.page.keyboard.press("Shift")
    tab.page.keyboard.press("Shift")
    tab.page.keyboard.press("Shift")
    tab.wait_until_left()
    tab.open("about/")  # the same tab, back on the site: nothing of the answers is left
    assert tab.page.evaluate("[localStorage.length, sessionStorage.length]") == [0, 0]


def test_a_page_shown_again_after_it_began_to_leave_is_visible_and_titled_again(tab: Tab) -> None:
    """What quick-exit.js does on a pageshow from the back-forward cache, whether or not Chromium uses its cache."""
    # The neutral site answers "204 No Content": the browser stays on the page, which has already hidden itself.
    tab.context.unroute(re.compile("^" + re.escape(tab.exit_url)))
    tab.context.route(re.compile("^" + re.escape(tab.exit_url)), lambda route: route.fulfill(status=204))
    tab.open("glossary/")
    title = tab.page.title()
    with tab.page.expect_event("requestfailed", lambda request: request.url.startswith(tab.exit_url)):
        tab.page.keyboard.press("Shift")
        tab.page.keyboard.press("Shift")
        tab.page.keyboard.press("Shift")
    assert tab.page.evaluate(LOOKS)["exiting"] is True
    tab.page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))")
    looks = tab.page.evaluate(LOOKS)
    assert (looks["exiting"], looks["bodyVisibility"], looks["title"]) == (False, "visible", title)
    assert tab.status() == ""  # "Leaving this site." is not left announced on the page shown again


def test_a_page_restored_from_the_back_forward_cache_is_not_left_hidden(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    """Back to a page that began to leave, then Forward to it again: it comes back visible.

    Chromium may keep the page in its back-forward cache (then quick-exit.js must undo the hiding) or load
    it afresh (memory pressure, a request in flight, a headless quirk): the test proves whichever happened.
    History is moved from inside the page and each step waits for the page it leads to, so no protocol
    command is ever sent while Chromium is swapping the cached and the current document.
    """
    # Playwright turns the back-forward cache off by default; this test needs it on.
    with_cache = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS,
                                             ignore_default_args=["--disable-back-forward-cache"])
    try:
        tab = open_tab(with_cache, site_server.url, configured_exit_url(site_server.root))
        tab.context.unroute(re.compile("^" + re.escape(tab.exit_url)))
        # The neutral site answers "204 No Content": the browser stays on the page, which has already hidden itself.
        tab.context.route(re.compile("^" + re.escape(tab.exit_url)), lambda route: route.fulfill(status=204))
        tab.open("about/")
        tab.open("glossary/")
        tab.page.wait_for_load_state("networkidle")  # a request still in flight keeps a page out of the cache
        title = tab.page.title()
        tab.page.evaluate("window.__pwDocument = 'began to leave'")
        with tab.page.expect_event("requestfailed", lambda request: request.url.startswith(tab.exit_url)):
            tab.page.locator(".pw-exit__button").click()
        left = tab.page.evaluate(LOOKS)  # the browser has given up on the exit: the page stays, hidden
        assert (left["exiting"], left["bodyVisibility"], left["sameDocument"]) == (True, "hidden", True)

        tab.page.evaluate("history.back()")
        tab.wait_until_shown("/about/")
        tab.page.evaluate("history.forward()")
        shown = tab.wait_until_shown("/glossary/")
        looks = tab.page.evaluate(LOOKS)

        if shown["persisted"]:  # restored from the cache: the very document that began to leave
            assert looks["sameDocument"] is True
        else:  # loaded again for this history entry: a fresh document
            assert (looks["sameDocument"], looks["navigation"]) == (False, "back_forward")
        print(f"\nback-forward cache: {'restored' if shown['persisted'] else 'reloaded'} the page")
        assert (looks["exiting"], looks["bodyVisibility"], looks["title"]) == (False, "visible", title)
    finally:
        with_cache.close()


def test_leaving_from_an_embedded_case_takes_the_whole_framing_page_away(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    embeds = [path for path in built_pages(site_server.root) if path.startswith("embed/cases/")]
    assert embeds, "no embed pages were built"
    with tempfile.TemporaryDirectory() as folder:
        # A learning platform on another origin, framing a case study.
        Path(folder, "index.html").write_text(
            f"<!doctype html><title>Learning platform</title><h1>Module 3</h1>"
            f"<iframe title='Case study' src='{site_server.url}{embeds[0]}' width='800' height='600'></iframe>",
            encoding="utf-8")
        platform = serve_folder(Path(folder))
        try:
            tab = open_tab(browser, platform.url, configured_exit_url(site_server.root))
            tab.open("")
            frame = tab.page.frame_locator("iframe")
            frame.locator(".pw-exit__button").click()
            tab.wait_until_left()
            assert tab.page.title() == "Weather"
            tab.context.close()
        finally:
            platform.httpd.shutdown()
            platform.httpd.server_close()


def test_the_quick_exit_is_not_printed(tab: Tab, site_server) -> None:  # type: ignore[no-untyped-def]
    embeds = [path for path in built_pages(site_server.root) if path.startswith("embed/")]
    for path in ["guides/making-a-referral/", "tools/referral-checklist/", *embeds[:1]]:
        tab.open(path)
        tab.page.emulate_media(media="print")
        printed = tab.page.locator(".pw-exit, .pw-exit__button, .pw-exit-secondary").evaluate_all(
            "(els) => els.filter((el) => el.getClientRects().length > 0).length")
        assert printed == 0, path
        tab.page.emulate_media(media="screen")
        assert tab.page.locator(".pw-exit__button").is_visible(), path
