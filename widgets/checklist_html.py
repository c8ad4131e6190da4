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

from .checklist import MODE_LABELS, ChecklistState, checklist_for, checklists, draft, evaluate, items_of
from .local import local_html
from .markdown import inline_html, markdown_html
from .markup import MODALITY_LABELS, attrs, cite_html, esc
from .textchecks import TextCheck, text_checks

Data = Mapping[str, Any]
NOTICE = (
    "This checklist is not a risk assessment. It does not replace your safeguarding lead "
    "or your local procedures. What you type stays in this browser."
)


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


def _render_condition(checklist: Data, condition: Data, state: ChecklistState | None) -> str:
    cid = condition["id"]
    name = _dom(checklist, "cond", cid)
    answer = state.answers.get(cid) if state else None
    radios = "".join(
        f'<div class="pw-radio"><input{attrs(type="radio", id=name + "-" + value, name=name, value=value, checked=answer == value, data_condition=cid)}>'
        f'<label for="{esc(name + "-" + value)}">{label}</label></div>'
        for value, label in (("yes", "Yes"), ("no", "No"))
    )
    help_html = (
        f'<details class="pw-help"><summary>Why this matters</summary>{markdown_html(condition.get("help"))}</details>'
        if condition.get("help") else ""
    )
    return (
        f'<fieldset{attrs(class_="pw-condition", data_condition=cid)}>'
        f'<legend class="pw-condition-question">{esc(condition.get("question"))}</legend>'
        f'<div class="pw-radios">{radios}</div>{help_html}{cite_html(condition.get("cite"))}</fieldset>'
    )


def _render_rule(checklist: Data, rule: Data, shown: bool) -> str:
    urgent = bool(rule.get("urgent"))
    tag = "Urgent" if urgent else MODALITY_LABELS.get(str(rule.get("modality")), str(rule.get("modality", "")))
    return (
        f'<li{attrs(class_="pw-rule pw-rule--urgent" if urgent else "pw-rule", data_rule=rule["id"], data_when=rule.get("when"), data_urgent="true" if urgent else None, hidden=not shown)}>'
        f'<p class="pw-tag"><strong>{esc(tag)}</strong></p>'
        f'{_when_label(checklist, rule.get("when"), "Applies if you answered:")}'
        f'<div class="pw-rule-text">{markdown_html(rule.get("text"))}</div>{local_html(rule.get("local"))}{cite_html(rule.get("cite"))}</li>'
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
            f'<div class="pw-notes"><label class="pw-notes-label" for="{esc(nid)}">Your notes: what you will say '
            f'<span class="pw-visually-hidden">about: {esc(item.get("key_phrase"))}</span></label>'
            f'<textarea{attrs(id=nid, name=nid, rows="3", data_notes=iid)}>{esc(value)}</textarea></div>'
        )
    return (
        f'<div{attrs(class_="pw-item", data_item=iid, data_modality=modality, data_when=item.get("when"), hidden=not shown)}>'
        f'<div class="pw-check"><input{attrs(type="checkbox", id=box, name=_dom(checklist, "item"), value=iid, checked=bool(state and iid in state.checked), data_item=iid)}>'
        f'<label for="{esc(box)}"><span class="pw-key-phrase">{esc(item.get("key_phrase"))}</span> '
        f'<span class="pw-modality pw-modality--{esc(modality)}">({esc(MODALITY_LABELS.get(modality, modality))})</span></label></div>'
        f'{_when_label(checklist, item.get("when"), "Only if you answered:")}'
        f'<details class="pw-help"><summary>What the guide says</summary>{markdown_html(item.get("help"))}</details>'
        f'{local_html(item.get("local"))}'
        f"{cite_html(item.get('cite'))}{notes}</div>"
    )


def _render_panel(checklist: Data, state: ChecklistState | None, shown: bool) -> str:
    result = evaluate(checklist, state) if state else None
    visible_rules = set(result.rules) if result else None
    visible_items = set(result.visible) if result else None
    title_id = _dom(checklist, "title")
    parts = [
        f'<section{attrs(class_="pw-panel", data_mode_panel=checklist.get("mode"), data_checklist=checklist.get("id"), aria_labelledby=title_id, hidden=not shown)}>',
        f'<h2 id="{esc(title_id)}">{esc(checklist.get("title"))}</h2>',
        f'<div class="pw-intro">{markdown_html(checklist.get("summary"))}</div>',
        local_html(checklist.get("local")),
    ]
    if checklist.get("conditions"):
        parts.append(
            '<fieldset class="pw-conditions"><legend class="pw-legend"><h3>First, the questions that change what is needed</h3></legend>'
            + "".join(_render_condition(checklist, c, state) for c in checklist["conditions"])
            + "</fieldset>"
        )
    rules = list(checklist.get("rules", []))
    if rules:
        ordered = [r for r in rules if r.get("urgent")] + [r for r in rules if not r.get("urgent")]
        rules_id = _dom(checklist, "rules")
        parts.append(
            f'<section class="pw-rules" aria-labelledby="{esc(rules_id)}"><h3 id="{esc(rules_id)}">What applies</h3><ul class="pw-rule-list">'
            + "".join(_render_rule(checklist, r, visible_rules is None or r["id"] in visible_rules) for r in ordered)
            + "</ul></section>"
        )
    for group in checklist.get("groups", []):
        intro = f'<div class="pw-group-intro">{markdown_html(group.get("intro"))}</div>' if group.get("intro") else ""
        parts.append(
            f'<fieldset{attrs(class_="pw-group", data_group=group.get("id"))}><legend class="pw-legend"><h3>{esc(group.get("heading"))}</h3></legend>{intro}'
            + "".join(
                _render_item(checklist, item, state, visible_items is None or item["id"] in visible_items)
                for item in group.get("items", [])
            )
            + "</fieldset>"
        )
    parts.append("</section>")
    return "".join(parts)


