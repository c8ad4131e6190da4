"""The referral checklist in Chromium: a teacher completes it by keyboard alone, in both modes.

Everything after hydration is computed by the widgets' Python in Pyodide; the
test reads what a person would see (the live summary, the prompts on their
notes, the draft) and copies the draft through the real clipboard.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .widgets_support import (
    STEP_TIMEOUT,
    choose_radio,
    same_origin_static,
    site_data,
    tab_to_selector,
    wait_ready,
    words,
)

pytestmark = pytest.mark.browser

WIDGET = "referral-checklist"
PAGE = "tools/referral-checklist/"
URGENT = '[data-mode-panel="referral"] [data-output="urgent"]'


@pytest.fixture
def clipboard_page(browser: Any, site_server: Any) -> Any:
    """A tab that may use the clipboard (as after a person allows it), recording every request with its method."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests.append((request.method, request.url)))  # type: ignore[attr-defined]
    yield page
    context.close()


def item(panel: str, item_id: str) -> str:
    return f'[data-mode-panel="{panel}"] div[data-item="{item_id}"]'


def note_box(panel: str, item_id: str) -> str:
    return f'[data-mode-panel="{panel}"] textarea[data-notes="{item_id}"]'


def type_note(page: Any, panel: str, item_id: str, text: str) -> None:
    tab_to_selector(page, note_box(panel, item_id))
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def prompts(page: Any) -> list[str]:
    return page.eval_on_selector_all('[data-output="checks"] [data-check]', "els => els.map(e => e.dataset.check)")


def wait_for_prompts(page: Any, expected: list[str]) -> None:
    page.wait_for_function(
        "want => JSON.stringify([...document.querySelectorAll('[data-output=\"checks\"] [data-check]')]"
        ".map(e => e.dataset.check).sort()) === JSON.stringify(want.slice().sort())",
        arg=expected, timeout=STEP_TIMEOUT,
    )


