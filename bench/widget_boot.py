"""Widget start-up on a school's and a phone's connection: bytes sent and time until Python has taken over.

In one run, with Debian's Chromium driven by Playwright, two builds of the real
content are measured side by side, visit after visit in turns:

- **this build**, served the way ``hosting/`` tells a host to (``generator.hosting``:
  the precompressed ``.br``/``.gz`` files, a year's ``immutable`` cache for the
  versioned runtime, five minutes for pages);
- **today**: the site as built by ``--baseline`` (a commit before issue 16:
  Pyodide's whole standard library and lock file, Python started when the
  browser is idle), served like a host set up from that commit's ``hosting/``
  (which said nothing about compression or caching): gzip level 6 on the fly,
  Last-Modified and no Cache-Control (so a second visit revalidates once the
  browser's heuristic freshness, a tenth of the files' age, has passed: the
  warm figures for today depend on how long ago the site was built).

Each is measured on the checklist and walker pages and on the *floor* (a bare
page whose module worker only boots Pyodide from the same build's files),
cold (a new browser profile) and warm (its second visit), under Chromium's
network emulation (``Network.emulateNetworkConditions``): *school*
10 Mbit/s and 40 ms, *mobile* 1.6 Mbit/s and 150 ms.  Reported: bytes the
server sent until ready (its own count, Web Worker requests included), time
from navigation to ``data-ready="python"``, the ratios to today's page and to
the floor, and on warm visits the number of requests for the runtime (a 304
counts).  Then, unthrottled network and a 4× CPU slowdown
(``Emulation.setCPUThrottlingRate``): main-thread long tasks on the checklist
page and which scripts ran in them (Long Animation Frames); and the
``/pathway/`` page's layout shift on the school connection at 390 and 1280 px.

Nothing here is a test and nothing is asserted.  The machine is shared: run it
once (``--repeat 1``, the default) and read it as one run's figures.
Run: ``.venv/bin/python -m bench.widget_boot``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from .page_weight import CHROMIUM, CHROMIUM_FLAGS, GzipHandler, _Counting
from .results import table, write_section
from .timing import BENCH_DIR, PATHWAY, PROJECT, PYTHON, display, header, run

PAGES = {
    "referral checklist": "tools/referral-checklist/",
    "walker": "tools/what-happens-next/",
    "floor: bare Pyodide boot": "bench-floor/",
}
PROFILES = {  # name: (download bytes/s, upload bytes/s, latency ms)
    "school": (10_000_000 / 8, 10_000_000 / 8, 40),
    "mobile": (1_600_000 / 8, 750_000 / 8, 150),
}
BASELINE = "cd3c4d2"  # main before issue 16
AFTER_READY_MS = 500
BOOT_TIMEOUT_MS = 300_000
RUNTIME_PREFIXES = ("/assets/pyodide/", "/assets/widgets/")

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

PROBE = """
window.__bench = { ready: null, frames: [], tasks: [], cls: 0 };
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) __bench.tasks.push([e.startTime, e.duration]); })
    .observe({ type: "longtask", buffered: true });
} catch (e) {}
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) __bench.frames.push({
      start: e.startTime, duration: e.duration,
      scripts: e.scripts.map((s) => [s.sourceURL, s.duration]) }); })
    .observe({ type: "long-animation-frame", buffered: true });
} catch (e) {}
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) __bench.cls += e.value; })
    .observe({ type: "layout-shift", buffered: true });
} catch (e) {}
new MutationObserver(() => {
  if (__bench.ready === null && document.querySelector('[data-ready="python"]')) __bench.ready = performance.now();
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
"""


# --- the two hosts ------------------------------------------------------------------------------------------

def _counted(base: type) -> type:
    """A handler class that records (path, bytes written, status) for every request, as bench.page_weight does."""

    class Counted(base):  # type: ignore[misc, valid-type]
        def setup(self) -> None:
            super().setup()
            if not isinstance(self.wfile, _Counting):  # bench.page_weight's handler counts already
                self.wfile = _Counting(self.wfile)  # type: ignore[assignment]

        def send_response(self, code: int, message: str | None = None) -> None:
            self._status = code
            super().send_response(code, message)

        def end_headers(self) -> None:
            from generator.csp import EXTRA_HEADERS, header_policy

            self.send_header("Content-Security-Policy", header_policy(embed=self.path.startswith("/embed/")))
            for name, value in EXTRA_HEADERS.items():
                self.send_header(name, value)
            super().end_headers()

        def handle_one_request(self) -> None:
            self._status = 0
            self.path = ""  # a keep-alive connection's closing read leaves the previous request's path
            before = self.wfile.count  # type: ignore[attr-defined]
            # The plain request loop, not bench.page_weight's, which would record each request a second time.
            http.server.BaseHTTPRequestHandler.handle_one_request(self)
            if getattr(self, "path", None):
                self.server.sent.append((self.path, self.wfile.count - before, self._status))  # type: ignore[attr-defined]

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Counted


class TodayHandler(GzipHandler):
    """Today's host: gzip on the fly, Last-Modified and 304s like any static server, no Cache-Control at all."""

    protocol_version = "HTTP/1.1"

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "last-modified":
            self._dated = True
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        if not getattr(self, "_dated", False) and path.is_file():
            self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self._dated = False
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.is_file() and "If-Modified-Since" in self.headers:
            self.send_response(304)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return super().send_head()


def serve(root: Path, handler: type) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_counted(handler), directory=str(root)))
    httpd.sent = []  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


