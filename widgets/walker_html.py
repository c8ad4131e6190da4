"""HTML for the pathway walker: one page per step, the same markup at build time and in the browser.

Every step (the "Where are you?" choice, each question, the referral date,
each action an answer leads to, each outcome) has its own page below the
walker's address (``<walker>/<node id>/``).  The build writes each page with
``render_walker(data, base, page)``: the walk opened at that step, so a
browser without JavaScript, or before Python has started, shows the step
itself and walks on by plain links.  In the browser ``walker_region`` gives
the same markup for any walk, so Python takes over without moving anything
and adds what only it can know: the answers given, the working-day dates.

GOV.UK question pages are the model: the question is the heading (marked
``data-focus`` for the bridge to move focus to), its own text, then its
answers and one Continue button, all near the top; where the step comes
from (guide and citations) sits below in a ``details`` element.  Every link
carries the URL (page and fragment) of the state it leads to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import workdays
from .fragment import encode_fragment
from .local import local_html
from .markdown import markdown_html
from .markup import attrs, cites_html, esc, link
from .state import WalkState
from .walker import START_KEY, WalkResult, answers_to, guide_link, walk_state

Data = Mapping[str, Any]
KIND_LABELS = {
    "situation": "Where you are",
    "question": "Question",
    "action": "What happens",
    "timer": "Time limit",
    "outcome": "Outcome",
    "planned": "Planned: this guide is not yet available",
    "context": "Context: further along, not practice guidance",
}
START_QUESTION = "Where are you?"
# The form id of the "Where are you?" question (not a node of the pathway).
START_NODE = START_KEY
NOTICE = (
    "This tool shows what the guides say happens next. It does not replace your safeguarding lead "
    "or your local procedures, which may set other timescales."
)


DATE_QUESTION = "When did you make the referral?"
DEFAULT_BASE = "/tools/what-happens-next/"


def page_url(base: str, state: WalkState, page: str | None) -> str:
    """The URL of a page of the walker for a state: ``<base><page>/#<fragment>`` (site-root form).

    A walk opened at a step with nothing else in it is that step's own page,
    without a fragment, so the no-JavaScript links and the pages agree.
    """
    path = base + (f"{page}/" if page else "")
    if state.start is not None and state.start == page and not (state.answers or state.keep or state.referral_date):
        return path
    fragment = encode_fragment(state)
    return path + ("#" + fragment if fragment else "")


def _guide_html(node: Data) -> str:
    guide = guide_link(node)
    if not guide:
        return ""
    title = str(guide.get("title") or ("The guide (not yet available)" if guide["planned"] else "Read the guide section"))
    if guide["planned"] and guide.get("title"):
        title += " (not yet available)"
    return f'<p class="pw-guide">{link(guide.get("href"), esc(title))}</p>'


def _due(node: Data, result: WalkResult) -> dict[str, str] | None:
    limit = node.get("time_limit") or {}
    if result.deadlines and result.state.referral_date and isinstance(limit.get("working_days"), int):
        try:
            day = workdays.add_working_days(result.state.referral_date, limit["working_days"], result.calendar)
            return {"text": workdays.format_date(day)}
        except ValueError:
            return None
    return None


def _sources(node: Data) -> str:
    """Where a step comes from: the guide and the citations (below the answers, in a details element)."""
    limit = node.get("time_limit")
    cites = list(node.get("cite", [])) + ([limit["cite"]] if limit and limit.get("cite") else [])
    unique = [c for i, c in enumerate(cites) if c not in cites[:i]]
    return (
        '<details class="pw-about"><summary>Where this comes from</summary>'
        f"{_guide_html(node)}{cites_html(unique)}</details>"
    )


def _body(node: Data, due: Mapping[str, Any] | None = None) -> str:
    """Everything about a node except its heading: text, who, time limit, do now, guide, sources."""
    parts = [f'<p class="pw-kind">{esc(KIND_LABELS.get(str(node.get("kind")), node.get("kind")))}</p>']
    if node.get("text"):
        parts.append(f'<div class="pw-text">{markdown_html(node["text"])}</div>')
    if node.get("who"):
        parts.append(f'<p class="pw-who"><strong>Who:</strong> {esc(node["who"])}</p>')
    limit = node.get("time_limit")
    if limit:
        due_html = f' <span class="pw-due">Date: {esc(due["text"])}</span>' if due else ""
        parts.append(f'<p class="pw-time-limit"><strong>Time limit:</strong> {esc(limit.get("label"))}{due_html}</p>')
    if node.get("do_now"):
        parts.append(
            '<div class="pw-do-now"><p><strong>What you should do now:</strong></p><ul>'
            + "".join(f"<li>{markdown_html(d, compact=True)}</li>" for d in node["do_now"])
            + "</ul></div>"
        )
    parts.append(local_html(node.get("local")))  # the profile's facts, beside the guide's words
    parts.append(_guide_html(node))
    cites = list(node.get("cite", [])) + ([limit["cite"]] if limit and limit.get("cite") else [])
    unique = [c for i, c in enumerate(cites) if c not in cites[:i]]
    parts.append(cites_html(unique))
    return "".join(parts)




def render_walker(data: Data, base: str = DEFAULT_BASE, page: str | None = None) -> str:
    """A complete walker page: the start ("Where are you?") or the walk opened at step ``page``."""
    state = WalkState() if page is None else WalkState.make(None, start=page)
    result = walk_state(data, state, at=page)
    path = base.strip("/") + "/"
    return (
        f'<div{attrs(data_widget="pathway-walker", class_="pw-walker", data_calendar=(data.get("locality") or {}).get("calendar") or workdays.DEFAULT_CALENDAR, data_walker_path=path, data_page=page or "")}>'
        '<p class="pw-runtime-status" data-output="status" hidden></p>'
        f'<div data-output="walker">{walker_region(data, result, base)}</div></div>'
    )


def walker_pages(data: Data) -> list[str]:
    """Every step that has a page of its own: each walk's stops, from every entry point and every answer."""
    found: list[str] = []
    seen: set[str] = set()
    queue = [WalkState.make(str(e["id"])) for e in data.get("entry_points", [])]
    while queue:
        state = queue.pop(0)
        result = walk_state(data, state)
        for stop in result.stops:
            if stop not in found:
                found.append(stop)
        last = result.stops[-1]
        if last in seen:
            continue
        seen.add(last)
        node = {n["id"]: n for n in data["nodes"]}[last]
        for option in node.get("options", []):
            queue.append(WalkState.make(state.entry, (*state.answers, (last, option["id"]))))
    return found


