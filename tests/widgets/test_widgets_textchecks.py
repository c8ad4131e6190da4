"""Prompts on what the user wrote: each fires when it should and says what its content gives.

The detection is the widget's; the reasons and citations come with the data (each checklist's
``text_checks``), here the fixtures' copies of the real content's (``conftest.reasons``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import reasons  # type: ignore[import-not-found]

from widgets.checklist import ChecklistState
from widgets.textchecks import TextCheck, text_checks

PROVENANCE = Path(__file__).parents[2] / "provenance" / "csa-centre-making-a-referral-draft.txt"
GOOD = ('On Monday 3 March at 10:30 she said "he touched me" and I am worried about child sexual abuse. '
        "Her parents have not been told because her father is suspected.")


def run(state: ChecklistState | dict, mode: str) -> list[TextCheck]:
    """The prompts for ``mode`` with that mode's reasons, as its checklist's data gives them."""
    return text_checks(state, mode, reasons=reasons("call" if mode == "call" else "referral"))


def ids(notes: dict[str, str], mode: str = "referral", **kw: object) -> list[str]:
    return [c.id for c in run(ChecklistState(mode=mode, notes=notes, **kw), mode)]  # type: ignore[arg-type]


def test_nothing_written_means_no_prompts() -> None:
    assert run(ChecklistState(), "referral") == []
    assert run(ChecklistState(notes={"a": "   "}), "call") == []


def test_no_reasons_means_no_prompts() -> None:
    """A checklist that lists no text checks shows none, whatever is written."""
    state = ChecklistState(notes={"a": "inappropriate CSE"})
    assert text_checks(state, "referral") == []
    assert text_checks(state, "referral", reasons=[]) == []
    assert text_checks(state, "referral", {"groups": [{"id": "g", "items": [{"id": "a"}]}]}) == []
    assert [c.id for c in run(state, "referral")] == ["sexual-abuse-term", "vague-label", "dates-and-times", "jargon"]


def test_only_the_listed_checks_are_made_saying_what_their_entry_says() -> None:
    entry = {"check": "dates-and-times", "reason": "Any words of a guide.",
             "cite": {"source": "s", "section": "Part 2", "lines": "9", "ref": "guide:g#p", "href": "/guides/g/#p",
                      "source_title": "A title", "page": None}}
    [check] = text_checks(ChecklistState(notes={"a": "inappropriate CSE"}), "referral", reasons=[entry])
    assert (check.id, check.reasoning) == ("dates-and-times", "Any words of a guide.")
    # The citation keys the prompt has always carried; the source's title is the guide page's to show.
    assert check.cite == {"source": "s", "section": "Part 2", "lines": "9", "ref": "guide:g#p", "href": "/guides/g/#p"}


def test_the_reasons_come_from_the_checklist_for_the_mode(bundle: dict) -> None:
    state = ChecklistState(mode="call", notes={"specific": "He was upset."})
    [term, dates] = text_checks(state, "call", bundle)
    assert term.cite["lines"] == "174" and dates.cite["href"].endswith("#calling-999-or-101")
    state = ChecklistState(mode="referral", notes={"what-your-concerns-are": "He was upset."})
    assert [c.cite["lines"] for c in text_checks(state, "referral", bundle)] == ["123", "124"]


@pytest.mark.parametrize("bad", [
    [{"check": "spelling", "reason": "r", "cite": {}}],
    [{"check": "jargon", "cite": {}}],
    [{"check": "jargon", "reason": "r", "cite": "lines 3"}],
    [{"check": "parents-reason", "reason": "r", "cite": {}, "conditions": "parents-risk"}],
    ["jargon"],
])
def test_malformed_reasons_are_a_value_error(bad: list) -> None:
    with pytest.raises(ValueError):
        text_checks(ChecklistState(notes={"a": "x"}), "referral", reasons=bad)
    with pytest.raises(ValueError):
        text_checks(ChecklistState(notes={"a": "x"}), "referral", {"groups": [], "text_checks": "jargon"})


def test_a_good_note_has_no_prompts() -> None:
    assert ids({"a": GOOD}) == []
    assert ids({"a": GOOD}, "call") == []


@pytest.mark.parametrize("text", ["I am worried about sexual abuse", "she was sexually abused", "Child Sexual-Abuse"])
def test_sexual_abuse_named(text: str) -> None:
    assert "sexual-abuse-term" not in ids({"a": text})


def test_sexual_abuse_not_named() -> None:
    checks = run(ChecklistState(notes={"a": "I am worried about CSA on 3/4"}), "call")
    check = next(c for c in checks if c.id == "sexual-abuse-term")
    assert "child sexual abuse" in check.reasoning
    assert check.cite["lines"] == "174" and check.cite["href"].endswith("#calling-999-or-101")


@pytest.mark.parametrize(
    "text",
    ["He showed sexualised behaviour in class", "inappropriate touching", "Concerning behaviour at lunch",
     "odd behaviours", "She has been acting out", "Sexualized behavior"],
)
def test_vague_labels(text: str) -> None:
    checks = run(ChecklistState(notes={"x": text}), "referral")
    vague = next(c for c in checks if c.id == "vague-label")
    assert vague.items == ["x"]
    assert "sexualised behaviour" in vague.reasoning


def test_vague_label_with_a_description_is_fine() -> None:
    assert "vague-label" not in ids({"x": 'Inappropriate: I saw him put his hand inside her skirt. She said "stop".'})


@pytest.mark.parametrize(
    "text",
    ["on 12/03", "12/03/2025", "2025-03-12", "12 March", "March 12th", "the 3rd of May", "on Monday",
     "yesterday", "last night", "at 3pm", "at 3.30 pm", "at 15:30", "this morning", "in January", "two weeks ago",
     "at lunchtime", "in 2024"],
)
def test_dates_and_times_found(text: str) -> None:
    assert "dates-and-times" not in ids({"a": "sexual abuse " + text})


@pytest.mark.parametrize("text", ["She may have been hurt", "I will march in", "he said 1-2 things"])
def test_no_dates(text: str) -> None:
    assert "dates-and-times" in ids({"a": text})


def test_jargon_in_referral_mode_only_unexplained_acronyms() -> None:
    checks = run(ChecklistState(notes={"a": GOOD + " Discussed with the DSL; possible HSB. Referred to the "
                                                "Multi-Agency Safeguarding Hub (MASH). Strategy discussion likely. s47?"}),
                         "referral")
    jargon = next(c for c in checks if c.id == "jargon")
    assert jargon.found == ["DSL", "HSB", "s47"]
    assert jargon.strength == "consider"
    assert jargon.cite["lines"] == "124"


def test_jargon_is_stronger_in_call_mode() -> None:
    notes = {"a": GOOD + " Referred to the Multi-Agency Safeguarding Hub (MASH). Strategy discussion likely after the disclosure. LADO informed."}
    jargon = next(c for c in run(ChecklistState(notes=notes), "call") if c.id == "jargon")
    assert jargon.strength == "important"
    assert "LADO" in jargon.found and "strategy discussion" in jargon.found and "disclosure" in jargon.found
    assert "MASH" not in jargon.found  # explained in brackets
    assert "not misunderstood by the call handler" in jargon.reasoning


def test_unknown_acronyms_and_everyday_capitals() -> None:
    assert "jargon" in ids({"a": GOOD + " Seen by the FSW."})
    assert "jargon" not in ids({"a": GOOD + " Her GP and the NHS, OK. I said NO."})
    assert "jargon" not in ids({"a": "SHE SAID HE HURT HER ON MONDAY. SEXUAL ABUSE."})  # shouting is not jargon


@pytest.mark.parametrize(
    "text",
    ["I have not told the parents.", "Parents haven't been informed", "Mum doesn't know yet",
     "Referring without telling the family", "No consent sought"],
)
def test_parents_not_told_without_reason(text: str) -> None:
    checks = run(ChecklistState(notes={"p": "sexual abuse on Monday. " + text}), "referral")
    check = next(c for c in checks if c.id == "parents-reason")
    assert check.items == ["p"]
    assert "record your evidence/rationale" in check.reasoning


def test_parents_not_told_with_reason() -> None:
    assert "parents-reason" not in ids({"p": "On Monday, sexual abuse. I have not told the parents because dad is suspected."})


def test_parents_condition_yes_needs_a_reason() -> None:
    answers = {"parents-risk": "yes"}
    assert "parents-reason" in ids({"a": "sexual abuse on Monday"}, answers=answers)
    assert "parents-reason" not in ids({"a": "sexual abuse on Monday", "b": "Mum may threaten her."}, answers=answers)
    state = ChecklistState(notes={"a": "sexual abuse on Monday"}, answers={"my-parents-cond": "yes"})
    assert text_checks(state, "referral", reasons=reasons("referral")) == []  # not a condition the content names
    mine = [dict(entry, conditions=["my-parents-cond"]) for entry in reasons("referral")]
    [check] = text_checks(state, "referral", reasons=mine)
    assert (check.id, check.found) == ("parents-reason", ["my-parents-cond"])


def test_only_visible_items_are_checked_with_data(referral: dict) -> None:
    assert referral["text_checks"]
    state = ChecklistState(notes={"childs-words": "inappropriate"})  # the item is hidden until answered yes
    assert text_checks(state, "referral", referral) == []
    state.answers["child-has-told-you"] = "yes"
    assert "vague-label" in [c.id for c in text_checks(state, "referral", referral)]


def test_state_may_be_json_and_mode_is_checked() -> None:
    assert [c.id for c in run({"notes": {"a": "inappropriate"}}, "after")][0] == "sexual-abuse-term"
    with pytest.raises(ValueError):
        run(ChecklistState(notes={"a": "x"}), "shout")
    with pytest.raises(ValueError):
        run({"notes": {"a": 1}}, "referral")


def _normalise(text: str) -> str:
    return " ".join(text.replace("*", "").replace("\u2019", "'").split())


def test_the_fixtures_reasoning_is_word_for_word_from_the_guide() -> None:
    """The fixtures copy the real content's reasons (tests/test_fidelity.py checks those)."""
    source_lines = PROVENANCE.read_text(encoding="utf-8").splitlines()
    everything = ChecklistState(
        answers={"parents-risk": "yes"},
        notes={"a": "inappropriate CSE LADO strategy discussion"},
    )
    seen = 0
    for mode in ("referral", "call"):
        for check in run(everything, mode):
            lines = check.cite["lines"].split("-")
            first, last = int(lines[0]), int(lines[-1])
            cited = _normalise(" ".join(source_lines[first - 1 : last]))
            assert _normalise(check.reasoning) in cited, (mode, check.id)
            assert check.cite["source"] == "csa-centre-making-a-referral"
            assert check.cite["href"].startswith("/guides/making-a-referral/#")
            assert check.to_json()["reasoning"] == check.reasoning
            seen += 1
    assert seen == 10
