"""HTML for the referral checklist: the complete no-JavaScript page, and its live parts.

``render_checklist`` gives markup that works with no script at all: native
checkboxes with real labels, fieldsets with legends, every item visible with
conditional items labelled with their condition, help behind ``<details>``.
In the browser Python hydrates this markup and then only replaces the live
regions, using ``render_summary``, ``render_text_checks`` and ``draft`` (the
bridge toggles ``hidden`` on items and rules from ``evaluate``).  Buttons that
need JavaScript are rendered ``disabled`` with ``data-needs-js`` for the
bridge to enable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .checklist import (
    MODE_LABELS,
    ChecklistState,
    checklist_for,
    checklists,
    draft,
    evaluate,
    item_label,
    items_of,
    reminders,
)
from .local import local_html
from .markdown import inline_html, markdown_html
from .markup import MODALITY_LABELS, attrs, cite_html, esc
from .textchecks import TextCheck, text_checks

Data = Mapping[str, Any]
NOTICE = (
    "This checklist is not a risk assessment. It does not replace your safeguarding lead "
    "or your local procedures. What you type stays in this browser."
)
NO_SCRIPT_NOTE = (
    "To keep a copy, use your browser's Print, or copy the text from each box: "
    "this page's own Copy and Print buttons need JavaScript."
)


def _local_html(panel: Data | None) -> str:
    """A local panel inside the widget, only when it gives something local.

    The national site's "not set up for a local area" sentence is said once,
    by the page around the widget, rather than on every point.
    """
    return "" if not panel or panel.get("national") else local_html(panel)


def _dom(checklist: Data, *parts: str) -> str:
    """A DOM id unique per checklist, so two modes can share a page."""
    return "-".join(("rc", str(checklist.get("id", "checklist")), *parts))


def _conditions(checklist: Data) -> dict[str, Data]:
    return {c["id"]: c for c in checklist.get("conditions", [])}


def _when_label(checklist: Data, when: str | None, lead: str) -> str:
    if not when:
        return ""
    condition = _conditions(checklist).get(when)
    question = condition.get("question") if condition else when
    return f'<p class="pw-when">{esc(lead)} {esc(question)} <strong>Yes</strong></p>'


def _urgent_conditions(checklist: Data) -> set[str]:
    """The conditions whose "Yes" makes an urgent rule apply (immediate danger)."""
    return {str(rule["when"]) for rule in checklist.get("rules", []) if rule.get("urgent") and rule.get("when")}


def _render_condition(checklist: Data, condition: Data, state: ChecklistState | None, modes: list[str]) -> str:
    cid = condition["id"]
    name = _dom(checklist, "cond", cid)
    answer = state.answers.get(cid) if state else None
    radios = "".join(
        f'<div class="pw-radio"><input{attrs(type="radio", id=name + "-" + value, name=name, value=value, checked=answer == value, data_condition=cid)}>'
        f'<label for="{esc(name + "-" + value)}">{label}</label></div>'
        for value, label in (("yes", "Yes"), ("no", "No"))
    )
    cite = cite_html(condition.get("cite"))
    help_html = (
        _details("Why this matters", markdown_html(condition.get("help")) + cite)
        if condition.get("help") else _details("Where the guide says this", cite)
    )
    interrupt = ""
    if cid in _urgent_conditions(checklist):
        # The answer "Yes" is met right here, in view, in the guide's words.  Without a state (the
        # page as built) the box says what "Yes" means; Python replaces it with what applies.
        body = (_urgent_box(checklist, [r for r in checklist.get("rules", []) if r.get("urgent") and r.get("when") == cid],
                            modes, lead="If the answer is yes:")
                if state is None else
                _urgent_box(checklist, [r for r in checklist.get("rules", []) if r.get("urgent")
                                        and r.get("when") == cid and answer == "yes"], modes))
        interrupt = f'<div{attrs(class_="pw-interrupt", data_output="urgent", data_interrupt=cid, role="alert")}>{body}</div>'
    return (
        f'<fieldset{attrs(class_="pw-condition", data_condition=cid)}>'
        f'<legend class="pw-condition-question">{esc(condition.get("question"))}</legend>'
        f'<div class="pw-radios">{radios}</div>{interrupt}{help_html}</fieldset>'
    )


def _details(summary: str, body: str) -> str:
    return f'<details class="pw-help"><summary>{esc(summary)}</summary>{body}</details>' if body else ""


def _urgent_box(checklist: Data, rules: list[Data], modes: list[str], lead: str = "") -> str:
    """The interruption for immediate danger: the rule's own words, the local line they name, and the way
    to the 999/101 mode.

    The local panel comes after the advice and its citation, so a profile adds a number beside "call 999
    or 101" and can never replace or reword it (ADR 0014).
    """
    if not rules:
        return ""
    body = "".join(
        f'<div class="pw-urgent-rule" data-rule="{esc(rule["id"])}">{markdown_html(rule.get("text"))}'
        f'{cite_html(rule.get("cite"))}</div>{_local_html(rule.get("local"))}'
        for rule in rules
    )
    to_call = ""
    if checklist.get("mode") != "call" and "call" in modes:
        to_call = (
            f'<p><a{attrs(class_="pw-button pw-button--link", href="#" + _panel_title_id("call"), data_action="to-mode", data_mode="call")}>'
            "Prepare your 999 or 101 call: what to tell the call handler</a></p>"
        )
    lead_html = f'<p class="pw-urgent-lead"><strong>{esc(lead)}</strong></p>' if lead else ""
    return f'<div class="pw-urgent-box"><h4 class="pw-urgent-title">Urgent</h4>{lead_html}{body}{to_call}</div>'


def _panel_title_id(mode: str) -> str:
    return f"rc-panel-{mode}-title"


def _render_rule(checklist: Data, rule: Data, shown: bool) -> str:
    urgent = bool(rule.get("urgent"))
    tag = "Urgent" if urgent else MODALITY_LABELS.get(str(rule.get("modality")), str(rule.get("modality", "")))
    return (
        f'<li{attrs(class_="pw-rule pw-rule--urgent" if urgent else "pw-rule", data_rule=rule["id"], data_when=rule.get("when"), data_urgent="true" if urgent else None, hidden=not shown)}>'
        f'<p class="pw-tag"><strong>{esc(tag)}</strong></p>'
        f'{_when_label(checklist, rule.get("when"), "Applies if you answered:")}'
        f'<div class="pw-rule-text">{markdown_html(rule.get("text"))}</div>{_local_html(rule.get("local"))}{cite_html(rule.get("cite"))}</li>'
    )


def _render_item(checklist: Data, item: Data, state: ChecklistState | None, shown: bool) -> str:
    iid = item["id"]
    box = _dom(checklist, "item", iid)
    modality = str(item.get("modality", "may"))
    notes = ""
    if item.get("notes", True):
        nid = _dom(checklist, "notes", iid)
        value = state.notes.get(iid, "") if state else ""
        notes = (
            f'<div class="pw-notes"><label class="pw-notes-label" for="{esc(nid)}">Your notes '
            f'<span class="pw-visually-hidden">for: {esc(item_label(item))}</span></label>'
            f'<textarea{attrs(id=nid, name=nid, rows="3", data_notes=iid)}>{esc(value)}</textarea></div>'
        )
    reason = _details("Why, in the guide\u2019s words", markdown_html(item.get("help")) + cite_html(item.get("cite")))
    return (
        f'<div{attrs(class_="pw-item", data_item=iid, data_modality=modality, data_when=item.get("when"), hidden=not shown)}>'
        f'<div class="pw-check"><input{attrs(type="checkbox", id=box, name=_dom(checklist, "item"), value=iid, checked=bool(state and iid in state.checked), data_item=iid)}>'
        f'<label for="{esc(box)}"><span class="pw-modality pw-modality--{esc(modality)}">{esc(MODALITY_LABELS.get(modality, modality))}</span> '
        f'<span class="pw-key-phrase">{esc(item_label(item))}</span></label></div>'
        f'{_when_label(checklist, item.get("when"), "Only if you answered:")}'
        f"{reason}"
        f'{_local_html(item.get("local"))}{notes}</div>'
    )


def _render_panel(checklist: Data, state: ChecklistState | None, shown: bool, modes: list[str]) -> str:
    result = evaluate(checklist, state) if state else None
    visible_rules = set(result.rules) if result else None
    visible_items = set(result.visible) if result else None
    mode = str(checklist.get("mode"))
    title_id = _panel_title_id(mode)
    parts = [
        f'<section{attrs(class_="pw-panel", data_mode_panel=mode, data_checklist=checklist.get("id"), aria_labelledby=title_id, hidden=not shown)}>',
        f'<h2 id="{esc(title_id)}" tabindex="-1">{esc(checklist.get("title"))}</h2>',
        _details("About this checklist", f'<div class="pw-intro">{markdown_html(checklist.get("summary"))}</div>'),
        _local_html(checklist.get("local")),
    ]
    if checklist.get("conditions"):
        parts.append(
            '<fieldset class="pw-conditions"><legend class="pw-legend"><h3>First, the questions that change what is needed</h3></legend>'
            + "".join(_render_condition(checklist, c, state, modes) for c in checklist["conditions"])
            + "</fieldset>"
        )
    for group in checklist.get("groups", []):
        intro = f'<div class="pw-group-intro">{markdown_html(group.get("intro"))}</div>' if group.get("intro") else ""
        items = group.get("items", [])
        shown_items = [visible_items is None or item["id"] in visible_items for item in items]
        parts.append(
            f'<fieldset{attrs(class_="pw-group", data_group=group.get("id"), hidden=not any(shown_items))}><legend class="pw-legend"><h3>{esc(group.get("heading"))}</h3></legend>{intro}'
            + "".join(_render_item(checklist, item, state, shown_item) for item, shown_item in zip(items, shown_items, strict=True))
            + "</fieldset>"
        )
    rules = [r for r in checklist.get("rules", []) if not r.get("urgent")]
    if rules:
        # The guide's other points: after the items, behind one "details", so the task comes first.
        rules_id = _dom(checklist, "rules")
        parts.append(
            f'<details class="pw-rules" id="{esc(rules_id)}"><summary>What else the guide says ({len(rules)} points)</summary><ul class="pw-rule-list">'
            + "".join(_render_rule(checklist, r, visible_rules is None or r["id"] in visible_rules) for r in rules)
            + "</ul></details>"
        )
    parts.append("</section>")
    return "".join(parts)


def render_summary(data: Data, state: ChecklistState | None = None) -> str:
    """The reminders beside the draft: open Must and Should items, what is ticked, and what applies.

    Counts follow the answers (an item whose question is not answered yes is
    not counted) and a modality with no item at all is not mentioned.  This
    is shown and printed with the draft, and is never part of it.
    """
    state = state or ChecklistState()
    checklist = checklist_for(data, state.mode)
    result = evaluate(data, state)
    found = reminders(data, state)
    items = {item["id"]: item for item in items_of(checklist)}
    rules = {rule["id"]: rule for rule in checklist.get("rules", [])}
    parts: list[str] = [_local_html(checklist.get("local"))]
    for modality, open_ids in (("must", found.open_must), ("should", found.open_should)):
        count = result.counts[modality]
        if not count["total"]:
            continue
        parts.append(
            f'<p class="pw-count" data-modality="{modality}"><strong>{esc(MODALITY_LABELS[modality])}:</strong> '
            f'{count["open"]} of {count["total"]} still open</p>'
        )
        if open_ids:
            parts.append(
                f'<ul class="pw-open pw-open--{modality}">'
                + "".join(f'<li data-item="{esc(i)}">{esc(item_label(items[i]))}</li>' for i in open_ids)
                + "</ul>"
            )
    if found.ticked:
        parts.append(
            f'<p class="pw-count" data-ticked><strong>Ticked:</strong> {len(found.ticked)}</p><ul class="pw-ticked">'
            + "".join(f'<li data-item="{esc(i)}">{esc(item_label(items[i]))}</li>' for i in found.ticked)
            + "</ul>"
        )
    if found.applies:
        parts.append('<p class="pw-count" data-applies><strong>Because of your answers:</strong></p><ul class="pw-applies">')
        parts += [f'<li data-rule="{esc(rid)}">{inline_html(rules[rid].get("text"))}</li>' for rid in found.applies]
        parts.append("</ul>")
    if result.unanswered:
        parts.append(f'<p class="pw-count" data-unanswered>Questions not yet answered: {len(result.unanswered)}</p>')
    return "".join(parts)


def render_urgent(data: Data, state: ChecklistState | None = None) -> str:
    """The interruption under the immediate-danger question when it is answered yes ("" otherwise).

    The words are the urgent rule's own, from the data, with a way to the
    999/101 mode when the page offers it.
    """
    state = state or ChecklistState()
    checklist = checklist_for(data, state.mode)
    result = evaluate(data, state)
    rules = {rule["id"]: rule for rule in checklist.get("rules", [])}
    modes = [str(c.get("mode")) for c in checklists(data)]
    return _urgent_box(checklist, [rules[rid] for rid in result.urgent_rules], modes)


def render_text_checks(checks: list[TextCheck]) -> str:
    """The prompts on what the user wrote, each with the guide's reasoning and source."""
    if not checks:
        return '<p class="pw-no-checks">No prompts about your notes.</p>'
    out = ['<ul class="pw-textchecks">']
    for check in checks:
        important = "<strong>Important:</strong> " if check.strength == "important" else ""
        out.append(
            f'<li{attrs(class_="pw-textcheck", data_check=check.id, data_strength=check.strength, data_items=" ".join(check.items) or None)}>'
            f'<p class="pw-textcheck-message">{important}{esc(check.message)}</p>'
            f'<blockquote class="pw-reasoning"><p>{esc(check.reasoning)}</p></blockquote>'
            f"{cite_html(check.cite, 'The guide says this in: ')}</li>"
        )
    out.append("</ul>")
    return "".join(out)


