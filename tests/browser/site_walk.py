"""Walking a built site in Chromium: every page, what it asked for, what it logged, what it left behind.

The crawl, CSP, quick-exit, reflow, axe and hostile-content tests share this so
that "every page" means the same thing in each: every ``*.html`` file in the
built folder (the home page, generated and hand-written pages, ``404.html``,
embed pages, tool pages), whatever other features add to the site later.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

WIDGETS = "[data-widget]"
UNSETTLED_WIDGETS = "[data-widget]:not([data-ready])"
# How long Pyodide may take to start on a busy two-core CI machine: generous, and never asserted as a time.
WIDGET_START_TIMEOUT_MS = 240_000
# Every other wait in a crawl (a page's load, its network going quiet): several pages load at once beside
# Pyodide starting, so on a loaded machine Playwright's default 30 s is not enough (a stress run timed out
# waiting for "networkidle").  One generous limit per wait, never asserted as a time.
PAGE_TIMEOUT_MS = 120_000
# Typed into every widget field; it must never appear in any request.
CANARY = "PW-CANARY-7f3a nothing typed may leave"

# Installed before any page script: collects every CSP violation the page (or a frame) reports.
CSP_LISTENER = """
(() => {
  if (window.__pwCspViolations) return;
  const seen = [];
  Object.defineProperty(window, "__pwCspViolations", { value: seen });
  document.addEventListener("securitypolicyviolation", (e) => {
    seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline code"} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
  });
})();
"""

STORAGE_PROBE = """
async () => {
  const found = {
    localStorage: Object.keys(localStorage),
    sessionStorage: Object.keys(sessionStorage),
    indexedDB: indexedDB.databases ? (await indexedDB.databases()).map((db) => db.name) : [],
    cacheStorage: self.caches ? await caches.keys() : [],
    serviceWorkers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope) : [],
  };
  return found;
}
"""


def built_pages(root: Path) -> list[str]:
    """Every HTML page in the built site as a site-relative URL path ("" is the home page)."""
    pages = []
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def sitemap_pages(root: Path) -> set[str]:
    """The pages sitemap.xml lists, as site-relative URL paths (the sitemap holds absolute site_url addresses)."""
    tree = ET.parse(root / "sitemap.xml")
    locations = [element.text or "" for element in tree.iter() if element.tag.endswith("loc")]
    paths = {urlsplit(location).path for location in locations}
    prefix = min(paths, key=len) if paths else "/"  # the home page: site_url's own path
    return {path[len(prefix):] for path in paths}


def static_file(root: Path, url_path: str) -> Path | None:
    """The file a static host would answer ``url_path`` with, or None."""
    rel = unquote(url_path).lstrip("/")
    candidate = root / rel
    if candidate.is_dir() or rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


@dataclass
class SeenRequest:
    url: str
    method: str
    resource_type: str
    post_data: str | None

    def __str__(self) -> str:
        return f"{self.method} {self.url} ({self.resource_type})"


@dataclass
class Visit:
    """One page, loaded (and its widgets started and used) in a real Chromium."""

    path: str
    requests: list[SeenRequest] = field(default_factory=list)
    after_ready: list[SeenRequest] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    stored: dict[str, Any] = field(default_factory=dict)
    cookies: list[str] = field(default_factory=list)
    widgets: list[str] = field(default_factory=list)
    exit_button_on_top: bool = False
    exit_on_top_while_loading: bool = False
    csp_meta: list[str] = field(default_factory=list)
    axe_violations: list[str] = field(default_factory=list)
    reflow: dict[int, dict[str, Any]] = field(default_factory=dict)
    pwned: Any = None  # window.__pwned: the canary the hostile-content payloads would set
    controls_used: int = 0
    widget_text: list[str] = field(default_factory=list)  # what each widget shows once Python has started

    @property
    def anything_stored(self) -> bool:
        return bool(self.cookies) or any(self.stored.values())


# axe-core (bundled by axe-playwright-python, so it runs offline) with every WCAG 2.0-2.2 A/AA rule,
# plus target-size (WCAG 2.2 2.5.8), which axe leaves out of its tag sets.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Rules switched off, each with the reason.  Keep this empty unless a rule is wrong for this site.
AXE_DISABLED_RULES: dict[str, str] = {}
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "rules": {"target-size": {"enabled": True}, **{rule: {"enabled": False} for rule in AXE_DISABLED_RULES}},
    "resultTypes": ["violations"],
}


def start_axe(page: Any, context: Any = None) -> None:
    """Start axe on the page as it is now, without waiting: pages in other processes can run theirs meanwhile.

    ``context`` is axe's own: e.g. ``{"include": [[".pw-local"]]}`` to audit part of the page.
    """
    from axe_playwright_python.base import AXE_SCRIPT

    page.evaluate(AXE_SCRIPT)
    page.evaluate("([context, options]) => { window.__pwAxe = axe.run(context || document, options); }",
                  [context, AXE_OPTIONS])


def axe_results(page: Any) -> list[str]:
    """The violations of the axe run started by :func:`start_axe`, one line per rule and offending element."""
    results = page.evaluate("() => window.__pwAxe")
    return [f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))} -- "
            + " ".join((node.get("failureSummary") or "").split())[:240]
            for violation in results["violations"] for node in violation["nodes"]]


def axe_violations(page: Any, context: Any = None) -> list[str]:
    """axe's violations on the page as it is now (or on the part of it ``context`` selects)."""
    start_axe(page, context)
    return axe_results(page)


