"""The "what happens next" walker in Chromium: real scenarios walked by keyboard alone.

Each step is one question with the question as the heading; focus moves to
that heading, answers live in the URL fragment, and the deadlines come from
the England and Wales bank-holiday calendar.  Titles and labels are read from
the exported pathway data, so the tests follow the content; the dates are the
calendar's, written out.
"""

from __future__ import annotations

from typing import Any

import pytest

from .instant_navigation import open_ready_for_instant_navigation
from .widgets_support import (
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


@pytest.fixture
def pathway(site_server: Any) -> dict[str, Any]:
    data = site_data(site_server.root, "pathway.json")
    data["by_id"] = {node["id"]: node for node in data["nodes"]}
    return data


def heading(page: Any) -> str:
    return " ".join(page.inner_text('[data-output="walker"] #pw-current-heading').split())


def focus_is_on_the_heading(page: Any) -> bool:
    return bool(page.evaluate("document.activeElement && document.activeElement.id === 'pw-current-heading'"))


def answer(page: Any, option: str) -> None:
    """Choose an answer and press Continue, by keyboard; wait for the next step."""
    before = page.evaluate("location.hash")
    choose_radio(page, "pw-answer", option)
    tab_to_selector(page, 'form[data-action="answer"] button[type="submit"]')
    page.keyboard.press("Enter")
    page.wait_for_function("before => location.hash !== before", arg=before, timeout=STEP_TIMEOUT)
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'pw-current-heading'",
                           timeout=STEP_TIMEOUT)


def enter_referral_date(page: Any, day: str, month: str, year: str, time: str | None = None) -> None:
    """Type a date into the native date field by keyboard, in whichever order its segments come.

    Chromium orders the segments by its own interface language (month first in en-US, day first
    in en-GB), so try one order, check the value, and if it is not the date meant, clear the three
    segments and type the other.
    """
    wanted = f"{year}-{month}-{day}"
    for order in ((month, day, year), (day, month, year)):
        tab_to_selector(page, "#pw-referral-date")
        page.keyboard.type("".join(order))
        if page.input_value("#pw-referral-date") == wanted:
            break
        for key in ("Backspace", "Shift+Tab", "Backspace", "Shift+Tab", "Backspace"):
            page.keyboard.press(key)
        page.keyboard.press("Shift+Tab")  # leave the field, so the next attempt tabs into its first segment
    assert page.input_value("#pw-referral-date") == wanted
    if time:
        tab_to_selector(page, "#pw-referral-time")
        page.keyboard.type(time)
    tab_to_selector(page, 'form[data-action="set-date"] button[type="submit"]')
    page.keyboard.press("Enter")
    page.wait_for_selector(".pw-deadline-list", timeout=STEP_TIMEOUT)


def title(pathway: dict[str, Any], node: str) -> str:
    return " ".join(pathway["by_id"][node]["title"].split())


def test_a_teacher_whose_child_is_in_immediate_danger(page: Any, site_server: Any, pathway: dict[str, Any]) -> None:
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    assert heading(page) == "Where are you?"

    answer(page, "entry-worried-about-a-child")
    assert heading(page) == title(pathway, "is-your-safeguarding-lead-available")
    assert focus_is_on_the_heading(page)
    steps = words(page, ".pw-walk form")  # the steps passed on the way, shown before the question
    assert title(pathway, "talk-to-your-safeguarding-lead") in steps

    answer(page, "lead-available")
    answer(page, "lead-decides-to-act")
    assert heading(page) == "Is the child in immediate danger?"
    answer(page, "immediate-danger")
    assert heading(page) == title(pathway, "is-childrens-social-care-already-involved")
    police = words(page, '.pw-card[data-node="contact-the-police-now"]')
    assert title(pathway, "contact-the-police-now") in police
    assert "Who:" in police and "What you should do now:" in police and "Source:" in police
    assert title(pathway, "make-an-immediate-referral") in words(page, '.pw-card[data-node="make-an-immediate-referral"]')
    assert page.evaluate("location.hash") == (
        "#e=entry-worried-about-a-child&a=is-your-safeguarding-lead-available.lead-available,"
        "does-your-lead-decide-to-act.lead-decides-to-act,is-the-child-in-immediate-danger.immediate-danger")
    answers = words(page, ".pw-answers")
    assert "I'm worried about a child" in answers and "Yes, the child is in immediate danger" in answers
    assert page.locator('.pw-answers a[data-action="change"]').count() == 4  # where you are + three answers


