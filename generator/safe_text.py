"""The safe Markdown subset every text field must keep to.

Content is untrusted: a partnership may accept edits from many people, and a
page about child abuse is a target.  Text may use Markdown emphasis, lists,
links and footnote markers, but never raw HTML, attribute lists, scripts or
script-bearing URLs.  We reject rather than sanitise so the author learns the
rule, and the renderer escapes plain-text fields on top of this.

Reviewer comments and editorial notes in published fields are also caught
here, because the referral guide's draft carried one ("Commented [AG1]").
"""

from __future__ import annotations

import re
import unicodedata

# Raw HTML: any tag-like construct or comment.  A lone "<" in prose ("< 18") is fine.
# These checks run on untrusted text of up to several megabytes, so each must be
# linear: no pattern may rescan the rest of the text from every "<" or "{".
_HTML_OPEN = re.compile(r"<\s*(?:/\s*)?[A-Za-z!?]")
_ATTR_OPEN = re.compile(r"\{\s*[:#.]")
_ATTR_KEY = re.compile(r"[\w-]\s*=")
# A link target; newlines inside it are kept (a browser drops them from a URL).
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*(?:[\r\n]+[^)\s>]*)*)")
_AUTOLINK_SCHEME = re.compile(r"(?i)\b(?:javascript|vbscript)\s*:|\b(?:data|file):(?=\S)")
_SCRIPT_SCHEME = re.compile(r"(?i)(?:javascript|vbscript):")
_REF_DEF = re.compile(r"(?m)^\s{0,3}\[[^\[\]]*\]:\s*(\S+)")
_EDITORIAL = re.compile(r"(?i)\bcommented\s*\[[A-Z]{1,4}\d+\]|\[[A-Z]{2,4}\d{1,3}\]|\b(TODO|FIXME|XXX)\b")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")

# Unicode that can disguise text: bidi overrides and invisible characters.
_BIDI_AND_INVISIBLE = {
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
    "\u202d", "\u202e", "\u2060", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff",
}

SAFE_SCHEMES = ("https:", "http:", "mailto:", "tel:")
INTERNAL_SCHEMES = ("guide:", "case:", "learning:", "source:", "resource:", "planned:", "glossary:", "pathway:", "tool:", "page:")


class UnsafeText(ValueError):
    """Raised by the validators below; the message is shown to the author."""


# The same characters as one class (Cc is exactly U+0000-001F and U+007F-009F):
# a C-speed search finds the first one, so clean text never loops per character.
_HIDDEN = re.compile("[" + "".join(sorted(_BIDI_AND_INVISIBLE)) + "\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_characters(text: str) -> None:
    found = _HIDDEN.search(text)
    if found is None:
        return
    for ch in text[found.start() :]:
        if ch in _BIDI_AND_INVISIBLE:
            raise UnsafeText(
                f"contains the invisible or text-direction character U+{ord(ch):04X}; remove it"
            )
        if unicodedata.category(ch) == "Cc" and ch not in "\n\t":
            raise UnsafeText(f"contains the control character U+{ord(ch):04X}; remove it")


def check_url(url: str) -> None:
    """A link target must be an internal reference, a relative path or a safe scheme."""
    lowered = re.sub(r"\s", "", url).lower()
    if not lowered or lowered.startswith(("#", "/")) and not lowered.startswith("//"):
        return
    if lowered.startswith(INTERNAL_SCHEMES) or lowered.startswith(SAFE_SCHEMES):
        return
    if ":" not in lowered.split("/")[0]:
        return  # relative path
    raise UnsafeText(f"the link target {url!r} uses a scheme that is not allowed (only https, http, mailto, tel)")


def check_markdown(text: str) -> str:
    """Validate a Markdown field; return it unchanged when safe."""
    check_characters(text)
    if _has_html(text):
        raise UnsafeText("contains raw HTML; use Markdown instead (**bold**, *italic*, [text](link))")
    if _ENTITY.search(text):
        raise UnsafeText("contains an HTML entity (&...;); type the character itself")
    if _has_attribute_list(text):
        raise UnsafeText("contains a Markdown attribute list ({: ...}); these can add HTML attributes")
    for match in _LINK_TARGET.finditer(text):
        check_url(match.group(1))
    for match in _REF_DEF.finditer(text):
        check_url(match.group(1))
    # "java script:", "java<newline>script:": whitespace must not hide a script scheme.
    # Every address pattern needs a ":"; most text has none, so skip the scans (the slowest checks here).
    if ":" in text and (_AUTOLINK_SCHEME.search(text) or _SCRIPT_SCHEME.search(re.sub(r"\s+", "", text))):
        raise UnsafeText("contains a javascript:, vbscript:, data: or file: address")
    check_editorial(text)
    return text


def _has_html(text: str) -> bool:
    """A tag-like ``<name`` with a ``>`` somewhere after it, or an HTML comment."""
    if "<!--" in text:
        return True
    match = _HTML_OPEN.search(text)
    # If the first opening has no ">" after it, no later one has either.
    return match is not None and text.find(">", match.end()) != -1


def _has_attribute_list(text: str) -> bool:
    """``{: ...}``, ``{#id}``, ``{.class}`` or ``{... key=value ...}`` (a "{" closed by the next "}")."""
    for part in text.split("}")[:-1]:  # each part is closed by a "}"
        start = part.find("{")
        if start == -1:
            continue
        if _ATTR_OPEN.search(part, start) or _ATTR_KEY.search(part, start + 1):
            return True
    return False


def check_plain(text: str) -> str:
    """Plain text (titles, labels) is escaped on output; only hidden characters are refused."""
    check_characters(text)
    check_editorial(text)
    return text


def check_editorial(text: str) -> None:
    # A match needs "[" or, in lower case, "todo", "xxx" or "xme" (t, o, d, x, m, e have no
    # non-ASCII case variants); testing those first skips a slow case-insensitive scan.
    lowered = text.lower()
    if "[" not in text and "todo" not in lowered and "xxx" not in lowered and "xme" not in lowered:
        return
    match = _EDITORIAL.search(text)
    if match:
        raise UnsafeText(
            f"looks like a reviewer comment or editorial note ({match.group(0)!r}); "
            "move it to editorial_notes, which are never published"
        )
