"""The "what happens next" pathway walker, in the GOV.UK Smart Answers style.

Input is the JSON dump of ``generator.models.pathway.Pathway``; citations may
carry an ``href`` and nodes may carry ``guide_href``/``guide_title`` (added by
the exporter; derived from ``guide`` when absent).

A walk starts at an entry point and follows the graph: a question waits for
an answer (one of its options); every other node moves on through ``next``
until a node without one (an outcome, planned or context node) ends the walk.
So the user is only ever shown one question at a time, with the steps passed
on the way to it.  Answers are ``(node id, option id)`` pairs; an answer that
does not fit the graph raises ``ValueError``, so a stale or hand-edited URL
cannot put the walker in an impossible place.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import workdays
from .fragment import decode_fragment, encode_fragment
from .refs import ref_href, ref_kind
from .state import WalkState

__all__ = [
    "Answer",
    "PathRoute",
    "WalkResult",
    "WalkState",
    "all_paths",
    "answers_to",
    "card",
    "decode_fragment",
    "encode_fragment",
    "walk",
    "walk_state",
]

Data = Mapping[str, Any]
TERMINAL_KINDS = ("outcome", "planned", "context")


def _nodes(data: Data) -> dict[str, Data]:
    try:
        return {node["id"]: node for node in data["nodes"]}
    except (KeyError, TypeError) as exc:
        raise ValueError("pathway data needs a list of nodes with ids") from exc


def _entries(data: Data) -> dict[str, Data]:
    try:
        return {entry["id"]: entry for entry in data["entry_points"]}
    except (KeyError, TypeError) as exc:
        raise ValueError("pathway data needs a list of entry points with ids") from exc


def _node(nodes: Mapping[str, Data], node_id: str) -> Data:
    if node_id not in nodes:
        raise ValueError(f"the pathway has no node {node_id!r}")
    return nodes[node_id]


@dataclass(frozen=True)
class Answer:
    """One answered question, for the "your answers" list."""

    index: int
    node: str
    option: str
    question: str
    label: str

    def to_json(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {"index": self.index, "node": self.node, "option": self.option,
                "question": self.question, "label": self.label}


@dataclass(frozen=True)
class WalkResult:
    """Where a walk has got to and everything needed to show it.

    ``status`` is "start" (no entry point chosen yet), "question" or
    "outcome".  ``steps`` are the non-question nodes passed since the last
    answer (shown before the current question or outcome).
    """

    state: WalkState
    status: str
    current: str | None
    route: list[str]
    history: list[Answer]
    steps: list[str]
    outcome: dict[str, object] | None
    asks_referral_date: bool
    deadlines: dict[str, object] | None
    deadline_error: str | None
    calendar: str

    @property
    def fragment(self) -> str:
        """The URL fragment (without "#") that reproduces this walk."""
        return encode_fragment(self.state)

    def back(self) -> WalkState | None:
        """The state one answer back (the entry choice comes off last), or None at the start."""
        if self.state.answers:
            return WalkState.make(self.state.entry, self.state.answers[:-1],
                                  self.state.referral_date, self.state.referral_time)
        if self.state.entry is not None:
            return WalkState()
        return None

    def change(self, index: int) -> WalkState:
        """The state for changing answer ``index``: that question asked again, later answers dropped."""
        if not 0 <= index < len(self.state.answers):
            raise ValueError(f"there is no answer {index}")
        return WalkState.make(self.state.entry, self.state.answers[:index],
                              self.state.referral_date, self.state.referral_time)

    def to_json(self) -> dict[str, object]:
        """JSON-ready dict for the browser bridge."""
        back = self.back()
        return {
            "state": self.state.to_json(),
            "fragment": self.fragment,
            "back": encode_fragment(back) if back is not None else None,
            "back_selected": self.state.answers[-1][1] if self.state.answers else self.state.entry,
            "status": self.status,
            "current": self.current,
            "route": list(self.route),
            "history": [a.to_json() for a in self.history],
            "changes": [encode_fragment(self.change(a.index)) for a in self.history],
            "steps": list(self.steps),
            "outcome": self.outcome,
            "asks_referral_date": self.asks_referral_date,
            "deadlines": self.deadlines,
            "deadline_error": self.deadline_error,
            "calendar": self.calendar,
        }


def guide_link(node: Data) -> dict[str, object] | None:
    """The guide a node comes from: ref, href, title (if given) and whether it is planned."""
    ref = node.get("guide")
    href = node.get("guide_href")
    if not ref and not href:
        return None
    kind = ref_kind(ref) if isinstance(ref, str) else None
    return {
        "ref": ref,
        "href": href or (ref_href(ref) if isinstance(ref, str) else None),
        "title": node.get("guide_title"),
        "planned": kind == "planned" or node.get("kind") == "planned",
    }


def card(data: Data, node_id: str, deadlines: workdays.ReferralDeadlines | None = None) -> dict[str, object]:
    """Everything an outcome or step card shows for one node, as JSON-ready data."""
    nodes = _nodes(data)
    node = _node(nodes, node_id)
    stages = {stage["id"]: stage for stage in data.get("stages", [])}
    stage = stages.get(node.get("stage", ""), {})
    limit = node.get("time_limit")
    due: dict[str, str] | None = None
    if limit and deadlines is not None and isinstance(limit.get("working_days"), int):
        try:
            day = workdays.add_working_days(deadlines.referral_date, limit["working_days"], deadlines.calendar)
            due = {"date": day.isoformat(), "text": workdays.format_date(day)}
        except ValueError:
            due = None
    return {
        "id": node["id"],
        "kind": node.get("kind"),
        "stage": node.get("stage"),
        "stage_title": stage.get("title"),
        "title": node.get("title"),
        "text": node.get("text"),
        "who": node.get("who"),
        "time_limit": dict(limit) if limit else None,
        "due": due,
        "do_now": list(node.get("do_now", [])),
        "guide": guide_link(node),
        "cite": [dict(c) for c in node.get("cite", [])],
        "planned": node.get("kind") == "planned",
        "context": node.get("kind") == "context",
        "asks_referral_date": bool(node.get("asks_referral_date")),
        "local": node.get("local"),
    }


def walk(
    data: Data,
    entry_id: str | None,
    answers: Iterable[Sequence[str]] = (),
    referral_date: dt.date | None = None,
    referral_time: str | None = None,
    calendar: str = workdays.DEFAULT_CALENDAR,
) -> WalkResult:
    """Follow the pathway from ``entry_id`` through ``answers``; ``ValueError`` if they do not fit."""
    pairs = [tuple(pair) for pair in answers]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError("each answer must be a (node id, option id) pair")
    state = WalkState.make(entry_id, [(str(a), str(b)) for a, b in pairs], referral_date, referral_time)
    nodes = _nodes(data)
    workdays.get_calendar(calendar)
    if entry_id is None:
        return WalkResult(state, "start", None, [], [], [], None, False, None, None, calendar)
    entries = _entries(data)
    if entry_id not in entries:
        raise ValueError(f"the pathway has no entry point {entry_id!r}")
    current = _node(nodes, entries[entry_id]["node"])
    route: list[str] = []
    history: list[Answer] = []
    steps: list[str] = []
    position = 0
    while True:
        if current["id"] in route:
            raise ValueError(f"the pathway loops back to {current['id']!r}")
        route.append(current["id"])
        if current.get("kind") == "question":
            if position == len(state.answers):
                status = "question"
                break
            node_id, option_id = state.answers[position]
            if node_id != current["id"]:
                raise ValueError(f"answer {position + 1} is for {node_id!r}, but the question here is {current['id']!r}")
            options = {option["id"]: option for option in current.get("options", [])}
            if option_id not in options:
                raise ValueError(f"{option_id!r} is not an option of the question {node_id!r}")
            history.append(Answer(position, node_id, option_id, str(current.get("title", "")),
                                  str(options[option_id].get("label", ""))))
            position += 1
            steps = []
            current = _node(nodes, options[option_id]["next"])
        elif current.get("next"):
            steps.append(current["id"])
            current = _node(nodes, current["next"])
        else:
            status = "outcome"
            break
    if position < len(state.answers):
        raise ValueError(f"{len(state.answers) - position} answer(s) given after the walk reached {current['id']!r}")

    asks = any(nodes[nid].get("asks_referral_date") for nid in route)
    deadlines = None
    deadline_obj = None
    error = None
    if asks and state.referral_date is not None:
        try:
            deadline_obj = workdays.referral_deadlines(state.referral_date, calendar, state.referral_time)
            deadlines = deadline_obj.to_json()
        except ValueError as exc:
            error = str(exc)
    outcome = card(data, current["id"], deadline_obj) if status == "outcome" else None
    return WalkResult(state, status, current["id"], route, history, steps, outcome, asks, deadlines, error, calendar)


def walk_state(data: Data, state: WalkState, calendar: str = workdays.DEFAULT_CALENDAR) -> WalkResult:
    """``walk`` for a ``WalkState`` (e.g. one decoded from the URL fragment)."""
    return walk(data, state.entry, state.answers, state.referral_date, state.referral_time, calendar)


@dataclass(frozen=True)
class PathRoute:
    """One complete route: the entry point, the answers given, the nodes passed, the end."""

    entry: str
    answers: tuple[tuple[str, str], ...]
    route: tuple[str, ...]
    outcome: str

    def to_json(self) -> dict[str, object]:
        """JSON-ready dict (also the shape of the snapshot tests)."""
        return {"entry": self.entry, "answers": [list(a) for a in self.answers],
                "route": list(self.route), "outcome": self.outcome}


def all_paths(data: Data) -> list[PathRoute]:
    """Every route through the pathway, from every entry point, in data order."""
    nodes = _nodes(data)
    found: list[PathRoute] = []

    def follow(entry: str, node_id: str, answers: tuple[tuple[str, str], ...], route: tuple[str, ...]) -> None:
        node = _node(nodes, node_id)
        if node_id in route:
            raise ValueError(f"the pathway loops back to {node_id!r}")
        route = route + (node_id,)
        if node.get("kind") == "question":
            for option in node.get("options", []):
                follow(entry, option["next"], answers + ((node_id, option["id"]),), route)
        elif node.get("next"):
            follow(entry, node["next"], answers, route)
        else:
            found.append(PathRoute(entry, answers, route, node_id))

    for entry in data.get("entry_points", []):
        follow(entry["id"], entry["node"], (), ())
    return found


def answers_to(data: Data, node_id: str) -> WalkState:
    """The walk with the fewest answers that reaches ``node_id`` (for "open the walker here" links).

    A 0-1 breadth-first search: moving on through ``next`` costs nothing,
    answering a question costs one.  Ties go to the earlier entry point.
    """
    nodes = _nodes(data)
    _node(nodes, node_id)
    best: WalkState | None = None
    for entry in data.get("entry_points", []):
        shortest: dict[str, tuple[tuple[str, str], ...]] = {}
        queue: deque[tuple[str, tuple[tuple[str, str], ...]]] = deque([(entry["node"], ())])
        while queue:
            current, answers = queue.popleft()
            if current in shortest and len(shortest[current]) <= len(answers):
                continue
            shortest[current] = answers
            node = _node(nodes, current)
            if node.get("kind") == "question":
                queue.extend((o["next"], answers + ((current, o["id"]),)) for o in node.get("options", []))
            elif node.get("next"):
                queue.appendleft((node["next"], answers))
        if node_id in shortest and (best is None or len(shortest[node_id]) < len(best.answers)):
            best = WalkState.make(entry["id"], shortest[node_id])
    if best is None:
        raise ValueError(f"no entry point leads to {node_id!r}")
    return best
