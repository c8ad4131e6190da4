"""The engines over the project's real content (skipped while that content does not load).

The inline fixtures pin behaviour; this file proves the engines accept the
real ``pathway.yml`` and checklists as the exporter will hand them over.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from widgets.checklist import ChecklistState, draft, evaluate
from widgets.render import render_checklist, render_walker, render_walker_step
from widgets.textchecks import text_checks
from widgets.walker import all_paths, answers_to, walk, walk_state

DATA = Path(__file__).parents[2] / "pathway_data"


@pytest.fixture(scope="module")
def site():  # type: ignore[no-untyped-def]
    from generator.load import load_site

    loaded, _report = load_site(DATA)
    return loaded


def test_real_checklists(site) -> None:  # type: ignore[no-untyped-def]
    found = [c.model_dump(mode="json") for c in getattr(site, "checklists", {}).values()]
    if not found:
        pytest.skip("no checklist content loads yet")
    bundle = {"checklists": found}
    assert "data-widget=\"referral-checklist\"" in render_checklist(bundle)
    for checklist in found:
        every_yes = {c["id"]: "yes" for c in checklist.get("conditions", [])}
        state = ChecklistState(mode=checklist["mode"], answers=every_yes,
                               notes={i["id"]: "inappropriate" for g in checklist["groups"] for i in g["items"]})
        result = evaluate(bundle, state)
        assert not result.hidden  # answering yes to everything shows every item
        assert draft(bundle, state).count("inappropriate") >= 1
        assert text_checks(state, checklist["mode"], bundle)
        render_checklist(bundle, state)


def test_real_pathway_walks(site) -> None:  # type: ignore[no-untyped-def]
    if getattr(site, "pathway", None) is None:
        pytest.skip("no pathway content loads yet")
    data = site.pathway.model_dump(mode="json")
    assert "data-widget=\"pathway-walker\"" in render_walker(data)
    paths = all_paths(data)
    assert paths
    for path in paths:
        result = walk(data, path.entry, path.answers, dt.date(2025, 5, 2), at=path.outcome)
        assert result.status == "outcome" and result.current == path.outcome
        render_walker_step(data, result)
    for node in data["nodes"]:
        assert node["id"] in walk_state(data, answers_to(data, node["id"])).route
