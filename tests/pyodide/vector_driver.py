"""Run the shared test vectors through the widget core and return what it computed.

One driver, two runtimes: CPython runs it in ``tests/widgets/test_widgets_vectors.py``
(and to write the vectors' expected values), and real Pyodide runs the very
same file under Node in ``tests/pyodide/run_vectors.mjs``.  The driver only
computes; the pytest side compares, so a difference between Python 3.11 and
Pyodide's 3.14 shows up as a readable diff of JSON.

Standard library and ``widgets`` only: it must import inside Pyodide.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Any

from widgets import browser, workdays
from widgets.checklist import ChecklistState, draft, evaluate, reminders_text
from widgets.fragment import decode_fragment, encode_fragment
from widgets.render import (
    render_checklist,
    render_deadlines,
    render_summary,
    render_text_checks,
    render_urgent,
    render_walker,
    render_walker_step,
)
from widgets.textchecks import text_checks
from widgets.walker import all_paths, walk
from widgets.walker_html import walker_pages


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def workdays_case(_: dict[str, Any], case: dict[str, Any]) -> str:
    """``add_working_days`` from the case's start (in its calendar), as an ISO date."""
    calendar = case.get("calendar", workdays.DEFAULT_CALENDAR)
    return workdays.add_working_days(dt.date.fromisoformat(case["start"]), case["days"], calendar).isoformat()


def checklist_case(vectors: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """Evaluation, draft, reminders, text checks and the live regions' HTML for one checklist state."""
    data = vectors["data"]
    state = ChecklistState.from_json(case["state"])
    out: dict[str, Any] = {
        "evaluation": evaluate(data, state).to_json(),
        "draft": draft(data, state),
        "reminders": reminders_text(data, state),
        "text_checks": [c.to_json() for c in text_checks(state, state.mode, data)],
        "urgent_html": render_urgent(data, state),
        "summary_html": render_summary(data, state),
        "checks_html": render_text_checks(text_checks(state, state.mode, data)),
    }
    if case.get("page"):
        out["page_html"] = render_checklist(data, state)
    return out


def textchecks_case(vectors: dict[str, Any], case: dict[str, Any]) -> list[dict[str, Any]]:
    """The prompts on free text alone (no items to hide notes), with the mode's reasons: ids, what was found, the reasoning."""
    return [c.to_json() for c in text_checks(case["state"], case["mode"], reasons=vectors["reasons"][case["mode"]])]


def walker_case(vectors: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """A walk (or the error it raises), its fragment round trip and the step's HTML."""
    data = vectors["data"]
    try:
        result = walk(data, case.get("entry"), case.get("answers", []), _date(case.get("date")), case.get("time"),
                      at=case.get("at"))
    except ValueError as exc:
        return {"error": str(exc)}
    return {
        "result": result.to_json(),
        "decoded": decode_fragment(result.fragment).to_json(),
        "reencoded": encode_fragment(decode_fragment(result.fragment)),
        "html": render_walker_step(data, result, case.get("selected")),
        "deadlines_html": render_deadlines(result.deadlines),
    }


def fragment_case(_: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """Decoding a fragment: the state, or that it was refused."""
    try:
        return {"state": decode_fragment(case["fragment"]).to_json()}
    except ValueError as exc:
        return {"error": str(exc)}


def walker_whole(vectors: dict[str, Any], _: dict[str, Any]) -> dict[str, Any]:
    """Every route through the pathway and the no-script page."""
    data = vectors["data"]
    return {"all_paths": [p.to_json() for p in all_paths(data)], "page_html": render_walker(data),
            "step_pages": {page: render_walker(data, page=page) for page in walker_pages(data)}}


def browser_case(vectors: dict[str, Any], case: dict[str, Any]) -> Any:
    """One request to ``widgets.browser.handle``, exactly as the worker sends it (in order)."""
    if case.get("reset"):
        browser.reset()
    request = dict(case["request"])
    for key, name in (("checklists", "checklist_files"), ("pathway", "pathway_file")):
        if name in request:  # the worker sends the data files' text
            files = request.pop(name)
            request[key] = [json.dumps(vectors["files"][f]) for f in files] if isinstance(files, list) else json.dumps(vectors["files"][files])
    return json.loads(browser.handle(json.dumps(request)))


KINDS: dict[str, Callable[[dict[str, Any], dict[str, Any]], Any]] = {
    "workdays": workdays_case,
    "checklist": checklist_case,
    "textchecks": textchecks_case,
    "walker": walker_case,
    "fragments": fragment_case,
    "walker_whole": walker_whole,
    "browser": browser_case,
}


def compute(kind: str, vectors: dict[str, Any]) -> list[Any]:
    """What the widget core computes for every case of one vector file, in order."""
    run = KINDS[kind]
    return [run(vectors, case) for case in vectors["cases"]]


def main(path: str) -> str:
    """Read ``{name: {"kind": ..., "vectors": ...}}`` and return the results as JSON text."""
    with open(path, encoding="utf-8") as handle:
        suites = json.load(handle)
    results = {name: compute(suite["kind"], suite["vectors"]) for name, suite in suites.items()}
    return json.dumps({"python": sys.version.split()[0], "platform": sys.platform, "results": results},
                      ensure_ascii=False, sort_keys=True)
