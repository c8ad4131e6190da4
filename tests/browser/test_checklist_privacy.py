"""What a teacher types stays in memory unless they ask to keep it, and "Clear everything" and the quick exit wipe it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from .instant_navigation import SWAP_TIMEOUT, open_ready_for_instant_navigation
from .widgets_support import STEP_TIMEOUT, served_at_site_url, tab_to_selector, wait_ready

pytestmark = pytest.mark.browser

WIDGET = "referral-checklist"
PAGE = "tools/referral-checklist/"
KEY = "pathway:referral-checklist"
NOTES = '[data-mode-panel="referral"] textarea[data-notes="what-your-concerns-are"]'
SECRET = "Asha (Year 4) told me on Tuesday"


def stored(page: Any) -> dict[str, Any]:
    """Everything this origin could have kept: both storages, cookies, IndexedDB and the Cache API."""
    found = page.evaluate(
        """async () => ({
            local: Object.keys(localStorage), session: Object.keys(sessionStorage), cookie: document.cookie,
            indexeddb: (await indexedDB.databases()).map(db => db.name), caches: await caches.keys(),
        })"""
    )
    found["cookies"] = page.context.cookies()
    return found


NOTHING = {"local": [], "session": [], "cookie": "", "indexeddb": [], "caches": [], "cookies": []}


def write_note(page: Any) -> None:
    tab_to_selector(page, NOTES)
    page.keyboard.type(SECRET)
    page.wait_for_function(f"() => document.querySelector('[data-output=\"draft\"]').textContent.includes({json.dumps(SECRET)})",
                           timeout=STEP_TIMEOUT)


def opt_in(page: Any) -> None:
    tab_to_selector(page, 'input[data-action="keep"]')
    page.keyboard.press("Space")
    page.wait_for_function(f"() => (sessionStorage.getItem({json.dumps(KEY)}) || '').includes({json.dumps(SECRET)})",
                           timeout=STEP_TIMEOUT)


def test_nothing_is_kept_unless_asked_and_clear_everything_wipes_it(page: Any, site_server: Any) -> None:
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    write_note(page)
    assert stored(page) == NOTHING

    opt_in(page)
    kept = json.loads(page.evaluate(f"sessionStorage.getItem({json.dumps(KEY)})"))
    assert kept["notes"] == {"what-your-concerns-are": SECRET}
    assert stored(page) | {"session": []} == NOTHING  # only the one sessionStorage entry the teacher asked for

    page.reload()
    wait_ready(page, WIDGET)
    assert page.input_value(NOTES) == SECRET
    assert page.is_checked('input[data-action="keep"]')

    page.once("dialog", lambda dialog: dialog.accept())
    tab_to_selector(page, 'button[data-action="clear"]')
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-output="announce"]:has-text("cleared")', timeout=STEP_TIMEOUT)
    assert page.input_value(NOTES) == ""
    assert not page.is_checked('input[data-action="keep"]')
    assert page.is_hidden('[data-output="draft"]') and page.is_visible('[data-output="draft-empty"]')
    assert page.evaluate("document.querySelector('[data-output=\"draft\"]').textContent") == ""
    assert stored(page) == NOTHING


def test_the_quick_exit_wipes_what_was_kept(page: Any, site_server: Any) -> None:
    # The exit destination is another site: answer it locally so nothing leaves this machine.
    page.context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>",
                                                                                content_type="text/html"))
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    write_note(page)
    opt_in(page)

    # The widget's own part of the exit: on "pathway:exit" it forgets the state and empties the form at once.
    page.evaluate("document.dispatchEvent(new CustomEvent('pathway:exit'))")
    assert page.evaluate(f"sessionStorage.getItem({json.dumps(KEY)})") is None
    assert page.input_value(NOTES) == ""
    assert SECRET not in page.inner_text('[data-output="draft"]')

    # The whole exit, by keyboard: Shift three times leaves, and coming back finds nothing.
    write_note(page)
    opt_in(page)
    for _ in range(3):
        page.keyboard.press("Shift")
    # The leaving itself, not whichever navigation comes first (a fragment the page updates is one too).
    page.wait_for_url("https://www.bbc.co.uk/**", timeout=30_000)
    page.goto(site_server(PAGE))
    assert stored(page) == NOTHING
    wait_ready(page, WIDGET)
    assert page.input_value(NOTES) == ""


def test_answers_survive_instant_navigation_in_memory_only(page: Any, site_server: Any) -> None:
    served_at_site_url(page, site_server)
    open_ready_for_instant_navigation(page, site_server(PAGE))
    wait_ready(page, WIDGET)
    page.evaluate("window.__sameDocument = true")
    write_note(page)
    # Follow a citation to the guide (Material's instant navigation), then come back. The address
    # changes before the page is swapped, so wait until the guide has replaced the checklist: only
    # then is the checklist that comes back a fresh copy, mounted again.
    reason = '[data-mode-panel="referral"] div[data-item="what-your-concerns-are"] details.pw-help'
    page.click(reason + " > summary")
    page.click(reason + " .pw-cite a")
    expect(page.locator(f'[data-widget="{WIDGET}"]')).to_have_count(0, timeout=SWAP_TIMEOUT)
    assert "/guides/" in page.url
    page.go_back()
    wait_ready(page, WIDGET)
    assert page.url.endswith("/" + PAGE)
    page.wait_for_function(f"() => document.querySelector({json.dumps(NOTES)}).value === {json.dumps(SECRET)}",
                           timeout=STEP_TIMEOUT)
    assert page.evaluate("window.__sameDocument") is True  # instant navigation, not the back-forward cache
    assert stored(page) == NOTHING  # kept in the page's memory, not in any storage
