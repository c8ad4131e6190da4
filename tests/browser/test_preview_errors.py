"""While content has errors, ``pathway serve`` shows them over every page, until they are fixed.

A real ``pathway serve`` on a free port over a copy of the fixture, driven in Chromium: break
a guide, and the open page reloads by itself with the error panel (file:line:col, code,
message, hint) above the last good page; the panel passes axe, is dismissed from the
keyboard, breaks no CSP rule; fix the guide and the page reloads without it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.timing import free_port
from tests.browser.site_walk import axe_violations
from tests.conftest import FIXTURE, ROOT
from tests.serving import wait_until_served

CHANGE_LIMIT_MS = 180_000  # how long the page may take to reload after an edit; only a hang fails
PANEL = "section[data-pathway-preview]"


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``pathway serve`` over a copy of the fixture; yields (url, content folder). Stopped with all it started."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = (tmp_path / "serve.txt").open("wb")
    command = [sys.executable, "-m", "generator.cli", "serve", "--data", str(data), "--work", str(tmp_path / "work"),
               "--port", str(port), "--no-cache"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_served(process, url, tmp_path / "serve.txt")
        yield url, data
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def _wait_for_reload(page: Any, present: bool) -> None:
    """Wait until the live reload has brought a page with (or without) the panel."""
    script = f"() => document.readyState === 'complete' && {'!!' if present else '!'}document.querySelector({PANEL!r})"
    page.wait_for_function(script, timeout=CHANGE_LIMIT_MS)


def test_the_preview_shows_content_errors_until_they_are_fixed(serving: tuple[str, Path], page: Any,
                                                              recorder: Any) -> None:
    url, data = serving
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(url + "guides/test-guide/")
    heading = page.locator("h1").first.inner_text()
    assert page.locator(PANEL).count() == 0

    guide = data / "guides" / "test-guide.yml"
    good = guide.read_text(encoding="utf-8")
    guide.write_text(good.replace("summary: ", "summary: [", 1), encoding="utf-8")
    _wait_for_reload(page, present=True)

    panel = page.locator(PANEL)
    text = " ".join(panel.inner_text().split())
    assert "data/guides/test-guide.yml:3:42" in text
    assert "error[yaml-syntax]" in text and "did not find expected ',' or ']'" in text
    assert "Hint: check indentation and quoting" in text
    assert "3 references to it are not checked until it is fixed" in text  # one error, its cascade counted
    assert "The content has 1 error" in text
    # An accessible, labelled region that announces itself, first in the page.
    assert page.get_by_role("region", name="The content has 1 error: this page is the last version that built").count() == 1
    assert page.get_by_role("alert").count() >= 1
    assert page.evaluate(f"() => document.body.firstElementChild === document.querySelector({PANEL!r})")
    # The last good page is still served beneath it.
    assert page.locator("h1").first.inner_text() == heading
    assert axe_violations(page, {"include": [[PANEL]]}) == []

    # Keyboard: the Hide button, and Escape while the panel has focus.
    dismiss = panel.locator("[data-pathway-preview-dismiss]")
    dismiss.focus()
    page.keyboard.press("Enter")
    assert panel.is_hidden()
    assert page.evaluate("() => document.activeElement !== document.querySelector('[data-pathway-preview-dismiss]')")
    page.reload()
    page.locator(PANEL).locator("[data-pathway-preview-dismiss]").focus()
    page.keyboard.press("Escape")
    assert page.locator(PANEL).is_hidden()

    guide.write_text(good, encoding="utf-8")
    _wait_for_reload(page, present=False)
    assert page.locator("h1").first.inner_text() == heading
    assert violations == []
    assert recorder.foreign(url) == []
