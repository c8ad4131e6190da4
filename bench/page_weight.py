"""Page weight: compressed bytes a browser actually transfers for the site's key pages.

Measured with Playwright driving Debian's Chromium against a local server that
gzips text, JSON, SVG and WebAssembly (level 6, as a typical production host
would) and counts every byte it sends.  Two moments: the ``load`` event (the
page's own Resource Timing), and the network going idle a few seconds later
(the server's count, which includes anything started lazily, such as the
search index or the Pyodide runtime on widget pages, and requests made by Web
Workers, which Playwright reports without sizes).

A guide page is compared with a plain Material for MkDocs page holding the same
Markdown (same Markdown extensions; default Material theme, ``font: false`` as
ours, nothing else).  The search index is measured for the real content and for
the synthetic corpora, to give its growth per 100 guides.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import sys
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from .corpus import ensure_corpus
from .results import table, write_section
from .timing import BENCH_DIR, MKDOCS, PATHWAY, PROJECT, display, header, run

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PAGES = {
    "home": "",
    "guide": "guides/making-a-referral/",
    "case study": "cases/iopc-39-case-1/",
    "referral checklist": "tools/referral-checklist/",
    "what happens next (walker)": "tools/what-happens-next/",
}
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map", ".wasm", ".md"}
IDLE_SECONDS = 5
SIZES = (10, 100, 1000)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static host that gzips compressible files for clients that accept it (compressed once, cached)."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript", ".json": "application/json",
    }
    cache: dict[Path, bytes] = {}

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or path.suffix not in COMPRESSIBLE or not accepts:
            return super().send_head()
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)

    # Count every byte written to the client (headers and body), per request: the server's
    # own account of what was transferred, which includes requests made by Web Workers.
    def setup(self) -> None:
        super().setup()
        self.wfile = _Counting(self.wfile)  # type: ignore[assignment]

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "content-type":
            self._content_type = value
        super().send_header(keyword, value)

    def handle_one_request(self) -> None:
        self._content_type = ""
        before = self.wfile.count  # type: ignore[attr-defined]
        super().handle_one_request()
        if getattr(self, "path", None):
            self.server.sent.append((self.path, self.wfile.count - before, self._content_type))  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Counting:
    def __init__(self, raw: Any) -> None:
        self.raw, self.count = raw, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.raw.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(root)))
    httpd.sent = []  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def kind_of(url: str, content_type: str) -> str:
    path = url.split("?")[0].split("#")[0]
    if "/pyodide/" in path or path.endswith((".wasm", "widgets.zip", "python_stdlib.zip")):
        return "Pyodide runtime"
    if "search_index" in path or "/search/" in path and path.endswith(".json"):
        return "search index"
    if path.endswith(".css") or "css" in content_type:
        return "CSS"
    if path.endswith((".js", ".mjs")) or "javascript" in content_type:
        return "JavaScript"
    if path.endswith((".woff", ".woff2", ".ttf")) or "font" in content_type:
        return "fonts"
    if path.endswith(".json") or "json" in content_type:
        return "data (JSON)"
    if "html" in content_type or path.endswith("/"):
        return "HTML"
    return "images and other"


def visit(browser: Any, server: Any, url: str) -> dict[str, Any]:
    """Bytes sent for one page visit in a fresh context: by the load event, and in all once idle."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    server.sent.clear()
    page.goto(url, wait_until="load")
    # What had arrived by the load event, from the page's own Resource Timing (transferSize: headers +
    # encoded body); Playwright's events can arrive after goto() returns, so they cannot tell.
    at_load = page.evaluate("""() => {
        const nav = performance.getEntriesByType("navigation")[0];
        const done = performance.getEntriesByType("resource").filter(r => r.responseEnd <= nav.loadEventStart);
        return [1 + done.length, nav.transferSize + done.reduce((sum, r) => sum + r.transferSize, 0)];
    }""")
    try:
        page.wait_for_load_state("networkidle", timeout=60_000)
    except Exception:  # noqa: BLE001 - a page that never goes idle is still measured
        pass
    page.wait_for_timeout(IDLE_SECONDS * 1000)
    context.close()
    sent = list(server.sent)
    by_kind: dict[str, int] = defaultdict(int)
    for path, size, content_type in sent:
        by_kind[kind_of(path, content_type)] += size
    return {"load_bytes": at_load[1], "load_requests": at_load[0],
            "idle_bytes": sum(size for _, size, _ in sent), "idle_requests": len(sent), "by_kind": dict(by_kind),
            "urls": [path for path, _, _ in sent]}


