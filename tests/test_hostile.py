"""Hostile content, closed by construction (issue 19): each escaping context, the Markdown-as-parsed
check, the post-build audit, SVG logos, linear-time limits and the audit's place in every build.

The located errors for content the check refuses are in tests/bad_inputs/ (one case per class);
this file tests the mechanisms themselves, and that the audit really runs in ``pathway build``.
"""

from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import audit
from generator.markdown_out import admonition_title, front_matter, link_destination, markdown, plain, theme_string
from generator.safe_text import UnsafeText, _render, check_markdown, check_plain, literal_brackets
from generator.svg_logo import UnsafeSvg, check_svg

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "fixtures" / "minimal"
EXAMPLES = TESTS.parent / "examples"


# ---------------------------------------------------------------- one function per output context

def test_a_url_cannot_close_its_markdown_link_or_open_markup() -> None:
    url = "https://example.org/a)[b](javascript:alert(1)){:onclick=x}<b>\"'`\\\u2028"
    safe = link_destination(url)
    assert not set(safe) & set("()<>[]{}\"'`\\ \u2028")
    assert safe.startswith("https://example.org/a%29%5Bb%5D")
    assert link_destination("https://example.org/path?q=1&r=2#frag") == "https://example.org/path?q=1&r=2#frag"


def test_an_admonition_title_is_text_not_markdown() -> None:
    html = _render(f'!!! next "Who: {admonition_title("[x](javascript:alert(1)) **b** {: onclick=y }")}"\n\n    Text.')
    assert "<a " not in html and "<strong>" not in html and "onclick=\"" not in html
    assert '<p class="admonition-title">Who: [x](javascript:alert(1)) **b** {: onclick=y }</p>' in html


