"""The "what happens next" walker in Chromium, at 390×844 and 1280×900: real scenarios walked by keyboard.

Every step is a page of its own (``tools/what-happens-next/<node>/``): the
question as the heading, its own text and its answers in the first screen,
one Continue; focus moves to the heading; the answers live in the URL
fragment and the dates come from the England and Wales bank-holiday
calendar.  Titles and labels are read from the exported pathway data, so the
tests follow the content; the dates are the calendar's, written out.
"""

from __future__ import annotations

from typing import Any

import pytest

from .instant_navigation import open_ready_for_instant_navigation
from .widgets_support import (
    BOOT_TIMEOUT,
    STEP_TIMEOUT,
    choose_radio,
    served_at_site_url,
    site_data,
    tab_to_selector,
    wait_ready,
    words,
)

pytestmark = pytest.mark.browser

WIDGET = "pathway-walker"
PAGE = "tools/what-happens-next/"
VIEWPORTS = [pytest.param((390, 844), id="390x844"), pytest.param((1280, 900), id="1280x900")]
FIRST_CONTROL = ('[data-output="walker"] :is(input[name="pw-answer"], input[type="text"], '
                 'a[data-action="continue"], .pw-outcome)')


@pytest.fixture
def pathway(site_server: Any) -> dict[str, Any]:
    data = site_data(site_server.root, "pathway.json")
    data["by_id"] = {node["id"]: node for node in data["nodes"]}
    return data


def heading(page: Any) -> str:
    return " ".join(page.inner_text('[data-output="walker"] #pw-current-heading').split())


def focus_is_on_the_heading(page: Any) -> bool:
    return bool(page.evaluate("document.activeElement && document.activeElement.id === 'pw-current-heading'"))


def wait_for_step(page: Any, before: str) -> None:
    page.wait_for_function("before => location.href !== before", arg=before, timeout=STEP_TIMEOUT)
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'pw-current-heading'",
                           timeout=STEP_TIMEOUT)


def answer(page: Any, option: str) -> None:
    """Choose an answer and press Continue, by keyboard; wait for the next step's page."""
    before = page.evaluate("location.href")
    choose_radio(page, "pw-answer", option)
    tab_to_selector(page, 'form[data-action="answer"] button[type="submit"]')
    page.keyboard.press("Enter")
    wait_for_step(page, before)


def continue_on(page: Any, selector: str = 'a[data-action="continue"].pw-button') -> None:
    """Past an action's own page (or, with the skip link, the date), by keyboard."""
    before = page.evaluate("location.href")
    tab_to_selector(page, selector)
    page.keyboard.press("Enter")
    wait_for_step(page, before)


def enter_referral_date(page: Any, day: str, month: str, year: str, time: str | None = None) -> None:
    """Type into the GOV.UK date input (day, month, year) and the optional time, then Continue."""
    for part, value in (("day", day), ("month", month), ("year", year)):
        tab_to_selector(page, f"#pw-referral-date-{part}")
        page.keyboard.type(value)
    if time:
        tab_to_selector(page, "#pw-referral-time")
        page.keyboard.type(time)
    tab_to_selector(page, 'form[data-action="set-date"] button[type="submit"]')
    page.keyboard.press("Enter")


def in_first_screen(page: Any, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 60) <= height


