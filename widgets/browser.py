"""The browser's way into the widget core: one JSON request in, one JSON reply out.

The Web Worker (``docs/assets/widgets/worker.js``) runs this module under
Pyodide and calls ``handle`` for every message the page's bridge sends; the
bridge only applies what comes back (HTML for the live regions, ids to show
or hide, the draft text, the URL fragment).  So every decision a user sees
after hydration is made here, by the same code the build and the tests run.

Keeping the boundary to JSON text in both directions means no Python object
ever leaks into JavaScript (no proxies to leak or destroy) and the requests
can be replayed in CPython.  Everything that arrives is input: state from
session storage, fragments from the address bar, answers from the form.  A
bad request gets ``{"ok": false, "error": ...}`` with a plain message, never
a traceback.

Links in the data are site-root URLs (``/guides/...``); ``load_*`` takes the
path the site is actually served under (``base``) so a site published below
a sub-path still links correctly.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import workdays
from .checklist import checklist_for, checklists, draft, evaluate, items_of
from .checklist_html import render_summary, render_text_checks, render_urgent
from .fragment import decode_fragment
from .markup import rebase_links
from .state import ID_RE, ChecklistState, WalkState
from .textchecks import text_checks
from .walker import answer as walker_answer_state
from .walker import answers_to, walk_state
from .walker import resume as walker_resume
from .walker_html import DATE_QUESTION, START_NODE, START_QUESTION, page_url, walker_region

__all__ = ["handle", "reset"]

Data = Mapping[str, Any]
MAX_REQUEST = 2_000_000  # characters: far above any real checklist, far below trouble


@dataclass
class _Session:
    """What the worker has loaded: the widget data and where the site is served."""

    base: str = "/"
    checklist: dict[str, Any] | None = None
    pathway: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_session = _Session()


class RequestError(ValueError):
    """A request the widgets cannot act on; its message is shown or logged as is."""


def reset() -> None:
    """Forget everything loaded (tests; a worker is otherwise one session per tab)."""
    global _session
    _session = _Session()


def _base(value: object) -> str:
    if value is None:
        return "/"
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//") or not value.endswith("/"):
        raise RequestError("base must be a path such as / or /site/")
    if any(ch in value for ch in "\"'<>\\ ?#") or len(value) > 500:
        raise RequestError("base must be a plain path")
    return value


def _json_text(value: object, what: str) -> Any:
    if not isinstance(value, str):
        raise RequestError(f"{what} must be JSON text")
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise RequestError(f"{what} is not valid JSON ({exc.msg})") from None


def _html(text: str) -> str:
    return rebase_links(text, _session.base)


# -- the checklist -------------------------------------------------------------


def load_checklist(request: Mapping[str, Any]) -> dict[str, Any]:
    """Load the checklists (one JSON text per mode, in page order); returns their modes."""
    texts = request.get("checklists")
    if not isinstance(texts, list) or not texts:
        raise RequestError("checklists must be a non-empty list of JSON texts")
    bundle = {"checklists": [_json_text(text, "a checklist") for text in texts]}
    found = checklists(bundle)
    for checklist in found:
        if not isinstance(checklist.get("groups"), list):
            raise RequestError("a checklist needs a list of groups")
        items_of(checklist)
    _session.base = _base(request.get("base"))
    _session.checklist = bundle
    return {"modes": [str(c.get("mode")) for c in found], "ids": [str(c.get("id")) for c in found]}


def _checklist_data() -> dict[str, Any]:
    if _session.checklist is None:
        raise RequestError("no checklist is loaded")
    return _session.checklist


def checklist_view(request: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the checklist shows for a state: panels, hidden items and rules, summary, checks, draft."""
    bundle = _checklist_data()
    state = ChecklistState.from_json(request.get("state"))
    current = checklist_for(bundle, state.mode)
    if current.get("mode") and current.get("mode") != state.mode:
        state = ChecklistState(str(current["mode"]), state.answers, state.checked, state.notes)
    panels: dict[str, dict[str, list[str]]] = {}
    for checklist in checklists(bundle):
        mode = str(checklist.get("mode"))
        result = evaluate(checklist, ChecklistState(mode, state.answers, state.checked, state.notes))
        applying = set(result.rules)
        panels[mode] = {
            "hidden_items": list(result.hidden),
            "hidden_rules": [r["id"] for r in checklist.get("rules", []) if r["id"] not in applying],
        }
    result = evaluate(bundle, state)
    checks = text_checks(state, state.mode, bundle)
    return {
        "state": state.to_json(),
        "mode": state.mode,
        "panels": panels,
        "urgent_html": _html(render_urgent(bundle, state)),
        "summary_html": _html(render_summary(bundle, state)),
        "checks_html": _html(render_text_checks(checks)),
        "draft": draft(bundle, state),
        "open_must": list(result.open_must),
        "open_should": list(result.open_should),
        "rules": list(result.rules),
        "checks": [check.id for check in checks],
    }


