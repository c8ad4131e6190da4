"""Fuzzing: no input makes the browser-facing entry points raise anything but ValueError."""

from __future__ import annotations

import datetime as dt
import time

from conftest import reasons  # type: ignore[import-not-found]
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.checklist import ChecklistState
from widgets.markdown import inline_html, markdown_html, markdown_text
from widgets.render import render_walker_step
from widgets.state import MODES, WalkState
from widgets.textchecks import text_checks
from widgets.walker import decode_fragment, encode_fragment, walk_state

# Every check listed, with the guide's reasons as the checklist data gives them, so each can fire.
REASONS = {"call": reasons("call"), "written": reasons("referral")}


def _reasons(mode: object) -> list:
    return REASONS["call" if mode == "call" else "written"]

FUZZ = settings(max_examples=300, deadline=None)
slug = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
fragmentish = st.text(alphabet="ea=dt&.,-:#%0123456789abcz \n/\u00e9\uff11", max_size=80)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@FUZZ
@given(st.one_of(st.text(max_size=200), fragmentish))
def test_decode_fragment_only_raises_value_error(text: str) -> None:
    try:
        state = decode_fragment(text)
    except ValueError:
        return
    assert isinstance(state, WalkState)
    assert decode_fragment(encode_fragment(state)) == state


@FUZZ
@given(
    st.one_of(st.none(), slug),
    st.lists(st.tuples(slug, slug), max_size=5),
    st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))),
    st.one_of(st.none(), st.times().map(lambda t: t.strftime("%H:%M"))),
)
def test_fragment_round_trip(entry: str | None, answers: list, date: dt.date | None, clock: str | None) -> None:
    try:
        state = WalkState.make(entry, answers, date, clock)
    except ValueError:
        return
    assert decode_fragment(encode_fragment(state)) == state


@FUZZ
@given(
    st.dictionaries(st.one_of(slug, st.text(max_size=10)), st.text(max_size=300), max_size=5),
    st.one_of(st.sampled_from(MODES), st.text(max_size=8)),
    st.dictionaries(slug, st.sampled_from(["yes", "no"]), max_size=3),
)
def test_text_checks_only_raise_value_error(notes: dict, mode: str, answers: dict) -> None:
    try:
        checks = text_checks({"notes": notes, "answers": answers}, mode, reasons=_reasons(mode))
    except ValueError:
        return
    for check in checks:
        assert check.reasoning and check.cite["href"]


@FUZZ
@given(json_values, st.sampled_from(MODES))
def test_text_checks_on_arbitrary_json_state(state: object, mode: str) -> None:
    try:
        text_checks(state, mode, reasons=_reasons(mode))  # type: ignore[arg-type]
    except ValueError:
        pass


@FUZZ
@given(st.text(max_size=400))
def test_text_checks_on_any_note(note: str) -> None:
    for mode in MODES:
        text_checks(ChecklistState(mode=mode, notes={"a": note}), mode, reasons=_reasons(mode))


ENTRIES = ["worried", "made-referral", "nowhere"]
PAIRS = ["immediate-danger.yes", "immediate-danger.no", "significant-harm.yes", "significant-harm.not-sure",
         "significant-harm.no", "heard-back.yes", "heard-back.no", "talk-to-lead.yes", "heard-back.maybe"]
walk_fragments = st.builds(
    lambda e, a, d: "&".join(p for p in ("e=" + e, "a=" + ",".join(a) if a else "", "d=" + d if d else "") if p),
    st.sampled_from(ENTRIES),
    st.lists(st.sampled_from(PAIRS), max_size=4),
    st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2040, 12, 31)).map(dt.date.isoformat)),
)


@FUZZ
@given(st.one_of(fragmentish, walk_fragments))
def test_walk_from_any_fragment(shared_pathway: dict, text: str) -> None:
    try:
        state = decode_fragment(text)
        result = walk_state(shared_pathway, state)
    except ValueError:
        return
    assert result.status in {"start", "question", "date", "step", "outcome"}
    assert decode_fragment(result.fragment) == state
    assert render_walker_step(shared_pathway, result).startswith('<div class="pw-walk"')


@FUZZ
@given(st.text(alphabet=st.characters(), max_size=300) | st.text(alphabet="*_[]()<>&\"'#:/\n -ajs", max_size=120))
def test_markdown_never_emits_markup_from_text(text: str) -> None:
    for out in (inline_html(text), markdown_html(text)):
        assert "<script" not in out.lower()
        for chunk in out.split("<")[1:]:
            assert chunk.split(">")[0].split(" ")[0] in {"p", "/p", "ul", "/ul", "ol", "/ol", "li", "/li", "strong",
                                                         "/strong", "em", "/em", "a", "/a"}
    markdown_text(text)


def test_adversarial_inputs_stay_fast() -> None:
    """Linear-time patterns: long pathological notes are checked quickly."""
    notes = {
        "a": "a_" * 20000,
        "b": "**" * 20000,
        "c": "1/" * 20000,
        "d": "not " * 10000 + "told",
        "e": "[" * 10000 + "](" * 10000,
        "f": "ABCD " * 10000,
    }
    start = time.perf_counter()
    for mode in MODES:
        assert text_checks(ChecklistState(mode=mode, notes=notes), mode, reasons=_reasons(mode))
    for text in notes.values():
        markdown_html(text)
    assert time.perf_counter() - start < 10
