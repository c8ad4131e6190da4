r"""Turning validated content text into Markdown that is safe to hand to MkDocs.

One function per output context, and every value a template or the renderer
interpolates passes through the one its field's type decides:

========================  =============================  ===========================================
context                   function (template filter)     for
========================  =============================  ===========================================
Markdown text             ``plain`` (``plain``)          ``Plain`` fields in running text, headings
Markdown (safe subset)    ``markdown`` (``md(...)``)     ``Markdown`` fields
link destination          ``link_destination``           ``Url`` / ``HttpsUrl`` fields, ``tel:`` hrefs
                          (``url``)
admonition title          ``admonition_title``           ``!!! kind "title"`` lines (Markdown is
                          (``admonition_title``)         parsed inside the title)
front-matter value        ``front_matter`` (same)        ``title:``/``description:``/tags in pages
HTML attribute / text     ``attr`` (``attr``)            values inside raw HTML in generated pages
theme string              ``theme_string``               ``site_name`` and other config strings the
                                                         theme prints as raw HTML
========================  =============================  ===========================================

Why per context: the same characters mean different things in each.  A URL
may hold ``)`` and ``<`` (``\S+`` allows them) which close a Markdown link;
an admonition title is parsed as Markdown; a YAML double-quoted scalar reads
backslash escapes and treats U+2028/U+2029/U+0085 as line breaks; Material
prints ``config.site_name`` unescaped into the header, ``<title>`` and an
``aria-label``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .models.common import REF_PATTERN
from .safe_text import literal_brackets
from .urls import link

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>])")
_INTERNAL_LINK = re.compile(r"\]\(\s*(" + REF_PATTERN.pattern + r")\s*\)")
_FOOTNOTE = re.compile(r"\[\^([a-z0-9-]+)\]")
# A link to a planned item, not already followed by the words that say so: the reader is told before following it.
_PLANNED_LINK = re.compile(r"(\]\(\s*planned:[a-z0-9-]+(?:#[a-z0-9-]+)?\s*\))(?!\s*\(?\s*not yet available)")


# Line breaks to Python's str.splitlines, YAML 1.1 and JavaScript, besides "\n": any of them inside a
# generated line would split it (front matter published as text, a heading cut in two).
_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """Every line or paragraph separator (not only "\n") as a space."""
    return _LINE_BREAKS.sub(" ", text).replace("\n", " ")


def plain(text: str | None) -> str:
    """Escape plain text for Markdown: every special character loses its meaning."""
    if not text:
        return ""
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # Python-Markdown has no backslash escape for "<" or "~" (the backslash would show): use references.
    text = text.replace("<", "&lt;").replace("~", "&#126;")
    return one_line(text)


def admonition_title(text: str | None) -> str:
    """Text for the quoted title of ``!!! kind "title"``: Python-Markdown parses the title as Markdown.

    So it is escaped as Markdown text (``[x](javascript:…)`` stays text), on one line
    (the admonition's title ends at the line's end).  A ``"`` inside is fine: the title
    runs to the last ``"`` on the line.
    """
    return plain(text)


def front_matter(text: str | None) -> str:
    """A complete YAML double-quoted scalar for generated front matter, quotes included.

    MkDocs renders front-matter titles into ``<title>`` and the navigation as HTML,
    so the value is HTML-escaped (``attr``); in YAML a backslash starts an escape and
    U+2028, U+2029 and U+0085 are line breaks (a broken front matter is silently
    published as page text), so those become a reference or a space.
    """
    return '"' + one_line(attr(text)) + '"'


def link_destination(url: str) -> str:
    """A validated address made safe as a Markdown link destination: ``[text](<here>)``.

    Percent-encodes what could end the destination or start other syntax after it
    (brackets, angle brackets, spaces, braces, quotes, backslashes, control and line
    separator characters); an address that is already valid keeps every other byte.
    """
    return "".join(f"%{ord(ch):02X}" if ch in _UNSAFE_IN_DESTINATION or ord(ch) < 33 else
                   ("".join(f"%{b:02X}" for b in ch.encode()) if _LINE_BREAKS.match(ch) else ch) for ch in url)


_UNSAFE_IN_DESTINATION = frozenset('()<>[]{}"\'\\` \x7f')


def theme_string(text: str) -> str:
    """A string for the theme's config (``site_name``), which Material prints as raw HTML.

    HTML-escaped, quotes included (it lands in attribute values), on one line.  The theme
    overrides print it without a further ``| e`` (see overrides/partials/header.html).
    """
    from html import escape

    return one_line(escape(text, quote=True))


def attr(text: str | None) -> str:
    """Escape text for an HTML attribute value inside generated Markdown.

    Also used inside double-quoted YAML front matter, where a backslash starts an
    escape ("\\x3c" would become "<" and reach the page's <title> unescaped), so
    backslashes become a character reference too.
    """
    if not text:
        return ""
    return (
        one_line(text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;"))
        .replace("\\", "&#92;")
    )


def markdown(text: str | None, from_page: str, footnote_prefix: str = "") -> str:
    """Render a safe-Markdown field for the page ``from_page`` (path relative to docs/)."""
    if not text:
        return ""
    text = literal_brackets(text.replace("<", "&lt;"))  # only inline links and footnote markers stay syntax
    text = _PLANNED_LINK.sub(r"\1 (not yet available)", text)
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