def title(pathway: dict[str, Any], node: str) -> str:
    return " ".join(pathway["by_id"][node]["title"].split())


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_teacher_whose_child_is_in_immediate_danger(page: Any, site_server: Any, pathway: dict[str, Any],
                                                      viewport: tuple[int, int]) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    assert heading(page) == "Where are you?"

    # Danger first: the first question after "I'm worried about a child".
    answer(page, "entry-worried-about-a-child")
    assert heading(page) == "Is the child in immediate danger?"
    assert page.evaluate("location.pathname").endswith("/tools/what-happens-next/is-the-child-in-immediate-danger/")
    assert in_first_screen(page, "#pw-current-heading") and in_first_screen(page, FIRST_CONTROL)

    # "Yes" interrupts: the guide's own words, in the first screen, with the 999/101 preparation one link away.
    answer(page, "immediate-danger")
    assert heading(page) == title(pathway, "contact-the-police-now")
    assert page.get_attribute(".pw-walk", "data-status") == "step"
    police = page.locator('.pw-do-now-list li:has-text("it is important to contact the police straight away")')
    assert in_first_screen(page, '.pw-do-now-list li:has-text("it is important to contact the police straight away")')
    assert "contact the police straight away" in police.inner_text()
    assert page.locator('.pw-step-page a:has-text("what to tell the call handler")').count() == 1
    assert page.locator('.pw-walk form').count() == 0  # nothing to answer competes with it
    continue_on(page)
    assert heading(page) == title(pathway, "is-childrens-social-care-already-involved")
    assert page.evaluate("location.hash") == (
        "#e=entry-worried-about-a-child&a=is-the-child-in-immediate-danger.immediate-danger")
    answers = words(page, ".pw-answers")
    assert "I'm worried about a child" in answers and "Yes, the child is in immediate danger" in answers


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_friday_referral_before_a_bank_holiday_with_no_reply(page: Any, site_server: Any, pathway: dict[str, Any],
                                                               viewport: tuple[int, int]) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    answer(page, "entry-ive-made-a-referral")
    assert heading(page) == "When did you make the referral?"
    assert in_first_screen(page, "#pw-referral-date-day")
    for part in ("day", "month", "year"):
        assert page.get_attribute(f"#pw-referral-date-{part}", "inputmode") == "numeric"
    assert page.locator('.pw-walk button[type="submit"]').count() == 1  # one submit button per page

    # Friday 22 August 2025, 15:30; Monday 25 August 2025 is the summer bank holiday.
    before = page.evaluate("location.href")
    enter_referral_date(page, "22", "8", "2025", "1530")
    wait_for_step(page, before)
    assert heading(page) == title(pathway, "have-you-received-confirmation")
    deadlines = words(page, ".pw-deadlines")
    assert "Confirmation and next steps expected by Tuesday 26 August 2025 (one working day)" in deadlines
    assert "follow up as a priority on Thursday 28 August 2025 (three working days)" in deadlines
    assert "bank holidays for England and Wales" in deadlines
    assert page.evaluate("location.hash").endswith("&d=2025-08-22&t=15:30")

    answer(page, "nothing-heard")
    assert heading(page) == title(pathway, "did-following-up-lead-to-action")
    assert "Date: Thursday 28 August 2025" in words(page, '.pw-card[data-node="follow-up-after-three-working-days"]')
    answer(page, "follow-up-no-action")
    assert page.get_attribute(".pw-walk", "data-status") == "outcome"
    assert heading(page) == title(pathway, "consider-the-partnership-escalation-policy")

    # A reload keeps the place, the answers and the dates (the page is the step's, the rest in the fragment).
    page.reload()
    wait_ready(page, WIDGET)
    assert heading(page) == title(pathway, "consider-the-partnership-escalation-policy")
    assert "Thursday 28 August 2025" in words(page, ".pw-deadlines")

    # The printout: the outcome, the dates and the answers, and no form controls, Back, Change or Start again.
    page.emulate_media(media="print")
    assert page.is_visible(".pw-outcome") and page.is_visible(".pw-deadlines") and page.is_visible(".pw-answers")
    assert "Friday 22 August 2025 at 15:30" in words(page, ".pw-answers")
    controls = page.eval_on_selector_all(
        '.pw-walker :is(input, button, select, textarea, a[data-action])',
        "els => els.filter(el => el.getClientRects().length > 0).map(el => el.outerHTML.slice(0, 80))")
    assert controls == []
    page.emulate_media(media="screen")

    # Back keeps the earlier answer selected, and adds no history entry.
    length = page.evaluate("history.length")
    tab_to_selector(page, "a.pw-back-link", backwards=True)
    before = page.evaluate("location.href")
    page.keyboard.press("Enter")
    wait_for_step(page, before)
    assert heading(page) == title(pathway, "did-following-up-lead-to-action")
    assert page.is_checked("#pw-answer-follow-up-no-action")
    assert page.evaluate("history.length") == length


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_empty_or_impossible_date_gets_an_error_summary_linked_to_the_field(
        page: Any, site_server: Any, viewport: tuple[int, int]) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(site_server(PAGE + "expect-confirmation-within-one-working-day/#e=entry-ive-made-a-referral"))
    wait_ready(page, WIDGET)
    for typed, message, field in (((), "Enter the date you made the referral", "pw-referral-date-day"),
                                  (("31", "2", "2025"), "The date you made the referral must be a real date",
                                   "pw-referral-date-day")):
        if typed:
            enter_referral_date(page, *typed)
        else:
            tab_to_selector(page, 'form[data-action="set-date"] button[type="submit"]')
            page.keyboard.press("Enter")
        page.wait_for_selector(f'.pw-error-summary:has-text("{message}")', timeout=STEP_TIMEOUT)
        assert page.evaluate("document.activeElement.matches('.pw-error-summary')")
        assert in_first_screen(page, ".pw-error-summary")
        link = page.locator(".pw-error-summary a")
        assert link.get_attribute("href") == "#" + field and page.locator("#" + field).count() == 1
        assert message in words(page, ".pw-error-message")
        assert page.title().startswith("Error: ")
        assert heading(page) == "When did you make the referral?"


