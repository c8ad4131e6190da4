"""The walker's state in a URL fragment: choices and ISO dates, never free text.

A trainer can link to any step, and a reload keeps the place, because the
whole walk lives in the fragment, e.g.::

    e=worried&a=talk-to-lead.yes,immediate-danger.no&d=2025-05-02&t=15:30

``e`` is the entry point (or ``s`` the step a walk was opened at), ``a`` the
answers as ``node.option`` pairs, ``k`` the later answers Change keeps aside
(same form), ``d`` the referral date and ``t`` the optional time.  Every value must be a slug id,
a YYYY-MM-DD date or an HH:MM time; anything else (unknown keys, repeated
keys, percent-escapes, spaces, other characters) raises ``ValueError``, so
nothing a user typed can ride along in a shared link.  Fragments are never
sent to a server, but they are shared, so they stay minimal by construction.
"""

from __future__ import annotations

from .state import WalkState, check_id, check_time, parse_date

MAX_LENGTH = 4096
_KEYS = ("e", "s", "a", "k", "d", "t")


def encode_fragment(state: WalkState) -> str:
    """The fragment (without "#") for ``state``; "" for the start page."""
    parts: list[str] = []
    if state.entry is not None:
        parts.append("e=" + check_id(state.entry, "entry point id"))
    if state.start is not None:
        parts.append("s=" + check_id(state.start, "step id"))
    if state.answers:
        parts.append("a=" + _encode_pairs(state.answers))
    if state.keep:
        parts.append("k=" + _encode_pairs(state.keep))
    if state.referral_date is not None:
        parts.append("d=" + state.referral_date.isoformat())
    if state.referral_time is not None:
        parts.append("t=" + check_time(state.referral_time))
    return "&".join(parts)


def decode_fragment(fragment: str) -> WalkState:
    """Parse a fragment (with or without "#"); ``ValueError`` for anything but the format above."""
    if not isinstance(fragment, str):
        raise ValueError("a fragment must be text")
    if len(fragment) > MAX_LENGTH:
        raise ValueError("the fragment is too long")
    text = fragment[1:] if fragment.startswith("#") else fragment
    if not text:
        return WalkState()
    values: dict[str, str] = {}
    for part in text.split("&"):
        key, sep, value = part.partition("=")
        if not sep or key not in _KEYS:
            raise ValueError(f"unexpected part {part[:40]!r} in the fragment")
        if key in values:
            raise ValueError(f"{key!r} appears twice in the fragment")
        values[key] = value
    entry = check_id(values["e"], "entry point id") if "e" in values else None
    start = check_id(values["s"], "step id") if "s" in values else None
    date = parse_date(values["d"]) if "d" in values else None
    time = check_time(values["t"]) if "t" in values else None
    return WalkState.make(entry, _decode_pairs(values.get("a")), date, time, start=start,
                          keep=_decode_pairs(values.get("k")))


def _encode_pairs(pairs: tuple[tuple[str, str], ...]) -> str:
    return ",".join(f"{check_id(n, 'node id')}.{check_id(o, 'option id')}" for n, o in pairs)


def _decode_pairs(text: str | None) -> list[tuple[str, str]]:
    answers: list[tuple[str, str]] = []
    if text is None:
        return answers
    for pair in text.split(","):
        node, sep, option = pair.partition(".")
        if not sep:
            raise ValueError(f"an answer must be node.option, got {pair[:40]!r}")
        answers.append((check_id(node, "node id"), check_id(option, "option id")))
    return answers
