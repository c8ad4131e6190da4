"""Hostile content that validation lets through as plain text stays plain text in the browser.

Content is untrusted input.  Markdown fields refuse markup outright (raw HTML,
attribute lists, ``javascript:`` links: see generator/safe_text.py and the
bad-input corpus in tests/bad_inputs/).  Plain fields -- titles, headings,
labels, terms -- accept any visible text, because a title may legitimately
contain "<" or quotes, and are escaped on output.  This test writes injection
attempts into the Plain fields of a copy of the minimal fixture, builds the
site, opens every page in Chromium (widgets started and used, since the
browser-side Python renders some of this text again), and checks that no
payload ran, nothing called out, and every payload reads exactly as typed.

Each script payload sets ``window.__pwned``; a dialog, a CSP violation (markup
that got as far as trying to run), or a request to evil.example also fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.safe_text import UnsafeText, check_markdown, check_plain
from generator.yaml_source import parse

from .conftest import Server, serve_folder
from .site_walk import Visit, new_context, same_origin, visit_all, wait_until, walker_step_pages

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minimal"

# Each is typed, character for character, into plain-text fields.
PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src="x" onerror="window.__pwned = 2">',
    '<svg onload="window.__pwned = 3"></svg>',
    '"><script>window.__pwned = 4</script>',
    "' onmouseover='window.__pwned = 5' x='",
    '" onfocus="window.__pwned = 6" autofocus="',
    "</title><script>window.__pwned = 7</script>",
    r"\x3cscript\x3ewindow.__pwned = 8\x3c/script\x3e \u003cb\u003e",  # YAML escapes, for double-quoted front matter
    "javascript:window.__pwned = 9",
    "[click me](javascript:window.__pwned = 10)",
    '{: onclick="window.__pwned = 11" }',
    '<a href="javascript:window.__pwned = 12">link</a>',
    '<iframe srcdoc="<script>parent.__pwned = 13</script>"></iframe>',
    "<style>body { display: none }</style>",
    '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
    '<base href="https://evil.example/">',
    "{{ config.extra }} {% raw %} ${window.__pwned = 16} #{17}",
    "*emphasis* _under_ `code` # hash | pipe | ![image](https://evil.example/x.png) <https://evil.example/>",
    "&lt;script&gt;window.__pwned = 18&lt;/script&gt; &amp; &#60;b&#62;",
    "<!-- comment --> --> <![CDATA[ x ]]>",
    "data:text/html,<script>window.__pwned = 20</script>",
    '<form action="https://evil.example/"><button>Send</button></form>',
    "'; window.__pwned = 22; '",
    '\\"; window.__pwned = 23; //',
    'x"\ntemplate: evil.html\ndescription: "front matter',
    "1. not a list\n- nor this\n> nor a quote\n---\n=== nor a heading",
]
# The locality profile's site title becomes the theme's site_name, which Material prints as raw HTML in
# the header, the <title> and an aria-label: generator.markdown_out.theme_string escapes it once.
SITE_TITLE = '</title><script>window.__pwned = 30</script> "A & B" <b onmouseover="window.__pwned = 31">'
# URL-typed content fields accept any non-space characters after https://, so these go through the
# safe link path (markdown_out.link_destination) and stay one link to one address.
HOSTILE_URLS = [
    "https://example.org/a)[x](javascript:window.__pwned=32){:onclick=window.__pwned=33}<b>",
    "https://example.org/r)<img/src=x/onerror=window.__pwned=34>",
]
# Plain text refuses only what can disguise text; these never reach a page.
REJECTED_AS_PLAIN = ["Title \u202e gnp.exe", "Zero\u200bwidth", "NUL \x00 byte", "Escape \x1b[31m red"]


class _NoAliases(yaml.SafeDumper):
    """The content loader refuses YAML aliases, so every repeated value is written out in full."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(document: Any) -> str:
    return yaml.dump(document, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


def literal(text: str) -> str:
    """How a browser shows plain text: runs of whitespace, newlines included, as one space."""
    return " ".join(text.split())


def write_hostile_content(data: Path) -> dict[str, str]:
    """Copy the minimal fixture with a payload in Plain fields; return where to look for which text."""
    shutil.copytree(FIXTURE, data)
    shown: dict[str, str] = {}

    def edit(rel: str, change: Any) -> None:
        path = data / rel
        document = parse(path).data  # the project's own loader: the fixture uses YAML PyYAML's pure parser rejects
        change(document)
        path.write_text(dump(document), encoding="utf-8")

    guide = parse(data / "guides" / "test-guide.yml").data
    for number, payload in enumerate(PAYLOADS):
        # One guide per payload: its title is the page's <title>, its <h1>, its nav entry and header topic.
        # The section heading (toc, h2) carries the next payload round.
        heading = PAYLOADS[(number + 1) % len(PAYLOADS)]
        copy = dict(guide, id=f"hostile-{number}", title=f"Hostile guide {number}: {payload}",
                    sections=[dict(guide["sections"][0], heading=f"Heading {number}: {heading}")])
        (data / "guides" / f"hostile-{number}.yml").write_text(dump(copy), encoding="utf-8")
        shown[f"guides/hostile-{number}/"] = f"Hostile guide {number}: {payload}"

    def glossary(document: dict[str, Any]) -> None:
        template = document["terms"][0]
        document["terms"] += [dict(template, id=f"hostile-term-{number}", term=f"Term {number} {payload}",
                                   abbreviation=f"T{number}") for number, payload in enumerate(PAYLOADS)]

    def case(document: dict[str, Any]) -> None:
        document["report_url"] = HOSTILE_URLS[1]
        document["title"] = f"Case: {PAYLOADS[6]}"
        document["issue"] = PAYLOADS[4]
        document["parts"][0]["heading"] = PAYLOADS[1]

    def pathway(document: dict[str, Any]) -> None:
        document["stages"][0]["title"] = f"Stage {PAYLOADS[3]}"
        document["entry_points"][0]["label"] = f"Entry {PAYLOADS[2]}"
        document["nodes"][0]["title"] = f"Question {PAYLOADS[5]}?"
        document["nodes"][0]["options"][0]["label"] = f"Yes {PAYLOADS[0]}"
        document["nodes"][1]["who"] = PAYLOADS[11]
        document["nodes"][2]["time_limit"]["label"] = PAYLOADS[7]

    def checklist(document: dict[str, Any]) -> None:
        document["title"] = f"Checklist {PAYLOADS[7]}"
        document["conditions"][0]["question"] = f"Condition {PAYLOADS[1]}?"
        document["groups"][0]["heading"] = f"Group {PAYLOADS[12]}"

    def sources(document: dict[str, Any]) -> None:
        document["sources"][0]["url"] = HOSTILE_URLS[0]
        document["sources"][0]["title"] = f"Source {PAYLOADS[13]}"
        document["sources"][0]["publisher"] = PAYLOADS[14]

    def learning(document: dict[str, Any]) -> None:
        document["title"] = f"Briefing {PAYLOADS[24]}"
        document["sections"][0]["heading"] = PAYLOADS[15]
        document["examples"][0]["title"] = PAYLOADS[16]

    def planned(document: dict[str, Any]) -> None:
        document["planned"][0]["title"] = f"Planned {PAYLOADS[8]}"

    (data / "locality.yml").write_text(dump({"site": {"title": SITE_TITLE}}), encoding="utf-8")
    copy_next = guide["sections"][0]["blocks"]
    for block in copy_next:
        if block.get("type") == "next":  # "What happens next: <who>" is an admonition title, parsed as Markdown
            block["who"] = PAYLOADS[10]
    (data / "guides" / "test-guide.yml").write_text(dump(guide), encoding="utf-8")
    edit("glossary.yml", glossary)
    edit("cases/test-case.yml", case)
    edit("pathway.yml", pathway)
    edit("checklists/referral-content.yml", checklist)
    edit("sources.yml", sources)
    edit("learning/test-briefing.yml", learning)
    edit("planned.yml", planned)
    shown["cases/test-case/"] = f"Case study 1: Case: {PAYLOADS[6]}"
    shown["learning/test-briefing/"] = f"Briefing {PAYLOADS[24]}"
    return shown


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    from generator.build import build

    base = tmp_path_factory.mktemp("hostile")
    shown = write_hostile_content(base / "data")
    build(base / "data", base / "site", work=base / "work")
    server = serve_folder(base / "site")
    yield server, shown
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="module")
def hostile_visits(browser, hostile_site) -> list[Visit]:  # type: ignore[no-untyped-def]
    server, _ = hostile_site
    from .site_walk import built_pages

    paths = built_pages(server.root)
    visits = visit_all(browser, server.url, paths, viewport={"width": 1280, "height": 900},
                       before_python=walker_step_pages(server.root, paths))
    print(f"\nhostile site: {len(PAYLOADS)} payloads in plain fields, {len(visits)} pages opened, "
          f"{len(REJECTED_AS_PLAIN)} kinds refused as plain text, "
          f"{sum(1 for p in PAYLOADS if refused_as_markdown(p))} of the payloads refused in Markdown fields")
    return visits


