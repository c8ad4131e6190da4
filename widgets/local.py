"""Local facts from a partnership's locality profile, shown beside the guide's words.

The build resolves a profile into small "panels" and puts one on every
checklist, rule, item and pathway node whose content asks for local facts
(``generator.locality.block``)::

    {"heading": "In Exampleshire", "note": "Local information from ...",
     "national": False, "national_text": None,
     "facts": [{"id": "front-door", "title": "Children's social care front door",
                "given": True, "not_given": "This site does not give details of ...",
                "entries": [{"name": ..., "phones": [{"number", "label", "href"}],
                             "links": [{"text", "href"}], "hours": ..., "note": ...}]}]}

This module renders a panel as HTML (the checklist and the walker) and as
plain text (the checklist's draft).  It never changes the guide's text, and
it never invents a number: a fact the profile does not give is shown as the
sentence the build wrote for it.  Emergency advice is not a local fact, so
nothing here can touch it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .markup import attrs, esc, link

Panel = Mapping[str, Any]


def _entry_parts_html(entry: Mapping[str, Any]) -> list[str]:
    parts = [
        f'{esc(phone.get("label") or "Phone")}: {link(phone.get("href"), esc(phone.get("number")))}'
        for phone in entry.get("phones", [])
    ]
    if entry.get("hours"):
        parts.append(esc(entry["hours"]))
    parts += [link(item.get("href"), esc(item.get("text"))) for item in entry.get("links", [])]
    if entry.get("note"):
        parts.append(esc(entry["note"]))
    return parts


def _entry_html(entry: Mapping[str, Any]) -> str:
    parts = "; ".join(_entry_parts_html(entry))
    if entry.get("name"):
        return esc(entry["name"]) + (" — " + parts if parts else "")
    return parts


def _fact_html(fact: Mapping[str, Any]) -> str:
    title = f'<strong>{esc(fact.get("title"))}:</strong> '
    entries = list(fact.get("entries", []))
    if not fact.get("given") or not entries:
        body = esc(fact.get("not_given"))
    elif len(entries) == 1:
        body = _entry_html(entries[0])
    else:
        body = "<ul>" + "".join(f"<li>{_entry_html(e)}</li>" for e in entries) + "</ul>"
    return f'<li{attrs(data_fact=fact.get("id"))}>{title}{body}</li>'


def local_html(panel: Panel | None) -> str:
    """The "In <area>" box beside a checklist point or a pathway step ("" when there is none)."""
    if not panel or not panel.get("facts"):
        return ""
    facts = list(panel["facts"])
    ids = " ".join(str(f.get("id")) for f in facts)
    head = f'<p class="pw-local-heading"><strong>{esc(panel.get("heading"))}</strong></p>'
    if panel.get("national"):
        return f'<div{attrs(class_="pw-local", data_local=ids)}>{head}<p>{esc(panel.get("national_text"))}</p></div>'
    items = "".join(_fact_html(f) for f in facts)
    note = f'<p class="pw-local-note">{esc(panel.get("note"))}</p>' if panel.get("note") else ""
    return f'<div{attrs(class_="pw-local", data_local=ids)}>{head}<ul class="pw-local-facts">{items}</ul>{note}</div>'


def _entry_text(entry: Mapping[str, Any]) -> str:
    parts = [f'{phone.get("label") or "Phone"}: {phone.get("number")}' for phone in entry.get("phones", [])]
    if entry.get("hours"):
        parts.append(str(entry["hours"]))
    parts += [f'{item.get("text")}: {item.get("href")}' for item in entry.get("links", [])]
    if entry.get("note"):
        parts.append(str(entry["note"]))
    text = "; ".join(parts)
    if entry.get("name"):
        return str(entry["name"]) + (" — " + text if text else "")
    return text


def local_lines(panel: Panel | None) -> list[str]:
    """The panel as plain-text lines for the draft: one line per fact (and per entry of a list)."""
    if not panel or not panel.get("facts") or panel.get("national"):
        return []  # the national site has no local contacts to put in a draft
    lines: list[str] = []
    for fact in panel["facts"]:
        entries = list(fact.get("entries", []))
        if not fact.get("given") or not entries:
            lines.append(f'{fact.get("title")}: {fact.get("not_given")}')
        elif len(entries) == 1:
            lines.append(f'{fact.get("title")}: {_entry_text(entries[0])}')
        else:
            lines.append(f'{fact.get("title")}:')
            lines += [f"- {_entry_text(e)}" for e in entries]
    return lines