def test_a_teacher_completes_a_written_referral_by_keyboard_and_copies_the_draft(
    clipboard_page: Any, site_server: Any
) -> None:
    page = clipboard_page
    referral = site_data(site_server.root, "checklists/referral-content.json")
    rules = {rule["id"]: rule for rule in referral["rules"]}
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    loaded = len(page.requests)
    assert page.get_attribute(f'[data-widget="{WIDGET}"]', "data-mode") == "referral"
    assert page.is_hidden('[data-mode-panel="call"]')
    # Conditional items are hidden until their question is answered yes.
    assert page.is_hidden(item("referral", "use-their-language"))
    assert page.is_hidden(item("referral", "circumstances-and-rationale"))

    # The child is in immediate danger: the guide's urgent rule interrupts, right under the question.
    choose_radio(page, "rc-referral-content-cond-immediate-danger", "yes")
    page.wait_for_selector(URGENT + " .pw-urgent-box", timeout=STEP_TIMEOUT)
    urgent = words(page, URGENT)
    assert urgent.startswith("Urgent")
    assert "contact the police straight away" in urgent
    assert page.evaluate(
        "() => { const box = document.querySelector('[data-mode-panel=\"referral\"] .pw-urgent-box'); const next ="
        " document.querySelector('fieldset[data-condition=\"one-child-harming-another\"]');"
        " return !!(box.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING); }"
    ), "the urgent rule comes before the next question and the checklist"

    choose_radio(page, "rc-referral-content-cond-one-child-harming-another", "no")
    choose_radio(page, "rc-referral-content-cond-parents-risk", "yes")
    choose_radio(page, "rc-referral-content-cond-child-told-you", "yes")
    page.wait_for_selector(item("referral", "use-their-language") + ":not([hidden])", timeout=STEP_TIMEOUT)
    assert page.is_visible(item("referral", "circumstances-and-rationale"))
    assert page.is_hidden(item("referral", "harmful-sexual-behaviour"))
    summary = words(page, '[data-output="summary"]')
    assert "Because of your answers:" in summary
    assert " ".join(rules["rule-use-their-language"]["text"].split()) in summary
    assert "Questions not yet answered: 3" in summary

    # Notes as a worried teacher might first write them: a label, no dates, no reason for not telling the parents.
    draft_notes: set[str] = set()
    type_note(page, "referral", "what-your-concerns-are", "She has shown sexualised behaviour in class.")
    wait_for_prompts(page, ["sexual-abuse-term", "vague-label", "dates-and-times", "parents-reason"])
    checks = words(page, '[data-output="checks"]')
    assert "Provide details of what has been witnessed/reported." in checks  # the guide's reasoning, word for word
    assert "not a score of the child's risk" in words(page, ".pw-checks")

    # The prompts go as the notes say what the guide asks for.
    type_note(page, "referral", "what-your-concerns-are",
              " On Monday 3 March 2025 at 10:15 I saw her draw a picture and she told me it was what her uncle does."
              " I am worried about child sexual abuse.")
    draft_notes.add("She has shown sexualised behaviour in class. On Monday 3 March 2025 at 10:15 I saw her draw a picture"
                    " and she told me it was what her uncle does. I am worried about child sexual abuse.")
    type_note(page, "referral", "use-their-language", 'She said "he hurts me at night".')
    draft_notes.add('She said "he hurts me at night".')
    type_note(page, "referral", "circumstances-and-rationale",
              "The parents have not been told because her stepfather is suspected and could silence her.")
    draft_notes.add("The parents have not been told because her stepfather is suspected and could silence her.")
    wait_for_prompts(page, [])
    assert words(page, '[data-output="checks"]') == "No prompts about your notes."

    # Tick the must items the notes now cover; the live summary follows.
    must_before = words(page, ".pw-open--must")
    assert "Make these circumstances clear and record your evidence/rationale" in must_before
    assert "You need to be clear why consent was not possible" in must_before  # the parents are not told first
    tab_to_selector(page, item("referral", "circumstances-and-rationale") + " input[type=checkbox]")
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => !document.querySelector('[data-output=\"summary\"] .pw-open--must li[data-item=\"circumstances-and-rationale\"]')",
        timeout=STEP_TIMEOUT,
    )

    # The draft: only the notes under the checklist's headings, in the referral form's order.
    draft = page.inner_text('[data-output="draft"]')
    assert draft.startswith("YOUR CONCERNS\n")
    order = [draft.index(heading) for heading in (
        "My concerns and what has given rise to them", "What the child has said, in their own words",
        "Why the child and parent(s) have not been told")]
    assert order == sorted(order)
    assert 'She said "he hurts me at night".' in draft
    assert referral["title"] not in draft and "Must" not in draft and "reminders" not in draft
    # The reminders are beside it: the open Must item, the ticked one.
    assert "Make these circumstances clear" in words(page, ".pw-ticked")

    # Copy, by keyboard: the draft lands on the clipboard, and the page says so.
    tab_to_selector(page, 'button[data-action="copy"]')
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-output="announce"]:has-text("copied")', timeout=STEP_TIMEOUT)
    clipboard = page.evaluate("navigator.clipboard.readText()")
    assert clipboard == page.evaluate("document.querySelector('[data-output=\"draft\"]').textContent")
    # Only the referral text: the headings and what the teacher wrote, nothing of the page or its reminders.
    body = [line for line in clipboard.splitlines() if line and not set(line) <= {"="}]
    headings = {g["heading"].upper() for g in referral["groups"]} | {
        i["draft_heading"] for g in referral["groups"] for i in g["items"] if i.get("draft_heading")}
    assert all(line in headings or line in draft_notes for line in body), body

    # After load, nothing was sent anywhere: only GETs of this site's static files.
    after = page.requests[loaded:]
    assert all(method == "GET" and same_origin_static(url, site_server.url) for method, url in page.requests), [
        (m, u) for m, u in page.requests if m != "GET" or not same_origin_static(u, site_server.url)]
    assert not [url for _, url in after if "/assets/" not in url and "/data/" not in url]