def refused_as_markdown(text: str) -> bool:
    try:
        check_markdown(text)
    except UnsafeText:
        return True
    return False


def test_validation_lets_every_payload_through_as_plain_text_and_refuses_disguised_text() -> None:
    for payload in PAYLOADS:
        assert check_plain(payload) == payload
    for text in REJECTED_AS_PLAIN:
        with pytest.raises(UnsafeText):
            check_plain(text)


def test_markdown_fields_refuse_every_payload_that_carries_markup() -> None:
    markup = [p for p in PAYLOADS if any(sign in p for sign in ("<", "javascript:", "{:", "data:"))]
    assert [p for p in markup if not refused_as_markdown(p)] == []


def test_no_payload_runs_opens_a_dialog_or_even_tries_to(hostile_visits) -> None:  # type: ignore[no-untyped-def]
    assert [v.path for v in hostile_visits if v.pwned is not None] == []
    assert {v.path: v.dialogs for v in hostile_visits if v.dialogs} == {}
    assert {v.path: v.csp_violations for v in hostile_visits if v.csp_violations} == {}
    assert {v.path: v.page_errors for v in hostile_visits if v.page_errors} == {}


def test_no_payload_makes_the_page_call_another_origin(hostile_visits, hostile_site) -> None:  # type: ignore[no-untyped-def]
    server, _ = hostile_site
    foreign = [f"{v.path}: {r}" for v in hostile_visits for r in v.requests + v.after_ready if not same_origin(r.url, server.url)]
    assert foreign == []