def walker_region(data: Data, result: WalkResult, base: str = DEFAULT_BASE, selected: str | None = None,
                  error: Mapping[str, str] | None = None) -> str:
    """The inner HTML of ``data-output="walker"``: one step, then the notice.

    ``error`` is ``{"message": ..., "field": <id of the control>}`` for the
    error summary (GOV.UK pattern: a linked list of problems above the form).
    """
    return render_walker_step(data, result, selected, base, error) + f'<p class="pw-notice">{esc(NOTICE)}</p>'


def _error_summary(error: Mapping[str, str] | None) -> str:
    if not error:
        return ""
    return (
        '<div class="pw-error-summary" role="alert" aria-labelledby="pw-error-summary-title" tabindex="-1" data-error-summary>'
        '<h2 class="pw-error-summary__title" id="pw-error-summary-title">There is a problem</h2>'
        f'<ul class="pw-error-summary__list"><li>{link("#" + error.get("field", "pw-current-heading"), esc(error["message"]))}</li></ul></div>'
    )


def _error_message(error: Mapping[str, str] | None, field_id: str) -> str:
    if not error:
        return ""
    return (f'<p class="pw-error-message" id="{esc(field_id)}-error">'
            f'<span class="pw-visually-hidden">Error:</span> {esc(error["message"])}</p>')


def back_target(data: Data, result: WalkResult) -> tuple[WalkState, str | None] | None:
    """One step back; a walk opened at a step goes back along the shortest walk to it."""
    back = result.back()
    if back is not None or result.state.start is None:
        return back
    try:
        shortest = walk_state(data, answers_to(data, result.state.start), result.calendar, at=result.state.start)
    except ValueError:
        return None
    before = shortest.back()
    if before is None:
        return None
    page = before[1]
    return (WalkState.make(None, start=page) if page else WalkState()), page


