"""Change history: what changed in each guide, case study and checklist, and when.

Professionals need to know when guidance changed and how (GOV.UK's "Last updated … See all
updates"; the amendment lists of safeguarding procedure manuals).  Each item may carry
``changes:``, dated one-line notes listed oldest first.  This module checks them, renders each
page's "Last updated" line and full page history, the ``/updates/`` page listing every change
newest first, and an Atom feed (RFC 4287) of the same, with absolute addresses from ``site_url``.

**When content changed with no note.**  A note may record ``hash:``, the item's *content hash*
(``content_hash``: its published fields, not its history, review dates or editorial notes, as
canonical JSON, so re-indenting or commenting the YAML changes nothing).  When the last note's
hash differs from the item's hash now, the content changed after the last note: ``pathway
check`` warns and prints the hash to record with a new note.  A note without a hash opts its
item out of the comparison (an item converted before notes existed, say).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as _xml_escape

from pydantic import BaseModel

from .diagnostics import Report, Severity
from .markdown_out import link_destination, plain
from .urls import page_path

if TYPE_CHECKING:
    from .embeds import PublicSite
    from .load import Site

UPDATES_PAGE = "updates/index.md"
FEED = "updates/feed.xml"
HISTORY_ANCHOR = "full-page-history"
# Not part of what a reader is told: editing them is not a change to the guidance.
UNHASHED_FIELDS = {"changes", "review", "editorial_notes"}
FOLDERS = ("guides", "cases", "checklists")


def content_hash(item: BaseModel) -> str:
    """The item's published content as a short hash (see the module docstring).

    Fields left at their defaults are left out, so a new optional field in the models does not
    change every item's hash.
    """
    data = item.model_dump(mode="json", exclude=UNHASHED_FIELDS, exclude_defaults=True)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


# ---------------------------------------------------------------- checks

def check(site: Site, today: dt.date) -> Report:
    """Notes in date order, none in the future, and a warning when content changed after the last note."""
    report = Report()
    for rel, item in site.items(*FOLDERS):
        notes = getattr(item, "changes", None)
        if not notes:
            continue
        doc = site.documents.get(rel)

        def pos(*loc: str | int) -> tuple[int, int]:
            return doc.position(loc) if doc else (1, 1)  # noqa: B023 - used within this iteration only

        for index, note in enumerate(notes):
            if note.date > today:
                report.add(rel, *pos("changes", index, "date"), "change-in-future",
                           f"the change note is dated {note.date.isoformat()}, which is after today",
                           "date a note on the day the change is published")
            if index and note.date < notes[index - 1].date:
                report.add(rel, *pos("changes", index, "date"), "change-order",
                           f"the change of {note.date.isoformat()} is listed after the one of "
                           f"{notes[index - 1].date.isoformat()}",
                           "list changes oldest first: a new note goes at the end")
        last = notes[-1]
        current = content_hash(item) if last.hash is not None else None  # hashed only when a note records one
        if current is not None and last.hash != current:
            index = len(notes) - 1
            report.add(rel, *pos("changes", index, "hash"), "change-note-missing",
                       f"the content has changed since the last change note ({last.date.isoformat()})",
                       f"add a note at the end of changes: with today's date, a one-line summary for readers "
                       f"and hash: {current}", Severity.WARNING)
    return report


# ---------------------------------------------------------------- what changed, site-wide

@dataclass(frozen=True)
class Entry:
    """One change note of one item, with where the item is shown."""

    date: dt.date
    title: str  # the item's title, plain text
    summary: str  # plain text
    page: str | None  # the docs-relative Markdown page showing the item, if it has one
    key: str  # kind/id/index: stable, for the feed's entry ids
    order: int  # the note's place in its item's list, so same-day notes keep their order


def _item_page(site: Site, folder: str, item: Any) -> tuple[str | None, str]:
    if folder == "guides":
        return (page_path("guide", item.id) if item.status == "published" else None), item.title
    if folder == "cases":
        return page_path("case", item.id), f"Case study {item.number}: {item.title}"
    # The checklist page shows the checklists site.yml offers (generator.widget_pages renders it).
    return (page_path("tool", "referral-checklist") if item.id in site.checklist_page() else None), item.title


def entries(site: Site) -> list[Entry]:
    """Every change note of the site, newest first."""
    found: list[Entry] = []
    for folder in FOLDERS:
        for item_id, item in getattr(site, folder).items():
            page, title = _item_page(site, folder, item)
            if folder == "guides" and page is None:
                continue  # a draft guide is not published, nor is its history
            for index, note in enumerate(item.changes):
                found.append(Entry(note.date, title, note.summary, page, f"{folder}/{item_id}/{index + 1}", index))
    return sorted(found, key=lambda e: (e.date, e.order), reverse=True)


def _date(value: dt.date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def _link(target: str, from_page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


# ---------------------------------------------------------------- on each page

class History:
    """Template helpers: the "Last updated" line and the full page history of an item (or items)."""

    def last_updated(self, *items: Any, bullet: bool = True) -> str:
        """A Markdown list item for the page's metadata list (a paragraph without ``bullet``), or nothing."""
        notes = [note for item in items for note in item.changes]
        if not notes:
            return ""
        newest = max(note.date for note in notes)
        line = f"**Last updated:** {_date(newest)} — [See all updates](#{HISTORY_ANCHOR})"
        return f"- {line}" if bullet else line

    def full(self, *items: Any) -> str:
        """The page's history, newest first ("Full page history"), or nothing."""
        notes = sorted(((note.date, index, getattr(item, "title", ""), note) for item in items
                        for index, note in enumerate(item.changes)), key=lambda t: (t[0], t[1]), reverse=True)
        if not notes:
            return ""
        named = len(items) > 1
        # Out of the search index (as the trainer sections are): a page's history is not what a search is for.
        lines = [f"## Full page history {{ #{HISTORY_ANCHOR} data-search-exclude }}", ""]
        for date, _, title, note in notes:
            prefix = f"{plain(title)}: " if named else ""
            lines.append(f"- **{_date(date)}:** {prefix}{plain(note.summary)}")
        return "\n".join(lines) + "\n"