# --- the two builds -------------------------------------------------------------------------------------------

def add_floor(site: Path) -> None:
    floor = site / "bench-floor"
    floor.mkdir(exist_ok=True)
    (floor / "index.html").write_text(FLOOR_HTML, encoding="utf-8")
    (floor / "floor.js").write_text(FLOOR_JS, encoding="utf-8")
    (floor / "floor-worker.js").write_text(FLOOR_WORKER, encoding="utf-8")


def build_this(work: Path) -> tuple[Path, str]:
    site = work / "site"
    command = [*PATHWAY, "build", "--preview", "--out", str(site), "--work", str(work / "work")]
    run(command, env={"PATHWAY_PRECOMPRESS": "on"})
    add_floor(site)
    return site, display(command)


def build_baseline(work: Path, ref: str) -> tuple[Path, str]:
    """``git archive REF`` beside the bench, with this checkout's node_modules, built by its own generator."""
    tree = work / f"tree-{ref}"
    if tree.exists():
        shutil.rmtree(tree)
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(PROJECT), "archive", ref], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    (tree / "node_modules").symlink_to(PROJECT / "node_modules")
    site = work / "site"
    command = [PYTHON, "-m", "generator.cli", "build", "--out", str(site), "--work", str(work / "work")]
    run(command, cwd=tree, env={"PYTHONPATH": str(tree), "PATHWAY_PRECOMPRESS": "off"})
    add_floor(site)
    return site, f"`git archive {ref}`, then `{display(command)}` in it"


# --- visits -----------------------------------------------------------------------------------------------------

def emulate(context: Any, page: Any, profile: str | None, cpu: float = 1) -> None:
    cdp = context.new_cdp_session(page)
    if profile:
        down, up, latency = PROFILES[profile]
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency,
                                                       "downloadThroughput": down, "uploadThroughput": up})
    if cpu != 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})


def visit(context: Any, server: Any, url: str, profile: str | None, cpu: float = 1) -> dict[str, Any]:
    page = context.new_page()
    emulate(context, page, profile, cpu)
    server.sent.clear()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__bench && window.__bench.ready !== null", timeout=BOOT_TIMEOUT_MS,
                               polling=100)
        page.wait_for_timeout(AFTER_READY_MS)
        found = page.evaluate("() => ({ ready: __bench.ready, frames: __bench.frames, tasks: __bench.tasks })")
    finally:
        page.close()
    sent = list(server.sent)
    found["bytes"] = sum(size for _, size, _ in sent)
    found["requests"] = len(sent)
    found["runtime_requests"] = sum(1 for path, _, _ in sent if path.startswith(RUNTIME_PREFIXES))
    found["runtime_304"] = sum(1 for path, _, status in sent if path.startswith(RUNTIME_PREFIXES) and status == 304)
    return found


