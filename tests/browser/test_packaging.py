"""The engine as a new user meets it: wheel → fresh virtual environment → `pathway new` → check → build → Chromium.

The environment lives outside the repository, gets the wheel with ``--no-deps`` and its dependencies
from the runtime lock (PyPI only), and is run with the repository nowhere on its path, so a file the
engine looks for in its checkout, or in ``site-packages`` instead of the project, fails here.  Pyodide
comes from the repository's ``node_modules`` through ``PATHWAY_PYODIDE`` (docs/decisions/0012).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.packaging_support import ROOT, build_wheel

from .conftest import Server, serve_folder
from .test_quick_exit import open_tab
from .test_walker import answer, enter_referral_date, heading
from .widgets_support import STEP_TIMEOUT, wait_ready, words

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SITE_URL = "https://guidance.example.org/our-area/"


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    base = tmp_path_factory.mktemp("packaging")
    assert ROOT not in base.parents
    wheel = build_wheel(base / "wheel")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps"]
    env = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PATHWAY_CACHE"}}
    run([*pip, "--require-hashes", "-r", str(ROOT / "requirements" / "runtime.txt")], base, env)
    run([*pip, str(wheel)], base, env)
    env["PATHWAY_PYODIDE"] = str(ROOT / "node_modules" / "pyodide")
    pathway = str(venv / "bin" / "pathway")
    run([pathway, "new", "our-area"], base, env)
    project = base / "our-area"
    run([pathway, "check", "--strict"], project, env)
    refused = subprocess.run([pathway, "build"], cwd=project, env=env, capture_output=True, text=True, timeout=900)
    run([pathway, "build", "--site-url", SITE_URL], project, env)
    site_packages = next((venv / "lib").glob("python*/site-packages"))
    server = serve_folder(project / "site")
    yield {"project": project, "server": server, "refused": refused, "site_packages": site_packages,
           "wheel": wheel}
    server.httpd.shutdown()
    server.httpd.server_close()


def test_the_project_is_built_where_it_is_and_nothing_is_written_into_the_installed_package(
        installed: dict[str, Any]) -> None:
    project, site_packages = installed["project"], installed["site_packages"]
    assert (project / ".pathway" / "cache").is_dir()  # the load cache is the project's
    assert (project / "site" / "index.html").is_file()
    assert not list(site_packages.glob(".pathway")) and not list(site_packages.glob("site"))
    for script in ("quick-exit.js", "theme-globals.js", "widgets/bridge.js", "widgets/worker.js"):
        assert (project / "site" / "assets" / script).is_file(), script
    assert (project / "site" / "assets" / "widgets" / "widgets.zip").is_file()
    notice = (project / "site" / "assets" / "pyodide" / "NOTICE.txt").read_text(encoding="utf-8")  # MPL 2.0
    assert "licence MPL-2.0" in notice and "https://github.com/pyodide/pyodide" in notice


def test_a_publishing_build_refuses_the_loopback_site_url(installed: dict[str, Any]) -> None:
    refused = installed["refused"]
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert "http://127.0.0.1:8000/, an address on this machine only" in refused.stderr
    assert SITE_URL + "guides/sample-guide/" in (installed["project"] / "site" / "sitemap.xml").read_text()


def test_the_quick_exit_works(browser: Any, installed: dict[str, Any]) -> None:
    server: Server = installed["server"]
    tab = open_tab(browser, server.url, "https://www.bbc.co.uk/weather")
    try:
        tab.open("guides/sample-guide/")
        tab.page.evaluate("sessionStorage.setItem('pathway:test', 'kept')")
        tab.page.locator(".pw-exit__button").click()
        tab.wait_until_left()
        assert tab.page.title() == "Weather"
        assert tab.state_when_leaving()["exiting"] is True
    finally:
        tab.context.close()


def test_both_widgets_start_in_python_and_the_walker_counts_working_days(browser: Any,
                                                                        installed: dict[str, Any]) -> None:
    server: Server = installed["server"]
    tab = open_tab(browser, server.url, "https://www.bbc.co.uk/weather")
    page = tab.page
    try:
        page.goto(server("tools/referral-checklist/"))
        wait_ready(page, "referral-checklist")
        # The sample checklist's one text check: its prompt gives the reason its content quotes.
        page.locator('textarea[data-notes="seen-and-heard"]').fill("He was upset.")
        prompt = '[data-output="checks"] [data-check="dates-and-times"]'
        page.wait_for_selector(prompt, timeout=STEP_TIMEOUT)
        assert "Sample reason for a prompt (replace it)" in words(page, prompt)
        page.goto(server("tools/what-happens-next/"))
        wait_ready(page, "pathway-walker")
        answer(page, "worried")
        assert heading(page) == "Is the child in immediate danger?"
        answer(page, "no")
        # Friday 22 August 2025; Monday 25 August 2025 is the summer bank holiday in England and Wales.
        enter_referral_date(page, "22", "08", "2025", "1530")
        assert "Tuesday 26 August 2025" in words(page, ".pw-deadlines")
    finally:
        tab.context.close()
