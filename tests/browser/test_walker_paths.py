"""Every entry point, every answer of every question and every outcome, walked in Chromium by keyboard.

The engine enumerates every route through the pathway (``all_paths``: thousands,
because later questions repeat after earlier branches).  Walking them all in a
browser would take hours, so this walks the smallest greedy sample of routes
that together use every entry point, every option of every question and reach
every outcome, at 390×844 and 1280×900; on every step the heading and the first
control are inside the first screen.  The full set is walked through the very
same browser entry points in CPython by ``tests/widgets/test_widgets_browser.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from widgets.walker import PathRoute, all_paths

from .test_walker import FIRST_CONTROL, PAGE, VIEWPORTS, WIDGET, answer, continue_on, in_first_screen
from .widgets_support import STEP_TIMEOUT, site_data, tab_to_selector, wait_ready

pytestmark = pytest.mark.browser


def covers(path: PathRoute) -> set[tuple[str, ...]]:
    return {("entry", path.entry), ("outcome", path.outcome)} | {("answer", node, option) for node, option in path.answers}


def covering_sample(paths: list[PathRoute]) -> list[PathRoute]:
    """Greedy set cover: repeatedly take the route that adds the most not yet covered."""
    wanted = set().union(*(covers(p) for p in paths))
    chosen: list[PathRoute] = []
    seen: set[tuple[str, ...]] = set()
    while seen != wanted:
        best = max(paths, key=lambda p: len(covers(p) - seen))
        chosen.append(best)
        seen |= covers(best)
    return chosen


def on_screen(page: Any) -> None:
    """The heading and the first answer (on an action's page: the first thing to do) in the first screen."""
    status = page.get_attribute(".pw-walk", "data-status")
    assert in_first_screen(page, "#pw-current-heading"), (status, page.url)
    first = ".pw-step-page :is(.pw-do-now-list > li, p)" if status == "step" else FIRST_CONTROL
    assert in_first_screen(page, first), (status, page.url)


def move_on(page: Any) -> None:
    """Past the pages that ask nothing: an action's own page (Continue), the date (without one)."""
    while page.get_attribute(".pw-walk", "data-status") in ("step", "date"):
        on_screen(page)
        if page.get_attribute(".pw-walk", "data-status") == "date":
            continue_on(page, "a.pw-skip")
        else:
            continue_on(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_sample_covering_every_answer_and_outcome_walks_by_keyboard(page: Any, site_server: Any,
                                                                      viewport: tuple[int, int]) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    data = site_data(site_server.root, "pathway.json")
    paths = all_paths(data)
    sample = covering_sample(paths)
    outcomes = {p.outcome for p in paths}
    assert {p.outcome for p in sample} == outcomes and {p.entry for p in sample} == {e["id"] for e in data["entry_points"]}

    page.goto(site_server(PAGE))
    wait_ready(page, WIDGET)
    for number, path in enumerate(sample):
        if number:  # Start again, by keyboard
            tab_to_selector(page, "a.pw-start-again")
            page.keyboard.press("Enter")
            page.wait_for_function("() => document.querySelector('.pw-walk[data-status=\"start\"]')",
                                   timeout=STEP_TIMEOUT)
            wait_ready(page, WIDGET)
        answer(page, path.entry)
        for node, option in path.answers:
            move_on(page)
            assert page.get_attribute(".pw-walk", "data-node") == node
            on_screen(page)
            answer(page, option)
        move_on(page)
        assert page.get_attribute(".pw-walk", "data-status") == "outcome"
        assert page.get_attribute(".pw-walk", "data-node") == path.outcome
        assert in_first_screen(page, "#pw-current-heading")
