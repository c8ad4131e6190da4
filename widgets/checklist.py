"""The referral checklist engine: what applies, what is open, and the draft.

Input is the JSON dump of ``generator.models.checklist.Checklist`` (plus an
optional ``href`` on each citation), or a bundle ``{"checklists": [...]}``
holding one checklist per mode (the widget offers "referral" and "call").
The state is a ``widgets.state.ChecklistState``.

Nothing here judges the child's risk: it only tracks which of the guide's
points the user has covered, and assembles what the user wrote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .local import local_lines
from .markdown import markdown_text
from .state import ChecklistState

__all__ = [
    "ChecklistState",
    "Evaluation",
    "Reminders",
    "checklist_for",
    "checklists",
    "draft",
    "evaluate",
    "item_label",
    "reminders",
    "reminders_text",
]

Data = Mapping[str, Any]
MODALITIES = ("must", "should", "may")
MODE_LABELS: dict[str, str] = {
    "referral": "Written referral to children's social care or MASH",
    "call": "Preparing a 999 or 101 call",
    "after": "After the referral",
}


def checklists(data: Data) -> list[Data]:
    """The checklists in ``data``: a single checklist, or a bundle's list."""
    if not isinstance(data, Mapping):
        raise ValueError("checklist data must be an object")
    if "checklists" in data:
        found = data["checklists"]
        if not isinstance(found, list) or not found or not all(isinstance(c, Mapping) for c in found):
            raise ValueError("'checklists' must be a non-empty list of checklists")
        return list(found)
    if "groups" not in data:
        raise ValueError("checklist data needs 'groups' (or a 'checklists' bundle)")
    return [data]


def checklist_for(data: Data, mode: str | None = None) -> Data:
    """The checklist for ``mode`` (matched on its ``mode`` or ``id``); the first if ``mode`` is None."""
    found = checklists(data)
    if mode is None:
        return found[0]
    for checklist in found:
        if checklist.get("mode") == mode or checklist.get("id") == mode:
            return checklist
    if len(found) == 1:
        return found[0]  # a single checklist serves whatever mode the state says
    raise ValueError(f"no checklist for the mode {mode!r}")


def items_of(checklist: Data) -> list[Data]:
    """Every item, in group order."""
    return [item for group in checklist.get("groups", []) for item in group.get("items", [])]


def _holds(when: str | None, state: ChecklistState) -> bool:
    """A condition holds only when answered yes; no ``when`` always holds."""
    return when is None or state.answers.get(when) == "yes"


@dataclass(frozen=True)
class Evaluation:
    """What the checklist looks like for a given state (ids only; render from the data)."""

    checklist_id: str
    mode: str
    rules: list[str]
    urgent_rules: list[str]
    visible: list[str]
    hidden: list[str]
    open_must: list[str]
    open_should: list[str]
    unanswered: list[str]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """JSON-ready dict for the browser bridge."""
        return {
            "checklist_id": self.checklist_id,
            "mode": self.mode,
            "rules": list(self.rules),
            "urgent_rules": list(self.urgent_rules),
            "visible": list(self.visible),
            "hidden": list(self.hidden),
            "open_must": list(self.open_must),
            "open_should": list(self.open_should),
            "unanswered": list(self.unanswered),
            "counts": {k: dict(v) for k, v in self.counts.items()},
        }


def evaluate(data: Data, state: ChecklistState | None = None) -> Evaluation:
    """Which rules apply (urgent first), which items show, and which must/should items are open."""
    state = state or ChecklistState()
    checklist = checklist_for(data, state.mode)
    applying = [rule for rule in checklist.get("rules", []) if _holds(rule.get("when"), state)]
    urgent = [rule["id"] for rule in applying if rule.get("urgent")]
    ordered = urgent + [rule["id"] for rule in applying if not rule.get("urgent")]
    visible: list[str] = []
    hidden: list[str] = []
    open_by: dict[str, list[str]] = {m: [] for m in MODALITIES}
    counts: dict[str, dict[str, int]] = {m: {"total": 0, "done": 0, "open": 0} for m in MODALITIES}
    for item in items_of(checklist):
        if not _holds(item.get("when"), state):
            hidden.append(item["id"])
            continue
        visible.append(item["id"])
        modality = item.get("modality", "may")
        bucket = counts.setdefault(modality, {"total": 0, "done": 0, "open": 0})
        bucket["total"] += 1
        if item["id"] in state.checked:
            bucket["done"] += 1
        else:
            bucket["open"] += 1
            open_by.setdefault(modality, []).append(item["id"])
    counts["all"] = {
        "total": len(visible),
        "done": sum(counts[m]["done"] for m in MODALITIES),
        "open": sum(counts[m]["open"] for m in MODALITIES),
    }
    unanswered = [c["id"] for c in checklist.get("conditions", []) if c["id"] not in state.answers]
    return Evaluation(
        checklist_id=str(checklist.get("id", "")),
        mode=str(checklist.get("mode", state.mode)),
        rules=ordered,
        urgent_rules=urgent,
        visible=visible,
        hidden=hidden,
        open_must=open_by["must"],
        open_should=open_by["should"],
        unanswered=unanswered,
        counts=counts,
    )


