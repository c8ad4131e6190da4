"""The runtime around both widgets: where Pyodide loads (and where it must not), one worker per tab
across instant navigation, the chrome-less embed, and a site served below a sub-path."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Any

import pytest

from .conftest import QuietHandler
from .instant_navigation import open_ready_for_instant_navigation
from .test_walker import answer, continue_on, heading
from .widgets_support import served_at_site_url, wait_ready

pytestmark = pytest.mark.browser

RUNTIME = ("/assets/pyodide/", "/assets/widgets/", "/data/")


def test_pages_without_a_widget_download_none_of_the_runtime(page: Any, site_server: Any, recorder: Any) -> None:
    for path in ("", "pathway/", "guides/making-a-referral/", "glossary/", "about/privacy/"):
        page.goto(site_server(path))
        page.wait_for_load_state("networkidle")
    runtime = [url for url in recorder.requests if any(part in url for part in RUNTIME)]
    assert runtime == []
    assert recorder.foreign(site_server.url) == []


def test_instant_navigation_mounts_each_widget_and_keeps_one_worker(page: Any, site_server: Any,
                                                                     recorder: Any) -> None:
    workers: list[Any] = []
    page.on("worker", lambda worker: workers.append(worker))
    served_at_site_url(page, site_server)
    open_ready_for_instant_navigation(page, site_server("pathway/"))
    page.evaluate("window.__sameDocument = true")
    nav = ".md-sidebar--primary a[href$='{}']"
    page.click(nav.format("tools/referral-checklist/"))
    wait_ready(page, "referral-checklist")
    page.click(nav.format("tools/what-happens-next/"))
    wait_ready(page, "pathway-walker")
    answer(page, "entry-ive-made-a-referral")
    page.click(nav.format("tools/referral-checklist/"))
    wait_ready(page, "referral-checklist")
    page.click(nav.format("tools/what-happens-next/"))
    wait_ready(page, "pathway-walker")
    assert page.evaluate("window.__sameDocument") is True  # never a full page load: all instant navigation
    ours = [w.url.split("?")[0] for w in workers if "/assets/widgets/" in w.url]
    assert ours == [site_server("assets/widgets/worker.js")]
    for name in ("worker.js", "pyodide.asm.wasm", "python_stdlib.zip", "widgets.zip"):
        assert sum(url.split("?")[0].endswith("/" + name) for url in recorder.requests) == 1, name
    assert recorder.foreign(site_server.url) == []


def test_the_embed_has_no_site_chrome_but_keeps_the_quick_exit(page: Any, site_server: Any) -> None:
    page.goto(site_server("embed/what-happens-next/#e=entry-ive-made-a-referral"))
    wait_ready(page, "pathway-walker")
    assert page.is_visible(".pw-exit__button")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer", ".md-tabs"):
        assert page.locator(chrome).count() == 0 or not page.is_visible(chrome), chrome
    assert heading(page) == "When did you make the referral?"
    continue_on(page, "a.pw-skip")
    assert heading(page).startswith("Have you received confirmation")
    answer(page, "confirmation-received")
    assert page.evaluate("location.pathname").startswith("/embed/what-happens-next/")  # the embed's own step pages
    assert page.is_visible(".pw-exit__button")


class SubPathHandler(QuietHandler):
    """A host that publishes the site below /safeguarding/ (and nothing at the root)."""

    PREFIX = "/safeguarding/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.PREFIX):
            return str(Path(self.directory) / "no-such-file")
        return super().translate_path("/" + path[len(self.PREFIX):])


def test_a_site_served_below_a_sub_path_boots_and_links_inside_it(page: Any, built_site: Path, recorder: Any) -> None:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(built_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        page.goto(origin + "/safeguarding/tools/what-happens-next/#e=entry-ive-made-a-referral")
        wait_ready(page, "pathway-walker")
        links = page.eval_on_selector_all('[data-output="walker"] a[href]', "els => els.map(a => a.getAttribute('href'))")
        site_links = [href for href in links if href.startswith("/")]
        assert site_links and all(href.startswith("/safeguarding/") for href in site_links)
        assert not [url for url in recorder.requests if url.startswith(origin) and "/safeguarding/" not in url]
    finally:
        httpd.shutdown()
        httpd.server_close()