def render_walker_step(data: Data, result: WalkResult, selected: str | None = None, base: str = DEFAULT_BASE,
                       error: Mapping[str, str] | None = None) -> str:
    """One step of the walker (its page's content above the notice)."""
    nodes = {node["id"]: node for node in data.get("nodes", [])}
    parts = [f'<div{attrs(class_="pw-walk", data_status=result.status, data_node=result.current, data_fragment=result.fragment)}>']
    back = back_target(data, result)
    if back is not None:
        parts.append(f'<p class="pw-back"><a{attrs(href=page_url(base, *back), class_="pw-back-link", data_action="back")}>Back</a></p>')
    parts.append(_error_summary(error))
    if result.status == "start":
        options = []
        for entry in data.get("entry_points", []):
            first = walk_state(data, WalkState.make(str(entry["id"])), result.calendar)
            options.append((str(entry["id"]), entry.get("label"), None,
                            page_url(base, first.state, first.current)))
        parts.append(_question_form(START_KEY, START_QUESTION, None, options, selected or result.kept(START_KEY), 2, error))
    else:
        node = nodes[str(result.current)]
        if result.status == "question":
            options = []
            for option in node.get("options", []):
                state = WalkState.make(result.state.entry, (*result.state.answers, (node["id"], option["id"])),
                                       result.state.referral_date, result.state.referral_time, start=result.state.start)
                nxt = walk_state(data, state, result.calendar)
                options.append((str(option["id"]), option.get("label"), option.get("hint"), page_url(base, state, nxt.current)))
            parts.append(_question_form(str(node["id"]), str(node.get("title")), node.get("text"), options,
                                        selected or result.kept(str(node["id"])), 1, error))
            parts.append(local_html(node.get("local")))
        elif result.status == "date":
            parts.append(_date_form(result, base, error))
            parts.append(_step_card(node, result, 2))
        elif result.status == "step":
            parts.append(_action_page(node, result, base))
        else:
            outcome_due = result.outcome.get("due") if result.outcome else None
            parts.append(
                f'<section{attrs(class_="pw-outcome pw-outcome--" + str(node.get("kind")), data_node=node["id"], aria_labelledby="pw-current-heading")}>'
                f'<h1 id="pw-current-heading" tabindex="-1" data-focus>{esc(node.get("title"))}</h1>{_body(node, outcome_due)}</section>'
            )
        if result.deadlines:
            parts.append('<section class="pw-deadlines" aria-labelledby="pw-deadlines-title" tabindex="-1">'
                         '<h2 id="pw-deadlines-title">Your dates</h2>' + render_deadlines(result.deadlines) + "</section>")
        if result.status in ("question", "step"):
            parts.append(_sources(node))
        if result.steps:
            parts.append(
                '<section class="pw-route" aria-labelledby="pw-route-title"><h2 id="pw-route-title">The steps on the way here</h2>'
                + "".join(_step_card(nodes[s], result, 3) for s in result.steps)
                + "</section>"
            )
    if result.state.entry is not None or result.history or result.state.referral_date:
        parts.append(_answers_summary(data, result, base))
    if result.status == "outcome":
        parts.append('<p class="pw-print" data-needs-js hidden><button type="button" class="pw-link-button" data-action="print">'
                     "Print this page</button></p>")
    if result.status != "start":
        parts.append(f'<p><a{attrs(href=base, class_="pw-start-again", data_action="restart")}>Start again</a></p>')
    parts.append("</div>")
    return _steps_in_walker("".join(parts), data, base)


_PATHWAY_STEP = re.compile(r'href="/pathway/#step-([a-z0-9-]+)"')


def _steps_in_walker(html: str, data: Data, base: str) -> str:
    """A link to a step of the pathway overview that has a walker page goes to that page instead.

    So "what to tell the call handler" on the interruption page is one step away,
    in the walker, not a section of another page.
    """
    if not _PATHWAY_STEP.search(html):
        return html
    pages = set(walker_pages(data))
    return _PATHWAY_STEP.sub(lambda m: f'href="{base}{m[1]}/"' if m[1] in pages else m[0], html)


def _action_page(node: Data, result: WalkResult, base: str) -> str:
    """An action an answer leads to: what to do now first, then Continue; the explanation below."""
    nxt = result.next_stop()
    do_now = "".join(f"<li>{markdown_html(d, compact=True)}</li>" for d in node.get("do_now", []))
    limit = node.get("time_limit")
    due = _due(node, result)
    parts = [
        f'<section{attrs(class_="pw-step-page", data_node=node["id"], aria_labelledby="pw-current-heading")}>'
        f'<h1 id="pw-current-heading" tabindex="-1" data-focus>{esc(node.get("title"))}</h1>',
        f'<ul class="pw-do-now-list">{do_now}</ul>' if do_now else "",
    ]
    if limit:
        due_html = f' <span class="pw-due">Date: {esc(due["text"])}</span>' if due else ""
        parts.append(f'<p class="pw-time-limit"><strong>Time limit:</strong> {esc(limit.get("label"))}{due_html}</p>')
    parts.append(local_html(node.get("local")))
    parts.append("</section>")
    if nxt:
        parts.append(f'<p><a{attrs(href=page_url(base, result.state, nxt), class_="pw-button", role="button", data_action="continue")}>Continue</a></p>')
    more = []
    if node.get("text"):
        more.append(f'<div class="pw-text">{markdown_html(node["text"])}</div>')
    if node.get("who"):
        more.append(f'<p class="pw-who"><strong>Who:</strong> {esc(node["who"])}</p>')
    parts.append("".join(more))
    return "".join(parts)