def test_a_friday_referral_before_a_bank_holiday_with_no_reply(page: Any, site_server: Any,
                                                               pathway: dict[str, Any]) -> None:
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    answer(page, "entry-ive-made-a-referral")
    assert heading(page) == title(pathway, "have-you-received-confirmation")

    # Friday 22 August 2025, 15:30; Monday 25 August 2025 is the summer bank holiday.
    enter_referral_date(page, "22", "08", "2025", "1530")
    deadlines = words(page, ".pw-deadlines")
    assert "Confirmation and next steps expected by Tuesday 26 August 2025 (one working day)" in deadlines
    assert "follow up as a priority on Thursday 28 August 2025 (three working days)" in deadlines
    assert "bank holidays for England and Wales" in deadlines
    assert "Local procedures may set other timescales." in deadlines
    assert page.evaluate("location.hash").endswith("&d=2025-08-22&t=15:30")
    assert page.evaluate("document.activeElement.classList.contains('pw-deadlines')")

    answer(page, "nothing-heard")
    assert heading(page) == title(pathway, "did-following-up-lead-to-action")
    follow_up = words(page, '.pw-card[data-node="follow-up-after-three-working-days"]')
    assert "Date: Thursday 28 August 2025" in follow_up
    answer(page, "follow-up-no-action")
    assert page.get_attribute(".pw-walk", "data-status") == "outcome"
    assert heading(page) == title(pathway, "consider-the-partnership-escalation-policy")

    # A reload keeps the place, the answers and the dates (they are all in the fragment).
    page.reload()
    wait_ready(page, WIDGET)
    assert heading(page) == title(pathway, "consider-the-partnership-escalation-policy")
    assert "Thursday 28 August 2025" in words(page, ".pw-deadlines")

    # Back keeps the earlier answer selected.
    tab_to_selector(page, "a.pw-back-link", backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'pw-current-heading'",
                           timeout=STEP_TIMEOUT)
    assert heading(page) == title(pathway, "did-following-up-lead-to-action")
    assert page.is_checked("#pw-answer-follow-up-no-action")


def test_a_police_call_handler_takes_a_report(page: Any, site_server: Any, pathway: dict[str, Any]) -> None:
    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    answer(page, "entry-police-call-handler")
    assert heading(page) == title(pathway, "is-an-immediate-safety-visit-needed")
    for step in ("police-become-aware", "handle-the-call", "carry-out-checks-and-start-an-incident-log",
                 "assign-an-officer-in-the-case"):
        assert page.is_visible(f'.pw-walk form .pw-card[data-node="{step}"]'), step
    answer(page, "safety-visit")
    assert page.get_attribute(".pw-walk", "data-status") == "outcome"
    assert heading(page) == title(pathway, "context-child-protection-plan-or-child-in-need")
    assert "context: further along, not practice guidance" in words(page, ".pw-outcome").lower()  # shown in capitals
    planned = words(page, '.pw-route .pw-card[data-node="child-protection-enquiry"]')
    assert "planned: this guide is not yet available" in planned.lower()
    for step in ("before-the-immediate-safety-visit", "during-the-visit", "after-the-visit"):
        assert page.is_visible(f'.pw-route .pw-card[data-node="{step}"]'), step


def test_a_deep_link_from_the_overview_then_change_an_earlier_answer(page: Any, site_server: Any,
                                                                     pathway: dict[str, Any]) -> None:
    served_at_site_url(page, site_server)  # instant navigation on, as on a real host
    open_ready_for_instant_navigation(page, site_server("pathway/"))  # so the click below always uses it
    node = "is-there-a-concern-of-significant-harm"
    page.click(f'#step-{node} a:has-text("Open this step in the walker")')
    page.wait_for_url("**/" + PAGE + "#*")
    wait_ready(page, WIDGET)
    assert heading(page) == title(pathway, node)  # the overview and the walker agree: one pathway file

    # The shortest walk there says the safeguarding lead was not available. Change that answer:
    # the question is asked again with the old answer selected, and the later answers go.
    assert page.evaluate("location.hash").startswith(
        "#e=entry-worried-about-a-child&a=is-your-safeguarding-lead-available.lead-not-available,")
    tab_to_selector(page, '.pw-answers a[data-action="change"][data-selected="lead-not-available"]')
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'pw-current-heading'",
                           timeout=STEP_TIMEOUT)
    assert heading(page) == title(pathway, "is-your-safeguarding-lead-available")
    assert page.is_checked("#pw-answer-lead-not-available")
    answer(page, "lead-available")
    assert heading(page) == title(pathway, "does-your-lead-decide-to-act")
    answers = words(page, ".pw-answers")
    assert "Is the child in immediate danger?" not in answers  # the later answer is dropped
    assert page.evaluate("location.hash") == (
        "#e=entry-worried-about-a-child&a=is-your-safeguarding-lead-available.lead-available")

    # The browser's own Back button goes back a step too, keeping the answer given there.
    page.go_back()
    page.wait_for_function(
        "() => document.querySelector('#pw-current-heading')?.textContent.includes('safeguarding lead available')",
        timeout=STEP_TIMEOUT)
    assert page.is_checked("#pw-answer-lead-available")
