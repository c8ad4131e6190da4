"""The referral checklist as a short task for a teacher under stress, on a 390 px phone and a desktop.

Measured as a person meets it: what is inside the viewport after "Yes" to
immediate danger, how far down the first question is, what the Must count
says as the answers change, what a print with Python running holds (read
back from the PDF with ``pdftotext``), what the browser asks before a reload
would lose typed text, and what the buttons say while Python starts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from widgets.checklist import item_label

from .test_handout_pdf import print_to_pdf
from .widgets_support import STEP_TIMEOUT, choose_radio, site_data, tab_to_selector, wait_ready, words

pytestmark = pytest.mark.browser

WIDGET = "referral-checklist"
PAGE = "tools/referral-checklist/"
SIZES = [(390, 844), (1280, 900)]
REFERRAL = '[data-mode-panel="referral"]'
URGENT = REFERRAL + ' [data-output="urgent"]'
NOTE = REFERRAL + ' textarea[data-notes="what-your-concerns-are"]'
SECRET = "On Tuesday 4 March at 10:15 Asha told me that her uncle hurts her at night."
PHRASE = "contact the police straight away"
WASM = re.compile(r"/assets/pyodide/pyodide\.asm\.wasm(\?|$)")  # the worker fetches it with ?v=<runtime version>


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def sized_page(browser: Any, request: Any) -> Any:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    yield context.new_page()
    context.close()


def phrase_in_viewport(page: Any, scope: str, phrase: str) -> bool:
    """Whether the words ``phrase`` themselves (a text range, not their box) are inside the viewport."""
    return bool(page.evaluate(
        """([scope, phrase]) => {
            const root = document.querySelector(scope); if (!root) return false;
            const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) {
                const node = walk.currentNode, at = node.data.indexOf(phrase);
                if (at < 0 || !node.parentElement.offsetParent) continue;
                const range = document.createRange(); range.setStart(node, at); range.setEnd(node, at + phrase.length);
                const box = range.getBoundingClientRect();
                if (box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth) return true;
            }
            return false;
        }""", [scope, phrase]))


def test_yes_to_immediate_danger_interrupts_in_view_and_leads_to_the_999_101_mode(sized_page: Any, site_server: Any) -> None:
    page = sized_page
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    first = page.evaluate("document.querySelector('[data-mode-panel=\"referral\"] fieldset[data-condition]').dataset.condition")
    assert first == "immediate-danger"  # the question that changes most comes first
    assert page.evaluate("document.querySelector('.pw-urgent-box')") is None  # nothing urgent shown before the answer
    choose_radio(page, "rc-referral-content-cond-immediate-danger", "yes")
    page.wait_for_selector(URGENT + " .pw-urgent-box", timeout=STEP_TIMEOUT)
    page.wait_for_function(
        "() => { const box = document.querySelector('[data-mode-panel=\"referral\"] [data-output=\"urgent\"] .pw-urgent-box');"
        " const r = box.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }", timeout=STEP_TIMEOUT)
    assert phrase_in_viewport(page, URGENT, PHRASE), f"the guide's {PHRASE!r} is not on screen"
    assert "call 999 or 101" in words(page, URGENT)
    assert page.is_checked("#rc-referral-content-cond-immediate-danger-yes")  # the answer just given stays in view too
    # One step to the 999/101 mode, by keyboard: its heading takes focus, the answer carries over.
    tab_to_selector(page, URGENT + ' a[data-action="to-mode"]')
    page.keyboard.press("Enter")
    page.wait_for_selector(f'[data-widget="{WIDGET}"][data-mode="call"]', timeout=STEP_TIMEOUT)
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'rc-panel-call-title'",
                           timeout=STEP_TIMEOUT)
    assert page.is_checked("#rc-call-999-101-cond-immediate-danger-yes")
    # In the 999/101 mode, what to tell the call handler comes before what happens after the call.
    assert page.evaluate(
        "() => { const panel = document.querySelector('[data-mode-panel=\"call\"]');"
        " const tell = panel.querySelector('fieldset[data-group=\"what-to-tell-the-call-handler\"]');"
        " const after = panel.querySelector('details.pw-rules');"
        " return !!(tell.compareDocumentPosition(after) & Node.DOCUMENT_POSITION_FOLLOWING); }")


def test_the_first_question_is_within_two_screens_on_a_phone(browser: Any, site_server: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(site_server(PAGE))
        wait_ready(page, WIDGET)
        bottom = page.evaluate(
            "() => { const r = document.querySelector('[data-mode-panel=\"referral\"] input[data-condition]')"
            ".getBoundingClientRect(); return r.bottom + scrollY; }")
        assert bottom <= 2 * 844, f"the first checklist control ends {bottom:.0f} px down"
    finally:
        context.close()


def test_the_must_count_follows_the_answers_and_empty_groups_are_hidden(page: Any, site_server: Any) -> None:
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    must = '[data-output="summary"] p[data-modality="must"]'
    group = REFERRAL + ' fieldset[data-group="exploitation-and-harmful-sexual-behaviour"]'
    assert page.query_selector(must) is None, "no Must item applies before the questions are answered"
    assert page.is_hidden(group), "a heading with nothing under it"
    choose_radio(page, "rc-referral-content-cond-parents-risk", "yes")
    page.wait_for_selector(must, timeout=STEP_TIMEOUT)
    assert words(page, must) == "Must: 2 of 2 still open"
    choose_radio(page, "rc-referral-content-cond-parents-risk", "no")
    page.wait_for_function(f"() => !document.querySelector({json.dumps(must)})", timeout=STEP_TIMEOUT)
    choose_radio(page, "rc-referral-content-cond-exploitation", "yes")
    page.wait_for_selector(group + ":not([hidden])", timeout=STEP_TIMEOUT)
    # The 999/101 mode has no Must item: never "Must: 0 of 0".
    tab_to_selector(page, 'input[data-action="mode"]', backwards=True)
    choose_radio(page, "rc-mode", "call")
    page.wait_for_selector(f'[data-widget="{WIDGET}"][data-mode="call"]', timeout=STEP_TIMEOUT)
    page.wait_for_function(f"() => !document.querySelector({json.dumps(must)})", timeout=STEP_TIMEOUT)
    assert "0 of 0" not in words(page, '[data-output="summary"]')


def test_printing_with_python_running_gives_the_draft_and_the_items_on_a4(page: Any, site_server: Any,
                                                                          tmp_path: Path) -> None:
    referral = site_data(site_server.root, "checklists/referral-content.json")
    items = {i["id"]: i for g in referral["groups"] for i in g["items"]}
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    choose_radio(page, "rc-referral-content-cond-parents-risk", "yes")
    tab_to_selector(page, NOTE)
    page.keyboard.type(SECRET)
    tab_to_selector(page, REFERRAL + ' div[data-item="details"] input[type=checkbox]')
    page.keyboard.press("Space")
    page.wait_for_selector('[data-output="summary"] .pw-ticked li[data-item="details"]', timeout=STEP_TIMEOUT)
    page.wait_for_function(f"() => document.querySelector('[data-output=\"draft\"]').textContent.includes({json.dumps(SECRET)})",
                           timeout=STEP_TIMEOUT)
    pages, size, text = print_to_pdf(page, tmp_path / "checklist.pdf")
    assert "595" in size and "842" in size, size  # A4 in points
    assert SECRET in text
    assert "My concerns and what has given rise to them" in text  # the draft's heading
    assert item_label(items["details"]) in text  # the ticked item
    assert item_label(items["circumstances-and-rationale"]) in text  # an open Must item
    assert "Must: 2 of 2 still open" in text
    assert "First, the questions that change what is needed" not in text  # the form itself is not printed
    assert pages <= 3


def test_printing_without_javascript_gives_every_item(browser: Any, site_server: Any, tmp_path: Path) -> None:
    referral = site_data(site_server.root, "checklists/referral-content.json")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_server(PAGE))
        _, size, text = print_to_pdf(page, tmp_path / "nojs.pdf")
        assert "595" in size and "842" in size, size
        for group in referral["groups"]:
            assert group["heading"] in text
            for entry in group["items"]:
                assert item_label(entry) in text, entry["id"]
    finally:
        context.close()


def test_a_reload_with_typed_text_asks_first_unless_answers_are_kept(page: Any, site_server: Any) -> None:
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    tab_to_selector(page, NOTE)
    page.keyboard.type(SECRET)
    with page.expect_event("dialog", timeout=STEP_TIMEOUT) as asked:
        page.evaluate("setTimeout(() => location.reload(), 0)")
    dialog = asked.value
    assert dialog.type == "beforeunload"
    dialog.dismiss()  # "Stay": nothing lost
    assert page.input_value(NOTE) == SECRET
    # With "Keep my answers" ticked the reload loses nothing, so it is not held up.
    tab_to_selector(page, 'input[data-action="keep"]', backwards=True)
    page.keyboard.press("Space")
    page.wait_for_function("() => !!sessionStorage.getItem('pathway:referral-checklist')", timeout=STEP_TIMEOUT)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    page.reload()
    wait_ready(page, WIDGET)
    assert dialogs == [] and page.input_value(NOTE) == SECRET


def test_while_python_starts_the_buttons_say_so_and_typing_is_kept(browser: Any, site_server: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    held: list[Any] = []
    context.route(WASM, lambda route: held.append(route))
    page = context.new_page()
    try:
        page.goto(site_server(PAGE))
        copy = 'button[data-action="copy"]'
        page.wait_for_selector(copy + ":visible", timeout=STEP_TIMEOUT)
        assert page.is_disabled(copy)
        assert words(page, copy) == "Copy the draft (the checks are starting)"
        page.focus(NOTE)
        page.keyboard.type(SECRET)
        for _ in range(600):  # route events reach this thread only inside a Playwright call: give it some
            if held:
                break
            page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve()))")
        assert held, "the runtime was never requested"
        assert page.is_disabled(copy), "Python cannot have started: its runtime is held back"
        for route in held:
            route.continue_()
        context.unroute(WASM)
        wait_ready(page, WIDGET)
        assert words(page, copy) == "Copy the draft" and page.is_enabled(copy)
        assert page.input_value(NOTE) == SECRET
        page.wait_for_function(f"() => document.querySelector('[data-output=\"draft\"]').textContent.includes({json.dumps(SECRET)})",
                               timeout=STEP_TIMEOUT)
    finally:
        context.close()