def cold_and_warm(playwright: Any, server: Any, url: str, profile: str) -> dict[str, dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="widget-boot-profile-") as folder:
        context = playwright.chromium.launch_persistent_context(
            folder, executable_path=CHROMIUM, args=CHROMIUM_FLAGS, viewport={"width": 1280, "height": 900})
        context.add_init_script(PROBE)
        try:
            return {"cold": visit(context, server, url, profile), "warm": visit(context, server, url, profile)}
        finally:
            context.close()


def long_tasks(playwright: Any, server: Any, base: str, path: str) -> dict[str, Any]:
    """One cold visit at 4× CPU slowdown, unthrottled network: long tasks and the scripts in long frames."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(PROBE)
        found = visit(context, server, base + path, None, cpu=4)
    finally:
        browser.close()
    until = found["ready"] + AFTER_READY_MS
    own: list[tuple[float, str]] = []
    theme: list[float] = []
    for frame in found["frames"]:
        if frame["start"] > until:
            continue
        mine = [(d, source) for source, d in frame["scripts"]
                if source.startswith(base) and "/assets/javascripts/" not in source]
        top = max(mine, default=(0.0, ""))
        own.append((sum(d for d, _ in mine), top[1].replace(base, "/").split("?")[0]))
        theme.append(sum(d for source, d in frame["scripts"] if "/assets/javascripts/" in source))
    tasks = [d for start, d in found["tasks"] if start <= until]
    worst = max(own, default=(0.0, ""))
    return {"tasks": tasks, "own": worst[0], "own_source": worst[1], "theme": max(theme, default=0.0)}


def layout_shift(playwright: Any, base: str, width: int) -> float:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    try:
        context = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900})
        context.add_init_script(PROBE)
        page = context.new_page()
        emulate(context, page, "school")
        page.goto(base + "pathway/", wait_until="load")
        page.wait_for_timeout(1000)
        return float(page.evaluate("__bench.cls"))
    finally:
        browser.close()


# --- the report ---------------------------------------------------------------------------------------------------

def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def secs(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def mb(value: float) -> str:
    return f"{value / 1_000_000:.2f} MB"


def chromium_version() -> str:
    done = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "Chromium (version unknown)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.widget_boot", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="rounds of visits (median reported); the machine is shared")
    parser.add_argument("--baseline", default=BASELINE, help="the commit that stands for today's site")
    parser.add_argument("--profiles", default="school,mobile", help="network profiles to run, from: school, mobile")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from generator.hosting import PrecompressedHandler
    from generator.runtime import pyodide_version

    profiles = [p for p in args.profiles.split(",") if p in PROFILES]
    work = BENCH_DIR / "widget-boot"
    work.mkdir(parents=True, exist_ok=True)
    lines = header("the widget boot benchmark")
    this_site, this_command = build_this(work / "this")
    today_site, today_command = build_baseline(work / "today", args.baseline)
    hosts = {"this build": serve(this_site, PrecompressedHandler), "today": serve(today_site, TodayHandler)}
    results: dict[str, Any] = {p: {v: {n: {"cold": [], "warm": []} for n in PAGES} for v in hosts} for p in profiles}
    started = time.perf_counter()
    try:
        with sync_playwright() as playwright:
            for round_number in range(args.repeat):
                for profile in profiles:
                    for name, path in PAGES.items():
                        for variant, (server, base) in hosts.items():  # interleaved: load falls on both alike
                            print(f"round {round_number + 1}, {profile}: {variant}, {name}", flush=True)
                            for state, found in cold_and_warm(playwright, server, base + path, profile).items():
                                results[profile][variant][name][state].append(found)
            tasks = {variant: long_tasks(playwright, server_, base_, PAGES["referral checklist"])
                     for variant, (server_, base_) in hosts.items()}
            shifts = {variant: {width: layout_shift(playwright, base_, width) for width in (390, 1280)}
                      for variant, (_server, base_) in hosts.items()}
    finally:
        for server, _base in hosts.values():
            server.shutdown()
            server.server_close()
    elapsed = time.perf_counter() - started

    def stat(profile: str, variant: str, name: str, state: str, key: str) -> float:
        return median([v[key] for v in results[profile][variant][name][state]])

    lines += [
        f"Chromium: {chromium_version()}; Pyodide {pyodide_version()} (npm package, self-hosted). "
        f"{args.repeat} round(s) of visits, every row in this one run ({elapsed / 60:.0f} min); "
        f"*today* is commit `{args.baseline}`.",
        "",
    ]
    for profile in profiles:
        down, _up, latency = PROFILES[profile]
        rows = []
        for name in PAGES:
            for variant in hosts:
                cold_ready = stat(profile, variant, name, "cold", "ready")
                today_ready = stat(profile, "today", name, "cold", "ready")
                floor_ready = stat(profile, variant, "floor: bare Pyodide boot", "cold", "ready")
                warm = results[profile][variant][name]["warm"]
                rows.append([
                    name, variant,
                    f"**{mb(stat(profile, variant, name, 'cold', 'bytes'))}**",
                    f"**{secs(cold_ready)}**",
                    f"**{cold_ready / today_ready:.2f}×**",
                    f"{cold_ready / floor_ready:.2f}×",
                    mb(stat(profile, variant, name, "warm", "bytes")),
                    secs(stat(profile, variant, name, "warm", "ready")),
                    f"{max(v['runtime_requests'] for v in warm)} ({max(v['runtime_304'] for v in warm)} × 304)",
                ])
        lines += [
            f"**{profile.capitalize()}** ({down * 8 / 1e6:g} Mbit/s down, {latency} ms latency):",
            "",
            table(["page", "build", "cold: bytes sent", "cold: ready", "÷ today (same page)", "÷ floor (same build)",
                   "warm: bytes", "warm: ready", "warm: runtime requests"], rows),
            "",
        ]
    lines += [
        "*Bytes sent*: everything the server wrote (headers and bodies, the worker's requests included) from "
        "navigation until half a second after `data-ready=\"python\"`. *Ready*: navigation → `data-ready=\"python\"`. "
        "*Runtime requests* on the warm visit: requests under `/assets/pyodide/` and `/assets/widgets/` (a 304 "
        "counts). Targets (school, cold): bytes ≤ 4.7 MB and ready ≤ 0.7× today's page; warm: no runtime request.",
        "",
        "Main thread at 4× CPU slowdown (`Emulation.setCPUThrottlingRate`, network unthrottled), one cold visit of "
        "the checklist page, until half a second after ready:",
        "",
        table(["build", "long tasks (> 50 ms)", "longest", "the site's own scripts, most in one long frame",
               "Material's bundle, most in one long frame"], [
            [variant, str(len(found["tasks"])), secs(max(found["tasks"], default=0.0)), f"**{secs(found['own'])}**" + (f" (`{found['own_source']}`)" if found["own_source"] else ""),
             secs(found["theme"])] for variant, found in tasks.items()]),
        "",
        "*The site's own scripts*: every script from the site other than Material's bundle (`/assets/javascripts/`): "
        "the bridge, the quick exit, the theme globals. Long tasks with no script are the browser's own style, layout "
        "and paint of the page. Target: none of the site's scripts over 50 ms in a long frame.",
        "",
        "Layout shift (CLS) of `/pathway/` on the school connection, cold: " + "; ".join(
            f"{variant}: {shifts[variant][390]:.3f} at 390 px, {shifts[variant][1280]:.3f} at 1280 px"
            for variant in hosts) + " (target < 0.1).",
        "",
        "Commands:",
        "",
        f"- this build: `{this_command}` (PATHWAY_PRECOMPRESS on), served by `generator.hosting.PrecompressedHandler`",
        f"- today: {today_command}, served with gzip level 6 on the fly and no Cache-Control",
        "- all of it: `.venv/bin/python -m bench.widget_boot` (`--repeat N`, `--profiles school`, `--baseline REF`)",
    ]
    write_section("widget_boot", "## Widget start-up on a school's and a phone's connection\n\n" + "\n".join(lines))
    (work / "raw.json").write_text(json.dumps({"results": results, "tasks": tasks, "shifts": shifts}, indent=1),
                                   encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
