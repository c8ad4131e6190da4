"""Widget start-up: how long until Python has taken over, against a bare Pyodide boot, and what it costs.

In one run, on a locally served build of the real content, with Debian's
Chromium driven by Playwright:

- navigation → first paint and → ``data-ready="python"`` for the referral
  checklist and the walker, cold (a new browser profile: empty HTTP cache) and
  warm (the same profile, second visit), against the *floor*: a bare page whose
  module worker only boots Pyodide from the same files (ratio = ours ÷ floor);
- main-thread long tasks (``longtask``) and long animation frames with their
  scripts (``long-animation-frame``) from navigation until a second after
  ready, with the share of script time in the widgets' own files;
- compressed bytes the server sent for the checklist page and for a guide page
  (the server gzips like a production host and counts every byte, including
  the worker's requests), and the Pyodide bytes a page without a widget pulls
  (must be zero).

The server behaves like a static host: gzip, ``Cache-Control: max-age=600`` and
the security headers of ``generator.csp`` (so the worker runs under the
recommended Content-Security-Policy).  A persistent profile is used because
Chromium's in-memory cache (Playwright's default, like a private window)
cannot hold the 9.6 MB ``pyodide.asm.wasm``, so "warm" would not be warm.

Each measurement is repeated (``--repeat``, default 5) in the same run, in
rounds that visit every page in turn, and the median is reported; nothing here
is a test and nothing is asserted.
Run: ``.venv/bin/python -m bench.widget_boot``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import statistics
import subprocess
import tempfile
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

from .page_weight import CHROMIUM, CHROMIUM_FLAGS, GzipHandler, kind_of
from .results import table, write_section
from .timing import BENCH_DIR, PATHWAY, display, header, run

PAGES = {
    "referral checklist": "tools/referral-checklist/",
    "what happens next (walker)": "tools/what-happens-next/",
    "floor: bare Pyodide boot": "bench-floor/",
}
GUIDE = "guides/making-a-referral/"
AFTER_READY_MS = 1000
BOOT_TIMEOUT_MS = 180_000

# The floor: a page whose only work is to boot Pyodide in a module worker, from the site's own copy.
FLOOR_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pyodide boot floor</title></head>
<body><p>A bare page that only boots Pyodide in a module worker.</p>
<script type="module" src="floor.js"></script></body></html>
"""
FLOOR_JS = """const worker = new Worker(new URL("floor-worker.js", import.meta.url), { type: "module" });
worker.onmessage = () => { document.body.dataset.ready = "python"; };
"""
FLOOR_WORKER = """const base = new URL("../assets/pyodide/", import.meta.url).href;
const { loadPyodide } = await import(base + "pyodide.mjs");
const pyodide = await loadPyodide({ indexURL: base });
pyodide.runPython("1 + 1");
self.postMessage("ready");
"""

# Installed in every page before its own scripts: when did Python take over, and what blocked the main thread.
PROBE = """
window.__bench = { ready: null, longtasks: [], frames: [] };
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) __bench.longtasks.push([e.startTime, e.duration]); })
    .observe({ type: "longtask", buffered: true });
} catch (e) {}
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) __bench.frames.push({
      start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
      scripts: e.scripts.map((s) => [s.sourceURL, s.duration]) }); })
    .observe({ type: "long-animation-frame", buffered: true });
} catch (e) {}
new MutationObserver(() => {
  if (__bench.ready === null && document.querySelector('[data-ready="python"]')) __bench.ready = performance.now();
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
"""


