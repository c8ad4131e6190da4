"""URL fragments: choices and ISO dates round-trip; anything else is rejected."""

from __future__ import annotations

import datetime as dt

import pytest

from widgets.state import WalkState
from widgets.walker import decode_fragment, encode_fragment, walk


@pytest.mark.parametrize(
    "state",
    [
        WalkState(),
        WalkState("worried"),
        WalkState("worried", (("immediate-danger", "no"), ("significant-harm", "not-sure"))),
        WalkState("made-referral", (), dt.date(2025, 5, 2)),
        WalkState("made-referral", (("heard-back", "no"),), dt.date(2025, 5, 2), "16:45"),
    ],
)
def test_round_trip(state: WalkState) -> None:
    text = encode_fragment(state)
    assert decode_fragment(text) == state
    assert decode_fragment("#" + text) == state
    assert WalkState.from_json(state.to_json()) == state


def test_format() -> None:
    state = WalkState("worried", (("immediate-danger", "no"),), dt.date(2025, 5, 2), "09:05")
    assert encode_fragment(state) == "e=worried&a=immediate-danger.no&d=2025-05-02&t=09:05"


def test_a_fragment_drives_the_walk(pathway: dict) -> None:
    state = decode_fragment("#e=made-referral&a=heard-back.no&d=2025-05-02")
    result = walk(pathway, state.entry, state.answers, state.referral_date)
    assert result.current == "follow-up" and result.fragment == "e=made-referral&a=heard-back.no&d=2025-05-02"


@pytest.mark.parametrize(
    "bad",
    [
        "step-talk-to-lead",  # a plain anchor, not state
        "e=worried&note=Jane Smith",  # free text under an unknown key
        "e=Jane Smith",
        "e=worried&a=immediate-danger.no&a=x.y",  # repeated key
        "e=worried&e=other",
        "e=worried&a=immediate-danger",  # not node.option
        "e=worried&a=immediate-danger.no,",
        "e=worried&a=",
        "e=worried&d=2025-5-2",
        "e=worried&d=20250502",  # basic ISO format is not accepted
        "e=worried&d=2025-02-30",
        "e=worried&d=\uff12\uff10\uff12\uff15-05-02",  # full-width digits
        "e=worried&t=16:45",  # a time without a date
        "e=worried&d=2025-05-02&t=4pm",
        "e=worried&d=2025-05-02&t=24:00",
        "a=immediate-danger.no",  # answers without an entry point
        "e=worried%20x",
        "e=worried&",
        "e=caf\u00e9",
        "e=worried\n",
        "e=" + "a" * 81,
        "x" * 5000,
    ],
)
def test_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        decode_fragment(bad)


def test_rejects_non_text() -> None:
    with pytest.raises(ValueError):
        decode_fragment(None)  # type: ignore[arg-type]


def test_encode_refuses_free_text() -> None:
    with pytest.raises(ValueError):
        encode_fragment(WalkState("Jane Smith"))
    with pytest.raises(ValueError):
        encode_fragment(WalkState("worried", (), dt.date(2025, 5, 2), "teatime"))


@pytest.mark.parametrize(
    "bad",
    [[], {"entry": 3}, {"answers": [["a"]]}, {"answers": "x"}, {"referral_date": "tomorrow"}, {"who": "me"},
     {"entry": "x", "referral_time": "10:00"}],
)
def test_walk_state_from_json_rejects(bad: object) -> None:
    with pytest.raises(ValueError):
        WalkState.from_json(bad)
