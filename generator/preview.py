"""The preview's error panel: while content is broken, ``pathway serve`` says so on every page.

An author looking at the preview must not think a broken edit is live.  When the content
has errors, ``pathway serve`` keeps the last good generated pages and writes the errors to
``<work>/preview/problems.json``; MkDocs' dev server watches that folder, rebuilds, and a
serve-only hook (``generator/preview_hook.py``) puts a panel at the top of every page with
each error's file:line:col, code, message and hint.  The live reload then shows it, and
shows the page without it once the content is fixed.  An engine failure (a link MkDocs
cannot resolve) is caught the same way, located to the content file the page came from.

Nothing here runs in ``pathway build``: the hook, the non-strict engine setting and the
panel's script and stylesheet exist only in the serve config (``<work>/serve.yml``).  The
panel needs no inline script or style (its files are served from ``/_pathway_preview/``),
reads in order without JavaScript, and with it can be dismissed from the keyboard.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import yaml

from . import csp
from .diagnostics import Diagnostic, Report, Severity
from .load import Site
from .urls import page_path
from .yaml_source import SAFE_DUMPER, SAFE_LOADER

PROJECT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).parent / "templates" / "preview"
ASSET_FOLDER = "_pathway_preview"  # in the served site only; no generated page can be called this
HOOK = Path(__file__).parent / "preview_hook.py"
PANEL_ID = "pathway-preview-title"


def supported(engine: str | None) -> bool:
    """Whether the engine runs the panel's hook: MkDocs does; Zensical runs no MkDocs hooks."""
    from . import engines

    return engines.engine(engine).name == "mkdocs"


def state_dir(work: Path) -> Path:
    return work / "preview"


def state_file(work: Path) -> Path:
    return state_dir(work) / "problems.json"


def problem(diagnostic: Diagnostic, note: str = "") -> dict[str, Any]:
    """One diagnostic as the panel shows it."""
    return {
        "location": diagnostic.location(), "code": diagnostic.code, "severity": diagnostic.severity.value,
        "message": diagnostic.message, "hint": diagnostic.hint, "note": note,
    }


def problems_of(report: Report) -> list[dict[str, Any]]:
    """The errors of a failed check, each with the note saying what it holds back."""
    held = report.held_back()
    return [problem(item, Report.note(held[index]) if index in held else "")
            for index, item in enumerate(report.items) if item.severity is Severity.ERROR]


