"""Every entry point, every answer of every question and every outcome, walked in Chromium by keyboard.

The engine enumerates every route through the pathway (``all_paths``: thousands,
because later questions repeat after earlier branches).  Walking them all in a
browser would take hours, so this walks the smallest greedy sample of routes
that together use every entry point, every option of every question and reach
every outcome; the full set is walked through the very same browser entry
points in CPython by ``tests/widgets/test_widgets_browser.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from widgets.fragment import encode_fragment
from widgets.state import WalkState
from widgets.walker import PathRoute, all_paths

from .test_walker import PAGE, WIDGET, answer
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


def test_a_sample_covering_every_answer_and_outcome_walks_by_keyboard(page: Any, site_server: Any) -> None:
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
            page.wait_for_function("() => location.hash === '' && document.querySelector('.pw-walk[data-status=\"start\"]')",
                                   timeout=STEP_TIMEOUT)
        answer(page, path.entry)
        for node, option in path.answers:
            assert page.get_attribute(".pw-walk", "data-node") == node
            answer(page, option)
        assert page.get_attribute(".pw-walk", "data-status") == "outcome"
        assert page.get_attribute(".pw-walk", "data-node") == path.outcome
        assert page.evaluate("location.hash") == "#" + encode_fragment(WalkState.make(path.entry, path.answers))
