"""Where everything is: the one module that decides every path.

Pathway is an engine that builds *projects*.  A project is a folder with a
content folder (``pathway_data/``) and an engine configuration
(``mkdocs.yml``), or with a small project file, ``pathway.toml``, that names
them.  This repository's root is simply the first project.

Two kinds of paths, never mixed:

- **The project's**: content, hand-written pages (``docs/``), its own theme
  overrides (``overrides/``), the work folder (``.pathway/``), its load cache,
  the output (``site/``), JSON Schemas, and ``node_modules/`` (where ``npm ci``
  puts Pyodide).  Found from the current folder upwards, or from
  ``--project DIR``; never from where the engine is installed.
- **The engine's**: what every site needs and a project need not provide:
  the theme overrides, the site's own JavaScript and CSS (quick exit, theme
  globals, session mode, question bank, embeds, the widget bridge and
  worker), templates and the widgets package.  In a wheel they are package
  data (``generator/engine_overrides``, ``generator/engine_assets``); in a
  checkout they are the repository's own ``overrides/`` and ``docs/assets/``
  (the wheel is built from them, see ``pyproject.toml``).  A project's own
  file wins over the engine's of the same name, file by file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent
PROJECT_FILE = "pathway.toml"
CONFIG_FILE = "mkdocs.yml"
CONTENT_DIR = "pathway_data"
# The project file's keys: each names a folder or file relative to the project file.
_KEYS = ("content", "docs", "overrides", "config", "work", "output", "node_modules")


class ProjectError(Exception):
    """No project where one was looked for, or a project file that cannot be used: one clear line."""


@dataclass(frozen=True)
class Engine:
    """The engine's own files (what a project does not provide comes from here)."""

    overrides: Path  # Material theme overrides: templates and partials
    assets: Path  # the site's own JS and CSS, served under assets/
    templates: Path  # the generator's Jinja templates
    widgets: Path  # the pure-Python widgets package, zipped into the site
    skeleton: Path  # what `pathway new` writes

    def asset_files(self) -> Iterator[tuple[str, Path]]:
        """``(path under assets/, file)`` for every engine asset."""
        yield from _files_under(self.assets)