def _mode_radio(checklist: Data, shown_mode: object) -> str:
    mode = str(checklist.get("mode"))
    rid = "rc-mode-" + mode
    label = MODE_LABELS.get(mode, str(checklist.get("title")))
    return (
        f'<div class="pw-radio"><input{attrs(type="radio", id=rid, name="rc-mode", value=mode, checked=mode == shown_mode, data_action="mode")}>'
        f'<label for="{esc(rid)}">{esc(label)}</label></div>'
    )


def render_checklist(data: Data, state: ChecklistState | None = None) -> str:
    """The whole checklist widget (all modes in ``data``), usable without JavaScript."""
    found = checklists(data)
    modes = [str(c.get("mode")) for c in found]
    current = state.mode if state else str(found[0].get("mode", "referral"))
    shown_mode = checklist_for(data, current).get("mode")
    work_state = state or ChecklistState(mode=current)
    parts = [
        f'<div{attrs(data_widget="referral-checklist", class_="pw-checklist", data_mode=current, data_checklists=" ".join(str(c.get("id")) for c in found))}>',
        f'<p class="pw-notice">{esc(NOTICE)}</p>',
        # The one local-area notice: on a national site, said once here rather than on every point.
        local_html(next((c["local"] for c in found if c.get("local") and c["local"].get("national")), None)),
        '<p class="pw-runtime-status" data-output="status" hidden></p>',
    ]
    if len(found) > 1:
        radios = "".join(_mode_radio(c, shown_mode) for c in found)
        parts.append(f'<fieldset class="pw-mode"><legend class="pw-legend"><h2>What are you preparing?</h2></legend>{radios}</fieldset>')
    parts.append(
        '<div class="pw-keep" data-needs-js hidden><div class="pw-check">'
        '<input type="checkbox" id="rc-keep" data-action="keep" data-needs-js disabled>'
        '<label for="rc-keep"><strong>Keep my answers if this page is reloaded</strong> '
        '<span class="pw-hint">(in this browser tab only, until you press Clear everything, '
        "leave the site with the quick exit or close the tab)</span></label></div></div>"
    )
    for checklist in found:
        # Without a state every panel shows (no script can switch modes); with one, only the chosen mode.
        parts.append(_render_panel(checklist, state, state is None or checklist.get("mode") == shown_mode, modes))
    checks = text_checks(work_state, work_state.mode, data)
    text = draft(data, work_state)
    parts += [
        '<section class="pw-checks" aria-labelledby="rc-checks-title"><h2 id="rc-checks-title">Checks on what you wrote</h2>',
        "<p>These prompts are about how your notes are written. They are not a score of the child's risk.</p>",
        f'<div data-output="checks" aria-live="polite">{render_text_checks(checks)}</div></section>',
        '<section class="pw-output" aria-labelledby="rc-draft-title"><h2 id="rc-draft-title">Your draft for the referral</h2>',
        "<p>Only your notes, under the checklist's headings: this is the text to paste into the referral form or read from.</p>",
        f'<p class="pw-draft-empty" data-output="draft-empty"{"" if not text else " hidden"}>(Nothing written yet.)</p>',
        f'<pre class="pw-draft" data-output="draft" tabindex="0"{" hidden" if not text else ""}>{esc(text)}</pre>',
        '<div class="pw-actions">',
        '<button type="button" class="pw-button" data-action="copy" data-needs-js hidden disabled>Copy the draft</button>',
        '<button type="button" class="pw-button" data-action="print" data-needs-js hidden disabled>Print the draft and open items</button>',
        '<button type="button" class="pw-button pw-button--warning" data-action="clear" data-needs-js hidden disabled>Clear everything</button>',
        "</div>",
        f'<p class="pw-no-script" data-no-script>{esc(NO_SCRIPT_NOTE)}</p>',
        "</section>",
        '<section class="pw-summary" aria-labelledby="rc-summary-title"><h2 id="rc-summary-title">Still open, and what you have ticked</h2>',
        "<p>For you, not for the referral: these are not copied with the draft.</p>",
        f'<div data-output="summary" role="status" aria-live="polite">{render_summary(data, work_state)}</div></section>',
        "</div>",
    ]
    return "".join(parts)


def render_checklist_page(modes: list[Data], state: ChecklistState | None = None) -> str:
    """``render_checklist`` for a list of checklists (one per mode), as the build passes them."""
    return render_checklist({"checklists": list(modes)}, state)
