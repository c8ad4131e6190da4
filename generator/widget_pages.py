"""The pages that hold a widget, pre-rendered at build time by the widgets' own Python.

The referral checklist and the pathway walker are rendered here into complete,
script-free HTML (``widgets.render``), and the tool templates add the runtime
(``_widget_runtime.md.j2``: stylesheet, preload hints, the bridge) that only
these pages load.  The same module gives the pathway overview its "open the
walker at this step" links, computed from the same pathway data with the
walker's own ``answers_to``, so the overview and the walker cannot disagree.

Links inside the exported widget data are site-root URLs (``/guides/...``);
the static HTML is rebased here to page-relative ones, so a site published
below a sub-path works without JavaScript too (the browser rebases its own
output in ``widgets.browser``).

The pre-rendered widget markup is kept out of the search index
(``search_excluded``): it repeats what the pathway page and the guides already
hold, and Material fetches the whole index on a visitor's first page.  The tool
pages stay findable by their title and introduction, which the templates write
outside the widget.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any

from . import urls

if TYPE_CHECKING:
    from .embeds import PageRenderer
    from .load import Site

CHECKLIST_PAGE = "tools/referral-checklist.md"
WALKER_PAGE = "tools/what-happens-next.md"
WALKER_EMBED_PAGE = "embed/what-happens-next.md"
# The walker's step pages: one per question, date, action and outcome, below each of its two pages.
WALKER_FAMILIES = ((WALKER_PAGE, "tool_walker.md.j2", "tool_walker_step.md.j2"),
                   (WALKER_EMBED_PAGE, "embed_walker.md.j2", "embed_walker_step.md.j2"))
# Material's search plugin leaves out an element carrying this attribute, and a heading carrying it
# starts no entry of its own (one without it would still add an empty entry under the page title).
SEARCH_EXCLUDE = "data-search-exclude"
# The plugin's parser tells elements apart by tag name only: the first inner ``</div>`` would end the
# exclusion of an outer ``<div>``.  So the widget goes inside an element of a tag it never uses; an
# ``article`` with ``role="none"`` is block-level for Markdown and means nothing to assistive technology.
SEARCH_EXCLUDED_FRAME = "article"
_HEADING_TAG = re.compile(r"<(h[1-6])(?=[\s>])")


def search_excluded(html: str) -> str:
    """A widget's markup kept out of the search index: framed by an excluded element, every heading marked.

    The widget renderers escape every value from the data or the user, so a
    ``<`` followed by a tag name in this markup is always a tag they wrote.
    The widget's own markup is otherwise unchanged, so a browser without
    JavaScript shows the same content.
    """
    if re.search(rf"<{SEARCH_EXCLUDED_FRAME}(?=[\s>])", html):
        raise ValueError(f"widget markup uses <{SEARCH_EXCLUDED_FRAME}>, which would end its search exclusion early")
    marked = _HEADING_TAG.sub(rf"<\1 {SEARCH_EXCLUDE}", html)
    return f'<{SEARCH_EXCLUDED_FRAME} role="none" {SEARCH_EXCLUDE}>{marked}</{SEARCH_EXCLUDED_FRAME}>'


def root_prefix(page: str, from_source: bool = False) -> str:
    """The relative way from a page's raw HTML (docs-relative ``.md`` path) back to the site root."""
    parts = [p for p in urls.raw_html_folder(page, from_source).split("/") if p]
    return "../" * len(parts)


def tool_pages(renderer: PageRenderer) -> dict[str, str]:
    """The checklist page, the walker page and the walker's embed page, for whatever content exists."""
    from widgets import render as widget_render
    from widgets.markup import rebase_links

    from .exports import citation_ref, widget_data
    from .runtime import runtime_version

    site = renderer.site
    data = widget_data(site)
    out: dict[str, str] = {}
    checklists = data["checklists"]
    offered = site.checklist_page()  # the content's choice (site.yml), validated by generator.validate
    if offered:
        page = CHECKLIST_PAGE
        modes = [checklists[cid] for cid in offered]
        root = root_prefix(page, renderer.raw_html_from_source)
        html = search_excluded(rebase_links(widget_render.render_checklist_page(modes), root))
        source = site.checklists[offered[0]].source
        guide_ref = citation_ref(site, source.source, source.lines)
        walker = urls.link("tool:what-happens-next", page) if data["pathway"] else None
        out[page] = renderer.render("tool_checklist.md.j2", page, widget_html=html, guide_ref=guide_ref,
                                    root=root, runtime_version=runtime_version(), walker=walker,
                                    checklists=[site.checklists[c] for c in offered])
    if data["pathway"]:
        out.update(_walker_pages(renderer, data["pathway"]))
    return out


def walker_step_page(family_page: str, node: str | None) -> str:
    """The docs path of a walker page: the family's own page, or ``<family>/<node>.md`` for a step."""
    return family_page if node is None else family_page[: -len(".md")] + f"/{node}.md"


def _walker_pages(renderer: PageRenderer, pathway: dict[str, Any]) -> dict[str, str]:
    """The walker's start page and a page per step, for the full site and for embedding."""
    from widgets import render as widget_render
    from widgets.markup import rebase_links
    from widgets.state import WalkState
    from widgets.walker import walk_state
    from widgets.walker_html import DATE_QUESTION, walker_pages

    from .runtime import runtime_version

    nodes = {node["id"]: node for node in pathway["nodes"]}
    out: dict[str, str] = {}
    for family, template, step_template in WALKER_FAMILIES:
        base = "/" + family[: -len(".md")] + "/"
        for node in [None, *walker_pages(pathway)]:
            page = walker_step_page(family, node)
            root = root_prefix(page, renderer.raw_html_from_source)
            html = search_excluded(rebase_links(widget_render.render_walker(pathway, base, node), root))
            if node is None:
                title = "What happens next"
            else:
                result = walk_state(pathway, WalkState.make(None, start=node), at=node)
                title = DATE_QUESTION if result.status == "date" else str(nodes[node].get("title", ""))
            out[page] = renderer.render(template if node is None else step_template, page, widget_html=html,
                                        root=root, runtime_version=runtime_version(), step_title=title,
                                        full_page=urls.link("tool:what-happens-next", page))
    return out


def walker_links(site: Site, from_page: str) -> dict[str, str]:
    """For every node and stage of the pathway: a link from ``from_page`` to the walker at that point.

    Keys are node ids and ``stage:<id>``; a stage links to its first node the
    walker can reach.  A step with a page of its own links to that page; any
    other node (a situation, a time limit passed on the way) to the page the
    walk reaches next from it, where it is shown.
    """
    from widgets.walker_html import walker_pages

    from .exports import widget_data

    data: dict[str, Any] | None = widget_data(site)["pathway"]
    if not data:
        return {}
    nodes = {node["id"]: node for node in data["nodes"]}
    pages = set(walker_pages(data))
    folder = posixpath.dirname(from_page) or "."
    links: dict[str, str] = {}
    for node in data["nodes"]:
        current: str | None = node["id"]
        seen: set[str] = set()
        while current is not None and current not in pages and current not in seen:
            seen.add(current)
            current = nodes.get(current, {}).get("next")
        if current is None or current not in pages:
            continue
        links[node["id"]] = posixpath.relpath(walker_step_page(WALKER_PAGE, current), folder)
        links.setdefault(f"stage:{node.get('stage')}", links[node["id"]])
    return links
