"""``pathway serve``: build, serve on 127.0.0.1:8000, regenerate when content changes.

MkDocs' own dev server does the serving and live reload over the generated
docs folder.  We watch the content folder (and docs/, templates) and
regenerate; because generated files are rewritten only when their text
changed, an edit to one guide rewrites one Markdown file.  MkDocs' dev server
then rebuilds the whole site (MkDocs 1.6 rebuilds everything on any change
unless run with ``--dirty``), so an edit shows after our regeneration plus
MkDocs' full build; bench/RESULTS.md measures both.
When an edit breaks the content, the errors are printed, the last good
pages keep being served, and (with MkDocs) every page shows them in a panel
at the top until the content is fixed (``generator.preview``); MkDocs' own
failures (a link it cannot resolve) appear in the same panel.
SIGTERM, SIGINT (Ctrl+C) and SIGHUP stop MkDocs' server cleanly and exit 0,
and however serve ends, MkDocs' server ends with it (child_process.py).
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from . import engines, preview
from .build import BuildFailed, generate, load_and_check
from .child_process import run_until_stopped
from .load_cache import LoadCache
from .project import Project, find
from .safe_text import MarkdownRules

# How often the content is looked at: a tenth of a second, or twenty times as long as one look took,
# so a large content folder costs at most about 5% of a core while nothing changes.
POLL_SECONDS = 0.1
POLL_COST_FACTOR = 20


def _snapshot(paths: list[Path]) -> dict[Path, float]:
    state: dict[Path, float] = {}
    for root in paths:
        if root.is_file():
            state[root] = root.stat().st_mtime
            continue
        for path in root.rglob("*"):
            if path.is_file():
                try:
                    state[path] = path.stat().st_mtime
                except OSError:
                    continue
    return state


def regenerate(data: Path, work: Path, site_url: str, locality: Path | None = None,
               cache: bool = True, engine: str | None = None, project: Project | None = None,
               runtime: Path | None = None) -> list[str] | None:
    """Regenerate the docs folder; return the changed files, or None when content is broken.

    Either way the preview's state says what is wrong now, so every served page shows it
    (MkDocs only: Zensical runs no hooks, so with it the errors are in the terminal alone).
    """
    project = project or find(content=data)
    try:
        site = load_and_check(data, locality=locality, cache=LoadCache.default(work) if cache else None,
                              docs=project.docs, markdown=MarkdownRules.of(project.config))
        # live_reload: the CSP lets the engine's inline live-reload script run
        changed = generate(site, work, project, site_url=site_url, live_reload=True, engine=engine,
                           runtime=runtime).changed
    except BuildFailed as failure:
        if failure.report is not None:
            print(failure.report.format(), file=sys.stderr)
            preview.write_state(work, preview.problems_of(failure.report))
        print(f"content has errors ({failure}); still serving the last good pages", file=sys.stderr)
        return None
    if preview.supported(engine):
        preview.write_serve_config(work)
    preview.write_state(work, [], preview.page_sources(site), site.root.parent)
    return changed


def serve(data: Path, host: str = "127.0.0.1", port: int = 8000, work: Path | None = None,
          locality: Path | None = None, cache: bool = True, engine: str | None = None,
          project: Project | None = None, runtime: Path | None = None) -> int:
    project = project or find(content=data)
    work = work or project.work
    site_url = f"http://{host}:{port}/"
    config = work / ("serve.yml" if preview.supported(engine) else "mkdocs.yml")  # serve.yml: with the error panel
    try:
        command = engines.serve_command(config, host, port, engine)  # the engine's dev server
    except engines.EngineFailed as failure:
        print(f"error[engine]: {failure}", file=sys.stderr)
        return 1
    if regenerate(data, work, site_url, locality, cache, engine, project, runtime) is None and (
            not preview.supported(engine) or preview.write_serve_config(work) is None):
        return 1  # broken content and no earlier pages to show beneath the errors
    watched = [data, project.docs, project.engine.templates, project.config, project.overrides]
    if locality is not None:  # a profile given with --locality may live outside the content folder
        watched.append(locality)
    stop = threading.Event()

    def watch() -> None:
        before = _snapshot(watched)
        interval = POLL_SECONDS
        while not stop.wait(interval):
            looked = time.perf_counter()
            now = _snapshot(watched)
            interval = max(POLL_SECONDS, (time.perf_counter() - looked) * POLL_COST_FACTOR)
            if now != before:
                before = now
                started = time.perf_counter()
                changed = regenerate(data, work, site_url, locality, cache, engine, project, runtime)
                if changed:
                    elapsed = (time.perf_counter() - started) * 1000
                    print(f"regenerated {len(changed)} file(s) in {elapsed:.0f} ms: {', '.join(changed[:5])}")

    watcher = threading.Thread(target=watch, name="pathway-watch", daemon=True)
    watcher.start()
    print(f"serving on {site_url} (Ctrl+C to stop)")
    try:
        return run_until_stopped(command)
    finally:
        stop.set()