history = History()


# ---------------------------------------------------------------- the updates page and the feed

def pages(site: Site, public: PublicSite) -> dict[str, str]:
    """``updates/index.md`` and ``updates/feed.xml``, when any item has a change note."""
    found = entries(site)
    if not found:
        return {}
    return {UPDATES_PAGE: updates_page(found, public), FEED: atom_feed(found, public)}


def updates_page(found: list[Entry], public: PublicSite) -> str:
    lines = [
        "---",
        "title: Updates",
        "description: Every change to the practice guides, case studies and checklists, newest first.",
        "---",
        "",
        "# Updates",
        "",
        "Every change to the practice guides, case studies and checklists on this site, newest first, "
        "so you can see what changed since you last read them or since your training.",
        "",
        f"Follow these updates in a feed reader: [Atom feed of updates]({link_destination(_link(FEED, UPDATES_PAGE))}).",
        "",
    ]
    day: dt.date | None = None
    for entry in found:
        if entry.date != day:
            day = entry.date
            lines += [f"## {_date(day)} {{ #updates-{day.isoformat()} }}", ""]
        title = plain(entry.title)
        where = f"[{title}]({link_destination(_link(entry.page, UPDATES_PAGE))})" if entry.page else f"**{title}**"
        lines.append(f"- {where}: {plain(entry.summary)}")
        if entry is found[-1] or found[found.index(entry) + 1].date != day:
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _xml_text(value: str) -> str:
    """Text content of an XML element."""
    return _xml_escape(value)


def _xml_attr(value: str) -> str:
    """A double-quoted XML attribute value."""
    return _xml_escape(value, {'"': "&quot;"})


def _page_url(public: PublicSite, page: str) -> str:
    """The absolute address of a page (directory URLs, as mkdocs.yml sets them)."""
    stem = page.removesuffix(".md")
    stem = stem.removesuffix("index") if stem.endswith("/index") or stem == "index" else stem + "/"
    return public.absolute(stem)


def _stamp(value: dt.date) -> str:
    return f"{value.isoformat()}T00:00:00Z"


def atom_feed(found: list[Entry], public: PublicSite) -> str:
    """An Atom 1.0 feed (RFC 4287) of every change, newest first; every address absolute from site_url."""
    feed_url = public.absolute(FEED)
    updates_url = _page_url(public, UPDATES_PAGE)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f"  <id>{_xml_text(feed_url)}</id>",
        f"  <title>{_xml_text(public.name)}: updates</title>",
        "  <subtitle>Every change to the practice guides, case studies and checklists, newest first.</subtitle>",
        f"  <updated>{_stamp(found[0].date)}</updated>",
        f"  <author><name>{_xml_text(public.name)}</name></author>",
        f'  <link rel="self" type="application/atom+xml" href="{_xml_attr(feed_url)}"/>',
        f'  <link rel="alternate" type="text/html" href="{_xml_attr(updates_url)}"/>',
    ]
    for entry in found:
        target = _page_url(public, entry.page) if entry.page else updates_url
        out += [
            "  <entry>",
            f"    <id>{_xml_text(updates_url + '#' + entry.key.replace('/', '-'))}</id>",
            f"    <title>{_xml_text(entry.title)}</title>",  # the page's title; the summary says what changed
            f"    <updated>{_stamp(entry.date)}</updated>",
            f'    <link rel="alternate" type="text/html" href="{_xml_attr(target)}"/>',
            f"    <summary>{_xml_text(entry.summary)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def hash_report(site: Site) -> list[tuple[Path, str]]:
    """Each item's file and content hash now (what to record in a new note's ``hash:``)."""
    return [(rel, content_hash(item)) for rel, item in site.items(*FOLDERS) if hasattr(item, "changes")]


def main(argv: list[str] | None = None) -> int:
    """``python -m generator.changes [DIR]``: each item's content hash now, to record in a new change note."""
    import sys

    from .load import load_site

    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]).resolve() if args else Path(__file__).resolve().parent.parent / "pathway_data"
    site, _ = load_site(root)
    for rel, digest in hash_report(site):
        print(f"{rel.as_posix()}: hash: {digest}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