def render_summary(data: Data, state: ChecklistState | None = None) -> str:
    """The live summary: open must/should items and the rules that apply now."""
    state = state or ChecklistState()
    checklist = checklist_for(data, state.mode)
    result = evaluate(data, state)
    items = {item["id"]: item for item in items_of(checklist)}
    rules = {rule["id"]: rule for rule in checklist.get("rules", [])}
    parts: list[str] = []
    for modality, open_ids in (("must", result.open_must), ("should", result.open_should)):
        count = result.counts[modality]
        parts.append(
            f'<p class="pw-count" data-modality="{modality}"><strong>{esc(MODALITY_LABELS[modality])}:</strong> '
            f'{count["open"]} of {count["total"]} still open</p>'
        )
        if open_ids:
            parts.append(
                f'<ul class="pw-open pw-open--{modality}">'
                + "".join(f'<li data-item="{esc(i)}">{esc(items[i].get("key_phrase"))}</li>' for i in open_ids)
                + "</ul>"
            )
    if result.rules:
        parts.append('<p class="pw-count"><strong>What applies now:</strong></p><ul class="pw-applies">')
        for rid in result.rules:
            rule = rules[rid]
            tag = "<strong>Urgent:</strong> " if rule.get("urgent") else ""
            parts.append(f'<li data-rule="{esc(rid)}">{tag}{inline_html(rule.get("text"))}</li>')
        parts.append("</ul>")
    if result.unanswered:
        parts.append(f'<p class="pw-count">Questions not yet answered: {len(result.unanswered)}</p>')
    return "".join(parts)


def render_urgent(data: Data, state: ChecklistState | None = None) -> str:
    """The urgent rules that apply now (immediate danger), for the alert at the top of the widget.

    Empty when none applies.  The words are the rule's own, from the data.
    """
    state = state or ChecklistState()
    checklist = checklist_for(data, state.mode)
    result = evaluate(data, state)
    if not result.urgent_rules:
        return ""
    rules = {rule["id"]: rule for rule in checklist.get("rules", [])}
    body = "".join(
        f'<div class="pw-urgent-rule" data-rule="{esc(rid)}">{markdown_html(rules[rid].get("text"))}{cite_html(rules[rid].get("cite"))}</div>'
        for rid in result.urgent_rules
    )
    return f'<div class="pw-urgent-box"><h2 class="pw-urgent-title">Urgent</h2>{body}</div>'


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
    current = state.mode if state else str(found[0].get("mode", "referral"))
    shown_mode = checklist_for(data, current).get("mode")
    work_state = state or ChecklistState(mode=current)
    parts = [
        f'<div{attrs(data_widget="referral-checklist", class_="pw-checklist", data_mode=current, data_checklists=" ".join(str(c.get("id")) for c in found))}>',
        f'<p class="pw-notice">{esc(NOTICE)}</p>',
        '<p class="pw-runtime-status" data-output="status" hidden></p>',
        f'<div class="pw-urgent" data-output="urgent" role="alert">{render_urgent(data, state) if state else ""}</div>',
    ]
    if len(found) > 1:
        radios = "".join(_mode_radio(c, shown_mode) for c in found)
        parts.append(f'<fieldset class="pw-mode"><legend class="pw-legend"><h2>What are you preparing?</h2></legend>{radios}</fieldset>')
    for checklist in found:
        # Without a state every panel shows (no script can switch modes); with one, only the chosen mode.
        parts.append(_render_panel(checklist, state, state is None or checklist.get("mode") == shown_mode))
    checks = text_checks(work_state, work_state.mode, data)
    parts += [
        '<section class="pw-summary" aria-labelledby="rc-summary-title"><h2 id="rc-summary-title">Summary</h2>',
        f'<div data-output="summary" role="status" aria-live="polite">{render_summary(data, work_state)}</div></section>',
        '<section class="pw-checks" aria-labelledby="rc-checks-title"><h2 id="rc-checks-title">Checks on what you wrote</h2>',
        "<p>These prompts are about how your notes are written. They are not a score of the child's risk.</p>",
        f'<div data-output="checks" aria-live="polite">{render_text_checks(checks)}</div></section>',
        '<section class="pw-output" aria-labelledby="rc-draft-title"><h2 id="rc-draft-title">Your draft</h2>',
        f'<pre class="pw-draft" data-output="draft" tabindex="0">{esc(draft(data, work_state))}</pre>',
        '<div class="pw-actions">',
        '<button type="button" class="pw-button" data-action="copy" data-needs-js disabled>Copy the draft</button>',
        '<button type="button" class="pw-button" data-action="print" data-needs-js disabled>Print the draft and open items</button>',
        '<button type="button" class="pw-button pw-button--warning" data-action="clear" data-needs-js disabled>Clear everything</button>',
        "</div>",
        '<div class="pw-keep" data-needs-js hidden><div class="pw-check">'
        '<input type="checkbox" id="rc-keep" data-action="keep" data-needs-js disabled>'
        '<label for="rc-keep">Keep my answers if this page is reloaded. They are kept in this browser tab only, '
        "until you press Clear everything, leave the site with the quick exit or close the tab.</label></div></div>",
        "</section></div>",
    ]
    return "".join(parts)


def render_checklist_page(modes: list[Data], state: ChecklistState | None = None) -> str:
    """``render_checklist`` for a list of checklists (one per mode), as the build passes them."""
    return render_checklist({"checklists": list(modes)}, state)