@pytest.mark.parametrize("separator", ["\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_a_front_matter_value_stays_one_yaml_string(separator: str) -> None:
    import yaml

    value = f'Title{separator}template: evil.html "q" \\x3c <b>'
    document = yaml.safe_load(f"title: {front_matter(value)}\n")
    assert list(document) == ["title"]
    assert "<" not in document["title"] and separator not in document["title"]


def test_the_theme_string_is_escaped_once_for_html() -> None:
    assert theme_string('</title><script>x</script> "A & B"') == (
        "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &quot;A &amp; B&quot;")


def test_plain_text_loses_every_line_separator() -> None:
    assert "\u2028" not in plain("a\u2028b") and "\u2029" not in plain("a\u2029b")


# ---------------------------------------------------------------- Markdown as Markdown reads it

@pytest.mark.parametrize("text", [
    '!!! local "In Exampleshire"\n\n    Call 01632 960 001',   # looks like a partnership's panel
    '??? note "Open me"\n\n    hidden',
    "[a](https://example.org/){ onclick }",                      # an attribute list without its marker
    "[a](&#X6A;avascript:alert(1))",                              # upper-case hexadecimal reference
    "![x](https://tracker.example/pixel.png)",                    # a resource from another origin
])
def test_markdown_fields_are_checked_as_markdown_reads_them(text: str) -> None:
    with pytest.raises(UnsafeText):
        check_markdown(text)


@pytest.mark.parametrize("text", [
    "> [a](java\n> script:alert(1))",                  # a destination split by a block-quote marker
    "- item\n\n  > [r]: javascript-free\n\n  [y][r]",   # a reference definition inside containers
    "[[[[[[a](https://example.org/)",
])
def test_bracket_syntax_other_than_inline_links_is_text(text: str) -> None:
    check_markdown(text)
    html = _render(markdown(text, "guides/x.md"))
    hrefs = [part.split('"')[1] for part in html.split("href=")[1:]]
    assert all(href.startswith("https://") for href in hrefs), html


def test_ordinary_links_footnotes_and_escapes_keep_their_syntax() -> None:
    text = r"See [the guide](guide:x#y), a note[^1], [sic] and \[kept\]."
    assert literal_brackets(text) == r"See [the guide](guide:x#y), a note[^1], \[sic\] and \[kept\]."


def test_every_format_and_separator_character_is_refused_in_plain_text() -> None:
    hidden = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cf", "Zl", "Zp")]
    assert len(hidden) > 150
    accepted = []
    for ch in hidden + ["\u3164", "\u115f", "\u1160", "\uffa0", "\u034f", "\ufe0f", "\U000e0100"]:
        try:
            check_plain(f"a{ch}b")
            accepted.append(f"U+{ord(ch):04X}")
        except UnsafeText:
            pass
    assert accepted == []
    check_plain("Rhan 3: cymorth – “quotes”, é, ŵ, non\u00a0breaking")


# ---------------------------------------------------------------- linear time

def _events(work: Callable[[], object]) -> int:
    """Python line and call events while ``work`` runs: an operation count that does not depend on load."""
    count = 0

    def trace(frame: object, event: str, arg: object) -> Callable[..., object]:
        nonlocal count
        count += 1
        return trace

    sys.settrace(trace)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def _check_and_render(text: str) -> Callable[[], object]:
    return lambda: (check_markdown(text), _render(markdown(text, "guides/x.md")))


@pytest.mark.parametrize("pattern", ["[", "[a](", "![", "*[", "> [", "[^1]"])
def test_a_pathological_field_is_checked_and_built_in_linear_time(pattern: str) -> None:
    small = pattern * (300 // len(pattern))
    large = pattern * (1200 // len(pattern))
    ratio = _events(_check_and_render(large)) / _events(_check_and_render(small))
    assert ratio < 5.5, f"4x the text took {ratio:.1f}x the operations"


def test_the_operation_count_would_notice_markdowns_quadratic_brackets() -> None:
    ratio = _events(lambda: _render("[" * 1200)) / _events(lambda: _render("[" * 300))
    assert ratio > 7


def test_a_markdown_field_has_a_length_limit() -> None:
    with pytest.raises(UnsafeText, match="at most 20,000"):
        check_markdown("a" * 20_001)


# ---------------------------------------------------------------- the post-build audit

@pytest.mark.parametrize(("html", "code"), [
    ('<a href="&#X4A;avascript:alert(1)">x</a>', "unsafe-url"),
    ('<a href="java&#9;script:alert(1)">x</a>', "unsafe-url"),
    ('<a href=" \x01JaVaScRiPt:alert(1)">x</a>', "unsafe-url"),
    ('<a href="data:text/html,x">x</a>', "unsafe-url"),
    ('<svg><a xlink:href="vbscript:x">x</a></svg>', "unsafe-url"),
    ('<div onclick="x"></div>', "event-handler"),
    ('<iframe srcdoc="&lt;script&gt;x&lt;/script&gt;"></iframe>', "unsafe-url"),
    ('<img src="https://evil.example/x.png">', "foreign-resource"),
    ('<img src="//evil.example/x.png">', "foreign-resource"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "foreign-resource"),
    ("<script>alert(1)</script>", "inline-script"),
    ('<script src="https://evil.example/x.js"></script>', "foreign-script"),
    ('<script src="../assets/missing.js"></script>', "foreign-script"),
    ('<meta http-equiv="Refresh" content="0;url=https://evil.example">', "meta-refresh"),
    ('<object data="x"></object>', "forbidden-element"),
    ('<embed src="x">', "forbidden-element"),
    ('<base href="https://evil.example/">', "forbidden-element"),
    ('<form action="https://evil.example/" method="post"></form>', "form-posts"),
    ('<button formaction="https://evil.example/">x</button>', "form-posts"),
    ('<h2 id="a"></h2><div id="a"></div>', "duplicate-id"),
    ('<div style="background: url(\'https://evil.example/x.png\')"></div>', "foreign-resource"),
    ("<style>@import 'https://evil.example/x.css';</style>", "foreign-resource"),
    ('<svg><a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a></svg>', "unsafe-url"),
])
def test_the_audit_finds_each_unsafe_construct(tmp_path: Path, html: str, code: str) -> None:
    findings = audit.audit_page(html, "guides/x/index.html", tmp_path, "https://site.example/")
    assert [f.code for f in findings] == [code]


def test_the_audit_accepts_the_sites_own_files_and_links(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.js").write_text("")
    html = ('<script src="../../assets/a.js?v=1"></script><script id="__config" type="application/json">{}</script>'
            '<link rel="canonical" href="https://site.example/guides/x/"><img src="https://site.example/i.png">'
            '<a href="https://elsewhere.example/">x</a><a href="tel:999">call</a><a href="#top">top</a>'
            '<form class="md-search__form" name="search"></form>')
    assert audit.audit_page(html, "guides/x/index.html", tmp_path, "https://site.example/") == []


def test_every_build_is_audited_and_a_failed_audit_keeps_the_last_site(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import build as build_module
    from generator.build import BuildFailed, build

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    out = tmp_path / "site"
    out.mkdir()
    (out / "marker").write_text("last good site")

    def engine(config: Path, site_dir: Path, engine: str | None = None) -> None:  # an engine that emits unsafe markup
        page = site_dir / "guides" / "test-guide" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text('<p><a href="&#x6A;avascript:alert(1)">x</a></p>', encoding="utf-8")

    monkeypatch.setattr(build_module, "run_engine", engine)
    with pytest.raises(BuildFailed) as failure:
        build(data, out, work=tmp_path / "work")
    assert failure.value.report is not None
    lines = failure.value.report.format()
    assert "data/guides/test-guide.yml:1:1: error[built-page-unsafe-url]: the built page guides/test-guide/index.html" \
        in lines
    assert (out / "marker").read_text() == "last good site"


@pytest.mark.slow  # a whole site build or serve
@pytest.mark.parametrize("locality", [None, *sorted(EXAMPLES.glob("*/locality.yml"))],
                         ids=lambda p: "national" if p is None else p.parent.name)
def test_the_national_site_and_the_examples_pass_the_audit(tmp_path: Path, locality: Path | None) -> None:
    from generator.build import build
    from tests.conftest import ROOT as PROJECT

    if os.environ.get("PATHWAY_SKIP_FULL_BUILDS"):
        pytest.skip("full builds skipped")
    result = build(PROJECT / "pathway_data", tmp_path / "site", work=tmp_path / "work", locality=locality)
    assert result.pages > 20
    assert audit.audit_site(tmp_path / "site", site_url="http://127.0.0.1:8000/").items == []


# ---------------------------------------------------------------- SVG logos

@pytest.mark.parametrize("svg", [
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></svg>',
    b'<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></s:svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><a href="&#106;avascript:alert(1)"><rect/></a></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
    b'<use x:href="https://evil.example/a.svg#x"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil.example/#g)"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css);</style></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:red"/></svg>',
    b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>',
    b'<?xml-stylesheet href="https://evil.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p>'
    b"</foreignObject></svg>",
    b'<svg><rect onload="x"/></svg>',           # no SVG namespace: not an SVG drawing
    b'<html xmlns="http://www.w3.org/2000/svg"/>',
    b"<svg xmlns='http://www.w3.org/2000/svg'>",  # not well-formed
])
def test_an_svg_logo_must_parse_as_a_plain_drawing(svg: bytes) -> None:
    with pytest.raises(UnsafeSvg):
        check_svg(svg)


def test_the_example_logos_are_plain_drawings() -> None:
    logos = sorted(EXAMPLES.glob("*/logo.svg"))
    assert logos
    for logo in logos:
        check_svg(logo.read_bytes())


def test_a_logo_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    from generator.load import load_site
    from generator.validate import validate_site

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    outside = tmp_path / "secret.svg"
    outside.write_bytes((EXAMPLES / "exampleshire" / "logo.svg").read_bytes())
    (data / "logo.svg").symlink_to(outside)
    (data / "locality.yml").write_text("site:\n  logo: logo.svg\n", encoding="utf-8")
    site, report = load_site(data)
    report.extend(validate_site(site))
    assert [(d.code, d.line) for d in report.errors] == [("unsafe-logo", 2)]
    assert "symbolic link" in report.errors[0].message


def test_a_page_is_parsed_again_whenever_its_bytes_change(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text("<p>fine</p>", encoding="utf-8")
    passed: set[str] = set()
    assert audit.audit_site(tmp_path, clean=set(), passed=passed).items == [] and len(passed) == 1
    page.write_text('<p onclick="x">changed</p>', encoding="utf-8")
    assert [d.code for d in audit.audit_site(tmp_path, clean=passed, passed=set()).errors] == [
        "built-page-event-handler"]


def test_a_site_published_under_a_path_passes_the_audit(tmp_path: Path) -> None:
    """The 404 page's root-relative URLs start with site_url's path: they are the site's own files."""
    from generator.build import build

    out = tmp_path / "site"
    build(FIXTURE, out, work=tmp_path / "work", site_url="https://partnership.example/safeguarding/")
    assert "/safeguarding/assets/" in (out / "404.html").read_text(encoding="utf-8")


def test_a_root_relative_script_outside_the_sites_path_is_foreign(tmp_path: Path) -> None:
    from generator import audit

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.js").write_text("", encoding="utf-8")
    page = '<script src="/other/assets/a.js"></script><script src="/safeguarding/assets/a.js"></script>'
    findings = audit.audit_page(page, "404.html", tmp_path, "https://partnership.example/safeguarding/")
    assert [f.code for f in findings] == ["foreign-script"]