# Reflow (WCAG 1.4.10): 320 CSS px is a 1280 px window at 400% zoom; 640 is the same window at 200%.
REFLOW_WIDTHS = (640, 320)
# At each width: does the page scroll sideways, and is any text pushed out of view (not inside
# something that scrolls on purpose, such as a wide data table's own scroll box)?
REFLOW_PROBE = """
() => {
  const width = document.documentElement.clientWidth;
  const scrollsSideways = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (/(auto|scroll)/.test(style.overflowX) && e.scrollWidth > e.clientWidth) return true;
    }
    return false;
  };
  const cut = [];
  const text = ".md-content :is(p, li, h1, h2, h3, h4, dt, dd, label, button, summary, legend, th, td), .pw-exit__button";
  for (const el of document.querySelectorAll(text)) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
    if ((box.right > width + 1 || box.left < -1) && !scrollsSideways(el)) {
      cut.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 50)}" spans ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  const heading = document.querySelector(".md-content h1");
  return {
    sideways: document.documentElement.scrollWidth - width,
    cut: cut,
    heading: heading ? heading.textContent.trim() : null,
    exitVisible: !!document.querySelector(".pw-exit__button") && document.querySelector(".pw-exit__button").getBoundingClientRect().right <= width + 1,
  };
}
"""


def settle_widgets(page: Any) -> list[str]:
    """Wait until every widget on the page has either started Python or given up; return their states."""
    if page.locator(WIDGETS).count() == 0:
        return []
    page.wait_for_selector(UNSETTLED_WIDGETS, state="detached", timeout=WIDGET_START_TIMEOUT_MS)
    return [f"{element.get_attribute('data-widget')}={element.get_attribute('data-ready')}"
            for element in page.locator(WIDGETS).all()]


def exercise_widgets(page: Any) -> int:
    """Use every widget as a person would: type into the fields, tick boxes, choose options, follow steps.

    Never the "keep my answers" opt-in: this is the user who did not ask for anything to be kept.
    Returns how many controls were used.
    """
    used = 0
    fields = page.locator(f"{WIDGETS} textarea, {WIDGETS} input[type=text], {WIDGETS} input:not([type])").all()
    for field_ in [field_ for field_ in fields if field_.is_visible() and field_.is_enabled()][:4]:
        field_.fill(CANARY)
        used += 1
    boxes = page.locator(f'{WIDGETS} input[type=checkbox]:not([data-action="keep"])').all()
    for box in [box for box in boxes if box.is_visible() and box.is_enabled()][:6]:
        box.check()
        used += 1
    for radio in page.locator(f"{WIDGETS} input[type=radio]").all()[:2]:
        if radio.is_visible() and radio.is_enabled():
            radio.check()
            used += 1
    step_links = [link for link in page.locator(f'{WIDGETS} a[href^="#"]').all() if link.is_visible()]
    if step_links:
        step_links[0].click()
        used += 1
    return used


