"""Case study 4 embedded in a plain HTML page on another origin, as a trainer's platform would.

The host page is served by the test on its own port (so a different origin
from the site), holds the iframe snippet the case page offers and, in most
tests, the self-hosted resizer script.  The embed must fit its content, show
no site chrome, keep the quick exit, and make no request beyond the two local
origins.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import Server, serve_folder

pytestmark = pytest.mark.browser

CASE = "iopc-39-case-4"
FIXED_HEIGHT = 900  # the iframe's height attribute (generator/embeds.py FRAME_HEIGHT)
SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url, which the built snippet uses


def case_page_snippet(site: Server) -> str:
    """The embed code the case page offers to copy, pointed at the test server instead of site_url."""
    text = (site.root / "cases" / CASE / "index.html").read_text(encoding="utf-8")
    code = re.search(r'<pre class="pw-embed-code[^>]*><code>(.*?)</code></pre>', text, re.S)
    assert code, "the case page offers its embed code"
    return html.unescape(code.group(1)).replace(SITE_URL, site.url)


def host_html(site: Server, query: str = "", resizer: bool = True, extra: str = "") -> str:
    iframe, script = case_page_snippet(site).split("\n")
    iframe = iframe.replace("<iframe ", '<iframe id="case" ', 1).replace(f'/{CASE}/"', f'/{CASE}/{query}"', 1)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A trainer's page</title><link rel="icon" href="data:,"></head>
<body>
<h1>Session notes</h1>
{iframe}
{extra}
{script if resizer else ""}
<p id="after">After the case.</p>
</body></html>"""


@pytest.fixture
def host(tmp_path: Path) -> Iterator[Server]:
    server = serve_folder(tmp_path)
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def open_host(page, host: Server, site: Server, name: str = "index.html", **kwargs):  # type: ignore[no-untyped-def]
    (host.root / name).write_text(host_html(site, **kwargs), encoding="utf-8")
    page.goto(host(name))
    frame = page.frame_locator("#case")
    frame.locator("h1").wait_for()
    return frame


def frame_height(page) -> float:  # type: ignore[no-untyped-def]
    return page.eval_on_selector("#case", "f => f.clientHeight")


def content_height(page) -> float:  # type: ignore[no-untyped-def]
    inner = page.frame_locator("#case").locator("html")
    return inner.evaluate("el => el.getBoundingClientRect().height")


def wait_fitted(page) -> float:  # type: ignore[no-untyped-def]
    """Wait until the iframe is as tall as the page inside it (the parent cannot look inside; the test can)."""
    target = content_height(page)
    page.wait_for_function(f"Math.abs(document.getElementById('case').clientHeight - {target}) <= 1")
    return frame_height(page)


# Installed before the host page's own scripts: every message the host window receives, in order, so a
# test can wait until a message has arrived (and so been handled by the resizer) instead of for a time.
HEARD = """
if (window.top === window) {
  window.__pwHeard = [];
  window.addEventListener("message", (event) => window.__pwHeard.push(event.data));
}
"""


def wait_heard(page, predicate: str, count: int = 1) -> None:  # type: ignore[no-untyped-def]
    """Wait until the host window has received ``count`` messages matching the JS ``predicate`` (``m => ...``)."""
    page.wait_for_function(f"() => window.__pwHeard.filter({predicate}).length >= {count}")


def local_only(recorder, *servers: Server) -> list[str]:  # type: ignore[no-untyped-def]
    return [url for url in recorder.requests if not url.startswith(tuple(s.url for s in servers))]


def test_case_4_embedded_in_a_plain_page_fits_its_content(page, site_server, host, recorder) -> None:  # type: ignore[no-untyped-def]
    frame = open_host(page, host, site_server)
    height = wait_fitted(page)
    assert height > 2 * FIXED_HEIGHT  # case 4 is long: the frame grew rather than scrolling

    # Just the case: no header, navigation, search or footer, but the quick exit and the attribution.
    for chrome in (".md-header", ".md-sidebar", ".md-search", ".md-footer", ".md-tabs", "nav"):
        assert frame.locator(chrome).count() == 0, chrome
    assert frame.locator(".pw-exit__button").is_visible()
    assert frame.locator(".pw-attribution").is_visible()
    assert frame.locator("h1").inner_text().startswith("Case study 4:")
    back = frame.locator(".pw-embed-back a")
    assert back.get_attribute("href") == f"../../../cases/{CASE}/"
    assert back.get_attribute("target") == "_blank"
    cite = frame.locator(".pw-cite a").first  # links in a framed page open a new tab, and say so
    assert cite.get_attribute("target") == "_blank" and cite.get_attribute("aria-describedby") == "pw-new-tab-note"

    assert local_only(recorder, site_server, host) == []
    assert not any("search_index" in url or "sitemap" in url or "bundle" in url for url in recorder.requests)


def test_embedded_session_resizes_as_the_trainer_steps_through(page, site_server, host) -> None:  # type: ignore[no-untyped-def]
    frame = open_host(page, host, site_server, query="?session&audience=policy-makers-managers")
    progress = frame.locator(".pw-session-progress")
    assert progress.inner_text().startswith("Part 1 of")
    first = wait_fitted(page)
    progress.focus()
    page.keyboard.press("End")  # the debrief's last block, a different height
    assert progress.inner_text().startswith("Debrief: action taken")
    assert wait_fitted(page) != first
    page.keyboard.press("Home")
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert progress.inner_text().startswith("Key questions for policy makers/managers")
    assert frame.locator('.pw-question-group[data-audience="police-officers-staff"]').is_hidden()