def page_sources(site: Site, project: Path = PROJECT) -> dict[str, str]:
    """Which file each page is made from (docs-relative page → file as authors name it), to locate engine errors."""
    root = site.root.parent
    sources: dict[str, str] = {}
    kinds = {"guides": "guide", "cases": "case", "learning": "learning"}
    for (folder, item_id), rel in site.files.items():
        if folder in kinds:
            sources[page_path(kinds[folder], item_id)] = rel.as_posix()
            if folder == "cases":
                sources[f"embed/cases/{item_id}.md"] = rel.as_posix()
    named = {"pathway/index.md": "pathway.yml", "about/sources.md": "sources.yml",
             "about/content-status.md": "planned.yml", "glossary.md": "glossary.yml"}
    for page, name in named.items():
        if (site.root / name).exists():
            sources[page] = (Path(site.root.name) / name).as_posix()
    docs = project / "docs"
    if docs.is_dir():
        for path in docs.rglob("*.md"):
            rel = path.relative_to(docs).as_posix()
            sources.setdefault(rel, _relative(path, root))
    return sources


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def write_state(work: Path, problems: list[dict[str, Any]], sources: dict[str, str] | None = None,
                root: Path | None = None) -> None:
    """Tell the serve hook what is wrong now (an empty list: nothing); MkDocs' watcher picks it up.

    ``sources`` (from ``page_sources``) and ``root`` (what its paths are relative to) locate engine
    errors; None keeps those of the last good generation.
    """
    from .build import write_if_changed

    before = read_state(work)
    state: dict[str, Any] = {
        "problems": problems,
        "sources": before.get("sources", {}) if sources is None else sources,
        "root": before.get("root", "") if root is None else str(root),
    }
    write_if_changed(state_file(work), json.dumps(state, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


def read_state(work: Path) -> dict[str, Any]:
    try:
        state = json.loads(state_file(work).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def write_serve_config(work: Path) -> Path | None:
    """The serve-only engine config: the generated one plus the panel hook, not strict, watching the state.

    Not strict, so a link MkDocs cannot resolve still builds and is shown in the panel (``pathway build``
    stays strict).  None when nothing was ever generated into ``work``.
    """
    from .build import write_if_changed

    generated = work / "mkdocs.yml"
    if not generated.exists():
        return None
    config = yaml.load(generated.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    config["strict"] = False
    config["hooks"] = [str(HOOK)]
    config["watch"] = [str(state_dir(work))]
    csp.configure(config, live_reload=True)  # the dev server's inline live-reload script must run
    state_dir(work).mkdir(parents=True, exist_ok=True)
    if not state_file(work).exists():
        write_state(work, [], {})
    path = work / "serve.yml"
    write_if_changed(path, yaml.dump(config, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True))
    return path


# ---------------------------------------------------------------- engine failures

_LINK_WARNING = re.compile(r"Doc file '(?P<page>[^']+)' contains (?:a link|an absolute link|a link to) '(?P<target>[^']+)'")
_PAGE_WARNING = re.compile(r"Doc file '(?P<page>[^']+)'")


def engine_problem(message: str, sources: dict[str, str], root: Path) -> dict[str, Any]:
    """A MkDocs warning as a located problem: the content file its page is made from, and the line
    holding the link when that file contains it (hand-written pages do; generated ones hold a reference)."""
    found = _LINK_WARNING.search(message) or _PAGE_WARNING.search(message)
    location = "mkdocs"
    if found:
        page = found.group("page")
        source = sources.get(page, f"(generated page {page})")
        line, col = 1, 1
        target = found.groupdict().get("target")
        if target and source in sources.values():
            try:
                lines = (root / source).read_text(encoding="utf-8").splitlines()
            except OSError:
                lines = []
            for number, text in enumerate(lines, 1):
                if target in text:
                    line, col = number, text.index(target) + 1
                    break
        location = f"{source}:{line}:{col}"
    return {"location": location, "code": "engine", "severity": "error", "message": message,
            "hint": "the site engine (MkDocs) could not build this as written; fix the link or the page it names",
            "note": ""}


# ---------------------------------------------------------------- the panel

def _text(value: str) -> str:
    """Text inside the panel's HTML: messages quote the author's own text, which may hold markup."""
    return html.escape(value, quote=True)


def panel(problems: list[dict[str, Any]]) -> str:
    count = len(problems)
    title = (f"The content has {count} error{'s' if count != 1 else ''}: "
             "this page is the last version that built")
    items = []
    for entry in problems:
        parts = [f'<p class="pathway-preview__problem"><code>{_text(str(entry.get("location", "")))}</code> '
                 f'<strong>{_text(str(entry.get("severity", "error")))}[{_text(str(entry.get("code", "")))}]</strong>: '
                 f'{_text(str(entry.get("message", "")))}</p>']
        if entry.get("hint"):
            parts.append(f'<p class="pathway-preview__hint">Hint: {_text(str(entry["hint"]))}</p>')
        if entry.get("note"):
            parts.append(f'<p class="pathway-preview__note">Note: {_text(str(entry["note"]))}</p>')
        items.append(f"<li>{''.join(parts)}</li>")
    return (
        f'<section class="pathway-preview" aria-labelledby="{PANEL_ID}" data-pathway-preview>'
        f'<div role="alert"><h2 id="{PANEL_ID}" class="pathway-preview__title">{_text(title)}</h2></div>'
        '<p>Fix the file and save: this page reloads by itself. Only the preview (<code>pathway serve</code>) '
        'shows this panel; a site built with <code>pathway build</code> never does.</p>'
        f'<ol class="pathway-preview__list">{"".join(items)}</ol>'
        '<button type="button" class="pathway-preview__dismiss" data-pathway-preview-dismiss hidden>'
        'Hide these errors (Esc)</button>'
        "</section>"
    )


_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def inject(page_html: str, problems: list[dict[str, Any]], base: str) -> str:
    """The page with the panel first in its body, and the panel's own stylesheet and script."""
    if not problems:
        return page_html
    body = _BODY.search(page_html)
    head_end = page_html.find("</head>")
    if body is None or head_end < 0 or head_end > body.start():
        return page_html
    assets = (f'<link rel="stylesheet" href="{_text(base)}{ASSET_FOLDER}/preview.css">'
              f'<script src="{_text(base)}{ASSET_FOLDER}/preview.js" defer></script>')
    return (page_html[:head_end] + assets + page_html[head_end:body.end()] + panel(problems)
            + page_html[body.end():])


def copy_assets(site_dir: Path) -> None:
    target = Path(site_dir) / ASSET_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for path in ASSETS.iterdir():
        if path.is_file():
            (target / path.name).write_bytes(path.read_bytes())