class HostHandler(GzipHandler):
    """bench.page_weight's counting gzip server, plus caching and security headers like a real host."""

    def end_headers(self) -> None:
        from generator.csp import EXTRA_HEADERS, header_policy

        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Content-Security-Policy", header_policy(embed=self.path.startswith("/embed/")))
        for name, value in EXTRA_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(HostHandler, directory=str(root)))
    httpd.sent = []  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def build_site(work: Path) -> tuple[Path, str]:
    site = work / "site"
    command = [*PATHWAY, "build", "--out", str(site), "--work", str(work / "work")]
    run(command)
    floor = site / "bench-floor"
    floor.mkdir(exist_ok=True)
    (floor / "index.html").write_text(FLOOR_HTML, encoding="utf-8")
    (floor / "floor.js").write_text(FLOOR_JS, encoding="utf-8")
    (floor / "floor-worker.js").write_text(FLOOR_WORKER, encoding="utf-8")
    return site, display(command)


def visit(context: Any, url: str) -> dict[str, Any]:
    """One navigation: first paint, ready, long tasks and long frames up to a second after ready."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__bench && window.__bench.ready !== null", timeout=BOOT_TIMEOUT_MS, polling=50)
        page.wait_for_timeout(AFTER_READY_MS)
        found = page.evaluate("""() => ({
            ready: __bench.ready,
            paint: (performance.getEntriesByName("first-paint")[0] || {}).startTime ?? null,
            fcp: (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime ?? null,
            longtasks: __bench.longtasks, frames: __bench.frames })""")
    finally:
        page.close()
    until = found["ready"] + AFTER_READY_MS
    tasks = [d for start, d in found["longtasks"] if start <= until]
    # The most script time any one long frame spent in the widgets' own files.
    widget_script = max((sum(d for source, d in frame["scripts"] if "/assets/widgets/" in source)
                         for frame in found["frames"] if frame["start"] <= until), default=0.0)
    return {"ready": found["ready"], "paint": found["paint"] or found["fcp"], "tasks": tasks,
            "widget_script": widget_script}


def measure(playwright: Any, base: str, path: str) -> dict[str, dict[str, Any]]:
    """One cold visit (a fresh profile: empty HTTP cache) then one warm visit (the same profile again)."""
    with tempfile.TemporaryDirectory(prefix="widget-boot-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_FLAGS, viewport={"width": 1280, "height": 900})
        context.add_init_script(PROBE)
        try:
            return {"cold": visit(context, base + path), "warm": visit(context, base + path)}
        finally:
            context.close()


def page_bytes(playwright: Any, server: Any, base: str, path: str, widget: bool) -> dict[str, Any]:
    """Compressed bytes the server sent for one cold visit (until ready, or until idle for a plain page)."""
    with tempfile.TemporaryDirectory(prefix="widget-boot-bytes-") as profile:
        context = playwright.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context.add_init_script(PROBE)
        try:
            page = context.new_page()
            server.sent.clear()
            page.goto(base + path, wait_until="load")
            if widget:
                page.wait_for_function("() => window.__bench.ready !== null", timeout=BOOT_TIMEOUT_MS)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(3000)
        finally:
            context.close()
    by_kind: dict[str, int] = defaultdict(int)
    for sent_path, size, content_type in server.sent:
        by_kind[kind_of(sent_path, content_type)] += size
    return {"total": sum(size for _, size, _ in server.sent), "requests": len(server.sent), "by_kind": dict(by_kind)}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def kb(value: int) -> str:
    return f"{value / 1000:,.0f} KB" if value >= 1000 else f"{value} B"


def chromium_version() -> str:
    done = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "Chromium (version unknown)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.widget_boot", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="visits per page and state (median reported)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from generator.runtime import pyodide_version

    work = BENCH_DIR / "widget-boot"
    work.mkdir(parents=True, exist_ok=True)
    lines = header("the widget boot benchmark")
    site, build_command = build_site(work)
    server, base = serve(site)
    results: dict[str, dict[str, list[dict[str, Any]]]] = {}
    try:
        with sync_playwright() as playwright:
            # Rounds over every page in turn, so a change in the machine's load falls on all of them alike.
            results = {name: {"cold": [], "warm": []} for name in PAGES}
            for round_number in range(args.repeat):
                for name, path in PAGES.items():
                    print(f"round {round_number + 1}: {name}", flush=True)
                    for state, found in measure(playwright, base, path).items():
                        results[name][state].append(found)
            checklist_bytes = page_bytes(playwright, server, base, PAGES["referral checklist"], widget=True)
            guide_bytes = page_bytes(playwright, server, base, GUIDE, widget=False)
    finally:
        server.shutdown()
        server.server_close()

    floor = results["floor: bare Pyodide boot"]
    rows = []
    for name, found in results.items():
        for state in ("cold", "warm"):
            visits = found[state]
            ready = median([v["ready"] for v in visits])
            floor_ready = median([v["ready"] for v in floor[state]])
            tasks = [t for v in visits for t in v["tasks"]]
            rows.append([
                name, state, ms(median([v["paint"] for v in visits if v["paint"] is not None])), f"**{ms(ready)}**",
                f"**{ready / floor_ready:.2f}×**" if "floor" not in name else "1.00×",
                f"{len(tasks) / len(visits):.1f}", ms(max(tasks)) if tasks else "none",
                ms(max(v["widget_script"] for v in visits)),
            ])
    lines += [
        f"Chromium: {chromium_version()}; Pyodide {pyodide_version()} (npm package, self-hosted). "
        f"Median of {args.repeat} visits per row, all in this one run.",
        "",
        "Navigation → first paint and → `data-ready=\"python\"` (Python has taken over the widget). *Cold*: a new "
        "browser profile; *warm*: the same profile's second visit. The floor is a bare page whose module worker only "
        "boots Pyodide from the same files. Target: ready within 1.2× the floor.",
        "",
        table(["page", "cache", "first paint", "ready", "ready ÷ floor", "long tasks per visit (> 50 ms)",
               "longest task", "widget script in one long frame (worst visit)"], rows),
        "",
        "Long tasks are every main-thread task over 50 ms from navigation until a second after ready, whatever "
        "caused it (Material's own start-up, style and layout included). *Widget script in one long frame* is the "
        "most time the Long Animation Frames API attributed, within any single frame over 50 ms, to scripts under "
        "`/assets/widgets/` (the bridge; the worker's Python never runs on the main thread), worst of the visits. Target: no main-thread task over 50 ms "
        "caused by the widget.",
        "",
        "Compressed bytes sent by the server for one cold visit (gzip level 6; the checklist until ready, the guide "
        "until the network is idle; both include the site-wide search index Material loads after the page):",
        "",
        table(["page", "requests", "total", "Pyodide runtime", "JavaScript", "data (JSON)", "HTML", "CSS"], [
            [label, str(found["requests"]), f"**{kb(found['total'])}**", kb(found["by_kind"].get("Pyodide runtime", 0)),
             kb(found["by_kind"].get("JavaScript", 0)), kb(found["by_kind"].get("data (JSON)", 0)),
             kb(found["by_kind"].get("HTML", 0)), kb(found["by_kind"].get("CSS", 0))]
            for label, found in (("referral checklist", checklist_bytes), (f"guide ({GUIDE})", guide_bytes))
        ]),
        "",
        f"Pyodide bytes on the page without a widget: **{kb(guide_bytes['by_kind'].get('Pyodide runtime', 0))}** "
        "(target: zero).",
        "",
        "Commands:",
        "",
        f"- site: `{build_command}` (plus the floor page, written by the benchmark into `bench-floor/`)",
        "- all of it: `.venv/bin/python -m bench.widget_boot` (`--repeat N` for more visits per row)",
    ]
    write_section("widget_boot", "## Widget start-up: the checklist and the walker against a bare Pyodide boot\n\n"
                  + "\n".join(lines))
    (work / "raw.json").write_text(json.dumps({"results": results, "checklist_bytes": checklist_bytes,
                                               "guide_bytes": guide_bytes}, indent=1), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
