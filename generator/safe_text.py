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

import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from widgets.refs import REF_KINDS

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
_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")

# Unicode that can disguise text: bidi overrides and invisible characters.
_BIDI_AND_INVISIBLE = {
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
    "\u202d", "\u202e", "\u2060", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff",
}

SAFE_SCHEMES = ("https:", "http:", "mailto:", "tel:")
INTERNAL_SCHEMES = tuple(f"{kind}:" for kind in REF_KINDS)


class UnsafeText(ValueError):
    """Raised by the validators below; the message is shown to the author."""


# Characters that show nothing, or reshape the text around them, besides bidi controls and zero-widths:
# every format character (Unicode category Cf: soft hyphen, invisible operators, tag characters, ...),
# the line and paragraph separators (Zl, Zp: line breaks to YAML and JavaScript), fillers that render
# as blank (Hangul fillers, the combining grapheme joiner, Khmer inherent vowels, variation
# selectors), private-use and surrogate code points.  A test checks the Cf list against unicodedata.
_INVISIBLE_RANGES = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef"
    "\ue000-\uf8ff\U000f0000-\U0010ffff\ud800-\udfff"
)
_INVISIBLE = re.compile("[" + _INVISIBLE_RANGES + "]")
# The same characters as one class with the controls (Cc is exactly U+0000-001F and U+007F-009F):
# a C-speed search finds the first one, so clean text never loops per character.
_HIDDEN = re.compile("[" + _INVISIBLE_RANGES + "".join(sorted(_BIDI_AND_INVISIBLE)) + "\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_characters(text: str) -> None:
    found = _HIDDEN.search(text)
    if found is None:
        return
    for ch in text[found.start() :]:
        if ch in _BIDI_AND_INVISIBLE or _INVISIBLE.match(ch):
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


# What a Markdown field may use of brackets: an inline link "[text](destination)" (one level of balanced
# parentheses in the destination, no spaces), a footnote marker "[^id]", a backslash escape.  Linear:
# from each "[" the link text stops at the next bracket.
_LINK_TOKEN = re.compile(r"(\\.)|(\[\^[a-z0-9-]+\])|(\[[^\[\]]*\]\((?:[^()\s]|\([^()\s]*\))*\))|([\[\]])", re.S)

#: A Markdown field's length limit: the longest field in the content is under 2,500 characters.
MAX_MARKDOWN_CHARS = 20_000
MAX_URL_CHARS = 2_000


def literal_brackets(text: str) -> str:
    """Every ``[`` or ``]`` that is not part of an inline link, a footnote marker or an escape, escaped.

    Markdown's own bracket matching is quadratic (a run of a few thousand "[" took minutes to
    build), and reference definitions (``[r]: url``, possibly inside a list or quote, where a
    scan of the text does not see them) are a second way to write a link.  Neither is
    needed: content links are inline.  The build (``markdown_out.markdown``) and the check
    below both read the field through this, so they agree on what is a link.
    """
    if "[" not in text and "]" not in text:
        return text
    return _LINK_TOKEN.sub(lambda m: "\\" + m.group(4) if m.group(4) else m.group(0), text)


# Ofcom's numbers for drama (https://www.ofcom.org.uk/phones-and-broadband/phone-numbers/numbers-for-drama):
# each is a prefix of the dialled digits, followed by three more digits.  generator.locality uses them too.
DRAMA_PREFIXES = (
    "01134960", "01144960", "01154960", "01164960", "01174960", "01184960", "01214960", "01314960",
    "01414960", "01514960", "01614960", "02079460", "01914980", "02896496", "02920180", "01632960",
    "07700900", "08081570", "09098790", "03069990",
)
_PHONE_LIKE = re.compile(r"\+?\d[\d ]{8,16}\d")


def is_fictional_number(number: str) -> bool:
    """Whether a number, as people write it (spaces, +44, 0044), is in one of Ofcom's drama ranges."""
    digits = re.sub(r"\D", "", number)
    if digits.startswith("00"):  # the international prefix dialled as digits: 0044 1632 ...
        digits = digits[2:]
    if digits.startswith("44"):  # +44 1632 ..., and +44 0 1632 ... as people write it
        digits = "0" + digits[2:].removeprefix("0")
    return len(digits) == 11 and digits.startswith(DRAMA_PREFIXES)


def check_numbers(text: str) -> None:
    """Content prose gives no fictional phone number: it would look like a local contact nobody answers.

    Local numbers belong in the locality profile, where ``pathway check`` knows whether the
    profile is an example; guidance text is national and has no reason to hold one.
    """
    for match in _PHONE_LIKE.finditer(text):
        if is_fictional_number(match.group(0)):
            raise UnsafeText(f"contains the fictional (Ofcom drama) number {match.group(0)}, which nobody answers; "
                             "local contacts belong in the locality profile")


def check_address(url: str) -> str:
    """A URL-typed field: no hidden characters, and a scheme on the allowlist; returned unchanged."""
    if len(url) > MAX_URL_CHARS:
        raise UnsafeText(f"is {len(url):,} characters long; an address may hold at most {MAX_URL_CHARS:,}")
    check_characters(url)
    check_url(url)
    return url


def check_markdown(text: str, rules: MarkdownRules | None = None) -> str:
    """Validate a Markdown field as a site with ``rules`` reads it; return it unchanged when safe."""
    if len(text) > MAX_MARKDOWN_CHARS:
        raise UnsafeText(f"is {len(text):,} characters long; a text field may hold at most {MAX_MARKDOWN_CHARS:,} "
                         "(split it into paragraphs or items)")
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
    if _PHONE_LIKE.search(text):  # most text has no run of ten digits
        check_numbers(text)
    check_rendered(text, rules)
    return text


# Elements and attributes a Markdown field may produce.  Anything else (an admonition's <div>, a
# <details>, an image, an id or class from an attribute list) means Markdown read the text as more
# than the safe subset, however the text was spelled.
_ALLOWED_ELEMENTS = frozenset({"p", "em", "strong", "a", "code", "ul", "ol", "li", "blockquote", "br", "hr", "pre",
                               "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd"})
_ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
# Only these characters can make Markdown, with the engine's own extensions (MarkdownRules.default: review this
# list when that set grows), produce markup beyond paragraphs, lists, tables and emphasis.
_MARKUP_SIGNS = re.compile(r"[\[\]<{&]|!!!|\?\?\?")
# A plain inline link on one line (its destination already checked by check_url above) or a footnote
# marker: text whose only signs are these renders to nothing but <a href> and text, so it need not be
# rendered to know (most fields with links; rendering them all made a check without the cache 40% slower).
_PLAIN_LINK = re.compile(r"(?<!!)\[[^\[\]<>{}&\n]*\]\([^()\s<>{}&]*\)|\[\^[a-z0-9-]+\](?!:)")


def check_rendered(text: str, rules: MarkdownRules | None = None) -> None:
    """Render the field with the site's own Markdown configuration and inspect what it produced.

    The regular-expression checks above read the text; Markdown reads it its own way (a
    destination split by a block-quote marker, an upper-case hexadecimal character reference,
    an attribute list without its marker).  This asks Markdown, with the extensions
    the project's ``mkdocs.yml`` enables (``rules``), and refuses any element, attribute or link scheme outside the
    safe subset.  With the engine's own extensions, text without a bracket, "<", "{", "&" or an
    admonition marker cannot produce any, so it is not rendered (most fields); a project that turns
    on others (``==mark==``, ``^^insert^^``) has every field rendered.
    """
    rules = rules or MarkdownRules.default()
    if rules.signs_known and (not _MARKUP_SIGNS.search(text) or not _MARKUP_SIGNS.search(_PLAIN_LINK.sub("", text))):
        return
    from html.parser import HTMLParser

    html = _render(literal_brackets(text.replace("<", "&lt;")), rules)
    problems: list[str] = []

    class Inspect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in _ALLOWED_ELEMENTS:
                problems.append(f"Markdown reads it as a <{tag}> element, which text fields may not contain")
                return
            for name, value in attrs:
                if name not in _ALLOWED_ATTRIBUTES.get(tag, ()):
                    problems.append(f"Markdown gives a <{tag}> the attribute {name!r} (an attribute list?)")
                elif name == "href":
                    _check_href(value or "", problems)

    parser = Inspect(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    if problems:
        raise UnsafeText(problems[0] + "; use only text, emphasis, lists and [text](link)")


def _check_href(value: str, problems: list[str]) -> None:
    """A rendered link's address as the browser reads it (entities already decoded by the parser)."""
    squashed = re.sub(r"[\t\n\r]", "", value).strip("".join(chr(c) for c in range(0x21)))
    try:
        check_url(squashed)
    except UnsafeText as exc:
        problems.append(f"Markdown reads a link to {squashed[:60]!r}: {exc}")


@dataclass(frozen=True)
class MarkdownRules:
    """How a project's site reads Markdown: the extensions its ``mkdocs.yml`` turns on, with their settings.

    The rendered-text check must read a field exactly as that site will, so its caller says which
    project's configuration applies (``MarkdownRules.of(project.config)``; generator.project decides
    where that file is); nothing here looks for a project.
    """

    extensions: tuple[str, ...]
    settings: str  # each extension's options as canonical JSON: what tells two sets of rules apart (and the cache key)
    options: dict[str, dict[str, object]] = field(default_factory=dict, compare=False, repr=False)  # as configured

    @classmethod
    def of(cls, config_file: Path | None) -> MarkdownRules:
        """The rules of the ``mkdocs.yml`` at ``config_file``; the engine's own when there is none."""
        if config_file is None or not config_file.is_file():
            return cls.default()
        from .project import ProjectError

        try:
            return _rules_of(config_file.read_text(encoding="utf-8"))  # read each time: `pathway serve` sees edits
        except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
            raise ProjectError(f"{config_file}: cannot read its markdown_extensions: {exc}") from None

    @classmethod
    def default(cls) -> MarkdownRules:
        """The extensions ``pathway new`` configures (content checked outside any project, and tests)."""
        return _default_rules()

    @functools.cached_property
    def signs_known(self) -> bool:
        """Whether these extensions are among the engine's own, for which ``_MARKUP_SIGNS`` lists every sign
        of markup (so text without one need not be rendered)."""
        return set(self.extensions) <= set(_default_rules().extensions)

    @property
    def fingerprint(self) -> bytes:
        return json.dumps([self.extensions, self.settings]).encode()


@functools.cache
def _default_rules() -> MarkdownRules:
    from .project import engine

    return _rules_of((engine().skeleton / "mkdocs.yml").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=16)
def _rules_of(config_text: str) -> MarkdownRules:
    """The rules a ``mkdocs.yml``'s text gives; ValueError, in words, when it cannot be read as one."""
    import yaml

    from .yaml_source import SAFE_LOADER

    try:
        config = yaml.load(config_text, Loader=SAFE_LOADER) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"it is not YAML that can be read safely ({str(exc).splitlines()[0]})") from None
    entries = config.get("markdown_extensions", []) if isinstance(config, dict) else None
    if not isinstance(entries, list):
        raise ValueError("markdown_extensions must be a list")
    names: list[str] = []
    settings: dict[str, dict[str, object]] = {}
    for entry in entries:
        if isinstance(entry, str):
            names.append(entry)
            continue
        (name, options), = entry.items() if isinstance(entry, dict) and len(entry) == 1 else [(None, None)]
        if not isinstance(name, str) or not isinstance(options or {}, dict):
            raise ValueError(f"{entry!r} is neither an extension's name nor one name with its settings")
        names.append(name)
        settings[name] = dict(options or {})
    return MarkdownRules(tuple(names), json.dumps(settings, sort_keys=True, default=str), settings)


@functools.lru_cache(maxsize=4)
def _markdown(rules: MarkdownRules) -> Any:
    """Python-Markdown made with ``rules``, once per process for each set of rules."""
    import markdown

    return markdown.Markdown(extensions=list(rules.extensions), extension_configs=rules.options)


def _render(text: str, rules: MarkdownRules | None = None) -> str:
    """``text`` as HTML, read with ``rules`` (default: the engine's own, MarkdownRules.default)."""
    md = _markdown(rules or MarkdownRules.default())
    md.reset()
    return md.convert(text)  # type: ignore[no-any-return]


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