def test_change_then_the_same_answer_keeps_the_later_answers(page: Any, site_server: Any,
                                                             pathway: dict[str, Any]) -> None:
    served_at_site_url(page, site_server)  # instant navigation on, as on a real host
    open_ready_for_instant_navigation(page, site_server("pathway/"))
    node = "is-there-a-concern-of-significant-harm"
    page.click(f'#step-{node} a:has-text("Open this step in the walker")')
    page.wait_for_url(f"**/{PAGE}{node}/")
    wait_ready(page, WIDGET)
    assert heading(page) == title(pathway, node)  # the overview and the walker agree: one pathway file

    answer(page, "significant-harm")
    continue_on(page)  # "Make an immediate referral": an action's own page
    answer(page, "already-involved")
    continue_on(page)  # "Still make a referral"
    assert heading(page) == title(pathway, "can-you-tell-the-child-and-parents")
    before = words(page, ".pw-answers")
    assert "Yes, children's social care is already involved" in before

    # Change the first answer, give it again: every later answer comes back, and the walk returns here.
    start = page.evaluate("location.href")
    tab_to_selector(page, '.pw-answers a[data-action="change"][data-selected="significant-harm"]')
    page.keyboard.press("Enter")
    wait_for_step(page, start)
    assert heading(page) == title(pathway, node)
    assert page.is_checked("#pw-answer-significant-harm")
    answer(page, "significant-harm")
    assert heading(page) == title(pathway, "can-you-tell-the-child-and-parents")
    assert words(page, ".pw-answers") == before

    # The browser's own Back button goes back a step too.
    page.go_back()
    page.wait_for_function(f"() => location.pathname.endsWith('/{node}/')", timeout=STEP_TIMEOUT)
    page.wait_for_function(
        "() => document.querySelector('#pw-current-heading')?.textContent.includes('significant harm')",
        timeout=STEP_TIMEOUT)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", [
    "",
    "is-the-child-in-immediate-danger/",
    "can-you-tell-the-child-and-parents/",
    "is-the-child-in-immediate-danger/#e=entry-worried-about-a-child",
    "have-you-received-confirmation/#e=entry-ive-made-a-referral&d=2025-08-22",
])
def test_nothing_moves_when_python_starts(browser: Any, site_server: Any, viewport: tuple[int, int], path: str) -> None:
    """The page built for a step is the page Python shows: heading, first answer and scroll stay put.

    A step's own page (no fragment) is the same height too; a link carrying answers gains "Your
    answers" and the steps passed, below the answers, so only the height below them changes.
    """
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    try:
        measure = ("() => ({height: document.documentElement.scrollHeight, scroll: scrollY,"
                   " heading: document.querySelector('#pw-current-heading').getBoundingClientRect().top,"
                   f" control: document.querySelector({FIRST_CONTROL!r}).getBoundingClientRect().top}})")
        page.goto(site_server(PAGE + path), wait_until="load")
        before = page.evaluate(measure)
        page.wait_for_selector(f'[data-widget="{WIDGET}"][data-ready="python"]', timeout=BOOT_TIMEOUT)
        after = page.evaluate(measure)
        assert (after["heading"], after["control"], after["scroll"]) == (before["heading"], before["control"], before["scroll"])
        if "#" not in path:
            assert after["height"] == before["height"]
        assert before["control"] < viewport[1]
    finally:
        context.close()


def test_without_javascript_the_walk_goes_one_question_at_a_time_by_links(browser: Any, site_server: Any,
                                                                          pathway: dict[str, Any]) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_server(PAGE))
        page.click('.pw-answer-links a:has-text("I\'m worried about a child")')
        page.wait_for_url(f"**/{PAGE}is-the-child-in-immediate-danger/*")
        assert heading(page) == "Is the child in immediate danger?"
        assert not page.is_visible('.pw-walk button[type="submit"]')  # the radios need a script: links instead
        assert page.locator("#pw-current-heading").count() == 1
        page.click('.pw-answer-links a:has-text("Yes, the child is in immediate danger")')
        page.wait_for_url(f"**/{PAGE}contact-the-police-now/*")
        assert heading(page) == title(pathway, "contact-the-police-now")
        page.click('a[data-action="continue"]')
        page.wait_for_url(f"**/{PAGE}is-childrens-social-care-already-involved/*")
        assert heading(page) == title(pathway, "is-childrens-social-care-already-involved")
        page.click('a.pw-back-link')
        page.wait_for_url(f"**/{PAGE}contact-the-police-now/*")
    finally:
        context.close()