def test_widgets_render_hostile_labels_without_breaking(hostile_visits) -> None:  # type: ignore[no-untyped-def]
    widgets = {v.path: v.widgets for v in hostile_visits if v.widgets}
    assert widgets and all(state.endswith("=python") for states in widgets.values() for state in states)


def test_every_payload_reads_exactly_as_typed(browser, hostile_site, hostile_visits) -> None:  # type: ignore[no-untyped-def]
    server, shown = hostile_site
    context = new_context(browser, server.url)
    page = context.new_page()
    try:
        for path, text in shown.items():
            page.goto(server.url + path)
            assert page.locator(".md-content h1").first.inner_text() == literal(text), path
            assert page.title() == literal(text) + " - " + literal(SITE_TITLE), path
            assert page.locator(".md-header__topic .md-ellipsis").first.inner_text() == literal(SITE_TITLE), path
            logo = page.locator(".md-header__button.md-logo")
            assert logo.get_attribute("aria-label") == SITE_TITLE and logo.get_attribute("title") == SITE_TITLE, path
        page.goto(server.url + "about/sources/")
        address = page.locator('.md-content a[href^="https://example.org/a"]')
        assert address.count() == 1 and address.inner_text() == HOSTILE_URLS[0]
        assert address.get_attribute("href").startswith("https://example.org/a%29%5Bx%5D%28javascript:")
        page.goto(server.url + "guides/test-guide/")
        assert page.locator(".admonition.next .admonition-title").inner_text() == f"What happens next: {PAYLOADS[10]}"
        page.goto(server.url + "glossary/")
        glossary = literal(page.locator(".md-content").inner_text())
        assert [p for p in PAYLOADS if literal(p) not in glossary] == []
        page.goto(server.url + "guides/hostile-3/")
        assert page.locator(".md-content h2").first.inner_text().endswith(literal(f"Heading 3: {PAYLOADS[4]}"))
    finally:
        context.close()
    # What the browser-side Python rendered, once started: the walker's entry points and first question.
    walker = next(v for v in hostile_visits if v.path == "tools/what-happens-next/")
    assert literal(f"Entry {PAYLOADS[2]}") in walker.widget_text[0]
    checklist = next(v for v in hostile_visits if v.path == "tools/referral-checklist/")
    assert literal(f"Condition {PAYLOADS[1]}?") in checklist.widget_text[0]


def test_the_canary_would_notice_a_payload_that_ran(browser, hostile_site) -> None:  # type: ignore[no-untyped-def]
    """The canary is live: the same payload, allowed to run by a page without the policy, is seen."""
    server, _ = hostile_site
    context = browser.new_context()
    page = context.new_page()
    page.set_content(f"<p>{PAYLOADS[1]}</p>")
    wait_until(page, "window.__pwned === 2")
    context.close()