def _step_card(node: Data, result: WalkResult, level: int) -> str:
    return (
        f'<section{attrs(class_="pw-card pw-card--" + str(node.get("kind")), data_node=node["id"])}>'
        f'<h{level}>{esc(node.get("title"))}</h{level}>{_body(node, _due(node, result))}</section>'
    )


def _date_form(result: WalkResult, base: str, error: Mapping[str, str] | None) -> str:
    """The GOV.UK date input: day, month and year fields, the time optional, one Continue."""
    label = workdays.CALENDAR_LABELS.get(result.calendar, result.calendar)
    nxt = result.next_stop()
    described = "pw-date-hint" + (" pw-referral-date-error" if error and error.get("field", "").startswith("pw-referral-date") else "")
    time_error = error if error and error.get("field") == "pw-referral-time" else None
    date_error = error if error and not time_error else None
    fields = []
    for part, width, label_text in (("day", 2, "Day"), ("month", 2, "Month"), ("year", 4, "Year")):
        fid = f"pw-referral-date-{part}"
        fields.append(
            f'<div class="pw-date-item"><label for="{fid}">{label_text}</label>'
            f'<input{attrs(class_=f"pw-input pw-input--width-{width}" + (" pw-input--error" if date_error else ""), id=fid, name=f"referral-{part}", type="text", inputmode="numeric", autocomplete="off", spellcheck="false")}></div>'
        )
    parts = [
        f'<form{attrs(class_="pw-date", data_action="set-date", data_node=result.current, novalidate=True)}>',
        f'<fieldset role="group" aria-describedby="{described}">',
        f'<legend class="pw-legend"><h1 id="pw-current-heading" tabindex="-1" data-focus>{esc(DATE_QUESTION)}</h1></legend>',
        f'<div class="pw-hint" id="pw-date-hint">For example, 22 8 2025. The dates are worked out from the guide\'s time limits, '
        f"skipping weekends and bank holidays in {esc(label)}.</div>",
        _error_message(date_error, "pw-referral-date"),
        f'<div class="pw-date-input" id="pw-referral-date">{"".join(fields)}</div></fieldset>',
        '<div class="pw-field"><label for="pw-referral-time">Time (optional)</label>',
        '<div class="pw-hint" id="pw-referral-time-hint">For example, 15:30. The time is kept with your answers but does not change the dates: the guide sets no cut-off time.</div>',
        _error_message(time_error, "pw-referral-time"),
        f'<input{attrs(class_="pw-input pw-input--width-5", id="pw-referral-time", name="referral-time", type="text", inputmode="numeric", autocomplete="off", aria_describedby="pw-referral-time-hint")}></div>',
        '<button type="submit" class="pw-button">Continue</button></form>',
        '<noscript><p>Working out the dates needs JavaScript. The time limits are below.</p></noscript>',
    ]
    if nxt:
        parts.append(f'<p><a{attrs(href=page_url(base, result.state, nxt), class_="pw-skip", data_action="continue")}>Continue without working out the dates</a></p>')
    return "".join(parts)


def render_deadlines(deadlines: Mapping[str, Any] | None) -> str:
    """The two referral dates, the calendar used, and the guide's words behind them."""
    if not deadlines:
        return ""
    counted = ""
    if deadlines["counted_from"] != deadlines["referral_date"]:
        counted = (
            f'<p>{esc(deadlines["referral_date_text"])} is not a working day, so the time limits count from '
            f'{esc(deadlines["counted_from_text"])}.</p>'
        )
    cite = deadlines.get("cite") or {}
    return (
        f"{counted}<dl class=\"pw-deadline-list\">"
        f'<dt>Confirmation and next steps expected by</dt><dd>{esc(deadlines["confirmation_by_text"])} (one working day)</dd>'
        f'<dt>If you have heard nothing, follow up as a priority on</dt><dd>{esc(deadlines["follow_up_on_text"])} (three working days)</dd></dl>'
        f'<p class="pw-calendar">Dates use the bank holidays for {esc(deadlines["calendar_label"])}. '
        "Local procedures may set other timescales.</p>"
        f"{cites_html([cite]) if cite else ''}"
    )


def _change_link(href: str, what: str, **extra: object) -> str:
    return (f'<a{attrs(href=href, class_="pw-change", data_action="change", **extra)}>'
            f'Change<span class="pw-visually-hidden"> {esc(what)}</span></a>')


