"""The checklist engine: state round-trip, evaluation and the draft."""

from __future__ import annotations

import json

import pytest

from widgets.checklist import ChecklistState, checklist_for, draft, evaluate, reminders_text


def test_state_round_trips_through_json() -> None:
    state = ChecklistState(mode="call", answers={"immediate-danger": "yes"}, checked={"b", "a"},
                           notes={"a": "She said \u201cno\u201d", "b": ""})
    text = json.dumps(state.to_json())
    again = ChecklistState.from_json(json.loads(text))
    assert again.to_json() == state.to_json()
    assert again.checked == {"a", "b"}
    assert "b" not in again.notes  # empty notes are not kept
    assert ChecklistState.from_json(None) == ChecklistState()


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {"mode": "shout"},
        {"answers": {"x": "maybe"}},
        {"answers": []},
        {"checked": "a"},
        {"checked": ["Not A Slug"]},
        {"notes": {"a": 3}},
        {"notes": {"../x": "y"}},
        {"extra": 1},
    ],
)
def test_state_rejects_malformed(bad: object) -> None:
    with pytest.raises(ValueError):
        ChecklistState.from_json(bad)


def test_unanswered_shows_only_unconditional_items(referral: dict) -> None:
    result = evaluate(referral, ChecklistState())
    assert result.visible == ["what-your-concerns-are", "straightforward-language", "told-parents", "trusted-adult"]
    assert result.hidden == ["childs-words", "one-child-harming"]
    assert result.rules == ["always-refer"]
    assert result.open_must == ["what-your-concerns-are", "told-parents"]
    assert result.open_should == ["straightforward-language"]
    assert result.counts["must"] == {"total": 2, "done": 0, "open": 2}
    assert result.counts["all"] == {"total": 4, "done": 0, "open": 4}
    assert len(result.unanswered) == 4


def test_answers_reveal_items_and_put_urgent_rules_first(referral: dict) -> None:
    state = ChecklistState(answers={"child-has-told-you": "yes", "immediate-danger": "yes",
                                    "one-child-harming-another": "no"},
                           checked={"what-your-concerns-are", "childs-words", "one-child-harming"})
    result = evaluate(referral, state)
    assert result.rules == ["call-999", "use-their-words", "always-refer"]
    assert result.urgent_rules == ["call-999"]
    assert "childs-words" in result.visible and "one-child-harming" in result.hidden
    assert result.open_must == ["told-parents"]
    # a ticked item that is hidden does not count
    assert result.counts["must"] == {"total": 3, "done": 2, "open": 1}
    assert result.unanswered == ["parents-risk"]
    assert json.loads(json.dumps(result.to_json()))["rules"][0] == "call-999"


def test_no_means_not_shown(referral: dict) -> None:
    result = evaluate(referral, ChecklistState(answers={"child-has-told-you": "no"}))
    assert "childs-words" in result.hidden
    assert "use-their-words" not in result.rules


def test_bundle_selects_by_mode(bundle: dict) -> None:
    assert checklist_for(bundle, "call")["id"] == "call-999-101"
    assert checklist_for(bundle, "referral-content")["mode"] == "referral"
    assert checklist_for(bundle)["id"] == "referral-content"
    result = evaluate(bundle, ChecklistState(mode="call"))
    assert result.checklist_id == "call-999-101"
    assert result.visible == ["plain-language", "specific"]
    with pytest.raises(ValueError):
        checklist_for(bundle, "after")


@pytest.mark.parametrize("bad", [[], {"title": "x"}, {"checklists": []}, {"checklists": [1]}])
def test_bad_data(bad: object) -> None:
    with pytest.raises(ValueError):
        evaluate(bad, ChecklistState())  # type: ignore[arg-type]


def test_draft_follows_group_order_and_adds_nothing(referral: dict) -> None:
    state = ChecklistState(
        answers={"one-child-harming-another": "yes", "child-has-told-you": "no"},
        checked={"what-your-concerns-are"},
        notes={"told-parents": "Not told: dad is suspected.", "what-your-concerns-are": "She said X.\nOn Monday.",
               "childs-words": "hidden note", "trusted-adult": "ignored: no notes box"},
    )
    text = draft(referral, state)
    assert text.index("YOUR CONCERNS") < text.index("What I am worried about") < text.index("She said X.\nOn Monday.")
    assert text.index("She said X.") < text.index("THE CHILD'S SITUATION") < text.index("Not told: dad is suspected.")
    assert "hidden note" not in text  # the item's condition is answered no
    assert "ignored" not in text  # the item offers no notes box
    # Only what goes into the referral: no title, no mode, no reminders (those are beside it).
    assert not text.startswith(referral["title"]) and "Checklist reminders" not in text
    assert "make a separate referral for each child" not in text and "Must items" not in text
    assert "**" not in text
    extra = reminders_text(referral, state)
    assert "make a separate referral for each child" in extra  # a conditional rule that applies
    assert "A referral should be made even if" not in extra  # unconditional rules stay in the checklist
    assert "Must items not yet ticked:\n- " in extra and "Ticked:\n- " in extra
    assert "one child harming another" in extra
    assert "**" not in extra


def test_draft_of_nothing(referral: dict) -> None:
    assert draft(referral) == ""  # nothing to copy; the page says "(Nothing written yet.)" beside it
    assert draft(referral, ChecklistState(notes={"what-your-concerns-are": " \n "})) == ""