# -- the walker ----------------------------------------------------------------


def load_walker(request: Mapping[str, Any]) -> dict[str, Any]:
    """Load the pathway JSON text; returns the entry point ids."""
    data = _json_text(request.get("pathway"), "the pathway")
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("entry_points"), list):
        raise RequestError("the pathway needs nodes and entry points")
    _session.base = _base(request.get("base"))
    _session.pathway = data
    walk_state(data, WalkState())
    return {"entries": [str(e.get("id")) for e in data["entry_points"]]}


def _pathway() -> dict[str, Any]:
    if _session.pathway is None:
        raise RequestError("no pathway is loaded")
    return _session.pathway


_WALKER_PATH = re.compile(r"(?:[a-z0-9-]+/)+")


def _walker_base(request: Mapping[str, Any]) -> str:
    """The walker's own address below the site root (its step pages are ``<base><node>/``)."""
    path = request.get("walker", "tools/what-happens-next/")
    if not isinstance(path, str) or len(path) > 200 or not _WALKER_PATH.fullmatch(path):
        raise RequestError("walker must be a path such as tools/what-happens-next/")
    return "/" + path


def _page(request: Mapping[str, Any]) -> str | None:
    page = request.get("page") or None
    if page is not None and (not isinstance(page, str) or not ID_RE.fullmatch(page) or len(page) > 80):
        raise RequestError("page must be a step id")
    return page


def _walker_reply(data: Data, state: WalkState, page: str | None, request: Mapping[str, Any],
                  selected: str | None = None, error: dict[str, str] | None = None,
                  focus: str = "heading", announce: str = "") -> dict[str, Any]:
    result = walk_state(data, state, at=page)
    nodes = {node["id"]: node for node in data["nodes"]}
    if result.current is None:
        title = START_QUESTION
    elif result.status == "date":
        title = DATE_QUESTION
    else:
        title = str(nodes[result.current].get("title", ""))
    body = walker_region(data, result, _walker_base(request), selected, error)
    if error:
        focus = "error"
    return {
        "html": _html(body),
        "url": _html_url(page_url(_walker_base(request), result.state, result.current)),
        "fragment": result.fragment,
        "status": result.status,
        "node": result.current,
        "next_page": result.next_stop(),
        "title": ("Error: " if error else "") + title,
        "focus": focus,
        "announce": announce,
        "deadlines": result.deadlines,
        "deadline_error": result.deadline_error,
        "error": error["message"] if error else None,
    }


def _html_url(url: str) -> str:
    return _session.base + url[1:]


def _state_from_fragment(data: Data, fragment: object, page: str | None = None) -> WalkState:
    """The walk a URL describes: its fragment, or (none) the walk opened at the step page ``page``.

    ``#step-<node>`` (the pathway overview's anchors) opens the walker there.
    """
    if not isinstance(fragment, str):
        raise RequestError("the fragment must be text")
    text = fragment[1:] if fragment.startswith("#") else fragment
    if text.startswith("step-") and "=" not in text:
        try:
            return answers_to(data, text[len("step-"):])
        except ValueError:
            return WalkState()
    if text.startswith("stage-") and "=" not in text:
        first = next((n["id"] for n in data["nodes"] if n.get("stage") == text[len("stage-"):]), None)
        return answers_to(data, first) if first else WalkState()
    if not text and page is not None:
        state = WalkState.make(None, start=page)
    else:
        state = decode_fragment(text)
    walk_state(data, state)  # raises ValueError when the answers do not fit the pathway
    return state


def walker_view(request: Mapping[str, Any]) -> dict[str, Any]:
    """The step for a URL (page and fragment): a deep link, a reload, Back, Change, Continue or Start again."""
    data = _pathway()
    selected = request.get("selected")
    if selected is not None and not isinstance(selected, str):
        raise RequestError("selected must be an option id")
    page = _page(request)
    try:
        state = _state_from_fragment(data, request.get("fragment", ""), page)
    except ValueError:
        return _walker_reply(
            data, WalkState(), None, request,
            error={"message": "This link does not match the steps on this site, so the walk starts from the beginning.",
                   "field": "pw-current-heading"},
        )
    return _walker_reply(data, state, page, request, selected, focus=str(request.get("focus") or "heading"))


