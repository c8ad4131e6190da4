"""In Chromium, with Pyodide running: a locality's names and numbers survive the widgets taking over the page.

The static build is tested in tests/test_locality_build.py; here the walker's
outcome card and the checklist's live draft, both re-rendered in the browser
from the exported JSON, still name Exampleshire's escalation policy and front door.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from generator.build import build
from tests.browser.conftest import Server, serve_folder
from tests.browser.site_walk import settle_widgets
from tests.browser.test_checklist_task import PHRASE, SIZES, URGENT, phrase_in_viewport
from tests.browser.widgets_support import STEP_TIMEOUT, choose_radio
from tests.conftest import CONTENT, ROOT
from widgets.fragment import encode_fragment
from widgets.walker import answers_to

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def exampleshire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("exampleshire-browser")
    build(CONTENT, base / "site", work=base / "work", locality=ROOT / "examples" / "exampleshire" / "locality.yml")
    server = serve_folder(base / "site")
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def test_the_walkers_outcome_card_names_the_escalation_policy_after_python_renders_it(
    exampleshire: Server, tab: Any
) -> None:
    data = json.loads((exampleshire.root / "data" / "pathway.json").read_text(encoding="utf-8"))
    fragment = encode_fragment(answers_to(data, "consider-the-partnership-escalation-policy"))
    tab.goto(exampleshire("tools/what-happens-next/consider-the-partnership-escalation-policy/#" + fragment))
    assert settle_widgets(tab) == ["pathway-walker=python"]
    panel = tab.locator(".pw-outcome .pw-local")
    panel.wait_for()
    assert "In Exampleshire" in panel.inner_text()
    link = panel.get_by_role("link", name="Exampleshire escalation policy (resolving professional disagreements)")
    assert link.get_attribute("href") == "https://www.example.org/exampleshire/procedures/escalation-policy"


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_yes_to_immediate_danger_shows_the_areas_police_line_in_view_after_the_999_advice(
    exampleshire: Server, browser: Any, size: tuple[int, int]
) -> None:
    """The interruption a teacher meets: the guide's advice first, then the direct line it names, both on screen."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(exampleshire("tools/referral-checklist/"))
        assert settle_widgets(page) == ["referral-checklist=python"]
        choose_radio(page, "rc-referral-content-cond-immediate-danger", "yes")
        page.wait_for_selector(URGENT + " .pw-urgent-box .pw-local", timeout=STEP_TIMEOUT)
        assert phrase_in_viewport(page, URGENT, PHRASE), f"the guide's {PHRASE!r} is not on screen"
        assert phrase_in_viewport(page, URGENT, "020 7946 0123"), "the area's direct line is not on screen"
        advice, line = page.evaluate(
            """(scope) => [...document.querySelectorAll(scope + ' .pw-urgent-rule, ' + scope + ' .pw-local')]
                           .map(el => el.getBoundingClientRect().top)""", URGENT)
        assert advice < line  # after the advice, never before it or instead of it
    finally:
        context.close()


def test_the_live_reminders_keep_the_front_door_as_the_user_writes(exampleshire: Server, tab: Any) -> None:
    """The front door is shown (and printed) beside the draft; the draft itself holds only the referral's text."""
    tab.goto(exampleshire("tools/referral-checklist/"))
    assert settle_widgets(tab) == ["referral-checklist=python"]
    notes = tab.locator("textarea[data-notes=what-your-concerns-are]").first
    notes.fill("The child said something that worried me.")
    draft = tab.locator("[data-output=draft]")
    draft.filter(has_text="The child said something that worried me.").wait_for()
    assert "Front Door" not in draft.inner_text()
    reminders = " ".join(tab.locator("[data-output=summary]").inner_text().split())
    assert "Children's social care front door: Exampleshire Children's Front Door" in reminders
    assert "01632 960 001" in reminders


@pytest.mark.parametrize("path", ["guides/making-a-referral/", "tools/referral-checklist/", "pathway/"])
def test_the_local_panels_have_no_accessibility_violations(exampleshire: Server, tab: Any, path: str) -> None:
    """The national crawl audits every page; this audits the panels as a partnership's site shows them."""
    from tests.browser.site_walk import axe_violations

    tab.goto(exampleshire(path))
    settle_widgets(tab)
    assert tab.locator(".admonition.local, .pw-local").count() > 0
    assert axe_violations(tab, {"include": [[".admonition.local"], [".pw-local"], [".pw-locality"]]}) == []