def exit_button_on_top(page: Any) -> bool:
    """The quick exit is visible and nothing (a loading widget, an overlay) covers its centre."""
    return bool(page.evaluate(
        """() => { const el = document.querySelector(".pw-exit__button");
                   if (!el) return false;
                   const r = el.getBoundingClientRect();
                   if (r.width === 0 || r.height === 0 || r.top < 0 || r.bottom > innerHeight) return false;
                   const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                   return !!hit && (hit === el || el.contains(hit)); }"""))


class _OpenVisit:
    """One page being visited; its context is reused afterwards, so it cleans up what the page stored."""

    def __init__(self, context: Any, origin: str, path: str) -> None:
        self.record = Visit(path)
        self.context = context
        self.page = context.new_page()
        self.phase = self.record.requests
        context.on("request", self._on_request)  # the context also sees its workers' requests
        # WebSockets are not requests to Playwright: record them too (none may ever be opened).
        self.page.on("websocket", lambda ws: self.phase.append(SeenRequest(ws.url, "GET", "websocket", None)))
        self.page.on("console", lambda msg: self.record.console_errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda error: self.record.page_errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.record.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(origin + path, wait_until="commit")

    def _on_request(self, request: Any) -> None:
        self.phase.append(SeenRequest(request.url, request.method, request.resource_type, request.post_data))

    def use(self, use_widgets: bool, audits: bool, settle: bool = True) -> None:
        """Load, start and use the widgets, then (for audits) set axe going.

        Without ``settle`` the page is audited as it is before Python (a walker step page is the same
        markup Python gives, so one of its family stands in for the start-up of all).
        """
        page, record = self.page, self.record
        try:
            page.wait_for_load_state("load")
            record.exit_on_top_while_loading = exit_button_on_top(page)  # widgets may still be starting
            record.widgets = settle_widgets(page) if settle else []
            record.widget_text = [" ".join(text.split()) for text in page.locator(WIDGETS).all_inner_texts()]
            page.wait_for_load_state("networkidle")
            record.exit_button_on_top = exit_button_on_top(page)
            if use_widgets and record.widgets:
                self.phase = record.after_ready
                record.controls_used = exercise_widgets(page)
                page.wait_for_load_state("networkidle")
            if audits:
                start_axe(page)
        except BaseException:
            self.close()
            raise

    def finish(self, audits: bool) -> Visit:
        """Collect axe's findings, measure reflow, and record what the page logged and left behind."""
        page, record = self.page, self.record
        try:
            if audits:
                record.axe_violations = axe_results(page)
                for width in REFLOW_WIDTHS:
                    page.set_viewport_size({"width": width, "height": 640})
                    record.reflow[width] = page.evaluate(REFLOW_PROBE)
            record.csp_violations = list(page.evaluate("window.__pwCspViolations || []"))
            record.pwned = page.evaluate("window.__pwned === undefined ? null : window.__pwned")
            record.csp_meta = page.locator('meta[http-equiv="Content-Security-Policy"]').evaluate_all(
                "(metas) => metas.map((m) => m.content)")
            record.stored = page.evaluate(STORAGE_PROBE)
            record.cookies = [cookie["name"] for cookie in self.context.cookies()]
            page.evaluate(FORGET)  # so nothing this page left is blamed on the next one in this context
            self.context.clear_cookies()
        finally:
            self.close()
        return record

    def close(self) -> None:
        self.context.remove_listener("request", self._on_request)
        self.page.close()


FORGET = """
async () => {
  localStorage.clear(); sessionStorage.clear();
  for (const db of (indexedDB.databases ? await indexedDB.databases() : [])) indexedDB.deleteDatabase(db.name);
  for (const key of (self.caches ? await caches.keys() : [])) await caches.delete(key);
  for (const r of (navigator.serviceWorker ? await navigator.serviceWorker.getRegistrations() : [])) await r.unregister();
}
"""


def visit_all(browser: Any, origin: str, paths: list[str], *, use_widgets: bool = True, audits: bool = False,
              at_once: int = 4, before_python: frozenset[str] = frozenset(), **context_options: Any) -> list[Visit]:
    """Visit ``paths`` a few at a time (their loads and network-idle waits overlap) and return them in order.

    ``audits`` adds axe and the reflow measurements to each visit (the site crawl wants them);
    pages in ``before_python`` are audited without waiting for their widgets to start.
    """
    contexts = [new_context(browser, origin, **context_options) for _ in range(min(at_once, len(paths)))]
    visits: list[Visit] = []
    try:
        for start in range(0, len(paths), at_once):
            batch = [_OpenVisit(context, origin, path) for context, path in zip(contexts, paths[start:start + at_once], strict=False)]
            for open_visit in batch:
                open_visit.use(use_widgets, audits, settle=open_visit.record.path not in before_python)
            visits += [open_visit.finish(audits) for open_visit in batch]
    finally:
        for context in contexts:
            context.close()
    return visits


def widget_pages_first(root: Path, paths: list[str]) -> list[str]:
    """Pages holding a widget first, so their slow Python start-ups overlap in one batch."""
    def has_widget(path: str) -> bool:
        file = static_file(root, path)
        return file is not None and "data-widget=" in file.read_text(encoding="utf-8", errors="replace")
    return sorted(paths, key=lambda path: not has_widget(path))


@dataclass
class Crawl:
    """Every page of one built site, each visited once in a fresh browser context."""

    origin: str
    root: Path
    visits: list[Visit]

    @property
    def requests(self) -> list[SeenRequest]:
        return [request for v in self.visits for request in v.requests + v.after_ready]

    def summary(self) -> str:
        widget_pages = sum(1 for v in self.visits if v.widgets)
        return (f"{len(self.visits)} pages crawled ({widget_pages} with widgets), {len(self.requests)} requests seen, "
                f"{sum(1 for r in self.requests if not same_origin(r.url, self.origin))} to another origin")


_CRAWLS: dict[str, Crawl] = {}


def walker_step_pages(root: Path, paths: list[str]) -> frozenset[str]:
    """The walker's step pages (``tools/what-happens-next/<step>/``, and the embed's), all but one of each family.

    Each is built with the markup Python gives (tests/browser/test_walker.py proves nothing moves when it
    starts), so the crawl audits them before Python and lets one question page per family start it and
    be used.
    """
    steps = sorted(path for path in paths
                   if re.fullmatch(r"(embed/)?(tools/)?what-happens-next/[^/]+/", path))

    def asks(path: str) -> bool:
        file = static_file(root, path)
        return file is not None and 'type="radio"' in file.read_text(encoding="utf-8", errors="replace")

    sample: dict[str, str] = {}
    for path in sorted(steps, key=lambda path: not asks(path)):
        sample.setdefault(path.rsplit("/", 2)[0], path)
    return frozenset(steps) - set(sample.values())


def crawl_site(browser: Any, origin: str, root: Path) -> Crawl:
    """Visit every built page once per test session; the crawl, CSP and quick-exit tests all read the result."""
    if origin not in _CRAWLS:
        paths = widget_pages_first(root, built_pages(root))
        visits = visit_all(browser, origin, paths, audits=True, viewport={"width": 1280, "height": 900},
                           before_python=walker_step_pages(root, paths))
        _CRAWLS[origin] = Crawl(origin, root, sorted(visits, key=lambda v: v.path))
    return _CRAWLS[origin]


# Every request for another host goes to a proxy address where nothing listens, so it fails without
# leaving the machine; the site itself (on 127.0.0.1) bypasses it.  Unlike request interception this
# keeps the HTTP cache on, so the crawl stays quick.
DEAD_PROXY = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"}


def new_context(browser: Any, origin: str, **options: Any) -> Any:
    """A browser context that records CSP violations and cannot reach any other origin."""
    assert origin.startswith("http://127.0.0.1:"), "the dead proxy lets only 127.0.0.1 through"
    context = browser.new_context(proxy=DEAD_PROXY, **options)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    return context


def wait_until(page: Any, expression: str, timeout_ms: int = 30_000) -> None:
    """Wait until a JavaScript expression about the page's state is true.

    The page polls it itself, on each animation frame, so the test waits exactly as long as the state
    takes and never sleeps.  The page's Content-Security-Policy (which forbids eval) does not get in
    the way: Playwright compiles the predicate once through the debugging protocol.
    """
    page.wait_for_function(f"() => !!({expression})", timeout=timeout_ms)


def same_origin(url: str, origin: str) -> bool:
    return url.startswith(origin) or url.startswith(("data:", "blob:"))