def item_heading(item: Data) -> str:
    """The heading an item's notes go under in the draft."""
    return str(item.get("draft_heading") or item.get("key_phrase") or item.get("id"))


def draft(data: Data, state: ChecklistState | None = None) -> str:
    """The plain-text draft: only what goes into the referral, the user's notes under the checklist's headings.

    This is what "Copy" puts on the clipboard and what the page says can be
    pasted into the referral form, so nothing else is in it: no title, no
    local contacts and no reminders (``reminders`` gives those, shown and
    printed beside the draft).  Items without notes are left out; with
    nothing written the draft is empty.  Nothing is invented: every line is
    either the user's text or a heading from the data.
    """
    state = state or ChecklistState()
    checklist = checklist_for(data, state.mode)
    visible = set(evaluate(data, state).visible)
    lines: list[str] = []
    for group in checklist.get("groups", []):
        written = [
            (item, state.notes[item["id"]].strip())
            for item in group.get("items", [])
            if item["id"] in visible and item.get("notes", True) and state.notes.get(item["id"], "").strip()
        ]
        if not written:
            continue
        heading = str(group.get("heading", ""))
        lines += [heading.upper(), "=" * len(heading), ""]
        for item, note in written:
            lines += [item_heading(item), note.replace("\r\n", "\n"), ""]
    return "\n".join(lines).rstrip() + "\n" if lines else ""


@dataclass(frozen=True)
class Reminders:
    """What is still open for a state, for the user's own use beside the draft (never in it)."""

    applies: list[str]
    open_must: list[str]
    open_should: list[str]
    ticked: list[str]


def reminders(data: Data, state: ChecklistState | None = None) -> Reminders:
    """The rules that apply because of the answers, the Must and Should items still open, the items ticked."""
    state = state or ChecklistState()
    checklist = checklist_for(data, state.mode)
    result = evaluate(data, state)
    rules = {rule["id"]: rule for rule in checklist.get("rules", [])}
    applies = [rid for rid in result.rules if rules[rid].get("when") and not rules[rid].get("urgent")]
    ticked = [iid for iid in result.visible if iid in state.checked]
    return Reminders(applies, list(result.open_must), list(result.open_should), ticked)


def reminders_text(data: Data, state: ChecklistState | None = None) -> str:
    """``reminders`` as plain text, in the guide's words, after the profile's local contacts (never in the draft)."""
    state = state or ChecklistState()
    checklist = checklist_for(data, state.mode)
    found = reminders(data, state)
    rules = {rule["id"]: rule for rule in checklist.get("rules", [])}
    items = {item["id"]: item for item in items_of(checklist)}
    lines: list[str] = []
    local = local_lines(checklist.get("local"))  # the profile's front door etc.; nothing on the national site
    if local:
        lines += [*local, ""]
    for title, ids in (("Must items not yet ticked:", found.open_must), ("Should items not yet ticked:", found.open_should),
                       ("Ticked:", found.ticked)):
        if ids:
            lines += [title, *(_bullet(item_label(items[i])) for i in ids), ""]
    if found.applies:
        lines += ["Applies because of your answers:", *(_bullet(markdown_text(rules[r].get("text"))) for r in found.applies), ""]
    return "\n".join(lines).rstrip() + "\n" if lines else ""


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z'\u2018])")


def item_label(item: Data) -> str:
    """A complete phrase for an item's checkbox: the guide's own sentence that holds the key phrase.

    The key phrase alone is often a fragment ("details", "trusted adult"), so
    the label is the first sentence of the item's help (the guide's words)
    that contains it, up to its first colon, semicolon or dash; when no sentence
    holds it, the key phrase itself.  Nothing is reworded.
    """
    phrase = " ".join(str(item.get("key_phrase") or item.get("id")).split())
    text = " ".join(markdown_text(item.get("help") or "").split())
    for sentence in _SENTENCE_END.split(text):
        if phrase.lower() in sentence.lower():
            cut = re.split(r"[:;]\s|\s[\u2013\u2014-]\s", sentence, maxsplit=1)[0]
            return cut if phrase.lower() in cut.lower() else sentence
    return phrase


def _bullet(text: str) -> str:
    """A list entry whose continuation lines are indented under the dash."""
    return "- " + text.strip().replace("\n", "\n  ")