def test_a_teacher_prepares_a_999_call_by_keyboard(page: Any, site_server: Any) -> None:
    call = site_data(site_server.root, "checklists/call-999-101.json")
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)

    # An answer given in one mode carries over to the same question in the other.
    choose_radio(page, "rc-referral-content-cond-immediate-danger", "yes")
    page.wait_for_selector(URGENT + " .pw-urgent-box", timeout=STEP_TIMEOUT)
    tab_to_selector(page, 'input[data-action="mode"]', backwards=True)
    choose_radio(page, "rc-mode", "call")
    page.wait_for_selector(f'[data-widget="{WIDGET}"][data-mode="call"]', timeout=STEP_TIMEOUT)
    assert page.is_visible('[data-mode-panel="call"]') and page.is_hidden('[data-mode-panel="referral"]')
    assert page.is_checked("#rc-call-999-101-cond-immediate-danger-yes")

    choose_radio(page, "rc-call-999-101-cond-harmful-sexual-behaviour", "yes")
    page.wait_for_selector(item("call", "harmful-sexual-behaviour-by-another-child") + ":not([hidden])",
                           timeout=STEP_TIMEOUT)
    type_note(page, "call", "be-specific", "The DSL thinks this is CSE. There was a disclosure yesterday at 3pm.")
    wait_for_prompts(page, ["sexual-abuse-term", "jargon"])
    jargon = words(page, '[data-check="jargon"]')
    assert "Important:" in jargon and "not a child protection specialist" in jargon
    assert "DSL" in jargon and "CSE" in jargon and "disclosure" in jargon
    assert "so that what you are reporting is not misunderstood by the call handler" in jargon  # the guide's words
    assert "call-handler" in words(page, '[data-check="sexual-abuse-term"]')

    type_note(page, "call", "be-specific",
              " In plain words: I am worried about child sexual abuse by an older boy in her class.")
    wait_for_prompts(page, ["jargon"])
    tab_to_selector(page, item("call", "be-specific") + " input[type=checkbox]", backwards=True)
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => !document.querySelector('[data-output=\"summary\"] .pw-open li[data-item=\"be-specific\"]')", timeout=STEP_TIMEOUT)
    summary = words(page, '[data-output="summary"]')
    should = sum(1 for g in call["groups"] for i in g["items"] if i["modality"] == "should")
    assert f"Should: {should - 1} of {should} still open" in summary
    draft = page.inner_text('[data-output="draft"]')
    assert draft.startswith("WHAT TO TELL THE CALL HANDLER\n") and call["title"] not in draft
    assert "Must:" not in summary  # no "0 of 0": the call checklist has no Must item
    assert "What has happened, where, when and how often, and who is suspected\nThe DSL thinks" in draft


def test_without_javascript_the_page_lists_every_item(browser: Any, site_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(site_server(PAGE))
        for checklist_id, mode in (("referral-content", "referral"), ("call-999-101", "call"),
                                   ("after-the-referral", "after")):
            data = site_data(site_server.root, f"checklists/{checklist_id}.json")
            for group in data["groups"]:
                for entry in group["items"]:
                    selector = item(mode, entry["id"])
                    assert page.is_visible(selector), entry["id"]
                    assert " ".join(entry["key_phrase"].split()).lower() in words(page, selector).lower()
                    if entry.get("when"):
                        assert "Only if you answered:" in words(page, selector)
            for condition in data["conditions"]:
                assert page.is_visible(f'[data-mode-panel="{mode}"] fieldset[data-condition="{condition["id"]}"]')
        # A plain form that still works: a checkbox ticks by keyboard.
        box = item("referral", "what-your-concerns-are") + " input[type=checkbox]"
        page.focus(box)
        page.keyboard.press("Space")
        assert page.is_checked(box)
        # Buttons that need a script are not shown as if they could work; the page says how to keep a copy.
        for action in ("copy", "print", "clear"):
            assert page.is_hidden(f'button[data-action="{action}"]'), action
        assert page.is_hidden(".pw-keep")
        assert "use your browser's Print" in words(page, "[data-no-script]")
        # Without JavaScript nothing of the runtime loads but its stylesheet.
        runtime = [url.split("?")[0] for url in requested if "/assets/pyodide/" in url or "/assets/widgets/" in url]
        assert runtime == [site_server("assets/widgets/widgets.css")]
    finally:
        context.close()


def test_if_python_cannot_start_the_checklist_says_so_and_stays_usable(page: Any, site_server: Any) -> None:
    page.context.route(re.compile(r"/assets/pyodide/pyodide\.asm\.wasm(\?|$)"), lambda route: route.abort())
    page.goto(site_server(PAGE))
    page.wait_for_selector(f'[data-widget="{WIDGET}"][data-ready="failed"]', timeout=60_000)
    status = words(page, '[data-output="status"]')
    assert "could not start in this browser" in status and "Nothing you have typed has been lost" in status
    assert page.is_visible(item("referral", "use-their-language"))  # the plain checklist: every item still there
    assert page.is_hidden('button[data-action="copy"]')  # it can never work now, so it is not offered
    assert "use your browser's Print" in words(page, "[data-no-script]")
    page.focus(note_box("referral", "details"))
    page.keyboard.type("Still works")
    assert page.input_value(note_box("referral", "details")) == "Still works"
