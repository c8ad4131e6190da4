"""Embeddable case studies: chrome-less embed pages, the iframe snippet and static oEmbed files.

Why these choices:

- **Embed pages are ordinary generated Markdown** with ``template: embed.html``
  front matter, so MkDocs and Material render them with the site's own CSS and
  Markdown extensions, ``mkdocs build --strict`` checks their links, and the
  theme template (``overrides/embed.html``) drops the header, navigation,
  search and footer but keeps the quick exit.  The template is generic: any
  page can use it (the walker embed does).
- **oEmbed is static.**  The site is static hosting, so there is no
  ``/oembed?url=…`` endpoint; each embed page has its own ``oembed.json`` next
  to it and a discovery ``<link>`` pointing at it, which the oEmbed spec allows.
- **Absolute URLs come from mkdocs.yml's ``site_url``** (the iframe ``src``,
  the resizer script, the URL printed on handouts).  A host who publishes the
  site elsewhere must set ``site_url`` to where it is served; ``pathway serve``
  overrides it with its own address.
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import yaml

from . import urls
from .yaml_source import SAFE_LOADER

if TYPE_CHECKING:
    from .load import Site
    from .models.case import CaseStudy

class PageRenderer(Protocol):
    """What a page producer needs of the renderer (``generator.render.Renderer`` is one): the site, and a
    template rendered for a page.  Producers take this, so they never import the renderer that calls them."""

    site: Site
    raw_html_from_source: bool  # the engine resolves raw HTML's relative URLs from the Markdown file

    def render(self, template: str, page: str, **context: Any) -> str: ...


DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
# The iframe's size without the resizer script; also the oEmbed width/height.
FRAME_WIDTH = 800
FRAME_HEIGHT = 900
RESIZER = "assets/embed-resizer.js"
OEMBED_FILE = "oembed.json"


@dataclass(frozen=True)
class PublicSite:
    """Where the built site is published, for the absolute URLs embedders copy."""

    name: str
    url: str  # always ends with "/"

    def absolute(self, root_relative: str) -> str:
        """``/cases/x/`` → ``https://host/prefix/cases/x/`` (site_url may carry a path prefix)."""
        return self.url + root_relative.lstrip("/")


def public_site(config_file: Path, site_url: str | None = None,
                overrides: dict[str, Any] | None = None) -> PublicSite:
    """The site's name and URL from the project's mkdocs.yml (``config_file``).

    ``site_url`` (e.g. from ``pathway serve``) wins over mkdocs.yml's, and
    ``overrides`` (what a locality profile changes in the config, such as its
    own site title) over mkdocs.yml's values.
    """
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    config = {**config, **(overrides or {})}
    url = site_url or config.get("site_url") or DEFAULT_SITE_URL
    if not url.endswith("/"):
        url += "/"
    return PublicSite(name=str(config.get("site_name") or "Pathway"), url=url)


# -- where things live -------------------------------------------------------
def embed_page(case_id: str) -> str:
    """The embed page's Markdown file, relative to docs/."""
    return f"embed/cases/{case_id}/index.md"


def page_url(page: str) -> str:
    """A docs-relative ``.md`` page's root-relative URL with directory URLs: ``embed/x.md`` → ``/embed/x/``."""
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    return "/" + (stem.rstrip("/") + "/" if stem else "")


def embed_path(case_id: str) -> str:
    """The embed page's root-relative URL."""
    return f"/embed/cases/{case_id}/"


def oembed_path(case_id: str) -> str:
    """The case's static oEmbed file, root-relative: beside its embed page."""
    return embed_path(case_id) + OEMBED_FILE


def frame_title(case: CaseStudy) -> str:
    """The iframe's accessible name: what the frame holds, in words a screen reader user can choose by."""
    return f"Case study {case.number}: {case.title} (learning case study)"


# -- what embedders copy -------------------------------------------------------
def frame_html(src: str, title: str) -> str:
    """An iframe for any embed page: works at a fixed height with no script on the host page.

    ``width``/``height`` attributes give the fixed size; the inline style lets
    it fill narrower columns (a host whose CSP forbids inline styles still gets
    a working 800×900 frame).  ``data-pathway-embed`` marks it for the resizer.
    """
    return (
        f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}" '
        f'width="{FRAME_WIDTH}" height="{FRAME_HEIGHT}" '
        f'style="width:100%;max-width:100%;border:0" loading="lazy" data-pathway-embed></iframe>'
    )


