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
from dataclasses import dataclass, field
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
    "answer",
    "answers_to",
    "card",
    "resume",
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

    ``status`` is "start" (no entry point chosen yet), "question", "date"
    (the referral date is asked), "step" (an action an answer led to, on a
    page of its own) or "outcome".  ``stops`` are the pages since the last
    answer, in order (an action an answer leads to, the date, then the
    question or outcome the walk stops at); ``current`` is the one shown.
    ``steps`` are the other nodes passed on the way to ``current``.
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
    stops: list[str] = field(default_factory=list)
    date_stop: str | None = None

    @property
    def fragment(self) -> str:
        """The URL fragment (without "#") that reproduces this walk."""
        return encode_fragment(self.state)

    def next_stop(self) -> str | None:
        """The page after this one when no answer is needed (an action or the date), else None."""
        if self.current in self.stops:
            index = self.stops.index(self.current)
            if index + 1 < len(self.stops):
                return self.stops[index + 1]
        return None

    def back(self) -> tuple[WalkState, str | None] | None:
        """The state and page one step back, or None at the start.

        The answer taken back is kept aside (``keep``), so the question shows
        it selected and, given again, it brings back the answers after it.
        """
        state = self.state
        if self.current in self.stops and self.stops.index(self.current) > 0:
            return state, self.stops[self.stops.index(self.current) - 1]
        if state.answers:
            last = state.answers[-1]
            back = WalkState.make(state.entry, state.answers[:-1], state.referral_date, state.referral_time,
                                  start=state.start, keep=(last, *_without(state.keep, last[0])))
            return back, last[0]
        if state.entry is not None:
            return WalkState.make(None, keep=((START_KEY, state.entry),)), None
        return None

    def change(self, index: int) -> tuple[WalkState, str | None]:
        """The state and page for changing answer ``index`` (-1: where you are); later answers kept aside."""
        state = self.state
        if index == -1 and state.entry is not None:
            return WalkState.make(None, keep=((START_KEY, state.entry), *state.answers)), None
        if not 0 <= index < len(state.answers):
            raise ValueError(f"there is no answer {index}")
        later = state.answers[index:]
        kept = later + tuple(p for p in state.keep if p[0] not in {n for n, _ in later})
        return (WalkState.make(state.entry, state.answers[:index], state.referral_date, state.referral_time,
                               start=state.start, keep=kept), state.answers[index][0])

    def kept(self, node: str) -> str | None:
        """The answer kept aside for ``node`` (shown selected), if any."""
        return dict(self.state.keep).get(node)

    def to_json(self) -> dict[str, object]:
        """JSON-ready dict for the browser bridge."""
        back = self.back()
        return {
            "state": self.state.to_json(),
            "fragment": self.fragment,
            "back": None if back is None else {"fragment": encode_fragment(back[0]), "page": back[1]},
            "status": self.status,
            "current": self.current,
            "stops": list(self.stops),
            "route": list(self.route),
            "history": [a.to_json() for a in self.history],
            "changes": [{"fragment": encode_fragment(c[0]), "page": c[1]} for c in (self.change(a.index) for a in self.history)],
            "steps": list(self.steps),
            "outcome": self.outcome,
            "asks_referral_date": self.asks_referral_date,
            "deadlines": self.deadlines,
            "deadline_error": self.deadline_error,
            "calendar": self.calendar,
        }


START_KEY = "pw-start"


def _without(pairs: tuple[tuple[str, str], ...], node: str) -> tuple[tuple[str, str], ...]:
    return tuple(p for p in pairs if p[0] != node)


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


def is_action_stop(node: Data) -> bool:
    """An action an answer (or an entry point) leads to straight away gets a page of its own.

    It is what the person has to do now (contact the police straight away,
    make the referral, prepare the 999 call), so it is not left as a card
    above or below the next question.
    """
    return node.get("kind") == "action" and bool(node.get("next"))