def test_without_the_resizer_the_iframe_keeps_its_fixed_height(page, site_server, host) -> None:  # type: ignore[no-untyped-def]
    page.add_init_script(HEARD)
    frame = open_host(page, host, site_server, resizer=False)
    frame.locator(".pw-attribution").wait_for(state="attached")
    # Once the embed has loaded (and so posted its height), it posts a last message; messages from one
    # window arrive in order, so when that one is heard, so has every height the embed sent before it.
    frame.locator("html").evaluate("""(el, m) => new Promise((done) => {
      const send = () => { window.parent.postMessage(m, "*"); done(); };
      if (document.readyState === "complete") send(); else window.addEventListener("load", send);
    })""", {"pathway": "test", "kind": "sentinel"})
    wait_heard(page, "m => m && m.pathway === 'test' && m.kind === 'sentinel'")
    assert page.evaluate("window.__pwHeard.some((m) => m && m.pathway === 'embed' && m.kind === 'height')")
    assert frame_height(page) == FIXED_HEIGHT  # the embed said its height; with no resizer, nothing changed the frame
    assert frame.locator(".pw-exit__button").is_visible()


def test_resizer_ignores_other_windows_and_malformed_messages(page, site_server, host) -> None:  # type: ignore[no-untyped-def]
    # A second frame of the same site that is not marked as an embed.
    decoy = f'<iframe id="decoy" src="{site_server(f"embed/cases/{CASE}/")}" title="Not an embed" height="100"></iframe>'
    page.add_init_script(HEARD)
    frame = open_host(page, host, site_server, extra=decoy)
    fitted = wait_fitted(page)

    def from_embed(message: object) -> None:
        frame.locator("html").evaluate("(el, m) => window.parent.postMessage(m, '*')", message)

    bad = [
        json.dumps({"pathway": "embed", "version": 1, "kind": "height", "height": 300}),  # a string, not an object
        {"pathway": "embed", "version": 1, "kind": "height", "height": "300"},
        {"pathway": "embed", "version": 2, "kind": "height", "height": 300},
        {"pathway": "other", "version": 1, "kind": "height", "height": 300},
        {"pathway": "embed", "version": 1, "kind": "height", "height": 10**9},
        {"pathway": "embed", "version": 1, "kind": "height", "height": -5},
        {"pathway": "embed", "version": 1, "kind": "height"},
        {"pathway": "embed", "version": 1, "kind": "script", "height": 300},
        [{"pathway": "embed", "version": 1, "kind": "height", "height": 300}],
    ]
    for message in bad:
        from_embed(message)
    good = {"pathway": "embed", "version": 1, "kind": "height", "height": 300}
    page.evaluate("m => window.postMessage(m, '*')", good)  # the host window itself is not the embed
    decoy_frame = page.frame_locator("#decoy").locator("html")
    decoy_frame.evaluate("(el, m) => window.parent.postMessage(m, '*')", good)
    # Messages from one window arrive in the order it sent them: once each sender's last one is heard,
    # the resizer has seen (and ignored) everything before it.
    sentinel = {"pathway": "test", "kind": "sentinel"}
    from_embed(sentinel)
    page.evaluate("m => window.postMessage(m, '*')", sentinel)
    decoy_frame.evaluate("(el, m) => window.parent.postMessage(m, '*')", sentinel)
    wait_heard(page, "m => m && m.pathway === 'test' && m.kind === 'sentinel'", count=3)
    assert frame_height(page) == fitted

    from_embed(good)  # the real embed, a well-formed message: obeyed
    page.wait_for_function("document.getElementById('case').clientHeight === 300")
    assert page.eval_on_selector("#decoy", "f => f.clientHeight") == 100


def test_quick_exit_in_the_embed_leaves_the_whole_window(page, site_server, host, recorder) -> None:  # type: ignore[no-untyped-def]
    exit_url = "https://www.bbc.co.uk/weather"
    page.route(exit_url, lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>"))
    frame = open_host(page, host, site_server)
    assert local_only(recorder, site_server, host) == []
    frame.locator(".pw-exit__button").click()
    page.wait_for_url(exit_url)
    assert page.title() == "Weather"  # the trainer's page is gone, not just the frame


def test_case_page_copies_the_embed_code_for_the_chosen_audience(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.url.rstrip("/"))
    page = context.new_page()
    page.goto(site_server(f"cases/{CASE}/"))
    page.locator("[data-pw-audience]").select_option("police-officers-staff")
    page.get_by_role("button", name="Copy the embed code").click()
    page.get_by_text("Copied the embed code.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()
    iframe, script = copied.split("\n")
    assert iframe.startswith(f'<iframe src="{SITE_URL}embed/cases/{CASE}/?audience=police-officers-staff" title="Case study 4: ')
    assert script == f'<script src="{SITE_URL}assets/embed-resizer.js" async></script>'


def test_a_host_that_forbids_top_navigation_still_stops_showing_the_case(page, site_server, host) -> None:  # type: ignore[no-untyped-def]
    exit_url = "https://www.bbc.co.uk/weather"
    page.route(exit_url, lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>"))
    (host.root / "sandboxed.html").write_text(
        host_html(site_server).replace("<iframe ", '<iframe sandbox="allow-scripts allow-same-origin" ', 1), encoding="utf-8"
    )
    page.goto(host("sandboxed.html"))
    frame = page.frame_locator("#case")
    frame.locator(".pw-exit__button").click()
    page.wait_for_function("getComputedStyle(document.getElementById('case')).visibility === 'hidden'")
    assert page.url == host("sandboxed.html")  # the sandbox kept the host page; the case is no longer shown
