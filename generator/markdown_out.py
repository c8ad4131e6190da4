"""Turning validated content text into Markdown that is safe to hand to MkDocs.

Two kinds of text: ``Plain`` fields are escaped so no character has Markdown
or HTML meaning; ``Markdown`` fields (already validated as the safe subset)
get their internal references rewritten to relative links, and any ``<`` is
escaped as a second line of defence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .models.common import REF_PATTERN
from .urls import link

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>])")
_INTERNAL_LINK = re.compile(r"\]\(\s*(" + REF_PATTERN.pattern + r")\s*\)")
_FOOTNOTE = re.compile(r"\[\^([a-z0-9-]+)\]")


def plain(text: str | None) -> str:
    """Escape plain text for Markdown: every special character loses its meaning."""
    if not text:
        return ""
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # Python-Markdown has no backslash escape for "<" or "~" (the backslash would show): use references.
    text = text.replace("<", "&lt;").replace("~", "&#126;")
    return text.replace("\n", " ")


def attr(text: str | None) -> str:
    """Escape text for an HTML attribute value inside generated Markdown.

    Also used inside double-quoted YAML front matter, where a backslash starts an
    escape ("\\x3c" would become "<" and reach the page's <title> unescaped), so
    backslashes become a character reference too.
    """
    if not text:
        return ""
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")
        .replace("\\", "&#92;")
    )


def markdown(text: str | None, from_page: str, footnote_prefix: str = "") -> str:
    """Render a safe-Markdown field for the page ``from_page`` (path relative to docs/)."""
    if not text:
        return ""
    text = text.replace("<", "&lt;")
    text = _INTERNAL_LINK.sub(lambda m: "](" + link(m.group(1), from_page) + ")", text)
    if footnote_prefix:
        text = _FOOTNOTE.sub(lambda m: f"[^{footnote_prefix}{m.group(1)}]", text)
    return text.strip()


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


_WHOLE_LINK = re.compile(r"\[([^\]]+)\]\(\s*(" + REF_PATTERN.pattern + r")\s*\)")


def hand_written(text: str, from_page: str, exists: Callable[[str], bool]) -> str:
    """Resolve references in a hand-written page; a reference this content base lacks becomes plain text.

    Hand-written pages (home, about) are shared by every content base built
    with ``--data``; a partnership without, say, the police guide still gets a
    working home page rather than a broken link.
    """
    def replace(match: re.Match[str]) -> str:
        ref = match.group(2)
        if not exists(ref):
            return match.group(1)
        return f"[{match.group(1)}]({link(ref, from_page)})"

    return _WHOLE_LINK.sub(replace, text)
