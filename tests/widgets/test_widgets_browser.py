"""``widgets.browser``: the entry points the browser's worker calls, driven as the bridge drives them.

The walk over the real pathway goes through ``handle`` with JSON text, step by
step, exactly as the page does (choose where you are, answer the question on
screen, Continue past an action's page or the date, move on), and reaches every route the engine enumerates: the full pass
behind the browser's sampled walk in ``tests/browser/test_walker_paths.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from widgets import browser
from widgets.walker import all_paths
from widgets.walker_html import START_NODE

ROOT = Path(__file__).parents[2]


def call(request: dict[str, Any]) -> dict[str, Any]:
    reply = json.loads(browser.handle(json.dumps(request)))
    assert reply["ok"], reply
    return reply["result"]


@pytest.fixture(scope="module")
def real() -> dict[str, Any]:
    from generator.exports import widget_data
    from generator.load import load_site

    site, _report = load_site(ROOT / "pathway_data")
    data = widget_data(site)
    if not data["pathway"] or not data["checklists"]:
        pytest.skip("the real content has no pathway or checklists yet")
    return data


def test_every_route_of_the_real_pathway_can_be_walked_through_the_browser_entry_points(real: dict[str, Any]) -> None:
    browser.reset()
    call({"op": "load_walker", "pathway": json.dumps(real["pathway"]), "base": "/"})
    expected = {(p.entry, tuple(p.answers)): p.outcome for p in all_paths(real["pathway"])}
    reached: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
    options = {n["id"]: [o["id"] for o in n.get("options", [])] for n in real["pathway"]["nodes"]}

    start = call({"op": "walker_view", "fragment": ""})
    assert start["status"] == "start"
    stack = []
    for entry in real["pathway"]["entry_points"]:
        view = call({"op": "walker_answer", "fragment": "", "node": START_NODE, "option": entry["id"]})
        stack.append((entry["id"], (), view))
    while stack:  # depth first over the tree of answers: every state is asked for once
        entry, answers, view = stack.pop()
        if view["status"] == "outcome":
            reached[(entry, answers)] = view["node"]
            continue
        if view["status"] in ("step", "date"):  # an action's own page, or the date: Continue (without a date)
            assert view["next_page"] and view["focus"] == "heading"
            stack.append((entry, answers, call({"op": "walker_view", "fragment": view["fragment"],
                                                 "page": view["next_page"]})))
            continue
        assert view["status"] == "question" and view["focus"] == "heading"
        for option in options[view["node"]]:
            nxt = call({"op": "walker_answer", "fragment": view["fragment"], "node": view["node"], "option": option})
            stack.append((entry, answers + ((view["node"], option),), nxt))
    assert reached == expected


def test_the_real_checklists_load_and_answer_as_the_page_asks(real: dict[str, Any]) -> None:
    browser.reset()
    texts = [json.dumps(real["checklists"][cid]) for cid in ("referral-content", "call-999-101")]
    loaded = call({"op": "load_checklist", "checklists": texts, "base": "/site/"})
    assert loaded["modes"] == ["referral", "call"]
    view = call({"op": "checklist_view", "state": {"mode": "referral", "answers": {"immediate-danger": "yes"},
                                                   "checked": [], "notes": {}}})
    assert "rule-immediate-danger" in view["urgent_html"]
    assert 'href="/site/guides/' in view["urgent_html"]
    assert set(view["panels"]) == {"referral", "call"}
    call_view = call({"op": "checklist_view", "state": {**view["state"], "mode": "call"}})
    assert call_view["mode"] == "call" and "rule-immediate-danger" in call_view["urgent_html"]


def test_bad_requests_get_a_plain_error_never_a_traceback() -> None:
    browser.reset()
    for request in ("", "[]", "{}", '{"op": 1}', "x" * 10, json.dumps({"op": "walker_view"}),
                    json.dumps({"op": "load_walker", "pathway": "{}"}),
                    json.dumps({"op": "load_checklist", "checklists": ["[]"]}),
                    json.dumps({"op": "load_checklist", "checklists": [json.dumps({"groups": "x"})]}),
                    json.dumps({"op": "checklist_view", "state": {"mode": "nope"}}),
                    "x" * (browser.MAX_REQUEST + 1)):
        reply = json.loads(browser.handle(request))
        assert reply["ok"] is False and isinstance(reply["error"], str) and "Traceback" not in reply["error"], request[:40]