def plain_material_site(base: Path, guide_markdown: Path) -> Path:
    """A default Material site holding the guide's Markdown: the weight of the theme alone."""
    project = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    docs = base / "docs"
    (docs / "guides").mkdir(parents=True)
    shutil.copy(guide_markdown, docs / "guides" / "making-a-referral.md")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    config = {
        "site_name": project["site_name"],
        "theme": {"name": "material", "font": False, "language": "en"},
        "plugins": ["search"],
        "markdown_extensions": project["markdown_extensions"],
        "use_directory_urls": True,
    }
    (base / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    run([*MKDOCS, "build", "--quiet", "--config-file", str(base / "mkdocs.yml"), "--site-dir", str(base / "site")])
    return base / "site"


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def search_index_sizes(sizes: tuple[int, ...]) -> list[dict[str, Any]]:
    """Search index of each synthetic corpus (built here unless the build benchmark left its site)."""
    rows = []
    for size in sizes:
        site = BENCH_DIR / f"build-{size}" / "site"
        if not (site / "search" / "search_index.json").is_file():
            data = ensure_corpus(size)
            run([*PATHWAY, "build", "--preview", "--data", str(data), "--out", str(site), "--work", str(site.parent / "work")])
        index = site / "search" / "search_index.json"
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]

        def part(prefix: str, docs: list[dict[str, Any]] = docs) -> int:
            chosen = [d for d in docs if d["location"].startswith(prefix)]
            return len(gzip.compress(json.dumps(chosen, ensure_ascii=False).encode(), 6, mtime=0))

        rows.append({"size": size, "raw": index.stat().st_size, "gzip": gz(index), "entries": len(docs),
                     "guides_gzip": part("guides/bench-guide"), "cases_gzip": part("cases/bench-")})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="synthetic corpora for the search index growth")
    args = parser.parse_args(argv)
    base = BENCH_DIR / "weight"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    print("page weight: building the real site and a plain Material page ...", file=sys.stderr, flush=True)
    build = run([*PATHWAY, "build", "--preview", "--out", str(base / "site"), "--work", str(base / "work")])
    plain = plain_material_site(base / "plain", base / "work" / "docs" / "guides" / "making-a-referral.md")

    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, Any]] = {}
    real, real_url = serve(base / "site")
    plain_server, plain_url = serve(plain)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for name, path in PAGES.items():
                results[name] = visit(browser, real, real_url + path)
            results["plain Material page, same guide text"] = visit(browser, plain_server,
                                                                    plain_url + "guides/making-a-referral/")
            browser.close()
    finally:
        for server in (real, plain_server):
            server.shutdown()
            server.server_close()

    lines = ["## Page weight", ""] + header("the page-weight benchmark")
    lines += [
        "Bytes a fresh Chromium context (Playwright) receives from a local server that gzips text, JSON, SVG and",
        "WebAssembly at level 6. *At load*: the page's own Resource Timing (`transferSize`: headers + encoded body)",
        "of what finished by the `load` event; *idle*: every byte the server sent (headers + body, Web Workers'",
        f"requests included) until the network is idle plus {IDLE_SECONDS} s (lazy work included).",
        "Real content, built with the project's configuration. KB = 1,000 bytes.",
        "",
    ]
    kinds = sorted({k for r in results.values() for k in r["by_kind"]})
    rows = []
    for name, r in results.items():
        rows.append([name, f"{r['load_requests']} / {r['load_bytes'] / 1000:.1f} KB",
                     f"{r['idle_requests']} / {r['idle_bytes'] / 1000:.1f} KB",
                     *[f"{r['by_kind'].get(k, 0) / 1000:.1f}" for k in kinds]])
    lines.append(table(["page", "at load (requests / bytes)", "idle (requests / bytes)", *[f"{k} KB" for k in kinds]],
                       rows))
    guide, plain_page = results["guide"], results["plain Material page, same guide text"]

    def own(r: dict[str, Any]) -> int:  # the page without the site-wide search index
        return int(r["idle_bytes"]) - int(r["by_kind"].get("search index", 0))

    lines += [
        "",
        f"Guide page ÷ plain Material page with the same text, everything a visit transfers: "
        f"**{guide['idle_bytes'] / plain_page['idle_bytes']:.2f}×** ({guide['idle_bytes'] / 1000:.0f} KB against "
        f"{plain_page['idle_bytes'] / 1000:.0f} KB); without the search index, which Material fetches on every first "
        f"visit and whose size is the whole site's text, not the page's: **{own(guide) / own(plain_page):.2f}×** "
        f"({own(guide) / 1000:.0f} KB against {own(plain_page) / 1000:.0f} KB). Target ≤ 1.2×. (Whether the index "
        "arrives before the `load` event varies from visit to visit, so *at load* figures that include it are not "
        "comparable.)",
        "",
    ]
    index = base / "site" / "search" / "search_index.json"
    real_docs = len(json.loads(index.read_text(encoding="utf-8"))["docs"])
    lines.append(f"Search index of the real content: {index.stat().st_size / 1000:.0f} KB raw, "
                 f"**{gz(index) / 1000:.0f} KB gzipped** ({real_docs} entries; target < 100 KB compressed).")
    print("page weight: search index of the synthetic corpora ...", file=sys.stderr, flush=True)
    growth = search_index_sizes(tuple(int(s) for s in args.sizes.split(",")))
    lines += ["", table(["guides + cases", "entries", "raw", "gzipped", "of which synthetic guides", "of which synthetic cases"],
                        [[f"{g['size']} + {g['size']}", str(g["entries"]), f"{g['raw'] / 1e6:.2f} MB",
                          f"{g['gzip'] / 1e6:.2f} MB", f"{g['guides_gzip'] / 1e6:.2f} MB",
                          f"{g['cases_gzip'] / 1e6:.2f} MB"] for g in growth])]
    if len(growth) >= 2:
        first, last = growth[0], growth[-1]
        per_100 = (last["gzip"] - first["gzip"]) / ((last["size"] - first["size"]) / 100)
        per_100_guides = (last["guides_gzip"] - first["guides_gzip"]) / ((last["size"] - first["size"]) / 100)
        lines += ["", f"Growth of the gzipped search index: **{per_100 / 1000:.0f} KB per 100 guides + 100 case "
                      f"studies**, of which about {per_100_guides / 1000:.0f} KB is the guides (gzipped separately)."]
    lines += ["", "Commands:", "", f"- `{build.shown}`",
              "- plain Material page: `mkdocs build` of a default Material config (`font: false`, search, the project's "
              "Markdown extensions) holding `guides/making-a-referral.md` as generated",
              f"- all of it: `.venv/bin/python -m bench.page_weight` ({display([*PATHWAY, 'build'])} per corpus for the growth)"]
    text = "\n".join(lines)
    write_section("page_weight", text)
    print(text)
    (base / "visits.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
