"""HTML for the pathway walker: the whole pathway without JavaScript, and one step with it.

``render_walker`` gives the complete pathway as a step-by-step list with
anchors (``#step-<node id>``), so nothing depends on Pyodide.  In the browser
``render_walker_step`` replaces the ``data-output="walker"`` region with one
question at a time in the GOV.UK style: the question as the heading (marked
``data-focus`` for the bridge to move focus to), a radio fieldset, a back
link, "your answers" with Change links, Start again and the outcome card.
Links carry the URL fragment of the state they lead to, so they also work as
plain links once the bridge listens to ``hashchange``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import workdays
from .fragment import encode_fragment
from .local import local_html
from .markdown import markdown_html
from .markup import attrs, cites_html, esc, link
from .walker import WalkResult, guide_link

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
START_NODE = "pw-start"
NOTICE = (
    "This tool shows what the guides say happens next. It does not replace your safeguarding lead "
    "or your local procedures, which may set other timescales."
)


def _href(state_fragment: str) -> str:
    return "#" + state_fragment


def _guide_html(node: Data) -> str:
    guide = guide_link(node)
    if not guide:
        return ""
    title = str(guide.get("title") or ("The guide (not yet available)" if guide["planned"] else "Read the guide section"))
    if guide["planned"] and guide.get("title"):
        title += " (not yet available)"
    return f'<p class="pw-guide">{link(guide.get("href"), esc(title))}</p>'


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


def render_walker(data: Data) -> str:
    """The whole pathway as a step-by-step list with anchors (the no-JavaScript page)."""
    nodes = {node["id"]: node for node in data.get("nodes", [])}
    stages = list(data.get("stages", []))
    stage_ids = {stage["id"] for stage in stages}
    parts = [
        f'<div{attrs(data_widget="pathway-walker", class_="pw-walker", data_calendar=(data.get("locality") or {}).get("calendar") or workdays.DEFAULT_CALENDAR)}>',
        '<p class="pw-runtime-status" data-output="status" hidden></p>',
        '<div data-output="walker">',
        f'<p class="pw-notice">{esc(NOTICE)}</p>',
        f'<nav class="pw-entry-points" aria-labelledby="pw-start-title"><h2 id="pw-start-title">{esc(START_QUESTION)}</h2><ul>',
    ]
    for entry in data.get("entry_points", []):
        parts.append(f'<li>{link("#step-" + str(entry["node"]), esc(entry.get("label")))}</li>')
    parts.append("</ul></nav>")
    groups: list[tuple[Data | None, list[Data]]] = [(s, [n for n in nodes.values() if n.get("stage") == s["id"]]) for s in stages]
    strays = [n for n in nodes.values() if n.get("stage") not in stage_ids]
    if strays:
        groups.append((None, strays))
    for stage, members in groups:
        if stage is not None:
            sid = "stage-" + str(stage["id"])
            heading = esc(stage.get("title")) + (" <span class=\"pw-kind\">(context only)</span>" if stage.get("context_only") else "")
            parts.append(f'<section class="pw-stage" id="{esc(sid)}" aria-labelledby="{esc(sid)}-title"><h2 id="{esc(sid)}-title">{heading}</h2>')
            parts.append(f'<div class="pw-stage-summary">{markdown_html(stage.get("summary"))}</div>')
        else:
            parts.append('<section class="pw-stage"><h2>Other steps</h2>')
        parts.append('<ol class="pw-steps">')
        for node in members:
            parts.append(_render_list_step(node, nodes))
        parts.append("</ol></section>")
    parts.append("</div></div>")
    return "".join(parts)


def _render_list_step(node: Data, nodes: Mapping[str, Data]) -> str:
    def title_of(node_id: str) -> str:
        return str(nodes.get(node_id, {}).get("title", node_id))

    out = [
        f'<li{attrs(class_="pw-step pw-step--" + str(node.get("kind")), id="step-" + str(node["id"]), data_node=node["id"])}>',
        f'<h3>{esc(node.get("title"))}</h3>',
        _body(node),
    ]
    if node.get("options"):
        out.append('<p><strong>Answers:</strong></p><ul class="pw-options">')
        for option in node["options"]:
            hint = f'<div class="pw-hint">{markdown_html(option["hint"], compact=True)}</div>' if option.get("hint") else ""
            out.append(
                f'<li>{esc(option.get("label"))}: go to {link("#step-" + str(option["next"]), esc(title_of(option["next"])))}{hint}</li>'
            )
        out.append("</ul>")
    elif node.get("next"):
        out.append(f'<p class="pw-next"><strong>Next:</strong> {link("#step-" + str(node["next"]), esc(title_of(node["next"])))}</p>')
    out.append("</li>")
    return "".join(out)


def _step_card(node: Data, result: WalkResult, level: int) -> str:
    due = None
    limit = node.get("time_limit") or {}
    if result.deadlines and result.state.referral_date and isinstance(limit.get("working_days"), int):
        try:
            day = workdays.add_working_days(result.state.referral_date, limit["working_days"], result.calendar)
            due = {"text": workdays.format_date(day)}
        except ValueError:
            due = None
    return (
        f'<section{attrs(class_="pw-card pw-card--" + str(node.get("kind")), data_node=node["id"])}>'
        f'<h{level}>{esc(node.get("title"))}</h{level}>{_body(node, due)}</section>'
    )


def _date_form(result: WalkResult) -> str:
    cal = workdays.get_calendar(result.calendar)
    label = workdays.CALENDAR_LABELS.get(result.calendar, result.calendar)
    state = result.state
    parts = [
        '<form class="pw-date" data-action="set-date"><fieldset><legend class="pw-legend"><h3>When did you make the referral?</h3></legend>',
        f'<p class="pw-hint">We work out the dates from the guide\'s time limits, skipping weekends and bank holidays in {esc(label)}.</p>',
        '<div class="pw-field"><label for="pw-referral-date">Date of the referral</label>',
        f'<input{attrs(type="date", id="pw-referral-date", name="referral-date", value=state.referral_date.isoformat() if state.referral_date else None, min=cal.first.isoformat(), max=cal.last.isoformat())}></div>',
        '<div class="pw-field"><label for="pw-referral-time">Time (optional)</label>',
        f'<input{attrs(type="time", id="pw-referral-time", name="referral-time", value=state.referral_time)}></div>',
        '<p class="pw-hint">The time is kept with your answers but does not change the dates: the guide sets no cut-off time.</p>',
        '</fieldset><button type="submit" class="pw-button">Work out the dates</button></form>',
    ]
    if result.deadline_error:
        parts.append(f'<p class="pw-error" role="alert">{esc(result.deadline_error)}</p>')
    parts.append(f'<div class="pw-deadlines" aria-live="polite">{render_deadlines(result.deadlines)}</div>')
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


def _answers_summary(data: Data, result: WalkResult) -> str:
    entries = {e["id"]: e for e in data.get("entry_points", [])}
    entry = entries.get(result.state.entry or "", {})
    rows = [
        '<div class="pw-summary-row">'
        f'<dt>{esc(START_QUESTION)}</dt><dd>{esc(entry.get("label"))}</dd>'
        f'<dd><a{attrs(href="#", data_action="change", data_index="-1", data_selected=result.state.entry)}>Change<span class="pw-visually-hidden"> where you are</span></a></dd></div>'
    ]
    for answer in result.history:
        rows.append(
            '<div class="pw-summary-row">'
            f"<dt>{esc(answer.question)}</dt><dd>{esc(answer.label)}</dd>"
            f'<dd><a{attrs(href=_href(encode_fragment(result.change(answer.index))), data_action="change", data_index=answer.index, data_selected=answer.option)}>'
            f'Change<span class="pw-visually-hidden"> your answer to: {esc(answer.question)}</span></a></dd></div>'
        )
    return (
        '<section class="pw-answers" aria-labelledby="pw-answers-title"><h2 id="pw-answers-title">Your answers</h2>'
        f'<dl class="pw-summary-list">{"".join(rows)}</dl></section>'
    )


def render_walker_step(data: Data, result: WalkResult, selected: str | None = None) -> str:
    """One step of the interactive walker (the inner HTML of ``data-output="walker"``).

    ``selected`` pre-selects an option (the answer given before, after Back or Change).
    """
    nodes = {node["id"]: node for node in data.get("nodes", [])}
    parts = [f'<div{attrs(class_="pw-walk", data_status=result.status, data_node=result.current, data_fragment=result.fragment)}>']
    back = result.back()
    if back is not None:
        last = result.state.answers[-1][1] if result.state.answers else result.state.entry
        parts.append(f'<p><a{attrs(href=_href(encode_fragment(back)), class_="pw-back-link", data_action="back", data_selected=last)}>Back</a></p>')
    if result.status == "start":
        options = [(e["id"], e.get("label"), None) for e in data.get("entry_points", [])]
        parts.append(_question_form(START_NODE, START_QUESTION, options, selected, ""))
    elif result.status == "question":
        node = nodes[str(result.current)]
        steps = "".join(_step_card(nodes[s], result, 3) for s in result.steps)
        options = [(o["id"], o.get("label"), o.get("hint")) for o in node.get("options", [])]
        parts.append(_question_form(str(node["id"]), str(node.get("title")), options, selected, steps))
    else:
        node = nodes[str(result.current)]
        outcome_due = result.outcome.get("due") if result.outcome else None
        parts.append(
            f'<section{attrs(class_="pw-outcome pw-outcome--" + str(node.get("kind")), data_node=node["id"], aria_labelledby="pw-current-heading")}>'
            f'<h2 id="pw-current-heading" tabindex="-1" data-focus>{esc(node.get("title"))}</h2>{_body(node, outcome_due)}</section>'
        )
        if result.steps:
            parts.append(
                '<section class="pw-route" aria-labelledby="pw-route-title"><h2 id="pw-route-title">The steps before this</h2>'
                + "".join(_step_card(nodes[s], result, 3) for s in result.steps)
                + "</section>"
            )
    if result.asks_referral_date:
        parts.append(_date_form(result))
    if result.state.entry is not None:
        parts.append(_answers_summary(data, result))
        parts.append('<p><a href="#" class="pw-start-again" data-action="restart">Start again</a></p>')
    parts.append("</div>")
    return "".join(parts)


def _question_form(node_id: str, question: str, options: list[tuple[str, Any, Any]], selected: str | None, before: str) -> str:
    radios = []
    for option_id, label, hint in options:
        rid = f"pw-answer-{option_id}"
        hint_id = rid + "-hint"
        hint_html = f'<div class="pw-hint" id="{esc(hint_id)}">{markdown_html(hint, compact=True)}</div>' if hint else ""
        radios.append(
            f'<div class="pw-radio"><input{attrs(type="radio", id=rid, name="pw-answer", value=option_id, checked=option_id == selected, aria_describedby=hint_id if hint else None)}>'
            f'<label for="{esc(rid)}">{esc(label)}</label>{hint_html}</div>'
        )
    return (
        f'<form{attrs(class_="pw-question", data_node=node_id, data_action="answer")}><fieldset>'
        f'<legend class="pw-legend"><h2 id="pw-current-heading" tabindex="-1" data-focus>{esc(question)}</h2></legend>'
        f'{before}<div class="pw-radios">{"".join(radios)}</div></fieldset>'
        '<button type="submit" class="pw-button">Continue</button></form>'
    )