def _files_under(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path.relative_to(root).as_posix(), path


def engine() -> Engine:
    """The engine's files: package data in a wheel, the repository's own folders in a checkout."""
    import widgets

    packaged_overrides, packaged_assets = GENERATOR / "engine_overrides", GENERATOR / "engine_assets"
    if packaged_overrides.is_dir() and packaged_assets.is_dir():
        overrides, assets = packaged_overrides, packaged_assets
    else:  # a checkout (an editable install or the tests): the wheel is made from these very folders
        source = GENERATOR.parent
        overrides, assets = source / "overrides", source / "docs" / "assets"
    return Engine(overrides=overrides, assets=assets, templates=GENERATOR / "templates",
                  widgets=Path(widgets.__file__).resolve().parent, skeleton=GENERATOR / "skeleton")


@dataclass(frozen=True)
class Project:
    """One project's paths, all absolute.  Stages receive this (or the paths in it), never work them out."""

    root: Path
    content: Path
    docs: Path
    overrides: Path
    config: Path
    work: Path
    output: Path
    node_modules: Path
    engine: Engine = field(default_factory=engine, compare=False)

    @property
    def cache(self) -> Path:
        """The load cache (``PATHWAY_CACHE`` may move it or turn it off: generator.load_cache)."""
        return self.work / "cache"

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    @property
    def assets(self) -> Path:
        return self.docs / "assets"

    def with_paths(self, content: Path | None = None, work: Path | None = None,
                   output: Path | None = None) -> Project:
        """The same project with folders given on the command line (``--data``, ``--work``, ``--out``)."""
        return Project(self.root, content or self.content, self.docs, self.overrides, self.config,
                       work or self.work, output or self.output, self.node_modules, self.engine)

    # -- what the site is made of: the project's file wins over the engine's, file by file --
    def asset_files(self) -> dict[str, Path]:
        """``assets/…`` → file: the engine's assets with the project's ``docs/assets/`` on top."""
        files = {f"assets/{rel}": path for rel, path in self.engine.asset_files()}
        files.update({f"assets/{rel}": path for rel, path in _files_under(self.assets)})
        return files

    def asset(self, rel: str) -> Path:
        """One site file under ``assets/`` (the project's copy if it has one)."""
        own = self.assets / rel
        return own if own.is_file() else self.engine.assets / rel

    def theme_layers(self) -> list[Path]:
        """The theme override folders, lowest first: the engine's, then the project's own (if any, and not the same)."""
        layers = [self.engine.overrides]
        if self.overrides.is_dir() and self.overrides.resolve() != self.engine.overrides.resolve():
            layers.append(self.overrides)
        return layers


def is_project(folder: Path) -> bool:
    return (folder / PROJECT_FILE).is_file() or ((folder / CONTENT_DIR).is_dir() and (folder / CONFIG_FILE).is_file())


def at(root: Path) -> Project:
    """The project rooted at ``root``: its project file's folders, or the conventional ones."""
    root = root.resolve()
    names = {"content": CONTENT_DIR, "docs": "docs", "overrides": "overrides", "config": CONFIG_FILE,
             "work": ".pathway", "output": "site", "node_modules": "node_modules"}
    project_file = root / PROJECT_FILE
    if project_file.is_file():
        try:
            table = tomllib.loads(project_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ProjectError(f"{project_file}: cannot be read as TOML: {exc}") from None
        paths = table.get("paths", {})
        unknown = sorted(set(table) - {"paths"}) + sorted(f"paths.{k}" for k in set(paths) - set(_KEYS))
        if unknown:
            raise ProjectError(f"{project_file}: unknown key(s) {', '.join(unknown)}; the [paths] table takes "
                               f"{', '.join(_KEYS)}")
        for key, value in paths.items():
            if not isinstance(value, str) or not value:
                raise ProjectError(f"{project_file}: paths.{key} must be a folder or file name, as a string")
            names[key] = value
    return Project(**{key: (root / value).resolve() for key, value in names.items()}, root=root)


def find(explicit: Path | None = None, start: Path | None = None, content: Path | None = None) -> Project:
    """The project a command works on.

    ``--project DIR`` if given (it must be a project); else the nearest project folder at or above the
    current folder; else, when only a content folder was given (``--data``), the nearest project at or
    above that folder, or failing that a project of just that content (it can be checked; building it
    needs the pages and configuration ``pathway new`` writes).
    """
    if explicit is not None:
        explicit = explicit.resolve()
        if not is_project(explicit):
            raise ProjectError(f"{explicit} is not a Pathway project: it has no {PROJECT_FILE}, nor "
                               f"{CONTENT_DIR}/ with {CONFIG_FILE} (`pathway new {explicit}` makes one)")
        return at(explicit)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_project(folder):
            return at(folder)
    if content is not None:
        content = content.resolve()
        for folder in content.parents:
            if is_project(folder):
                return at(folder)
        return at(content.parent).with_paths(content=content)
    raise ProjectError(f"no Pathway project in {here} or above it: a project has a {PROJECT_FILE}, or "
                       f"{CONTENT_DIR}/ with {CONFIG_FILE}; run the command in one, give --project DIR, "
                       f"or make one with `pathway new DIR`")


def pyodide_dir(project: Project | None, runtime: Path | None = None) -> Path:
    """Where Pyodide's files are: ``--runtime DIR``, else ``PATHWAY_PYODIDE``, else the project's node_modules.

    See docs/decisions/0012-pyodide-location.md.
    """
    if runtime is not None:
        return runtime.resolve()
    named = os.environ.get("PATHWAY_PYODIDE")
    if named:
        return Path(named).resolve()
    root = project.node_modules if project is not None else Path.cwd() / "node_modules"
    return root / "pyodide"