def walk(
    data: Data,
    entry_id: str | None,
    answers: Iterable[Sequence[str]] = (),
    referral_date: dt.date | None = None,
    referral_time: str | None = None,
    calendar: str = workdays.DEFAULT_CALENDAR,
    *,
    start: str | None = None,
    keep: Iterable[Sequence[str]] = (),
    at: str | None = None,
) -> WalkResult:
    """Follow the pathway from ``entry_id`` (or the step ``start``) through ``answers``.

    ``at`` names the page asked for (a step page's own node); it is shown
    when it is one of the pages since the last answer, else the first of
    them.  ``ValueError`` if the answers do not fit.
    """
    pairs = [tuple(pair) for pair in answers]
    kept = [tuple(pair) for pair in keep]
    if any(len(pair) != 2 for pair in pairs + kept):
        raise ValueError("each answer must be a (node id, option id) pair")
    state = WalkState.make(entry_id, [(str(a), str(b)) for a, b in pairs], referral_date, referral_time,
                           start=start, keep=[(str(a), str(b)) for a, b in kept])
    nodes = _nodes(data)
    workdays.get_calendar(calendar)
    if entry_id is None and start is None:
        return WalkResult(state, "start", None, [], [], [], None, False, None, None, calendar)
    if entry_id is not None:
        entries = _entries(data)
        if entry_id not in entries:
            raise ValueError(f"the pathway has no entry point {entry_id!r}")
        current = _node(nodes, entries[entry_id]["node"])
    else:
        current = _node(nodes, str(start))
    route: list[str] = []
    history: list[Answer] = []
    tail_from = 0
    position = 0
    while True:
        if current["id"] in route:
            raise ValueError(f"the pathway loops back to {current['id']!r}")
        route.append(current["id"])
        if current.get("kind") == "question":
            if position == len(state.answers):
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
            tail_from = len(route)
            current = _node(nodes, options[option_id]["next"])
        elif current.get("next"):
            current = _node(nodes, current["next"])
        else:
            break
    if position < len(state.answers):
        raise ValueError(f"{len(state.answers) - position} answer(s) given after the walk reached {current['id']!r}")

    tail = route[tail_from:]
    asking = [nid for nid in route if nodes[nid].get("asks_referral_date")]
    date_stop = asking[0] if asking and asking[0] in tail and state.referral_date is None else None
    stops: list[str] = []
    if is_action_stop(nodes[tail[0]]) and len(tail) > 1:
        stops.append(tail[0])
    if date_stop and date_stop not in stops and date_stop != tail[-1]:
        stops.append(date_stop)
    stops.append(tail[-1])
    shown = at if at in stops else stops[0]
    index = tail.index(shown)
    before = max((tail.index(s) for s in stops if tail.index(s) < index), default=-1)
    steps = [nid for nid in tail[before + 1:index] if nid not in stops]
    kind = nodes[shown].get("kind")
    if shown == date_stop:
        status = "date"
    elif kind == "question":
        status = "question"
    elif shown != tail[-1]:
        status = "step"
    else:
        status = "outcome"

    deadlines = None
    deadline_obj = None
    error = None
    if asking and state.referral_date is not None:
        try:
            deadline_obj = workdays.referral_deadlines(state.referral_date, calendar, state.referral_time)
            deadlines = deadline_obj.to_json()
        except ValueError as exc:
            error = str(exc)
    outcome = card(data, shown, deadline_obj) if status == "outcome" else None
    return WalkResult(state, status, shown, route, history, steps, outcome, bool(asking), deadlines, error, calendar,
                      stops, date_stop)


def walk_state(data: Data, state: WalkState, calendar: str = workdays.DEFAULT_CALENDAR,
               at: str | None = None) -> WalkResult:
    """``walk`` for a ``WalkState`` (e.g. one decoded from the URL fragment), at page ``at``."""
    return walk(data, state.entry, state.answers, state.referral_date, state.referral_time, calendar,
                start=state.start, keep=state.keep, at=at)


def answer(data: Data, state: WalkState, node_id: str, option_id: str,
           calendar: str = workdays.DEFAULT_CALENDAR) -> tuple[WalkState, str | None]:
    """Give an answer, then every kept answer the new route asks for again; the new state and page.

    After Change (or Back), the answers kept aside are given again, in order,
    while the route meets their questions, and the walk goes on to where it
    then stops; without kept answers it goes to the page the answer leads to.
    """
    if node_id == START_KEY:
        entries = {e["id"] for e in data.get("entry_points", [])}
        if option_id not in entries:
            raise ValueError(f"{option_id!r} is not one of the starting points")
        new = WalkState.make(option_id, (), state.referral_date, state.referral_time,
                             keep=_without(state.keep, START_KEY))
    else:
        new = WalkState.make(state.entry, (*state.answers, (node_id, option_id)), state.referral_date,
                             state.referral_time, start=state.start, keep=_without(state.keep, node_id))
    return resume(data, new, None, calendar)


def resume(data: Data, state: WalkState, page: str | None = None,
           calendar: str = workdays.DEFAULT_CALENDAR) -> tuple[WalkState, str | None]:
    """Give again the kept answers the route asks for, in order; the state without them and its page.

    Lands where the walk then stops when any kept answer was given again,
    else on ``page`` (or the first page since the last answer).
    """
    nodes = _nodes(data)
    new = state
    result = walk_state(data, new, calendar)
    replayed = False
    while new.keep and result.stops and _node(nodes, result.stops[-1]).get("kind") == "question":
        question = result.stops[-1]
        option = dict(new.keep).get(question)
        valid = {o["id"] for o in _node(nodes, question).get("options", [])}
        if option is None or option not in valid:
            break
        new = WalkState.make(new.entry, (*new.answers, (question, option)), new.referral_date, new.referral_time,
                             start=new.start, keep=_without(new.keep, question))
        result = walk_state(data, new, calendar)
        replayed = True
    final = WalkState.make(new.entry, new.answers, new.referral_date, new.referral_time, start=new.start)
    result = walk_state(data, final, calendar, at=page)
    return final, (result.stops[-1] if replayed else result.current)


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
