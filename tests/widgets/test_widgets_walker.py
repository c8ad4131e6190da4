"""The pathway walker, node by node in the Smart Answers style, on an inline graph."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from widgets.state import WalkState
from widgets.walker import all_paths, answer, answers_to, card, walk, walk_state

D = dt.date.fromisoformat


def test_start_page(pathway: dict) -> None:
    result = walk(pathway, None)
    assert result.status == "start" and result.current is None and result.back() is None
    assert result.fragment == ""


def test_entry_runs_to_the_first_question(pathway: dict) -> None:
    # An action an entry point (or an answer) leads to is a page of its own, then Continue to the question.
    result = walk(pathway, "worried")
    assert (result.status, result.current, result.stops) == ("step", "talk-to-lead", ["talk-to-lead", "immediate-danger"])
    assert result.next_stop() == "immediate-danger"
    assert result.route == ["talk-to-lead", "immediate-danger"]
    assert result.history == [] and result.outcome is None
    assert result.back() == (WalkState(keep=(("pw-start", "worried"),)), None)
    question = walk(pathway, "worried", at="immediate-danger")
    assert (question.status, question.current, question.steps) == ("question", "immediate-danger", [])
    assert question.back() == (WalkState("worried"), "talk-to-lead")


# For each question, every option leads where it should.
@pytest.mark.parametrize(
    ("entry", "answers", "status", "current", "steps"),
    [
        ("worried", [("immediate-danger", "yes")], "outcome", "call-999", []),
        ("worried", [("immediate-danger", "no")], "question", "significant-harm", []),
        ("worried", [("immediate-danger", "no"), ("significant-harm", "yes")], "step", "make-referral", []),
        ("worried", [("immediate-danger", "no"), ("significant-harm", "not-sure")], "step", "make-referral", []),
        ("worried", [("immediate-danger", "no"), ("significant-harm", "no")], "outcome", "threshold-not-met", []),
        ("made-referral", [], "date", "await-confirmation", []),
        ("made-referral", [("heard-back", "yes")], "outcome", "csc-decide", []),
        ("made-referral", [("heard-back", "no")], "outcome", "follow-up", []),
    ],
)
def test_every_option_leads_where_it_should(pathway: dict, entry: str, answers: list, status: str, current: str,
                                            steps: list) -> None:
    result = walk(pathway, entry, answers)
    assert (result.status, result.current, result.steps) == (status, current, steps)
    assert [(a.node, a.option) for a in result.history] == answers
    if status == "outcome":
        assert result.outcome is not None and result.outcome["id"] == current


def test_every_option_of_every_question_is_covered(pathway: dict) -> None:
    """Each (question, option) edge is used by at least one enumerated path, and each path walks."""
    edges = {(n["id"], o["id"]) for n in pathway["nodes"] for o in n["options"]}
    used = {answer for path in all_paths(pathway) for answer in path.answers}
    assert used == edges
    for path in all_paths(pathway):
        result = walk(pathway, path.entry, path.answers)
        assert result.status == "outcome" and result.current == path.outcome
        assert tuple(result.route) == path.route


def test_all_paths_snapshot(pathway: dict) -> None:
    got = [p.to_json() for p in all_paths(pathway)]
    assert [(p["entry"], p["outcome"]) for p in got] == [
        ("worried", "call-999"),
        ("worried", "csc-decide"),
        ("worried", "follow-up"),
        ("worried", "csc-decide"),
        ("worried", "follow-up"),
        ("worried", "threshold-not-met"),
        ("made-referral", "csc-decide"),
        ("made-referral", "follow-up"),
    ]
    assert got[1]["answers"] == [["immediate-danger", "no"], ["significant-harm", "yes"], ["heard-back", "yes"]]
    assert json.loads(json.dumps(got)) == got


@pytest.mark.parametrize(
    ("entry", "answers"),
    [
        ("nowhere", []),
        ("worried", [("immediate-danger", "maybe")]),  # not an option
        ("worried", [("significant-harm", "yes")]),  # not the question being asked
        ("worried", [("immediate-danger", "yes"), ("heard-back", "no")]),  # answers after the outcome
        ("worried", [("immediate-danger",)]),  # not a pair
        (None, [("immediate-danger", "yes")]),  # answers without an entry point
    ],
)
def test_invalid_answers_raise(pathway: dict, entry: str | None, answers: list) -> None:
    with pytest.raises(ValueError):
        walk(pathway, entry, answers)


def test_unknown_calendar_and_broken_graph_raise(pathway: dict) -> None:
    with pytest.raises(ValueError):
        walk(pathway, "worried", calendar="narnia")
    broken = json.loads(json.dumps(pathway))
    broken["nodes"][0]["next"] = "missing"
    with pytest.raises(ValueError):
        walk(broken, "worried")
    looped = json.loads(json.dumps(pathway))
    looped["nodes"][0]["next"] = "talk-to-lead"
    with pytest.raises(ValueError):
        walk(looped, "worried")
    with pytest.raises(ValueError):
        all_paths(looped)
    with pytest.raises(ValueError):
        walk({"nodes": 3}, "worried")


def test_deadlines_when_the_route_asks_for_a_date(pathway: dict) -> None:
    result = walk(pathway, "made-referral", [("heard-back", "no")], D("2025-05-02"), "16:30")
    assert result.asks_referral_date
    assert result.deadlines is not None
    assert result.deadlines["confirmation_by"] == "2025-05-06"
    assert result.deadlines["follow_up_on"] == "2025-05-08"
    assert result.deadlines["referral_time"] == "16:30"
    assert result.outcome is not None
    assert result.outcome["due"] == {"date": "2025-05-08", "text": "Thursday 8 May 2025"}


def test_no_deadlines_without_a_date_or_off_the_timer_route(pathway: dict) -> None:
    assert walk(pathway, "made-referral").deadlines is None
    other = walk(pathway, "worried", [("immediate-danger", "yes")], D("2025-05-02"))
    assert not other.asks_referral_date and other.deadlines is None


def test_date_outside_the_calendar_is_reported_not_raised(pathway: dict) -> None:
    result = walk(pathway, "made-referral", [], D("2040-01-01"))
    assert result.deadlines is None and result.deadline_error and "2035-12-31" in result.deadline_error


def test_back_and_change_keep_the_rest(pathway: dict) -> None:
    answers = [("immediate-danger", "no"), ("significant-harm", "yes"), ("heard-back", "no")]
    result = walk(pathway, "worried", answers, D("2025-05-02"))
    back = result.back()
    assert back is not None
    assert back[0].answers == tuple(answers[:2]) and back[0].referral_date == D("2025-05-02") and back[1] == "heard-back"
    assert back[0].keep == (("heard-back", "no"),)  # the answer taken back is shown selected
    state, page = result.change(1)
    assert state.answers == tuple(answers[:1]) and state.keep == tuple(answers[1:]) and page == "significant-harm"
    assert walk_state(pathway, state, at=page).current == "significant-harm"
    # The same answer again gives back every later answer that still fits, and lands where the walk ends.
    again, at = answer(pathway, state, "significant-harm", "yes")
    assert again.answers == tuple(answers) and not again.keep and at == "follow-up"
    # Another answer keeps the later answers its route still asks (here: heard-back).
    other, at = answer(pathway, state, "significant-harm", "not-sure")
    assert other.answers == (answers[0], ("significant-harm", "not-sure"), ("heard-back", "no")) and at == "follow-up"
    with pytest.raises(ValueError):
        result.change(3)
    data = result.to_json()
    assert data["back"] == {"fragment": "e=worried&a=immediate-danger.no,significant-harm.yes&k=heard-back.no&d=2025-05-02",
                            "page": "heard-back"}
    assert data["changes"][0] == {"fragment": "e=worried&k=immediate-danger.no,significant-harm.yes,heard-back.no&d=2025-05-02",
                                  "page": "immediate-danger"}
    assert json.loads(json.dumps(data)) == data


def test_outcome_card(pathway: dict) -> None:
    planned = card(pathway, "threshold-not-met")
    assert planned["planned"] is True
    assert planned["guide"] == {"ref": "planned:threshold-not-met", "href": "/about/content-status/#planned-threshold-not-met",
                                "title": None, "planned": True}
    outcome = walk(pathway, "worried", [("immediate-danger", "yes")]).outcome
    assert outcome is not None
    assert outcome["who"] == "You or your safeguarding lead"
    assert outcome["do_now"] == ["Call 999."]
    assert outcome["guide"]["href"] == "/guides/making-a-referral/#deciding-what-action"
    assert outcome["cite"][0]["href"].startswith("/guides/")
    exporter = json.loads(json.dumps(pathway))
    exporter["nodes"][2]["guide_href"] = "/elsewhere/"
    exporter["nodes"][2]["guide_title"] = "Deciding what action to take"
    assert card(exporter, "call-999")["guide"]["href"] == "/elsewhere/"
    with pytest.raises(ValueError):
        card(pathway, "nope")


def test_answers_to_reaches_each_node(pathway: dict) -> None:
    for node in pathway["nodes"]:
        state = answers_to(pathway, node["id"])
        result = walk_state(pathway, state, at=node["id"])
        assert node["id"] in result.route
        assert result.current == node["id"] or node["id"] in result.steps or node["id"] in result.stops
    assert answers_to(pathway, "heard-back") == WalkState("made-referral")


def test_ref_href_matches_the_generator() -> None:
    from generator import urls
    from widgets.refs import ref_href

    for ref in ("guide:making-a-referral", "guide:making-a-referral#calling-999-or-101", "planned:threshold-not-met",
                "glossary:mash", "source:hmic-in-harms-way-2015", "pathway:making-a-referral", "case:iopc-39-case-1",
                "learning:hmic-in-harms-way", "tool:referral-checklist", "resource:cossar-2011"):
        assert ref_href(ref) == urls.url(ref), ref
    assert ref_href("page:about") is None and ref_href("https://x") is None
