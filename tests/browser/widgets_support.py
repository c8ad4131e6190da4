"""Helpers for the widget browser tests: wait for Python, move by keyboard only, read what a person sees.

Keyboard helpers press real keys (Tab, Shift+Tab, arrows, Space, Enter) and
never click or fill, so a control they reach is reachable by keyboard in the
page's real tab order.  Every wait is on the page's state (``data-ready``,
text appearing), never on time; Pyodide's boot gets a generous timeout.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# ms: Pyodide boots in a few seconds on an idle machine and in tens of seconds on two cores shared by a
# team; these only say when a wait that will never end gives up (the same bounds as site_walk's and conftest's).
BOOT_TIMEOUT = 240_000
STEP_TIMEOUT = 30_000


def wait_ready(page: Any, widget: str) -> None:
    """Wait until Python has taken over the widget (the bridge sets data-ready="python")."""
    page.wait_for_selector(f'[data-widget="{widget}"][data-ready="python"]', timeout=BOOT_TIMEOUT)


def focused(page: Any, predicate: str) -> bool:
    return bool(page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({predicate})(el); }})()"))


def tab_until(page: Any, predicate: str, limit: int = 500, backwards: bool = False) -> int:
    """Press Tab until the focused element satisfies the JS ``predicate`` (``el => ...``); return the presses."""
    for presses in range(limit):
        if focused(page, predicate):
            return presses
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"Tab never reached an element matching {predicate} in {limit} presses")


def tab_to_selector(page: Any, selector: str, **kwargs: Any) -> int:
    return tab_until(page, f"el => el.matches({json.dumps(selector)})", **kwargs)


def choose_radio(page: Any, name: str, value: str) -> None:
    """Select one radio of a group by keyboard: Tab into the group, then arrows (or Space) to the value."""
    tab_until(page, f"el => el.type === 'radio' && el.name === {json.dumps(name)}")
    for _ in range(20):
        state = page.evaluate("(() => ({value: document.activeElement.value, checked: document.activeElement.checked}))()")
        if state["value"] == value:
            if not state["checked"]:
                page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no radio {value!r} in the group {name!r}")


def words(page: Any, selector: str) -> str:
    """The visible text of an element with runs of whitespace collapsed."""
    return " ".join(page.inner_text(selector).split())


def same_origin_static(url: str, origin: str) -> bool:
    """A GET of a file from this site: a path that names a file or a directory page, and no query
    string but the runtime's version (``?v=<hex>``, which carries nothing from the user)."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != origin or (parts.query and not re.fullmatch(r"v=[0-9a-f]+", parts.query)):
        return False
    last = parts.path.rsplit("/", 1)[-1]
    return parts.path.endswith("/") or "." in last


def site_data(root: Path, name: str) -> dict[str, Any]:
    return json.loads((root / "data" / name).read_text(encoding="utf-8"))


def served_at_site_url(page: Any, site_server: Any) -> None:
    """Serve the sitemap as the host at mkdocs.yml's site_url would: with this server's own address.

    Material's instant navigation only takes over links listed in sitemap.xml, matched with the
    port included; the test server's port is random, the build's site_url is not.
    """
    def rewrite(route: Any) -> None:
        response = route.fetch()
        body = re.sub(r"http://127\.0\.0\.1:\d+/", site_server.url, response.text())
        route.fulfill(response=response, body=body)

    page.route("**/sitemap.xml", rewrite)
