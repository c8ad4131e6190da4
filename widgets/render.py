"""Deterministic HTML for both widgets, at build time and in the browser.

One import point for the renderers: the build calls ``render_checklist`` and
``render_walker`` to put complete, script-free markup into the page; the
browser calls the same functions (and the partial ones below) to update it.
Every string from the data or the user is escaped (``html.escape``) or goes
through the safe Markdown subset in ``widgets.markdown``.
"""

from __future__ import annotations

from .checklist_html import render_checklist, render_checklist_page, render_summary, render_text_checks, render_urgent
from .markdown import inline_html, markdown_html
from .walker_html import render_deadlines, render_walker, render_walker_step

__all__ = [
    "inline_html",
    "markdown_html",
    "render_checklist",
    "render_checklist_page",
    "render_deadlines",
    "render_summary",
    "render_text_checks",
    "render_urgent",
    "render_walker",
    "render_walker_step",
]