def _answers_summary(data: Data, result: WalkResult, base: str) -> str:
    """GOV.UK "check your answers": each answer with a Change link that keeps the later answers aside."""
    entries = {e["id"]: e for e in data.get("entry_points", [])}
    rows = []
    if result.state.entry is not None:
        state, page = result.change(-1)
        rows.append(
            '<div class="pw-summary-row">'
            f'<dt>{esc(START_QUESTION)}</dt><dd>{esc(entries.get(result.state.entry, {}).get("label"))}</dd>'
            f'<dd>{_change_link(page_url(base, state, page), "where you are", data_selected=result.state.entry)}</dd></div>'
        )
    for answer in result.history:
        state, page = result.change(answer.index)
        rows.append(
            '<div class="pw-summary-row">'
            f"<dt>{esc(answer.question)}</dt><dd>{esc(answer.label)}</dd>"
            f'<dd>{_change_link(page_url(base, state, page), "your answer to: " + answer.question, data_index=answer.index, data_selected=answer.option)}</dd></div>'
        )
    if result.state.referral_date is not None:
        when = workdays.format_date(result.state.referral_date)
        if result.state.referral_time:
            when += f" at {result.state.referral_time}"
        change = _change_date(data, result)
        link_html = f"<dd>{_change_link(page_url(base, *change), 'the date you made the referral')}</dd>" if change else "<dd></dd>"
        rows.append(f'<div class="pw-summary-row"><dt>{esc(DATE_QUESTION)}</dt><dd>{esc(when)}</dd>{link_html}</div>')
    return (
        '<section class="pw-answers" aria-labelledby="pw-answers-title"><h2 id="pw-answers-title">Your answers</h2>'
        f'<dl class="pw-summary-list">{"".join(rows)}</dl></section>'
    )


def _change_date(data: Data, result: WalkResult) -> tuple[WalkState, str] | None:
    """Back to the date page: the answers after it kept aside, the date cleared."""
    nodes = {node["id"]: node for node in data.get("nodes", [])}
    asking = next((nid for nid in result.route if nodes[nid].get("asks_referral_date")), None)
    if asking is None:
        return None
    at = result.route.index(asking)
    count = sum(1 for a in result.history if result.route.index(a.node) < at)
    state = result.state
    kept = state.answers[count:] + tuple(p for p in state.keep if p[0] not in {n for n, _ in state.answers[count:]})
    return WalkState.make(state.entry, state.answers[:count], start=state.start, keep=kept), asking


def _question_form(node_id: str, question: str, text: str | None, options: list[tuple[str, Any, Any, str]],
                   selected: str | None, level: int, error: Mapping[str, str] | None) -> str:
    """A GOV.UK question page: the question as the heading, its own text, the answers, one Continue.

    Without JavaScript the radios cannot move on, so the same answers come as
    links (in ``noscript``); the stylesheet hides the radios then.
    """
    radios = []
    links = []
    for option_id, label, hint, href in options:
        rid = f"pw-answer-{option_id}"
        hint_id = rid + "-hint"
        hint_html = f'<div class="pw-hint" id="{esc(hint_id)}">{markdown_html(hint, compact=True)}</div>' if hint else ""
        radios.append(
            f'<div class="pw-radio"><input{attrs(type="radio", id=rid, name="pw-answer", value=option_id, checked=option_id == selected, aria_describedby=hint_id if hint else None, data_href=href)}>'
            f'<label for="{esc(rid)}">{esc(label)}</label>{hint_html}</div>'
        )
        links.append(f'<li>{link(href, esc(label), data_action="go")}</li>')
    text_html = f'<div class="pw-question-text" id="pw-question-text">{markdown_html(text)}</div>' if text else ""
    described = " ".join(x for x in ("pw-question-text" if text else "", "pw-answer-error" if error else "") if x)
    return (
        f'<form{attrs(class_="pw-question", data_node=node_id, data_action="answer", novalidate=True)}>'
        f'<fieldset{attrs(aria_describedby=described or None)}>'
        f'<legend class="pw-legend"><h{level} id="pw-current-heading" tabindex="-1" data-focus>{esc(question)}</h{level}></legend>'
        f'{text_html}{_error_message(error, "pw-answer")}<div class="pw-radios" id="pw-answer">{"".join(radios)}</div></fieldset>'
        '<button type="submit" class="pw-button">Continue</button></form>'
        f'<noscript><div class="pw-answer-links"><p>Choose your answer:</p><ul>{"".join(links)}</ul></div></noscript>'
    )
