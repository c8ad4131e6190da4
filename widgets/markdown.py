"""A tiny, safe Markdown subset for widget text, in the standard library only.

Content text is validated at build time (``generator.safe_text``), but the
widgets still treat it as untrusted: the renderer escapes every character and
only then adds the few constructs the content model allows:

- inline ``**bold**``, ``*italic*`` (or ``_italic_``) and links ``[text](url)``;
- paragraphs separated by blank lines, and ``-``/``*``/``1.`` list lines.

A link keeps its target only when it is a site-relative path, a fragment, or
an http(s)/mailto/tel address.  A target that still carries an internal
``kind:id`` reference (the exporter should have turned it into an href) or any
other scheme is dropped and only the link text is shown.  Footnote markers
(``[^id]``) are removed: the widgets show no footnotes.  The output is a
deterministic function of the input, so the browser can re-render safely.
"""

from __future__ import annotations

import re
from html import escape

_INLINE = re.compile(
    r"\[([^\[\]\n]+)\]\(\s*<?([^()\s<>]*)>?\s*\)"  # 1, 2: link
    r"|\*\*(?=\S)(.+?)(?<=\S)\*\*"  # 3: bold
    r"|\*(?=[^\s*])([^*\n]+?)(?<=\S)\*"  # 4: italic with *
    r"|(?<![A-Za-z0-9_])_(?=[^\s_])([^_\n]+?)(?<=\S)_(?![A-Za-z0-9_])"  # 5: italic with _
    r"|\[\^[A-Za-z0-9-]+\]"  # footnote marker: dropped
)
_LIST_ITEM = re.compile(r"^\s{0,3}(?:([-*+])|([0-9]{1,3})[.)])\s+(.*)$")
_SAFE_SCHEMES = ("https://", "http://", "mailto:", "tel:")


def safe_href(url: str) -> str | None:
    """The link target if it is safe to emit, else ``None`` (render text only)."""
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    lowered = url.lower()
    if lowered.startswith("//"):
        return None
    if lowered.startswith(("/", "#")) or lowered.startswith(_SAFE_SCHEMES):
        return url
    head = lowered.split("/", 1)[0].split("#", 1)[0].split("?", 1)[0]
    if ":" in head:
        return None  # an unresolved kind:id reference or an unknown scheme
    return url  # a relative path


def _inline(text: str, html: bool) -> str:
    out: list[str] = []
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(escape(text[pos : m.start()]) if html else text[pos : m.start()])
        pos = m.end()
        link_text, target, bold, italic, italic2 = m.groups()
        if link_text is not None:
            inner = _inline(link_text, html)
            href = safe_href(target or "")
            if html and href is not None:
                out.append(f'<a href="{escape(href)}">{inner}</a>')
            else:
                out.append(inner)
        elif bold is not None:
            inner = _inline(bold, html)
            out.append(f"<strong>{inner}</strong>" if html else inner)
        elif italic is not None or italic2 is not None:
            inner = _inline(italic if italic is not None else italic2 or "", html)
            out.append(f"<em>{inner}</em>" if html else inner)
        # a footnote marker adds nothing
    out.append(escape(text[pos:]) if html else text[pos:])
    return "".join(out)


def inline_html(text: str | None) -> str:
    """Inline Markdown to HTML, for one-line fields (no paragraphs). Newlines become spaces."""
    if not text:
        return ""
    return _inline(" ".join(text.split("\n")).strip(), html=True)


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split into ("p", [lines]), ("ul", [items]) and ("ol", [items]) blocks."""
    blocks: list[tuple[str, list[str]]] = []
    kind = ""
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            kind = ""
            continue
        m = _LIST_ITEM.match(raw)
        if m:
            list_kind = "ul" if m.group(1) else "ol"
            if kind != list_kind:
                blocks.append((list_kind, []))
                kind = list_kind
            blocks[-1][1].append(m.group(3).strip())
        elif kind in ("ul", "ol") and raw[:1].isspace():
            blocks[-1][1][-1] += " " + line  # a continuation line of a list item
        else:
            if kind != "p":
                blocks.append(("p", []))
                kind = "p"
            blocks[-1][1].append(line)
    return blocks


def markdown_html(text: str | None, compact: bool = False) -> str:
    """Block Markdown (paragraphs and lists) to HTML.

    With ``compact``, text that is a single paragraph comes back without the
    ``<p>`` wrapper (for list items, hints and other short fields).
    """
    if not text:
        return ""
    blocks = _blocks(text)
    if compact and len(blocks) == 1 and blocks[0][0] == "p":
        return _inline(" ".join(blocks[0][1]), html=True)
    parts: list[str] = []
    for kind, lines in blocks:
        if kind == "p":
            parts.append("<p>" + _inline(" ".join(lines), html=True) + "</p>")
        else:
            items = "".join("<li>" + _inline(item, html=True) + "</li>" for item in lines)
            parts.append(f"<{kind}>{items}</{kind}>")
    return "".join(parts)


def markdown_text(text: str | None) -> str:
    """Markdown to plain text (for the draft): markers removed, links reduced to their text."""
    if not text:
        return ""
    parts: list[str] = []
    for kind, lines in _blocks(text):
        if kind == "p":
            parts.append(_inline(" ".join(lines), html=False))
        else:
            bullets = [f"{'-' if kind == 'ul' else str(i) + '.'} {_inline(item, html=False)}" for i, item in enumerate(lines, 1)]
            parts.append("\n".join(bullets))
    return "\n\n".join(parts)
