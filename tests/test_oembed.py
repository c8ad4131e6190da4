"""Embed pages and their static oEmbed files, checked in the built site for every case.

Each case has a chrome-less page at /embed/cases/<id>/ with an oEmbed discovery
link to an ``oembed.json`` beside it (oEmbed 1.0, type ``rich``); the case page
itself carries the same link inside ``<template>`` (ADR 0013).  Absolute
URLs come from mkdocs.yml's ``site_url``; a host who sets it gets URLs for
their own address.  Embed pages stay out of navigation, search and the sitemap.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.embeds import FRAME_HEIGHT, FRAME_WIDTH, embed_page, public_site
from generator.load import load_site
from generator.markdown_out import plain
from generator.render import Renderer
from tests.conftest import CONTENT, FIXTURE, ROOT
from tests.test_render_golden import GOLDEN_SITE

GOLDEN = Path(__file__).parent / "golden"
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]


class Tags(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def cases():  # type: ignore[no-untyped-def]
    site, _ = load_site(CONTENT)
    return sorted(site.cases.values(), key=lambda c: c.number)


def test_every_case_has_a_valid_oembed_file_found_from_its_embed_page(built_site: Path, cases) -> None:  # type: ignore[no-untyped-def]
    assert len(cases) == 10
    for case in cases:
        page = built_site / "embed" / "cases" / case.id / "index.html"
        links = [a for t, a in tags(page.read_text(encoding="utf-8"))
                 if t == "link" and a.get("rel") == "alternate" and a.get("type") == "application/json+oembed"]
        assert len(links) == 1, case.id
        href = links[0]["href"]
        assert href == f"{SITE_URL}embed/cases/{case.id}/oembed.json"
        assert links[0]["title"] == f"Case study {case.number}: {case.title}"

        data = json.loads((built_site / href.removeprefix(SITE_URL)).read_text(encoding="utf-8"))
        assert data["version"] == "1.0" and data["type"] == "rich"
        assert data["title"] == f"Case study {case.number}: {case.title}"
        assert data["provider_name"] == "Child sexual abuse response pathway"
        assert data["provider_url"] == SITE_URL
        assert data["author_name"] == "Independent Office for Police Conduct (IOPC)"
        assert (data["width"], data["height"]) == (FRAME_WIDTH, FRAME_HEIGHT)
        assert all(isinstance(data[k], int) and data[k] > 0 for k in ("width", "height"))

        frames = tags(data["html"])
        assert [t for t, _ in frames] == ["iframe"], "the html is one iframe and no script"
        iframe = frames[0][1]
        assert iframe["src"] == f"{SITE_URL}embed/cases/{case.id}/"
        assert iframe["title"] == f"Case study {case.number}: {case.title} (learning case study)"
        assert (iframe["width"], iframe["height"]) == (str(FRAME_WIDTH), str(FRAME_HEIGHT))
        assert "data-pathway-embed" in iframe


def test_every_case_page_carries_one_discovery_link_for_readers_without_scripting(
        engine_site: tuple[str, Path], cases) -> None:  # type: ignore[no-untyped-def]
    """What WordPress, Slack or a forum fetches when a trainer pastes the *case page's* address.

    Parsed as such consumers parse it (the standard library's parser: no scripting, no DOM), the page has
    exactly one oEmbed link, to the same file its embed page names, whose iframe shows the embed page;
    built by either engine (Zensical's ``e`` filter would write "/" as "&#x2f;": the values are not escaped twice).
    """
    built_site = engine_site[1]
    for case in cases:
        href = f"{SITE_URL}embed/cases/{case.id}/oembed.json"
        for page in (f"cases/{case.id}/index.html", f"embed/cases/{case.id}/index.html"):
            html = (built_site / page).read_text(encoding="utf-8")
            links = [a for t, a in tags(html)
                     if t == "link" and a.get("rel") == "alternate" and a.get("type") == "application/json+oembed"]
            assert len(links) == 1, page
            assert links[0]["href"] == href
            assert links[0]["title"] == f"Case study {case.number}: {case.title}"
            head = html[: html.index("</head>")]
            # Byte for byte as a regular-expression reader (WordPress) takes it: it decodes only &amp; &quot; &lt; &gt;.
            assert f'href="{href}"' in head, page
            # Inside <template>: the browser's DOM never holds it (ADR 0013), a regex or SAX reader does.
            start = head.index('type="application/json+oembed"')
            assert head.rfind("<template>", 0, start) > head.rfind("</template>", 0, start), page
        data = json.loads((built_site / href.removeprefix(SITE_URL)).read_text(encoding="utf-8"))
        frames = tags(data["html"])
        assert [t for t, _ in frames] == ["iframe"]
        assert frames[0][1]["src"] == f"{SITE_URL}embed/cases/{case.id}/"


def test_only_case_pages_and_embeds_carry_an_oembed_link(built_site: Path) -> None:
    carrying = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                      if "application/json+oembed" in p.read_text(encoding="utf-8"))
    assert carrying and all(re.fullmatch(r"(embed/)?cases/iopc-39-case-\d+/index\.html", p) for p in carrying), carrying
    assert len(carrying) == 20


def test_the_audit_accepts_the_discovery_link_and_refuses_a_live_foreign_alternate(built_site: Path, cases) -> None:  # type: ignore[no-untyped-def]
    from generator import audit

    case = cases[0]
    page = f"cases/{case.id}/index.html"
    html = (built_site / page).read_text(encoding="utf-8")
    assert audit.audit_page(html, page, built_site, SITE_URL) == []

    def codes(markup: str) -> list[str]:
        return [f.code for f in audit.audit_page(markup, page, built_site, SITE_URL)]

    foreign = '<link rel="alternate" type="application/json+oembed" href="https://elsewhere.example/o.json">'
    assert codes(f"<head>{foreign}</head>") == ["foreign-resource"]  # live: the theme would fetch a sitemap there
    assert codes(f"<head><template>{foreign}</template></head>") == []  # inert: a link for other servers to follow
    assert codes(f"<head><template></template>{foreign}</head>") == ["foreign-resource"]
    assert codes('<template><link rel="stylesheet" href="https://evil.example/x.css"></template>') == ["foreign-resource"]
    assert codes('<template><img src="//evil.example/x.png"></template>') == ["foreign-resource"]


def test_embed_pages_are_chrome_less_noindexed_and_keep_the_quick_exit(built_site: Path, cases) -> None:  # type: ignore[no-untyped-def]
    for case in cases:
        html = (built_site / "embed" / "cases" / case.id / "index.html").read_text(encoding="utf-8")
        found = tags(html)
        classes = " ".join(a.get("class") or "" for _, a in found).split()
        for chrome in ("md-header", "md-sidebar", "md-search", "md-footer", "md-tabs", "md-nav"):
            assert chrome not in classes, (case.id, chrome)
        assert ("meta", {"name": "robots", "content": "noindex"}) in found
        assert "pw-exit__button" in classes and "pw-exit-secondary" in classes
        exits = [a for t, a in found if t == "a" and "data-pw-exit" in a]
        assert exits and all(a["target"] == "_top" for a in exits)  # leaves the framing page too, without JavaScript
        scripts = [a.get("src") for t, a in found if t == "script" and a.get("src")]
        assert not any("bundle" in s for s in scripts)  # Material's bundle would fetch the sitemap and search index
        assert {"../../../assets/quick-exit.js", "../../../assets/embed-child.js", "../../../assets/session.js"} <= set(scripts)
        assert f'href="../../../cases/{case.id}/"' in html  # the link back to the full page
        assert "pw-attribution" in classes and "pw-question-group" in classes


def test_embed_pages_stay_out_of_navigation_search_and_sitemap(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("embed/")]
    assert not [d["location"] for d in index["docs"] if d["location"].endswith(("#embed", "#use-in-training"))]
    assert "/embed/" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/cases/iopc-39-case-1/" in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for page in ("index.html", "cases/iopc-39-case-4/index.html", "cases/questions/index.html"):
        # The navigation: the body before the content (the case page's head names its oEmbed file, not a page).
        nav = (built_site / page).read_text(encoding="utf-8").split("</head>", 1)[1].split('class="md-content"')[0]
        assert "embed/cases" not in nav, page


def test_case_page_offers_the_snippet_as_text(built_site: Path, cases) -> None:  # type: ignore[no-untyped-def]
    for case in cases:
        html = (built_site / "cases" / case.id / "index.html").read_text(encoding="utf-8")
        code = re.search(r'<pre class="pw-embed-code[^>]*><code>(.*?)</code></pre>', html, re.S)
        assert code, case.id
        snippet = tags(code.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&quot;", '"'))
        assert [t for t, _ in snippet] == ["iframe", "script"]
        assert snippet[0][1]["src"] == f"{SITE_URL}embed/cases/{case.id}/"
        assert snippet[0][1]["title"].startswith(f"Case study {case.number}: ")
        assert snippet[1][1]["src"] == f"{SITE_URL}assets/embed-resizer.js"
        assert "<iframe" not in html.replace(code.group(0), "")  # shown as text, never as a live frame


def test_a_host_with_its_own_site_url_gets_its_own_addresses(tmp_path: Path) -> None:
    from generator.build import generate, load_and_check

    work = tmp_path / "work"
    generate(load_and_check(FIXTURE), work, site_url="https://training.example.org/pathway")
    docs = work / "docs"
    data = json.loads((docs / "embed/cases/test-case/oembed.json").read_text(encoding="utf-8"))
    assert data["provider_url"] == "https://training.example.org/pathway/"
    assert 'src="https://training.example.org/pathway/embed/cases/test-case/"' in data["html"]
    case_page = (docs / "cases/test-case.md").read_text(encoding="utf-8")
    assert "https://training.example.org/pathway/embed/cases/test-case/" in case_page
    assert "https://training.example.org/pathway/assets/embed-resizer.js" in case_page
    assert "This case study online: <span data-pw-page-url>https://training.example.org/pathway/cases/test-case/" in case_page


def test_a_locality_profile_s_site_title_names_the_provider(tmp_path: Path) -> None:
    from generator.build import generate, load_and_check

    profile = ROOT / "examples" / "exampleshire" / "locality.yml"
    title = yaml.safe_load(profile.read_text(encoding="utf-8"))["site"]["title"]
    work = tmp_path / "work"
    generate(load_and_check(CONTENT, locality=profile), work)
    data = json.loads((work / "docs/embed/cases/iopc-39-case-1/oembed.json").read_text(encoding="utf-8"))
    assert data["provider_name"] == title
    embed_markdown = (work / "docs/embed/cases/iopc-39-case-1/index.md").read_text(encoding="utf-8")
    assert f"on {plain(title)} (opens in a new tab)" in embed_markdown  # the link back names the local site


def test_public_site_reads_mkdocs_yml_and_adds_the_trailing_slash(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Local pathway\nsite_url: https://local.example.org\n", encoding="utf-8")
    public = public_site(tmp_path / "mkdocs.yml")
    assert (public.name, public.url) == ("Local pathway", "https://local.example.org/")
    assert public.absolute("/cases/x/") == "https://local.example.org/cases/x/"
    assert public_site(tmp_path / "mkdocs.yml", "http://127.0.0.1:9000").url == "http://127.0.0.1:9000/"


def test_embed_page_markdown_matches_golden_file() -> None:
    """Like tests/test_render_golden.py, for the embed page (regenerate with UPDATE_GOLDEN=1)."""
    site, report = load_site(FIXTURE)
    assert not report.items, report.format()
    page = embed_page("test-case")
    text = Renderer(site, public=GOLDEN_SITE).pages()[page]
    golden = GOLDEN / page
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