def walker_answer(request: Mapping[str, Any]) -> dict[str, Any]:
    """Answer the question on screen (``node`` is START_NODE for "Where are you?") and move on."""
    data = _pathway()
    page = _page(request)
    state = _state_from_fragment(data, request.get("fragment", ""), page)
    node_id = request.get("node")
    option = request.get("option")
    result = walk_state(data, state, at=node_id if isinstance(node_id, str) else page)
    if result.status == "start":
        if node_id != START_NODE:
            raise RequestError("the walk has not started: choose where you are first")
        if not option:
            return _walker_reply(data, state, page, request, error={"message": "Select where you are", "field": f"pw-answer-{data['entry_points'][0]['id']}"})
        if option not in {e["id"] for e in data["entry_points"]}:
            raise RequestError(f"{option!r} is not one of the starting points")
    else:
        if result.status != "question" or node_id != result.current:
            raise RequestError("that question is not the one on screen; reload the page")
        node = {n["id"]: n for n in data["nodes"]}[result.current]
        if not option:
            first = node["options"][0]["id"]
            return _walker_reply(data, state, page, request, error={"message": "Select an answer", "field": f"pw-answer-{first}"})
        if option not in {o["id"] for o in node.get("options", [])}:
            raise RequestError(f"{option!r} is not an answer to this question")
    new, at = walker_answer_state(data, state, str(node_id), str(option))
    return _walker_reply(data, new, at, request)


_NUMBER = re.compile(r"\s*([0-9]{1,4})\s*")
_TIME = re.compile(r"\s*([01]?[0-9]|2[0-3])[:.]?([0-5][0-9])\s*")


def _read_date(day: object, month: object, year: object) -> tuple[dt.date | None, dict[str, str] | None]:
    """The GOV.UK date input read back: a date, or the one error message for what is wrong."""
    values = [v if isinstance(v, str) else "" for v in (day, month, year)]
    names = ("day", "month", "year")
    missing = [n for n, v in zip(names, values, strict=True) if not v.strip()]
    if len(missing) == 3:
        return None, {"message": "Enter the date you made the referral", "field": "pw-referral-date-day"}
    if missing:
        return None, {"message": "The date you made the referral must include a " + " and a ".join(missing),
                      "field": f"pw-referral-date-{missing[0]}"}
    numbers = []
    for name, value in zip(names, values, strict=True):
        match = _NUMBER.fullmatch(value)
        if not match:
            return None, {"message": "The date you made the referral must be a real date, for example 22 8 2025",
                          "field": f"pw-referral-date-{name}"}
        numbers.append(int(match.group(1)))
    if len(values[2].strip()) != 4:
        return None, {"message": "The year must include 4 numbers", "field": "pw-referral-date-year"}
    try:
        return dt.date(numbers[2], numbers[1], numbers[0]), None
    except ValueError:
        return None, {"message": "The date you made the referral must be a real date, for example 22 8 2025",
                      "field": "pw-referral-date-day"}


def walker_date(request: Mapping[str, Any]) -> dict[str, Any]:
    """The referral date (day, month, year) and optional time; the dates follow, then the next page."""
    data = _pathway()
    page = _page(request)
    state = _state_from_fragment(data, request.get("fragment", ""), page)
    result = walk_state(data, state, at=page)
    if result.status != "date":
        raise RequestError("the date is not asked on this page; reload the page")
    day, error = _read_date(request.get("day"), request.get("month"), request.get("year"))
    time_in = request.get("time") or ""
    time = None
    if error is None and time_in:
        match = _TIME.fullmatch(str(time_in))
        if not match:
            error = {"message": "Enter the time as hours and minutes, for example 15:30, or leave it empty",
                     "field": "pw-referral-time"}
        else:
            time = f"{int(match.group(1)):02d}:{match.group(2)}"
    cal = workdays.get_calendar()
    if error is None and day is not None and not cal.first <= day <= cal.last:
        error = {"message": f"Enter a date between {workdays.format_date(cal.first)} and {workdays.format_date(cal.last)}: "
                            "the bank-holiday calendar on this site covers those years", "field": "pw-referral-date-day"}
    if error is not None:
        return _walker_reply(data, state, page, request, error=error)
    dated = WalkState.make(state.entry, state.answers, day, time, start=state.start, keep=state.keep)
    new, at = walker_resume(data, dated, result.next_stop())
    return _walker_reply(data, new, at, request, focus="heading")


# -- the boundary ----------------------------------------------------------------

OPS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "load_checklist": load_checklist,
    "checklist_view": checklist_view,
    "load_walker": load_walker,
    "walker_view": walker_view,
    "walker_answer": walker_answer,
    "walker_date": walker_date,
}


def handle(request: str) -> str:
    """Run one request (``{"op": ..., ...}`` as JSON text) and return the reply as JSON text.

    The reply is ``{"ok": true, "result": {...}}`` or ``{"ok": false, "error": "..."}``.
    """
    try:
        if not isinstance(request, str) or len(request) > MAX_REQUEST:
            raise RequestError("a request must be JSON text of reasonable size")
        parsed = _json_text(request, "the request")
        if not isinstance(parsed, dict):
            raise RequestError("a request must be a JSON object")
        op = OPS.get(parsed.get("op"))  # type: ignore[arg-type]
        if op is None:
            raise RequestError(f"unknown request {str(parsed.get('op'))[:40]!r}")
        return json.dumps({"ok": True, "result": op(parsed)}, ensure_ascii=False)
    except (ValueError, TypeError, KeyError) as exc:
        return json.dumps({"ok": False, "error": str(exc) or type(exc).__name__}, ensure_ascii=False)
