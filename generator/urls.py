"""Where every item lives in the built site, and how references become links.

Generated Markdown links to other pages by their ``.md`` path, relative to
the page, so ``mkdocs build --strict`` itself proves every link resolves.
"""

from __future__ import annotations

import functools
import posixpath
from typing import TYPE_CHECKING

from widgets.refs import ref_anchor

from .models.common import REF_PATTERN
from .walk import sections

if TYPE_CHECKING:  # a type only: markdown_out (which locality, below load, uses) reaches urls
    from .load import Site

HAND_WRITTEN = {
    "home": "index.md",
    "about": "about/index.md",
    "accessibility": "about/accessibility.md",
    "privacy": "about/privacy.md",
    "staying-safe-online": "about/staying-safe-online.md",
}


def available_tools(site: Site) -> set[str]:
    """Tools this content base can power: the checklist needs its checklist, the walker a pathway."""
    tools = set()
    if site.checklist_page():
        tools.add("referral-checklist")
    if site.pathway is not None:
        tools.add("what-happens-next")
    return tools


def raw_html_folder(page: str, from_source: bool = False) -> str:
    """The folder (relative to docs/) a relative URL in a page's raw HTML resolves from.

    MkDocs leaves raw HTML alone, so the browser resolves it from the served directory-style URL
    (``cases/x.md`` is served at ``cases/x/``); Zensical rewrites it as relative to the Markdown file.
    """
    if from_source:
        return posixpath.dirname(page)
    stem = page[: -len(".md")] if page.endswith(".md") else page
    return posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem


def page_path(kind: str, item_id: str) -> str:
    """The Markdown file (relative to docs/) holding an item."""
    return {
        "guide": f"guides/{item_id}.md",
        "case": f"cases/{item_id}.md",
        "learning": f"learning/{item_id}.md",
        "source": "about/sources.md",
        "resource": "about/sources.md",
        "planned": "about/content-status.md",
        "glossary": "glossary.md",
        "pathway": "pathway/index.md",
        "tool": f"tools/{item_id}.md",
    }.get(kind) or _page(item_id)


#: ``page:`` ids of the pages the generator writes itself (besides one page per item), and their files.
GENERATED_PAGES = {
    "pathway": "pathway/index.md",
    "sources": "about/sources.md",
    "content-status": "about/content-status.md",
    "glossary": "glossary.md",
    "cases": "cases/index.md",
    "questions": "cases/questions.md",
    "learning": "learning/index.md",
    "guides": "guides/index.md",
}


def _page(item_id: str) -> str:
    if item_id in HAND_WRITTEN:
        return HAND_WRITTEN[item_id]
    return GENERATED_PAGES.get(item_id, f"{item_id}.md")


def anchor_for(kind: str, item_id: str, anchor: str | None) -> str | None:
    """The fragment a reference lands on (the widgets make their links with the very same rule)."""
    return ref_anchor(kind, item_id, anchor)


def link(ref: str, from_page: str) -> str:
    """A relative link (with anchor) from one generated page to a reference."""
    match = REF_PATTERN.fullmatch(ref)
    if not match:
        return ref
    kind, item_id, anchor = match.groups()
    target = page_path(kind, item_id)
    rel = _relpath(target, posixpath.dirname(from_page) or ".")
    frag = anchor_for(kind, item_id, anchor)
    return f"{rel}#{frag}" if frag else rel


@functools.lru_cache(maxsize=65536)
def _relpath(target: str, start: str) -> str:
    """posixpath.relpath, remembered: it calls os.getcwd() twice per link, the renderer's top cost at scale."""
    return posixpath.relpath(target, start)


def url(ref: str) -> str:
    """A site-root-relative URL (directory style) for JSON consumed in the browser."""
    match = REF_PATTERN.fullmatch(ref)
    if not match:
        return ref
    kind, item_id, anchor = match.groups()
    target = page_path(kind, item_id)
    path = target[: -len("index.md")] if target.endswith("index.md") else target[: -len(".md")] + "/"
    frag = anchor_for(kind, item_id, anchor)
    return "/" + path + (f"#{frag}" if frag else "")


def title_of(site: Site, ref: str) -> str:
    match = REF_PATTERN.fullmatch(ref)
    if not match:
        return ref
    kind, item_id, anchor = match.groups()
    if kind == "guide" and item_id in site.guides:
        guide = site.guides[item_id]
        if anchor:
            for at in sections(guide):
                if at.section.id == anchor:
                    return f"{guide.title}: {at.section.heading}"
        return guide.title
    if kind == "case" and item_id in site.cases:
        case = site.cases[item_id]
        return f"Case study {case.number}: {case.title}"
    if kind == "learning" and item_id in site.learning:
        return site.learning[item_id].title
    if kind in {"source", "resource"} and item_id in site.sources:
        return site.sources[item_id].title
    if kind == "planned" and item_id in site.planned:
        return f"{site.planned[item_id].title} (not yet available)"
    if kind == "tool":
        return {"referral-checklist": "Referral checklist", "what-happens-next": "What happens next"}.get(item_id, item_id)
    if kind == "pathway" and site.pathway:
        for stage in site.pathway.stages:
            if stage.id == item_id:
                return stage.title
        for node in site.pathway.nodes:
            if node.id == item_id:
                return node.title
    return item_id.replace("-", " ").capitalize()