def iframe_html(case: CaseStudy, public: PublicSite) -> str:
    """The iframe for one case study's embed page."""
    return frame_html(public.absolute(embed_path(case.id)), frame_title(case))


def resizer_tag(public: PublicSite) -> str:
    return f'<script src="{html.escape(public.absolute(RESIZER), quote=True)}" async></script>'


def snippet(case: CaseStudy, public: PublicSite) -> str:
    """What the case page offers to copy: the iframe, then the optional resizer script."""
    return iframe_html(case, public) + "\n" + resizer_tag(public)


def oembed(case: CaseStudy, site: Site, public: PublicSite) -> dict[str, Any]:
    """An oEmbed 1.0 ``rich`` response.  Its ``html`` is the iframe only (consumers strip scripts)."""
    source = site.sources.get(case.source.source)
    data: dict[str, Any] = {
        "version": "1.0",
        "type": "rich",
        "title": f"Case study {case.number}: {case.title}",
        "provider_name": public.name,
        "provider_url": public.url,
        "html": iframe_html(case, public),
        "width": FRAME_WIDTH,
        "height": FRAME_HEIGHT,
    }
    if source is not None:
        data["author_name"] = source.publisher
        if source.url:
            data["author_url"] = source.url
    return data


class TemplateHelpers:
    """What case templates may ask about embedding, bound to the page being rendered (``embed.…``)."""

    def __init__(self, public: PublicSite, page: str, raw_html_from_source: bool = False) -> None:
        self.public = public
        self.page = page
        self.raw_html_from_source = raw_html_from_source
        self.site_name = public.name
        self.frame_height = FRAME_HEIGHT

    def snippet(self, case: CaseStudy) -> str:
        return snippet(case, self.public)

    def page_link(self, case: CaseStudy) -> str:
        """A relative ``.md`` link to the case's embed page (so strict builds prove it)."""
        return posixpath.relpath(embed_page(case.id), posixpath.dirname(self.page) or ".")

    def url(self, ref: str) -> str:
        """The absolute published URL of a reference, e.g. ``case:iopc-39-case-3``."""
        return self.public.absolute(urls.url(ref))

    def embed_url(self, case: CaseStudy) -> str:
        return self.public.absolute(embed_path(case.id))

    def oembed_url(self, case: CaseStudy) -> str:
        """The absolute address of the case's ``oembed.json``, for the discovery link of the case page
        and of its embed page (front matter ``oembed:``; see ``overrides/partials/oembed-discovery.html``)."""
        return self.public.absolute(oembed_path(case.id))

    def frame_snippet(self, page: str, title: str) -> str:
        """Embed code for any page made with ``template: embed.html`` (docs-relative ``.md``), e.g. the walker's."""
        return frame_html(self.public.absolute(page_url(page)), title) + "\n" + resizer_tag(self.public)

    def link_to(self, page: str) -> str:
        """A relative ``.md`` link from this page to another generated page (strict builds prove it)."""
        return posixpath.relpath(page, posixpath.dirname(self.page) or ".")

    def asset(self, path: str) -> str:
        """A site file (``assets/session.js``) relative to this page's directory-style URL.

        Raw HTML in Markdown is not rewritten by MkDocs, so a ``<script src>`` in
        a generated page needs the path from where the page is served:
        ``cases/x.md`` is served at ``cases/x/``, ``embed/cases/x/index.md`` at
        ``embed/cases/x/``.
        """
        return posixpath.relpath(path, urls.raw_html_folder(self.page, self.raw_html_from_source) or ".")


# -- files for the build -----------------------------------------------------
def sorted_cases(site: Site) -> list[CaseStudy]:
    return sorted(site.cases.values(), key=lambda c: (c.source.source, c.number))


def case_embed_pages(renderer: PageRenderer, cases: list[CaseStudy]) -> dict[str, str]:
    """One chrome-less embed page per case, rendered with the same case body as the full page."""
    out: dict[str, str] = {}
    for case in cases:
        page = embed_page(case.id)
        out[page] = renderer.render("embed_case.md.j2", page, case=case, full_page=urls.link(f"case:{case.id}", page))
    return out


def oembed_files(site: Site, public: PublicSite) -> dict[str, str | bytes]:
    """``embed/cases/<id>/oembed.json`` next to each embed page."""
    files: dict[str, str | bytes] = {}
    for case in sorted_cases(site):
        files[oembed_path(case.id).lstrip("/")] = json.dumps(oembed(case, site, public), ensure_ascii=False, indent=2) + "\n"
    return files
