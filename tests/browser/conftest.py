"""Browser fixtures: the real site built once, served on localhost, driven in Debian's Chromium.

Never ``playwright install``: Playwright drives the system Chromium through
``executable_path`` with the flags this closed network needs.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PATHWAY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# ms: how long any wait on the page's state may take (Playwright's actions and navigations, and its
# ``expect``, whose own default of 5 s is too short on two cores shared by a whole team).  Tests wait
# on state, never on time, so this is only the point at which a wait that will never end gives up.
STATE_TIMEOUT_MS = 30_000


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static server like any host: correct MIME types for wasm and modules, no console noise."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript", ".json": "application/json",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@dataclass
class Server:
    root: Path
    url: str
    httpd: http.server.ThreadingHTTPServer = field(repr=False)

    def __call__(self, path: str = "") -> str:
        return self.url + path.lstrip("/")


def serve_folder(root: Path) -> Server:
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return Server(root, f"http://127.0.0.1:{httpd.server_address[1]}/", httpd)


@contextlib.contextmanager
def serving(root: Path) -> Iterator[Server]:
    """A folder served on localhost for as long as the block lasts."""
    server = serve_folder(root)
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[Server]:
    with serving(built_site) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; `make test` installs Debian's chromium")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=STATE_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@dataclass
class Recorder:
    """Every request a page made, and every console error and CSP violation it logged."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def foreign(self, origin: str) -> list[str]:
        return [url for url in self.requests if not url.startswith(origin) and not url.startswith(("data:", "blob:"))]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def page(browser, recorder: Recorder):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("request", lambda request: recorder.requests.append(request.url))
    page.on("console", lambda msg: recorder.console_errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
