"""A trainer runs case study 2 as a session, by keyboard, in a real Chromium.

Session mode shows one step at a time: the case's parts (stopping for
discussion where the content sets ``pause``), the key questions for the chosen
audience, then the outcomes and the force's actions.  The quick exit stays on
screen throughout, and without JavaScript the page simply reads in order.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from generator.load import load_site
from tests.browser.instant_navigation import SWAP_TIMEOUT, open_ready_for_instant_navigation
from tests.browser.widgets_support import served_at_site_url
from tests.conftest import CONTENT

pytestmark = pytest.mark.browser

CASE = "iopc-39-case-2"
POLICE = "police-officers-staff"
POLICY = "policy-makers-managers"


@pytest.fixture(scope="module")
def case_2():  # type: ignore[no-untyped-def]
    site, _ = load_site(CONTENT)
    return site.cases[CASE]


def visible_parts(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        ".pw-session .pw-part", "els => els.filter(e => e.getClientRects().length > 0).map(e => e.id)"
    )


def shown(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    return page.locator(selector).first.is_visible()


def test_trainer_runs_case_2_as_a_session_with_the_keyboard(page, site_server, case_2, recorder) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server(f"cases/{CASE}/"))
    parts = [f"part-{p.id}" for p in case_2.parts]
    assert len(parts) == 3
    assert visible_parts(page) == parts  # before the session: the whole case

    # Choose the audience and start, all from the keyboard.
    page.locator("[data-pw-audience]").focus()
    page.keyboard.press("ArrowDown")  # "Police officers/staff", the first audience after "All audiences"
    assert page.locator("[data-pw-audience]").input_value() == POLICE
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Run as a session"
    page.keyboard.press("Enter")

    progress = page.locator(".pw-session-progress")
    assert progress.evaluate("el => el === document.activeElement")  # focus moved into the session
    assert progress.inner_text().startswith("Part 1 of 3")
    assert re.search(r"\?session&audience=police-officers-staff$", page.url)
    assert visible_parts(page) == parts[:1]
    assert shown(page, "[data-pw-pause-note]")  # part 1 has pause: true
    assert page.locator(".pw-exit__button").is_visible()  # the quick exit is never hidden
    assert not shown(page, ".md-sidebar--primary")
    assert not shown(page, ".pw-meta") and not shown(page, "[data-pw-trainer-tools]")
    large = page.eval_on_selector(".pw-part:not([hidden]) p", "p => parseFloat(getComputedStyle(p).fontSize)")
    assert large >= 20  # projector-sized type at 1280px wide (the page's own body text is 16px)

    page.keyboard.press("Space")
    assert visible_parts(page) == parts[1:2]
    assert progress.inner_text().startswith("Part 2 of 3")

    page.keyboard.press("ArrowRight")
    assert visible_parts(page) == parts[2:3]
    assert not shown(page, "[data-pw-pause-note]")  # part 3 has no pause

    page.keyboard.press("ArrowRight")
    assert progress.inner_text().startswith("Key questions for police officers/staff")
    assert visible_parts(page) == []
    assert shown(page, f'.pw-question-group[data-audience="{POLICE}"]')
    assert not shown(page, f'.pw-question-group[data-audience="{POLICY}"]')
    questions = page.locator(f'.pw-question-group[data-audience="{POLICE}"] ol > li').all_inner_texts()
    assert questions == [q for g in case_2.key_questions if g.audience.value == POLICE for q in g.questions]

    page.keyboard.press("ArrowRight")
    assert progress.inner_text().startswith("Debrief: outcomes for the officers/staff involved")
    assert shown(page, "[data-debrief=outcomes]") and not shown(page, "[data-debrief=force-action]")
    page.keyboard.press("PageDown")
    assert progress.inner_text().startswith("Debrief: action taken by this police force")
    assert shown(page, "[data-debrief=force-action]")
    assert progress.inner_text().endswith("step 6 of 6")
    page.keyboard.press("ArrowRight")  # nothing after the last step
    assert progress.inner_text().endswith("step 6 of 6")

    page.keyboard.press("ArrowLeft")
    assert shown(page, "[data-debrief=outcomes]")
    page.keyboard.press("Home")
    assert visible_parts(page) == parts[:1]

    page.keyboard.press("Escape")
    assert visible_parts(page) == parts
    assert page.evaluate("document.activeElement.textContent") == "Run as a session"
    assert "session" not in page.url and page.url.endswith("?audience=police-officers-staff")
    assert not shown(page, "[data-pw-session-bar]")
    assert not shown(page, f'.pw-question-group[data-audience="{POLICY}"]')  # the audience choice stays
    assert shown(page, ".md-sidebar--primary")
    assert recorder.foreign(site_server.url) == []


def test_next_button_keeps_focus_and_the_live_region_announces_progress(page, site_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server(f"cases/{CASE}/?session"))
    next_button = page.locator("[data-pw-next]")
    next_button.focus()
    page.keyboard.press("Enter")
    assert next_button.evaluate("el => el === document.activeElement")
    assert page.locator(".pw-session-status").text_content() == "Part 2 of 3. Pause for discussion (step 2 of 7)."
    page.keyboard.press("Space")  # Space on a button is the button's own click, once
    assert page.locator(".pw-session-status").text_content() == "Part 3 of 3 (step 3 of 7)."


def test_session_opens_from_a_link_with_the_audience_chosen(page, site_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server(f"cases/{CASE}/?session&audience={POLICY}"))
    progress = page.locator(".pw-session-progress")
    assert progress.inner_text().startswith("Part 1 of 3")
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert progress.inner_text().startswith("Key questions for policy makers/managers")
    assert not shown(page, f'.pw-question-group[data-audience="{POLICE}"]')

    page.goto(site_server(f"cases/{CASE}/#session"))
    assert page.locator(".pw-session-progress").inner_text().startswith("Part 1 of 3")
    assert page.url.endswith("?session")


def test_unknown_audience_in_the_address_shows_every_audience(page, site_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_server(f"cases/{CASE}/?audience=<script>"))
    assert shown(page, f'.pw-question-group[data-audience="{POLICE}"]')
    assert shown(page, f'.pw-question-group[data-audience="{POLICY}"]')
    assert page.locator("[data-pw-audience]").input_value() == ""


def test_session_starts_after_instant_navigation_to_a_case(page, site_server) -> None:  # type: ignore[no-untyped-def]
    served_at_site_url(page, site_server)
    open_ready_for_instant_navigation(page, site_server("cases/"))
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-content a[href$='iopc-39-case-2/']").first.click()
    start = page.get_by_role("button", name="Run as a session")
    expect(start).to_be_visible(timeout=SWAP_TIMEOUT)  # the trainer tools show once session.js has set the case up
    assert page.evaluate("window.__sameDocument === true")  # Material swapped the content in: no page load
    start.click()
    progress = page.locator(".pw-session-progress")
    expect(progress).to_have_text(re.compile(r"^Part 1 of 3"))
    page.keyboard.press("ArrowRight")
    expect(progress).to_have_text(re.compile(r"^Part 2 of 3"))  # one key handler, one step

    page.go_back()  # instant navigation back to the index: the session is gone with its page
    expect(page.locator(".pw-session-bar")).to_have_count(0, timeout=SWAP_TIMEOUT)
    expect(page.locator(".md-sidebar--primary")).to_be_visible()
    assert re.search(r"/cases/$", page.url)
    assert page.evaluate("window.__sameDocument === true")


def test_keys_drive_the_session_on_a_second_case_opened_by_instant_navigation(page, site_server) -> None:  # type: ignore[no-untyped-def]
    # session.js runs once when case 1 loads, and again when Material swaps case 2 in.
    served_at_site_url(page, site_server)
    open_ready_for_instant_navigation(page, site_server("cases/iopc-39-case-1/"))
    page.evaluate("window.__sameDocument = true")
    progress = page.locator(".pw-session-progress")
    page.get_by_role("button", name="Run as a session").click()
    expect(progress).to_have_text(re.compile(r"^Part 1 of"))
    page.keyboard.press("Escape")
    expect(page.locator(".md-sidebar--primary")).to_be_visible()

    page.locator(f".md-sidebar--primary a[href$='{CASE}/']").click()  # the trainer opens case 2 from the menu
    start = page.get_by_role("button", name="Run as a session")
    expect(page.locator(f'.pw-session[data-case="{CASE}"]')).to_be_attached(timeout=SWAP_TIMEOUT)
    expect(start).to_be_visible(timeout=SWAP_TIMEOUT)
    assert page.evaluate("window.__sameDocument === true")
    start.click()
    expect(progress).to_have_text(re.compile(r"^Part 1 of 3"))
    page.keyboard.press("Space")
    expect(progress).to_have_text(re.compile(r"^Part 2 of 3"))
    page.keyboard.press("End")
    expect(progress).to_have_text(re.compile(r"^Debrief: action taken by this police force"))
    page.keyboard.press("Escape")
    expect(page.locator("[data-pw-session-bar]")).to_be_hidden()
    expect(start).to_be_focused()


def test_step_animation_respects_reduced_motion(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    for motion, expected in (("reduce", "none"), ("no-preference", "pw-step-in")):
        context = browser.new_context(reduced_motion=motion)
        page = context.new_page()
        page.goto(site_server(f"cases/{CASE}/?session"))
        assert page.eval_on_selector(".pw-step-current", "el => getComputedStyle(el).animationName") == expected
        context.close()


def test_without_javascript_the_case_reads_in_order(browser, site_server, case_2) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server(f"cases/{CASE}/?session&audience={POLICE}"))
    assert visible_parts(page) == [f"part-{p.id}" for p in case_2.parts]
    assert shown(page, f'.pw-question-group[data-audience="{POLICE}"]')
    assert shown(page, f'.pw-question-group[data-audience="{POLICY}"]')
    assert shown(page, "#outcomes") and shown(page, "#force-action")
    assert not shown(page, "[data-pw-trainer-tools]")  # buttons that need a script are not offered
    order = page.eval_on_selector_all(
        ".pw-part, .pw-question-group, .pw-debrief-block", "els => els.map(e => e.id || e.dataset.audience || e.dataset.debrief)"
    )
    assert order == [f"part-{p.id}" for p in case_2.parts] + [POLICE, POLICY, "outcomes", "force-action"]
    snippet = page.locator("[data-pw-embed-code]").inner_text()  # the embed code is there to copy by hand
    assert snippet.startswith(f'<iframe src="http://127.0.0.1:8000/embed/cases/{CASE}/" title="Case study 2: ')
    context.close()
