"""The referral checklist engine: what applies, what is open, and the draft.

Input is the JSON dump of ``generator.models.checklist.Checklist`` (plus an
optional ``href`` on each citation), or a bundle ``{"checklists": [...]}``
holding one checklist per mode (the widget offers "referral" and "call").
The state is a ``widgets.state.ChecklistState``.

Nothing here judges the child's risk: it only tracks which of the guide's
points the user has covered, and assembles what the user wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .local import local_lines
from .markdown import markdown_text
from .state import ChecklistState

__all__ = [
    "ChecklistState",
    "Evaluation",
    "checklist_for",
    "checklists",
    "draft",
    "evaluate",
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
    """The plain-text draft: the user's notes under the checklist's headings, in group order.

    Only what the user wrote appears in the body (items without notes are
    left out); after it, for the user's own use, the conditional rules that
    apply and the "must" items still open, in the guide's words.  Nothing is
    invented: every line is either the user's text or text from the data.
    """
    state = state or ChecklistState()
    checklist = checklist_for(data, state.mode)
    result = evaluate(data, state)
    visible = set(result.visible)
    lines: list[str] = [str(checklist.get("title", "")), MODE_LABELS.get(result.mode, result.mode), ""]
    local = local_lines(checklist.get("local"))  # the profile's front door etc., or an honest "not given"
    if local:
        lines[-1:] = [*local, ""]
    wrote_any = False
    for group in checklist.get("groups", []):
        written = [
            (item, state.notes[item["id"]].strip())
            for item in group.get("items", [])
            if item["id"] in visible and item.get("notes", True) and state.notes.get(item["id"], "").strip()
        ]
        if not written:
            continue
        wrote_any = True
        heading = str(group.get("heading", ""))
        lines += [heading.upper(), "=" * len(heading), ""]
        for item, note in written:
            lines += [item_heading(item), note.replace("\r\n", "\n"), ""]
    if not wrote_any:
        lines += ["(Nothing written yet.)", ""]
    rules = {rule["id"]: rule for rule in checklist.get("rules", [])}
    conditional = [rules[rid] for rid in result.rules if rules[rid].get("when")]
    items = {item["id"]: item for item in items_of(checklist)}
    if conditional or result.open_must:
        lines += ["-" * 40, "Checklist reminders (not part of the referral text)", ""]
    if conditional:
        lines += ["Applies because of your answers:"]
        lines += [_bullet(markdown_text(rule.get("text"))) for rule in conditional]
        lines.append("")
    if result.open_must:
        lines += ["Must items not yet ticked:"]
        lines += [_bullet(str(items[iid].get("key_phrase", iid))) for iid in result.open_must]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _bullet(text: str) -> str:
    """A list entry whose continuation lines are indented under the dash."""
    return "- " + text.strip().replace("\n", "\n  ")
