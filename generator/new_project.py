"""``pathway new DIR``: a minimal working project to start from.

It writes one guide, one checklist, a small pathway, a locality profile, the
hand-written home, about, privacy, accessibility and staying-safe pages,
``mkdocs.yml``, ``pathway.toml``, ``package.json`` (Pyodide, for ``npm
install``) and ``.gitignore``: enough for ``pathway check --strict`` to pass and
``pathway build`` to make a site whose quick exit and widgets work.

The content is a template and says so on every item: it quotes and cites a
sample source (``provenance/sample-source.txt``) that it also writes, whose
text says it is not safeguarding guidance.  Nothing in it is invented
guidance presented as real.  The files come from ``generator/skeleton/``
(package data), copied as they are.
"""

from __future__ import annotations

from pathlib import Path

from .project import engine

# Files that cannot carry their real name inside the package (a dot-file would be left out or ignored).
_RENAMED = {"gitignore": ".gitignore"}


class NewProjectError(Exception):
    """The folder cannot take a new project: one clear line."""


def skeleton_files() -> dict[str, Path]:
    """Project-relative name → the engine's file for it."""
    root = engine().skeleton
    files: dict[str, Path] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            rel = path.relative_to(root).as_posix()
            files[_RENAMED.get(rel, rel)] = path
    return files


def write_project(target: Path) -> list[Path]:
    """Write the sample project into ``target`` (new, or an empty folder); return the files written."""
    target = target.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NewProjectError(f"{target} already exists and is not an empty folder; name a new one")
    files = skeleton_files()
    if not files:
        raise NewProjectError(f"the engine's project template {engine().skeleton} is missing: reinstall pathway")
    written = []
    for rel, source in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source.read_bytes())
        written.append(path)
    return written
