"""The post-build audit: every built HTML page is parsed before it may replace ``site/``.

Validation checks the *text* authors wrote; Markdown then reads that text its
own way (a link destination split by a block-quote marker, a reference
definition inside a list, an upper-case hexadecimal character reference, an
attribute list without its marker).  So the last check is on what the engine
actually produced: each page of the staging folder, parsed with a real HTML
parser (the standard library's, which decodes entities in attribute values as
a browser does), whichever engine built it.  It reads files, never the
engine's objects, so a Zensical build is audited the same way.

A page fails, naming the page and the content file that produced it, on:

- an event-handler attribute (``on…``), or ``srcdoc``;
- a URL attribute whose scheme, after the browser's own decoding (entities,
  then ASCII tab/newline removed anywhere and C0 controls and spaces trimmed,
  case folded), is not ``http``, ``https``, ``mailto`` or ``tel``;
- a ``<script>`` that is not one of the site's own files (inline executable
  script, or a ``src`` outside the built site);
- ``<meta http-equiv="refresh">`` (a navigation the CSP does not stop);
- ``<object>``, ``<embed>``, ``<applet>``, ``<base>``, ``<frame>``, ``<frameset>``;
- a form that posts, or names where it submits (``action``, ``formaction``, ``method=post``);
- a resource (script, stylesheet, image, frame, media) from another origin, and a
  ``<link rel="alternate">`` to another origin outside ``<template>`` (the theme's
  bundle fetches a ``sitemap.xml`` beside every alternate link it finds; inside a
  ``<template>``, as the oEmbed discovery link is, the browser never sees it);
- two elements with one ``id`` (or ``<a name>``) on a page.

The CSP meta tag would block much of this in a browser, but a host that serves
the files without it has nothing else; this makes the files themselves clean.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .diagnostics import Report
from .load import Site

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "cite", "background", "longdesc",
    "ping", "manifest", "codebase", "icon", "lowsrc", "dynsrc", "archive", "classid", "usemap", "profile",
})
FORBIDDEN_ELEMENTS = frozenset({"object", "embed", "applet", "base", "frame", "frameset", "portal"})
# Non-executable script types (data blocks such as Material's JSON configuration).
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json", "importmap-never", "text/template"})
EXECUTABLE_TYPES = frozenset({"", "text/javascript", "application/javascript", "module", "text/ecmascript",
                              "application/ecmascript", "text/jscript", "text/livescript", "application/x-javascript"})
# <link rel=…> values that name a document rather than load a resource into the page.
NAVIGATION_RELS = frozenset({"canonical", "alternate", "author", "license", "help", "next", "prev", "search",
                             "bookmark", "external", "nofollow", "noopener", "noreferrer", "tag"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# CSS that fetches: url(...) and @import (a style attribute or element would load from anywhere on a
# host that serves the files without the CSP).
_CSS_URL = re.compile(r"""url\s*\(\s*['"]?\s*([^)'"\s]*)|@import\s*['"]?\s*([^'";\s]*)""", re.I)
# SVG animation that rewrites a link: <set attributeName="href" to="javascript:...">.
_ANIMATION_ELEMENTS = frozenset({"set", "animate", "animatemotion", "animatetransform"})
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def decoded_url(value: str) -> str:
    """A URL attribute as the browser's URL parser sees it (the HTML parser has already decoded entities)."""
    return _TAB_NEWLINE.sub("", value).strip(_C0_AND_SPACE)


def scheme_of(value: str) -> str | None:
    """The URL's scheme, lower-cased, or None for a relative reference."""
    match = _SCHEME.match(decoded_url(value))
    return match.group(1).lower() if match else None


@dataclass(frozen=True)
class Finding:
    """One problem on one page: what, and the line of the page it is on."""

    page: str
    line: int
    code: str
    message: str


class _PageAuditor(HTMLParser):
    """Walks one page's tags; collects findings (no text is kept: pages are large)."""

    def __init__(self, page: str, site_dir: Path, origin: str | None, base_path: str = "/") -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.site_dir = site_dir
        self.origin = origin
        self.base_path = base_path  # where the site is published under its origin (site_url's path)
        self.findings: list[Finding] = []
        self.ids: dict[str, int] = {}
        self._inline_script = False
        self._style: list[str] | None = None
        self._templates = 0  # how many <template> elements the parser is inside (their content is inert)

    def _add(self, code: str, message: str) -> None:
        self.findings.append(Finding(self.page, self.getpos()[0], code, message))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values: dict[str, str] = {}
        for name, value in attrs:
            value = value or ""
            values.setdefault(name, value)
            if name.startswith("on"):
                self._add("event-handler", f"<{tag}> has the event-handler attribute {name}={value[:60]!r}")
            elif name == "srcdoc":
                self._add("unsafe-url", f"<{tag}> has a srcdoc attribute (a document inside an attribute)")
            elif name in URL_ATTRIBUTES:
                scheme = scheme_of(value)
                if scheme is not None and scheme not in ALLOWED_SCHEMES:
                    self._add("unsafe-url", f"<{tag} {name}> uses the scheme '{scheme}:' ({value[:80]!r})")
            elif name == "srcset" or name == "imagesrcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0] if candidate.strip() else ""
                    self._resource(tag, name, url)
            elif name in ("formmethod",) and value.strip().lower() == "post":
                self._add("form-posts", f"<{tag}> posts a form (formmethod=post)")
            if name == "id" or (name == "name" and tag == "a"):
                self._id(value)
        if "style" in values:
            self._css(tag, values["style"])
        if tag in _ANIMATION_ELEMENTS and values.get("attributename", "").strip().lower() in ("href", "xlink:href"):
            for name in ("to", "from", "values", "by"):
                for part in values.get(name, "").split(";"):
                    scheme = scheme_of(part)
                    if scheme is not None and scheme not in ALLOWED_SCHEMES:
                        self._add("unsafe-url", f"<{tag}> animates a link to the scheme '{scheme}:'")
        if tag == "style":
            self._style = []
        elif tag == "template":
            self._templates += 1
        if tag in FORBIDDEN_ELEMENTS:
            self._add("forbidden-element", f"the page has an <{tag}> element")
        elif tag == "meta":
            equiv = values.get("http-equiv", "").strip().lower()
            if equiv in ("refresh", "set-cookie", "location"):
                self._add("meta-refresh", f"<meta http-equiv={equiv!r}> (it navigates or writes, and the CSP does not stop it)")
        elif tag == "form":
            if "action" in values or values.get("method", "get").strip().lower() not in ("get", "dialog", ""):
                self._add("form-posts", f"a <form> submits somewhere (action={values.get('action', '')!r}, "
                          f"method={values.get('method', 'get')!r}); the site's forms never leave the page")
        elif tag == "script":
            self._script(values)
        if "formaction" in values:
            self._add("form-posts", f"<{tag}> names a formaction ({values['formaction'][:80]!r})")
        self._resources(tag, values)

    def _script(self, values: dict[str, str]) -> None:
        kind = values.get("type", "").strip().lower()
        if "src" not in values:
            if kind not in DATA_SCRIPT_TYPES:
                self._inline_script = True  # reported at its end tag: executable, or a type the audit does not know
            return
        src = values["src"]
        if not self._own_file(src):
            self._add("foreign-script", f"<script src={src[:80]!r}> is not one of this site's own files")

    def handle_data(self, data: str) -> None:
        if self._style is not None:
            self._style.append(data)

    def _css(self, tag: str, css: str) -> None:
        for url, imported in _CSS_URL.findall(css):
            target = url or imported
            scheme = scheme_of(target)
            if scheme in ("http", "https") or decoded_url(target).startswith("//"):
                self._resource(tag, "style", target)
            elif scheme is not None and scheme != "data":  # data: images are the theme's own icons
                self._add("unsafe-url", f"<{tag}> style uses the scheme '{scheme}:'")

    def handle_endtag(self, tag: str) -> None:
        if tag == "template" and self._templates:
            self._templates -= 1
        if tag == "style" and self._style is not None:
            self._css("style", "".join(self._style))
            self._style = None
        if tag == "script" and self._inline_script:
            self._inline_script = False
            self._add("inline-script", "the page has an inline <script> (only the site's own script files may run)")

    def _resources(self, tag: str, values: dict[str, str]) -> None:
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels and rels <= NAVIGATION_RELS:
                if "alternate" in rels and not self._templates:
                    self._fetched_beside(values.get("href", ""))
                return
            self._resource(tag, "href", values.get("href", ""))
        elif tag in ("img", "iframe", "audio", "video", "source", "track", "input", "image", "use", "feimage"):
            for name in ("src", "poster", "href", "xlink:href"):
                if name in values and not (tag in ("use", "image", "feimage") and values[name].startswith("#")):
                    self._resource(tag, name, values[name])

    def _resource(self, tag: str, name: str, url: str) -> None:
        if self._foreign(url):
            self._add("foreign-resource", f"<{tag} {name}={url[:80]!r}> loads a resource from another origin")

    def _fetched_beside(self, url: str) -> None:
        """A live ``<link rel="alternate">``: Material's bundle fetches ``sitemap.xml`` beside it on every page
        load and instant navigation (its language switch), so another origin there is a request to a third party."""
        if self._foreign(url):
            self._add("foreign-resource", f"<link rel=alternate href={url[:80]!r}> is on another origin, and the "
                      "theme fetches a sitemap.xml beside every alternate link (put it inside <template>)")

    def _foreign(self, url: str) -> bool:
        """Whether an absolute or scheme-relative URL names an origin other than the site's own."""
        decoded = decoded_url(url)
        if not decoded:
            return False
        if decoded.startswith("//") or decoded.startswith("\\\\") or scheme_of(decoded) is not None:
            return self.origin is None or _origin(decoded) != self.origin
        return False

    def _own_file(self, src: str) -> bool:
        decoded = decoded_url(src)
        if scheme_of(decoded) is not None or decoded.startswith(("//", "\\")):
            if self.origin is None or _origin(decoded) != self.origin:
                return False
            decoded = urlsplit(decoded).path
        path = urlsplit(decoded).path
        if path.startswith("/"):
            # A root-relative URL (the 404 page's) names the site's folder first when it is published under a path.
            if not path.startswith(self.base_path):
                return False
            target = PurePosixPath(path[len(self.base_path):])
        else:
            target = PurePosixPath(self.page).parent / path
        parts: list[str] = []
        for part in target.parts:
            if part == "..":
                if not parts:
                    return False
                parts.pop()
            elif part not in (".", ""):
                parts.append(part)
        return bool(parts) and (self.site_dir.joinpath(*parts)).is_file()

    def _id(self, value: str) -> None:
        if not value:
            return
        if value in self.ids:
            self._add("duplicate-id", f"the id '{value}' is used twice on the page (first on line {self.ids[value]})")
        else:
            self.ids[value] = self.getpos()[0]


def _origin(url: str) -> str | None:
    parts = urlsplit(url if not url.startswith("//") else "https:" + url)
    if not parts.scheme or not parts.hostname:
        return None
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    return f"{parts.scheme.lower()}://{parts.hostname.lower()}:{port}"


def audit_page(html: str, page: str, site_dir: Path, site_url: str | None = None) -> list[Finding]:
    """Every finding on one page (``page`` is its path inside ``site_dir``)."""
    base_path = (urlsplit(site_url).path or "/") if site_url else "/"
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    auditor = _PageAuditor(page, site_dir, _origin(site_url) if site_url else None, base_path)
    auditor.feed(html)
    auditor.close()
    if auditor._inline_script:  # an unclosed inline script still runs
        auditor._add("inline-script", "the page has an inline <script> (only the site's own script files may run)")
    return auditor.findings


def html_page(markdown_page: str) -> str:
    """Where an engine with directory URLs writes a Markdown page: ``guides/x.md`` → ``guides/x/index.html``."""
    stem = markdown_page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def audit_site(site_dir: Path, origins: dict[str, Path] | None = None, site_url: str | None = None,
               clean: set[str] | None = None, passed: set[str] | None = None) -> Report:
    """Audit every ``.html`` file under ``site_dir``; a located error per finding.

    ``origins`` maps a page (``guides/x/index.html``) to the content file that produced it,
    so the author is told which file to fix; other pages (the theme's, hand-written ones)
    are reported under their own path.  ``clean`` holds digests of pages (path and bytes)
    an earlier build's audit passed: those are not parsed again; ``passed`` receives the
    digest of every page that is clean now.
    """
    report = Report()
    origins = origins or {}
    for path in sorted(site_dir.rglob("*.html")):
        page = path.relative_to(site_dir).as_posix()
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.add(Path(page), 1, 1, "unreadable", f"cannot read the built page: {exc.strerror}")
            continue
        digest = hashlib.blake2b(page.encode() + b"\0" + data, digest_size=16).hexdigest()
        if clean is not None and digest in clean:
            if passed is not None:
                passed.add(digest)
            continue
        findings = audit_page(data.decode("utf-8", errors="replace"), page, site_dir, site_url)
        if not findings and passed is not None:
            passed.add(digest)
        for finding in findings:
            source = origins.get(page)
            where = source if source is not None else Path(page)
            line = 1 if source is not None else finding.line
            report.add(where, line, 1, f"built-page-{finding.code}",
                       f"the built page {page} (line {finding.line}): {finding.message}",
                       "the content produced markup the site never publishes; remove the markup or link from the "
                       "text, or report a generator bug if the text is plain")
    return report


def page_origins(pages: Iterable[tuple[str, Path]]) -> dict[str, Path]:
    """(Markdown page, content file) pairs as the audit's page → content file map."""
    return {html_page(page): rel for page, rel in pages}


def content_origins(site: Site) -> dict[str, Path]:
    """Each built page an item's own file produces (its page, its embed page), for located audit errors."""
    from .embeds import embed_page
    from .urls import page_path

    pages: list[tuple[str, Path]] = []
    for (kind, item_id), rel in site.files.items():
        if kind == "guides":
            pages.append((page_path("guide", item_id), rel))
        elif kind == "cases":
            pages += [(page_path("case", item_id), rel), (embed_page(item_id), rel)]
        elif kind == "learning":
            pages.append((page_path("learning", item_id), rel))
    root = Path(site.root.name)
    for page, name in (("pathway/index.md", "pathway.yml"), ("glossary.md", "glossary.yml"),
                       ("about/sources.md", "sources.yml"), ("about/content-status.md", "planned.yml")):
        if root / name in site.documents:
            pages.append((page, root / name))
    return page_origins(pages)


def enforce(site_dir: Path, origins: dict[str, Path], config: Path) -> None:
    """Audit a staged build; raise ``BuildFailed`` (the staging folder is then discarded) on any finding.

    ``config`` is the generated ``mkdocs.yml`` both engines read; its ``site_url`` is the
    site's own origin (absolute links to it are not "another origin").
    """
    import yaml

    from .diagnostics import BuildFailed
    from .yaml_source import SAFE_LOADER

    try:
        site_url = (yaml.load(config.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}).get("site_url")
    except (OSError, yaml.YAMLError):
        site_url = None
    site_url = site_url if isinstance(site_url, str) else None
    # Pages whose bytes an earlier build's audit passed are not parsed again (most pages, after one edit).
    # The file's first line ties it to this module's code and the site's address.
    memo = config.parent / "cache" / "audit-clean.txt"
    key = hashlib.sha256(Path(__file__).read_bytes() + repr(site_url).encode()).hexdigest()
    try:
        lines = memo.read_text(encoding="ascii").split()
        clean = set(lines[1:]) if lines and lines[0] == key else set()
    except (OSError, UnicodeDecodeError):
        clean = set()
    passed: set[str] = set()
    report = audit_site(site_dir, origins, site_url, clean, passed)
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text("\n".join([key, *sorted(passed)]) + "\n", encoding="ascii")
    except OSError:
        pass  # no memo: the next build audits every page again
    if report.errors:
        raise BuildFailed(f"{len(report.errors)} unsafe construct(s) in the built pages", report)
