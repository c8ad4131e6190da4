"""The widgets' state as plain data that round-trips through JSON.

State lives in the browser's memory (and in session storage only if the user
opts in), so it must serialise to JSON and back without loss, and anything
read back must be validated: session storage and URL fragments are input.
Malformed state raises ``ValueError`` and nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TIME_RE = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
MODES = ("referral", "call", "after")
ANSWERS = ("yes", "no")
MAX_ID = 80


def check_id(value: object, what: str = "id") -> str:
    """A slug id as the content model defines it, or ``ValueError``."""
    if not isinstance(value, str) or len(value) > MAX_ID or not ID_RE.fullmatch(value):
        raise ValueError(f"{what} must be a lower-case slug, got {value!r}")
    return value


def parse_date(value: object) -> dt.date:
    """A strict ISO date (YYYY-MM-DD only), or ``ValueError``."""
    if not isinstance(value, str) or not DATE_RE.fullmatch(value):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:  # our own words: CPython 3.11 and Pyodide's 3.14 phrase this differently
        raise ValueError(f"{value} is not a real date") from None


def check_time(value: object) -> str:
    """A 24-hour time as HH:MM, or ``ValueError``."""
    if not isinstance(value, str) or not TIME_RE.fullmatch(value):
        raise ValueError(f"expected a time as HH:MM, got {value!r}")
    return value


@dataclass
class ChecklistState:
    """What the user has done in the checklist: answers, ticks, notes and the mode.

    ``answers`` maps a condition id to "yes" or "no" (unanswered conditions
    are absent).  ``checked`` is a set of item ids.  ``notes`` maps an item id
    to what the user wrote.
    """

    mode: str = "referral"
    answers: dict[str, str] = field(default_factory=dict)
    checked: set[str] = field(default_factory=set)
    notes: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """JSON-ready and deterministic (sorted ids, empty notes dropped)."""
        return {
            "mode": self.mode,
            "answers": {k: self.answers[k] for k in sorted(self.answers)},
            "checked": sorted(self.checked),
            "notes": {k: self.notes[k] for k in sorted(self.notes) if self.notes[k]},
        }

    @classmethod
    def from_json(cls, obj: object) -> ChecklistState:
        """Validate and build state from parsed JSON; ``ValueError`` if malformed."""
        if obj is None:
            return cls()
        if not isinstance(obj, Mapping):
            raise ValueError("checklist state must be an object")
        unknown = set(obj) - {"mode", "answers", "checked", "notes"}
        if unknown:
            raise ValueError(f"unknown keys in checklist state: {sorted(map(str, unknown))}")
        mode = obj.get("mode", "referral")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        answers_in = obj.get("answers", {})
        if not isinstance(answers_in, Mapping):
            raise ValueError("answers must be an object")
        answers: dict[str, str] = {}
        for key, value in answers_in.items():
            check_id(key, "condition id")
            if value is None:
                continue
            if value not in ANSWERS:
                raise ValueError(f"an answer must be 'yes' or 'no', got {value!r}")
            answers[key] = value
        checked_in = obj.get("checked", [])
        if not isinstance(checked_in, (list, tuple)):
            raise ValueError("checked must be a list")
        checked = {check_id(item, "item id") for item in checked_in}
        notes_in = obj.get("notes", {})
        if not isinstance(notes_in, Mapping):
            raise ValueError("notes must be an object")
        notes: dict[str, str] = {}
        for key, value in notes_in.items():
            check_id(key, "item id")
            if not isinstance(value, str):
                raise ValueError("a note must be text")
            notes[key] = value
        return cls(mode=mode, answers=answers, checked=checked, notes=notes)


Pair = tuple[str, str]


@dataclass(frozen=True)
class WalkState:
    """Where the user is in the pathway: an entry point (or a step), answers, kept answers, a referral date.

    ``entry`` is the "Where are you?" choice; a walk opened straight at a step
    page (a link from the pathway overview, or a walk without JavaScript) has
    ``start``, that step's node id, instead.  ``keep`` holds the later answers
    set aside by Change (and Back): they are given again, in order, wherever
    the new route asks the same question, so a changed answer drops only what
    no longer fits.  ``("pw-start", entry)`` in ``keep`` is the entry point.
    Only choices (ids) and ISO dates/times: never free text, so the state can
    live in a URL fragment without carrying anything personal.
    """

    entry: str | None = None
    answers: tuple[Pair, ...] = ()
    referral_date: dt.date | None = None
    referral_time: str | None = None
    start: str | None = None
    keep: tuple[Pair, ...] = ()

    def to_json(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {
            "entry": self.entry,
            "start": self.start,
            "answers": [[node, option] for node, option in self.answers],
            "keep": [[node, option] for node, option in self.keep],
            "referral_date": self.referral_date.isoformat() if self.referral_date else None,
            "referral_time": self.referral_time,
        }

    @classmethod
    def from_json(cls, obj: object) -> WalkState:
        """Validate and build from parsed JSON; ``ValueError`` if malformed."""
        if obj is None:
            return cls()
        if not isinstance(obj, Mapping):
            raise ValueError("walk state must be an object")
        unknown = set(obj) - {"entry", "start", "answers", "keep", "referral_date", "referral_time"}
        if unknown:
            raise ValueError(f"unknown keys in walk state: {sorted(map(str, unknown))}")
        entry = obj.get("entry")
        if entry is not None:
            check_id(entry, "entry point id")
        start = obj.get("start")
        if start is not None:
            check_id(start, "step id")
        date_in = obj.get("referral_date")
        time_in = obj.get("referral_time")
        return cls.make(entry, _pairs(obj.get("answers", [])), None if date_in is None else parse_date(date_in),
                        None if time_in is None else check_time(time_in), start=start, keep=_pairs(obj.get("keep", [])))

    @classmethod
    def make(
        cls,
        entry: str | None,
        answers: list[Pair] | tuple[Pair, ...] = (),
        referral_date: dt.date | None = None,
        referral_time: str | None = None,
        start: str | None = None,
        keep: list[Pair] | tuple[Pair, ...] = (),
    ) -> WalkState:
        """Build a state, checking the combinations make sense."""
        if entry is not None and start is not None:
            raise ValueError("a walk starts at an entry point or at a step, not both")
        if entry is None and start is None and answers:
            raise ValueError("answers need an entry point")
        if referral_time is not None and referral_date is None:
            raise ValueError("a referral time needs a referral date")
        return cls(entry, tuple((a, b) for a, b in answers), referral_date, referral_time, start,
                   tuple((a, b) for a, b in keep))


def _pairs(raw: object) -> list[Pair]:
    if not isinstance(raw, (list, tuple)):
        raise ValueError("answers must be a list")
    pairs: list[Pair] = []
    for pair in raw:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValueError("each answer must be [node id, option id]")
        pairs.append((check_id(pair[0], "node id"), check_id(pair[1], "option id")))
    return pairs
