"""Small HTML helpers shared by the two widgets' renderers.

Every value that reaches HTML passes through ``esc`` (``html.escape`` with
quotes) or through ``widgets.markdown``; ids used in ``id``/``for``
attributes are slugs by the content model and are escaped anyway.  Output is
built by string joining in a fixed order, so the same input always gives the
same bytes (the browser re-renders with the same functions).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from typing import Any

from .markdown import safe_href

MODALITY_LABELS = {"must": "Must", "should": "Should", "may": "May", "important": "Important"}
# A site-root link in markup this package made: attribute values are always escaped, so user
# text can never produce one (a quote in it becomes &quot;).
_ROOT_HREF = re.compile(r'(\shref=")/(?!/)')


def esc(value: object) -> str:
    """Escape any value for HTML text or a double-quoted attribute."""
    return escape("" if value is None else str(value), quote=True)


def attrs(**values: object) -> str:
    """Attributes in the order given: ``None``/``False`` are left out, ``True`` is bare.

    A trailing underscore is dropped and other underscores become hyphens
    (``class_`` -> ``class``, ``data_node`` -> ``data-node``).
    """
    out: list[str] = []
    for key, value in values.items():
        name = key.rstrip("_").replace("_", "-")
        if value is None or value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(out)


def link(href: object, text_html: str, **extra: object) -> str:
    """An anchor if ``href`` is safe, else the text alone (``text_html`` is already HTML)."""
    target = safe_href(href) if isinstance(href, str) else None
    if target is None:
        return text_html
    return f"<a{attrs(href=target, **extra)}>{text_html}</a>"


def cite_label(cite: Mapping[str, Any]) -> str:
    """A readable label: the source title (when the exporter gives one) and the section."""
    parts = [str(p) for p in (cite.get("title") or cite.get("source_title"), cite.get("section")) if p]
    if cite.get("page"):
        parts.append(f"page {cite['page']}")
    return ", ".join(parts) if parts else str(cite.get("source", ""))


def cite_html(cite: Mapping[str, Any] | None, prefix: str = "Source: ") -> str:
    """One citation as ``<p class="pw-cite">``, linked to the guide section when there is an href."""
    if not cite:
        return ""
    return f'<p class="pw-cite">{esc(prefix)}{link(cite.get("href"), esc(cite_label(cite)))}</p>'


def cites_html(cites: list[Mapping[str, Any]] | None) -> str:
    """Several citations: one line each, "Source:" then "Also:"."""
    return "".join(cite_html(c, "Source: " if i == 0 else "Also: ") for i, c in enumerate(cites or []))


def rebase_links(html: str, prefix: str) -> str:
    """Point site-root links (``href="/guides/..."``) at ``prefix`` instead of ``/``.

    The exported data links from the site root, which is wrong when a site is
    published below a sub-path.  The build passes the page-relative way back
    to the root (``"../../"``); the browser passes the path the site is served
    under (``"/"`` or ``"/pathway/"``).  Only ``href`` attributes this package
    wrote can match, so the rewrite cannot touch anything a user typed.
    """
    if prefix == "/":
        return html
    return _ROOT_HREF.sub(lambda m: m.group(1) + prefix, html)
