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
    from .load import Site
    from .render import Renderer

CHECKLIST_PAGE = "tools/referral-checklist.md"
WALKER_PAGE = "tools/what-happens-next.md"
WALKER_EMBED_PAGE = "embed/what-happens-next.md"
# The checklists the referral checklist page offers, one per mode, in the order shown.
CHECKLIST_MODES = ("referral-content", "call-999-101", "after-the-referral")
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


def tool_pages(renderer: Renderer) -> dict[str, str]:
    """The checklist page, the walker page and the walker's embed page, for whatever content exists."""
    from widgets import render as widget_render
    from widgets.markup import rebase_links

    from .exports import citation_ref, widget_data
    from .runtime import runtime_version

    site = renderer.site
    data = widget_data(site)
    out: dict[str, str] = {}
    checklists = data["checklists"]
    if CHECKLIST_MODES[0] in checklists:
        page = CHECKLIST_PAGE
        modes = [checklists[cid] for cid in CHECKLIST_MODES if cid in checklists]
        root = root_prefix(page, renderer.raw_html_from_source)
        html = search_excluded(rebase_links(widget_render.render_checklist_page(modes), root))
        source = site.checklists[CHECKLIST_MODES[0]].source
        guide_ref = citation_ref(site, source.source, source.lines)
        walker = urls.link("tool:what-happens-next", page) if data["pathway"] else None
        out[page] = renderer.render("tool_checklist.md.j2", page, widget_html=html, guide_ref=guide_ref,
                                    root=root, runtime_version=runtime_version(), walker=walker,
                                    checklists=[site.checklists[c] for c in CHECKLIST_MODES if c in site.checklists])
    if data["pathway"]:
        for page, template in ((WALKER_PAGE, "tool_walker.md.j2"), (WALKER_EMBED_PAGE, "embed_walker.md.j2")):
            root = root_prefix(page, renderer.raw_html_from_source)
            html = search_excluded(rebase_links(widget_render.render_walker(data["pathway"]), root))
            out[page] = renderer.render(template, page, widget_html=html, root=root,
                                        runtime_version=runtime_version(),
                                        full_page=urls.link("tool:what-happens-next", page))
    return out


def walker_links(site: Site, from_page: str) -> dict[str, str]:
    """For every node and stage of the pathway: a link from ``from_page`` to the walker at that point.

    Keys are node ids and ``stage:<id>``; a stage links to its first node the
    walker can reach.  Each link carries the fragment of the shortest walk to
    the node (``widgets.walker.answers_to``), so it opens on the question
    itself, or on the step that follows an action or a time limit.
    """
    from widgets.fragment import encode_fragment
    from widgets.walker import answers_to

    from .exports import widget_data

    data: dict[str, Any] | None = widget_data(site)["pathway"]
    if not data:
        return {}
    walker = posixpath.relpath(WALKER_PAGE, posixpath.dirname(from_page) or ".")
    links: dict[str, str] = {}
    for node in data["nodes"]:
        try:
            fragment = encode_fragment(answers_to(data, node["id"]))
        except ValueError:  # not reachable from any entry point (the validator reports it)
            continue
        links[node["id"]] = f"{walker}#{fragment}" if fragment else walker
        links.setdefault(f"stage:{node.get('stage')}", links[node["id"]])
    return links
